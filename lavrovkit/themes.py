"""Themes: which themes does each sentence raise, on which words, and how much, when?

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
  sentence (or ``context_scope``: paragraph, document); or a list of groups
  ``{terms: [...], scope: paragraph}``, every group required;
- ``exclude``: terms whose match overlapping the hit cancels it (e.g. "Atlanta,
  Georgia"); ``exclude_context``: terms whose presence in the sentence cancels it;
- ``entity``: entity labels the hit must overlap (e.g. ``[GPE]``).

Every table here is tidy and traceable to sentences (doc_id, sentence_id,
date, source, speaker). Functions take a corpus and optional filters
(``start``, ``end``, ``source``, ``genre``, ``speaker``) passed to
:meth:`lavrovkit.corpus.Corpus.filter`.

Example
-------
>>> import lavrovkit as lk
>>> corpus = lk.load_corpus()                                   # doctest: +SKIP
>>> lk.theme_sentences(corpus).query("doc_id == '002'").themes.head(3)  # doctest: +SKIP
>>> lk.theme_prevalence(corpus, by="year", speaker="lavrov")     # doctest: +SKIP
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import yaml

from lavrovkit.errors import ParameterError, TaxonomyError  # noqa: F401  (re-exported)

if TYPE_CHECKING:  # pragma: no cover
    from lavrovkit.corpus import Corpus

DATA = Path(__file__).with_name("data")
THEME_KEYS = {"id", "label", "description", "rules", "codes", "notes"}
RULE_KEYS = {"terms", "phrases", "patterns", "context", "context_scope", "exclude", "exclude_context",
             "entity", "notes"}
SCOPES = ("sentence", "paragraph", "document")
#: Dash and apostrophe variants read as their ASCII form when matching (evidence keeps the original).
_MATCH_FORMS = str.maketrans({"–": "-", "—": "-", "‑": "-", "’": "'", "‘": "'"})
#: Columns of :func:`theme_hits`.
HIT_COLUMNS = ["doc_id", "paragraph_id", "sentence_id", "theme", "rule", "start_char", "end_char", "match"]



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

    def fingerprint(self) -> str:
        """A short hash of the rules: equal fingerprints, equal tags."""
        blob = json.dumps([(t.id, [r.__dict__ for r in t.rules]) for t in self.themes], sort_keys=True, default=list)
        return hashlib.sha256(blob.encode()).hexdigest()[:12]

    def check(self, ids: Iterable[str]) -> list[str]:
        """The given theme ids, or a :class:`TaxonomyError` naming the unknown ones and the known ones."""
        ids = list(ids)
        unknown = [i for i in ids if i not in self.ids]
        if unknown:
            raise TaxonomyError(f"unknown theme(s) {', '.join(unknown)}; the taxonomy ({self.source}) has: "
                                f"{', '.join(self.ids)}")
        return ids


# ---------------------------------------------------------------------- loading


def load_taxonomy(path: str | os.PathLike[str] | None = None) -> Taxonomy:
    """Load a taxonomy: the shipped one (no path) or an analyst's YAML file.

    A file with ``extends: lavrovkit`` (or ``extends: other.yaml``) adds its
    themes to that base; a theme id already in the base gets the new rules
    appended (and a new label/description if given).

    >>> load_taxonomy().ids[:3]
    ['syria', 'ukraine', 'korean_peninsula']
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
        base = load_taxonomy(None if base_name == "lavrovkit" else target.parent / base_name)
        themes = _extend(base.themes, themes)
        source = f"{base.source} + {target}"
    else:
        source = str(target)
    taxonomy = Taxonomy(themes, source)
    _compile(taxonomy)  # spaCy checks every pattern now, so a bad one is named at load time
    return taxonomy


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
        rule = Rule(
            terms=_strings(r.get("terms"), rwhere, "terms"),
            phrases=_strings(r.get("phrases"), rwhere, "phrases"),
            patterns=tuple(tuple(p) for p in patterns),
            context=_context(r.get("context"), str(r.get("context_scope", "sentence")), rwhere),
            exclude=_strings(r.get("exclude"), rwhere, "exclude"),
            exclude_context=_strings(r.get("exclude_context"), rwhere, "exclude_context"),
            entity=_strings(r.get("entity"), rwhere, "entity"),
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


def _prepare(corpus: Corpus, taxonomy: Taxonomy | str | os.PathLike[str] | None,
             filters: Mapping[str, Any]) -> tuple[Corpus, Taxonomy]:
    """The corpus with the filters applied, and the taxonomy object (loaded when given as a path or None)."""
    tax = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)
    return (corpus.filter(**filters) if filters else corpus), tax


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


def _compile(taxonomy: Taxonomy) -> _Matchers:
    """Build the matchers once per taxonomy; spaCy's validation errors name the theme and rule."""
    if taxonomy._matchers is not None:
        return taxonomy._matchers
    import spacy
    from spacy.matcher import Matcher, PhraseMatcher

    nlp = spacy.blank("en")
    vocab = nlp.vocab
    m = _Matchers(vocab, PhraseMatcher(vocab, attr="LEMMA"), PhraseMatcher(vocab, attr="LOWER"),
                  PhraseMatcher(vocab, attr="ORTH"), Matcher(vocab, validate=True), {})

    def pattern_doc(text: str, cased: bool = False) -> Any:
        text = text.translate(_MATCH_FORMS)
        doc = nlp.make_doc(text if cased else text.lower())
        for tok in doc:
            tok.lemma_ = tok.lower_
        return doc

    for theme in taxonomy.themes:
        for n, rule in enumerate(theme.rules, start=1):
            where = f"{taxonomy.source}: theme {theme.id!r}, rule {n}"
            roles = [("hit", rule.terms), ("exclude", rule.exclude), ("exclude_context", rule.exclude_context)]
            roles += [(f"context{i}", terms) for i, (_, terms) in enumerate(rule.context)]
            for role, terms in roles:
                if not terms:
                    continue
                key = f"{theme.id}/{n}/{role}/terms"
                cased = [t for t in terms if _is_cased(t)]
                docs = [pattern_doc(t) for t in terms if not _is_cased(t)]
                if docs:
                    m.lemma.add(key, docs)
                    m.lower.add(key, docs)
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
                    m.tokens.add(key, [list(p) for p in rule.patterns])
                except (ValueError, KeyError, TypeError) as exc:
                    raise TaxonomyError(f"{where}: spaCy rejects the pattern: {exc}") from None
                m.keys[vocab.strings[key]] = (theme.id, n, "hit")
    taxonomy._matchers = m
    return m


def _is_cased(term: str) -> bool:
    """Is a term written in capitals ('US', 'EU', 'New START'), and so matched in that exact case?"""
    letters = [c for c in term if c.isalpha()]
    return sum(c.isupper() for c in letters) >= 2 and any(w.isupper() and len(w) >= 2 for w in term.split())


def _match_doc(m: _Matchers, tokens: pd.DataFrame, ents: pd.DataFrame) -> list[tuple[str, int, str, int, int]]:
    """Matches in one document's tokens: (theme, rule, role, first token row, end token row)."""
    from spacy.tokens import Doc

    words = [w.translate(_MATCH_FORMS) for w in tokens["text"].tolist()]
    lemmas = [(lem or w).translate(_MATCH_FORMS).lower() for lem, w in zip(tokens["lemma"].tolist(), words,
                                                                             strict=True)]
    doc = Doc(m.vocab, words=words, spaces=tokens["ws"].astype(bool).tolist(), lemmas=lemmas,
              pos=[p or "X" for p in tokens["pos"].tolist()], ents=_iob(tokens, ents))
    found = []
    for matcher in (m.lemma, m.lower, m.orth, m.tokens):
        if len(matcher) == 0:
            continue
        for match_id, start, end in matcher(doc):
            theme, rule, role = m.keys[match_id]
            found.append((theme, rule, role, start, end))
    return found


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


def theme_hits(corpus: Corpus, taxonomy: Taxonomy | str | os.PathLike[str] | None = None,
               **filters: Any) -> pd.DataFrame:
    """Which words of which sentences match which theme, by which rule?

    One row per hit: doc_id, paragraph_id, sentence_id, theme, rule (1-based
    index in the theme), start_char, end_char (offsets in ``documents.text``),
    match (the matched text). Hits cancelled by ``exclude``/``exclude_context``,
    or lacking their ``context`` or ``entity``, are not listed; overlapping
    hits of one theme keep the longest.

    >>> hits = theme_hits(load_corpus())                      # doctest: +SKIP
    >>> hits.query("theme == 'syria'").match.value_counts().head(3)  # doctest: +SKIP
    """
    corpus, tax = _prepare(corpus, taxonomy, filters)
    memo_key = ("theme_hits", tax.fingerprint())
    if memo_key in corpus.memo:
        return corpus.memo[memo_key]
    corpus.annotate()
    out = corpus.per_document("theme_hits", HIT_SCHEMA, lambda sub: _hits(sub, tax),
                              parts=(tax.fingerprint(), _THEMES_CODE))
    order = {t: i for i, t in enumerate(tax.ids)}
    doc_order = {d: i for i, d in enumerate(corpus.documents["doc_id"])}
    out = (out.assign(_d=out["doc_id"].map(doc_order), _t=out["theme"].map(order))
           .sort_values(["_d", "sentence_id", "start_char", "_t"], kind="stable")
           .drop(columns=["_d", "_t"]).reset_index(drop=True))
    out = out.astype({"paragraph_id": "int64", "sentence_id": "int64", "rule": "int64", "start_char": "int64",
                      "end_char": "int64"})
    corpus.memo[memo_key] = out
    return out


#: The tagger's own code: hits cached by an older version are not reused.
_THEMES_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
HIT_SCHEMA = pa.schema([("key", pa.string()), ("paragraph_id", pa.int64()), ("sentence_id", pa.int64()),
                        ("theme", pa.string()), ("rule", pa.int64()), ("start_char", pa.int64()),
                        ("end_char", pa.int64()), ("match", pa.string())])


def _hits(corpus: Corpus, tax: Taxonomy) -> pd.DataFrame:
    """Theme hits of every document of ``corpus`` (uncached; see :func:`theme_hits`)."""
    m = _compile(tax)
    rules = {(t.id, n): r for t in tax.themes for n, r in enumerate(t.rules, start=1)}
    tokens = corpus.tokens
    ents = corpus.entities
    sentences = corpus.sentences[["doc_id", "sentence_id", "paragraph_id"]]
    para_of = {(d, s): p for d, s, p in sentences.itertuples(index=False)}
    ents_by_doc = dict(tuple(ents.groupby("doc_id", sort=False))) if not ents.empty else {}
    empty_ents = pd.DataFrame(columns=["start_char", "end_char", "label"])
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"], strict=True))
    rows: list[tuple[Any, ...]] = []
    for doc_id, toks in tokens.groupby("doc_id", sort=False):
        toks = toks.reset_index(drop=True)
        d_ents = ents_by_doc.get(doc_id, empty_ents)
        found = _match_doc(m, toks, d_ents)
        if not found:
            continue
        sid = toks["sentence_id"].to_numpy()
        starts = toks["start_char"].to_numpy()
        ends = starts + toks["text"].str.len().to_numpy()
        iob = _iob(toks, d_ents)
        ent_label = [t[2:] if t != "O" else "" for t in iob]
        # where context/exclusions are: by (theme, rule, role) → sentences, paragraphs, token spans
        ctx_sent: dict[tuple[str, int, str], set[int]] = {}
        ctx_para: dict[tuple[str, int, str], set[int]] = {}
        ctx_doc: set[tuple[str, int, str]] = set()
        ex_spans: dict[tuple[str, int], list[tuple[int, int]]] = {}
        hits = []
        for theme, rule, role, a, b in found:
            s_first = int(sid[a])
            if int(sid[b - 1]) != s_first:
                continue  # a match across a sentence boundary (e.g. after a speaker filter) is no match
            if role == "hit":
                hits.append((theme, rule, a, b, s_first))
            elif role == "exclude":
                ex_spans.setdefault((theme, rule), []).append((a, b))
            else:
                ctx_sent.setdefault((theme, rule, role), set()).add(s_first)
                ctx_para.setdefault((theme, rule, role), set()).add(para_of.get((doc_id, s_first), -1))
                ctx_doc.add((theme, rule, role))
        kept: dict[tuple[str, int], tuple[int, int, int]] = {}
        for theme, rule_n, a, b, s in hits:
            rule = rules[(theme, rule_n)]
            p = para_of.get((doc_id, s), -1)
            if not all(
                (theme, rule_n, f"context{i}") in ctx_doc if scope == "document" else
                (s if scope == "sentence" else p) in (ctx_sent if scope == "sentence" else ctx_para).get(
                    (theme, rule_n, f"context{i}"), ())
                for i, (scope, _) in enumerate(rule.context)
            ):
                continue
            if rule.exclude_context and s in ctx_sent.get((theme, rule_n, "exclude_context"), ()):
                continue
            if any(x < b and a < y for x, y in ex_spans.get((theme, rule_n), ())):
                continue
            if rule.entity and not any(ent_label[i] in rule.entity for i in range(a, b)):
                continue
            # overlapping hits of one theme: keep the longest (then the first rule)
            clash = [k for k, (x, y, _) in kept.items() if k[0] == theme and x < b and a < y]
            if clash and all(b - a > kept[k][1] - kept[k][0] for k in clash):
                for k in clash:
                    del kept[k]
            elif clash:
                continue
            kept[(theme, a)] = (a, b, rule_n)
        text = texts[doc_id]
        for (theme, _), (a, b, rule_n) in kept.items():
            s = int(sid[a])
            start, end = int(starts[a]), int(ends[b - 1])
            rows.append((doc_id, para_of.get((doc_id, s), -1), s, theme, rule_n, start, end, text[start:end]))
    return pd.DataFrame(rows, columns=HIT_COLUMNS)


# ---------------------------------------------------------------------- per sentence, paragraph, document

_CONTEXT_COLUMNS = ["date", "source", "genre"]


def _with_meta(corpus: Corpus, df: pd.DataFrame) -> pd.DataFrame:
    meta = corpus.documents[["doc_id", *_CONTEXT_COLUMNS]]
    return df.merge(meta, on="doc_id", how="left")


def theme_sentences(corpus: Corpus, taxonomy: Taxonomy | str | os.PathLike[str] | None = None,
                    **filters: Any) -> pd.DataFrame:
    """Which themes does every sentence carry, on which words?

    One row per sentence: doc_id, paragraph_id, sentence_id, date, source,
    genre, speaker, text, themes (list of ids, taxonomy order), evidence (list
    of matched strings, in text order), words.

    >>> theme_sentences(load_corpus()).query("themes.str.len() > 0").shape[0] > 50  # doctest: +SKIP
    True
    """

    corpus, tax = _prepare(corpus, taxonomy, filters)
    memo_key = ("theme_sentences", tax.fingerprint())
    if memo_key not in corpus.memo:  # every theme helper starts here: aggregate once per corpus and taxonomy
        corpus.memo[memo_key] = _theme_sentences(corpus, tax)
    return corpus.memo[memo_key].copy()  # callers may add or change columns


def _theme_sentences(corpus: Corpus, tax: Taxonomy) -> pd.DataFrame:
    from lavrovkit.corpus import WORD_RE

    hits = theme_hits(corpus, tax)
    s = corpus.sentences
    s = s[["doc_id", "paragraph_id", "sentence_id", "text", "speaker", *(["words"] if "words" in s else [])]]
    themes = _lists_per_sentence(hits.assign(_t=hits["theme"].map({t: i for i, t in enumerate(tax.ids)}))
                                 .sort_values(["doc_id", "sentence_id", "_t"], kind="stable"), "theme")
    evidence = _lists_per_sentence(hits, "match")  # hits are in text order within a sentence
    keyed = s.set_index(["doc_id", "sentence_id"])
    keyed = keyed.assign(themes=themes.reindex(keyed.index), evidence=evidence.reindex(keyed.index))
    out = keyed.reset_index()
    for col in ("themes", "evidence"):
        out[col] = [v if isinstance(v, list) else [] for v in out[col]]
    if "words" in out:  # counted once when the sentences were attributed (and cached)
        out["words"] = out["words"].astype("int64")
    else:
        out["words"] = out["text"].map(lambda t: len(WORD_RE.findall(t))).astype("int64")
    out = _with_meta(corpus, out)
    return out[["doc_id", "paragraph_id", "sentence_id", *_CONTEXT_COLUMNS, "speaker", "text", "themes",
                "evidence", "words"]]


def _lists_per_sentence(hits: pd.DataFrame, column: str) -> pd.Series:
    """The distinct values of ``column`` per (doc_id, sentence_id), as lists in the order of ``hits``."""
    if hits.empty:
        return pd.Series([], index=pd.MultiIndex.from_arrays([[], []], names=["doc_id", "sentence_id"]),
                         dtype=object)
    unique = hits.drop_duplicates(["doc_id", "sentence_id", column])
    key = unique[["doc_id", "sentence_id"]]
    first = ~key.duplicated().to_numpy()
    starts = np.flatnonzero(first)
    values = np.split(unique[column].to_numpy(dtype=object), starts[1:])
    index = pd.MultiIndex.from_frame(key[first])
    return pd.Series([list(v) for v in values], index=index, dtype=object)


def theme_paragraphs(corpus: Corpus, taxonomy: Taxonomy | str | os.PathLike[str] | None = None,
                     **filters: Any) -> pd.DataFrame:
    """Which themes does every paragraph carry (the union of its sentences')?

    One row per paragraph that has sentences: doc_id, paragraph_id, date,
    source, genre, text, themes, evidence, sentences, words.
    """
    corpus, tax = _prepare(corpus, taxonomy, filters)
    s = theme_sentences(corpus, tax)
    order = {t: i for i, t in enumerate(tax.ids)}
    g = s.groupby(["doc_id", "paragraph_id"], sort=False)
    out = g.agg(
        themes=("themes", lambda x: sorted({t for ts in x for t in ts}, key=order.__getitem__)),
        evidence=("evidence", lambda x: list(dict.fromkeys(e for es in x for e in es))),
        sentences=("sentence_id", "size"), words=("words", "sum"),
    ).reset_index()
    paras = corpus.paragraphs[["doc_id", "paragraph_id", "text"]]
    out = out.merge(paras, on=["doc_id", "paragraph_id"], how="left")
    out = _with_meta(corpus, out)
    return out[["doc_id", "paragraph_id", *_CONTEXT_COLUMNS, "text", "themes", "evidence", "sentences", "words"]]


def theme_shares(corpus: Corpus, taxonomy: Taxonomy | str | os.PathLike[str] | None = None,
                 level: str = "doc", **filters: Any) -> pd.DataFrame:
    """How much of each document (or paragraph) is about each theme?

    Tidy: one row per unit and theme (every theme, zeros included): doc_id
    (and paragraph_id for ``level='paragraph'``), date, source, genre, theme,
    sentences, theme_sentences, share (theme_sentences / sentences, 0-1),
    per_100 (theme sentences per 100 sentences), words, theme_words,
    word_share (share of the unit's words in sentences carrying the theme).

    >>> theme_shares(load_corpus()).query("doc_id == '002'").nlargest(1, "share").theme  # doctest: +SKIP
    """
    if level not in ("doc", "paragraph"):
        raise ParameterError(f"level {level!r} is not one of doc, paragraph")
    corpus, tax = _prepare(corpus, taxonomy, filters)
    s = theme_sentences(corpus, tax)
    keys = ["doc_id"] if level == "doc" else ["doc_id", "paragraph_id"]
    units = s.groupby(keys, sort=False).agg(sentences=("sentence_id", "size"), words=("words", "sum")).reset_index()
    long = s[[*keys, "themes", "words"]].explode("themes").dropna(subset=["themes"]).rename(columns={"themes": "theme"})
    per = long.groupby([*keys, "theme"], sort=False).agg(theme_sentences=("words", "size"),
                                                         theme_words=("words", "sum")).reset_index()
    grid = units.merge(pd.DataFrame({"theme": tax.ids}), how="cross")
    out = grid.merge(per, on=[*keys, "theme"], how="left").fillna({"theme_sentences": 0, "theme_words": 0})
    out = out.astype({"theme_sentences": "int64", "theme_words": "int64"})
    out["share"] = (out["theme_sentences"] / out["sentences"]).round(4)
    out["per_100"] = (100 * out["share"]).round(2)
    out["word_share"] = (out["theme_words"] / out["words"].where(out["words"] > 0)).fillna(0.0).round(4)
    out = _with_meta(corpus, out)
    return out[[*keys, *_CONTEXT_COLUMNS, "theme", "sentences", "theme_sentences", "share", "per_100", "words",
                "theme_words", "word_share"]]


# ---------------------------------------------------------------------- over time, together, evidence

GRAINS = {"month": "M", "quarter": "Q", "year": "Y"}


def period_of(dates: pd.Series, by: str) -> pd.Series:
    """Label dates by period: '2019-02' (month), '2019Q1' (quarter), '2019' (year); NaT stays missing."""
    if by not in GRAINS:
        raise ParameterError(f"time grain {by!r} is not one of {', '.join(GRAINS)}")
    return dates.dt.to_period(GRAINS[by]).astype("string")


def _doc_periods(corpus: Corpus, by: str) -> pd.Series:
    """Each document's period label (by doc_id): computed per document, then looked up per sentence."""
    docs = corpus.documents
    return pd.Series(period_of(docs["date"], by).to_numpy(), index=docs["doc_id"].to_numpy())


def theme_prevalence(corpus: Corpus, taxonomy: Taxonomy | str | os.PathLike[str] | None = None,
                     by: str = "year", themes: Sequence[str] | None = None, **filters: Any) -> pd.DataFrame:
    """How prevalent is each theme per month, quarter or year, and on how many documents does that rest?

    Tidy: one row per period and theme: period, theme, documents (dated
    documents in the period), theme_documents (documents with at least one
    sentence on the theme), sentences, theme_sentences, share
    (theme_sentences / sentences), doc_share (theme_documents / documents).
    Undated documents are left out (with a warning).

    >>> theme_prevalence(load_corpus(), by="year", themes=["syria"])  # doctest: +SKIP
    """
    from lavrovkit.corpus import warn_undated

    corpus, tax = _prepare(corpus, taxonomy, filters)
    ids = tax.check(themes) if themes else tax.ids
    warn_undated(corpus)
    s = theme_sentences(corpus, tax)
    s = s[s["date"].notna()]
    s = s.assign(period=_doc_periods(corpus, by).reindex(s["doc_id"]).to_numpy())
    base = s.groupby("period").agg(documents=("doc_id", "nunique"), sentences=("sentence_id", "size"))
    long = s[["period", "doc_id", "themes"]].explode("themes").rename(columns={"themes": "theme"})
    long = long[long["theme"].isin(ids)]
    per = long.groupby(["period", "theme"]).agg(theme_documents=("doc_id", "nunique"),
                                                theme_sentences=("doc_id", "size"))
    grid = pd.MultiIndex.from_product([base.index, ids], names=["period", "theme"])
    out = per.reindex(grid, fill_value=0).reset_index().merge(base.reset_index(), on="period")
    out["share"] = (out["theme_sentences"] / out["sentences"]).round(4)
    out["doc_share"] = (out["theme_documents"] / out["documents"]).round(4)
    out = out.astype({"theme_documents": "int64", "theme_sentences": "int64"})
    return out[["period", "theme", "documents", "theme_documents", "sentences", "theme_sentences", "share",
                "doc_share"]].sort_values(["period", "theme"], key=lambda c: c.map(
                    {t: i for i, t in enumerate(ids)}) if c.name == "theme" else c).reset_index(drop=True)


def theme_cooccurrence(corpus: Corpus, taxonomy: Taxonomy | str | os.PathLike[str] | None = None,
                       level: str = "paragraph", **filters: Any) -> pd.DataFrame:
    """Which themes come up together in the same sentence, paragraph or document?

    One row per pair of themes that co-occur at least once: theme_a, theme_b,
    units (units with both), units_a, units_b, jaccard (both / either).
    """
    corpus, tax = _prepare(corpus, taxonomy, filters)
    if level == "sentence":
        sets = theme_sentences(corpus, tax)["themes"]
    elif level == "paragraph":
        sets = theme_paragraphs(corpus, tax)["themes"]
    elif level == "doc":
        p = theme_paragraphs(corpus, tax)
        sets = p.groupby("doc_id", sort=False)["themes"].agg(lambda x: sorted({t for ts in x for t in ts}))
    else:
        raise ParameterError(f"level {level!r} is not one of sentence, paragraph, doc")
    ids = tax.ids
    matrix = np.array([[t in set(ts) for t in ids] for ts in sets], dtype=np.int64).reshape(-1, len(ids))
    both = matrix.T @ matrix
    rows = []
    for i, a in enumerate(ids):
        for j in range(i + 1, len(ids)):
            if both[i, j]:
                either = both[i, i] + both[j, j] - both[i, j]
                rows.append((a, ids[j], int(both[i, j]), int(both[i, i]), int(both[j, j]),
                             round(both[i, j] / either, 4)))
    out = pd.DataFrame(rows, columns=["theme_a", "theme_b", "units", "units_a", "units_b", "jaccard"])
    return out.sort_values(["units", "jaccard"], ascending=False, kind="stable").reset_index(drop=True)


def theme_evidence(corpus: Corpus, theme: str, taxonomy: Taxonomy | str | os.PathLike[str] | None = None,
                   top: int = 10, **filters: Any) -> pd.DataFrame:
    """Which sentences show a theme most strongly (most distinct matched words, then most hits)?

    One row per sentence: doc_id, sentence_id, date, source, speaker, text,
    evidence (matched strings for this theme), distinct, hits.
    """
    corpus, tax = _prepare(corpus, taxonomy, filters)
    tax.check([theme])
    hits = theme_hits(corpus, tax)
    hits = hits[hits["theme"] == theme]
    keys = ["doc_id", "sentence_id"]
    lowered = hits.assign(_l=hits["match"].str.lower()).drop_duplicates([*keys, "_l"])
    agg = pd.DataFrame({"evidence": _lists_per_sentence(hits, "match"),
                        "distinct": lowered.groupby(keys, sort=False).size(),
                        "hits": hits.groupby(keys, sort=False).size()}).reset_index()
    s = theme_sentences(corpus, tax)[["doc_id", "sentence_id", "date", "source", "speaker", "text"]]
    out = agg.merge(s, on=["doc_id", "sentence_id"], how="left")
    out = out.sort_values(["distinct", "hits", "date", "doc_id", "sentence_id"],
                          ascending=[False, False, True, True, True], kind="stable")
    return out[["doc_id", "sentence_id", "date", "source", "speaker", "text", "evidence", "distinct",
                "hits"]].head(top).reset_index(drop=True)


def theme_docs(corpus: Corpus, taxonomy: Taxonomy | str | os.PathLike[str] | None = None,
               value: str = "share", **filters: Any) -> pd.DataFrame:
    """A document × theme table (wide): doc_id, date, source, genre, then one column per theme.

    ``value`` is the column of :func:`theme_shares` to spread (share, per_100,
    word_share or theme_sentences).
    """
    corpus, tax = _prepare(corpus, taxonomy, filters)
    long = theme_shares(corpus, tax, level="doc")
    wide = long.pivot_table(index=["doc_id"], columns="theme", values=value, aggfunc="first", sort=False)
    wide = wide.reindex(columns=tax.ids).reset_index()
    meta = long.drop_duplicates("doc_id")[["doc_id", *_CONTEXT_COLUMNS]]
    out = meta.merge(wide, on="doc_id", how="left")
    out.columns.name = None
    return out.reset_index(drop=True)


# ---------------------------------------------------------------------- discovery


def topic_discovery(corpus: Corpus, taxonomy: Taxonomy | str | os.PathLike[str] | None = None,
                    n_topics: int | None = None, top_terms: int = 10, examples: int = 2, seed: int = 0,
                    covered_at: float = 0.5, **filters: Any) -> pd.DataFrame:
    """Which topics does an unsupervised model find in the paragraphs, and which does the taxonomy miss?

    Non-negative matrix factorisation (scikit-learn ``NMF``, ``nndsvda``
    start, ``random_state=seed``: the same corpus gives the same topics) over
    TF-IDF of content lemmas per paragraph. Each paragraph goes to its
    strongest topic. One row per topic: topic, terms (top lemmas, strongest
    first; names of actors and sources left out), paragraphs, share (of all
    paragraphs), top_themes (the three taxonomy themes most often tagged in its
    paragraphs, with their shares), top_theme, top_theme_share,
    any_theme_share (share of its paragraphs with any theme), covered
    (``any_theme_share >= covered_at``: False flags what the taxonomy misses),
    example_1..N (its most typical paragraphs, ``doc_id#paragraph: text``).
    ``n_topics`` defaults to sqrt(paragraphs / 4), between 3 and 25.

    >>> topic_discovery(load_corpus(), n_topics=5)[["topic", "terms", "covered"]]  # doctest: +SKIP
    """
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    from lavrovkit.corpus import content_words

    corpus, tax = _prepare(corpus, taxonomy, filters)
    paras = theme_paragraphs(corpus, tax)
    names = [*(corpus.actors.names() if corpus.actors else ()), *corpus.documents["source"].dropna().unique()]
    words = content_words(corpus.tokens, names=names, proper_nouns=True)
    tok = corpus.tokens.loc[words.index, ["doc_id", "sentence_id"]].assign(word=words)
    tok = tok.merge(corpus.sentences[["doc_id", "sentence_id", "paragraph_id"]], on=["doc_id", "sentence_id"])
    bags = tok.groupby(["doc_id", "paragraph_id"], sort=False)["word"].agg(" ".join).rename("bag").reset_index()
    units = paras.merge(bags, on=["doc_id", "paragraph_id"], how="inner")
    units = units[units["bag"].str.len() > 0].reset_index(drop=True)
    columns = ["topic", "terms", "paragraphs", "share", "top_themes", "top_theme", "top_theme_share",
               "any_theme_share", "covered"] + [f"example_{i}" for i in range(1, examples + 1)]
    if len(units) < 3:
        return pd.DataFrame(columns=columns)
    k = n_topics or int(np.clip(round(np.sqrt(len(units) / 4)), 3, 25))
    k = max(1, min(k, len(units) - 1))
    vectorizer = TfidfVectorizer(tokenizer=str.split, lowercase=False, token_pattern=None,
                                 min_df=2 if len(units) >= 50 else 1, max_df=0.5 if len(units) >= 50 else 1.0,
                                 max_features=20000, sublinear_tf=True)
    x = vectorizer.fit_transform(units["bag"])
    model = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=500)
    w = model.fit_transform(x)
    vocab = vectorizer.get_feature_names_out()
    assigned = w.argmax(axis=1)
    rows = []
    for t in range(k):
        members = units[(assigned == t) & (w[:, t] > 0)]
        terms = [str(vocab[i]) for i in model.components_[t].argsort()[::-1][:top_terms]
                 if model.components_[t][i] > 0]
        counts = pd.Series([th for ts in members["themes"] for th in ts], dtype="object").value_counts()
        n = len(members)
        top_theme = str(counts.index[0]) if len(counts) else ""
        top_share = round(float(counts.iloc[0]) / n, 3) if len(counts) and n else 0.0
        any_share = round(float((members["themes"].str.len() > 0).mean()), 3) if n else 0.0
        best = members.assign(weight=w[members.index, t]).nlargest(examples, "weight")
        ex = [f"{r.doc_id}#{r.paragraph_id}: {_snippet(r.text)}" for r in best.itertuples()]
        ex += [""] * (examples - len(ex))
        tops = ", ".join(f"{th} ({c / n:.0%})" for th, c in counts.head(3).items()) if n else ""
        rows.append([t + 1, terms, n, round(n / len(units), 3), tops, top_theme, top_share, any_share,
                     any_share >= covered_at, *ex])
    out = pd.DataFrame(rows, columns=columns)
    return out.sort_values(["paragraphs", "topic"], ascending=[False, True]).reset_index(drop=True)


def _snippet(text: str, limit: int = 220) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
