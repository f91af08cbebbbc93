"""Concurrent transitions on PostgreSQL in real transactions: the audit trail's global sequence stays gap-free and
in commit order (a reader never sees a later number before an earlier one), rollbacks and savepoint rollbacks leave
no number behind, and 立案编号 stay gap-free (docs/scale.md「Transitions」)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections, transaction

from fazhi.cases.models import Case
from fazhi.cases.services import case_register
from fazhi.core.audit import audit_record, audit_verify
from fazhi.core.models import AuditEvent, AuditSequence

pytestmark = pytest.mark.django_db(transaction=True)


class Abort(Exception):
    pass


def test_concurrent_transitions_keep_gseq_gap_free_in_commit_order_and_numbers_gap_free(
    bureau, open_case, head, make_officer
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL (SQLite serialises writers)")
    a, b = make_officer(name="甲"), make_officer(name="乙")
    start = AuditSequence.objects.get(pk=1).value
    workers, rounds = 4, 6
    barrier = threading.Barrier(workers + 1)
    done = threading.Event()
    errors: list[BaseException] = []
    seen: list[list[int]] = []
    aborted_leads: list[str] = []

    def work(w: int) -> None:
        try:
            barrier.wait(timeout=30)
            for r in range(rounds):
                case = open_case(facts=f"w{w}r{r}")
                with transaction.atomic():
                    case_register(actor=head, case=case, handlers=[a, b], on=date(2026, 3, 3))
                    try:  # an event recorded under a savepoint that rolls back leaves nothing
                        with transaction.atomic():
                            audit_record(actor=None, entity=case, action="test.discarded")
                            raise Abort
                    except Abort:
                        pass
                try:  # a whole transition rolled back: its events, its gseq and its numbers are not taken
                    with transaction.atomic():
                        lost = open_case(facts="rolled back")
                        aborted_leads.append(lost.lead_number)
                        raise Abort
                except Abort:
                    pass
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    def read() -> None:
        try:
            barrier.wait(timeout=30)
            while not done.is_set():
                seen.append(list(AuditEvent.objects.filter(gseq__gt=start).values_list("gseq", flat=True)))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
    reader = threading.Thread(target=read)
    for t in [*threads, reader]:
        t.start()
    for t in threads:
        t.join(timeout=300)
    done.set()
    reader.join(timeout=60)
    assert errors == []
    # every snapshot a reader took (the scan cursor's, the outbox's) saw a gap-free prefix: commit order = gseq order
    assert len(seen) > 1
    for visible in seen:
        assert sorted(visible) == list(range(start + 1, start + 1 + len(visible)))
    cases = list(Case.objects.exclude(register_number=""))
    assert len(cases) == workers * rounds
    gseqs = sorted(AuditEvent.objects.filter(gseq__gt=start).values_list("gseq", flat=True))
    assert gseqs == list(range(start + 1, start + 1 + 2 * workers * rounds))  # open + register, nothing discarded
    assert AuditSequence.objects.get(pk=1).value == gseqs[-1]
    assert not AuditEvent.objects.filter(action="test.discarded").exists()
    registered = sorted(int(c.register_number.split("第")[1].rstrip("号")) for c in cases)
    assert registered == list(range(1, workers * rounds + 1))  # 立案编号: no gap, no duplicate
    leads = sorted(int(c.lead_number.split("〕")[1].rstrip("号")) for c in Case.objects.all())
    assert leads == list(range(1, len(leads) + 1))  # a rolled-back lead gave its number back
    assert len(aborted_leads) == workers * rounds
    assert audit_verify().breaks == []
