from __future__ import annotations

import logging

from fazhi.core.logging import LineFormatter, MaskPersonalDataFilter


def _format(msg: str, *args: object, fields: dict[str, object] | None = None) -> str:
    record = logging.LogRecord("fazhi.test", logging.INFO, __file__, 1, msg, args, None)
    if fields is not None:
        record.fields = fields
    assert MaskPersonalDataFilter().filter(record)
    return LineFormatter().format(record)


def test_log_line_is_structured_key_value() -> None:
    line = _format("case registered", fields={"case": 12, "user": "u1"})
    assert line.startswith("ts=")
    assert " level=info logger=fazhi.test " in line
    assert 'msg="case registered"' in line
    assert line.endswith("case=12 user=u1")


def test_resident_id_and_phone_never_reach_the_log_unmasked() -> None:
    line = _format(
        "当事人 %s 电话 %s", "11010519491231002X", "13812345678", fields={"party": "身份证11010519491231002X"}
    )
    assert "11010519491231002X" not in line
    assert "13812345678" not in line
    assert "110105********002X" in line  # masked, not dropped
    assert "138****5678" in line
