"""Word forms: which forms and lemmas a word of a pattern stands for, in an inflected language (Russian).

An analyst writes a Russian theme term, tone term or phrase-family member in its
natural form ("наши американские партнёры", "санкции"); the matchers need what
that word can look like in a text. Two answers, both from pymorphy3's
dictionary (the one the Russian annotation lemmatises with), computed once per
word and process:

- :func:`lemma_options`: the lemmas the word can have (every analysis
  pymorphy3 gives it), for matching on the corpus's ``lemma`` column (themes);
- :func:`word_forms`: every form of the word's paradigm in its most likely
  part of speech (a participle stays a participle of the same voice and tense,
  an adjective a full adjective), for matching on word forms (phrase families,
  tone): "наши" stands for наш, нашего, нашим, наших …

Both fold "ё" to "е" (:func:`fold`), as Russian texts are printed with or
without it; words without a Cyrillic letter are their own (lower-cased) lemma
and form.

>>> lemma_options("санкциями")
('санкция',)
>>> "наших" in word_forms("наши")
True
>>> "называют" in word_forms("называемый")   # the participle, not the verb's other forms
False
>>> is_cyrillic("наши партнёры"), is_cyrillic("our partners")
(True, False)
"""

from __future__ import annotations

import functools
import itertools
import re
from typing import Any

#: A Cyrillic letter.
CYRILLIC = re.compile(r"[\u0400-\u04FF]")
#: Parts of speech (OpenCorpora tags) whose words inflect; any other word stands for itself only.
INFLECTING = frozenset({"NOUN", "ADJF", "PRTF", "NPRO", "NUMR", "VERB", "INFN", "GRND", "PRTS", "ADJS"})
#: The parts of speech one written word's forms may take: a verb (infinitive or finite) stands for its
#: infinitive, finite forms and gerunds; a full adjective for its short forms too ("неприемлемый",
#: "неприемлемо"); any other word for its own part of speech.
POS_GROUPS = {"INFN": frozenset({"INFN", "VERB", "GRND"}), "VERB": frozenset({"INFN", "VERB", "GRND"}),
              "ADJF": frozenset({"ADJF", "ADJS"})}
#: Grammemes a form must share with the written word besides its part of speech: a participle keeps its
#: voice and tense ("называемый" is not "называвший").
KEPT_GRAMMEMES = ("actv", "pssv", "pres", "past")
#: The most lemma combinations one multi-word term expands to (each word's analyses multiplied).
MAX_COMBINATIONS = 64


def is_cyrillic(text: str) -> bool:
    """Does ``text`` have a Cyrillic letter (and so is a Russian word, term or phrase)?"""
    return bool(CYRILLIC.search(text))


def fold(text: str) -> str:
    """Lower case, "ё" read as "е": the form Russian words are compared in.

    >>> fold("Партнёров")
    'партнеров'
    """
    return text.lower().replace("ё", "е")


@functools.lru_cache(maxsize=1)
def _analyzer() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=65536)
def lemma_options(word: str) -> tuple[str, ...]:
    """The lemmas a word can have (folded, sorted): one per distinct analysis pymorphy3 gives it; a name
    written with a capital that is one of its own lemmas stands for that lemma alone ("Газа" is Gaza, not
    the genitive of "газ").

    >>> lemma_options("американских")
    ('американский',)
    >>> lemma_options("выборы")
    ('выбор', 'выборы')
    >>> lemma_options("Газа"), lemma_options("газа")
    (('газа',), ('газ', 'газа'))
    """
    if not is_cyrillic(word):
        return (word.lower(),)
    own = fold(word)
    options = {fold(p.normal_form) for p in _analyzer().parse(word.lower())}
    if word[:1].isupper() and own in options:
        return (own,)
    return tuple(sorted(options)) or (own,)


@functools.lru_cache(maxsize=65536)
def word_forms(word: str) -> tuple[str, ...]:
    """The forms (lower case, each with "ё" and as "е", sorted) a word stands for: its paradigm in its most
    likely part of speech (pymorphy3's first analysis, among those whose lemma is the word itself when it is
    written in its dictionary form; see :data:`POS_GROUPS`), or the word alone if that does not inflect.

    >>> sorted(f for f in word_forms("партнёры") if "ё" not in f)[:3]
    ['партнер', 'партнера', 'партнерам']
    >>> word_forms("так")
    ('так',)
    >>> "отказались" in word_forms("отказаться"), "неприемлемо" in word_forms("неприемлемый")
    (True, True)
    >>> "уставу" in word_forms("Устав")
    True
    """
    low = word.lower()
    if not is_cyrillic(word):
        return (low,)
    parses = _analyzer().parse(low)
    # a word written in its dictionary form is that word ("Устав", the charter, not a gerund of "устать")
    parses = [p for p in parses if fold(p.normal_form) == fold(low)] or parses
    forms = {low}
    if parses and parses[0].tag.POS in INFLECTING:
        first = parses[0]
        group = POS_GROUPS.get(first.tag.POS, frozenset({first.tag.POS}))
        kept = {g for g in KEPT_GRAMMEMES if g in first.tag}
        for p in parses:
            if p.tag.POS != first.tag.POS or p.normal_form != first.normal_form:
                continue
            forms.update(f.word for f in p.lexeme if f.tag.POS in group and kept <= set(f.tag.grammemes))
    return tuple(sorted(forms | {fold(f) for f in forms}))


@functools.lru_cache(maxsize=65536)
def lemma_forms(word: str) -> tuple[str, ...]:
    """Every form (folded, sorted) of every lemma :func:`lemma_options` gives the word: the forms a word the
    lemmatiser misreads may still be recognised by. Each lemma's forms keep to its part of speech
    (:data:`POS_GROUPS`); a name written with a capital keeps it ("Газа" stands for "газа", "газе", …, to be
    compared in their written case).

    >>> "санкциями" in lemma_forms("санкции"), "газ" in lemma_forms("Газа")
    (True, False)
    """
    if not is_cyrillic(word):
        return (word.lower(),)
    lemmas = set(lemma_options(word))
    forms = {fold(word)}
    for p in _analyzer().parse(word.lower()):
        if fold(p.normal_form) not in lemmas or p.tag.POS not in INFLECTING:
            continue
        group = POS_GROUPS.get(p.tag.POS, frozenset({p.tag.POS}))
        kept = {g for g in KEPT_GRAMMEMES if g in p.tag}
        forms.update(fold(f.word) for f in p.lexeme if f.tag.POS in group and kept <= set(f.tag.grammemes))
    return tuple(sorted(forms))


def lemma_sequences(words: list[str]) -> list[tuple[str, ...]]:
    """The lemma sequences a multi-word term stands for: every combination of its words' :func:`lemma_options`
    (at most :data:`MAX_COMBINATIONS`).

    >>> lemma_sequences(["стратегическая", "стабильность"])
    [('стратегический', 'стабильность')]
    """
    options = [lemma_options(w) for w in words]
    return list(itertools.islice(itertools.product(*options), MAX_COMBINATIONS))


__all__ = ["CYRILLIC", "fold", "is_cyrillic", "lemma_forms", "lemma_options", "lemma_sequences", "word_forms"]
