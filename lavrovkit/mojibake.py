"""Encoding damage: ordinary mojibake (ftfy) and the lossy Windows-1252 → Mac Roman damage of the UN corpus.

:func:`repair_mojibake` answers the repaired text and one ``"bad → good"``
entry per repair; :func:`lavrovkit.clean.clean_text` runs the two halves
(:func:`fix_encoding` before normalising, :func:`repair_macroman` after).

>>> repair_mojibake("the worldís people and the world; ìfrozenî conflicts")[0]
'the world’s people and the world; “frozen” conflicts'
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any

import ftfy

from lavrovkit.lang.en import lexicon

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
#: Runs of letters, for the document's own vocabulary (``world’s`` gives ``world`` and ``s``).
LETTERS = re.compile(r"[^\W\d_]+")


def repair_mojibake(text: str) -> tuple[str, list[str]]:
    """Repair encoding damage; answer the text and one ``"bad → good"`` entry per repair.

    Ordinary mojibake goes through ftfy; the lossy Windows-1252 → Mac Roman damage of the
    UN corpus through :func:`repair_macroman` (only where the document shows it).

    >>> repair_mojibake("The countryâ€™s future")
    ('The country’s future', ['countryâ€™s → country’s'])
    >>> repair_mojibake("the worldís people and the world; ìfrozenî conflicts")[1]
    ['worldís → world’s', 'ìfrozenî → “frozen”']
    >>> repair_mojibake("President Luis Guillermo Solís of Costa Rica")[1]
    []
    """
    text, fixes = fix_encoding(text)
    text, repairs = repair_macroman(text)
    return text, fixes + repairs


def fix_encoding(text: str) -> tuple[str, list[str]]:
    """ftfy on texts that may need it; the changed words as ``"bad → good"``.

    >>> fix_encoding("Lavrovâ€™s visit")
    ('Lavrov’s visit', ['Lavrovâ€™s → Lavrov’s'])
    """
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


def repair_macroman(text: str) -> tuple[str, list[str]]:
    """Repair Windows-1252 text read as Mac Roman, in documents that show the damage.

    The damage shows as ``ís`` after a stem the document uses elsewhere (``worldís`` next to
    ``world``), ``ì...î`` quote pairs, `` ó `` dashes, ``díIvoire`` or ``CÙte``. Where it shows,
    repairs are: possessive ``ís`` after a vouched-for stem (the stem occurs elsewhere in the
    document, or it is in the English lexicon: lower-case stems of 3+ letters, capitalised ones
    of 4+, so ``Sol-ís`` and ``Lu-ís`` stay), contractions, elisions, quote pairs and lone
    quotes, dashes, ``…`` → ``É``, ``Ä`` → ``€`` and accented letters inside words.

    >>> repair_macroman("the worldís people, the world ó and CÙte díIvoire")[0]
    'the world’s people, the world — and Côte d’Ivoire'
    """
    if not any(c in text for c in "íìîóÙÈ"):
        return text, []
    vocab = Counter(w.lower() for w in LETTERS.findall(text))

    def vouched(stem: str) -> bool:
        # the document uses the stem elsewhere, or it is an English word: lower-case words of
        # 3+ letters (man), capitalised ones of 4+ (Africa), so names like Solís, Luís stay
        low = stem.lower()
        return vocab[low] > 0 or (len(low) >= (3 if stem.islower() else 4) and low in lexicon())

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


