"""Rules on records other than cases: publications, complaints, inspection tasks, officers' study hours.

The apps of the last three are optional: a source whose app is not installed is skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.apps import apps
from django.db.models import Count, Max, QuerySet

from fazhi.agencies.models import Agency, Officer
from fazhi.core.holidays import ANNOUNCE_FROM_MONTH, missing_years
from fazhi.supervision.engine import Outcome, Rule, Source, d, hit, ok
from fazhi.supervision.models import DISPOSITION_OWED, AlertDisposition, DispositionStatus, Severity

PUBLICATIONS = "publicity.publication"


class PublicationSource(Source):
    record_type = PUBLICATIONS

    def available(self) -> bool:
        return apps.is_installed("fazhi.publicity")

    def queryset(self) -> QuerySet[Any]:
        from fazhi.publicity.models import Publication  # noqa: PLC0415 — optional app: imported only when installed

        return Publication.objects.all()

    def load(self, ids: Sequence[int]) -> list[Any]:
        from fazhi.publicity.models import Publication  # noqa: PLC0415 — optional app: imported only when installed

        return list(Publication.objects.filter(pk__in=ids).select_related("decision"))

    def case_id(self, record: Any) -> int | None:
        return int(record.decision.case_id) if record.decision_id else None

    def label(self, record: Any) -> str:
        return str(record.number or f"公示{record.pk}")


class PublicationLate(Rule):
    id = "publication_late"
    title = "处罚决定逾期未公示"
    article = "行政处罚法第四十八条"
    source = PUBLICATIONS

    def evaluate(self, publication: Any, today: date) -> Outcome:
        from fazhi.publicity.models import PublicationStatus  # noqa: PLC0415 — optional app: imported only when installed

        if publication.status != PublicationStatus.PENDING:
            return ok()
        if today <= publication.due_on:
            return ok(publication.due_on + timedelta(days=1))
        decided = f"处罚决定于{d(publication.decided_on)}作出，" if publication.decided_on else ""
        return hit(
            Severity.WARNING,
            f"{decided}依行政处罚法第四十八条和本机关公示规定应于{d(publication.due_on)}前公示；至{d(today)}尚未公示。",
            today + timedelta(days=1),  # the explanation is as of today
        )


RECORD_RULES: tuple[Rule, ...] = (PublicationLate(),)


COMPLAINTS = "complaints.complaint"
INSPECTION_TASKS = "inspections.inspectiontask"
OFFICERS = "agencies.officer"


def _table_version(model: Any) -> str:
    agg = model.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    return f"{model._meta.label_lower}:{agg['n']}:{agg['last']}"


class ComplaintSource(Source):
    record_type = COMPLAINTS

    def available(self) -> bool:
        return apps.is_installed("fazhi.complaints")

    def queryset(self) -> QuerySet[Any]:
        from fazhi.complaints.models import Complaint  # noqa: PLC0415 — optional app: imported only when installed

        return Complaint.objects.all()

    def load(self, ids: Sequence[int]) -> list[Any]:
        from fazhi.complaints.models import Complaint  # noqa: PLC0415 — optional app: imported only when installed

        return list(Complaint.objects.filter(pk__in=ids))

    def agency_id(self, record: Any) -> int:
        return int(record.assigned_to_id or record.agency_id)

    def case_id(self, record: Any) -> int | None:
        return int(record.case_id) if record.case_id else None

    def label(self, record: Any) -> str:
        return str(record.number or f"诉求{record.pk}")


class ComplaintOverdue(Rule):
    id = "complaint_overdue"
    title = "群众诉求超过办理期限"
    article = "群众诉求办理期限（本机关规定）"
    source = COMPLAINTS

    def evaluate(self, complaint: Any, today: date) -> Outcome:
        from fazhi.complaints.selectors import OPEN_STATUSES, complaint_overdue  # noqa: PLC0415 — optional app: imported only when installed

        if complaint.status not in OPEN_STATUSES:
            return ok()
        if not complaint_overdue(complaint, today):
            return ok(complaint.deadline + timedelta(days=1))
        received = complaint.received_at.date() if complaint.received_at else None
        return hit(
            Severity.WARNING,
            f"诉求工单{complaint.number}"
            + (f"于{d(received)}受理，" if received else "")
            + f"办理期限（本机关群众诉求办理规定）至{d(complaint.deadline)}届满，至{d(today)}尚未办结"
            f"（{complaint.get_status_display()}），已逾期{(today - complaint.deadline).days}日。",
            today + timedelta(days=1),
        )


class InspectionTaskSource(Source):
    record_type = INSPECTION_TASKS

    def available(self) -> bool:
        return apps.is_installed("fazhi.inspections")

    def queryset(self) -> QuerySet[Any]:
        from fazhi.inspections.models import InspectionTask  # noqa: PLC0415 — optional app: imported only when installed

        return InspectionTask.objects.filter(inspected_on__isnull=False)

    def global_version(self) -> str:
        """Another task on the same target changes this task's finding: any task change rescans the tasks."""
        from fazhi.inspections.models import InspectionTask  # noqa: PLC0415 — optional app: imported only when installed

        return _table_version(InspectionTask)

    def load(self, ids: Sequence[int]) -> list[Any]:
        from fazhi.inspections.models import InspectionTask  # noqa: PLC0415 — optional app: imported only when installed

        return list(InspectionTask.objects.filter(pk__in=ids).select_related("target"))

    def case_id(self, record: Any) -> int | None:
        return int(record.case_id) if record.case_id else None

    def label(self, record: Any) -> str:
        return f"{record.target.name} {record.inspected_on:%Y-%m-%d}"


REPEAT_INSPECTION_DAYS = 60  # the "the same target inspected twice within 60 days" (policy, not law)


class RepeatedInspection(Rule):
    id = "repeated_inspection"
    title = "同一对象60日内重复检查"
    article = "国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见（国发〔2019〕5号）"
    source = INSPECTION_TASKS

    def evaluate(self, task: Any, today: date) -> Outcome:
        from fazhi.inspections.selectors import same_target_within  # noqa: PLC0415 — optional app: imported only when installed

        earlier = [
            t
            for t in same_target_within(
                target=task.target, on=task.inspected_on, days=REPEAT_INSPECTION_DAYS, exclude=task
            )
            if (t.inspected_on, t.pk) < (task.inspected_on, task.pk)
        ]
        if not earlier:
            return ok()
        previous = earlier[-1]
        assert previous.inspected_on is not None  # matched by a date range
        return hit(
            Severity.WARNING,
            f"检查对象{task.target.name}于{d(previous.inspected_on)}已被检查，{d(task.inspected_on)}再次检查，"
            f"相隔{(task.inspected_on - previous.inspected_on).days}日，未满{REPEAT_INSPECTION_DAYS}日"
            "（避免多头、重复检查，推行“综合查一次”，国发〔2019〕5号）。",
        )


class OfficerSource(Source):
    record_type = OFFICERS
    chunk_size = 200

    def available(self) -> bool:
        return apps.is_installed("fazhi.legal_affairs")

    def queryset(self) -> QuerySet[Any]:
        return Officer.objects.filter(is_active=True)

    def global_version(self) -> str:
        from fazhi.legal_affairs.models import Training, TrainingAttendance  # noqa: PLC0415 — optional app: imported only when installed

        return _table_version(TrainingAttendance) + "/" + _table_version(Training)

    def load(self, ids: Sequence[int]) -> list[Any]:
        return list(Officer.objects.filter(pk__in=ids))

    def label(self, record: Any) -> str:
        return str(record.name)


class StudyHoursBelowMinimum(Rule):
    id = "study_hours_below_minimum"
    title = "执法人员年度学时不足"
    article = "行政执法人员年度培训学时要求（本局规定的年度最低学时）"  # the setting FAZHI_STUDY_HOURS_MINIMUM
    source = OFFICERS

    def evaluate(self, officer: Any, today: date) -> Outcome:
        """Judged on the last complete year; it can change next on 1 January."""
        from fazhi.legal_affairs.selectors import study_hours, study_hours_minimum  # noqa: PLC0415 — optional app: imported only when installed

        year = today.year - 1
        next_year = date(today.year + 1, 1, 1)
        hours, minimum = study_hours(officer=officer, year=year), study_hours_minimum()
        if hours >= minimum:
            return ok(next_year)
        return hit(
            Severity.WARNING,
            f"执法人员{officer.name}{year}年度（{year}年01月01日至{year}年12月31日）参加培训计{hours}学时，"
            f"低于每人每年不少于{minimum}学时的要求。",
            next_year,
        )


AGENCIES = "agencies.agency"


class TopAgencySource(Source):
    """The top of each tree of agencies (the bureau, the justice bureau): for duties of the whole system."""

    record_type = AGENCIES

    def queryset(self) -> QuerySet[Any]:
        return Agency.objects.filter(parent__isnull=True, is_active=True)

    def load(self, ids: Sequence[int]) -> list[Any]:
        return list(Agency.objects.filter(pk__in=ids))

    def agency_id(self, record: Any) -> int:
        return int(record.pk)

    def label(self, record: Any) -> str:
        return str(record.name)


class HolidayYearMissing(Rule):
    id = "holiday_year_missing"
    title = "下一年度法定节假日安排尚未录入"
    article = "全国年节及纪念日放假办法第二条、第六条、第七条；行政处罚法第八十五条"
    source = AGENCIES

    def evaluate(self, agency: Any, today: date) -> Outcome:
        """From 1 November until next year's arrangement is entered (and while this year's is missing)."""

        years = missing_years(today)
        if not years:
            start = date(today.year, ANNOUNCE_FROM_MONTH, 1)
            return ok(start if today < start else date(today.year + 1, ANNOUNCE_FROM_MONTH, 1))
        listed = "、".join(f"{y}年" for y in years)
        return hit(
            Severity.WARNING,
            f"至{d(today)}，{listed}的法定节假日安排（国务院办公厅通知，含调休）尚未录入：以工作日计算的期限"
            "（行政处罚法第八十五条、行政强制法第六十九条）暂按周末及《全国年节及纪念日放假办法》第二条规定的节日推算，"
            "申请法院强制执行等取决于该年工作日的事项暂不能办理。请系统管理员在「系统管理—节假日安排」录入。",
            today + timedelta(days=1),
        )


RECORD_RULES = (
    *RECORD_RULES,
    ComplaintOverdue(),
    RepeatedInspection(),
    StudyHoursBelowMinimum(),
    HolidayYearMissing(),
)
EXTRA_SOURCES: tuple[Source, ...] = (ComplaintSource(), InspectionTaskSource(), OfficerSource(), TopAgencySource())


# --- 复议答复 and 答辩 (the agency as respondent or defendant) ---------------------------------------------------

RECONSIDERATIONS = "legal_affairs.reconsideration"
LITIGATIONS = "legal_affairs.litigation"


class _LegalSource(Source):
    model_name: str

    def available(self) -> bool:
        return apps.is_installed("fazhi.legal_affairs")

    def queryset(self) -> QuerySet[Any]:
        return apps.get_model("legal_affairs", self.model_name).objects.all()

    def load(self, ids: Sequence[int]) -> list[Any]:
        return list(apps.get_model("legal_affairs", self.model_name).objects.filter(pk__in=ids))

    def case_id(self, record: Any) -> int | None:
        return int(record.case_id) if record.case_id else None


class ReconsiderationSource(_LegalSource):
    record_type = RECONSIDERATIONS
    model_name = "Reconsideration"

    def label(self, record: Any) -> str:
        return f"行政复议 {record.number or record.applicant}"[:120]


class LitigationSource(_LegalSource):
    record_type = LITIGATIONS
    model_name = "Litigation"

    def label(self, record: Any) -> str:
        return f"行政诉讼 {record.number or record.plaintiff}"[:120]


def _reply_outcome(
    due: date | None, done: date | None, today: date, *, what: str, article: str, received: str
) -> Outcome:
    """Open until ``done``; a warning from 3 days before ``due`` (as the 待办 colours it), serious after it."""
    if due is None or done is not None:
        return ok()
    warn_from = due - timedelta(days=3)
    if today > due:
        return hit(
            Severity.SERIOUS,
            f"{received}，依{article}应于{d(due)}前{what}；至{d(today)}尚未登记提交，已逾期{(today - due).days}日。",
            today + timedelta(days=1),
        )
    if today >= warn_from:
        return hit(
            Severity.WARNING,
            f"{received}，依{article}应于{d(due)}前{what}；至{d(today)}尚未登记提交，还剩{(due - today).days}日。",
            today + timedelta(days=1),
        )
    return ok(warn_from)


class ReconsiderationReplyDue(Rule):
    id = "reconsideration_reply_due"
    title = "行政复议答复期限将届满或已逾期"
    article = "行政复议法第四十八条、第五十四条"
    source = RECONSIDERATIONS

    def evaluate(self, item: Any, today: date) -> Outcome:
        if item.outcome != "pending":
            return ok()
        article = (
            "行政复议法第五十四条（简易程序五个工作日）" if item.simplified else "行政复议法第四十八条（十个工作日）"
        )
        received = f"{d(item.received_on)}收到行政复议申请书副本"
        what = "提出书面答复并提交证据、依据"
        return _reply_outcome(item.reply_due, item.replied_on, today, what=what, article=article, received=received)


class LitigationDefenceDue(Rule):
    id = "litigation_defence_due"
    title = "行政诉讼答辩期限将届满或已逾期"
    article = "行政诉讼法第六十七条"
    source = LITIGATIONS

    def evaluate(self, item: Any, today: date) -> Outcome:
        if item.closed_on is not None:
            return ok()
        received = f"{d(item.complaint_received_on or item.filed_on)}收到起诉状副本"
        return _reply_outcome(
            item.defence_due,
            item.defended_on,
            today,
            what="提交答辩状及作出行政行为的证据和依据（逾期提供证据的视为没有相应证据，第三十四条）",
            article="行政诉讼法第六十七条（十五日）",
            received=received,
        )


RECORD_RULES = (*RECORD_RULES, ReconsiderationReplyDue(), LitigationDefenceDue())
EXTRA_SOURCES = (*EXTRA_SOURCES, ReconsiderationSource(), LitigationSource())


# --- 预警处置 overdue: an alert assigned and not answered by its deadline is an alert itself ---------------------

DISPOSITIONS = "supervision.alertdisposition"


class DispositionSource(Source):
    record_type = DISPOSITIONS

    def queryset(self) -> QuerySet[Any]:
        return AlertDisposition.objects.all()

    def load(self, ids: Sequence[int]) -> list[Any]:
        return list(AlertDisposition.objects.filter(pk__in=ids).select_related("alert", "agency"))

    def case_id(self, record: Any) -> int | None:
        return int(record.alert.case_id) if record.alert.case_id else None

    def label(self, record: Any) -> str:
        return f"预警处置：{record.alert.record_label}"[:120]


class DispositionOverdue(Rule):
    id = "disposition_overdue"
    title = "预警交办逾期未整改答复"
    article = "执法监督预警交办整改期限（本机关执法监督规定）"
    source = DISPOSITIONS

    def evaluate(self, disposition: Any, today: date) -> Outcome:
        """The deadline day is still in time; from the next day an owed answer is overdue (督办: serious)."""
        if disposition.status not in DISPOSITION_OWED:
            return ok()
        if today <= disposition.deadline:
            return ok(disposition.deadline + timedelta(days=1))
        returned = "（整改答复曾被退回）" if disposition.status == DispositionStatus.RETURNED else ""
        return hit(
            Severity.SERIOUS if disposition.escalated else Severity.WARNING,
            f"预警「{disposition.alert.record_label}」于{d(disposition.assigned_at.date())}交办{disposition.agency.name}，"
            f"整改期限至{d(disposition.deadline)}；至{d(today)}尚未整改答复{returned}，"
            f"已逾期{(today - disposition.deadline).days}日" + ("，已督办。" if disposition.escalated else "。"),
            today + timedelta(days=1),
        )


RECORD_RULES = (*RECORD_RULES, DispositionOverdue())
EXTRA_SOURCES = (*EXTRA_SOURCES, DispositionSource())
