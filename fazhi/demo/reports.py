"""The demo bureau's legal work beyond cases and trainings, over the two years, so that every part of the annual
report (法治政府建设年度报告) is filled from data: 矛盾纠纷调处, 合同审查, 普法, 重大行政决策, 规范性文件 and 督查.

Everything goes through the owning app's services, as the acting role would do it, on the record's own day.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date

from fazhi.agencies.models import Agency
from fazhi.core import clock
from fazhi.demo.cases import DemoPeople
from fazhi.legal_affairs import services as la
from fazhi.legal_affairs.models import LegalEducationKind
from fazhi.supervision.bulletins import unit_inspection_record
from fazhi.supervision.issuing import bulletin_issue

__all__ = ["load_legal_records"]


def _at(day: date) -> AbstractContextManager[None]:
    return clock.frozen_at(day)


def load_legal_records(*, people: DemoPeople, bureau: Agency, squad: Agency, end: date) -> int:
    """Returns the number of records made (every one dated no later than ``end``)."""
    made = 0
    for year in (end.year - 1, end.year):
        days = [d for d in (date(year, m, 20) for m in range(1, 13)) if d <= end]
        if not days:
            continue
        for n, day in enumerate(days[:4]):
            with _at(day):
                item = la.mediation_register(
                    actor=people.reviewer,
                    agency=bureau,
                    received_on=day,
                    parties=f"沿街商户{n + 1}与相邻住户",
                    subject="油烟、噪声扰民纠纷",
                )
                if n < 3:  # the fourth is still being mediated
                    la.mediation_close(
                        actor=people.reviewer,
                        mediation=item,
                        resolved=n != 2,
                        resolved_on=day,
                        result="达成调解协议" if n != 2 else "调解未成，告知依法维权途径",
                    )
            made += 1
        for n, day in enumerate(days[1:3]):
            with _at(day):
                la.contract_review_create(
                    actor=people.reviewer,
                    agency=bureau,
                    title=f"{year}年环卫保洁服务合同（第{n + 1}标段）",
                    counterparty="示范环境服务有限公司",
                    received_on=day,
                    reviewed_on=day,
                    opinion_issued=True,
                    adviser="法律顾问",
                )
            made += 1
        for n, (kind, title, views) in enumerate(
            (
                (LegalEducationKind.VIDEO, "城管执法小课堂：占道经营", 12000),
                (LegalEducationKind.ARTICLE, "以案释法：未批先建的法律后果", 3500),
                (LegalEducationKind.TYPICAL_CASE, "典型案例：渣土车辆未密闭运输", 5200),
            )
        ):
            day = days[min(n * 3, len(days) - 1)]
            with _at(day):
                la.legal_education_create(
                    actor=people.reviewer, agency=bureau, title=title, kind=kind, published_on=day, views=views
                )
            made += 1
        day = days[len(days) // 2]
        with _at(day):
            # 重大行政决策 come with the public lawyer's participation from fazhi.demo.counsel (参与度100%)
            la.normative_document_create(
                actor=people.reviewer,
                agency=bureau,
                title=f"示范市户外广告设置管理办法（{year}年修订）",
                number=f"示城管规〔{year}〕1号",
                legality_reviewed=True,
                issued_on=day,
            )
            la.normative_document_create(
                actor=people.reviewer,
                agency=bureau,
                title="示范市城区门前三包管理规定（旧）",
                number=f"示城管规〔{year - 6}〕2号",
                legality_reviewed=True,
                issued_on=date(year - 6, 3, 1),
                repealed_on=day,
            )
        made += 2
        for day in days[2::5]:
            with _at(day):
                unit_inspection_record(
                    actor=people.head,
                    agency=squad,
                    inspected_on=day,
                    inspectors="局法制科督查组",
                    findings="个别案卷证据目录不全",
                    rectification="一周内补齐证据目录",
                    problems=1,
                )
            made += 1
        # 月度通报: on the 20th of every third month, the bulletin of the month before (its figures, the units'
        # ranking, the overdue 交办 and the complaint scores), numbered 〔年〕第N期 in issue order.
        for day in days[1::3]:
            with _at(day):
                bulletin_issue(actor=people.head, agency=bureau, kind="monthly", year=year, month=day.month - 1)
            made += 1
    return made
