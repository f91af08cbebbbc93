"""One table with every boundary of RULES.md §14 and every numeric rule of fazhi.rules.

Each row evaluates a rule just inside and just outside its number, so a changed constant fails here by name.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from fazhi.rules import (
    age_on,
    cash_handover_deadline,
    court_enforcement_window,
    criminal_transfer_approval_deadline,
    criminal_transfer_due,
    decision_blocked_by_legal_review,
    decision_overdue,
    hearing_notice_in_time,
    hearing_request_in_time,
    hearing_right,
    late_fee,
    lawsuit_deadline,
    legal_review_required,
    limitation_expired,
    minor_treatment,
    on_the_spot_collection_allowed,
    payment_deadline,
    preservation_decision_deadline,
    publication_deadline,
    publication_withdrawal_deadline,
    reconsideration_deadline,
    representation_deadline,
    seizure_end,
    service_late,
    simple_procedure_allowed,
)

D = Decimal
T = datetime(2025, 9, 30, 16, 45, tzinfo=timezone(timedelta(hours=8)))
BIRTH = date(2010, 6, 15)
ACT = date(2023, 5, 10)
DUE = date(2025, 3, 17)

BOUNDARIES: list[tuple[str, Callable[[], object], object]] = [
    # 行政处罚法 第五十一条: 简易程序 caps, 以下 includes the cap.
    ("simple_person_200_allowed", lambda: simple_procedure_allowed("person", D("200")), True),
    ("simple_person_201_refused", lambda: simple_procedure_allowed("person", D("201")), False),
    ("simple_organization_3000_allowed", lambda: simple_procedure_allowed("organization", D("3000")), True),
    ("simple_organization_3001_refused", lambda: simple_procedure_allowed("organization", D("3001")), False),
    (
        "simple_warning_only_allowed",
        lambda: simple_procedure_allowed("person", D(0), warning_only=True),
        True,
    ),
    # 第六十八条: 当场收缴.
    ("collect_100_allowed", lambda: on_the_spot_collection_allowed(D("100")), True),
    ("collect_150_refused", lambda: on_the_spot_collection_allowed(D("150")), False),
    ("collect_150_hard_to_collect_allowed", lambda: on_the_spot_collection_allowed(D("150"), True), True),
    # 第六十四条(一): 听证 request within 5 working days (notified Fri 2025-09-26, across 国庆).
    (
        "hearing_request_working_day_5_in_time",
        lambda: hearing_request_in_time(date(2025, 9, 26), date(2025, 10, 10)),
        True,
    ),
    (
        "hearing_request_working_day_6_rejected",
        lambda: hearing_request_in_time(date(2025, 9, 26), date(2025, 10, 11)),
        False,
    ),
    # 第六十四条(二): notice 7 working days before the hearing.
    (
        "hearing_notice_7_working_days_in_time",
        lambda: hearing_notice_in_time(date(2025, 3, 3), date(2025, 3, 12)),
        True,
    ),
    (
        "hearing_notice_6_working_days_blocked",
        lambda: hearing_notice_in_time(date(2025, 3, 3), date(2025, 3, 11)),
        False,
    ),
    # 第六十条: decide within 90 days of 立案.
    ("decision_day_90_passes", lambda: decision_overdue(date(2025, 3, 3), date(2025, 6, 1)), False),
    ("decision_day_91_alerts", lambda: decision_overdue(date(2025, 3, 3), date(2025, 6, 2)), True),
    # 第六十一条: service within 7 working days, spanning 国庆 2025 (Oct 1-8; make-up Sep 28 and Oct 11).
    ("service_working_day_7_on_time", lambda: service_late(date(2025, 9, 26), date(2025, 10, 13)), False),
    ("service_after_7_working_days_late", lambda: service_late(date(2025, 9, 26), date(2025, 10, 14)), True),
    # 第三十六条: limitation.
    ("limitation_2_years_exactly_in_time", lambda: limitation_expired(ACT, date(2025, 5, 10)), False),
    ("limitation_2_years_plus_1_day_expired", lambda: limitation_expired(ACT, date(2025, 5, 11)), True),
    (
        "limitation_grave_2_years_plus_1_day_allowed",
        lambda: limitation_expired(ACT, date(2025, 5, 11), True),
        False,
    ),
    (
        "limitation_grave_5_years_plus_1_day_expired",
        lambda: limitation_expired(ACT, date(2028, 5, 11), True),
        True,
    ),
    # 第三十条: minors.
    ("age_13y11m_no_penalty", lambda: minor_treatment(age_on(BIRTH, date(2024, 5, 15))), "no_penalty"),
    (
        "age_14th_birthday_must_mitigate",
        lambda: minor_treatment(age_on(BIRTH, date(2024, 6, 15))),
        "must_mitigate",
    ),
    (
        "age_day_before_18_must_mitigate",
        lambda: minor_treatment(age_on(BIRTH, date(2028, 6, 14))),
        "must_mitigate",
    ),
    ("age_18th_birthday_adult", lambda: minor_treatment(age_on(BIRTH, date(2028, 6, 15))), None),
    # 310号令 第五条: approve within 3 days, transfer within 24 hours.
    ("transfer_due_T_plus_24h", lambda: criminal_transfer_due(T), T + timedelta(hours=24)),
    (
        "transfer_approval_3_days",
        lambda: criminal_transfer_approval_deadline(date(2025, 3, 3)),
        date(2025, 3, 6),
    ),
    # 第七十二条: late fee 3%/day, capped at the fine; 复议/诉讼 days excluded (第七十三条).
    ("late_fee_33_days_990", lambda: late_fee(D("1000"), DUE, DUE + timedelta(days=33)), D("990.00")),
    ("late_fee_34_days_capped", lambda: late_fee(D("1000"), DUE, DUE + timedelta(days=34)), D("1000.00")),
    ("late_fee_40_days_capped", lambda: late_fee(D("1000"), DUE, DUE + timedelta(days=40)), D("1000.00")),
    (
        "late_fee_reconsideration_days_excluded",
        lambda: late_fee(D("1000"), DUE, DUE + timedelta(days=40), 10),
        D("900.00"),
    ),
    # 第五十八条(二): a heard case touching major rights needs a passed legal review.
    (
        "heard_major_rights_without_legal_review_blocked",
        lambda: decision_blocked_by_legal_review(
            review_required=legal_review_required(major_rights=True, heard=True), review_passed=None
        ),
        True,
    ),
    # 第六十三条: 较大数额 (setting, ≥ threshold).
    ("hearing_right_person_5000", lambda: hearing_right("person", D("5000"), {"fine"}), True),
    ("hearing_right_person_4999.99", lambda: hearing_right("person", D("4999.99"), {"fine"}), False),
    ("hearing_right_organization_100000", lambda: hearing_right("organization", D("100000"), {"fine"}), True),
    ("hearing_right_revoke_permit", lambda: hearing_right("organization", D(0), {"revoke_permit"}), True),
    # 第六十七条: pay within 15 days (calendar, rest-day extension).
    ("payment_15_days", lambda: payment_deadline(date(2025, 3, 3)), date(2025, 3, 18)),
    (
        "payment_15_days_ending_sunday_moves_to_monday",
        lambda: payment_deadline(date(2025, 3, 1)),
        date(2025, 3, 17),
    ),
    # 第五十六条, 第四十八条, 第七十一条: working-day periods.
    (
        "preservation_7_working_days",
        lambda: preservation_decision_deadline(date(2025, 3, 3)),
        date(2025, 3, 12),
    ),
    (
        "withdrawal_3_working_days",
        lambda: publication_withdrawal_deadline(date(2025, 3, 7)),
        date(2025, 3, 12),
    ),
    ("cash_handover_2_working_days", lambda: cash_handover_deadline(date(2025, 3, 7)), date(2025, 3, 11)),
    # Settings (V2): 陈述申辩 5 working days, publication 7 working days.
    ("representation_5_working_days", lambda: representation_deadline(date(2025, 3, 7)), date(2025, 3, 14)),
    ("publication_7_working_days", lambda: publication_deadline(date(2025, 3, 7)), date(2025, 3, 18)),
    # 行政强制法 第二十五条: 30 days, +30.
    ("seizure_30_days", lambda: seizure_end(date(2025, 3, 3)), date(2025, 4, 2)),
    ("seizure_extended_60_days", lambda: seizure_end(date(2025, 3, 3), extended=True), date(2025, 5, 2)),
    # 行政诉讼法 第四十六条 / 行政复议法 第二十条.
    ("lawsuit_6_months", lambda: lawsuit_deadline(date(2025, 1, 10)), date(2025, 7, 10)),
    ("reconsideration_60_days", lambda: reconsideration_deadline(date(2025, 3, 3)), date(2025, 5, 6)),
    # 行政强制法 第五十三条/第五十四条: 3 months after the 起诉期限, 10 working days after the 催告书.
    (
        "court_enforcement_window",
        lambda: court_enforcement_window(date(2025, 1, 10), date(2025, 6, 3)),
        (date(2025, 7, 11), date(2025, 10, 10)),
    ),
]


@pytest.mark.parametrize(("check", "expected"), [pytest.param(f, e, id=i) for i, f, e in BOUNDARIES])
def test_every_legal_boundary(check: Callable[[], object], expected: object) -> None:
    assert check() == expected
