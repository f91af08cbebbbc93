"""Writes of the legal work, one module per sub-domain: 复议, 诉讼 (负责人出庭), 重大行政决策, 规范性文件, 合同审查,
调处, 培训/考试, 普法.

Every service takes the acting user first, checks scope and role, validates before it writes, and records an
audit event in the same transaction; a refusal raises an ``ApplicationError`` and nothing is saved.
"""

from fazhi.legal_affairs.services.common import LAWYER_ONLY_REFUSAL, LEGAL_ROLES
from fazhi.legal_affairs.services.contracts import ContractReviewFields, contract_review_create, contract_review_update
from fazhi.legal_affairs.services.legal_education import legal_education_create, legal_education_update_views
from fazhi.legal_affairs.services.litigation import (
    litigation_decide,
    litigation_defend,
    litigation_record_hearing,
    litigation_register,
)
from fazhi.legal_affairs.services.mediation import mediation_close, mediation_register
from fazhi.legal_affairs.services.normative_documents import (
    NormativeDocumentFields,
    normative_document_create,
    normative_document_update,
)
from fazhi.legal_affairs.services.policy_decisions import (
    major_policy_decision_adopt,
    major_policy_decision_create,
    major_policy_decision_update_steps,
)
from fazhi.legal_affairs.services.reconsideration import (
    reconsideration_decide,
    reconsideration_register,
    reconsideration_reply,
)
from fazhi.legal_affairs.services.training import (
    exam_create,
    exam_result_record,
    training_attendance_add,
    training_create,
)

__all__ = [
    "LAWYER_ONLY_REFUSAL",
    "LEGAL_ROLES",
    "ContractReviewFields",
    "NormativeDocumentFields",
    "contract_review_create",
    "contract_review_update",
    "exam_create",
    "exam_result_record",
    "legal_education_create",
    "legal_education_update_views",
    "litigation_decide",
    "litigation_defend",
    "litigation_record_hearing",
    "litigation_register",
    "major_policy_decision_adopt",
    "major_policy_decision_create",
    "major_policy_decision_update_steps",
    "mediation_close",
    "mediation_register",
    "normative_document_create",
    "normative_document_update",
    "reconsideration_decide",
    "reconsideration_register",
    "reconsideration_reply",
    "training_attendance_add",
    "training_create",
]
