"""Alerts on the agency's own periods in a remedy: the 复议 答复 (行政复议法第四十八条、第五十四条) and the 答辩
of a lawsuit (行政诉讼法第六十七条): silent before, a warning in the last days, serious the day after, resolved
when filed."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.accounts.models import Role
from fazhi.legal_affairs import services as legal
from fazhi.supervision.models import Severity
from tests.supervision.helpers import open_alert, scan


@pytest.fixture
def reviewer(bureau, make_user):  # type: ignore[no-untyped-def]
    return make_user(bureau.bureau, Role.LEGAL_REVIEWER)


def test_a_reconsideration_reply_is_alerted_at_its_boundary(monkeypatch, bureau, reviewer) -> None:
    from tests.cases.flow import travel

    travel(monkeypatch, date(2025, 6, 3))
    item = legal.reconsideration_register(
        actor=reviewer, agency=bureau.bureau, applicant="李四", matter="事项", received_on=date(2025, 6, 3)
    )
    assert item.reply_due == date(2025, 6, 17)
    scan(monkeypatch, date(2025, 6, 13))
    assert open_alert("reconsideration_reply_due", item.pk) is None
    scan(monkeypatch, date(2025, 6, 17))  # the last day: a warning
    alert = open_alert("reconsideration_reply_due", item.pk)
    assert alert is not None and alert.severity == Severity.WARNING
    scan(monkeypatch, date(2025, 6, 18))  # the next day: serious
    alert = open_alert("reconsideration_reply_due", item.pk)
    assert alert is not None and alert.severity == Severity.SERIOUS and "行政复议法第四十八条" in alert.explanation
    legal.reconsideration_reply(actor=reviewer, reconsideration=item, replied_on=date(2025, 6, 18))
    scan(monkeypatch, date(2025, 6, 19))
    assert open_alert("reconsideration_reply_due", item.pk) is None


def test_a_litigation_defence_is_alerted_at_its_boundary(monkeypatch, bureau, reviewer) -> None:
    from tests.cases.flow import travel

    travel(monkeypatch, date(2025, 6, 3))
    suit = legal.litigation_register(
        actor=reviewer,
        agency=bureau.bureau,
        plaintiff="李四",
        cause="案由",
        filed_on=date(2025, 6, 1),
        complaint_received_on=date(2025, 6, 3),
        court="示范市人民法院",
    )
    scan(monkeypatch, date(2025, 6, 18))
    alert = open_alert("litigation_defence_due", suit.pk)
    assert alert is not None and alert.severity == Severity.WARNING
    scan(monkeypatch, date(2025, 6, 19))
    alert = open_alert("litigation_defence_due", suit.pk)
    assert alert is not None and alert.severity == Severity.SERIOUS and "第六十七条" in alert.explanation
