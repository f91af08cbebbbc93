"""专项行动 and 柔性执法 services: the period, the scope, and nothing saved on a refusal."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from fazhi.campaigns import services
from fazhi.campaigns.models import CampaignAction, CampaignCase, SoftMeasure
from fazhi.core import clock
from fazhi.core.errors import PermissionDenied, RuleViolation, ValidationError

START, END = date(2025, 4, 1), date(2025, 6, 30)


@pytest.fixture
def campaign(bureau, staff):  # type: ignore[no-untyped-def]
    with clock.frozen_at(date(2025, 4, 1)):
        return services.campaign_create(
            actor=staff.head,
            agency=bureau.squad,
            name="违法广告专项整治",
            starts_on=START,
            ends_on=END,
            description="四大专项行动之一",
        )


def test_a_campaign_ending_before_it_starts_is_refused(bureau, staff) -> None:
    with pytest.raises(ValidationError, match="结束日期（2025-03-31）不能早于开始日期（2025-04-01）"):
        services.campaign_create(
            actor=staff.head, agency=bureau.bureau, name="x", starts_on=START, ends_on=date(2025, 3, 31)
        )


def test_an_officer_may_not_start_a_campaign(bureau, staff) -> None:
    with pytest.raises(PermissionDenied):
        services.campaign_create(actor=staff.officer_user, agency=bureau.squad, name="x", starts_on=START, ends_on=END)


def test_targets_need_a_positive_number_with_two_decimals_at_most(campaign, staff) -> None:
    t = services.campaign_target_add(
        actor=staff.head, campaign=campaign, kind="拆除违建", unit="平方米", number=Decimal("19508.50")
    )
    assert t.number == Decimal("19508.50")
    for bad, message in ((Decimal("0"), "应大于0"), (Decimal("1.005"), "两位小数"), (Decimal("1e12"), "过大")):
        with pytest.raises(ValidationError, match=message):
            services.campaign_target_add(actor=staff.head, campaign=campaign, kind="k", unit="处", number=bad)
    achieved = services.campaign_target_achieve(actor=staff.head, target=t, achieved=Decimal("20000"))
    assert achieved.achieved == Decimal("20000")


def test_an_action_on_the_last_day_of_the_period_passes_and_the_day_after_is_refused(campaign, staff) -> None:
    with clock.frozen_at(date(2025, 7, 5)):
        a = services.campaign_action_record(
            actor=staff.head, campaign=campaign, kind="call", taken_on=END, count=336, note="对违法广告号码进行语音告知"
        )
        assert a.count == 336
        with pytest.raises(ValidationError, match="不在行动期间（2025-04-01至2025-06-30）内"):
            services.campaign_action_record(
                actor=staff.head, campaign=campaign, kind="call", taken_on=date(2025, 7, 1), count=1
            )
    assert CampaignAction.objects.count() == 1


def test_a_case_discovered_outside_the_campaigns_period_is_refused(campaign, staff, make_case) -> None:
    before = make_case(date(2025, 3, 31))
    first = make_case(START)
    last = make_case(END)
    after = make_case(date(2025, 7, 1))
    with clock.frozen_at(date(2025, 7, 5)):
        for case in (before, after):
            with pytest.raises(ValidationError, match="不在行动期间"):
                services.campaign_case_link(actor=staff.officer_user, campaign=campaign, case=case)
        services.campaign_case_link(actor=staff.officer_user, campaign=campaign, case=first)
        services.campaign_case_link(actor=staff.officer_user, campaign=campaign, case=last)
        with pytest.raises(ValidationError, match="已计入本行动"):
            services.campaign_case_link(actor=staff.officer_user, campaign=campaign, case=first)
    assert set(CampaignCase.objects.values_list("case_id", flat=True)) == {first.pk, last.pk}


def test_a_case_outside_the_campaigns_agency_is_refused(bureau, staff, make_case) -> None:
    squad_campaign = services.campaign_create(
        actor=staff.head, agency=bureau.squad2, name="城西整治", starts_on=START, ends_on=END
    )
    case = make_case(date(2025, 5, 1))  # handled by 城东中队
    with pytest.raises(ValidationError, match="不属于「城西中队」及其下属单位"):
        services.campaign_case_link(actor=staff.head, campaign=squad_campaign, case=case)
    assert not CampaignCase.objects.exists()


def test_a_complaint_and_an_inspection_task_are_linked_within_the_period(bureau, staff, campaign) -> None:
    from fazhi.campaigns.models import CampaignComplaint, CampaignInspection
    from fazhi.complaints.services import complaint_dispatch, complaint_register
    from fazhi.inspections.services import inspection_target_create, inspection_task_create

    with clock.frozen_at(date(2025, 7, 5)):

        def complaint(day: date, number: str):  # type: ignore[no-untyped-def]
            c = complaint_register(
                actor=staff.clerk,
                agency=bureau.bureau,
                source="hotline_12345",
                number=number,
                content="违法小广告",
                received_at=timezone.make_aware(datetime.combine(day, time(9))),
            )
            return complaint_dispatch(actor=staff.clerk, complaint=c, assigned_to=bureau.squad)

        inside, outside = complaint(date(2025, 6, 30), "A1"), complaint(date(2025, 7, 1), "A2")
        services.campaign_complaint_link(actor=staff.officer_user, campaign=campaign, complaint=inside)
        with pytest.raises(ValidationError, match="诉求（受理日期）的日期2025-07-01不在行动期间"):
            services.campaign_complaint_link(actor=staff.officer_user, campaign=campaign, complaint=outside)
        target = inspection_target_create(actor=staff.clerk, agency=bureau.squad, name="兴旺广告公司")

        def task(day: date):  # type: ignore[no-untyped-def]
            return inspection_task_create(
                actor=staff.officer_user,
                agency=bureau.squad,
                target=target,
                officers=[staff.officer, staff.officer2],
                inspected_on=day,
            )

        services.campaign_inspection_link(actor=staff.officer_user, campaign=campaign, task=task(START))
        with pytest.raises(ValidationError, match="不在行动期间"):
            services.campaign_inspection_link(actor=staff.officer_user, campaign=campaign, task=task(date(2025, 3, 31)))
    assert CampaignComplaint.objects.get().complaint == inside
    assert CampaignInspection.objects.count() == 1


def test_a_soft_measure_in_a_campaign_must_fall_in_its_period(bureau, staff, campaign) -> None:
    kw = {
        "actor": staff.officer_user,
        "agency": bureau.squad,
        "kind": "warm_notice",
        "target_name": "兴旺小吃店",
        "place": "建设路12号",
        "officer": staff.officer,
        "content": "告知门前三包责任",
        "campaign": campaign,
    }
    with clock.frozen_at(date(2025, 7, 5)):
        m = services.soft_measure_record(**kw, taken_on=END)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="不在专项行动「违法广告专项整治」期间"):
            services.soft_measure_record(**kw, taken_on=date(2025, 7, 1))  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match="请选择方式"):
            services.soft_measure_record(**{**kw, "kind": "fine"}, taken_on=END)  # type: ignore[arg-type]
    assert SoftMeasure.objects.get() == m and m.get_kind_display() == "温馨告知书"


def test_the_case_that_followed_a_soft_measure_is_found_on_or_after_it(bureau, staff, make_case) -> None:
    with clock.frozen_at(date(2025, 5, 10)):
        m = services.soft_measure_record(
            actor=staff.officer_user,
            agency=bureau.squad,
            kind="warning",
            target_name="某商户",
            place="建设路",
            taken_on=date(2025, 5, 10),
            officer=staff.officer,
            content="警示告诫占道经营",
        )
    earlier, same_day = make_case(date(2025, 5, 9)), make_case(date(2025, 5, 10))
    with pytest.raises(ValidationError, match="早于本措施"):
        services.soft_measure_link_case(actor=staff.officer_user, measure=m, case=earlier)
    m = services.soft_measure_link_case(actor=staff.officer_user, measure=m, case=same_day)
    assert m.case == same_day
    with pytest.raises(RuleViolation, match="已关联"):
        services.soft_measure_link_case(actor=staff.officer_user, measure=m, case=same_day)
