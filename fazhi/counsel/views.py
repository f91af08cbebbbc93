"""Pages of 法律顾问、法制跟案、案件会商与法治建设职责: an overview, and one list-and-register page per record.

Every kind is described once in ``KINDS`` (its columns, its form, how the form becomes a service call); the views
parse, call the service and render. A refusal shows the service's message above the form, which keeps what was
typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from fazhi.accounts.models import User
from fazhi.accounts.request import request_actor
from fazhi.agencies.models import AgencyKind
from fazhi.agencies.scope import scope_for
from fazhi.agencies.selectors import access_agency, agency_list
from fazhi.cases.models import Opinion
from fazhi.core import clock, validation
from fazhi.core.errors import ApplicationError, ValidationError
from fazhi.core.figures import Rate
from fazhi.core.forms import parse_date, parse_id
from fazhi.counsel import selectors, services
from fazhi.counsel.figures import annual_figures
from fazhi.counsel.models import AdviserKind, DutyKind

Choices = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    kind: str = "text"  # text, textarea, date, select, grouped (a select with option groups)
    required: bool = True
    hint: str = ""


@dataclass(frozen=True)
class Kind:
    slug: str
    title: str
    #: (label, the cell of a row)
    columns: tuple[tuple[str, Callable[[Any], Any]], ...]
    fields: tuple[FormField, ...]
    rows: Callable[[User], Any]
    #: (actor, posted form) -> the created record; raises ApplicationError on refusal
    create: Callable[[User, QueryDict], Any]
    #: the options of each select field for this actor
    options: Callable[[User], dict[str, Any]] = field(default=lambda actor: {})


def _d(value: date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else "—"


def _date(data: QueryDict, name: str, label: str, *, required: bool = True) -> date | None:
    raw = str(data.get(name, "")).strip()
    if not raw:
        if required:
            raise ValidationError(f"请填写{label}。")
        return None
    return parse_date(raw, label)


def _required_date(data: QueryDict, name: str, label: str) -> date:
    value = _date(data, name, label)
    assert value is not None  # required: _date raised otherwise
    return value


def _id(value: str | None, label: str) -> int:
    """A row's number from the form: a choice, and one the database can hold (not a 500 on a forged value)."""
    return validation.check_bigint(parse_id(value, label), label)


def _s(data: QueryDict, name: str) -> str:
    return str(data.get(name, ""))


def _agencies(actor: User) -> Choices:
    if scope_for(actor).read_only:
        return ()
    return tuple((str(a.pk), a.name) for a in agency_list(actor=actor))


def _advisers(actor: User) -> Choices:
    return tuple(
        (str(a.pk), f"{a.name}（{a.get_kind_display()}，{a.firm}）") for a in selectors.adviser_list(actor=actor)
    )


def _legal_officers(actor: User) -> Choices:
    return tuple(
        (str(u.pk), f"{u}（{u.agency.name if u.agency else '—'}）") for u in selectors.legal_officer_list(actor=actor)
    )


def _agency(actor: User, data: QueryDict, name: str = "agency", label: str = "机构") -> Any:
    return access_agency(actor=actor, agency_id=_id(data.get(name), label))


# --- how each form becomes a service call --------------------------------------------------------------------------


def _create_adviser(actor: User, data: QueryDict) -> Any:
    return services.adviser_create(
        actor=actor,
        agency=_agency(actor, data),
        kind=_s(data, "kind"),
        name=_s(data, "name"),
        firm=_s(data, "firm"),
        licence_number=_s(data, "licence_number"),
        term_from=_required_date(data, "term_from", "聘期起"),
        term_until=_date(data, "term_until", "聘期止", required=False),
    )


def _create_participation(actor: User, data: QueryDict) -> Any:
    adviser = selectors.access_adviser(actor=actor, adviser_id=_id(data.get("adviser"), "法律顾问"))
    kind, _, raw_id = _s(data, "target").partition(":")
    target = selectors.access_participation_target(actor=actor, kind=kind, target_id=_id(raw_id, "参与事项"))
    return services.adviser_participation_create(
        actor=actor, adviser=adviser, target=target, on=_required_date(data, "on", "参与日期"), note=_s(data, "note")
    )


def _create_opinion(actor: User, data: QueryDict) -> Any:
    adviser = selectors.access_adviser(actor=actor, adviser_id=_id(data.get("adviser"), "法律顾问"))
    return services.legal_opinion_create(
        actor=actor,
        adviser=adviser,
        issued_on=_required_date(data, "issued_on", "出具日期"),
        subject=_s(data, "subject"),
        link=_s(data, "link"),
        summary=_s(data, "summary"),
    )


def _create_accompaniment(actor: User, data: QueryDict) -> Any:
    case = selectors.access_case_by_number(actor=actor, number=_s(data, "case_number"))
    officer = selectors.access_legal_officer(actor=actor, user_id=_id(data.get("legal_officer"), "跟案法制人员"))
    return services.case_accompaniment_create(
        actor=actor,
        case=case,
        legal_officer=officer,
        started_on=_required_date(data, "started_on", "跟案起始日期"),
        note=_s(data, "note"),
    )


def _case_numbers(raw: str) -> list[str]:
    for sep in ("，", "、", ",", ";", "；", "\n"):
        raw = raw.replace(sep, " ")
    return [n for n in raw.split() if n]


def _create_consultation(actor: User, data: QueryDict) -> Any:
    cases = [selectors.access_case_by_number(actor=actor, number=n) for n in _case_numbers(_s(data, "case_numbers"))]
    return services.case_consultation_create(
        actor=actor,
        agency=_agency(actor, data),
        held_on=_required_date(data, "held_on", "会商日期"),
        subject=_s(data, "subject"),
        participants=_s(data, "participants"),
        conclusions=_s(data, "conclusions"),
        cases=cases,
    )


def _create_township_review(actor: User, data: QueryDict) -> Any:
    number = _s(data, "case_number").strip()
    case = None
    if number and not _s(data, "item_code").strip():
        case = selectors.access_case_by_number(actor=actor, number=number)  # a case in fazhi: its item is known
    return services.township_review_create(
        actor=actor,
        agency=_agency(actor, data),
        township=_agency(actor, data, "township", "乡镇（街道）"),
        reviewer=selectors.access_legal_officer(actor=actor, user_id=_id(data.get("reviewer"), "审核人员")),
        reviewed_on=_required_date(data, "reviewed_on", "审核日期"),
        opinion=_s(data, "opinion"),
        case=case,
        case_number="" if case is not None else number,
        item_code=_s(data, "item_code"),
        note=_s(data, "note"),
    )


def _create_duty(actor: User, data: QueryDict) -> Any:
    return services.duty_record_create(
        actor=actor,
        agency=_agency(actor, data),
        kind=_s(data, "kind"),
        held_on=_required_date(data, "held_on", "日期"),
        subject=_s(data, "subject"),
        chaired_by=_s(data, "chaired_by"),
        attendees=_s(data, "attendees"),
        place=_s(data, "place"),
        note=_s(data, "note"),
    )


def _townships(actor: User) -> Choices:
    return tuple((str(a.pk), a.name) for a in agency_list(actor=actor, kind=AgencyKind.TOWNSHIP))


def _bureaus(actor: User) -> Choices:
    return tuple((str(a.pk), a.name) for a in agency_list(actor=actor, kind=AgencyKind.BUREAU))


AGENCY = FormField("agency", "机构", "select")

KINDS: dict[str, Kind] = {
    k.slug: k
    for k in (
        Kind(
            "advisers",
            "法律顾问（公职律师）",
            (
                ("姓名", lambda r: r.name),
                ("类别", lambda r: r.get_kind_display()),
                ("律师事务所或所在单位", lambda r: r.firm),
                ("执业证号", lambda r: r.licence_number or "—"),
                ("聘期", lambda r: f"{_d(r.term_from)} 至 {_d(r.term_until) if r.term_until else '长期'}"),
                ("机构", lambda r: r.agency.name),
            ),
            (
                FormField("agency", "聘请（所在）机构", "select"),
                FormField("kind", "类别", "select"),
                FormField("name", "姓名"),
                FormField("firm", "律师事务所或所在单位"),
                FormField("licence_number", "执业证号（公职律师证号）", required=False),
                FormField("term_from", "聘期（任职）起", "date"),
                FormField("term_until", "聘期（任职）止", "date", required=False, hint="留空为长期"),
            ),
            lambda actor: selectors.adviser_list(actor=actor),
            _create_adviser,
            lambda actor: {"agency": _agencies(actor), "kind": tuple(AdviserKind.choices)},
        ),
        Kind(
            "participations",
            "法律顾问参与",
            (
                ("日期", lambda r: _d(r.on)),
                ("法律顾问", lambda r: r.adviser.name),
                ("参与事项", lambda r: r.get_kind_display()),
                ("所参与记录", lambda r: selectors._target_label(r.target) if r.target else "—"),
                ("参与情况", lambda r: r.note or "—"),
            ),
            (
                FormField("adviser", "法律顾问（公职律师）", "select"),
                FormField("target", "参与事项", "grouped"),
                FormField("on", "参与日期", "date", hint="须在聘期内"),
                FormField("note", "参与情况", "textarea", required=False),
            ),
            lambda actor: selectors.participation_list(actor=actor),
            _create_participation,
            lambda actor: {"adviser": _advisers(actor), "target": selectors.participation_targets(actor=actor)},
        ),
        Kind(
            "opinions",
            "法律意见书",
            (
                ("出具日期", lambda r: _d(r.issued_on)),
                ("事项", lambda r: r.subject),
                ("法律顾问", lambda r: r.adviser.name),
                ("关联", lambda r: r.link or "—"),
            ),
            (
                FormField("adviser", "法律顾问（公职律师）", "select"),
                FormField("issued_on", "出具日期", "date", hint="须在聘期内"),
                FormField("subject", "事项"),
                FormField("link", "关联（文号或链接）", required=False),
                FormField("summary", "意见摘要", "textarea", required=False),
            ),
            lambda actor: selectors.legal_opinion_list(actor=actor),
            _create_opinion,
            lambda actor: {"adviser": _advisers(actor)},
        ),
        Kind(
            "accompaniments",
            "法制人员跟案",
            (
                ("案件", lambda r: str(r.case)),
                ("承办机构", lambda r: r.case.agency.name),
                ("跟案法制人员", lambda r: str(r.legal_officer)),
                ("起始日期", lambda r: _d(r.started_on)),
                ("跟案情况", lambda r: r.note or "—"),
            ),
            (
                FormField("case_number", "案件（立案编号或案源编号）"),
                FormField("legal_officer", "跟案法制人员", "select", hint="不得是本案承办人"),
                FormField("started_on", "跟案起始日期", "date"),
                FormField("note", "跟案情况", "textarea", required=False),
            ),
            lambda actor: selectors.accompaniment_list(actor=actor),
            _create_accompaniment,
            lambda actor: {"legal_officer": _legal_officers(actor)},
        ),
        Kind(
            "consultations",
            "案件会商",
            (
                ("会商日期", lambda r: _d(r.held_on)),
                ("议题", lambda r: r.subject),
                ("参加人员", lambda r: r.participants),
                ("会商案件", lambda r: "、".join(str(c) for c in r.cases.all()) or "—"),
                ("会商意见", lambda r: r.conclusions),
            ),
            (
                FormField("agency", "组织机构", "select"),
                FormField("held_on", "会商日期", "date"),
                FormField("subject", "会商议题"),
                FormField("participants", "参加人员"),
                FormField("case_numbers", "会商案件（立案编号，多个以逗号或空格分隔）", "textarea", required=False),
                FormField("conclusions", "会商意见", "textarea"),
            ),
            lambda actor: selectors.consultation_list(actor=actor),
            _create_consultation,
            lambda actor: {"agency": _agencies(actor)},
        ),
        Kind(
            "township-reviews",
            "乡镇赋权案件审核",
            (
                ("审核日期", lambda r: _d(r.reviewed_on)),
                ("乡镇（街道）", lambda r: r.township.name),
                ("案号", lambda r: r.case_number or str(r.case or "—")),
                ("赋权事项", lambda r: r.item_code),
                ("审核意见", lambda r: r.get_opinion_display()),
                ("审核人员", lambda r: str(r.reviewer)),
            ),
            (
                FormField("agency", "审核机构（局）", "select"),
                FormField("township", "乡镇（街道）", "select"),
                FormField("case_number", "案号", hint="本系统的乡镇案件填立案编号，其余填案号并填写事项编码"),
                FormField("item_code", "赋权事项编码", required=False, hint="案件在本系统时留空"),
                FormField("reviewer", "审核人员", "select"),
                FormField("reviewed_on", "审核日期", "date"),
                FormField("opinion", "审核意见", "select"),
                FormField("note", "意见摘要", "textarea", required=False),
            ),
            lambda actor: selectors.township_review_list(actor=actor),
            _create_township_review,
            lambda actor: {
                "agency": _bureaus(actor) if not scope_for(actor).read_only else (),
                "township": _townships(actor),
                "reviewer": _legal_officers(actor),
                "opinion": tuple(Opinion.choices),
            },
        ),
        Kind(
            "duties",
            "法治建设职责履行",
            (
                ("日期", lambda r: _d(r.held_on)),
                ("类别", lambda r: r.get_kind_display()),
                ("主题", lambda r: r.subject),
                ("主持人（述法人）", lambda r: r.chaired_by),
                ("参加人员", lambda r: r.attendees or "—"),
                ("地点（场合）", lambda r: r.place or "—"),
            ),
            (
                AGENCY,
                FormField("kind", "类别", "select"),
                FormField("held_on", "日期", "date"),
                FormField("subject", "主题"),
                FormField("chaired_by", "主持人（述法时为述法人）"),
                FormField("attendees", "参加人员", required=False, hint="党组会议、局长办公会必填"),
                FormField("place", "地点（述法场合）", required=False, hint="述法必填"),
                FormField("note", "内容摘要", "textarea", required=False),
            ),
            lambda actor: selectors.duty_record_list(actor=actor),
            _create_duty,
            lambda actor: {"agency": _agencies(actor), "kind": tuple(DutyKind.choices)},
        ),
    )
}


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    agency = actor.agency.legal_subject() if actor.agency is not None else None
    year = clock.today().year
    figures = None
    if agency is not None:
        values = annual_figures(
            agency=agency,
            include_subordinates=True,
            start=date(year, 1, 1),
            end=date(year, 12, 31),
            today=clock.today(),
        )
        rate = values["legal_adviser.major_review_rate"]
        figures = {
            **{k.replace(".", "_"): v for k, v in values.items()},
            "major_rate_text": rate.text() if isinstance(rate, Rate) else None,
        }
    return render(
        request, "counsel/index.html", {"kinds": KINDS.values(), "figures": figures, "agency": agency, "year": year}
    )


@login_required
@require_http_methods(["GET", "POST"])
def records(request: HttpRequest, slug: str) -> HttpResponse:
    kind = KINDS.get(slug)
    if kind is None:
        raise Http404
    actor = request_actor(request)
    if request.method == "POST":
        try:
            item = kind.create(actor, request.POST)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已登记{kind.title}：{item}。")
            return redirect("counsel:records", slug=slug)
    page = Paginator(kind.rows(actor), 20).get_page(request.GET.get("page"))
    rows = [[(label, cell(row)) for label, cell in kind.columns] for row in page]
    options = kind.options(actor)
    form = request.POST if request.method == "POST" else QueryDict()
    fields = [{"f": f, "value": form.get(f.name, ""), "options": options.get(f.name, ())} for f in kind.fields]
    writable = not scope_for(actor).read_only
    return render(
        request,
        "counsel/records.html",
        {
            "kind": kind,
            "page": page,
            "rows": rows,
            "fields": fields,
            "writable": writable,
            "default_agency": str(actor.agency_id or ""),
        },
    )
