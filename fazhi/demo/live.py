"""Two years of live cases through the real services, each step at its own date (``clock.frozen_at``).

Leads, investigations, reviews, notices (some with hearings), decisions, payments (some late, some enforced by the
court), 首违不罚, simple-procedure decisions, evidence, documents and publications: one case in each state at a
fitting age, whatever the scale, then the random volume of the scale.
"""

from __future__ import annotations

import random
from contextlib import AbstractContextManager
from datetime import date, timedelta
from decimal import Decimal

from fazhi import rules
from fazhi.accounts.models import User
from fazhi.agencies.models import Agency
from fazhi.cases import deadlines, services
from fazhi.cases.models import Case, Decision
from fazhi.core import clock
from fazhi.demo.cases import DemoPeople, evidence_photo
from fazhi.demo.scale import COMPANIES, SEED, STREETS, SURNAMES, Log, Scale
from fazhi.documents.services import document_generate
from fazhi.publicity.models import Publication, PublicationStatus
from fazhi.publicity.services import publication_publish


def _at(day: date) -> AbstractContextManager[None]:
    return clock.frozen_at(day)


class _Gen:
    def __init__(self, p: DemoPeople, squad: Agency, end: date, rng: random.Random) -> None:
        self.p, self.squad, self.end, self.rng = p, squad, end, rng
        self.seq = 0
        self.receipts = 0
        self.counts: dict[str, int] = {}

    # -- helpers ---------------------------------------------------------------------------------------------
    def party(self) -> tuple[str, str]:
        self.seq += 1
        if self.rng.random() < 0.45:
            brand = self.rng.choice("宏鑫恒瑞华鼎盛泰兴隆") + self.rng.choice("达源安通发信")
            return "organization", f"清源县{brand}{self.rng.choice(COMPANIES)}有限公司第{self.seq}分公司"
        return "person", f"{self.rng.choice(SURNAMES)}某{self.seq}"

    def receipt(self) -> str:
        self.receipts += 1
        return f"DEMO-L-{self.receipts:06d}"

    def count(self, key: str) -> None:
        self.counts[key] = self.counts.get(key, 0) + 1

    # -- one general-procedure case ----------------------------------------------------------------------------
    def case(self, found: date, target: str) -> None:
        p, rng, end = self.p, self.rng, self.end
        kind, name = self.party()
        exempt = target in {"closed", "archived"} and rng.random() < 0.08
        area = (
            rng.randint(1, 4) if exempt else rng.choice([rng.randint(5, 9), rng.randint(10, 49), rng.randint(50, 90)])
        )
        street = rng.choice(STREETS)
        handler = rng.choice([p.handler1, p.handler2])
        with _at(found):
            case = services.case_open(
                actor=handler,
                agency=self.squad,
                source=rng.choice(["patrol", "patrol", "complaint", "digital_city", "assigned"]),
                power_item_code="SL-SZ-001",
                party_kind=kind,
                party_name=name,
                act_date=found - timedelta(days=rng.randint(0, 4)),
                discovered_on=found,
                location=f"清源县{street}",
                facts=f"当事人擅自占用{street}约{area}平方米堆放物料。",
            )
        if target == "lead":
            return self.count("lead")
        day = found + timedelta(days=1)
        with _at(day):
            case = services.case_register(actor=p.head, case=case, handlers=p.officers, on=day)
        if target == "investigating":
            return self.count("investigating")
        major = area >= 50 and rng.random() < 0.5
        if major:
            with _at(day):
                services.case_flags_set(actor=p.head, case=case, is_major=True)
        day += timedelta(days=rng.randint(4, 12))
        evidence_photo(p, case, day)
        fine = self._fine(area, exempt=exempt)
        with _at(day):
            services.investigation_conclude(
                actor=handler,
                case=case,
                facts=f"当事人未经批准擅自占用{street}约{area}平方米堆放建筑材料。",
                evidence_summary="现场检查笔录、询问笔录、现场照片、执法记录仪视频",
                proposed_outcome="exempted" if exempt else "penalty",
                penalty_kinds=[] if exempt else ["fine"],
                fine=fine,
                discretion_facts={"面积": area, "前次违法次数": 0, "危害后果": "轻微", "及时改正": "是"}
                if exempt
                else {"面积": area},
            )
        if target == "reviewing":
            return self.count("reviewing")
        day += timedelta(days=rng.randint(1, 3))
        with _at(day):
            services.case_review_record(actor=p.leader, case=case, opinion="agree", text="事实清楚，证据确凿，同意。")
        if exempt:
            day += timedelta(days=2)
            with _at(day):
                services.case_decide(
                    actor=p.head,
                    case=case,
                    outcome="exempted",
                    reasons="初次违法，危害后果轻微并已及时改正（首违不罚）。",
                )
            self._serve(case, day, name)
            return self._finish(case, day, target)
        day += timedelta(days=rng.randint(1, 3))
        with _at(day):
            notice = services.notice_issue(actor=handler, case=case, method="direct", served_on=day)
        if target == "notified":
            return self.count("notified")
        decide_on = max(day + timedelta(days=rng.randint(12, 20)), notice.representation_until + timedelta(days=1))
        hearing_right = (kind == "person" and fine > Decimal("5000")) or fine >= Decimal("100000")
        if hearing_right and rng.random() < 0.5 and day + timedelta(days=45) < end:
            decide_on = max(decide_on, self._hearing(case, handler, day) + timedelta(days=3))
        if major:
            self._major_review(case, decide_on, fine)
        if decide_on > end:
            return self.count("notified")
        with _at(decide_on):
            decision = services.case_decide(
                actor=p.head,
                case=case,
                outcome="penalty",
                reasons="违反《城市道路管理条例》第二十七条，依照第四十二条处罚。",
                penalty_kinds=["fine"],
                fine=fine,
            )
        self._publish(decision, decide_on)
        if target == "decided":
            return self.count("decided")
        self._serve(case, decide_on, name)
        self._pay(case, decide_on, target)

    def _fine(self, area: int, *, exempt: bool) -> Decimal:
        rng = self.rng
        if exempt:
            return Decimal("0")
        if area < 10:
            return Decimal(rng.randrange(200, 2000, 100))
        if area < 50:
            return Decimal(rng.randrange(2000, 10000, 500))
        return Decimal(rng.randrange(10000, 20000, 1000))

    def _hearing(self, case: Case, handler: User, day: date) -> date:
        """A hearing requested two days after the notice and held; returns the hearing day."""
        p, rng = self.p, self.rng
        with _at(day + timedelta(days=2)):
            hearing = services.hearing_request(actor=handler, case=case, requested_on=day + timedelta(days=2))
        with _at(day + timedelta(days=3)):
            hearing_day = rules.earliest_hearing_date(day + timedelta(days=3)) + timedelta(days=rng.randint(0, 4))
            services.hearing_schedule(
                actor=handler,
                hearing=hearing,
                notice_served_on=day + timedelta(days=3),
                hearing_date=hearing_day,
                host=p.host or p.officers[0],
                location="清源县城市管理和综合执法局听证室",
            )
        with _at(hearing_day):
            services.hearing_record(
                actor=handler, hearing=hearing, held=True, record="当事人到场陈述申辩，执法人员出示证据。"
            )
        self.count("hearing")
        return hearing_day

    def _major_review(self, case: Case, decide_on: date, fine: Decimal) -> None:
        """A major case: legal review two days and the collective discussion one day before the decision."""
        p = self.p
        with _at(decide_on - timedelta(days=2)):
            services.legal_review_record(actor=p.reviewer, case=case, opinion="agree", text="主体适格，程序合法。")
        with _at(decide_on - timedelta(days=1)):
            services.discussion_record(
                actor=p.head,
                case=case,
                participants="周正国、林法明、陈立军",
                record="集体讨论，一致同意。",
                conclusion="agree",
                conclusion_text=f"同意罚款{fine}元。",
            )

    def _serve(self, case: Case, day: date, name: str) -> None:
        with _at(day):
            services.decision_serve(
                actor=self.p.handler1, case=case, method="direct", served_on=day, recipient=name, proof="送达回证"
            )

    def _publish(self, decision: Decision, decided: date) -> None:
        pub = Publication.objects.filter(decision=decision, status=PublicationStatus.PENDING).first()
        if pub is None:
            return
        late = self.rng.random() < 0.06
        on = decided + timedelta(days=self.rng.randint(20, 40) if late else self.rng.randint(1, 4))
        if on > self.end or self.rng.random() < 0.03:
            return  # still pending
        with _at(on):
            publication_publish(actor=self.p.clerk, publication=pub, on=on)
        self.count("published_late" if late else "published")

    def _pay(self, case: Case, served: date, target: str) -> None:
        p, rng, end = self.p, self.rng, self.end
        due = deadlines.payment_due(case) or served + timedelta(days=15)
        if target == "executing":
            remind = due + timedelta(days=10)
            if remind <= end:  # overdue: 催告 served (行政强制法第五十四条), the court window is now running
                with _at(remind):
                    services.reminder_issue(
                        actor=p.handler1,
                        case=case,
                        method="direct",
                        served_on=remind,
                        recipient=case.party.name,
                        proof="送达回证",
                    )
            return self.count("executing")
        if target == "court":
            self._court(case, served, due)
            return None
        late = rng.random() < 0.12
        paid = due + timedelta(days=rng.randint(3, 30)) if late else served + timedelta(days=rng.randint(1, 12))
        paid = min(paid, end)
        with _at(paid):
            status = deadlines.money_status(case, paid)
            services.payment_record(
                actor=p.clerk,
                case=case,
                kind="fine",
                amount=status.fine_outstanding,
                paid_on=paid,
                receipt_number=self.receipt(),
                bank="清源农商银行",
            )
            status = deadlines.money_status(case, paid)
            if status.late_fee_outstanding > 0:
                services.payment_record(
                    actor=p.clerk,
                    case=case,
                    kind="late_fee",
                    amount=status.late_fee_outstanding,
                    paid_on=paid,
                    receipt_number=self.receipt(),
                    bank="清源农商银行",
                )
                self.count("late_payment")
        self._finish(case, paid, target)
        return None

    def _court(self, case: Case, served: date, due: date) -> None:
        p = self.p
        remind = due + timedelta(days=10)
        with _at(remind):
            services.reminder_issue(
                actor=p.handler1,
                case=case,
                method="direct",
                served_on=remind,
                recipient=case.party.name,
                proof="送达回证",
            )
        try:
            start, _ = rules.court_enforcement_window(served, remind)
        except rules.RulesError:  # the window ends in a year whose holidays are not yet known
            return self.count("executing")
        if start > self.end:
            return self.count("executing")
        with _at(start):
            enforcement = services.court_enforcement_apply(actor=p.head, case=case, court="清源县人民法院")
        done = start + timedelta(days=45)
        if done > self.end:
            return self.count("court_pending")
        with _at(done):
            services.court_enforcement_update(
                actor=p.head,
                application=enforcement,
                accepted_on=start + timedelta(days=7),
                ruling="准予强制执行",
                completed_on=done,
            )
        self.count("court_done")
        self._finish(case, done, "archived")
        return None

    def _finish(self, case: Case, day: date, target: str) -> None:
        p = self.p
        close_on = min(day + timedelta(days=self.rng.randint(1, 5)), self.end)
        with _at(close_on):
            case.refresh_from_db()
            if case.state != "executing":
                return self.count(case.state)
            services.case_close(actor=p.head, case=case, summary="当事人已履行，结案。")
        if self.rng.randrange(4) == 0:
            self._documents(case, close_on)
        archive_on = close_on + timedelta(days=self.rng.randint(5, 20))
        if target == "archived" and archive_on <= self.end:
            with _at(archive_on):
                services.case_archive(actor=p.clerk, case=case)
            return self.count("archived")
        return self.count("closed")

    def _documents(self, case: Case, day: date) -> None:
        with _at(day):
            for kind in ("penalty_decision", "closing_report"):
                try:
                    document_generate(actor=self.p.handler1, case=case, kind=kind)
                    self.count("document")
                except Exception:
                    continue

    # -- simple procedure ------------------------------------------------------------------------------------
    def simple(self, day: date) -> None:
        p, rng = self.p, self.rng
        name = f"{rng.choice(SURNAMES)}某{self.seq}"
        self.seq += 1
        fine = Decimal(rng.choice([50, 100, 100, 150, 200]))
        on_spot = fine <= 100 and rng.random() < 0.8  # 当场收缴 only up to 100 元 (第六十八条)
        with _at(day):
            case = services.simple_case_decide(
                actor=p.handler1,
                agency=self.squad,
                power_item_code="SL-SR-001",
                party_kind="person",
                party_name=name,
                act_date=day,
                handlers=p.officers,
                penalty_kinds=["fine"],
                fine=fine,
                facts=f"在{rng.choice(STREETS)}随意倾倒生活垃圾。",
                location=f"清源县{rng.choice(STREETS)}",
                collect_on_spot=on_spot,
                receipt_number=self.receipt() if on_spot else "",
                told=True,
                party_response="declined",
            )
            if on_spot:
                services.simple_case_file(actor=p.handler1, case=case)
        paid = day + timedelta(days=rng.randint(1, 10))
        if not on_spot and paid <= self.end:  # paid at the bank (罚缴分离), then closed
            with _at(paid):
                services.payment_record(
                    actor=p.clerk,
                    case=case,
                    kind="fine",
                    amount=fine,
                    paid_on=paid,
                    receipt_number=self.receipt(),
                    bank="清源农商银行",
                )
                services.case_close(actor=p.head, case=case, summary="当事人已到银行缴纳罚款。")
        self.count("simple")


def _target(rng: random.Random, age: int) -> str:
    """The state a case discovered ``age`` days before the end should have reached."""
    if age < 6:
        return rng.choice(["lead", "investigating"])
    if age < 25:
        return rng.choice(["investigating", "reviewing", "notified"])
    if age < 60:
        return rng.choice(["notified", "decided", "executing", "closed", "closed"])
    if age < 300:
        return rng.choices(["executing", "closed", "archived", "court"], [6, 35, 55, 4])[0]
    return rng.choices(["closed", "archived", "court"], [15, 80, 5])[0]


def load_live_cases(
    *, people: DemoPeople, squad: Agency, bureau: Agency, end: date, scale: Scale, log: Log
) -> dict[str, int]:
    rng = random.Random(SEED)
    gen = _Gen(people, squad, end, rng)
    start = date(end.year - 1, 1, 5)
    span = (end - start).days - 1
    total = scale.live_per_year * 2
    days = sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(total))
    # One case in each state at a fitting age, whatever the scale; then the random volume.
    showcase = {"lead": 2, "investigating": 10, "reviewing": 30, "notified": 35, "decided": 50, "executing": 120}
    showcase |= {"closed": 100, "archived": 200, "court": 420}
    for target, age in showcase.items():
        gen.case(end - timedelta(days=age), target)
    for i, found in enumerate(days, 1):
        gen.case(found, _target(rng, (end - found).days))
        if i % 50 == 0:
            log(f"  案件 {i}/{total}")
    with _at(start):
        services.form_stock_receive(actor=people.clerk, agency=bureau, prefix="清简", first_no=1, last_no=5000)
    for found in sorted(start + timedelta(days=rng.randint(0, span)) for _ in range(scale.simple_per_year * 2)):
        gen.simple(found)
    return gen.counts
