"""The search key of the case list: the character bigrams of the searched fields of every case."""

from __future__ import annotations

from django.db import models


class CaseSearchGram(models.Model):
    """One character bigram (ASCII letters folded to lower case) found in one of the case's searched fields:
    案源编号, 立案编号, the party's name, 决定书文号 (``fazhi.cases.search``). Kept by the services in the transaction
    that writes the field; ``created_at`` is the case's, so that the grams of one text are read in the list's
    order (newest first) from the index."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+", db_index=False)
    gram = models.CharField(max_length=2)
    created_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["gram", "-created_at", "-case"], name="case_gram_order"),
            models.Index(fields=["case"], name="case_gram_case"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.gram}"
