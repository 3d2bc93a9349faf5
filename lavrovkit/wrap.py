"""Hard-wrapped text: paragraphs rebuilt from print layouts, words hyphenated across lines joined.

:func:`rebuild_paragraphs` decides per document, from its line lengths,
whether it is hard-wrapped; it then joins the lines of each paragraph, joins
or keeps line-final hyphens (from the document's own vocabulary and the
English lexicon), drops page numbers and page headers, and joins paragraphs a
page break cut mid-sentence.

>>> rebuild_paragraphs("One paragraph on one line.\\n\\nAnother one.")[0]  # not wrapped: kept as it is
'One paragraph on one line.\\n\\nAnother one.'

A wrapped text is rebuilt as :func:`rebuild_paragraphs` shows.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from lavrovkit.lang.en import COMPOUND_PREFIXES, FUNCTION_WORDS, SUSPENDED_HYPHEN_NEXT, lexicon
from lavrovkit.mojibake import LETTERS

#: Hyphenated compounds (``self-determination``).
HYPHENATED = re.compile(r"(?<![\w-])[^\W\d_]+(?:-[^\W\d_]+)+")
#: The part of a word before a line-final hyphen, and the first word of a line.
LINE_END_PART = re.compile(r"(?<![^\W_])([^\W_]+)-$")
LINE_START_WORD = re.compile(r"([^\W_][\w’']*)")

# --------------------------------------------------------------------------------------------
# Hard wrapping
# --------------------------------------------------------------------------------------------

#: A line ending a sentence: . ! ? : ; possibly followed by closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?:;…][\"”’)\]]*$")
#: Page furniture of UN documents: job numbers (``06-52885``), symbols (``A/70/PV.22``),
#: dates (``01/10/2015``) and page numbers (``14/55``, ``5``), at least one number or symbol.
_JOB = r"\d{2}-\d{5}(?:\s*\([A-Z]\))?"
_SYMBOL = r"[AES]/(?:[A-Z]+/)?\d{2,3}(?:/[\w.]+)*"
_PAGE_TOKEN = rf"(?:{_JOB}|{_SYMBOL}|\d{{1,2}}/\d{{1,2}}/\d{{4}}|\d{{1,3}}/\d{{1,3}}|\d{{1,3}})"
PAGE_HEADER = re.compile(rf"(?:{_PAGE_TOKEN}\s+)*(?:{_JOB}|{_SYMBOL})(?:\s+{_PAGE_TOKEN})*")
#: Only page tokens (``6/62``, ``13/01/2021``): furniture when next to a page header.
PAGE_TOKENS = re.compile(rf"{_PAGE_TOKEN}(?:\s+{_PAGE_TOKEN})*")
#: A standalone page number (removed only inside hard-wrapped text).
PAGE_NUMBER = re.compile(r"(?:-\s*)?\d{1,4}(?:\s*-)?|x{0,3}(?:ix|iv|v?i{1,3}|v)")
#: A short editorial note in brackets on a line of its own: ``(spoke in French)``.
NOTE = re.compile(r"\([^()]{1,80}\)|\[[^\[\]]{1,80}\]")
#: Bullets that start a new paragraph in wrapped text.
BULLET = re.compile(r"[•▪●◦‣■□➢✓*]\s|[-–—]\s|\(?[a-z0-9]{1,2}\)\s")
#: A title before a blank line: at most this many characters and no sentence end inside.
TITLE_MAX = 250
SENTENCE_INSIDE = re.compile(r"[.!?][\"”’)]*\s+[\"“‘(]?[A-Z0-9]")
#: A wrapped document: p90 of line lengths at most this many characters ...
WRAP_MAX_WIDTH = 160
#: ... at least this share of lines is "full" (>= 75 % of that width) ...
WRAP_MIN_FULL = 0.55
#: ... at most this share of lines ends a sentence ...
WRAP_MAX_SENTENCE_ENDS = 0.45
#: ... at least this many lines, with a median of at least this many words.
WRAP_MIN_LINES = 6
WRAP_MIN_WORDS = 5
#: A line is "short" when it plus the next line's first word fill at most this share of the width.
SHORT_LINE = 0.85
#: A heading or salutation line fills at most this share of the width.
HEADING_LINE = 0.6


@dataclass
class _Line:
    """A text line of the document with what lies between it and the previous text line."""

    text: str
    indent: int
    blank_before: bool = False
    page_break_before: bool = False


def rebuild_paragraphs(text: str) -> tuple[str, dict[str, Any]]:
    """Rebuild paragraphs; answer the text (one paragraph per line, blank line between) and stats.

    Hard wrapping is detected per document (:func:`_wrap_width`): most lines are nearly as
    long as the wrap width (<= 160 characters) and few end a sentence. In wrapped text a
    paragraph ends at a blank line (unless the line before runs on), before an indented
    line or a bullet, after a short line that ends a sentence, or after a heading; page
    numbers and UN page headers are removed; words hyphenated across lines are joined
    unless they are compounds (see :func:`_hyphen_decision`). Other text keeps one paragraph
    per line; only a line a page break cut in two is joined to its lower-case continuation.

    The stats hold ``wrapped``, ``width``, ``lines``, ``paragraphs``, ``breaks`` (why each
    paragraph ended), ``hyphen_joined``/``hyphen_kept`` (``"inter-|national → international"``),
    ``line_joins`` and ``removed`` (the page furniture, ``{"text", "rule"}``).

    >>> text, stats = rebuild_paragraphs(
    ...     "In moments of tumultuous historical change, leaders\\n"
    ...     "must become architects of a better world. We must\\n"
    ...     "survey the new international landscape and lay firm\\n"
    ...     "foundations of moral principle, mobi-\\n"
    ...     "lizing the support of this institution.\\n8\\n\\n"
    ...     "The time to reform the United Nations is now. We\\n"
    ...     "must seize this opportunity together.")
    >>> print(text)
    In moments of tumultuous historical change, leaders must become architects of a better world. We must survey the new international landscape and lay firm foundations of moral principle, mobilizing the support of this institution.
    <BLANKLINE>
    The time to reform the United Nations is now. We must seize this opportunity together.
    >>> stats["width"], stats["hyphen_joined"], stats["removed"]
    (51, ['mobi-|lizing → mobilizing (a word only when joined)'], [{'text': '8', 'rule': 'page-number'}])
    """
    stats: dict[str, Any] = {"wrapped": False, "width": None, "lines": 0, "paragraphs": 0,
                             "breaks": Counter(), "hyphen_joined": [], "hyphen_kept": [],
                             "line_joins": [], "removed": []}
    raw_lines = text.split("\n")
    stripped = [ln.strip() for ln in raw_lines]
    header = [bool(s) and PAGE_HEADER.fullmatch(s) is not None for s in stripped]
    _extend_headers(stripped, header)
    candidates = [s for s, h in zip(stripped, header, strict=True) if s and not h and not PAGE_NUMBER.fullmatch(s)]
    width = _wrap_width(candidates)
    stats["wrapped"], stats["width"] = width is not None, width

    lines: list[_Line] = []
    blank = page_break = False
    for raw, s, is_header in zip(raw_lines, stripped, header, strict=True):
        if not s:
            blank = True
            continue
        if is_header or (width is not None and PAGE_NUMBER.fullmatch(s)):
            stats["removed"].append({"text": s, "rule": "page-header" if is_header else "page-number"})
            page_break = True
            continue
        indent = len(raw) - len(raw.lstrip())
        lines.append(_Line(s, indent, blank_before=blank, page_break_before=page_break))
        blank = page_break = False
    stats["lines"] = len(lines)
    if not lines:
        return "", stats

    if any(s.endswith(("-", "\u00ad")) for s in stripped):
        vocab, hyphenated = _vocabularies(stripped)
    else:  # no word is split across lines: no evidence needed
        vocab, hyphenated = Counter(), Counter()
    if width is None:
        paragraphs = _join_cut_lines(lines, vocab, hyphenated, stats)
    else:
        paragraphs = _unwrap(lines, width, vocab, hyphenated, stats)
    paragraphs = [re.sub(r" {2,}", " ", p).strip() for p in paragraphs]
    paragraphs = [p for p in paragraphs if p]
    stats["paragraphs"] = len(paragraphs)
    return "\n\n".join(paragraphs), stats


def _extend_headers(stripped: list[str], header: list[bool]) -> None:
    """Mark lines of bare page tokens next to a page header (blank lines between) as headers too."""
    for order in (range(len(stripped)), range(len(stripped) - 1, -1, -1)):
        near = False
        for i in order:
            if not stripped[i]:
                continue
            if header[i]:
                near = True
            elif near and PAGE_TOKENS.fullmatch(stripped[i]):
                header[i] = True
            else:
                near = False


def _wrap_width(lines: list[str]) -> int | None:
    """The wrap width of a hard-wrapped text, or None when lines are paragraphs.

    >>> _wrap_width(["a b c d e " * 5 + "f"] * 10)
    51
    >>> _wrap_width(["A whole paragraph on one line, as most files have it."] * 10) is None
    True
    """
    if len(lines) < WRAP_MIN_LINES:
        return None
    lengths = sorted(len(s) for s in lines)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > WRAP_MAX_WIDTH:
        return None
    full = sum(1 for n in lengths if n >= 0.75 * width) / len(lengths)
    ends = sum(1 for s in lines if SENTENCE_END.search(s)) / len(lines)
    words = sorted(s.count(" ") + 1 for s in lines)[len(lines) // 2]
    if full >= WRAP_MIN_FULL and ends <= WRAP_MAX_SENTENCE_ENDS and words >= WRAP_MIN_WORDS:
        return width
    return None


def _vocabularies(lines: list[str]) -> tuple[Counter[str], Counter[str]]:
    """The document's words and hyphenated compounds (lower case), as evidence for hyphen joins.

    The two halves of a word split across lines (``inter-`` and ``national``) are left
    out, so a fragment never vouches for itself.
    """
    bodies: list[str] = []
    skip_first = False
    for s in lines:
        if not s:
            continue
        body = s
        if skip_first:
            body = body.split(" ", 1)[1] if " " in body else ""
        skip_first = s.endswith(("-", "\u00ad"))
        if skip_first:
            body = body.rsplit(" ", 1)[0] if " " in body else ""
        bodies.append(body)
    text = "\n".join(bodies).lower()
    return Counter(LETTERS.findall(text)), Counter(HYPHENATED.findall(text))


def _unwrap(lines: list[_Line], width: int, vocab: Counter[str], hyphenated: Counter[str],
            stats: dict[str, Any]) -> list[str]:
    """Join the lines of a hard-wrapped text into paragraphs."""
    indents = Counter(ln.indent for ln in lines)
    base = indents.most_common(1)[0][0]
    indented_share = sum(n for i, n in indents.items() if i > base) / len(lines)
    use_indent = 0.02 <= indented_share <= 0.4

    ends: list[bool] = []
    so_far = ""
    for i, ln in enumerate(lines[:-1]):
        nxt = lines[i + 1]
        reason = _paragraph_break(ln, nxt, width, base if use_indent else None, so_far, i == 0)
        if reason:
            stats["breaks"][reason] += 1
        ends.append(reason is not None)
        so_far = "" if reason else f"{so_far} {ln.text}"
    ends.append(True)

    decisions = _decide_hyphens(lines, ends, vocab, hyphenated, stats)
    paragraphs: list[str] = []
    current: list[str] = []
    for i, ln in enumerate(lines):
        piece = ln.text
        if current:
            prev = current[-1]
            if i - 1 in decisions and decisions[i - 1] != "space":
                current[-1] = prev[:-1] + ("-" if decisions[i - 1] == "keep" else "") + piece
            elif prev.endswith("\u00ad"):
                current[-1] = prev[:-1] + piece
            elif re.search(r"\S[—–]$", prev):
                current[-1] = prev + piece
            else:
                current.append(piece)
        else:
            current.append(piece)
        if ends[i]:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


def _paragraph_break(ln: _Line, nxt: _Line, width: int, base: int | None, so_far: str,
                     doc_start: bool = False) -> str | None:
    """Why a paragraph ends after ``ln`` in wrapped text (None: the next line continues it).

    ``so_far``: the paragraph's text before ``ln`` ("" when ``ln`` starts it);
    ``doc_start``: ``ln`` is the document's first line (often the tail of a cut-off line,
    "The General" / "Assembly ...": no heading there unless a blank line follows). A blank line after a
    full line that ends no sentence is a page break inside a paragraph, unless what came
    before is a title (short, no sentence in it).
    """
    first = not so_far
    s, t = ln.text, nxt.text
    ends_sentence = SENTENCE_END.search(s) is not None
    fill = (len(s) + 1 + len(t.split(" ", 1)[0])) / width
    next_lower = t[0].islower()
    last_word = s.rsplit(" ", 1)[-1].lower()
    mid_sentence = last_word in FUNCTION_WORDS or s.endswith(("-", "–", "—"))
    if s.endswith("\u00ad") or s.endswith("-") and s[-2:-1].isalnum() and t[0].isalpha():
        return None  # a hyphenated word runs on
    if base is not None and nxt.indent > base and not next_lower and not mid_sentence:
        return "indent"
    if BULLET.match(t) and (ends_sentence or fill <= SHORT_LINE) and not BULLET.sub("", t, 1)[:1].islower():
        return "bullet"
    if NOTE.fullmatch(t) or NOTE.fullmatch(s):
        return "note"
    if nxt.blank_before and not nxt.page_break_before:
        title = len(so_far) + len(s) <= TITLE_MAX and not SENTENCE_INSIDE.search(f"{so_far} {s}")
        closed = ends_sentence or s.endswith(('"', "”"))
        runs_on = not closed and (next_lower or mid_sentence or s.endswith(",")
                                         or (fill > SHORT_LINE and not title))
        if not runs_on:
            return "blank line"
    if (ends_sentence or s.endswith((")", "]"))) and fill <= SHORT_LINE and not next_lower:
        return "short line"
    if (first and fill <= HEADING_LINE and not ends_sentence and s[0].isupper() and t[0].isupper()
            and not mid_sentence and not doc_start):
        return "heading"
    return None


def _decide_hyphens(lines: list[_Line], ends: list[bool], vocab: Counter[str], hyphenated: Counter[str],
                    stats: dict[str, Any]) -> dict[int, str]:
    """For each line ending in ``word-`` that runs on: ``"join"``, ``"keep"`` or ``"space"``.

    Unclear cases follow the document's regime: it soft-hyphenates (join them) when any
    split is clearly a soft hyphen (``consul-|tations``), else its line-end hyphens are
    compounds (keep them), as in UN records.
    """
    splits: list[tuple[int, str, str, bool]] = []  # line index, left part, right part, a-b-|c
    for i, ln in enumerate(lines[:-1]):
        if ends[i]:
            continue
        m = LINE_END_PART.search(ln.text) if ln.text.endswith("-") else None
        n = LINE_START_WORD.match(lines[i + 1].text)
        if m and n:
            splits.append((i, m.group(1), n.group(1), ln.text[:m.start(1)].endswith("-")))
    soft = any(_hyphen_decision(a, b, vocab, hyphenated, None, chain)[1] in SOFT_HYPHEN_WHY
               for _, a, b, chain in splits)
    regime = "join" if soft else "keep"
    decisions: dict[int, str] = {}
    for i, a, b, chain in splits:
        decision, why = _hyphen_decision(a, b, vocab, hyphenated, regime, chain)
        decisions[i] = decision or regime
        word = {"join": a + b, "keep": f"{a}-{b}", "space": f"{a}- {b}"}[decisions[i]]
        stats["hyphen_joined" if decisions[i] == "join" else "hyphen_kept"].append(f"{a}-|{b} → {word} ({why})")
    return decisions


#: Why a split is plainly a soft hyphen (the joined word is a word, a part is a fragment).
SOFT_HYPHEN_WHY = ("a word only when joined", "joined elsewhere in the document, a part is no word")


def _hyphen_decision(a: str, b: str, vocab: Counter[str], hyphenated: Counter[str],
                     regime: str | None, chain: bool = False) -> tuple[str | None, str]:
    """``join``, ``keep`` or ``space`` for ``a-`` at a line end followed by ``b``, and why.

    In order: ``space`` for a suspended hyphen (``small-|and``); keep when ``b`` starts
    with a capital, a part has a digit or ``a`` ends a longer compound (``Russian-American``,
    ``post-2015``, ``vis-a-|vis``); the document's own spelling elsewhere (``ab`` or
    ``a-b``, whichever is more frequent); join when ``ab`` is a known word (document or
    English lexicon) and ``b`` alone is not (``consul-|tations``); keep when both parts are
    words and ``ab`` is not (``high-|level``) or the document uses ``a`` as a word
    (``so-|called``). The rest (``inter-|national``, ``socio-|economic``) follows ``regime``;
    with ``regime=None`` it answers ``None``.
    """
    lex = lexicon()
    if b in SUSPENDED_HYPHEN_NEXT:
        return "space", "suspended hyphen"
    if b[0].isupper() or any(c.isdigit() for c in a + b) or (a.isupper() and len(a) > 1) or chain:
        return "keep", "capital, digit or longer compound"
    base_b = re.sub(r"[’'].*$", "", b.lower())
    joined, compound = (a + base_b).lower(), f"{a}-{base_b}".lower()

    def known(w: str) -> bool:
        return len(w) > 1 and (vocab[w] > 0 or w in lex)

    a_known, b_known, joined_known = known(a.lower()), known(base_b), known(joined)
    fragment = not b_known or not (a_known or a.lower() in COMPOUND_PREFIXES)
    n_joined, n_compound = vocab[joined], hyphenated[compound]
    if n_compound > n_joined:
        return "keep", "hyphenated elsewhere in the document"
    if n_joined > n_compound:
        return "join", SOFT_HYPHEN_WHY[1] if fragment else "joined elsewhere in the document"
    if joined_known and fragment:
        return "join", SOFT_HYPHEN_WHY[0]
    if a_known and b_known and not joined_known:
        return "keep", "two words, no word when joined"
    if a_known and b_known and vocab[a.lower()] > 0:
        return "keep", "the document uses both parts as words"
    if regime is None:
        return None, ""
    return regime, ("unclear, the document soft-hyphenates" if regime == "join"
                    else "unclear, the document's line-end hyphens are compounds")


def _join_cut_lines(lines: list[_Line], vocab: Counter[str], hyphenated: Counter[str],
                    stats: dict[str, Any]) -> list[str]:
    """One paragraph per line, except a line a page break cut off mid-sentence.

    A line of 6+ words that ends without a sentence end is joined to the next line when
    that starts in lower case and no blank line (only page furniture) lies between.
    """
    paragraphs: list[str] = []
    for i, ln in enumerate(lines):
        prev = paragraphs[-1] if paragraphs else ""
        cut = (
            i > 0 and (not ln.blank_before or ln.page_break_before) and ln.text[0].islower()
            and len(prev.split()) >= 6 and not SENTENCE_END.search(prev)
            and not re.search(r"[,:;)”\"]$", prev) or prev.endswith("\u00ad")
        )
        if not cut:
            paragraphs.append(ln.text)
            continue
        m = LINE_END_PART.search(prev) if prev.endswith("-") else None
        n = LINE_START_WORD.match(ln.text)
        if prev.endswith("\u00ad"):
            joined = prev[:-1] + ln.text
        elif m and n:
            chain = prev[:m.start(1)].endswith("-")
            decision, why = _hyphen_decision(m.group(1), n.group(1), vocab, hyphenated, "keep", chain)
            key = "hyphen_joined" if decision == "join" else "hyphen_kept"
            glue = {"join": "", "keep": "-", "space": "- "}[decision or "keep"]
            stats[key].append(f"{m.group(1)}-|{n.group(1)} → {m.group(1)}{glue}{n.group(1)} ({why})")
            joined = prev[:-1] + glue + ln.text
        else:
            joined = prev + " " + ln.text
        stats["line_joins"].append(f"…{prev[-30:]} | {ln.text[:30]}…")
        paragraphs[-1] = joined
    return paragraphs

