"""The case list's search (``?q=``): a substring of 案源编号, 立案编号, the party's name or 决定书文号.

The matching is the one the list always had: a ``contains`` on each of the four fields (case-sensitive
``LIKE '%…%'`` on PostgreSQL, SQLite's ``LIKE``, which folds ASCII letters), OR-ed. It is asked in two steps:

1. the **search key** (``CaseSearchGram``): every character bigram of the four fields of a case, ASCII letters
   folded to lower case. A case whose field contains a text of two characters or more has every bigram of the
   (folded) text among its grams, so the cases holding all of them are a superset of the answer; read from the
   index ``(gram, created_at, case)``, never by scanning the party names (pg_trgm has nothing to index in a
   text of two characters);
2. the **recheck**: the old ``contains`` condition, on those candidates only. The answer is therefore exactly the
   old one, on both databases, whatever the grams let through.

Which way the candidates are read depends on how common the text's grams are (one query counts each gram, up
to ``COMMON`` + 1): when its rarest gram is in at most ``COMMON`` cases, their ids are read (intersected with the
other grams in SQL) and the list is asked for those ids only; when every gram is common, the list is walked in its
own order (``-created_at, -id``) with an ``EXISTS`` on each gram, which finds the page's 50 cases among the first
few hundred (``FAZHI_LIST_COUNT_CAP`` bounds the count as for the unfiltered list).

A text of one character has no bigram: it is looked for in the ``SHORT_WINDOW`` newest cases of the filtered list
(``short_window``), which the page says (``search_note``).

The key is kept by the services in the transaction that writes a searched field (``index_cases``: 案源登记, 立案,
决定书文号); ``fazhi cases rebuild-search`` rebuilds it for a database (migration 0009 builds it for existing rows).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from fazhi.cases.models import Case, CaseSearchGram

if TYPE_CHECKING:
    from datetime import datetime

#: A gram found in more cases than this is "common": the list is walked in order rather than the ids read.
COMMON = 5000
#: At most this many of the text's grams (the rarest) narrow the candidates; the recheck does the rest.
MAX_GRAMS = 6
#: A one-character text is looked for in this many of the newest cases of the (filtered) list.
SHORT_WINDOW = 10_000

_ASCII_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def fold(text: str) -> str:
    """``text`` with ASCII letters in lower case: what SQLite's ``LIKE`` ignores, and one character for one."""
    return text.translate(_ASCII_FOLD)


def bigrams(text: str) -> set[str]:
    """The character bigrams of ``text`` (folded)."""
    folded = fold(text)
    return {folded[i : i + 2] for i in range(len(folded) - 1)}


def case_grams(texts: Iterable[str | None]) -> set[str]:
    """The grams of a case: the bigrams of each of its searched fields (a field shorter than two has none)."""
    out: set[str] = set()
    for text in texts:
        if text:
            out |= bigrams(text)
    return out


#: The searched fields, as ``values_list`` paths from the case.
SEARCHED = ("lead_number", "register_number", "party__name", "decision__number")


def index_cases(case_ids: Iterable[int]) -> None:
    """Write the search key of these cases again from their fields (call it after changing a searched field, in the
    same transaction)."""
    ids = sorted(set(case_ids))
    if not ids:
        return
    with transaction.atomic():
        rows = list(Case.objects.filter(pk__in=ids).values_list("pk", "created_at", *SEARCHED))
        CaseSearchGram.objects.filter(case_id__in=ids).delete()
        CaseSearchGram.objects.bulk_create(_gram_rows(rows), batch_size=2000)


def _gram_rows(rows: Iterable[tuple[Any, ...]]) -> list[CaseSearchGram]:
    out: list[CaseSearchGram] = []
    for pk, created_at, *texts in rows:
        out.extend(CaseSearchGram(case_id=pk, gram=g, created_at=created_at) for g in sorted(case_grams(texts)))
    return out


def gram_values(case_id: int, created_at: datetime, texts: Iterable[str | None]) -> list[tuple[Any, ...]]:
    """The ``(case_id, gram, created_at)`` rows of one case, for a loader writing them directly (the bench)."""
    return [(case_id, g, created_at) for g in sorted(case_grams(texts))]


def rebuild(*, chunk: int = 5000) -> int:
    """The whole search key again, from every case (``fazhi cases rebuild-search``, migration 0009); the number of
    grams. On PostgreSQL one ``INSERT … SELECT`` with the indexes dropped and made again after (a county's decade is
    tens of millions of grams: row by row from Python it took 4.5 min at 100k cases); elsewhere in chunks."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            return rebuild_in_sql(connection)
        CaseSearchGram.objects.all().delete()
        total, last = 0, 0
        while True:
            rows = list(
                Case.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "created_at", *SEARCHED)[:chunk]
            )
            if not rows:
                return total
            grams = _gram_rows(rows)
            CaseSearchGram.objects.bulk_create(grams, batch_size=2000)
            total += len(grams)
            last = rows[-1][0]


#: The grams of every case in one statement: each searched field folded as ``fold`` does (``translate`` of the
#: ASCII capitals), cut into its bigrams by ``generate_series`` (a field shorter than two has none), distinct per
#: case. The same rows as ``case_grams`` (tested against it).
_GRAMS_SQL = """
INSERT INTO cases_casesearchgram (case_id, gram, created_at)
SELECT DISTINCT c.id, substr(t.text, i, 2), c.created_at
FROM cases_case c
JOIN cases_party p ON p.id = c.party_id
LEFT JOIN cases_decision d ON d.case_id = c.id
CROSS JOIN LATERAL unnest(ARRAY[c.lead_number, c.register_number, p.name, d.number]) AS f(value)
CROSS JOIN LATERAL (SELECT translate(f.value, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')) AS t(text)
CROSS JOIN LATERAL generate_series(1, length(t.text) - 1) AS i
"""

_GRAM_INDEXES = (
    "CREATE INDEX case_gram_order ON cases_casesearchgram (gram, created_at DESC, case_id DESC)",
    "CREATE INDEX case_gram_case ON cases_casesearchgram (case_id)",
)


def rebuild_in_sql(db: Any, *, indexes: bool = True) -> int:
    """The PostgreSQL rebuild on the connection ``db``. Migration 0009 passes ``indexes=False``: the table it has
    just created has no index yet (Django creates them at the end of the migration)."""
    with db.cursor() as cursor:
        # checked at each statement: no deferred check may be pending on a table truncated or indexed
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE cases_casesearchgram")
        if indexes:
            cursor.execute("DROP INDEX IF EXISTS case_gram_order")
            cursor.execute("DROP INDEX IF EXISTS case_gram_case")
        cursor.execute(_GRAMS_SQL)
        total = cursor.rowcount
        if indexes:
            for statement in _GRAM_INDEXES:
                cursor.execute(statement)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are INITIALLY DEFERRED
        cursor.execute("ANALYZE cases_casesearchgram")
    return int(total)


def contains_q(text: str) -> Q:
    """The list's matching, as it always was: a ``contains`` on each searched field, OR-ed."""
    return (
        Q(register_number__contains=text)
        | Q(lead_number__contains=text)
        | Q(party__name__contains=text)
        | Q(decision__number__contains=text)
    )


def short_window(text: str) -> bool:
    """Whether ``text`` is looked for in the newest ``SHORT_WINDOW`` cases only (one character: no bigram)."""
    return len(text) < 2


def search_note(text: str) -> str:
    """What the list says of a search that is not over every case ("" when it is)."""
    if text and short_window(text):
        return f"单字检索只查最近的{SHORT_WINDOW:,}件案件；请输入两个字以上以检索全部案件。"
    return ""


def gram_counts(grams: list[str]) -> dict[str, int]:
    """How many cases hold each gram, counted up to ``COMMON`` + 1 (one query, served by the index)."""
    table = connection.ops.quote_name(CaseSearchGram._meta.db_table)
    part = f"(SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE gram = %s LIMIT {COMMON + 1}) g)"
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join([part] * len(grams)), grams)
        row = cursor.fetchone()
    return dict(zip(grams, row, strict=True))


def _holds(gram: str, case: str) -> Exists:
    return Exists(CaseSearchGram.objects.filter(gram=gram, case_id=OuterRef(case), created_at=OuterRef("created_at")))


def search(qs: QuerySet[Case], text: str) -> QuerySet[Case]:
    """The cases of ``qs`` whose searched fields contain ``text`` (``contains_q``), found through the key."""
    exact = contains_q(text)
    if short_window(text):
        # the window as a bound on the list's order (its last case), which the order index serves
        last = qs.values_list("created_at", "pk")[SHORT_WINDOW - 1 : SHORT_WINDOW].first()
        if last is not None:
            qs = qs.filter(Q(created_at__gt=last[0]) | Q(created_at=last[0], pk__gte=last[1]))
        return qs.filter(exact)
    counts = gram_counts(sorted(bigrams(text)))
    grams = sorted(counts, key=lambda g: (counts[g], g))[:MAX_GRAMS]
    rarest, others = grams[0], grams[1:]
    if counts[rarest] == 0:
        return qs.none()
    if counts[rarest] <= COMMON:
        candidates = CaseSearchGram.objects.filter(gram=rarest)
        for gram in others:
            candidates = candidates.filter(_holds(gram, "case_id"))
        ids = list(candidates.values_list("case_id", flat=True))
        return qs.filter(pk__in=ids).filter(exact)
    for gram in grams:
        qs = qs.filter(_holds(gram, "pk"))
    return qs.filter(exact)
