"""法制工作 API: list, create and update 复议, 诉讼, 重大行政决策, 规范性文件, 合同审查, 调处, 培训, 考试, 普法;
and the annual-report figures computed from them. One module per sub-domain, all on one router (mounted by
``fazhi.core.api``); each module is imported here so that its endpoints register."""

from fazhi.legal_affairs.api import (
    contracts,
    figures,
    legal_education,
    litigation,
    mediation,
    normative_documents,
    policy_decisions,
    reconsideration,
    training,
)
from fazhi.legal_affairs.api.common import router

__all__ = [
    "contracts",
    "figures",
    "legal_education",
    "litigation",
    "mediation",
    "normative_documents",
    "policy_decisions",
    "reconsideration",
    "router",
    "training",
]
