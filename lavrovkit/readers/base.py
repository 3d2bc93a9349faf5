"""What every reader shares: the document and result types, the reader registry, skip records.

A *reader* turns one kind of file into text or rows. Readers are registered by
kind with :func:`register`, and found by file name with :func:`reader_for`, so
adding an input format is one decorated function (in the module of its role,
imported by :mod:`lavrovkit.readers`):

- ``role="document"``: one file is one document; ``read(data: bytes) -> Decoded``
  (kinds ``text``, ``markdown``, ``html``);
- ``role="table"``: one document per row; ``read(path: Path) -> TableData``
  (``csv``, ``tsv``, ``jsonl``, ``json``, ``parquet``);
- ``role="archive"``: the files of a corpus packed in one file;
  ``read(path: Path, limits: ArchiveLimits) -> Listing`` (``zip``, ``tar``).

>>> import lavrovkit.readers                        # registers the shipped readers
>>> reader_for("speeches/2019/SWE_74_2019.TXT").kind, reader_for("ungdc.tar.gz").role
('text', 'archive')
>>> suffixes("document")
('.txt', '.md', '.html', '.htm')
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from lavrovkit.errors import CorpusWarning, ParameterError
from lavrovkit.webpage import looks_like_html

#: Column names that hold the text of a table row, in order of preference.
TEXT_COLUMNS = ("text", "content", "body", "speech", "transcript", "full_text", "article")
ID_COLUMNS = ("id", "doc_id")
CATALOG_NAME = "catalog.csv"
CATALOG_COLUMNS = ("id", "file", "date", "date_precision", "source", "genre", "title", "dateline", "speaker", "notes")
PRECISIONS = ("day", "month", "year", "unknown")
#: Columns of the documents table that metadata must not overwrite (such fields get a prefix).
RESERVED_FIELDS = frozenset({"id", "doc_id", "file", "text", "raw", "words", "encoding", "key"})

#: The kind of documents that are HTML pages (whatever their file name says).
HTML_KIND = "html"

Role = Literal["document", "table", "archive"]
ROLES: tuple[Role, ...] = ("document", "table", "archive")


@dataclass
class RawDocument:
    """One document as read: decoded text, its kind and the metadata its input declares.

    ``doc_id`` is the catalog id, the table's id column or the path relative to
    the root without extension (``"2019/SWE_74_2019"``); ``file`` the path
    relative to the root (``"speeches.csv#row=12"`` for table rows, 1-based).
    ``kind`` is the registered document kind of the text (``"text"``,
    ``"markdown"``, ``"html"``): a ``.txt`` file or a table cell holding an
    HTML page is ``"html"``; ``is_html`` follows from it.

    >>> RawDocument("a", "a.htm", "<p>Hi</p>", "html").is_html
    True
    """

    doc_id: str
    file: str
    raw: str
    kind: str
    meta: dict[str, Any] = field(default_factory=dict)
    meta_origin: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    notes: list[str] = field(default_factory=list)
    #: Where a field's value was found, when more can be said than its origin
    #: (``"speakers.csv row 12 (country=country_code, year)"`` for a joined table).
    meta_evidence: dict[str, str] = field(default_factory=dict)

    @property
    def is_html(self) -> bool:
        """Is the text an HTML page (to be read by :func:`lavrovkit.webpage.read_page`)? Decided by ``kind``."""
        return is_html_kind(self.kind)


@dataclass
class LoadResult:
    """What :func:`lavrovkit.readers.read_corpus` read: the documents, what it skipped and why, the root and the catalog(s) used.

    ``catalog`` names the catalog and/or the joined table (``"a/catalog.csv; a/speakers.csv"``);
    ``catalog_join`` says how a table was joined, e.g. ``"speakers.csv (country=country_code, year):
    3638 of 3646 documents"``.
    """

    documents: list[RawDocument]
    skipped: list[dict[str, str]]
    root: str
    catalog: str | None
    catalog_join: str | None = None


# ---------------------------------------------------------------------- the registry


@dataclass(frozen=True)
class Reader:
    """A registered reader: its kind, the file name endings it reads, its role and function."""

    kind: str
    suffixes: tuple[str, ...]
    role: Role
    read: Callable[..., Any]
    #: Documents of this kind are HTML pages.
    html: bool = False


#: Every registered reader by kind, in registration order.
READERS: dict[str, Reader] = {}

F = TypeVar("F", bound=Callable[..., Any])


def register(kind: str, *, suffixes: tuple[str, ...], role: Role, html: bool = False) -> Callable[[F], F]:
    """Register the decorated function as the reader of ``kind`` for files ending in ``suffixes``.

    >>> @register("example-notes", suffixes=(".notes",), role="document")
    ... def _read_notes(data: bytes) -> str:
    ...     return data.decode("utf-8")
    >>> reader_for("memo.notes").kind
    'example-notes'
    >>> del READERS["example-notes"]
    """
    if role not in ROLES:
        raise ParameterError(f"register({kind!r}): role {role!r} is not one of {', '.join(ROLES)}")
    low = tuple(s.lower() for s in suffixes)
    if not low or any(not s.startswith(".") for s in low):
        raise ParameterError(f"register({kind!r}): suffixes must start with '.', e.g. ('.txt',)")

    def deco(fn: F) -> F:
        if kind in READERS and READERS[kind].read is not fn:
            raise ParameterError(f"register({kind!r}): a reader of that kind is already registered")
        taken = {s: r.kind for r in READERS.values() if r.kind != kind for s in r.suffixes}
        clash = [f"{s} ({taken[s]})" for s in low if s in taken]
        if clash:
            raise ParameterError(f"register({kind!r}): suffix(es) already read by another kind: {', '.join(clash)}")
        READERS[kind] = Reader(kind, low, role, fn, html)
        return fn

    return deco


def reader_for(name: str, role: Role | None = None) -> Reader | None:
    """The reader of a file by its name (the longest matching ending wins), or None.

    >>> reader_for("a.tgz").kind, reader_for("a.pdf")
    ('tar', None)
    """
    low = name.lower()
    best: tuple[int, Reader] | None = None
    for reader in READERS.values():
        if role is not None and reader.role != role:
            continue
        for suffix in reader.suffixes:
            if low.endswith(suffix) and (best is None or len(suffix) > best[0]):
                best = (len(suffix), reader)
    return best[1] if best else None


def suffixes(role: Role) -> tuple[str, ...]:
    """The file name endings the readers of a role read, in registration order."""
    return tuple(s for r in READERS.values() if r.role == role for s in r.suffixes)


def is_html_kind(kind: str) -> bool:
    """Is ``kind`` a registered kind of HTML documents?

    >>> is_html_kind("html"), is_html_kind("text")
    (True, False)
    """
    reader = READERS.get(kind)
    return reader is not None and reader.html


#: An HTML fragment in a table cell (scraped tables often keep the article's markup without a page around it).
_HTML_FRAGMENT = re.compile(r"<(?:p|div|br|article)\b[^>]*>", re.I)


def content_kind(kind: str, text: str, cell: bool = False) -> str:
    """The kind a document is read as: ``kind``, or ``"html"`` when the text is an HTML page.

    The one decision "is this HTML": a kind registered as HTML, else
    :func:`lavrovkit.webpage.looks_like_html`; a table ``cell`` is also HTML
    when it holds paragraph markup near its start (a fragment without a page).

    >>> content_kind("text", "<!DOCTYPE html><p>x</p>"), content_kind("text", "<p>x</p>", cell=True)
    ('html', 'html')
    >>> content_kind("text", "Lavrov said <b>no</b>.")
    'text'
    """
    if is_html_kind(kind):
        return kind
    if looks_like_html(text) or (cell and _HTML_FRAGMENT.search(text[:2000])):
        return HTML_KIND
    return kind


# ---------------------------------------------------------------------- shared helpers


def skip(skipped: list[dict[str, str]], file: str, reason: str, warn: bool = True) -> None:
    """Record a file (or row) that was not read, with a :class:`CorpusWarning` unless ``warn`` is False."""
    if warn:
        warnings.warn(f"{file}: skipped: {reason}", CorpusWarning, stacklevel=3)
    skipped.append({"file": file, "reason": reason})


def skipped_summary(skipped: list[dict[str, str]]) -> str:
    """What was skipped, for an error message saying no document could be read."""
    if not skipped:
        return " (no files found)"
    shown = "; ".join(f"{s['file']}: {s['reason']}" for s in skipped[:10])
    more = f"; and {len(skipped) - 10} more" if len(skipped) > 10 else ""
    return f"; skipped {len(skipped)} file(s): {shown}{more}"


def field_name(column: Any, origin: str) -> str:
    """A column or pattern field as a metadata field name.

    The standard fields (date, source, ...) are lower-cased; names the
    documents table uses for itself (doc_id, file, text, ...) get a prefix.

    >>> field_name("Date", "table"), field_name("text", "catalog"), field_name("Post", "catalog")
    ('date', 'catalog_text', 'Post')
    """
    name = str(column).strip()
    if name.lower() in RESERVED_FIELDS:
        return f"{origin}_{name}"
    return name.lower() if name.lower() in CATALOG_COLUMNS else name
