"""The outbox: written in the changing transaction, delivered once each, in gseq order, through a receiver that is
down for the first three attempts (issue 12's acceptance line)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from fazhi.cases.services import case_decline
from fazhi.complaints.services import complaint_register
from fazhi.core import audit
from fazhi.core.audit import audit_record
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from fazhi.core.models import AuditEvent
from fazhi.exchange import conf
from fazhi.exchange.delivery import deliver_pass
from fazhi.exchange.models import MessageStatus, OutboxMessage, Subscriber
from fazhi.exchange.outbox import filters_clear, outbox_write
from fazhi.exchange.services import dead_letter_replay, subscriber_create, subscriber_update
from fazhi.publicity.services import publication_withdraw


def _subscribe(bureau, receiver, events=("publicity.*", "publication.*", "case.*", "complaint.*"), agencies=()):  # type: ignore[no-untyped-def]
    subscriber, secret = subscriber_create(
        actor=bureau.admin,
        name="省行政执法监督平台",
        agency="省司法厅",
        endpoint=receiver.url,
        events=list(events),
        agencies=list(agencies),
    )
    return subscriber, secret


def _events(publish_decision, clerk, head, open_case, desk):  # type: ignore[no-untyped-def]
    """Publish a decision, withdraw it, move a case, register a complaint."""
    publication = publish_decision(published_on=date(2025, 10, 9))
    publication_withdraw(actor=clerk, publication=publication, reason="经行政复议被撤销", changed_on=date(2025, 10, 9))
    case = open_case(act_date=date(2025, 9, 1), discovered_on=date(2025, 9, 1))
    case_decline(actor=head, case=case, reason="不属于本机关管辖")
    complaint_register(
        actor=desk.clerk,
        agency=desk.clerk.agency,
        source="hotline_12345",
        content="城东路夜间烧烤占道经营，油烟扰民。",
        party_name="王小明",
        party_phone="13912345678",
    )


def test_a_subscriber_down_for_three_attempts_receives_every_event_once_in_order(  # noqa: PLR0917
    bureau, receiver, moved_clock, publish_decision, clerk, head, open_case, desk, settings
) -> None:
    settings.FAZHI_EXCHANGE_RETRY_BASE_SECONDS = 30
    subscriber, secret = _subscribe(bureau, receiver)
    receiver.refuse = 3
    _events(publish_decision, clerk, head, open_case, desk)
    messages = list(OutboxMessage.objects.filter(subscriber=subscriber).order_by("gseq"))
    actions = [m.action for m in messages]
    assert "publication.publish" in actions
    assert "publication.withdraw" in actions
    assert "case.decline" in actions
    assert "complaint.register" in actions
    wanted = list(
        AuditEvent.objects.filter(gseq__gt=messages[0].gseq - 1)
        .exclude(entity_type="exchange.subscriber")
        .order_by("gseq")
        .values_list("gseq", flat=True)
    )
    assert [m.gseq for m in messages] == [g for g in wanted if g in {m.gseq for m in messages}]

    for attempt, wait in enumerate((30, 60, 120), start=1):
        result = deliver_pass()
        assert result.delivered == 0 and result.failed == 1
        head_message = OutboxMessage.objects.get(pk=messages[0].pk)
        assert head_message.attempts == attempt
        assert head_message.next_attempt_at == moved_clock.moment + timedelta(seconds=wait)
        assert OutboxMessage.objects.filter(subscriber=subscriber, attempts__gt=0).count() == 1  # the rest wait
        moved_clock.advance(timedelta(seconds=wait - 1))
        assert deliver_pass().as_dict() == {"delivered": 0, "failed": 0, "dead": 0}  # the back-off is not over
        moved_clock.advance(timedelta(seconds=1))

    result = deliver_pass()
    assert result.delivered == len(messages)
    assert deliver_pass().delivered == 0  # nothing is posted twice
    assert receiver.attempts == 3 + len(messages)

    keys = [r.headers["Idempotency-Key"] for r in receiver.accepted]
    assert keys == [f"{subscriber.pk}-{m.gseq}" for m in messages]
    assert len(set(keys)) == len(keys)
    assert [r.payload["gseq"] for r in receiver.accepted] == sorted(r.payload["gseq"] for r in receiver.accepted)
    for received, message in zip(receiver.accepted, messages, strict=True):
        assert receiver.signature_valid(secret, received)
        assert received.headers["X-Fazhi-Event"] == message.action
        assert received.headers["X-Fazhi-Timestamp"].isdigit()
        assert received.payload["action"] == message.action
    assert not receiver.signature_valid("another secret", receiver.accepted[0])
    delivered = OutboxMessage.objects.filter(subscriber=subscriber, status=MessageStatus.DELIVERED)
    assert delivered.count() == len(messages)
    assert all(m.delivered_at is not None and m.last_status == 200 for m in delivered)


def test_the_payload_masks_personal_data(bureau, receiver, desk) -> None:
    subscriber, _ = _subscribe(bureau, receiver, events=("complaint.register",))
    complaint_register(
        actor=desk.clerk,
        agency=desk.clerk.agency,
        source="hotline_12345",
        content="来电人13912345678反映，身份证11010519491231002X，城东路烧烤。",
        party_name="王小明",
        party_phone="13912345678",
    )
    payload = OutboxMessage.objects.get(subscriber=subscriber).payload
    text = str(payload)
    assert "13912345678" not in text
    assert "11010519491231002X" not in text
    assert "王小明" not in text
    assert payload["after"]["party_phone"] == "139****5678"
    assert payload["after"]["party_name"] == "王**"
    assert payload["entity"]["type"] == "complaints.complaint"
    assert set(payload) == {"version", "gseq", "action", "entity", "summary", "after", "state", "actor", "occurred_at"}


def test_a_rolled_back_change_leaves_no_message(bureau, receiver, desk) -> None:
    subscriber, _ = _subscribe(bureau, receiver)
    with pytest.raises(ValidationError), transaction.atomic():
        complaint_register(actor=desk.clerk, agency=desk.clerk.agency, source="hotline_12345", content="占道经营")
        connection = transaction.get_connection()
        if getattr(connection, "audit_deferred", False):  # written at the pre-commit step (fazhi.core.pgbackend)
            assert [p.event.action for p in connection.audit_pending] == ["complaint.register"]
        else:
            assert OutboxMessage.objects.filter(subscriber=subscriber).count() == 1
        raise ValidationError("refused after the write")
    assert not OutboxMessage.objects.filter(subscriber=subscriber).exists()


def test_filters_choose_the_events_and_agencies_a_subscriber_wants(bureau, receiver, desk, settings) -> None:
    complaints_only, _ = _subscribe(bureau, receiver, events=("complaint.*",))
    cases_only, _ = _subscribe(bureau, receiver, events=("case.*",))
    other_agency, _ = _subscribe(bureau, receiver, events=("complaint.*",), agencies=(bureau.township.code,))
    same_agency, _ = _subscribe(bureau, receiver, events=("complaint.*",), agencies=(bureau.bureau.code,))
    off, _ = _subscribe(bureau, receiver, events=("*",))
    subscriber_update(actor=bureau.admin, subscriber=off, active=False)
    complaint_register(actor=desk.clerk, agency=bureau.bureau, source="hotline_12345", content="占道经营")
    assert OutboxMessage.objects.filter(subscriber=complaints_only, action="complaint.register").count() == 1
    assert OutboxMessage.objects.filter(subscriber=same_agency, action="complaint.register").count() == 1
    assert not OutboxMessage.objects.filter(subscriber=cases_only).exists()
    assert not OutboxMessage.objects.filter(subscriber=other_agency).exists()
    assert not OutboxMessage.objects.filter(subscriber=off, action="complaint.register").exists()


def test_after_the_last_attempt_a_message_is_a_dead_letter_and_the_next_proceeds(
    bureau, receiver, moved_clock, desk, settings
) -> None:
    settings.FAZHI_EXCHANGE_MAX_ATTEMPTS = 3
    subscriber, _ = _subscribe(bureau, receiver, events=("complaint.register",))
    receiver.refuse = 3
    for text in ("第一件：占道经营", "第二件：夜间施工噪声"):
        complaint_register(actor=desk.clerk, agency=bureau.bureau, source="hotline_12345", content=text)
    first, second = OutboxMessage.objects.filter(subscriber=subscriber).order_by("gseq")
    deliver_pass()
    moved_clock.advance(conf.retry_delay(1))
    deliver_pass()
    moved_clock.advance(conf.retry_delay(2))
    result = deliver_pass()  # the third failure: dead, and the second message goes in the same pass
    assert result.dead == 1 and result.delivered == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == MessageStatus.DEAD and first.attempts == 3
    assert "503" in first.last_error or "连接" in first.last_error
    assert second.status == MessageStatus.DELIVERED

    dead_letter_replay(actor=bureau.admin, message=first)
    assert AuditEvent.objects.filter(action="exchange.dead_letter_replay").count() == 1
    assert deliver_pass().delivered == 1
    assert deliver_pass().delivered == 0
    keys = [r.headers["Idempotency-Key"] for r in receiver.accepted]
    assert keys == [second.idempotency_key, first.idempotency_key]
    with pytest.raises(RuleViolation):
        dead_letter_replay(actor=bureau.admin, message=first)


def test_a_message_posted_again_after_a_crash_keeps_its_idempotency_key(bureau, receiver, desk, monkeypatch) -> None:
    """The worker dies between the POST and the mark: the next pass posts the same key again (at-least-once)."""
    _subscribe(bureau, receiver, events=("complaint.register",))
    complaint_register(actor=desk.clerk, agency=bureau.bureau, source="hotline_12345", content="占道经营")
    from fazhi.exchange import delivery

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise SystemExit("killed")

    monkeypatch.setattr(delivery, "_mark", crash)
    with pytest.raises(SystemExit):
        deliver_pass()
    monkeypatch.undo()
    assert deliver_pass().delivered == 1
    keys = [r.headers["Idempotency-Key"] for r in receiver.accepted]
    assert len(keys) == 2 and keys[0] == keys[1]


def test_only_an_administrator_manages_subscribers(bureau, receiver, desk) -> None:
    with pytest.raises(PermissionDenied):
        subscriber_create(actor=desk.clerk, name="x", agency="y", endpoint=receiver.url, events=["case.*"], agencies=[])
    assert not Subscriber.objects.exists()


def test_a_subscriber_needs_an_https_endpoint_unless_http_is_allowed(bureau, settings) -> None:
    settings.FAZHI_EXCHANGE_ALLOW_HTTP = False
    with pytest.raises(ValidationError, match="https"):
        subscriber_create(
            actor=bureau.admin, name="x", agency="y", endpoint="http://example.org/", events=["case.*"], agencies=[]
        )
    with pytest.raises(ValidationError, match="事件类型"):
        subscriber_create(
            actor=bureau.admin, name="x", agency="y", endpoint="https://a.example/", events=["DROP;"], agencies=[]
        )
    with pytest.raises(ValidationError, match="机构代码"):
        subscriber_create(
            actor=bureau.admin, name="x", agency="y", endpoint="https://a.example/", events=["*"], agencies=["nope"]
        )
    subscriber, secret = subscriber_create(
        actor=bureau.admin, name="x", agency="y", endpoint="https://a.example/", events=["*"], agencies=[]
    )
    assert len(secret) >= 32 and subscriber.secret == secret
    assert AuditEvent.objects.filter(action="exchange.subscriber_create", entity_id=str(subscriber.pk)).exists()
    assert secret not in str(AuditEvent.objects.get(action="exchange.subscriber_create").after)


def test_with_no_subscriber_an_audit_event_costs_no_extra_query(bureau, open_case, head) -> None:
    """Measured: one case transition (不予立案) takes the same number of queries with the outbox hook as without."""
    first = open_case(act_date=date(2025, 9, 1), discovered_on=date(2025, 9, 1))
    second = open_case(act_date=date(2025, 9, 1), discovered_on=date(2025, 9, 1))
    filters_clear()
    case_decline(actor=head, case=open_case(act_date=date(2025, 9, 1), discovered_on=date(2025, 9, 1)), reason="预热")
    audit.audit_listeners.remove(outbox_write)
    try:
        with CaptureQueriesContext(connection) as without_hook:
            case_decline(actor=head, case=first, reason="不属于本机关管辖")
    finally:
        audit.audit_listeners.append(outbox_write)
    with CaptureQueriesContext(connection) as with_hook:
        case_decline(actor=head, case=second, reason="不属于本机关管辖")
    assert len(with_hook) == len(without_hook)


def test_the_retry_delay_doubles_up_to_its_cap(settings) -> None:
    settings.FAZHI_EXCHANGE_RETRY_BASE_SECONDS = 30
    settings.FAZHI_EXCHANGE_RETRY_CAP_SECONDS = 240
    assert [conf.retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 5, 100)] == [30, 60, 120, 240, 240, 240]
    settings.FAZHI_EXCHANGE_RETRY_CAP_SECONDS = 239
    assert conf.retry_delay(4).total_seconds() == 239


def test_an_event_with_an_entity_of_no_agency_reaches_only_subscribers_without_an_agency_filter(
    bureau, receiver
) -> None:
    everywhere, _ = _subscribe(bureau, receiver, events=("probe.*",))
    scoped, _ = _subscribe(bureau, receiver, events=("probe.*",), agencies=(bureau.bureau.code,))
    with transaction.atomic():
        audit_record(actor=None, entity_type="probe.thing", entity_id="1", action="probe.ping", summary="")
    assert OutboxMessage.objects.filter(subscriber=everywhere).count() == 1
    assert not OutboxMessage.objects.filter(subscriber=scoped).exists()
