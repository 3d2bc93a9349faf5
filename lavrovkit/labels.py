"""Turn labels: who a paragraph's opening "Name:" names, and people introduced by their role.

:func:`read_label` reads one label ("President of Russia Vladimir Putin:",
"S.V.Lavrov:", "Question:"); :func:`split_role` and :func:`role_persons` read
a role phrase before a name in running text the same way. The words come
from :mod:`lavrovkit.lang.en`. Deciding which labels make a transcript, and
the turns they open, is :func:`lavrovkit.segment.paragraphs_of`.

>>> read_label("Foreign Minister Sergei Lavrov: We agreed.").role
'Foreign Minister'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import ModuleType

from lavrovkit.lang import language
from lavrovkit.lang.en import (
    GENERIC_LABELS,
    GIVEN_NAMES,
    HONORIFICS,
    LABEL_STOPWORDS,
    NAME_PARTICLES,
    NON_SPEAKER_LABELS,
    ROLE_CONNECTORS,
    ROLE_TITLES,
    ROLE_TITLES_NOT_OPENING,
    ROLE_WORDS,
    SURNAME_PREFIXES,
)

#: A label at the start of a paragraph: bullets or emoji, the label (no colon, no sentence end),
#: an optional parenthesis ("(retranslated)", "(adds)"), a colon, then the speech (or nothing: it
#: starts in the next paragraph).
LABEL_LINE = re.compile(
    r"(?P<lead>[^\w\s\"“«(\[‘'„]{0,8}\s{0,3})"
    r"(?P<label>[^\W\d_][^:\n\"“”«»!?;…\d]{0,218}?)\s*(?P<paren>\((?P<note>[^()\n\d]{1,60})\)\s*)?"
    r"(?:-\s*)?:(?:[^\S\n]+|(?=[^\s/])|$)"
)
#: A name token: capitalised (any script), ALL CAPS, or initials ("S.", "S.V.", "S.V.Lavrov").
_NAME_TOKEN = re.compile(r"(?:[^\W\d_]\.){1,3}(?:[^\W\d_][\w'’\-]*)?|[^\W\d_][\w'’\-]*\.?")
_INITIALS = re.compile(r"^(?:[^\W\d_]\.\s?){1,3}(?=[^\W\d_]{2})")
#: A surname that starts with a lower-case particle and a hyphen ("el-Sisi", "al-Assad", "bin-Salman").
_PARTICLE_NAME = re.compile(rf"(?:{'|'.join(SURNAME_PREFIXES)})-[^\W\d_][\w'’\-]*")


@dataclass(frozen=True)
class Label:
    """A turn label as read from the start of a paragraph.

    ``name``: the person as written with any role removed ("Vladimir Putin"
    from "President of Russia Vladimir Putin"), or a generic speaker
    ("question", "moderator"); ``role``: the role written with the name;
    ``end``: where the speech starts, relative to the paragraph.
    """

    text: str
    name: str
    role: str | None
    generic: bool
    end: int
    run: tuple[str, ...] = ()  # the capitalised words the name is the tail of ("Russia Vladimir Putin")
    marked: bool = False  # bullets or emoji before it, as social-media posts mark turns
    initials: bool = False  # "S.Lavrov", "S.V.Lavrov"


def words_of(lang: str | None) -> ModuleType:
    """The word lists turn labels are read with: :mod:`lavrovkit.lang.ru` for ``"ru"``, else English.

    >>> words_of("ru").GENERIC_LABELS["вопрос"], words_of(None).GENERIC_LABELS["question"]
    ('question', 'question')
    """
    return language("ru") if lang == "ru" else language("en")


def read_label(paragraph: str, lang: str | None = None) -> Label | None:
    """Does this paragraph open with a turn label, and whose?

    A label is a speaker phrase and a colon at the paragraph's start: a name,
    optionally after a role ("President of Russia Vladimir Putin:"), in
    initials form ("S.V.Lavrov:"), with a role after a comma or a note in
    brackets ("Vladimir Putin (retranslated):"), after bullets or emoji
    ("💬 Sergey Lavrov:"); or a generic speaker ("Question:", "Moderator:").
    Headings and notes ("Note:", "Tags:") and sentences ("The statement
    reads:") are not labels.

    >>> lab = read_label("President of Russia Vladimir Putin: Colleagues, good afternoon.")
    >>> lab.name, lab.role, lab.generic
    ('Vladimir Putin', 'President of Russia', False)
    >>> read_label("💬 S.Lavrov: We are ready.").name, read_label("❓ Question: Will you meet?").name
    ('S.Lavrov', 'question')
    >>> read_label("The statement reads: we are ready."), read_label("Note: all times are local.")
    (None, None)

    ``lang="ru"`` reads Russian labels with :mod:`lavrovkit.lang.ru`: initials are written together
    ("С. В. Лавров:" and "Лавров С.В.:" give ``С.В.Лавров``), a role before the name ends where the name
    starts (a given name, initials, or the last capitalised word after a place).

    >>> read_label("Министр иностранных дел России С.В.Лавров: Спасибо.", "ru").name
    'С.В.Лавров'
    >>> read_label("Лавров С.В.: Спасибо.", "ru").name, read_label("Вопрос (переводится с английского): Да?", "ru").name
    ('С.В.Лавров', 'question')
    """
    if lang == "ru":
        return _read_label_ru(paragraph)
    m = LABEL_LINE.match(paragraph)
    if not m:
        return None
    raw = " ".join(m["label"].split())
    marked = bool(m["lead"].strip())
    low = raw.casefold().rstrip(".")
    if low in NON_SPEAKER_LABELS or len(raw) > 200:
        return None
    end = m.end()
    if low in GENERIC_LABELS:
        return Label(raw, GENERIC_LABELS[low], None, True, end, marked=marked)
    main, _, suffix = raw.partition(",")
    suffix = suffix.strip()
    notes = " ".join(re.findall(r"\([^()]*\)", main)) or None  # "(FISU)" inside a role
    tokens = re.sub(r"\([^()]*\)", " ", main).split()
    if not tokens or len(tokens) > 24 or len(suffix.split()) > 12:
        return None
    if suffix and not suffix[:1].isupper() and not ROLE_WORDS & {w.casefold().strip(".") for w in suffix.split()}:
        return None  # "Hence, the question:" is a sentence; ", moderator of the session" a role
    words = [t.casefold().strip(".") for t in tokens + suffix.split()]
    if any(w in LABEL_STOPWORDS for w in words):
        return None
    if words[0] in HONORIFICS and all(w in HONORIFICS | ROLE_WORDS for w in words):
        return None  # "Mr. President:", "Madam Chair:" address someone: a salutation, no speaker
    if words[0] == "the" and not ROLE_WORDS & set(words):
        return None  # "The Arctic: Territory of Dialogue" is a title; "The President:" a speaker
    if any(not _NAME_TOKEN.fullmatch(t) and t.casefold() not in NAME_PARTICLES and not t.islower()
           for t in tokens):
        return None
    run = _name_run(tokens)
    if run and run[-1].casefold() in ROLE_WORDS and suffix:
        # "Member of the Russian Olympic Committee, Head of the Commission Vitaly Smirnov": the name is after the comma
        tail = re.sub(r"\([^()]*\)", " ", suffix).split()
        tail_run = _name_run(tail)
        if tail_run and tail_run[-1].casefold() not in ROLE_WORDS:
            tokens, run, suffix = tokens + [","] + tail, tail_run, ""
    if not run:
        return None
    initials = bool(_INITIALS.match(run[-1])) or (len(run) >= 2 and bool(_INITIALS.fullmatch(run[-2] + " ")))
    name_len = _name_length(tokens, run)
    name = " ".join(run[-name_len:])
    while len(name.split()) > 1 and name.split()[0].casefold().rstrip(".") in HONORIFICS:
        name = name.split(" ", 1)[1]  # "Mr Lavrov" is Lavrov
    if raw.isupper() and len(name) > 3:
        name = " ".join(w.capitalize() for w in name.split())
    role = " ".join(tokens[: len(tokens) - name_len]).replace(" ,", ",") or None
    if notes:
        role = f"{role} {notes}" if role else notes
    if suffix:
        role = f"{role}, {suffix}" if role else suffix
    return Label(raw, name, role, False, end, tuple(run), marked, initials)


def _read_label_ru(paragraph: str) -> Label | None:
    """:func:`read_label` for Russian: the words of :mod:`lavrovkit.lang.ru`, names as Russian writes them."""
    w = words_of("ru")
    m = LABEL_LINE.match(paragraph)
    if not m:
        return None
    raw = " ".join(m["label"].split())
    marked = bool(m["lead"].strip())
    low = raw.casefold().rstrip(".")
    if low in w.NON_SPEAKER_LABELS or len(raw) > 200:
        return None
    end = m.end()
    if not raw[:1].isupper():
        return None  # "вопрос: готов ли Запад?" is a hard-wrapped sentence going on: a label opens with a capital
    if low in w.GENERIC_LABELS:
        return Label(raw, w.GENERIC_LABELS[low], None, True, end, marked=marked)
    if low in w.AGENCY_NAMES:  # "Известия:", "РИА Новости:" - the outlet asking in an interview
        return Label(raw, "question", None, True, end, marked=marked)
    main, _, suffix = raw.partition(",")
    suffix = suffix.strip()
    tokens = re.sub(r"\([^()]*\)", " ", main).split()
    if not tokens or len(tokens) > 24 or len(suffix.split()) > 12:
        return None
    if suffix and not suffix[:1].isupper() and not w.ROLE_WORDS & {t.casefold().strip(".") for t in suffix.split()}:
        return None  # "Итак, вопрос такой:" is a sentence
    words = [t.casefold().strip(".") for t in tokens + suffix.split()]
    if any(t in w.LABEL_STOPWORDS for t in words):
        return None
    if words[0] in w.HONORIFICS and all(t in w.HONORIFICS | w.ROLE_WORDS for t in words):
        return None  # "Уважаемый господин Председатель:" addresses someone
    if any(not _NAME_TOKEN.fullmatch(t) and t.casefold() not in w.NAME_PARTICLES and not t.islower() for t in tokens):
        return None
    if not tokens[0][:1].isupper():
        return None
    # "Лавров С.В." and "С. В. Лавров": initials written together, before the surname
    tokens = _join_initials(tokens)
    run = _name_run(tokens, w.NAME_PARTICLES, keep_capitalised=True)
    if not run:
        return None
    n = _name_length_ru(tokens, run, w)
    name = " ".join(run[-n:])
    initials = bool(_INITIALS.match(run[-1]))
    if raw.isupper() and len(name) > 3:
        name = " ".join(t.capitalize() for t in name.split())
    role = " ".join(tokens[: len(tokens) - n]) or None
    if suffix:
        role = f"{role}, {suffix}" if role else suffix
    return Label(raw, name, role, False, end, tuple(run), marked, initials)


def _join_initials(tokens: list[str]) -> list[str]:
    """Russian initials written together with the surname after them: ["С.", "В.", "Лавров"] and
    ["Лавров", "С.В."] -> ["С.В.Лавров"]."""
    out: list[str] = []
    pending = ""
    for tok in tokens:
        if re.fullmatch(r"(?:[^\W\d_]\.){1,3}", tok) and tok[:1].isupper():
            pending += tok
            continue
        if pending and tok[:1].isupper():
            out.append(pending + tok)
        else:
            out.extend([pending, tok] if pending else [tok])
        pending = ""
    if pending:
        if out and out[-1][:1].isupper() and not _INITIALS.match(out[-1]) and out[-1].casefold() not in (
                words_of("ru").ROLE_WORDS):
            out[-1] = pending + out[-1]  # "Лавров С.В." -> "С.В.Лавров"
        else:
            out.append(pending)
    return out


def _name_length_ru(tokens: list[str], run: list[str], w: ModuleType) -> int:
    """How many of the capitalised words ending a Russian label are the name: initials and a surname
    ("С.В.Лавров"), or from a given name on ("Сергей Викторович Лавров", "Марко Рубио"); after a role and a
    place in the genitive ("Министр иностранных дел России Лавров") the surname alone."""
    if _INITIALS.match(run[-1]):
        return 1
    for i, tok in enumerate(run[:-1]):
        if tok.casefold() in w.GIVEN_NAMES and all(t.casefold() not in w.ROLE_WORDS for t in run[i:]):
            proper = [j for j in range(i, len(run)) if run[j].casefold() not in w.NAME_PARTICLES]
            return len(run) - proper[-3] if len(proper) > 3 else len(run) - i  # particles are inside the name
    skip = max((i + 1 for i, tok in enumerate(run[:-1]) if tok.casefold() in w.ROLE_WORDS), default=0)
    if len(tokens) == len(run) and not skip:
        proper = [j for j, tok in enumerate(run) if tok.casefold() not in w.NAME_PARTICLES]
        if len(proper) <= 3:
            return len(run)  # no role before: "Марко Рубио", "Абдулла бин Заид Аль Нахайян"
        return min(len(run), 3)
    rest = run[skip:]
    if len(rest) >= 2 and not (rest[-2].isupper() or re.search(r"(?:ии|ой|ых|ции|ки|ы|а)$", rest[-2])):
        return 2
    return 1


def split_role(text: str, start: int, end: int) -> tuple[str, str | None, int]:
    """The name a person span gives, with the role written before it: ``(name, role, role_start)``.

    ``text[start:end]`` is a name as a model found it, possibly with a place
    glued on ("Belarus Alexander Lukashenko"); the role phrase right before
    it ("President of") is read with it, as a turn label would be.

    >>> t = "Putin had a telephone conversation with President of Belarus Alexander Lukashenko."
    >>> split_role(t, t.index("Belarus"), t.index("."))[:2]
    ('Alexander Lukashenko', 'President of Belarus')
    """
    words = list(re.finditer(r"\S+", text[max(0, start - 120):start]))
    begin = start
    for w in reversed(words[-10:]):
        tok = w.group()
        if re.search(r"[,.;:!?)\]”\"]$", tok) or not (tok[:1].isupper() or tok.casefold() in ROLE_CONNECTORS | ROLE_WORDS):
            break
        begin = max(0, start - 120) + w.start()
    while begin < start and text[begin:start].split()[0].casefold() in ROLE_CONNECTORS:
        begin += len(text[begin:start].split()[0]) + 1  # "of the ..." opens no role
    label = read_label(" ".join(text[begin:end].split()) + ": x")
    if label is None or label.generic:
        return " ".join(text[start:end].split()), None, start
    return label.name, label.role, begin


#: A capitalised role word opening a role phrase ("President", "Foreign Minister", "Governor").
_ROLE_START = re.compile(r"(?<![\w-])(?:" + "|".join(sorted(
    (w.capitalize() for w in ROLE_TITLES - ROLE_TITLES_NOT_OPENING if w.isalpha() and len(w) > 3),
    key=len, reverse=True)) + r")(?![\w-])")


def role_persons(text: str) -> list[tuple[int, int, str, str]]:
    """People introduced by their role, whatever a model tags them: ``(start, end, name, role)``.

    "President of Finland Sauli Niinistö", "Foreign Minister of Laos Bounthavy
    Sisoulath": a capitalised role word, the words of its role, then a name of
    two or more capitalised words (the span covers the name only).

    >>> role_persons("Putin had a telephone conversation with President of Finland Sauli Niinistö.")
    [(61, 75, 'Sauli Niinistö', 'President of Finland')]
    """
    out: list[tuple[int, int, str, str]] = []
    end_at = 0
    for m in _ROLE_START.finditer(text):
        if m.start() < end_at:
            continue
        words = list(re.finditer(r"[^\s,;:.()!?“”\"]+(?:\.(?=\w))?", text[m.start():m.start() + 160]))
        last = None
        streak: list[str] = []
        for w in words:
            tok = w.group()
            if tok[:1].isupper() or tok.casefold() in NAME_PARTICLES or _PARTICLE_NAME.fullmatch(tok):
                streak.append(tok)
            elif tok.casefold() in {"of", "the", "for", "and"} and not (
                    len(streak) >= 2 and streak[-1].casefold() not in ROLE_WORDS):
                streak = []  # still inside the role ("President of the Republic of Korea")
            else:
                break  # a lower-case word, or a connector after a name: the phrase is over
            last = w
            after = text[m.start() + w.end():m.start() + w.end() + 1]
            if after and after not in " -’'":
                break
        if last is None:
            continue
        stop = m.start() + last.end()
        label = read_label(" ".join(text[m.start():stop].split()) + ": x")
        if label is None or label.generic or not label.role or len(label.name.split()) < 2:
            continue
        at = text.rfind(label.name, m.start(), stop)
        if at < 0:
            continue
        out.append((at, at + len(label.name), label.name, split_role(text, at, at + len(label.name))[1] or label.role))
        end_at = stop
    return out


def _name_run(tokens: list[str], particles: frozenset[str] = NAME_PARTICLES, keep_capitalised: bool = False
              ) -> list[str]:
    """The capitalised words (and name particles inside them) that end a label.

    A particle opening the run is dropped ("of the ... von"); with ``keep_capitalised`` only a lower-case one,
    as Russian writes particles inside a name in lower case and a capitalised "Ван" is a name ("Ван И").
    """
    run: list[str] = []
    for tok in reversed(tokens):
        capitalised = _NAME_TOKEN.fullmatch(tok) and (tok[0].isupper() or _INITIALS.match(tok)
                                                      or _PARTICLE_NAME.fullmatch(tok))
        if capitalised or (tok.casefold() in particles and run):
            run.insert(0, tok)
        else:
            break
    while run and run[0].casefold() in particles and not (keep_capitalised and run[0][:1].isupper()):
        run.pop(0)
    return run


def _name_length(tokens: list[str], run: list[str]) -> int:
    """How many of the capitalised words ending a label are the name (the rest is role or place)."""
    start = len(tokens) - len(run)
    skip = 0
    if start > 0 and tokens[start - 1].casefold() in ROLE_CONNECTORS | {"and"} and len(run) > 2:
        skip = 1  # the place or body the role belongs to: "of Russia", "of the Interior"
    for i, tok in enumerate(run[:-1]):
        if tok.casefold() in ROLE_WORDS:
            skip = max(skip, i + 1)
    n = len(run) - skip
    if n == 3 and skip and run[-3].casefold() not in GIVEN_NAMES and run[-2].casefold() in GIVEN_NAMES:
        n = 2  # "of Russian Railways Vladimir Yakunin": the name starts at the given name
    proper = sum(t.casefold() not in NAME_PARTICLES for t in run[skip:])
    if proper > 3 or n < 1:
        n = min(len(run), 2)
        if n < len(run) and run[-n].casefold() in NAME_PARTICLES:
            n += 1  # "Mohamed bin Zayed"
    return n
