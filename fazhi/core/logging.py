"""Structured single-line logs on stdout, with personal data masked.

Each record becomes ``ts=… level=… logger=… msg="…" key=value``; ``extra={"fields": {...}}`` adds pairs.
A filter masks resident-ID and mobile numbers in every message and field before it is written.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from typing import Any

from fazhi.rules import mask_text


def _quote(value: Any) -> str:
    text = str(value)
    if text and all(c.isalnum() or c in "-_.:/@" for c in text):
        return text
    return json.dumps(text, ensure_ascii=False)


class MaskPersonalDataFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_text(record.getMessage())
        record.args = None
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            record.fields = {k: mask_text(str(v)) for k, v in fields.items()}
        return True


class LineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        ts = datetime.fromtimestamp(record.created, tz=UTC).astimezone().isoformat(timespec="milliseconds")
        parts = [
            f"ts={ts}",
            f"level={record.levelname.lower()}",
            f"logger={record.name}",
            f"msg={_quote(record.getMessage())}",
        ]
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            parts.extend(f"{k}={_quote(v)}" for k, v in fields.items())
        if record.exc_info:
            parts.append(f"exc={_quote(mask_text(self.formatException(record.exc_info)))}")
        return " ".join(parts)
