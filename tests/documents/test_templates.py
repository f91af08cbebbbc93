"""Templates: the shipped defaults, uploading a replacement (checked), using it, reverting."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.management import call_command

from fazhi.core.errors import PermissionDenied, ValidationError
from fazhi.documents.kinds import SPECS
from fazhi.documents.management.doc_template_builder import build
from fazhi.documents.models import DocumentTemplate, TemplateSource
from fazhi.documents.services import (
    document_generate,
    shipped_template_bytes,
    template_activate,
    template_in_use,
    template_revert,
    template_upload,
)
from tests.cases.flow import registered_case
from tests.documents.conftest import docx_text, stored_bytes


def a_template(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_the_shipped_templates_match_the_build_script() -> None:
    for kind in SPECS:
        assert build(kind) == shipped_template_bytes(kind), f"run fazhi build_doc_templates ({kind})"


def test_the_build_command_writes_every_shipped_template_byte_for_byte(tmp_path) -> None:
    out = io.StringIO()
    call_command("build_doc_templates", directory=tmp_path, stdout=out)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(s.filename for s in SPECS.values())
    for kind, spec in SPECS.items():
        assert (tmp_path / spec.filename).read_bytes() == shipped_template_bytes(kind), kind
    assert str(tmp_path / SPECS["penalty_decision"].filename) in out.getvalue()


def test_a_document_records_the_shipped_template_it_was_made_with(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    doc = document_generate(actor=cast.handler1, case=case, kind="register_approval")
    assert doc.template.source == TemplateSource.SHIPPED and doc.template.agency is None
    assert stored_bytes(doc.template.sha256) == shipped_template_bytes("register_approval")


def test_a_template_with_an_undefined_placeholder_is_refused_and_nothing_is_saved(bureau, cast) -> None:
    bad = a_template("{{ agency.name }}", "当事人：{{ partyname }}，罚款{{ fine_amount }}")
    with pytest.raises(ValidationError) as exc:
        template_upload(
            actor=cast.head, agency=bureau.bureau, kind="penalty_decision", file=bad, filename="决定书.docx"
        )
    assert "未定义的占位符" in exc.value.message and "「partyname」" in exc.value.message
    assert "「fine_amount」" in exc.value.message
    assert not DocumentTemplate.objects.exists()


def test_an_unknown_attribute_is_named_too(bureau, cast) -> None:
    with pytest.raises(ValidationError, match="未定义的占位符「nmae」"):
        template_upload(actor=cast.head, agency=bureau.bureau, kind="reminder", file=a_template("{{ party.nmae }}"))
    assert not DocumentTemplate.objects.exists()


def test_a_file_that_is_not_a_docx_is_refused(bureau, cast) -> None:
    with pytest.raises(ValidationError, match=r"\.docx"):
        template_upload(actor=cast.head, agency=bureau.bureau, kind="reminder", file=b"%PDF-1.4 not a docx")
    with pytest.raises(ValidationError, match="模板语法错误"):
        template_upload(actor=cast.head, agency=bureau.bureau, kind="reminder", file=a_template("{% if party.name %}"))
    assert not DocumentTemplate.objects.exists()


def test_an_uploaded_template_is_used_recorded_and_can_be_reverted(monkeypatch, bureau, cast) -> None:
    case = registered_case(monkeypatch, bureau, cast)
    mine = template_upload(
        actor=cast.head,
        agency=bureau.squad,  # a squad's head acts for its legal subject, the bureau
        kind="register_approval",
        file=a_template("{{ agency.name }}立案审批表（本局格式）", "{{ document.number }}", "当事人：{{ party.name }}"),
        filename="立案审批表.docx",
        note="本局格式",
    )
    assert mine.agency == bureau.bureau and mine.active and mine.source == TemplateSource.UPLOADED
    doc = document_generate(actor=cast.handler1, case=case, kind="register_approval")
    assert doc.template == mine
    text = docx_text(stored_bytes(doc.sha256))
    assert "立案审批表（本局格式）" in text and "当事人：张三" in text and doc.number in text

    shipped = template_revert(actor=cast.head, agency=bureau.bureau, kind="register_approval")
    assert shipped.source == TemplateSource.SHIPPED
    again = document_generate(actor=cast.handler1, case=case, kind="register_approval")
    assert again.template == shipped and again.version == 2

    template_activate(actor=cast.head, template=mine)
    assert template_in_use(agency=bureau.bureau, kind="register_approval") == mine
    # a township uses the bureau's template unless it uploads its own
    assert template_in_use(agency=bureau.township, kind="register_approval") == mine


def test_only_a_head_or_administrator_may_replace_a_template(bureau, cast) -> None:
    with pytest.raises(PermissionDenied):
        template_upload(actor=cast.handler1, agency=bureau.bureau, kind="reminder", file=a_template("{{ party.name }}"))
    with pytest.raises(PermissionDenied):
        template_upload(actor=cast.head, agency=bureau.township, kind="reminder", file=a_template("{{ party.name }}"))
    assert not DocumentTemplate.objects.exists()
    template = template_upload(
        actor=bureau.admin, agency=bureau.township, kind="reminder", file=a_template("{{ party.name }}")
    )
    assert template.agency == bureau.township
