"""Segmentation: paragraphs, transcript turns, quotations and who is speaking.

Cleaned texts hold one paragraph per line, paragraphs separated by a blank
line (see :mod:`lavrovkit.clean`). This module answers, for every sentence:
*who says this?* The answer comes from, in order:

1. transcript turns (``Question:`` / ``Sergey Lavrov:`` labels) - ``turn``;
2. direct quotations attributed by a reporting verb next to them
   (``"...," Lavrov said``; ``he added``; ``the ministry said``) or carried over
   from the previous quotation - ``quote`` / ``continuation``;
3. the catalog's speaker for speeches and other single-speaker documents -
   ``catalog``;
4. otherwise the sentence is narration: speaker ``None``.

Example
-------
>>> text = "Question: Will you meet?\\n\\nSergey Lavrov: We are ready."
>>> [(p.label, text[p.start:p.end]) for p in paragraphs_of(text)]
[('Question', 'Will you meet?'), ('Sergey Lavrov', 'We are ready.')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

#: A turn label at the start of a paragraph: up to five capitalised words and a colon.
TURN_LABEL = re.compile(
    r"(?P<label>(?:[A-Z][\w.'’\-]*)(?:\s+(?:[A-Z][\w.'’\-]*|de|von|van|al-\w+)){0,4})\s*:\s+(?=\S)"
)
#: Labels that mark the interviewer / audience side of a transcript.
QUESTION_LABELS = frozenset({
    "question", "q", "journalist", "interviewer", "moderator", "correspondent", "host",
    "audience", "reporter", "anchor", "presenter",
})
#: Labels that look like turns but are headings or notes.
NON_SPEAKER_LABELS = frozenset({"note", "source", "photo", "update", "read more", "related", "tags", "see also"})

#: Verbs that introduce or close reported speech.
REPORTING_VERBS = (
    r"said|says|say|saying|added|adds|adding|stressed|stresses|noted|notes|noting|pointed out|"
    r"points out|emphasized|emphasised|emphasizes|emphasises|told|tells|stated|states|declared|"
    r"concluded|explained|explains|remarked|continued|went on|argued|insisted|warned|recalled|"
    r"asserted|underlined|underscored|commented|replied|answered|wrote|announced|believes|"
    r"according to|quoted|highlighted|reiterated|observed|acknowledged|admitted|claimed|"
    r"suggested|assured"
)
REPORTING = re.compile(rf"\b(?:{REPORTING_VERBS})\b", re.IGNORECASE)
PRONOUN = re.compile(r"\b(?:he|she|He|She)\b")
#: Generic descriptions of the person last named ("the minister said").
GENERIC_PERSON = re.compile(
    r"\b(?:the|The)\s+(?:(?:Russian|US|U\.S\.|American|foreign|top|chief)\s+)*"
    r"(?:minister|diplomat|official|secretary|envoy|president|spokesman|spokeswoman|spokesperson)\b"
)
#: Institutions quoted as speakers ("the ministry said", "the statement said").
ORG_SPEAKER = re.compile(
    r"\b(?:[Tt]he\s+)?(?:(?:Russian|Russia's|US|U\.S\.)\s+)?(?:(?:Foreign|Defence|Defense)\s+)?"
    r"(?:[Mm]inistry|[Ss]tatement|[Kk]remlin|State Department|Pentagon|[Ee]mbassy)\b"
)

OPEN_QUOTES = "“«„"
QUOTE_CHAR = re.compile(r'["“”«»„]')
MIN_QUOTE_WORDS = 5


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: its content span in the cleaned text, and its turn label if any."""

    start: int
    end: int
    label: str | None = None
    label_start: int | None = None


def _raw_paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        start, end = m.start(), m.end()
        chunk = m.group()
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if end - trail > start + lead:
            spans.append((start + lead, end - trail))
    return spans


def _is_label(label: str) -> bool:
    low = label.lower().strip()
    return low not in NON_SPEAKER_LABELS and len(low) > 0


def paragraphs_of(text: str) -> list[Paragraph]:
    """Which paragraphs does ``text`` have, and which are transcript turns?

    Turn labels count only when the document looks like a transcript: at
    least two labelled paragraphs, with a question label or a repeated label.
    A turn paragraph's span starts after its label.
    """
    spans = _raw_paragraphs(text)
    labels: list[re.Match[str] | None] = []
    for start, end in spans:
        m = TURN_LABEL.match(text, start, end)
        labels.append(m if m and _is_label(m.group("label")) else None)
    found = [m.group("label") for m in labels if m]
    is_transcript = len(found) >= 2 and (
        any(lab.lower() in QUESTION_LABELS for lab in found) or len(set(found)) < len(found)
    )
    out = []
    for (start, end), m in zip(spans, labels, strict=True):
        if is_transcript and m is not None:
            out.append(Paragraph(m.end(), end, m.group("label"), start))
        else:
            out.append(Paragraph(start, end))
    return out


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """The (start, end) content spans of the paragraphs spaCy annotates (turn labels excluded)."""
    return [(p.start, p.end) for p in paragraphs_of(text)]


def is_heading(paragraph: str) -> bool:
    """Is this paragraph a heading (a title-length line without sentence-final punctuation)?

    >>> is_heading("Foreign Minister Sergey Lavrov's interview with Rossiya Segodnya, December 24, 2018")
    True
    >>> is_heading("We are ready.")
    False
    """
    words = paragraph.split()
    return 0 < len(words) <= 25 and not re.search(r"[.!?:;\"”»)]\s*$", paragraph)


# --------------------------------------------------------------------------- quotes


def quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where are the double-quoted passages in ``text[start:end]``? (absolute offsets, quote marks included)

    Curly and guillemet quotes pair up; straight quotes toggle. A quotation
    left open at the end of the paragraph runs to its end (news style for
    quotations that continue in the next paragraph).
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    open_kind = ""
    for m in QUOTE_CHAR.finditer(text, start, end):
        i, ch = m.start(), m.group()
        if open_at is None:
            if ch in OPEN_QUOTES or ch == '"':
                open_at, open_kind = i, ch
            continue
        if open_kind == '"':
            closes = ch == '"'
        elif open_kind == "„":
            closes = ch in "“”"
        elif open_kind == "«":
            closes = ch == "»"
        else:  # “
            closes = ch == "”"
            if ch == "“":
                open_at = i  # a second opening quote: the first was stray
                continue
        if closes:
            spans.append((open_at, i + 1))
            open_at = None
    if open_at is not None and end - open_at > 1:
        spans.append((open_at, end))
    return spans


def _words(s: str) -> int:
    return len(re.findall(r"\w+", s))


@dataclass
class Mention:
    """A person (or institution) named in the text, as the speaker resolver sees it."""

    start: int
    end: int
    name: str
    kind: str = "person"  # person | org


def attribute_speakers(
    text: str,
    paragraphs: Sequence[Paragraph],
    sentences: Sequence[tuple[int, int, int]],
    mentions: Sequence[Mention],
    doc_speaker: str | None = None,
    genre: str | None = None,
    normalise: Callable[[str], str | None] | None = None,
) -> list[tuple[str | None, bool, str]]:
    """Who speaks each sentence? Returns ``(speaker, is_quote, how)`` per sentence.

    ``sentences`` are ``(paragraph_id, start_char, end_char)``; ``mentions`` are
    the people and institutions named in the text (resolved names);
    ``normalise`` maps a turn label such as "Sergei Lavrov" to a canonical
    name. Transcript turns win, then attributed quotations, then
    ``doc_speaker`` for speeches and single-speaker documents.
    """
    normalise = normalise or (lambda s: s)
    mentions = sorted(mentions, key=lambda m: m.start)
    single_speaker = bool(doc_speaker) and (genre or "").lower() in {
        "speech", "statement", "article", "op-ed", "remarks", "address", "lecture",
    }
    # 1. turns
    turn_of: dict[int, str | None] = {}
    current: str | None = None
    any_turns = any(p.label for p in paragraphs)
    for pid, para in enumerate(paragraphs):
        if para.label:
            low = para.label.lower()
            current = "question" if low in QUESTION_LABELS else (normalise(para.label) or para.label)
        if any_turns:
            turn_of[pid] = current
    # 2. quotations; names inside quotations (or [editor's insertions] in them) never say who speaks
    quotes: list[tuple[int, int, int, str | None, str]] = []  # start, end, pid, speaker, how
    last_speaker: str | None = None
    if not (any_turns or single_speaker):
        all_spans = [sp for para in paragraphs for sp in quote_spans(text, para.start, para.end)]
        mentions = [m for m in mentions if not any(a < m.end and m.start < b for a, b in all_spans)]
    for pid, para in enumerate(paragraphs):
        if any_turns or single_speaker:
            break
        spans = [s for s in quote_spans(text, para.start, para.end)]
        para_quotes = []
        for qi, (qs, qe) in enumerate(spans):
            inner = text[qs + 1: qe - 1] if qe - qs > 2 else ""
            if _words(inner) < MIN_QUOTE_WORDS:
                continue
            prev_end = spans[qi - 1][1] if qi > 0 else para.start
            next_start = spans[qi + 1][0] if qi + 1 < len(spans) else para.end
            after = (qe, min(next_start, qe + 120))
            before = (max(prev_end, qs - 160), qs)
            speaker = _speaker_near(text, after, mentions, after=True)
            if speaker is None:
                speaker = _speaker_near(text, before, mentions, after=False)
            para_quotes.append([qs, qe, speaker])
        # inherit within the paragraph, then from the previous quotation
        for i, q in enumerate(para_quotes):
            if q[2] is None:
                prev = next((p[2] for p in reversed(para_quotes[:i]) if p[2]), None)
                nxt = next((p[2] for p in para_quotes[i + 1:] if p[2]), None)
                q[2] = prev or nxt
                how = "continuation"
            else:
                how = "quote"
            if q[2] is None:
                q[2] = _previous_subject(text, q[0], mentions, paragraphs, pid) or last_speaker
                how = "continuation"
            if q[2] is not None:
                last_speaker = q[2]
            quotes.append((q[0], q[1], pid, q[2], how))
    # 3. sentences
    out: list[tuple[str | None, bool, str]] = []
    for pid, s_start, s_end in sentences:
        if any_turns:
            spk = turn_of.get(pid)
            out.append((spk, False, "turn" if spk else "none"))
            continue
        if single_speaker:
            out.append((doc_speaker, False, "catalog"))
            continue
        chars = len(re.sub(r"\s", "", text[s_start:s_end])) or 1
        share: dict[str | None, list[Any]] = {}
        for qs, qe, qpid, spk, how in quotes:
            if qpid != pid or qe <= s_start or qs >= s_end:
                continue
            inside = len(re.sub(r"\s", "", text[max(qs, s_start): min(qe, s_end)]))
            entry = share.setdefault(spk, [0, how])
            entry[0] += inside
        best: tuple[int, str | None, str] = (0, None, "none")
        for spk, (inside, how) in share.items():
            if inside > best[0]:
                best = (inside, spk, how)
        if best[0] * 2 >= chars:
            out.append((best[1], True, best[2] if best[1] else "unattributed"))
        elif doc_speaker and (genre or "").lower() in {"", "unknown"}:
            out.append((doc_speaker, False, "catalog"))
        else:
            out.append((None, False, "none"))
    return out


def _speaker_near(text: str, window: tuple[int, int], mentions: Sequence[Mention], after: bool) -> str | None:
    """The speaker a reporting verb in ``window`` points to, if there is one."""
    start, end = window
    if end <= start:
        return None
    chunk = text[start:end]
    if after:
        # stop at the end of the sentence that closes the quotation
        stop = re.search(r"(?<=[a-z\])])[.!?](?:\s|$)", chunk)
        if stop:
            chunk = chunk[: stop.end()]
    else:
        # only the clause right before the quotation
        cut = max(chunk.rfind(". "), chunk.rfind("? "), chunk.rfind("! "))
        if cut >= 0:
            start += cut + 2
            chunk = chunk[cut + 2:]
    verb = REPORTING.search(chunk)
    if not verb and not (not after and chunk.rstrip().endswith(":")):
        return None
    inside = [m for m in mentions if m.start >= start and m.end <= start + len(chunk)]
    if inside:
        # closest to the reporting verb
        vpos = start + (verb.start() if verb else len(chunk))
        return min(inside, key=lambda m: abs(m.start - vpos)).name
    generic = PRONOUN.search(chunk) or GENERIC_PERSON.search(chunk)
    if generic:
        return _last_person_before(mentions, start + generic.start())
    org = ORG_SPEAKER.search(chunk)
    if org:
        return _last_org_before(mentions, start + org.start()) or _org_name(org.group())
    return None


def _last_person_before(mentions: Sequence[Mention], pos: int) -> str | None:
    for m in reversed(mentions):
        if m.end <= pos and m.kind == "person":
            return m.name
    return None


def _last_org_before(mentions: Sequence[Mention], pos: int) -> str | None:
    for m in reversed(mentions):
        if m.end <= pos and m.kind == "org":
            return m.name
    return None


def _org_name(surface: str) -> str:
    words = surface.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    name = " ".join(words)
    return name[0].upper() + name[1:] if name else surface


def _previous_subject(
    text: str, pos: int, mentions: Sequence[Mention], paragraphs: Sequence[Paragraph], pid: int
) -> str | None:
    """For a quotation with no verb next to it: the person the previous paragraph reports as speaking."""
    if pid == 0:
        return None
    prev = paragraphs[pid - 1]
    chunk = text[prev.start: prev.end]
    if not REPORTING.search(chunk):
        return None
    inside = [m for m in mentions if prev.start <= m.start < prev.end and m.kind == "person"]
    if inside:
        return inside[0].name
    if PRONOUN.search(chunk) or GENERIC_PERSON.search(chunk):
        return _last_person_before(mentions, prev.end)
    return None
