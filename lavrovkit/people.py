"""People by their written role, and which spans are no one's name.

Three questions the people table (:func:`lavrovkit.counterparts.person_mentions`)
asks of a text, answered from word lists rather than from a model:

* :func:`role_names`: who does a role phrase introduce? "Belarusian Foreign
  Minister Maxim Ryzhenkov", "Foreign Minister of Morocco Nasser Bourita",
  "the President of the United Arab Emirates, Sheikh Mohammed bin Zayed Al
  Nahyan": a title, the words of its office, the country or organisation it
  belongs to, then a capitalised name, whatever a model tags it.
* :func:`side_of`: which country or organisation does a role phrase name?
  "Foreign Minister of Morocco" → Morocco, "UN Secretary-General" → United
  Nations (``lavrovkit/data/countries.yaml``).
* :func:`not_a_name`: why a span a model tagged PERSON is nobody's name: an
  outlet, an organisation, a place, a group ("Ukrainian neo-Nazis"), a name
  cut short ("Ursula von der"), a title without a name ("Finance Minister").

Names are compared with :func:`name_key` and merged with :func:`fuller_name`
("Bourita" and "Nasser Bourita" are one person). The words come from
``lavrovkit/data/people.yaml``, ``lavrovkit/data/countries.yaml``,
``lavrovkit/data/not_persons.yaml`` and :mod:`lavrovkit.lang.en`.

>>> [(r.name, r.role, r.side) for r in role_names("Lavrov met Foreign Minister of Morocco Nasser Bourita.")]
[('Nasser Bourita', 'Foreign Minister of Morocco', 'Morocco')]
>>> not_a_name("Ukrainian neo-Nazis"), not_a_name("Nasser Bourita")
('group', None)
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from lavrovkit.lang.en import (
    GIVEN_NAMES,
    MONTH_NAMES,
    NAME_PARTICLES,
    ROLE_BODIES,
    ROLE_TITLES,
    SURNAME_PREFIXES,
    lexicon,
)
from lavrovkit.lang.en import WEEKDAYS as WEEKDAY_NAMES

DATA = Path(__file__).with_name("data")
COUNTRIES = DATA / "countries.yaml"
WORDS = DATA / "people.yaml"
NOT_PERSONS = DATA / "not_persons.yaml"

#: Words that join the parts of a role phrase ("Minister of Foreign Affairs of the Russian Federation").
CONNECTORS = frozenset({"of", "the", "for", "and", "on", "in", "to", "at"})
#: Connectors after which a country is where a person serves, not whose official they are ("Ambassador to
#: China", "Special Envoy for Syria").
NOT_OWN = frozenset({"to", "in", "at", "for", "with", "on"})
#: A word of a text: an abbreviation with dots ("U.S."), a word (with hyphens and apostrophes), a number, or
#: one punctuation mark.
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_](?:[\w'’\-]*\w)?|\d\w*|[^\w\s]")
_POSSESSIVE = re.compile(r"['’]s?$")
_ROMAN = re.compile(r"^(?=[IVXL])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")
_PARTICLE_NAME = re.compile(rf"(?:{'|'.join(SURNAME_PREFIXES)})-[^\W\d_][\w'’\-]*|[a-z]{{1,2}}['’][^\W\d_]\w+")
_ABBREVIATED = frozenset({"mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sen", "rep", "hon", "rev"})
_CALENDAR = frozenset(w.lower() for w in (*MONTH_NAMES, *WEEKDAY_NAMES))


@dataclass(frozen=True)
class Words:
    """The word lists (lower-case) and the country forms (as written) the rules read."""

    titles: frozenset[str]
    office: frozenset[str]
    honorifics: frozenset[str]
    places: frozenset[str]
    groups: frozenset[str]
    organisations: frozenset[str]
    outlets: frozenset[str]
    forms: dict[tuple[str, ...], tuple[str, bool]]  # country form's words → (side, is an adjective)
    form_words: frozenset[str]  # every word of every country form
    peoples: dict[str, str]  # "ukrainians" → Ukraine
    longest: int  # words in the longest country form

    @property
    def role(self) -> frozenset[str]:
        """Words that belong to a role phrase: titles, office words and honorifics."""
        return self.titles | self.office | self.honorifics


@functools.lru_cache(maxsize=4)
def words(countries: str | None = None, people: str | None = None, not_persons: str | None = None) -> Words:
    """The word lists, loaded once (the shipped files by default).

    >>> w = words()
    >>> w.forms[("Belarusian",)], "affairs" in w.office, "website" in w.organisations
    (('Belarus', True), True, True)
    """
    cdata = yaml.safe_load(Path(countries or COUNTRIES).read_text(encoding="utf-8")) or {}
    pdata = yaml.safe_load(Path(people or WORDS).read_text(encoding="utf-8")) or {}
    ndata = yaml.safe_load(Path(not_persons or NOT_PERSONS).read_text(encoding="utf-8")) or {}
    forms: dict[tuple[str, ...], tuple[str, bool]] = {}
    peoples: dict[str, str] = {}
    for entry in cdata.get("countries") or []:
        side = str(entry["side"])
        for name in [*(entry.get("names") or []), *(entry.get("institutions") or [])]:
            forms.setdefault(tuple(str(name).split()), (side, False))
        for adj in entry.get("adjectives") or []:
            forms.setdefault(tuple(str(adj).split()), (side, True))
        for people_word in entry.get("peoples") or []:
            peoples[str(people_word).lower()] = side

    def lower(key: str, data: dict[str, object]) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key) or [])  # type: ignore[attr-defined]

    return Words(
        titles=frozenset(ROLE_TITLES) | lower("titles", pdata),
        office=lower("office_words", pdata) | frozenset(ROLE_BODIES),
        honorifics=lower("honorifics", pdata),
        places=lower("place_words", pdata),
        groups=lower("group_words", pdata),
        organisations=lower("words", ndata),
        outlets=lower("outlets", ndata),
        forms=forms,
        form_words=frozenset(w for f in forms for w in f),
        peoples=peoples,
        longest=max((len(f) for f in forms), default=1),
    )


# ---------------------------------------------------------------------------------- countries


def _bare(word: str) -> str:
    """A word without its possessive ending ("Russia's" → "Russia")."""
    return _POSSESSIVE.sub("", word) if len(word) > 2 else word


def _country_at(tokens: list[str], i: int, w: Words) -> tuple[int, str, bool] | None:
    """The country form starting at ``tokens[i]``: (its length in words, side, is an adjective), longest first."""
    start = i + 1 if tokens[i] in ("the", "The") else i
    for n in range(min(w.longest, len(tokens) - start), 0, -1):
        words_ = tuple(tokens[start:start + n - 1]) + (_bare(tokens[start + n - 1]),)
        hit = w.forms.get(words_)
        if hit:
            return start - i + n, hit[0], hit[1]
    return None


def side_of(role: str | None, w: Words | None = None) -> str | None:
    """Which country or organisation does a role phrase name, as a side ("Foreign Minister of Morocco" → Morocco)?

    The first country named as the role's own (an adjective, a name, "of <country>"); a country after
    "to", "in", "for" ("Ambassador to China", "Special Envoy for Syria") is where the person serves.

    >>> side_of("Belarusian Foreign Minister"), side_of("UN Secretary-General"), side_of("Ambassador to China")
    ('Belarus', 'United Nations', None)
    >>> side_of("the President of the United Arab Emirates"), side_of("Russian Ambassador to the United States")
    ('United Arab Emirates', 'Russia')
    """
    if not role:
        return None
    w = w or words()
    tokens = [t.group() for t in _TOKEN.finditer(role)]
    i = 0
    while i < len(tokens):
        hit = _country_at(tokens, i, w)
        if hit:
            before = tokens[i - 1].lower() if i else ""
            if before not in NOT_OWN:
                return hit[1]
            i += hit[0]
            continue
        i += 1
    return None


# ---------------------------------------------------------------------------------- names


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _particle(word: str) -> bool:
    return word.casefold() in NAME_PARTICLES or bool(_PARTICLE_NAME.fullmatch(word))


def _acronym(word: str) -> bool:
    letters = word.replace(".", "")
    return len(letters) >= 2 and letters.isupper() and letters.isalpha() and not _ROMAN.fullmatch(letters)


def tidy_name(name: str) -> str:
    """A name as the people table writes it: spaces normalised, possessive and ALL-CAPS surnames undone.

    >>> tidy_name("Mikhail  ALFIMOV’s"), tidy_name("Abdullah II"), tidy_name("Abdel Fattah el-Sisi")
    ('Mikhail Alfimov', 'Abdullah II', 'Abdel Fattah el-Sisi')
    """
    tokens = " ".join(re.sub(r"[\[\]()<>{}\"“”«»]", "", name).split()).strip(" ,.;:").split(" ")
    if tokens and len(tokens[-1]) > 2:
        tokens[-1] = _POSSESSIVE.sub("", tokens[-1]) if re.search(r"['’]s$", tokens[-1]) else tokens[-1]
    out = []
    for t in tokens:
        if len(t) >= 4 and t.isupper() and re.search(r"[AEIOUY]", t) and not _ROMAN.fullmatch(t) and len(tokens) > 1:
            t = "-".join(p.capitalize() for p in t.split("-"))
        out.append(t)
    return " ".join(out)


def not_a_name(surface: str, w: Words | None = None) -> str | None:
    """Why ``surface`` (a span a model tagged PERSON) is nobody's name, or None when it can be one.

    The reasons: ``outlet`` ("TASS"), ``organisation`` (a word of one: "MFA Website", "State Duma"),
    ``place`` ("Perm Territory", "Nikolina Gora"), ``country`` ("Saudi Arabia"), ``group`` (a people or a
    plural: "Ukrainian neo-Nazis", "Americans"), ``truncated`` (a name ending in a particle: "Ursula von der"),
    ``title`` (role words only: "Finance Minister", "Mr President"), ``phrase`` ("Learning Russian"), ``nationality`` (a country's adjective
    in it: "Russian Hamlet"), ``lowercase`` (a word no name has: "the Kiev regime"), ``acronym``,
    ``number``, ``calendar`` ("Monday"), ``empty``.

    >>> [not_a_name(s) for s in ("MFA Website", "Ursula von der", "the Kiev regime", "Foreign Minister")]
    ['organisation', 'truncated', 'group', 'title']
    >>> [not_a_name(s) for s in ("Ursula von der Leyen", "Mohammed bin Zayed Al Nahyan", "Abdel Fattah el-Sisi")]
    [None, None, None]
    """
    w = w or words()
    s = tidy_name(surface)
    s = re.sub(r"^(?:the|The)\s+", "", s)
    tokens = [t for t in re.findall(r"[^\W\d_][\w'’\-.]*|\d\S*", s)]
    if not tokens or not s[:1].isalpha():
        return "empty"
    if "," in s or ";" in s:
        return "list"
    low = [t.lower().rstrip(".") for t in tokens]
    if s.lower() in w.outlets:
        return "outlet"
    if any(ch.isdigit() for ch in s):
        return "number"
    if tuple(tokens) in w.forms or (len(tokens) > 1 and w.forms.get((tokens[-1],), ("", True))[1] is False
                                    and low[0] not in GIVEN_NAMES):
        return "country"  # "Saudi Arabia", "Sputnik Estonia" (but "Michael Jordan")
    if low[-1] in w.groups or low[-1] in w.peoples or " ".join(low) in w.peoples:
        return "group"
    if any(t in w.organisations for t in low):
        return "organisation"
    if low[-1] in w.places or low[0] in {"st", "saint"}:
        return "place"
    if any(not _capitalised(t) and not _particle(t) for t in tokens):
        return "lowercase"
    if low[-1] in NAME_PARTICLES:
        return "truncated"
    parts = [_singular(p) for t in low for p in t.split("-")]
    if all(t in w.role or t in CONNECTORS or t in NAME_PARTICLES for t in parts) or low[-1] in w.office - w.titles:
        return "title"  # role words only, or ending in one ("Kaliningrad Regional")
    if len(low) > 1 and low[0].endswith("ing") and len(low[0]) >= 7 and low[0] not in GIVEN_NAMES:
        return "phrase"  # "Learning Russian", "Building Bridges"
    if any(w.forms.get((p,), ("", False))[1] and p.lower() not in GIVEN_NAMES for t in tokens for p in t.split("-")):
        return "nationality"
    if any(t in _CALENDAR for t in low):
        return "calendar"
    if (len(tokens) == 1 and (_acronym(tokens[0]) or len(tokens[0]) < 2)) or \
            any(_acronym(t) and len(t.replace(".", "")) <= 3 for t in tokens) and not s.isupper():
        return "acronym"  # "TASS", "MFA Website", "Yamal LNG"
    return None


def lone_name(name: str) -> bool:
    """Can one word alone, after a title ("Foreign Minister Ryzhenkov", "Dr Dedov"), be a person's surname?

    Not a given name ("Prince Vladimir" names no one the table can follow), not an English word
    ("Presidential Address": the words of the installed spaCy model's vocabulary), not a letter or two.

    >>> lone_name("Ryzhenkov"), lone_name("Address"), lone_name("Vladimir")
    (True, False, False)
    """
    low = name.lower()
    return len(low) >= 3 and " " not in low and low not in GIVEN_NAMES and low not in lexicon()


def _singular(word: str) -> str:
    """"plenipotentiaries" → "plenipotentiary", "envoys" → "envoy" (for the title check only)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


_THING_BEFORE = re.compile(r"\b(?:Order|Medal|Prize|Cross|Star)\s+of\s+(?:the\s+)?(?:Saint\s+|St\.?\s+)?$")
_THING_AFTER = re.compile(r"[ \t]+([A-Z][\w-]+)")


def names_a_thing(text: str, start: int, end: int, w: Words | None = None) -> bool:
    """Is the name at ``text[start:end]`` part of a thing's name: an award ("Order of Ushakov"), an organisation
    or place named after a person ("Primakov Readings", "Kennedy Center", "Pushkin Square")?

    >>> t = "The Northern Fleet was awarded the Order of Ushakov. Greetings to the Primakov Readings forum."
    >>> names_a_thing(t, t.index("Ushakov"), t.index("Ushakov") + 7), names_a_thing(t, t.index("Primakov"), t.index("Primakov") + 8)
    (True, True)
    """
    w = w or words()
    if _THING_BEFORE.search(text[max(0, start - 30):start]):
        return True
    after = _THING_AFTER.match(text, end)
    return after is not None and after.group(1).lower() in w.organisations | w.places | {"readings", "lectures"}


def name_key(name: str) -> tuple[str, ...]:
    """A name's words for comparison: lower-case, initials as letters, particles kept.

    >>> name_key("Nasser  BOURITA"), name_key("M. Alfimov"), name_key("Sauli Niinistö")
    (('nasser', 'bourita'), ('m', 'alfimov'), ('sauli', 'niinisto'))
    """
    folded = "".join(c for c in unicodedata.normalize("NFKD", tidy_name(name)) if not unicodedata.combining(c))
    return tuple(t.lower().rstrip(".") for t in folded.replace(".", ". ").split())


def fuller_name(name: str, candidates: list[str]) -> str | None:
    """The one longer name among ``candidates`` that ``name`` is a short form of, else None.

    A short form is a surname ("Bourita"), an initial and surname ("N. Bourita"), or the first words of
    the full name ("Mohammed bin Zayed" of "Mohammed bin Zayed Al Nahyan"); among nested candidates the
    longest wins, two unrelated ones ("Anna Smirnova", "Olga Smirnova" for "Smirnova") give None.

    >>> fuller_name("Bourita", ["Nasser Bourita", "Maxim Ryzhenkov"])
    'Nasser Bourita'
    >>> fuller_name("Smirnova", ["Anna Smirnova", "Olga Smirnova"]) is None
    True
    """
    key = name_key(name)
    found = []
    for cand in candidates:
        full = name_key(cand)
        if len(full) < len(key) or full == key:
            continue
        if key == full[-len(key):] and len(key) == 1 or key == full[:len(key)] and len(key) >= 2 \
                or key == full[-len(key):] and len(key) >= 2 and key[0] not in NAME_PARTICLES:
            found.append(cand)
        elif len(key) == 2 and len(key[0]) == 1 and key[1] == full[-1] and full[0].startswith(key[0]):
            found.append(cand)  # "N. Bourita"
    if not found:
        return None
    longest = max(found, key=lambda c: len(name_key(c)))
    lk = name_key(longest)
    nested = all(name_key(c) == lk or _inside(name_key(c), lk) for c in found)
    return longest if nested else None


def same_person(a: str, b: str) -> bool:
    """Are two full names one person's, spelled apart by one letter in one word ("Tatayana Golikova")?

    >>> same_person("Tatyana Golikova", "Tatayana Golikova"), same_person("Sergei Mikhalkov", "Nikita Mikhalkov")
    (True, False)
    """
    ka, kb = name_key(a), name_key(b)
    if len(ka) != len(kb) or len(ka) < 2 or ka[-1] != kb[-1]:
        return False
    apart = [(x, y) for x, y in zip(ka, kb, strict=True) if x != y]
    return len(apart) <= 1 and all(min(len(x), len(y)) >= 4 and _one_edit(x, y) for x, y in apart)


def _one_edit(x: str, y: str) -> bool:
    """Is ``y`` ``x`` with one letter changed, added or removed?"""
    if abs(len(x) - len(y)) > 1:
        return False
    if len(x) == len(y):
        return sum(a != b for a, b in zip(x, y, strict=True)) <= 1
    short, long_ = sorted((x, y), key=len)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _inside(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    n = len(short)
    return any(full[i:i + n] == short for i in range(len(full) - n + 1))


# ---------------------------------------------------------------------------------- role phrases


@dataclass(frozen=True)
class RoleName:
    """A person a role phrase introduces: the name's span, the name, the role as written, its side."""

    start: int
    end: int
    name: str
    role: str
    side: str | None
    role_start: int


def role_names(text: str, w: Words | None = None) -> list[RoleName]:
    """Who do the role phrases of ``text`` introduce, whatever a model tags them?

    A role phrase is a title ("Minister", "President", "Secretary-General",
    capitalised or not), the words of its office and the country or
    organisation it belongs to, before it ("Belarusian Foreign Minister")
    or after "of" ("Foreign Minister of Morocco"), possibly after a comma
    ("the President of the United Arab Emirates, Sheikh Mohammed ...") or
    after the name ("Prime Minister Narendra Modi of India"). The name is
    the capitalised words after the last word of the role (honorifics such
    as "Sheikh" or "Mr" stay in the role). The side is :func:`side_of` the
    role.

    >>> [(r.name, r.side) for r in role_names("Belarusian Foreign Minister Maxim Ryzhenkov arrived.")]
    [('Maxim Ryzhenkov', 'Belarus')]
    >>> t = "Putin spoke with the President of the United Arab Emirates, Sheikh Mohammed bin Zayed Al Nahyan."
    >>> [(r.name, r.role, r.side) for r in role_names(t)]
    [('Mohammed bin Zayed Al Nahyan', 'President of the United Arab Emirates, Sheikh', 'United Arab Emirates')]
    >>> [(r.name, r.side) for r in role_names("Minister of Foreign Affairs, African Cooperation and "
    ...                                         "Moroccan Expatriates Nasser Bourita said")]
    [('Nasser Bourita', 'Morocco')]
    """
    w = w or words()
    toks = list(_TOKEN.finditer(text))
    strs = [t.group() for t in toks]
    out: list[RoleName] = []
    end_at = 0
    for i, word in enumerate(strs):
        if i < end_at or _bare(word).lower() not in w.titles or not word[:1].isalpha():
            continue
        if not _capitalised(word) and (i + 1 >= len(strs) or not (_capitalised(strs[i + 1])
                                                                   or strs[i + 1] in (*CONNECTORS, ","))):
            continue
        found = _read_role(text, toks, strs, i, w)
        if found is None:
            continue
        role_name, stop = found
        end_at = stop
        if role_name is not None:
            out.append(role_name)
    return out


def _role_word(word: str, w: Words) -> bool:
    return _bare(word).lower().rstrip(".") in w.role or _bare(word) in w.form_words or _acronym(word)


def _read_role(text: str, toks: list[re.Match[str]], strs: list[str], i: int,
               w: Words) -> tuple[RoleName | None, int] | None:
    """The role phrase whose title is ``strs[i]`` and the name after it; and the token where it stops."""
    lowercase_role = not _capitalised(strs[i])
    # backwards: the country and office words before the title ("Belarusian Foreign Minister")
    j = i
    while j > 0 and strs[j - 1][:1].isalpha() and (_capitalised(strs[j - 1]) or lowercase_role) \
            and _role_word(strs[j - 1], w) and toks[j].start() - toks[j - 1].end() <= 1:
        j -= 1
    kinds: list[str] = []  # per token after the title: role, name, particle, connector, comma, dot
    forced = False  # the next capitalised word belongs to the role ("of Morocco", "Moroccan Expatriates")
    names = 0  # name-like words since the last role word
    suffix: tuple[int, int] | None = None  # "of India" after the name
    k = i + 1
    n = len(strs)

    def next_word(at: int) -> str:
        at += 1 if at < n and strs[at] in ("the", "The") else 0
        return strs[at] if at < n else ""

    while k < n:
        word = strs[k]
        if toks[k].start() - toks[k - 1].end() > 2 or "\n" in text[toks[k - 1].end():toks[k].start()]:
            break
        low = word.lower()
        if word == ",":
            if names == 0 and _capitalised(next_word(k + 1)) and next_word(k + 1) not in CONNECTORS:
                kinds.append("comma")
                k += 1
                continue
            break
        if word == "." and k > 0 and strs[k - 1].lower() in _ABBREVIATED:
            kinds.append("dot")
            k += 1
            continue
        if low in CONNECTORS and word.islower():
            following = next_word(k + 1)
            if not _capitalised(following):
                break
            country = _country_at(strs, k + 1, w)
            if names >= 1 and low == "of" and country:
                suffix = (k, k + 1 + country[0])
                break
            if names >= 1:
                break  # "Foreign Minister Nasser Bourita and ...": the name is over
            kinds.append("connector")
            forced = forced or low != "the"
            k += 1
            continue
        if not word[:1].isalpha():
            break
        if _particle(word) and not _capitalised(word) and k + 1 < n and (_capitalised(strs[k + 1])
                                                                         or _particle(strs[k + 1])):
            kinds.append("particle")
            k += 1
            continue
        if _PARTICLE_NAME.fullmatch(word) and names:
            kinds.append("name")  # "Abdel Fattah el-Sisi"
            names += 1
            k += 1
            continue
        if not _capitalised(word):
            if names == 0 and _role_word(word, w):  # "Commander of the Russian military group Sergei Surovikin"
                kinds.append("role")
                forced = False
                k += 1
                continue
            break
        country = _country_at(strs, k, w)
        if country and (names == 0 or country[0] > 1 or country[2]):
            kinds.extend(["role"] * country[0])
            k += country[0]
            forced, names = country[2], 0
            continue
        if forced or (_role_word(word, w) and not (names and word.lower() in w.honorifics)):
            kinds.append("role")
            forced, names = False, 0
        else:
            kinds.append("name")
            names += 1
        k += 1
    stop = i + 1 + len(kinds)
    if lowercase_role and j == i and kinds[:1] == ["comma"]:
        return None, stop  # "as minister, Lavrov said": a clause, not an apposition
    # the name: the words after the last role word
    last_role = max((p for p, kind in enumerate(kinds) if kind in ("role", "connector", "comma")), default=-1)
    tail = [(i + 1 + p, kind) for p, kind in enumerate(kinds) if p > last_role]
    while tail and tail[-1][1] != "name":
        tail.pop()
    if not tail or tail[0][1] != "name":
        return None, stop
    proper = [p for p, kind in tail if kind == "name"]
    given = [p for p in proper[1:-1] if strs[p].lower() in GIVEN_NAMES and strs[proper[0]].lower() not in GIVEN_NAMES]
    if len(proper) > 4 or (len(proper) >= 3 and given):
        # "of St Petersburg Alexander Beglov": the name starts at a given name, else it is the last two words
        first = given[0] if given else proper[-2]
        tail = [(p, kind) for p, kind in tail if p >= first]
    first_tok, last_tok = tail[0][0], tail[-1][0]
    start, end = toks[first_tok].start(), toks[last_tok].end()
    raw = text[start:end]
    name = tidy_name(raw)
    if raw.endswith(("'s", "’s")):
        end -= 2
    if not_a_name(name, w) is not None or (" " not in name and (lowercase_role or not lone_name(name))):
        return None, stop  # "leader of Forza Italia": after a lower-case title, a name of one word is a thing
    role = " ".join(text[toks[j].start():start].split()).strip(" ,")
    role = re.sub(r"^(?:the|The)\s+", "", role)
    if suffix:
        role = f"{role} {' '.join(strs[suffix[0]:suffix[1]])}"
        stop = suffix[1]
    return RoleName(start, end, name, role, side_of(role, w), toks[j].start()), stop


# ---------------------------------------------------------------------------
# Russian names: one nominative form per person
# ---------------------------------------------------------------------------

_CYRILLIC = re.compile(r"[А-ЯЁа-яё]")
_RU_INITIALS = re.compile(r"^(?:[А-ЯЁA-Z][а-яёa-z]?\.[^\S\n]?)+")
_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr"})


@functools.lru_cache(maxsize=1)
def _morph() -> object:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@functools.lru_cache(maxsize=20000)
def _ru_word_nominative(word: str) -> str:
    """One Cyrillic name word in the nominative, when pymorphy3's dictionary knows it as a given name, surname
    or patronymic (``Name``/``Surn``/``Patr``) in another case; else as written ("Моди" stays "Моди": a foreign
    name the dictionary does not know is not guessed at, "Пауэр" neither)."""
    head, _, last = word.rpartition("-")
    if not _CYRILLIC.search(last) or len(last) < 3:
        return word
    parses = [p for p in _morph().parse(last)  # type: ignore[attr-defined]
              if _NAME_GRAMMEMES & p.tag.grammemes and "sing" in p.tag.grammemes]
    if not parses or "nomn" in parses[0].tag.grammemes:
        return word
    best = parses[0]
    form = best.inflect({"nomn"})
    nominative = form.word if form is not None else best.normal_form
    if last[:1].isupper():
        nominative = nominative[:1].upper() + nominative[1:]
    return f"{head}-{nominative}" if head else nominative


def ru_person_name(name: str) -> tuple[str, bool]:
    """A Russian person's name as the people table writes it: initials dropped, each word in the nominative
    (:func:`_ru_word_nominative`); and whether initials were written (a sign the span names a person).
    A Latin name is returned as it is.

    >>> ru_person_name("Р.Мюллера"), ru_person_name("Б.Асадом")
    (('Мюллер', True), ('Асад', True))
    >>> ru_person_name("Алексея Навального"), ru_person_name("Нарендрой Моди")[0], ru_person_name("Rubio")
    (('Алексей Навальный', False), 'Нарендра Моди', ('Rubio', False))
    """
    if not _CYRILLIC.search(name):
        return name, False
    stripped = _RU_INITIALS.sub("", name.strip()).strip()
    initials = bool(stripped) and stripped != name.strip()
    words = (stripped or name).split()
    out = [_ru_word_nominative(w) for w in words]
    case = _ru_given_case(words[0]) if len(words) >= 2 else None
    if case is not None:  # "Фридрихом Мерцем", "Пита Хегсета": the given name's case undoes the surname's
        feminine = case[1]
        for i in range(1, len(words)):
            if out[i] == words[i]:
                out[i] = _undeclined(words[i], feminine)
    return " ".join(out), initials


def _ru_given_case(word: str) -> tuple[str, bool] | None:
    """The case (not the nominative) and gender of a given name pymorphy3's dictionary knows, or None."""
    if not _CYRILLIC.search(word) or "." in word:
        return None
    parses = [p for p in _morph().parse(word)  # type: ignore[attr-defined]
              if "Name" in p.tag.grammemes and "sing" in p.tag.grammemes]
    if not parses or "nomn" in parses[0].tag.grammemes:
        return None
    return str(parses[0].tag.case), "femn" in parses[0].tag.grammemes


def _undeclined(word: str, feminine: bool) -> str:
    """A surname written in an oblique case as its nominative, when one of the kit's own Russian case forms
    (:func:`lavrovkit.actors.case_forms`) of a shorter stem gives it back ("Мерцем" ← "Мерц"); else as written."""
    from lavrovkit.actors import case_forms

    for cut in (1, 2):
        stem = word[:-cut]
        for candidate in (stem, stem + "ь", stem + "й", stem + "а"):
            if len(candidate) >= 2 and candidate != word and word in case_forms(candidate, feminine):
                return candidate
    return word
