"""Taxonomy: the themes to tag and their match rules — loading, checking and compiling a theme file.

A taxonomy (``lavrovkit/data/themes.yaml``, or an analyst's own file) lists
themes, each with match rules run by spaCy's ``PhraseMatcher`` and ``Matcher``
over the cached annotation (no model is run again):

- ``terms``: phrases matched on lower-cased lemmas *or* lower-cased words
  (``sanction`` finds "sanctions", ``nuclear weapon`` "nuclear weapons"); a
  term written in capitals (``US``, ``EU``, ``START``) matches that exact case
  only, so the pronoun "us" is not the United States;
- ``phrases``: phrases matched on lower-cased words only;
- ``patterns``: spaCy ``Matcher`` token patterns (``LOWER``, ``LEMMA``, ``POS``,
  ``ENT_TYPE``, ...; lemmas are lower-cased);
- ``context``: the hit counts only when one of these terms occurs in the same
  sentence (or ``context_scope``: paragraph; neighbours, the paragraph or the one right before or
  after it, for a theme implied by the paragraphs around it; document); or a list of groups
  ``{terms: [...], scope: paragraph}``, every group required;
- ``exclude``: terms whose match overlapping the hit cancels it (e.g. "Atlanta,
  Georgia"); ``exclude_context``: terms whose presence in the sentence cancels it;
- ``entity``: entity labels the hit must overlap (e.g. ``[GPE]``).

Every table here is tidy and traceable to sentences (doc_id, sentence_id,

Themes-format files are also used for interaction triggers
(``lavrovkit/data/interactions.yaml``). Everything wrong in a file is a
:class:`~lavrovkit.errors.TaxonomyError` naming the file, the theme and the
rule, raised when the file loads (spaCy checks every token pattern then).

Safe patterns
-------------
Token patterns run without a time limit in spaCy, so two things are bounded:

- ``REGEX`` predicates (``{"LOWER": {"REGEX": "^de-?escalat"}}``) are compiled
  with the ``regex`` module at load (an invalid expression is a
  ``TaxonomyError``) and run with ``timeout=`` :data:`REGEX_TIMEOUT` seconds per
  token form. A timeout skips that rule for that document, with a
  :class:`~lavrovkit.errors.LavrovkitWarning` naming the rule and the document;
  :func:`lavrovkit.themes.theme_hits` records the skip (``attrs["skipped"]``: doc_id, theme, rule,
  reason per skip) with the cached hits, so every later read warns again.
- Token patterns are matched one sentence at a time (a match never crosses a
  sentence anyway), so a ``*`` or ``+`` can only stretch over one sentence, and
  a pattern that starts or ends with an unconstrained wildcard
  (``{"OP": "*"}``, ``{"OP": "+"}``) is rejected at load: it would only stretch
  every hit to the sentence's edge.

>>> taxonomy_load().ids[:3]
['syria', 'ukraine', 'korean_peninsula']
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from lavrovkit.compat import RENAMED, old_names
from lavrovkit.errors import TaxonomyError
from lavrovkit.matching import MATCH_FORMS, blank_nlp

DATA = Path(__file__).with_name("data")
THEME_KEYS = {"id", "label", "description", "rules", "codes", "notes"}
RULE_KEYS = {"terms", "phrases", "patterns", "context", "context_scope", "exclude", "exclude_context",
             "entity", "lang", "notes"}
#: The language of a rule that names none.
DEFAULT_LANG = "en"
#: Characters read as another when a language's words are matched ("ё" as "е": Russian is printed either way).
LANG_FOLDS = {"ru": str.maketrans("ёЁ", "еЕ")}
SCOPES = ("sentence", "paragraph", "neighbours", "document")
_MATCH_FORMS = MATCH_FORMS
#: The most form sequences a multi-word term of an inflecting language is matched by as well as by its
#: lemmas (the product of its words' forms; above it, its lemmas alone).
MAX_FORM_SEQUENCES = 400
#: Seconds one ``REGEX`` predicate may take on one token form before its rule is skipped for the document.
REGEX_TIMEOUT = 1.0
#: Token attributes a ``REGEX`` predicate may read.
#: Token-pattern attributes that need the lemmas tier, and those that need the entities tier.
LEMMA_ATTRS = frozenset({"LEMMA", "POS", "TAG", "MORPH"})
ENTITY_ATTRS = frozenset({"ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID"})
REGEX_ATTRS = {"TEXT": "text", "ORTH": "text", "LOWER": "lower_", "LEMMA": "lemma_", "NORM": "norm_",
               "POS": "pos_", "TAG": "tag_", "DEP": "dep_", "ENT_TYPE": "ent_type_", "SHAPE": "shape_",
               "PREFIX": "prefix_", "SUFFIX": "suffix_"}


@dataclass(frozen=True)
class Rule:
    """One match rule of a theme (see the module docstring for the keys)."""

    terms: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    patterns: tuple[tuple[dict[str, Any], ...], ...] = ()
    #: context groups: (scope, terms); every group must be present in its scope
    context: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    exclude_context: tuple[str, ...] = ()
    entity: tuple[str, ...] = ()
    #: the language of the documents the rule reads (``documents.lang``), and of its terms
    lang: str = DEFAULT_LANG

    def record(self) -> dict[str, Any]:
        """The rule as a plain mapping (an English rule without its ``lang``, as before languages existed)."""
        out = dict(self.__dict__)
        if out["lang"] == DEFAULT_LANG:
            del out["lang"]
        return out


@dataclass(frozen=True)
class Theme:
    """A theme: id, label, description and its rules."""

    id: str
    label: str
    description: str
    rules: tuple[Rule, ...]
    #: optional codes in other schemes (e.g. {"cameo": "041", "plover": "CONSULT"})
    codes: tuple[tuple[str, str], ...] = ()


@dataclass
class Taxonomy:
    """The themes to tag, in order, and the file(s) they came from."""

    themes: list[Theme]
    source: str
    _matchers: Any = field(default=None, repr=False, compare=False)

    @property
    def ids(self) -> list[str]:
        """Theme ids in taxonomy order."""
        return [t.id for t in self.themes]

    def table(self) -> pd.DataFrame:
        """One row per theme: id, label, description, rules (count)."""
        return pd.DataFrame([{"id": t.id, "label": t.label, "description": t.description, "rules": len(t.rules)}
                             for t in self.themes])

    def label(self, theme_id: str) -> str:
        """The label of a theme id ('syria' → 'Syria')."""
        return next((t.label for t in self.themes if t.id == theme_id), theme_id)

    def tiers(self) -> tuple[str, ...]:
        """Which annotation tiers do the rules read (see :data:`lavrovkit.annotate.TIERS`)?

        Always ``forms``; ``lemmas`` when a rule has a term written in lower
        case (terms match lemmas as well as words) or a token pattern on
        LEMMA, POS, TAG or MORPH; ``entities`` when a rule asks for an
        ``entity`` or a pattern on ENT_TYPE. Rules on phrases, terms in
        capitals and word-form patterns need the forms tier only.

        >>> taxonomy_load().tiers()  # the shipped themes: terms in lower case, no entity constraint
        ('forms', 'lemmas')
        >>> Taxonomy([Theme("t", "T", "", (Rule(phrases=("arms control",), terms=("NATO",)),))], "x").tiers()
        ('forms',)
        """
        lemmas = entities = False
        for theme in self.themes:
            for rule in theme.rules:
                words = (*rule.terms, *rule.exclude, *rule.exclude_context, *(t for _, ts in rule.context for t in ts))
                lemmas |= any(not _is_cased(t, rule.lang) for t in words)
                entities |= bool(rule.entity)
                keys = {str(k).upper() for pattern in rule.patterns for token in pattern for k in token}
                lemmas |= bool(keys & LEMMA_ATTRS)
                entities |= bool(keys & ENTITY_ATTRS)
        return ("forms",) + (("lemmas",) if lemmas else ()) + (("entities",) if entities else ())

    def fingerprint(self, lang: str | None = None) -> str:
        """A short hash of the rules (``lang``: of that language's rules only): equal fingerprints, equal tags.

        English rules hash as they did before rules had a language, so ``fingerprint("en")`` of a taxonomy
        whose Russian rules were added is the fingerprint it had without them (the English theme model's).

        >>> t = taxonomy_load()
        >>> t.fingerprint() != t.fingerprint("en")
        True
        """
        blob = json.dumps([(t.id, [r.record() for r in t.rules if lang is None or r.lang == lang])
                           for t in self.themes], sort_keys=True, default=list)
        return hashlib.sha256(blob.encode()).hexdigest()[:12]

    @property
    def langs(self) -> tuple[str, ...]:
        """The languages the rules are written in (English first).

        >>> taxonomy_load().langs
        ('en', 'ru')
        """
        found = {r.lang for t in self.themes for r in t.rules}
        return tuple(sorted(found, key=lambda code: (code != DEFAULT_LANG, code)))

    def rules_lang(self, lang: str | None) -> str:
        """Whose rules read a document in ``lang``: its own language's, or the English rules when no rule is
        written in that language (a missing language is English).

        >>> taxonomy_load().rules_lang("ru"), taxonomy_load().rules_lang("de")
        ('ru', 'en')
        """
        code = str(lang) if isinstance(lang, str) and lang else DEFAULT_LANG
        return code if code in self.langs else DEFAULT_LANG

    def check(self, ids: Iterable[str]) -> list[str]:
        """The given theme ids, or a :class:`TaxonomyError` naming the unknown ones and the known ones."""
        ids = list(ids)
        unknown = [i for i in ids if i not in self.ids]
        if unknown:
            raise TaxonomyError(f"unknown theme(s) {', '.join(unknown)}; the taxonomy ({self.source}) has: "
                                f"{', '.join(self.ids)}")
        return ids

# ---------------------------------------------------------------------- loading


def taxonomy_load(path: str | os.PathLike[str] | None = None) -> Taxonomy:
    """Load a taxonomy: the shipped one (no path) or an analyst's YAML file.

    A file with ``extends: lavrovkit`` (or ``extends: other.yaml``) adds its
    themes to that base; a theme id already in the base gets the new rules
    appended (and a new label/description if given).

    >>> taxonomy_load().ids[:3]
    ['syria', 'ukraine', 'korean_peninsula']
    >>> taxonomy_load("lavrovkit/data/interactions.yaml").ids[:2]
    ['phone_call', 'meeting']
    """
    target = Path(path) if path else DATA / "themes.yaml"
    if not target.is_file():
        raise TaxonomyError(f"{target}: taxonomy file does not exist")
    return _load_cached(str(target.resolve()), target.stat().st_mtime)


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float) -> Taxonomy:
    target = Path(path)
    try:
        data = yaml.safe_load(target.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{target}: not valid YAML ({' '.join(str(exc).split())})") from None
    if not isinstance(data, dict) or not isinstance(data.get("themes"), list):
        raise TaxonomyError(f"{target}: expected a mapping with a 'themes' list")
    _check_keys(data, {"themes", "extends", "version", "notes"}, f"{target}: top level")
    themes = [_parse_theme(t, i, target) for i, t in enumerate(data["themes"], start=1)]
    seen: dict[str, int] = {}
    for i, t in enumerate(themes, start=1):
        if t.id in seen:
            raise TaxonomyError(f"{target}: duplicate theme id {t.id!r} (themes {seen[t.id]} and {i})")
        seen[t.id] = i
    if data.get("extends"):
        base_name = str(data["extends"])
        base = taxonomy_load(None if base_name == "lavrovkit" else target.parent / base_name)
        themes = _extend(base.themes, themes)
        source = f"{base.source} + {target}"
    else:
        source = str(target)
    taxonomy = Taxonomy(themes, source)
    _check_patterns(taxonomy)  # spaCy checks every pattern now, so a bad one is named at load time
    return taxonomy


def _check_patterns(taxonomy: Taxonomy) -> None:
    """Compile the taxonomy's matchers (spaCy names a bad pattern), unless the same rules compiled without
    error before under this spaCy version and this code: remembered in the cache
    (``<cache>/taxonomy_checked/``), so loading a known taxonomy imports no spaCy (the matchers are built
    when sentences are first matched)."""
    from importlib import metadata

    from lavrovkit.cache import cache_root, code_digest, digest
    from lavrovkit.files import atomic_write_text

    try:
        version = metadata.version("spacy")
    except metadata.PackageNotFoundError:  # pragma: no cover - a dependency
        version = "none"
    marker = cache_root() / "taxonomy_checked" / digest(version, code_digest("taxonomy", "matching", length=12),
                                                        taxonomy.fingerprint())
    if marker.is_file():
        return
    for lang in taxonomy.langs:  # other languages' terms can't be wrong: compiled on first use unless patterns
        if lang == DEFAULT_LANG or any(r.patterns for t in taxonomy.themes for r in t.rules if r.lang == lang):
            _compile(taxonomy, lang)
    with contextlib.suppress(OSError):  # a read-only cache: checked again next time
        atomic_write_text(marker, taxonomy.source + "\n")


def _extend(base: list[Theme], extra: list[Theme]) -> list[Theme]:
    out = list(base)
    for t in extra:
        idx = next((i for i, b in enumerate(out) if b.id == t.id), None)
        if idx is None:
            out.append(t)
        else:
            b = out[idx]
            out[idx] = Theme(b.id, t.label if t.label != t.id else b.label, t.description or b.description,
                             b.rules + t.rules, t.codes or b.codes)
    return out


def _check_keys(mapping: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(mapping) - allowed
    if unknown:
        raise TaxonomyError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}; allowed: "
                            f"{', '.join(sorted(allowed))}")


def _strings(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TaxonomyError(f"{where}: {key!r} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _context(value: Any, scope: str, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Context groups from a list of terms (one group, ``scope``) or a list of {terms, scope} mappings."""
    if value is None:
        return ()
    groups = value if isinstance(value, list) and value and all(isinstance(g, dict) for g in value) \
        else [{"terms": value, "scope": scope}]
    out = []
    for g in groups:
        _check_keys(g, {"terms", "scope"}, f"{where}, context group")
        sc = str(g.get("scope", "sentence"))
        if sc not in SCOPES:
            raise TaxonomyError(f"{where}: context scope {sc!r} is not one of {', '.join(SCOPES)}")
        out.append((sc, _strings(g.get("terms"), where, "context")))
    return tuple(out)


def _lang(value: Any, where: str) -> str:
    """A rule's language code (two or three lower-case letters, as ``documents.lang``); English when absent."""
    if value is None:
        return DEFAULT_LANG
    code = str(value).strip().lower()
    if not (code.isalpha() and code.isascii() and 2 <= len(code) <= 3):
        raise TaxonomyError(f"{where}: 'lang' must be a language code such as en or ru, not {value!r}")
    return code


def _check_pattern(pattern: list[dict[str, Any]], where: str) -> None:
    """A token pattern the matcher can run in bounded time: valid regular expressions, no wildcard at an edge."""
    for j, token in enumerate(pattern, start=1):
        for attr, value in token.items():
            if isinstance(value, dict) and "REGEX" in value:
                if attr not in REGEX_ATTRS:
                    raise TaxonomyError(f"{where}, token {j}: REGEX on {attr!r} is not supported; use one of "
                                        f"{', '.join(REGEX_ATTRS)}")
                _compile_regex(value["REGEX"], f"{where}, token {j}")
    for j in (0, len(pattern) - 1):
        token = pattern[j]
        if token.get("OP") in ("*", "+") and not set(token) - {"OP"}:
            edge = "starts" if j == 0 else "ends"
            raise TaxonomyError(f"{where}: the pattern {edge} with an unconstrained wildcard "
                                f"{{OP: {token['OP']!r}}}, which only stretches every hit to the sentence's edge; "
                                f"drop it or constrain it (e.g. POS)")


def _compile_regex(pattern: Any, where: str) -> Any:
    """A ``regex`` pattern, or a TaxonomyError naming where the invalid expression is."""
    import regex

    if not isinstance(pattern, str):
        raise TaxonomyError(f"{where}: REGEX must be a string, got {pattern!r}")
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        raise TaxonomyError(f"{where}: invalid regular expression {pattern!r} ({exc})") from None


def _parse_theme(raw: Any, index: int, path: Path) -> Theme:
    if not isinstance(raw, dict) or not raw.get("id"):
        raise TaxonomyError(f"{path}: theme {index}: needs an 'id'")
    tid = str(raw["id"])
    where = f"{path}: theme {tid!r}"
    if not tid.isidentifier():
        raise TaxonomyError(f"{where}: the id must be letters, digits and _")
    _check_keys(raw, THEME_KEYS, where)
    rules_raw = raw.get("rules") or []
    if not isinstance(rules_raw, list):
        raise TaxonomyError(f"{where}: 'rules' must be a list")
    rules = []
    for n, r in enumerate(rules_raw, start=1):
        rwhere = f"{where}, rule {n}"
        if not isinstance(r, dict):
            raise TaxonomyError(f"{rwhere}: a rule is a mapping (terms, phrases, patterns, ...)")
        _check_keys(r, RULE_KEYS, rwhere)
        patterns = r.get("patterns") or []
        if not isinstance(patterns, list) or not all(isinstance(p, list) and p and
                                                     all(isinstance(tok, dict) for tok in p) for p in patterns):
            raise TaxonomyError(f"{rwhere}: 'patterns' must be a list of token patterns (lists of mappings)")
        for k, pattern in enumerate(patterns, start=1):
            _check_pattern(pattern, f"{rwhere}, pattern {k}")
        rule = Rule(
            terms=_strings(r.get("terms"), rwhere, "terms"),
            phrases=_strings(r.get("phrases"), rwhere, "phrases"),
            patterns=tuple(tuple(p) for p in patterns),
            context=_context(r.get("context"), str(r.get("context_scope", "sentence")), rwhere),
            exclude=_strings(r.get("exclude"), rwhere, "exclude"),
            exclude_context=_strings(r.get("exclude_context"), rwhere, "exclude_context"),
            entity=_strings(r.get("entity"), rwhere, "entity"),
            lang=_lang(r.get("lang"), rwhere),
        )
        if not (rule.terms or rule.phrases or rule.patterns):
            raise TaxonomyError(f"{rwhere}: a rule needs terms, phrases or patterns")
        rules.append(rule)
    if not rules:
        raise TaxonomyError(f"{where}: no rules")
    codes = raw.get("codes") or {}
    if not isinstance(codes, dict):
        raise TaxonomyError(f"{where}: 'codes' must be a mapping of scheme to code")
    return Theme(tid, str(raw.get("label") or tid), str(raw.get("description") or "").strip(), tuple(rules),
                 tuple((str(k), str(v)) for k, v in codes.items()))


# ---------------------------------------------------------------------- matching


@dataclass
class _Matchers:
    vocab: Any
    lemma: Any          # PhraseMatcher on LEMMA (terms)
    lower: Any          # PhraseMatcher on LOWER (terms and phrases)
    orth: Any           # PhraseMatcher on ORTH (terms in capitals)
    tokens: Any         # Matcher (patterns)
    #: match id → (theme, rule index, role: hit / context<i> / exclude / exclude_context)
    keys: dict[int, tuple[str, int, str]]
    #: the language of the rules (and of the documents they read)
    lang: str = DEFAULT_LANG


def _compile(taxonomy: Taxonomy, lang: str = DEFAULT_LANG) -> _Matchers:
    """Build the matchers of one language's rules once per taxonomy; spaCy's validation errors name the theme
    and rule.

    English rules are tokenised by the blank English pipeline, a term's lemma being its lower-cased words
    (the corpus's lemmatiser reduces the text's words to them). Rules in another language are tokenised by
    that language's blank pipeline (:func:`lavrovkit.matching.blank_nlp`); a Russian term is written in
    its natural form and each of its words stands for every lemma pymorphy3 gives it
    (:func:`lavrovkit.wordforms.lemma_sequences`: "санкции" is the lemma "санкция", "наши американские
    партнёры" the lemmas "наш американский партнер"), "ё" read as "е"; or the term's form as written, in
    its case (not lower-cased: "Газа" is Gaza, "газа" of gas).
    """
    cache = taxonomy._matchers if isinstance(taxonomy._matchers, dict) else {}
    taxonomy._matchers = cache
    if lang in cache:
        return cache[lang]
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc

    nlp = blank_nlp() if lang == DEFAULT_LANG else blank_nlp(lang)
    vocab = nlp.vocab
    m = _Matchers(vocab, PhraseMatcher(vocab, attr="LEMMA"), PhraseMatcher(vocab, attr="LOWER"),
                  PhraseMatcher(vocab, attr="ORTH"), Matcher(vocab, validate=True), {}, lang)
    folds = LANG_FOLDS.get(lang)

    def pattern_doc(text: str, cased: bool = False) -> Any:
        text = text.translate(_MATCH_FORMS)
        if folds:
            text = text.translate(folds)
        doc = nlp.make_doc(text if cased else text.lower())
        for tok in doc:
            tok.lemma_ = tok.lower_
        return doc

    def lemma_docs(text: str) -> list[Any]:
        """The term as lemma sequences: its lower-cased words (English), or each combination of its words'
        dictionary lemmas (an inflecting language)."""
        if lang == DEFAULT_LANG:
            return [pattern_doc(text)]
        from lavrovkit.wordforms import lemma_sequences

        base = pattern_doc(text, cased=True)  # as written: a capitalised name stands for itself (wordforms)
        out = []
        for seq in lemma_sequences([t.text for t in base]):
            doc = nlp.make_doc(base.text)
            for tok, lem in zip(doc, seq, strict=True):
                tok.lemma_ = lem.translate(folds) if folds else lem
            out.append(doc)
        return out

    def form_docs(terms: Iterable[str]) -> tuple[list[Any], list[Any]]:
        """Terms in every form of their words' lemmas (:func:`lavrovkit.wordforms.lemma_forms`; a term whose
        forms combine into more than :data:`MAX_FORM_SEQUENCES` sequences is left to its lemmas), so a word
        the corpus's lemmatiser misreads still counts: in lower case for a term written in lower case (the
        LOWER matcher), each word in its written case for one with a capital (ORTH: "Газе" is Gaza's, "газе"
        of gas)."""
        from lavrovkit.wordforms import is_cyrillic, lemma_forms

        lower: list[Any] = []
        orth: list[Any] = []
        for term in terms:
            toks = [t.text for t in pattern_doc(term, cased=True)]
            options = [[w] if not is_cyrillic(w) else
                       [f[:1].upper() + f[1:] if w[:1].isupper() else f for f in lemma_forms(w)] for w in toks]
            if int(np.prod([len(o) for o in options])) > MAX_FORM_SEQUENCES:
                continue
            cased = any(w[:1].isupper() for w in toks)
            for seq in itertools.product(*options):
                doc = Doc(vocab, words=list(seq), spaces=[True] * (len(seq) - 1) + [False])
                (orth if cased else lower).append(doc)
        return lower, orth

    for theme in taxonomy.themes:
        for n, rule in enumerate(theme.rules, start=1):
            if rule.lang != lang:
                continue
            where = f"{taxonomy.source}: theme {theme.id!r}, rule {n}"
            roles = [("hit", rule.terms), ("exclude", rule.exclude), ("exclude_context", rule.exclude_context)]
            roles += [(f"context{i}", terms) for i, (_, terms) in enumerate(rule.context)]
            for role, terms in roles:
                if not terms:
                    continue
                key = f"{theme.id}/{n}/{role}/terms"
                cased = [t for t in terms if _is_cased(t, lang)]
                plain = [t for t in terms if not _is_cased(t, lang)]
                if plain:
                    m.lemma.add(key, [d for t in plain for d in lemma_docs(t)])
                    if lang == DEFAULT_LANG:
                        m.lower.add(key, [pattern_doc(t) for t in plain])
                    else:  # the form written, in its case: "Газа" (Gaza) is not "газа" (of gas)
                        m.orth.add(key, [pattern_doc(t, cased=True) for t in plain])
                        lower_forms, orth_forms = form_docs(plain)
                        if lower_forms:
                            m.lower.add(key, lower_forms)
                        if orth_forms:
                            m.orth.add(key, orth_forms)
                if cased:
                    m.orth.add(key, [pattern_doc(t, cased=True) for t in cased])
                m.keys[vocab.strings[key]] = (theme.id, n, role)
            if rule.phrases:
                key = f"{theme.id}/{n}/hit/phrases"
                m.lower.add(key, [pattern_doc(t) for t in rule.phrases])
                m.keys[vocab.strings[key]] = (theme.id, n, "hit")
            if rule.patterns:
                key = f"{theme.id}/{n}/hit/patterns"
                try:
                    m.tokens.add(key, [_bounded(p, taxonomy.source, theme.id, n) for p in rule.patterns])
                except (ValueError, KeyError, TypeError) as exc:
                    raise TaxonomyError(f"{where}: spaCy rejects the pattern: {exc}") from None
                m.keys[vocab.strings[key]] = (theme.id, n, "hit")
    cache[lang] = m
    return m


@dataclass
class _Regex:
    """A REGEX predicate of a token pattern, run by a token extension with a time limit."""

    attr: str                   # the token attribute read (e.g. "lower_")
    pattern: Any                # compiled with the `regex` module
    theme: str
    rule: int
    source: str
    seen: dict[str, bool] = field(default_factory=dict)   # token form → matches


#: Extension name → its REGEX predicate (process-wide, as spaCy's token extensions are).
_REGEXES: dict[str, _Regex] = {}
#: Rules whose REGEX timed out in the document being matched: (theme, rule) → what happened.
_RUN = threading.local()


def _bounded(pattern: tuple[dict[str, Any], ...], source: str, theme: str, rule: int) -> list[dict[str, Any]]:
    """A token pattern with every REGEX predicate replaced by a time-limited token extension."""
    from spacy.tokens import Token

    out = []
    for token in pattern:
        token = dict(token)
        for attr, value in list(token.items()):
            if not (isinstance(value, dict) and "REGEX" in value):
                continue
            expr = value["REGEX"]
            name = "lk_re_" + hashlib.sha256(json.dumps([source, theme, rule, attr, expr]).encode()).hexdigest()[:16]
            if name not in _REGEXES:
                _REGEXES[name] = _Regex(REGEX_ATTRS[attr], _compile_regex(expr, f"{source}: theme {theme!r}, rule {rule}"),
                                        theme, rule, source)
                Token.set_extension(name, getter=functools.partial(_regex_match, name), force=True)
            rest = {k: v for k, v in value.items() if k != "REGEX"}
            if rest:
                token[attr] = rest
            else:
                del token[attr]
            token.setdefault("_", {})[name] = True
        out.append(token)
    return out


def _regex_match(name: str, token: Any) -> bool:
    """Does the token's attribute match the REGEX predicate ``name``? A timeout counts as no, and is noted."""
    pred = _REGEXES[name]
    value = getattr(token, pred.attr)
    known = pred.seen.get(value)
    if known is not None:
        return known
    try:
        hit = pred.pattern.search(value, timeout=REGEX_TIMEOUT) is not None
    except TimeoutError:
        timeouts = getattr(_RUN, "timeouts", None)
        if timeouts is not None:
            word = value if len(value) <= 40 else value[:39] + "…"
            timeouts.setdefault((pred.theme, pred.rule), f"its REGEX {pred.pattern.pattern!r} took over "
                                                         f"{REGEX_TIMEOUT:g} s on the word {word!r}")
        return False
    pred.seen[value] = hit
    return hit


def _is_cased(term: str, lang: str = DEFAULT_LANG) -> bool:
    """Is a term written in capitals ('US', 'EU', 'New START'), and so matched in that exact case?

    In an inflecting language (any but English) only a term whose every word is in capitals ("США", "ДНР",
    "СНВ-3") is: a term that mixes an abbreviation with inflecting words ("Устав ООН") is matched on its
    lemmas, in any case, so that its other words may inflect.

    >>> _is_cased("UN Charter"), _is_cased("Устав ООН", "ru"), _is_cased("ООН", "ru")
    (True, False, True)
    """
    letters = [c for c in term if c.isalpha()]
    if lang != DEFAULT_LANG:
        words = [w for w in term.split() if any(c.isalpha() for c in w)]
        return bool(words) and all(sum(c.isalpha() for c in w) >= 2 and w.isupper() for w in words)
    return sum(c.isupper() for c in letters) >= 2 and any(w.isupper() and len(w) >= 2 for w in term.split())


def _match_doc(m: _Matchers, tokens: pd.DataFrame, ents: pd.DataFrame
               ) -> tuple[list[tuple[str, int, str, int, int]], dict[tuple[str, int], str]]:
    """Matches in one document's tokens: (theme, rule, role, first token row, end token row), and the rules
    whose REGEX timed out here ((theme, rule) → what happened; their matches are to be dropped).

    Phrase matchers run over the whole document; token patterns one sentence at a time.
    """
    from spacy.tokens import Doc

    folds = LANG_FOLDS.get(m.lang)
    words = [w.translate(_MATCH_FORMS) for w in tokens["text"].tolist()]
    if folds:
        words = [w.translate(folds) for w in words]
    # word forms only (the forms tier) when the rules read no lemma or part of speech (Taxonomy.tiers)
    lemmas = [(lem or w).translate(_MATCH_FORMS).lower() for lem, w in zip(tokens["lemma"].tolist(), words,
                                                                             strict=True)] \
        if "lemma" in tokens.columns else None
    if folds and lemmas is not None:
        lemmas = [lem.translate(folds) for lem in lemmas]
    pos = [p or "X" for p in tokens["pos"].tolist()] if "pos" in tokens.columns else None
    doc = Doc(m.vocab, words=words, spaces=tokens["ws"].astype(bool).tolist(), lemmas=lemmas, pos=pos,
              ents=_iob(tokens, ents))
    found = []
    for matcher in (m.lemma, m.lower, m.orth):
        if len(matcher) == 0:
            continue
        for match_id, start, end in matcher(doc):
            theme, rule, role = m.keys[match_id]
            found.append((theme, rule, role, start, end))
    timeouts: dict[tuple[str, int], str] = {}
    if len(m.tokens):
        sid = tokens["sentence_id"].to_numpy()
        bounds = np.flatnonzero(np.r_[True, sid[1:] != sid[:-1], True])
        _RUN.timeouts = timeouts
        try:
            for a, b in zip(bounds[:-1], bounds[1:], strict=True):
                for match_id, start, end in m.tokens(doc[int(a):int(b)]):
                    theme, rule, role = m.keys[match_id]
                    found.append((theme, rule, role, int(a) + start, int(a) + end))
        finally:
            _RUN.timeouts = None
    return found, timeouts


def _iob(tokens: pd.DataFrame, ents: pd.DataFrame) -> list[str]:
    tags = ["O"] * len(tokens)
    if ents.empty:
        return tags
    starts = tokens["start_char"].to_numpy()
    for s, e, label in zip(ents["start_char"], ents["end_char"], ents["label"], strict=True):
        first = int(np.searchsorted(starts, s, side="left"))
        last = int(np.searchsorted(starts, e, side="left"))
        for i in range(first, min(last, len(tags))):
            tags[i] = ("B-" if i == first else "I-") + str(label)
    return tags


#: Names this module had before the noun-first scheme (see :mod:`lavrovkit.compat`).
__getattr__ = old_names(__name__, {n: RENAMED[n] for n in ('load_taxonomy',)})
