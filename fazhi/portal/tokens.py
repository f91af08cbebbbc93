"""Chinese text → the space-separated words the full-text index stores and a query is matched by.

jieba's search mode cuts a text into its words and, for a long word, also the shorter words of its dictionary
inside it (占道经营 → 占道 经营 占道经营), so that a two-character query finds the longer word. The dictionary is
jieba's own plus the bureau's terms in ``dictionary.txt`` (城管's words that jieba's general dictionary splits, such
as 占道经营 or 违法建设). Latin letters are lower-cased; punctuation is dropped. Both backends (SQLite FTS5 and
PostgreSQL's ``simple`` configuration) then only split on the spaces, so the two behave alike.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

import jieba

_DICTIONARY = Path(__file__).with_name("dictionary.txt")
_WORD_RE = re.compile(r"\w", re.UNICODE)
_MAX_QUERY_WORDS = 12
_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None


def _jieba() -> jieba.Tokenizer:
    """One tokenizer per process, its dictionary loaded on first use (about a second)."""
    global _tokenizer  # noqa: PLW0603 — a lazily built process-wide tokenizer
    with _lock:
        if _tokenizer is None:
            jieba.setLogLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            tok.load_userdict(str(_DICTIONARY))
            _tokenizer = tok
        return _tokenizer


def _clean(words: list[str]) -> list[str]:
    return [w.lower() for w in (w.strip() for w in words) if w and _WORD_RE.search(w)]


def document_words(text: str) -> str:
    """The words of ``text`` for the index (search mode: a long word and the dictionary words inside it)."""
    if not text:
        return ""
    return " ".join(_clean(list(_jieba().cut_for_search(text))))


def query_words(query: str) -> list[str]:
    """The words of a query, each of which a document must hold (precise mode; at most twelve, repeated once)."""
    seen: dict[str, None] = {}
    for word in _clean(list(_jieba().cut(query))):
        seen.setdefault(word, None)
    return list(seen)[:_MAX_QUERY_WORDS]
