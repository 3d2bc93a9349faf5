"""Cleaning: one raw text in, clean paragraphs out, and a record of everything done.

:func:`clean_text` runs, in order:

1. ``html`` - the page's article as text (:func:`lavrovkit.webpage.read_page`: one
   lxml parse, trafilatura only without an article element), when ``is_html``;
2. ``encoding`` - ordinary mojibake (``countryâ€™s``) with ftfy
   (:func:`lavrovkit.mojibake.fix_encoding`);
3. ``normalise`` - CRLF/CR to LF, NBSP and other spaces to a space, BOM and
   zero-width characters removed, runs of spaces collapsed, trailing spaces cut;
   typographic quotes and dashes are kept;
4. ``mojibake`` - the lossy damage of the UN General Debate corpus, where text
   saved as Windows-1252 was read as Mac Roman (``worldís``, ``ìfrozenî``,
   ``CÙte díIvoire``, `` ó `` for an em dash): repaired only in documents that
   show the pattern, and ``ís`` only after a stem the document itself (or the
   English lexicon) vouches for, so ``Solís``, ``país``, ``Luís`` stay. A repair
   restores the character that was lost, a typographic one: ``countryís`` becomes
   ``country’s`` (U+2019, Windows-1252 0x92), like the typographic quotes the
   rest of the corpus keeps (:func:`lavrovkit.mojibake.repair_macroman`);
5. ``hard-wrap`` / ``hyphenation`` / ``page-number`` - paragraphs rebuilt from
   hard-wrapped print layouts, detected per document from its line lengths;
   ``line-join`` - a paragraph split by a page break in one-paragraph-per-line
   text (:func:`lavrovkit.wrap.rebuild_paragraphs`);
6. ``chrome`` - web-page furniture removed by general rules (menus, share
   widgets, photo credits, counters, timestamps, related/tags blocks, comment
   and registration sections: :func:`lavrovkit.chrome.strip_chrome`).

Each step's module does one job; this one runs them in order and keeps the
record. Their names stay importable from here. The words they use are in
:mod:`lavrovkit.lang.en`.

The answer is a :class:`CleanResult`: the text (one paragraph per line,
paragraphs separated by one blank line), one action per kind with counts and
examples, and every removed line with the rule that removed it.

Example
-------
>>> r = clean_text("Get short URL\\r\\nLavrov\\u00a0met Rubio.\\r\\n140304")
>>> r.text
'Lavrov met Rubio.'
>>> [(x["rule"], x["text"]) for x in r.removed]
[('share', 'Get short URL'), ('counter', '140304')]
>>> [a["kind"] for a in r.actions]
['normalise', 'chrome']
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from lavrovkit.chrome import (  # noqa: F401  (re-exported: the chrome rules lived here)
    CHROME_RULES,
    CHROME_START,
    PHOTO_CAPTION,
    PROSE_MIN_WORDS,
    PROSE_REMOVED_WARN,
    RELATED_START,
    TAG_LIST,
    TAIL_LOOKAHEAD,
    TAIL_RULES,
    WIDGET_RULES,
    chrome_rule,
    is_prose,
    prose_removed_inside,
    strip_chrome,
)
from lavrovkit.lang import detect
from lavrovkit.lang.en import lexicon as _lexicon  # noqa: F401  (re-exported)
from lavrovkit.mojibake import (  # noqa: F401  (re-exported: the repair lived here)
    DAMAGED_CAPITAL_E,
    DAMAGED_CLOSE_QUOTE,
    DAMAGED_CONTRACTION,
    DAMAGED_DASH,
    DAMAGED_ELISION,
    DAMAGED_EURO,
    DAMAGED_LETTER,
    DAMAGED_OPEN_QUOTE,
    DAMAGED_PLURAL_POSSESSIVE,
    DAMAGED_POSSESSIVE,
    DAMAGED_QUOTE_PAIR,
    DAMAGED_SINGLE_OPEN,
    FTFY_CONFIG,
    FTFY_SUSPECTS,
    LETTERS,
    MACROMAN_LETTERS,
    MACROMAN_PUNCT,
    fix_encoding,
    repair_macroman,
    repair_mojibake,
)
from lavrovkit.webpage import Page, read_page
from lavrovkit.wrap import (  # noqa: F401  (re-exported: the rebuild lived here)
    BULLET,
    COMPOUND_PREFIXES,
    FUNCTION_WORDS,
    HEADING_LINE,
    HYPHENATED,
    LINE_END_PART,
    LINE_START_WORD,
    NOTE,
    PAGE_HEADER,
    PAGE_NUMBER,
    PAGE_TOKENS,
    SENTENCE_END,
    SENTENCE_INSIDE,
    SHORT_LINE,
    SOFT_HYPHEN_WHY,
    SUSPENDED_HYPHEN_NEXT,
    TITLE_MAX,
    WRAP_MAX_SENTENCE_ENDS,
    WRAP_MAX_WIDTH,
    WRAP_MIN_FULL,
    WRAP_MIN_LINES,
    WRAP_MIN_WORDS,
    rebuild_paragraphs,
)

# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------

#: Characters that are removed outright: BOM, zero-width spaces/joiners, word joiner.
ZERO_WIDTH = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u180e]")
#: Spaces other than the ASCII one (NBSP, narrow NBSP, en/em/thin spaces, ideographic space, tab).
ODD_SPACES = re.compile("[\u00a0\u202f\u2000-\u200a\u3000\t]")
#: Line separators other than LF (CRLF, CR, form feed, vertical tab, NEL, Unicode separators).
ODD_BREAKS = re.compile("\r\n|[\r\f\v\x85\u2028\u2029]")
#: Control characters with no place in text.
CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
#: Runs of spaces inside a line (leading indentation is kept) and spaces at a line end.
SPACE_RUN = re.compile(r"(?<=\S)  +")
TRAILING_SPACES = re.compile(r" +$", re.MULTILINE)
#: A soft hyphen inside a line (invisible; one at a line end marks a hyphenated word).
SOFT_HYPHEN_INSIDE = re.compile("\u00ad(?!\n)")


# --------------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------------


@dataclass
class CleanResult:
    """The cleaned text, what was done (one dict per kind) and every removed piece of text."""

    text: str
    actions: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    #: For a web page: what it declares about itself and its article's parts (:mod:`lavrovkit.webpage`).
    page: Page | None = None
    #: Paragraphs of running prose the furniture rules removed inside the article (loading warns about them).
    prose_removed: list[str] = field(default_factory=list)


def clean_text(raw: str, *, is_html: bool = False, lang: str | None = None) -> CleanResult:
    """Clean one document; answer the text as paragraphs separated by one blank line.

    Every step that changed something adds one action ``{"kind", "detail"}``; every
    removed line or block is in ``removed`` as ``{"text", "rule"}``. ``lang`` chooses the furniture
    rules (:func:`lavrovkit.chrome.strip_chrome`; None: the text's language, :func:`lavrovkit.lang.detect`).

    >>> r = clean_text("Register\\nLavrov spoke.\\nGet short URL")
    >>> r.text, [x["rule"] for x in r.removed]
    ('Lavrov spoke.', ['navigation', 'share'])
    """
    actions: list[dict[str, Any]] = []
    removed: list[dict[str, Any]] = []
    text = raw or ""

    page = None
    if is_html:
        page = read_page(text)
        text = page.text
        actions.append({"kind": "html", "detail": page.how})
        removed.extend(page.removed)

    text, fixes = fix_encoding(text)
    if fixes:
        actions.append({"kind": "encoding", "detail": _summary(
            f"fixed {len(fixes)} spots with ftfy (mojibake, ligatures, Unicode composition)", fixes)})

    text, counts = _normalise(text)
    if counts:
        actions.append({"kind": "normalise", "detail": ", ".join(f"{k}: {v}" for k, v in counts.items())})

    text, repairs = repair_macroman(text)
    if repairs:
        actions.append({"kind": "mojibake", "detail": _summary(
            f"repaired {len(repairs)} spots damaged by a Windows-1252 → Mac Roman misreading", repairs)})

    text, stats = rebuild_paragraphs(text)
    removed.extend(stats["removed"])
    actions.extend(_rebuild_actions(stats))

    paragraphs = [p for p in text.split("\n\n") if p]
    kept, dropped = strip_chrome(paragraphs, lang or detect(text))
    inside = prose_removed_inside(paragraphs, dropped)
    if dropped:
        removed.extend(dropped)
        rules = Counter(d["rule"] for d in dropped)
        actions.append({"kind": "chrome", "detail": f"removed {len(dropped)} lines of page furniture: "
                        + ", ".join(f"{rule} {n}" for rule, n in rules.most_common())})
    return CleanResult(text="\n\n".join(kept), actions=actions, removed=removed, page=page, prose_removed=inside)


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------


def html_to_text(html: str) -> str:
    """The article of a web page, one paragraph per line: headline, standfirst, body (see :mod:`lavrovkit.webpage`).

    >>> html_to_text("<nav>Home</nav><p>Lavrov spoke.</p><script>x()</script>")
    'Lavrov spoke.'
    """
    return "\n".join(read_page(html).text.split("\n\n"))



# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------


def _normalise(text: str) -> tuple[str, dict[str, int]]:
    """Line breaks, spaces, invisible characters; leading indentation is kept for the rebuild."""
    counts: dict[str, int] = {}

    def sub(pattern: re.Pattern[str], repl: str, text: str, label: str) -> str:
        new, n = pattern.subn(repl, text)
        if n:
            counts[label] = counts.get(label, 0) + n
        return new

    text = sub(ODD_BREAKS, "\n", text, "line breaks → LF")
    text = sub(ZERO_WIDTH, "", text, "BOM/zero-width removed")
    text = sub(ODD_SPACES, " ", text, "NBSP/odd spaces → space")
    text = sub(CONTROL, "", text, "control characters removed")
    text = sub(SOFT_HYPHEN_INSIDE, "", text, "soft hyphens removed")
    text = sub(SPACE_RUN, " ", text, "space runs collapsed")
    text = sub(TRAILING_SPACES, "", text, "trailing spaces cut")
    return text, counts



def _rebuild_actions(stats: dict[str, Any]) -> list[dict[str, Any]]:
    """The actions for what :func:`rebuild_paragraphs` did."""
    actions: list[dict[str, Any]] = []
    if stats["wrapped"]:
        why = ", ".join(f"{k} {v}" for k, v in stats["breaks"].most_common())
        actions.append({"kind": "hard-wrap", "detail": (
            f"rebuilt {stats['lines']} hard-wrapped lines (width ≈ {stats['width']} characters) into "
            f"{stats['paragraphs']} paragraphs; paragraph ends: {why or 'none'}")})
    if stats["hyphen_joined"] or stats["hyphen_kept"]:
        parts = []
        for items, head in ((stats["hyphen_joined"], "joined {} words hyphenated across lines"),
                            (stats["hyphen_kept"], "kept the hyphen of {} compounds split across lines")):
            if items:
                parts.append(head.format(len(items)) + ": " + "; ".join(items[:12])
                             + ("; ..." if len(items) > 12 else ""))
        actions.append({"kind": "hyphenation", "detail": "; ".join(parts)})
    furniture = stats["removed"]
    if furniture:
        actions.append({"kind": "page-number", "detail": _summary(
            f"removed {len(furniture)} page numbers/page headers", [f["text"] for f in furniture])})
    if stats["line_joins"]:
        actions.append({"kind": "line-join", "detail": _summary(
            f"joined {len(stats['line_joins'])} lines cut mid-sentence by a page break", stats["line_joins"])})
    return actions



# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _summary(head: str, items: Iterable[str], limit: int = 12) -> str:
    """``head: a, b, c, ...`` with at most ``limit`` examples (repeated ones counted)."""
    counts = Counter(items)
    shown = [f"{item} (×{n})" if n > 1 else item for item, n in list(counts.items())[:limit]]
    more = ", ..." if len(counts) > limit else ""
    return f"{head}: {', '.join(shown)}{more}" if shown else head
