"""The case API: one router assembled from one module per stage, like the services.

Each action's input schema is in ``fazhi.cases.schemas`` and its service call in ``fazhi.cases.actions``, shared
with the case page.
"""

from __future__ import annotations

from ninja import Router

from fazhi.cases.api import decision, execution, intake, investigation, notice, reads, simple, transfer

router = Router(tags=["案件"])
for _stage in (reads, intake, investigation, notice, decision, execution, transfer, simple):
    router.add_router("", _stage.router)
