"""The audit trail's keys (docs/audit.md): the current one signs new events and checkpoints, old ones verify.

Keys come from settings (``FAZHI_AUDIT_KEY_ID``/``FAZHI_AUDIT_KEYS``, read from the environment or a key file
outside the database by config/settings.py). Each event stores the id of the key that signed it, so a rotated key
is kept only to verify the events it signed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from django.conf import settings


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def keyring() -> dict[str, bytes]:
    """Every key id known to this installation, with its key."""
    keys = {str(k): str(v).encode("utf-8") for k, v in (getattr(settings, "FAZHI_AUDIT_KEYS", None) or {}).items()}
    current_id, current = current_key()
    if current:
        keys[current_id] = current
    return keys


def current_key() -> tuple[str, bytes]:
    """The id and key that sign new events; ``("", b"")`` without a key (development and tests only)."""
    key = str(getattr(settings, "FAZHI_AUDIT_KEY", "") or "")
    if not key:
        return "", b""
    return str(getattr(settings, "FAZHI_AUDIT_KEY_ID", "") or "k1"), key.encode("utf-8")


def sign(payload: dict[str, Any], key: bytes) -> str:
    """HMAC-SHA256 of the canonical payload, or plain SHA-256 without a key."""
    if key:
        return hmac.new(key, canonical(payload), hashlib.sha256).hexdigest()
    return hashlib.sha256(canonical(payload)).hexdigest()


def unkeyed_allowed(gseq: int | None) -> bool:
    """Whether an event signed with no key is acceptable: always without keys, otherwise only for events older
    than ``FAZHI_AUDIT_UNKEYED_UNTIL`` (written before the installation got its key)."""
    if not keyring():
        return True
    return gseq is not None and gseq <= int(getattr(settings, "FAZHI_AUDIT_UNKEYED_UNTIL", 0) or 0)
