"""Pre-numbered 当场处罚决定书 reserved to an officer's device in blocks (行政处罚法第五十二条: 预定格式、编有号码),
and the ticket made offline: its reserved number, used once, and the device's date within the sync window."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from fazhi.cases import services
from fazhi.cases.models import Case, FormStock
from fazhi.cases.models.execution import FormBlock
from fazhi.cases.services.simple import FORM_BLOCK_MAX, form_block_reserve
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError
from tests.cases.flow import make_cast, travel

DAY = date(2025, 3, 3)
DEVICE = "a2b9c7de-0000-4000-8000-000000000001"


@pytest.fixture
def cast(bureau, power_list, make_officer, make_user):  # type: ignore[no-untyped-def]
    return make_cast(bureau, make_officer, make_user)


@pytest.fixture
def stock(monkeypatch, bureau, cast) -> FormStock:  # type: ignore[no-untyped-def]
    travel(monkeypatch, DAY)
    return services.form_stock_receive(actor=cast.clerk, agency=bureau.bureau, prefix="示当", first_no=1, last_no=30)


def _ticket(bureau, cast, **kw: Any) -> Case:  # type: ignore[no-untyped-def]
    args: dict[str, Any] = {
        "actor": cast.handler1,
        "agency": bureau.squad,
        "power_item_code": "SL-SR-001",
        "party_kind": "person",
        "party_name": "李四",
        "act_date": DAY,
        "handlers": cast.officers,
        "penalty_kinds": ["fine"],
        "fine": Decimal("100"),
        "facts": "随意倾倒生活垃圾",
        "location": "城东路",
        "told": True,
        "party_response": "declined",
        "device_id": DEVICE,
    }
    return services.simple_case_decide(**{**args, **kw})


def test_a_block_takes_consecutive_numbers_out_of_the_stock_and_never_twice(bureau, cast, stock) -> None:
    first = form_block_reserve(actor=cast.handler1, officer=cast.officers[0], device_id=DEVICE, count=10)
    second = form_block_reserve(actor=cast.clerk, officer=cast.officers[1], device_id="other", count=5)
    assert first.numbers() == [f"示当{n:06d}" for n in range(1, 11)]
    assert second.numbers()[0] == "示当000011" and second.numbers()[-1] == "示当000015"
    stock.refresh_from_db()
    assert stock.next_no == 16
    # the stock's own next number (the online form) continues after the blocks
    case = _ticket(bureau, cast, device_id="")
    assert case.simple_form_number == "示当000016"


def test_a_block_holds_only_its_own_ascii_numbers(bureau, cast, stock) -> None:
    block = form_block_reserve(actor=cast.handler1, officer=cast.officers[0], device_id=DEVICE, count=3)
    assert block.holds("示当000001") and block.holds("示当000003")
    assert not block.holds("示当000004") and not block.holds("示当00001") and not block.holds("外当000001")
    assert not block.holds("示当00000²")  # a Unicode digit: no, and no crash


def test_who_may_reserve_and_how_many(bureau, cast, stock) -> None:
    with pytest.raises(PermissionDenied, match="内勤"):
        form_block_reserve(actor=cast.handler1, officer=cast.officers[1], device_id=DEVICE, count=5)
    with pytest.raises(ValidationError, match="设备标识"):
        form_block_reserve(actor=cast.handler1, officer=cast.officers[0], device_id="  ", count=5)
    with pytest.raises(ValidationError, match="份数"):
        form_block_reserve(actor=cast.handler1, officer=cast.officers[0], device_id=DEVICE, count=0)
    with pytest.raises(ValidationError, match="份数"):
        form_block_reserve(actor=cast.handler1, officer=cast.officers[0], device_id=DEVICE, count=FORM_BLOCK_MAX + 1)
    with pytest.raises(RuleViolation, match="尚余30份"):
        form_block_reserve(actor=cast.handler1, officer=cast.officers[0], device_id=DEVICE, count=31)
    assert FormBlock.objects.count() == 0
    stock.refresh_from_db()
    assert stock.next_no == 1


def test_a_reserved_number_is_used_once_and_only_by_its_device(bureau, cast, stock) -> None:
    block = form_block_reserve(actor=cast.handler1, officer=cast.officers[0], device_id=DEVICE, count=3)
    number = block.numbers()[1]
    case = _ticket(bureau, cast, form_number=number, decided_on=DAY)
    assert case.simple_form_number == number and case.decision.number == number
    stock.refresh_from_db()
    assert stock.next_no == 4  # the ticket took its number from the block, not from the stock

    before = Case.objects.count()
    with pytest.raises(RuleViolation, match="已经使用"):
        _ticket(bureau, cast, form_number=number, party_name="王五")
    with pytest.raises(RuleViolation, match="不是预留给您本设备"):
        _ticket(bureau, cast, form_number=block.numbers()[0], device_id="another-device")
    with pytest.raises(RuleViolation, match="不是预留给您本设备"):
        _ticket(bureau, cast, actor=cast.handler2, form_number=block.numbers()[0])
    with pytest.raises(RuleViolation, match="不是预留给您本设备"):
        _ticket(bureau, cast, form_number="示当000020")  # in the stock, but never reserved
    assert Case.objects.count() == before


def test_the_sync_window_of_a_ticket_made_offline(monkeypatch, bureau, cast, stock, settings) -> None:
    settings.FAZHI_FIELD_SYNC_DAYS = 3
    block = form_block_reserve(actor=cast.handler1, officer=cast.officers[0], device_id=DEVICE, count=5)
    numbers = iter(block.numbers())
    travel(monkeypatch, DAY + timedelta(days=3))
    last_day = _ticket(bureau, cast, form_number=next(numbers), decided_on=DAY, act_date=DAY)
    assert last_day.decision.decided_on == DAY and last_day.registered_on == DAY
    assert last_day.services.get().served_on == DAY

    travel(monkeypatch, DAY + timedelta(days=4))
    before = Case.objects.count()
    with pytest.raises(RuleViolation, match="超过3日的同步期限"):
        _ticket(bureau, cast, form_number=next(numbers), decided_on=DAY, act_date=DAY)
    travel(monkeypatch, DAY)
    with pytest.raises(ValidationError, match="晚于今天"):
        _ticket(bureau, cast, form_number=next(numbers), decided_on=DAY + timedelta(days=1))
    with pytest.raises(RuleViolation, match="一般程序"):
        yesterday = DAY - timedelta(days=1)
        _ticket(bureau, cast, form_number=next(numbers), decided_on=yesterday, act_date=yesterday - timedelta(days=1))
    with pytest.raises(RuleViolation, match="预留给本设备"):
        _ticket(bureau, cast, decided_on=DAY - timedelta(days=1), act_date=DAY - timedelta(days=1))
    assert Case.objects.count() == before


def test_the_window_is_a_setting(monkeypatch, bureau, cast, stock, settings) -> None:
    settings.FAZHI_FIELD_SYNC_DAYS = 1
    block = form_block_reserve(actor=cast.handler1, officer=cast.officers[0], device_id=DEVICE, count=2)
    travel(monkeypatch, DAY + timedelta(days=2))
    with pytest.raises(RuleViolation, match="超过1日"):
        _ticket(bureau, cast, form_number=block.numbers()[0], decided_on=DAY)
