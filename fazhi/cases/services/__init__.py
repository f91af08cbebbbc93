"""Case transitions, one module per stage. Import from here: ``from fazhi.cases import services``."""

from fazhi.cases.services.consent import (
    electronic_service_consent,
    service_consent_record,
    service_consent_withdraw,
)
from fazhi.cases.services.decision import case_decide
from fazhi.cases.services.execution import (
    arrangement_approve,
    case_archive,
    case_close,
    court_enforcement_apply,
    court_enforcement_update,
    decision_serve,
    payment_record,
    reminder_issue,
)
from fazhi.cases.services.intake import case_decline, case_open, case_register, number_next
from fazhi.cases.services.investigation import (
    case_extend,
    case_flags_set,
    case_resume,
    case_suspend,
    handler_add,
    investigation_conclude,
    preservation_approve,
    preservation_decide,
    recusal_apply,
    recusal_decide,
    seizure_approve,
    seizure_extend,
    seizure_release,
)
from fazhi.cases.services.notice import (
    hearing_record,
    hearing_request,
    hearing_schedule,
    notice_issue,
    notice_waive,
    representation_record,
)
from fazhi.cases.services.review import case_review_record, discussion_record, legal_review_record
from fazhi.cases.services.simple import form_stock_receive, simple_case_decide, simple_case_file
from fazhi.cases.services.transfer import transfer_approve, transfer_complete, transfer_refuse, transfer_report

__all__ = [
    "arrangement_approve",
    "case_archive",
    "case_close",
    "case_decide",
    "case_decline",
    "case_extend",
    "case_flags_set",
    "case_open",
    "case_register",
    "case_resume",
    "case_review_record",
    "case_suspend",
    "court_enforcement_apply",
    "court_enforcement_update",
    "decision_serve",
    "discussion_record",
    "electronic_service_consent",
    "form_stock_receive",
    "handler_add",
    "hearing_record",
    "hearing_request",
    "hearing_schedule",
    "investigation_conclude",
    "legal_review_record",
    "notice_issue",
    "notice_waive",
    "number_next",
    "payment_record",
    "preservation_approve",
    "preservation_decide",
    "recusal_apply",
    "recusal_decide",
    "reminder_issue",
    "representation_record",
    "seizure_approve",
    "seizure_extend",
    "seizure_release",
    "service_consent_record",
    "service_consent_withdraw",
    "simple_case_decide",
    "simple_case_file",
    "transfer_approve",
    "transfer_complete",
    "transfer_refuse",
    "transfer_report",
]
