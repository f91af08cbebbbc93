"""工作台: what each role has to do today, as panels of counts, overdue items and quick actions.

The actor's own next steps come from 待办 (``cases.selectors.todo_list``: only actions he may take, with their
deadlines); every other figure is one counting query through the actor's scope, never a loop over the cases.
A user with several roles sees the panel of each; the 待办 list is computed once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone

from fazhi.accounts.models import Role, User
from fazhi.agencies.scope import Scope, scope_for
from fazhi.cases.models import OPEN_STATES, Case, CaseState, FormStock
from fazhi.cases.selectors import TodoItem, todo_list
from fazhi.complaints.models import Complaint, ComplaintStatus
from fazhi.complaints.selectors import complaint_list
from fazhi.core.holidays import missing_years
from fazhi.imports.models import ImportRun, ImportStatus
from fazhi.inspections.models import InspectionResult, InspectionTask
from fazhi.site.menu import roles_of
from fazhi.supervision.dispositions import disposition_todo
from fazhi.supervision.models import Alert

#: The open complaint states (received, dispatched, returned): not yet handled.
COMPLAINT_OPEN = (ComplaintStatus.RECEIVED, ComplaintStatus.DISPATCHED, ComplaintStatus.RETURNED)
#: How many of the actor's next steps a panel lists (the rest are on 待办).
SHOWN = 5


@dataclass(frozen=True)
class Figure:
    label: str
    value: int | str
    url: str = ""
    #: "bad" for what is overdue or serious, "warn" for what needs attention soon.
    tone: str = ""


@dataclass(frozen=True)
class Panel:
    role: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    items: list[tuple[TodoItem, str]] = field(default_factory=list)
    actions: list[tuple[str, str]] = field(default_factory=list)
    note: str = ""


@dataclass
class _Ctx:
    actor: User
    scope: Scope
    today: date
    todo: list[TodoItem]

    def codes(self) -> Counter[str]:
        return Counter(code for item in self.todo for code, _ in item.actions)

    def overdue(self, items: list[TodoItem] | None = None) -> list[TodoItem]:
        return [i for i in (self.todo if items is None else items) if i.status(self.today) == "overdue"]

    def open_alerts(self) -> tuple[int, int]:
        qs = self.scope.filter(Alert.objects.filter(resolved_at__isnull=True))
        agg = qs.aggregate(n=Count("pk"), serious=Count("pk", filter=Q(severity="serious")))
        return agg["n"] or 0, agg["serious"] or 0

    def dispositions(self) -> Figure:
        """预警整改 waiting for the actor: an answer his unit owes, or an answer he is to verify."""
        n = disposition_todo(actor=self.actor).count()
        return Figure("预警整改待办", n, reverse("supervision:disposition_list"), "warn" if n else "")

    def cases(self) -> int:
        return self.scope.filter(Case.objects.filter(state__in=OPEN_STATES)).count()


def _todo_url(code: str = "") -> str:
    return reverse("cases:todo") + (f"#{code}" if code else "")


def _items(items: list[TodoItem], today: date) -> list[tuple[TodoItem, str]]:
    return [(i, i.status(today)) for i in items[:SHOWN]]


def _officer(c: _Ctx) -> Panel:
    officer_id = c.actor.officer_id or 0  # no officer: 0 matches no handler
    mine = [i for i in c.todo if officer_id and any(h.officer_id == officer_id for h in i.case.handlers.all())]
    handled = Case.objects.filter(
        state__in=OPEN_STATES, handlers__officer_id=officer_id, handlers__removed_on__isnull=True
    ).distinct()
    tasks = InspectionTask.objects.filter(officers__id=officer_id, result=InspectionResult.PENDING).distinct()
    complaints = Complaint.objects.filter(assigned_to_id=c.actor.agency_id, status=ComplaintStatus.DISPATCHED)
    return Panel(
        Role.OFFICER,
        "我的办案",
        [
            Figure("我承办的在办案件", handled.count(), reverse("cases:case_list")),
            Figure("待办事项", len(c.todo), _todo_url()),
            Figure("期限已过", len(c.overdue(c.todo)), _todo_url(), "bad"),
            Figure("我的检查任务（待检查）", tasks.count(), reverse("inspections:tasks")),
            Figure("交办本单位待处置的诉求", complaints.count(), reverse("complaints:list") + "?status=dispatched"),
            c.dispositions(),
        ],
        _items(mine or c.todo, c.today),
        [("当场处罚", reverse("cases:simple_new")), ("新建案件", reverse("cases:case_new"))],
        "" if officer_id else "您的账号未关联执法人员，不能承办案件。",
    )


def _squad_leader(c: _Ctx) -> Panel:
    codes = c.codes()
    alerts, serious = c.open_alerts()
    items = [i for i in c.todo if any(code == "case_review" for code, _ in i.actions)]
    return Panel(
        Role.SQUAD_LEADER,
        "本单位案件",
        [
            Figure("待案件审核", codes["case_review"], _todo_url()),
            Figure("在办案件", c.cases(), reverse("cases:case_list")),
            Figure("期限已过（待办）", len(c.overdue()), _todo_url(), "bad"),
            Figure("未消除的监督预警", alerts, reverse("supervision:board"), "warn"),
            Figure("其中严重", serious, reverse("supervision:alert_list"), "bad"),
            c.dispositions(),
        ],
        _items(items, c.today),
    )


def _legal_reviewer(c: _Ctx) -> Panel:
    codes = c.codes()
    items = [i for i in c.todo if any(code in {"legal_review", "remedy_reply"} for code, _ in i.actions)]
    return Panel(
        Role.LEGAL_REVIEWER,
        "法制审核",
        [
            Figure("待法制审核", codes["legal_review"], _todo_url()),
            Figure("复议答复、诉讼答辩待提交", codes["remedy_reply"], reverse("legal_affairs:index")),
            Figure("期限已过（待办）", len(c.overdue(items)), _todo_url(), "bad"),
            c.dispositions(),
        ],
        _items(items, c.today),
    )


def _head(c: _Ctx) -> Panel:
    codes = c.codes()
    subject = c.actor.agency.legal_subject() if c.actor.agency else None
    leads = Case.objects.filter(state=CaseState.LEAD, legal_subject=subject).count() if subject else 0
    alerts, serious = c.open_alerts()
    overdue_complaints = complaint_list(actor=c.actor).filter(status__in=COMPLAINT_OPEN, deadline__lt=c.today)
    approvals = {"register", "discuss", "decide", "case_review", "apply_court", "close"}
    items = [i for i in c.todo if any(code in approvals for code, _ in i.actions)]
    return Panel(
        Role.HEAD,
        "负责人审批",
        [
            Figure("待立案审批", leads, _todo_url()),
            Figure("待集体讨论", codes["discuss"], _todo_url()),
            Figure("待作出处罚决定", codes["decide"], _todo_url()),
            Figure("全局在办案件", c.cases(), reverse("cases:case_list")),
            Figure("期限已过（待办）", len(c.overdue()), _todo_url(), "bad"),
            Figure("未消除的监督预警", alerts, reverse("supervision:board"), "warn"),
            Figure("其中严重", serious, reverse("supervision:alert_list"), "bad"),
            Figure("超期未处置的诉求", overdue_complaints.count(), reverse("complaints:list"), "bad"),
            c.dispositions(),
        ],
        _items(items, c.today),
    )


def _supervisor(c: _Ctx) -> Panel:
    alerts, serious = c.open_alerts()
    units = c.scope.filter(Alert.objects.filter(resolved_at__isnull=True)).values("agency_id").distinct().count()
    return Panel(
        Role.SUPERVISOR,
        "执法监督（只读）",
        [
            Figure("未消除的监督预警", alerts, reverse("supervision:board"), "warn"),
            Figure("其中严重", serious, reverse("supervision:alert_list"), "bad"),
            Figure("有预警的单位", units, reverse("supervision:board")),
            Figure("在办案件", c.cases(), reverse("cases:case_list")),
            c.dispositions(),
        ],
        actions=[("案卷评查", reverse("supervision:review_draws")), ("统计", reverse("reports:dashboard"))],
        note="您可以查看全部机构的数据，不能办理或修改业务。",
    )


def _clerk(c: _Ctx) -> Panel:
    stocks = c.scope.filter(FormStock.objects.filter(next_no__lte=F("last_no")))
    remaining = stocks.aggregate(n=Sum(F("last_no") - F("next_no") + 1))["n"] or 0
    to_serve = c.scope.filter(Case.objects.filter(state=CaseState.DECIDED)).count()
    to_archive = c.scope.filter(Case.objects.filter(state=CaseState.CLOSED)).count()
    return Panel(
        Role.CLERK,
        "内勤",
        [
            Figure("当场处罚决定书余量（份）", remaining, "", "warn" if remaining < 20 else ""),
            Figure("待送达的处罚决定书", to_serve, reverse("cases:case_list") + "?state=decided"),
            Figure("已结案待归档", to_archive, reverse("cases:case_list") + "?state=closed"),
            Figure("待办事项", len(c.todo), _todo_url()),
        ],
        _items(c.todo, c.today),
    )


def _system_admin(c: _Ctx) -> Panel:
    years = missing_years(c.today)
    running = ImportRun.objects.filter(status__in=[ImportStatus.QUEUED, ImportStatus.VALIDATING, ImportStatus.WRITING])
    failed = ImportRun.objects.filter(status=ImportStatus.FAILED, requested_at__date__gte=c.today.replace(day=1))
    users = User.objects.filter(is_active=True)
    locked = users.filter(locked_until__gt=timezone.now()).count()
    return Panel(
        Role.SYSTEM_ADMIN,
        "系统管理",
        [
            Figure(
                "节假日安排未录入",
                "、".join(f"{y}年" for y in years) or "无",
                reverse("core:holidays"),
                "warn" if years else "",
            ),
            Figure("进行中的导入", running.count(), reverse("imports:upload")),
            Figure("本月未导入成功的文件", failed.count(), reverse("imports:upload"), "bad"),
            Figure("在用账号", users.count(), reverse("admin:accounts_user_changelist")),
            Figure("锁定中的账号", locked, reverse("admin:accounts_user_changelist"), "warn"),
        ],
        actions=[
            ("数据导入", reverse("imports:upload")),
            ("节假日安排", reverse("core:holidays")),
            ("用户与角色", reverse("admin:accounts_user_changelist")),
        ],
    )


_PANELS = (
    (Role.OFFICER, _officer),
    (Role.SQUAD_LEADER, _squad_leader),
    (Role.LEGAL_REVIEWER, _legal_reviewer),
    (Role.HEAD, _head),
    (Role.SUPERVISOR, _supervisor),
    (Role.CLERK, _clerk),
    (Role.SYSTEM_ADMIN, _system_admin),
)


def workbench(*, actor: User, today: date) -> list[Panel]:
    """The panels of the actor's roles, in the order of the workflow (a superuser is a 系统管理员)."""
    roles = roles_of(actor)
    if not roles:
        return []
    scope = scope_for(actor)
    doers = {Role.OFFICER, Role.SQUAD_LEADER, Role.LEGAL_REVIEWER, Role.HEAD, Role.CLERK}
    todo = todo_list(actor=actor, today=today) if roles & doers else []
    ctx = _Ctx(actor, scope, today, todo)
    return [build(ctx) for role, build in _PANELS if role in roles]
