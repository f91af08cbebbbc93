"""The placeholders of a 文书 template, typed: what ``document_context`` returns (docs/documents.md lists them).

Every value is a formatted string, a boolean, a number or a list of these; nothing a template prints is a model.
"""

from __future__ import annotations

from typing import TypedDict


class DiscretionFields(TypedDict):
    """The 裁量 explanation of a report or a decision."""

    present: bool
    tier: str
    fine_range: str
    reasons: str
    rule_set_version: str
    basis: str
    text: str


class AmountFields(TypedDict):
    """处罚种类 and amounts, shared by the report, the notice and the decision."""

    penalty_kinds: str
    fine: str
    fine_words: str
    has_fine: bool
    confiscation: str
    confiscation_words: str
    has_confiscation: bool
    penalty_text: str


class HandlerFields(TypedDict):
    name: str
    certificate_number: str
    is_lead: bool
    unit: str


class AttachmentFields(TypedDict):
    seq: int
    name: str


class ContentsEntry(TypedDict):
    """One line of the 卷内目录."""

    seq: int
    title: str
    number: str
    date: str


class DocumentFields(TypedDict):
    kind: str
    title: str
    number: str
    version: int
    date: str


class AgencyFields(TypedDict):
    name: str
    short_name: str
    code: str
    uscc: str
    unit_name: str


class CaseFields(TypedDict):
    number: str
    lead_number: str
    register_number: str
    procedure: str
    source: str
    state: str
    act_date: str
    act_ended: str
    discovered_on: str
    registered_on: str
    registered_by: str
    not_registered_reason: str
    location: str
    facts: str
    cause: str
    power_item_code: str
    power_item_name: str
    violation_basis: str
    violation_article: str
    penalty_basis: str
    penalty_article: str
    rule_set_version: str
    is_major: bool
    closed_on: str
    close_summary: str
    filed_on: str
    archived_on: str
    archive_number: str


class PartyFields(TypedDict):
    kind: str
    kind_label: str
    is_person: bool
    name: str
    public_name: str
    id_label: str
    id_number: str
    id_number_masked: str
    address: str
    phone: str
    phone_masked: str
    legal_representative: str
    birth_date: str


class PreservationFields(TypedDict):
    present: bool
    goods: str
    saved_on: str
    approved_by: str
    decision_due: str
    decided_on: str
    disposition: str


class ReportFields(AmountFields):
    present: bool
    facts: str
    evidence: str
    proposed_outcome: str
    submitted_by: str
    submitted_on: str
    discretion: DiscretionFields


class LegalReviewFields(TypedDict):
    present: bool
    reviewer: str
    opinion: str
    text: str
    on: str
    after_hearing: bool


class DiscussionFields(TypedDict):
    present: bool
    chair: str
    participants: str
    record: str
    conclusion: str
    conclusion_text: str
    on: str


class NoticeFields(AmountFields):
    present: bool
    served_on: str
    method: str
    representation_until: str
    hearing_right: bool
    hearing_request_until: str
    waived_on: str
    hearing_waived_on: str


class HearingFields(TypedDict):
    present: bool
    requested_on: str
    notice_served_on: str
    date: str
    location: str
    host: str
    public_text: str
    held: bool
    waived: bool
    record: str


class DecisionFields(AmountFields):
    present: bool
    number: str
    decided_on: str
    decided_by: str
    outcome: str
    reasons: str
    out_of_range_reason: str
    process_text: str
    on_spot_text: str
    refused_to_sign: bool
    discretion: DiscretionFields


class RemedyFields(TypedDict):
    reconsideration_body: str
    court: str
    reconsideration_days: str
    lawsuit_months: str
    text: str
    simple_first_reconsideration: bool


class PaymentFields(TypedDict):
    bank: str
    days: str
    due: str
    late_fee_rate: str
    late_fee_warning: str
    text: str
    on_the_spot: bool
    receipt_number: str
    fine_paid: str
    late_fee: str
    late_fee_words: str
    late_fee_paid: str


class ServiceFields(TypedDict):
    document_title: str
    document_number: str
    recipient: str
    address: str
    method: str
    served_on: str
    deemed_served_on: str
    proof: str


class ReminderFields(TypedDict):
    present: bool
    issued_on: str
    served_on: str
    fine_due: str
    fine_due_words: str
    late_fee_due: str
    late_fee_due_words: str
    total: str
    total_words: str
    comply_days: str


class EnforcementFields(TypedDict):
    court: str
    applied_on: str


class TransferFields(TypedDict):
    present: bool
    prior_decision_note: str
    prior_fine: str
    police_decision: str
    police_notified_on: str
    police_document: str
    police_reason: str
    receiving_body: str
    reason: str
    reported_at: str
    approved_at: str
    approved_by: str
    transferred_at: str
    attachments: list[AttachmentFields]


class ClosingFields(TypedDict):
    closed_on: str
    summary: str


class DocumentContext(TypedDict):
    """The whole context of one document: every kind receives the same keys."""

    document: DocumentFields
    today: str
    seal: str
    agency: AgencyFields
    case: CaseFields
    party: PartyFields
    handlers: list[HandlerFields]
    handlers_text: str
    preservation: PreservationFields
    report: ReportFields
    legal_review: LegalReviewFields
    discussion: DiscussionFields
    notice: NoticeFields
    hearing: HearingFields
    decision: DecisionFields
    remedy: RemedyFields
    payment: PaymentFields
    service: ServiceFields
    reminder: ReminderFields
    enforcement: EnforcementFields
    transfer: TransferFields
    closing: ClosingFields
    contents: list[ContentsEntry]
