from __future__ import annotations

import pytest

from fazhi.accounts.models import Role
from fazhi.agencies.selectors import access_agency, access_officer, agency_list, officer_list
from fazhi.agencies.services import officer_create
from fazhi.core.errors import NotFoundOrForbidden, PermissionDenied


def test_a_squad_sees_its_own_officers_only(bureau, make_user, make_officer) -> None:
    mine = make_officer(bureau.squad, "东队员")
    theirs = make_officer(bureau.squad2, "西队员")
    leader = make_user(bureau.squad, Role.SQUAD_LEADER)
    assert list(officer_list(actor=leader)) == [mine]
    with pytest.raises(NotFoundOrForbidden) as not_allowed:
        access_officer(actor=leader, officer_id=theirs.pk)
    with pytest.raises(NotFoundOrForbidden) as not_found:
        access_officer(actor=leader, officer_id=999_999)
    assert not_allowed.value.message == not_found.value.message == "执法人员不存在或您无权访问。"


def test_the_bureau_sees_its_squads_and_townships(bureau, make_user) -> None:
    head = make_user(bureau.bureau, Role.HEAD)
    names = {a.name for a in agency_list(actor=head)}
    assert {"城东中队", "城西中队", "示范市南山镇人民政府"} <= names
    assert "示范市司法局" not in names


def test_the_justice_bureau_sees_everything_and_changes_nothing(bureau, make_user, make_officer) -> None:
    officer = make_officer(bureau.squad2)
    supervisor = make_user(bureau.justice, Role.SUPERVISOR)
    assert access_officer(actor=supervisor, officer_id=officer.pk) == officer
    assert access_agency(actor=supervisor, agency_id=bureau.squad.pk) == bureau.squad
    with pytest.raises(PermissionDenied, match="只能查看"):
        officer_create(actor=supervisor, agency=bureau.squad, name="不该建")


def test_a_clerk_cannot_register_officers_of_another_squad(bureau, make_user) -> None:
    clerk = make_user(bureau.squad, Role.CLERK)
    with pytest.raises(PermissionDenied, match="无权办理「城西中队」"):
        officer_create(actor=clerk, agency=bureau.squad2, name="越权")


def test_a_user_of_an_agency_with_a_malformed_path_sees_nothing(bureau, make_user) -> None:
    from fazhi.agencies.models import Agency
    from fazhi.agencies.scope import scope_for

    user = make_user(bureau.squad, Role.OFFICER)
    Agency.objects.filter(pk=bureau.squad.pk).update(path="")
    user.agency.refresh_from_db()
    scope = scope_for(user)
    assert scope.read_only
    assert list(agency_list(actor=user)) == []
