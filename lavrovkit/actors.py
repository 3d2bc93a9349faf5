"""The actors gazetteer: who is who, under which names, in which role on which date.

``lavrovkit/data/actors.yaml`` lists people with a canonical name, aliases,
surnames, a side and dated roles, plus role phrases ("US Secretary of State")
that resolve to whoever held the role on a document's date. Analysts can pass
their own file; a malformed one raises :class:`ActorsError` naming the entry.

Example
-------
>>> actors = actors_load()
>>> actors.canonical("Sergei Lavrov")
'Sergey Lavrov'
>>> actors.holder("Secretary of State", "United States", "2017-10-09")
'Rex Tillerson'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from lavrovkit.compat import RENAMED, old_names
from lavrovkit.errors import ActorsError  # noqa: F401  (re-exported)

DATA = Path(__file__).with_name("data")
ACTOR_KEYS = {"id", "name", "aliases", "surnames", "side", "roles", "notes"}
ROLE_KEYS = {"role", "org", "start", "end", "acting", "notes"}
ROLE_PHRASE_KEYS = {"role", "org", "phrases", "counterpart_of", "notes"}



@dataclass(frozen=True)
class Role:
    role: str
    org: str
    start: date | None
    end: date | None
    acting: bool = False

    def held_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    side: str
    aliases: tuple[str, ...] = ()
    surnames: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()

    def roles_on(self, day: date | None) -> list[Role]:
        """The roles this person held on ``day`` (all roles when the day is unknown)."""
        if day is None:
            return list(self.roles)
        return [r for r in self.roles if r.held_on(day)]


@dataclass(frozen=True)
class RolePhrase:
    role: str
    org: str
    phrases: tuple[str, ...]
    counterpart_of: str | None = None


@dataclass(frozen=True)
class ActorMention:
    """One mention of a person in a text."""

    start: int
    end: int
    surface: str
    name: str
    resolved_by: str  # name | surname | role | unresolved
    actor_id: str | None = None


@dataclass
class Actors:
    """A loaded gazetteer with name, surname and role lookups."""

    actors: list[Actor]
    role_phrases: list[RolePhrase]
    source: str = "lavrovkit/data/actors.yaml"
    _by_name: dict[str, Actor] = field(default_factory=dict, repr=False)
    _by_surname: dict[str, list[Actor]] = field(default_factory=dict, repr=False)
    _name_re: _Forms | None = field(default=None, repr=False)
    _surname_re: _Forms | None = field(default=None, repr=False)
    _role_re: _Forms | None = field(default=None, repr=False)
    _role_of: dict[str, RolePhrase] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for actor in self.actors:
            for form in (actor.name, *actor.aliases):
                self._by_name[_norm(form)] = actor
            for sur in actor.surnames or (actor.name.split()[-1],):
                self._by_surname.setdefault(_norm(sur), []).append(actor)
        names = sorted(self._by_name, key=len, reverse=True)
        self._name_re = _alternation(names)
        self._surname_re = _alternation(sorted(self._by_surname, key=len, reverse=True))
        for rp in self.role_phrases:
            for phrase in rp.phrases:
                self._role_of[_norm(phrase)] = rp
        self._role_re = _alternation(sorted(self._role_of, key=len, reverse=True))

    def names(self) -> list[str]:
        """Every canonical name and alias in the gazetteer."""
        return [form for a in self.actors for form in (a.name, *a.aliases)]

    def forms_of(self, name: str) -> list[str]:
        """Every way a text can name this person that :meth:`mentions` or :meth:`resolve` turns into them: full
        names and aliases, surnames, and the role phrases of every role they ever held (normalised: lower
        case, single spaces). Empty for a name the gazetteer does not know.

        >>> forms = actors_load().forms_of("Sergei Lavrov")
        >>> "lavrov" in forms, "sergey lavrov" in forms
        (True, True)
        """
        actor = self.get(name)
        if actor is None:
            return []
        forms = {_norm(f) for f in (actor.name, *actor.aliases)}
        forms |= {s for s, people in self._by_surname.items() if actor in people}
        held = {(r.role, r.org) for r in actor.roles}
        forms |= {phrase for phrase, rp in self._role_of.items() if (rp.role, rp.org) in held}
        return sorted(forms, key=lambda f: (-len(f), f))

    def get(self, name: str) -> Actor | None:
        """The actor whose canonical name or alias is ``name`` (case and spacing ignored)."""
        return self._by_name.get(_norm(name))

    def canonical(self, name: str) -> str | None:
        """The canonical name for a full name or alias, e.g. 'Sergei Lavrov' → 'Sergey Lavrov'."""
        actor = self.get(name)
        return actor.name if actor else None

    def by_surname(self, name: str) -> str | None:
        """The one person with this surname (initials before it ignored), else None.

        >>> actors_load().by_surname("S.V.Lavrov")
        'Sergey Lavrov'
        """
        surname = re.sub(r"^(?:\w\.\s?)+", "", name.strip())
        found = self._by_surname.get(_norm(surname), [])
        return found[0].name if len(found) == 1 else None

    def resolve(self, name: str) -> str | None:
        """The canonical name for a full name, alias, or a surname only one person has ("Lavrov", "S.Lavrov")."""
        return self.canonical(name) or (self.by_surname(name) if len(name.split()) == 1 else None)

    def holder(self, role: str, org: str, day: date | str | None) -> str | None:
        """Who held ``role`` at ``org`` on ``day``? Confirmed holders win over acting ones."""
        when = _as_date(day, "holder", "day")
        if when is None:
            return None
        held = [
            (r.acting, a.name)
            for a in self.actors
            for r in a.roles
            if r.role == role and r.org == org and r.held_on(when)
        ]
        return sorted(held)[0][1] if held else None

    def mentions(self, text: str, day: date | str | None = None) -> list[ActorMention]:
        """Which known people does ``text`` name, by full name, surname or dated role phrase?

        Surnames resolve only to people named in full somewhere in the text
        (or, failing that, to the only gazetteer person with that surname).
        Role phrases resolve to the holder on ``day``.
        """
        when = _as_date(day, "mentions", "day")
        found: list[ActorMention] = []
        taken: list[tuple[int, int]] = []
        assert self._name_re and self._surname_re and self._role_re
        named: set[str] = set()
        for m in self._name_re.finditer(text):
            actor = self._by_name[_norm(m.group())]
            found.append(ActorMention(m.start(), m.end(), m.group(), actor.name, "name", actor.id))
            taken.append((m.start(), m.end()))
            named.add(actor.id)
        for m in self._role_re.finditer(text):
            if _overlaps(taken, m.start(), m.end()):
                continue
            rp = self._role_of[_norm(m.group())]
            who = self.holder(rp.role, rp.org, when)
            if who:
                holder = self.get(who)
                # "US Secretary of State Rex Tillerson": the name right after the role is the mention
                found.append(ActorMention(m.start(), m.end(), m.group(), who, "role", holder.id if holder else None))
                taken.append((m.start(), m.end()))
        for m in self._surname_re.finditer(text):
            if _overlaps(taken, m.start(), m.end()):
                continue
            candidates = self._by_surname[_norm(m.group())]
            chosen = [a for a in candidates if a.id in named]
            if len(chosen) != 1 and when is not None and len(candidates) > 1:
                chosen = [a for a in (chosen or candidates) if a.roles_on(when)]
            if len(chosen) != 1 and len(candidates) == 1:
                chosen = candidates
            if len(chosen) == 1:
                found.append(ActorMention(m.start(), m.end(), m.group(), chosen[0].name, "surname", chosen[0].id))
        return sorted(found, key=lambda x: x.start)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'")).strip().lower()


def _alternation(forms: Iterable[str]) -> _Forms:
    return _Forms(list(forms))


class _Forms:
    """A case-insensitive alternation of name forms (normalised: lower case, single spaces), longest first.

    ``finditer`` gives the matches of the plain alternation (leftmost; at each
    place the longest form that ends at a word boundary; non-overlapping) from
    one regex whose forms are arranged as a trie (:func:`_trie`), so a gazetteer
    of hundreds of names costs one pass of the regex engine over the text
    instead of trying every name at every word.
    """

    def __init__(self, forms: list[str]) -> None:
        self.regex = self._compile(forms)
        normal = [_norm(f) for f in forms]
        self.prefilter = all(f[:1].isalnum() or f[:1] == "_" for f in normal) and normal == list(forms)
        self.trie = re.compile(rf"(?<![\w-])(?:{_trie(sorted(set(normal)))})(?![\w-])", re.IGNORECASE) \
            if self.prefilter else self.regex

    @staticmethod
    def _compile(forms: list[str]) -> re.Pattern[str]:
        if not forms:
            return re.compile(r"(?!x)x")
        body = "|".join(re.escape(f).replace(r"\ ", r"\s+").replace("'", "['’]") for f in forms)
        return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The forms named in ``text``, left to right (as ``re.finditer`` over the alternation)."""
        return self.trie.finditer(text)


def _trie(words: list[str]) -> str:
    """A regex alternation of ``words`` arranged as a trie (shared prefixes written once), so the regex engine
    tries one branch per character instead of every word in turn; a space matches any whitespace and an
    apostrophe either form.

    >>> bool(re.fullmatch(_trie(["ab", "ac", "b c"]), "b  c"))
    True
    """
    def char(c: str) -> str:
        return r"\s+" if c == " " else "['’]" if c == "'" else re.escape(c)

    def build(group: list[str]) -> str:
        by_first: dict[str, list[str]] = {}
        ends = False
        for w in group:
            if w:
                by_first.setdefault(w[0], []).append(w[1:])
            else:
                ends = True
        branches = [char(c) + build(rest) for c, rest in by_first.items()]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(words) or "(?!x)x"


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _as_date(value: Any, where: str, what: str) -> date | None:
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, date):
        return value.date() if hasattr(value, "date") and callable(value.date) else value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise ActorsError(f"{where}: {what} {value!r} is not an ISO date (YYYY-MM-DD)") from exc


def _parse(data: Any, source: str) -> Actors:
    if not isinstance(data, dict) or "actors" not in data:
        raise ActorsError(f"{source}: expected a mapping with an 'actors' list")
    unknown = set(data) - {"version", "actors", "roles"}
    if unknown:
        raise ActorsError(f"{source}: unknown top-level key(s) {sorted(unknown)}")
    actors: list[Actor] = []
    seen: set[str] = set()
    for i, entry in enumerate(data.get("actors") or []):
        where = f"{source}: actor #{i + 1}"
        if not isinstance(entry, dict):
            raise ActorsError(f"{where}: expected a mapping, got {type(entry).__name__}")
        where = f"{source}: actor {entry.get('id') or entry.get('name') or '#' + str(i + 1)!r}"
        bad = set(entry) - ACTOR_KEYS
        if bad:
            raise ActorsError(f"{where}: unknown key(s) {sorted(bad)}; allowed: {sorted(ACTOR_KEYS)}")
        for req in ("id", "name", "side"):
            if not entry.get(req):
                raise ActorsError(f"{where}: missing required key {req!r}")
        if entry["id"] in seen:
            raise ActorsError(f"{where}: duplicate id {entry['id']!r}")
        seen.add(entry["id"])
        roles = []
        for j, r in enumerate(entry.get("roles") or []):
            rwhere = f"{where}, role #{j + 1}"
            if not isinstance(r, dict) or not r.get("role"):
                raise ActorsError(f"{rwhere}: each role needs at least 'role'")
            bad = set(r) - ROLE_KEYS
            if bad:
                raise ActorsError(f"{rwhere}: unknown key(s) {sorted(bad)}; allowed: {sorted(ROLE_KEYS)}")
            start = _as_date(r.get("start"), rwhere, "start")
            end = _as_date(r.get("end"), rwhere, "end")
            if start and end and end < start:
                raise ActorsError(f"{rwhere}: end {end} is before start {start}")
            roles.append(Role(str(r["role"]), str(r.get("org") or entry["side"]), start, end, bool(r.get("acting"))))
        for key in ("aliases", "surnames"):
            if not isinstance(entry.get(key) or [], list):
                raise ActorsError(f"{where}: {key!r} must be a list")
        actors.append(Actor(
            id=str(entry["id"]), name=str(entry["name"]), side=str(entry["side"]),
            aliases=tuple(str(a) for a in entry.get("aliases") or []),
            surnames=tuple(str(s) for s in entry.get("surnames") or []),
            roles=tuple(roles),
        ))
    phrases = []
    for i, rp in enumerate(data.get("roles") or []):
        where = f"{source}: roles entry #{i + 1}"
        if not isinstance(rp, dict) or not rp.get("role") or not rp.get("phrases"):
            raise ActorsError(f"{where}: each role entry needs 'role' and 'phrases'")
        bad = set(rp) - ROLE_PHRASE_KEYS
        if bad:
            raise ActorsError(f"{where} ({rp.get('role')}): unknown key(s) {sorted(bad)}")
        phrases.append(RolePhrase(str(rp["role"]), str(rp.get("org") or ""), tuple(rp["phrases"]),
                                  rp.get("counterpart_of")))
    return Actors(actors, phrases, source)


class _DatesAsText(yaml.SafeLoader):
    """A safe YAML loader that leaves dates as text, so a bad one is reported with its entry."""


_DatesAsText.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@functools.lru_cache(maxsize=8)
def _load_cached(path: str, mtime: float) -> Actors:
    try:
        data = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_DatesAsText)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise ActorsError(f"{path}: not valid YAML: {' '.join(str(exc).split())}") from exc
    return _parse(data, path)


def actors_load(path: str | Path | None = None) -> Actors:
    """Load the actors gazetteer (the shipped one by default), validated.

    >>> actors_load().canonical("Rex W. Tillerson")
    'Rex Tillerson'
    """
    p = Path(path) if path else DATA / "actors.yaml"
    if not p.is_file():
        raise ActorsError(f"{p}: actors file not found")
    return _load_cached(str(p.resolve()), p.stat().st_mtime)


#: Names this module had before the noun-first scheme (see :mod:`lavrovkit.compat`).
__getattr__ = old_names(__name__, {n: RENAMED[n] for n in ('load_actors',)})
