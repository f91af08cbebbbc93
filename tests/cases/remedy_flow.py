"""Cases ready for a remedy: a 一般程序 penalty decided and served on 25 March 2025, published; a 当场 decision."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from fazhi.cases import services
from fazhi.cases.models import Case
from tests.cases.flow import FINE, Cast, registered_case, to_notified, travel

SERVED = date(2025, 3, 25)  # payment due 9 April; 3% of 50000 = 1500 元 a day from 10 April
DAILY = FINE * Decimal("0.03")


def served_case(monkeypatch: Any, bureau: Any, cast: Cast, *, publish: bool = True) -> Case:
    case = to_notified(monkeypatch, registered_case(monkeypatch, bureau, cast, is_major=False), cast)
    travel(monkeypatch, SERVED)
    decision = services.case_decide(
        actor=cast.head, case=case, outcome="penalty", reasons="违法事实清楚。", penalty_kinds=["fine"], fine=FINE
    )
    services.decision_serve(
        actor=cast.handler1, case=case, method="direct", served_on=SERVED, recipient="张三", proof="送达回证"
    )
    if publish:
        from fazhi.publicity.models import Publication
        from fazhi.publicity.services import publication_publish

        publication = Publication.objects.get(decision=decision)
        publication_publish(actor=cast.clerk, publication=publication, on=SERVED)
    return Case.objects.get(pk=case.pk)


def simple_case(monkeypatch: Any, bureau: Any, cast: Cast) -> Case:
    """A 当场 fine of 1000 元 on an organisation, decided and handed over on 3 June 2025, not paid."""
    from fazhi.rules import uscc_check_char

    body = "91430281MA4L0001"
    travel(monkeypatch, date(2025, 6, 3))
    services.form_stock_receive(actor=cast.head, agency=bureau.bureau, prefix="示城当", first_no=1, last_no=100)
    return services.simple_case_decide(
        actor=cast.handler1,
        agency=bureau.squad,
        power_item_code="SL-SZ-001",
        party_kind="organization",
        party_name="示范市好味道餐饮有限公司",
        party_id_number=body + "0" + uscc_check_char(body + "0"),
        party_address="示范市解放路8号",
        act_date=date(2025, 6, 3),
        handlers=cast.officers,
        penalty_kinds=["fine"],
        fine=Decimal("1000"),
        facts="当事人擅自占用解放路人行道堆放货物，面积约8平方米。",
        location="示范市解放路8号门前",
        told=True,
        party_response="declined",
    )
