from __future__ import annotations

from typing import Any

from django.apps import AppConfig

from fazhi import rules


class LegalAffairsConfig(AppConfig):
    name = "fazhi.legal_affairs"
    label = "legal_affairs"
    verbose_name = "法制工作（复议、诉讼、决策、文件、合同、调处、培训、普法）"

    def ready(self) -> None:
        # fazhi.core.calendar imports core's models, which cannot load before the app registry
        from fazhi.core.calendar import register_provisional_field  # noqa: PLC0415

        # the model through the registry: models.py cannot be imported when apps.py loads
        reconsiderations = self.get_model("Reconsideration")

        def reply(item: Any) -> Any:
            return rules.reconsideration_reply_deadline(item.received_on, simplified=item.simplified)

        def case_reply(remedy: Any) -> Any:
            item = reconsiderations._default_manager.filter(case_remedy=remedy).first()
            return reply(item) if item is not None else None

        # The 答复 period counts working days (行政复议法 第四十八条、第五十四条、第八十八条).
        register_provisional_field("legal_affairs.Reconsideration", "reply_due", "行政复议答复期限", reply)
        register_provisional_field("cases.CaseRemedy", "reply_due", "行政复议答复期限", case_reply)
