"""The portal's full-text index: which records are public, the entry each one gives, and the search over them.

A *source* says, for one kind of record, whether a record is public and what its entry is (``entry_for``: None when
it is not public), and which records to index from scratch (``public_rows``). The index is kept current in the
transaction that changes a record: a save or delete of a source's model (or of a model a source depends on, such
as a rule set for its items) re-indexes the records concerned (``connect_signals``), so a record is never public in
the index and unpublished in its app, or the other way round. A record that leaves the public by the calendar alone
(a decision's publication period ends) leaves the results on that day through the entry's ``public_until``.

The search: SQLite FTS5 (``portal_search_fts``, external content over ``portal_searchentry.words``, kept by
triggers) on the embedded default; PostgreSQL's generated ``search_vector`` (``array_to_tsvector`` of the words,
so no text-search parser or locale touches the Chinese words) with a GIN index in production. Each query word must
be found, as a word or as the start of one; results are ranked (bm25 / ts_rank), then newest first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, models, transaction
from django.db.models.signals import post_delete, post_save

from fazhi.agencies.models import Certificate, CertificateStatus, Officer
from fazhi.core import clock
from fazhi.portal.models import SearchEntry, TypicalCase, TypicalCaseStatus
from fazhi.portal.tokens import document_words, query_words
from fazhi.powers.domain import RuleSetStatus
from fazhi.powers.models import PowerItem, RuleSet
from fazhi.publicity.models import Publication, PublicationKind, PublicationStatus
from fazhi.rules.masking import mask_text

_NON_WORD = re.compile(r"\W", re.UNICODE)
SUMMARY_LENGTH = 160


@dataclass(frozen=True)
class Entry:
    source: str
    object_id: int
    title: str
    summary: str
    url: str
    text: str
    public_from: date | None = None
    public_until: date | None = None


@dataclass(frozen=True)
class Source:
    name: str
    label: str
    model: type[models.Model]
    entry_for: Callable[[Any], Entry | None]
    public_rows: Callable[[], Iterable[Any]]


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


# --- the sources -------------------------------------------------------------------------------------------------


def _decision_entry(p: Publication) -> Entry | None:
    """A penalty decision in its publication period: the masked snapshot the publicity app made."""
    if p.kind != PublicationKind.DECISION or p.status != PublicationStatus.PUBLISHED or p.published_on is None:
        return None
    s = p.snapshot or {}
    parts = [s.get(k, "") for k in ("decision_number", "party_name", "violation_type", "facts", "penalty_basis")]
    parts += [s.get("penalty_content", ""), s.get("agency", "")]
    return Entry(
        source="decision",
        object_id=p.pk,
        title=f"{s.get('decision_number') or p.number} {s.get('party_name') or p.public_name}".strip(),
        summary=_short(f"{s.get('violation_type', '')}：{s.get('penalty_content', '')}"),
        url=f"/public/decisions/{p.pk}/",
        text=" ".join(str(x) for x in parts if x),
        public_from=p.published_on,
        public_until=p.publish_until,
    )


def _withdrawal_entry(p: Publication) -> Entry | None:
    """A decision withdrawn after it had been public, with its reason (行政处罚法 第四十八条第二款)."""
    if p.kind != PublicationKind.DECISION or p.status != PublicationStatus.WITHDRAWN or p.published_on is None:
        return None
    return Entry(
        source="withdrawal",
        object_id=p.pk,
        title=f"撤回公示：{p.number}",
        summary=_short(p.withdrawal_reason),
        url="/public/decisions/withdrawn/",
        text=f"{p.number} {p.public_name} 撤回 {p.withdrawal_reason}",
        public_from=p.withdrawn_on,
        public_until=p.publish_until,
    )


def _publications() -> Iterable[Publication]:
    return Publication.objects.filter(kind=PublicationKind.DECISION, published_on__isnull=False).iterator()


def _power_item_entry(item: PowerItem) -> Entry | None:
    """An item of a published version of a power list, public for the days that version is in force."""
    rs = item.rule_set
    if rs.status not in (RuleSetStatus.ACTIVE, RuleSetStatus.RETIRED):
        return None
    return Entry(
        source="power_item",
        object_id=item.pk,
        title=f"{item.code} {item.name}",
        summary=_short(f"{item.get_domain_display()} · {item.get_kind_display()} · {rs.version_label}"),
        url=f"/public/powers/items/{item.pk}/",
        text=" ".join([item.code, item.name, item.violation_basis, item.penalty_basis, item.source, item.remark]),
        public_from=rs.effective_from,
        public_until=rs.effective_until,
    )


def _power_items() -> Iterable[PowerItem]:
    return (
        PowerItem.objects.select_related("rule_set")
        .filter(rule_set__status__in=[RuleSetStatus.ACTIVE, RuleSetStatus.RETIRED])
        .iterator()
    )


def officer_public_certificates(officer: Officer, *, on: date) -> list[Certificate]:
    """The certificates of an officer in post that let him act on ``on``: what 执法人员公示 shows."""
    if not officer.is_active:
        return []
    return [
        c
        for c in officer.certificates.all()
        if c.status == CertificateStatus.VALID and c.valid_from <= on <= c.valid_until
    ]


def _officer_entry(officer: Officer) -> Entry | None:
    """An officer in post with a valid certificate: name, unit, certificate number and validity, nothing else."""
    today = clock.today()
    certificates = officer_public_certificates(officer, on=today)
    if not certificates:
        return None
    numbers = " ".join(c.number for c in certificates)
    return Entry(
        source="officer",
        object_id=officer.pk,
        title=f"{officer.name}（{officer.agency.name}）",
        summary=f"执法证号 {numbers}",
        url="/public/officers/",
        text=f"{officer.name} {officer.agency.name} {numbers}",
        public_from=min(c.valid_from for c in certificates),
        public_until=max(c.valid_until for c in certificates),
    )


def _officers() -> Iterable[Officer]:
    return (
        Officer.objects.select_related("agency")
        .prefetch_related("certificates")
        .filter(is_active=True)
        .iterator(chunk_size=500)
    )


def _typical_case_entry(tc: TypicalCase) -> Entry | None:
    if tc.status != TypicalCaseStatus.PUBLISHED:
        return None
    return Entry(
        source="typical_case",
        object_id=tc.pk,
        title=tc.title,
        summary=_short(mask_text(tc.facts)),
        url=f"/public/typical-cases/{tc.pk}/",
        text=" ".join([tc.title, mask_text(tc.facts), mask_text(tc.lesson)]),
        public_from=tc.published_on,
    )


def _typical_cases() -> Iterable[TypicalCase]:
    return TypicalCase.objects.filter(status=TypicalCaseStatus.PUBLISHED).iterator()


SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        Source("decision", "行政处罚决定", Publication, _decision_entry, _publications),
        Source("withdrawal", "撤回公示", Publication, _withdrawal_entry, _publications),
        Source("power_item", "权责清单事项", PowerItem, _power_item_entry, _power_items),
        Source("officer", "执法人员", Officer, _officer_entry, _officers),
        Source("typical_case", "以案释法", TypicalCase, _typical_case_entry, _typical_cases),
    )
}


def register(source: Source) -> None:
    """Adds a source (an app above the portal's sources, or a test)."""
    SOURCES[source.name] = source


# --- writing the index -------------------------------------------------------------------------------------------


def _store(entry: Entry) -> None:
    SearchEntry.objects.update_or_create(
        source=entry.source,
        object_id=entry.object_id,
        defaults={
            "title": entry.title[:300],
            "summary": entry.summary[:500],
            "url": entry.url,
            "words": document_words(f"{entry.title} {entry.text}"),
            "public_from": entry.public_from,
            "public_until": entry.public_until,
            "indexed_at": clock.now(),
        },
    )


def index_record(instance: models.Model) -> None:
    """Re-indexes one record under every source of its model: stored when public, removed when not."""
    for source in SOURCES.values():
        if not isinstance(instance, source.model):
            continue
        entry = source.entry_for(instance)
        if entry is None:
            SearchEntry.objects.filter(source=source.name, object_id=instance.pk).delete()
        else:
            _store(entry)


def unindex_record(model: type[models.Model], pk: Any) -> None:
    names = [s.name for s in SOURCES.values() if issubclass(model, s.model)]
    SearchEntry.objects.filter(source__in=names, object_id=pk).delete()


@transaction.atomic
def reindex(*, sources: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuilds the index of the given sources (all by default) from their records; returns the entries per source."""
    counts: dict[str, int] = {}
    for name in sources or list(SOURCES):
        source = SOURCES[name]
        SearchEntry.objects.filter(source=name).delete()
        n = 0
        for row in source.public_rows():
            entry = source.entry_for(row)
            if entry is not None:
                _store(entry)
                n += 1
        counts[name] = n
    return counts


def _on_save(sender: type[models.Model], instance: models.Model, raw: bool = False, **_: Any) -> None:
    if raw:  # a fixture being loaded: `fazhi portal reindex` builds the index afterwards
        return
    if isinstance(instance, RuleSet):
        for item in instance.items.select_related("rule_set").all():
            index_record(item)
    elif isinstance(instance, Certificate):
        index_record(Officer.objects.select_related("agency").get(pk=instance.officer_id))
    else:
        index_record(instance)


def _on_delete(sender: type[models.Model], instance: models.Model, **_: Any) -> None:
    unindex_record(sender, instance.pk)


_DEPENDENTS: tuple[type[models.Model], ...] = (RuleSet, Certificate)


def connect_signals() -> None:
    models_seen: set[type[models.Model]] = set()
    for source in SOURCES.values():
        models_seen.add(source.model)
    for model in (*models_seen, *_DEPENDENTS):
        post_save.connect(_on_save, sender=model, dispatch_uid=f"portal-index-{model._meta.label_lower}")
    for model in models_seen:
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"portal-unindex-{model._meta.label_lower}")


# --- searching -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    source: str
    label: str
    title: str
    summary: str
    url: str


@dataclass(frozen=True)
class SearchPage:
    query: str
    words: list[str]
    hits: list[Hit]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _match_sql(words: list[str]) -> tuple[str, str, str]:
    """(FROM-and-WHERE fragment, rank expression, the parameter) for the backend in use."""
    clean = [w for w in (_NON_WORD.sub("", w) for w in words) if w]
    if connection.vendor == "postgresql":
        query = " & ".join(f"'{w}':*" for w in clean)
        return (
            "portal_searchentry e WHERE e.search_vector @@ %s::tsquery",
            "ts_rank(e.search_vector, %s::tsquery) DESC",
            query,
        )
    query = " ".join(f'"{w}"*' for w in clean)
    return (
        "portal_search_fts f JOIN portal_searchentry e ON e.id = f.rowid WHERE portal_search_fts MATCH %s",
        "bm25(portal_search_fts)",
        query,
    )


def search(*, query: str, page: int = 1, per_page: int = 20, today: date | None = None, source: str = "") -> SearchPage:
    """The public records that hold every word of ``query``, best first, one page of them; ``source`` narrows
    them to one kind (a name of ``SOURCES``; another name finds nothing)."""
    today = today or clock.today()
    words = [w for w in query_words(query[:100]) if _NON_WORD.sub("", w)]
    if not words:
        return SearchPage(query=query, words=[], hits=[], total=0, page=1, per_page=per_page)
    where, rank, param = _match_sql(words)
    live = " AND (e.public_from IS NULL OR e.public_from <= %s) AND (e.public_until IS NULL OR e.public_until >= %s)"
    live_params: list[Any] = [today, today]
    if source:
        live += " AND e.source = %s"
        live_params.append(source)
    with connection.cursor() as cur:
        cur.execute(f"SELECT COUNT(*) FROM {where}{live}", [param, *live_params])
        total = int(cur.fetchone()[0])
        pages = max(1, -(-total // per_page))
        page = min(max(page, 1), pages)
        rank_params = [param] if "%s" in rank else []
        cur.execute(
            f"SELECT e.source, e.title, e.summary, e.url FROM {where}{live} "
            f"ORDER BY {rank}, e.public_from DESC, e.id DESC LIMIT %s OFFSET %s",
            [param, *live_params, *rank_params, per_page, (page - 1) * per_page],
        )
        rows = cur.fetchall()
    hits = [
        Hit(source=s, label=SOURCES[s].label if s in SOURCES else s, title=t, summary=m, url=u) for s, t, m, u in rows
    ]
    return SearchPage(query=query, words=words, hits=hits, total=total, page=page, per_page=per_page)
