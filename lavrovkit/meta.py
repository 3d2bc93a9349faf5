"""Metadata heuristics: date, dateline, source, title, genre and speaker read from a text's head.

Every guess carries the text it rests on, so a reader can judge it. Only the
head of the raw text is read (the first :data:`HEAD_CHARS` characters; web
chrome may still be there). Dates come only from places that date the
document itself, strongest first: a date marker (``date 2025-11-09``,
``Published: ...``), a site timestamp or rubric line (a date next to a clock
time: ``23:47 GMT +309 October 2017``, ``August 27, 2016, 2:50``), a dateline
with a year, a date closing the title line (``..., December 24, 2018``), a line
that is only a date, an ISO date in the file name. Dates in photo captions
(``Thursday, April 12, 2017``) or in running text are never used, and a
dateline without a year (``MOSCOW, February 24. /TASS/.``) gives no date, only
``date_precision='unknown'`` with that evidence.

Example
-------
>>> for g in guess_metadata("GENEVA, August 27. /TASS/. Lavrov and Kerry met."):
...     print(g["field"], "=", g["value"])
date_precision = unknown
dateline = GENEVA
source = TASS
genre = news report
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from lavrovkit.chrome import CHROME_START
from lavrovkit.lang import detect, en, ru
from lavrovkit.segment import GENERIC_SPEAKERS, _channel_line, paragraphs_of, read_label
from lavrovkit.webpage import Page, looks_like_html, read_page

#: How much of the raw text the heuristics read.
HEAD_CHARS = 3000

#: Month names (English, full or abbreviated; Russian in the genitive) -> month number.
MONTHS: dict[str, int] = {**en.MONTHS, **ru.MONTHS}

_MONTH_EN = rf"(?:{'|'.join(sorted((m.capitalize() for m in en.MONTHS), key=len, reverse=True))})\.?(?![A-Za-z])"
_MONTH = rf"(?:{_MONTH_EN}|(?:{'|'.join(ru.MONTHS)})(?![а-я]))"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?!\d)"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d)"
_WEEKDAY = rf"(?:{'|'.join(en.WEEKDAYS + en.WEEKDAY_ABBREVIATIONS)})\.?"

# Full dates in running text, each with named parts; DATE matches any of them.
_DATE_FORMS = [
    rf"(?P<mon>{_MONTH})\s+(?P<day>{_DAY}){_ORD},?\s+(?P<year>{_YEAR})",          # December 24, 2018
    rf"(?P<day>{_DAY}){_ORD}\s+(?:of\s+)?(?P<mon>{_MONTH}),?\s+(?P<year>{_YEAR})",  # 09 October 2017
    r"(?P<year>(?:1[89]|20)\d\d)-(?P<mon>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?!\d)",  # 2025-11-09
    rf"(?P<day>{_DAY})\.(?P<mon>0?[1-9]|1[0-2])\.(?P<year>{_YEAR})",              # 09.10.2017
]
_DATE_RES = [re.compile(f) for f in _DATE_FORMS]
DATE = "(?:" + "|".join(re.sub(r"\?P<\w+>", "?:", f) for f in _DATE_FORMS) + ")"
_TIME = r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:])(?:\s*[AaPp]\.?[Mm]\.?)?"

#: ``date 2025-11-09``, ``Published: 24 February 2019`` at a line start.
MARKER = re.compile(
    rf"^[^\S\n]*(?i:{en.DATE_MARKERS})"
    rf"[^\S\n]*[:\-–]?[^\S\n]*(?P<date>{DATE})", re.MULTILINE)
#: A date next to a clock time: site timestamps and rubric lines.
TIMESTAMP = re.compile(
    rf"{_TIME}[^\S\n]*(?:(?:GMT|UTC|MSK)[^\S\n]*(?:[+\-−]\d{{1,2}}?(?::\d\d)?)?)?[^\S\n]*[,|/–\-]?[^\S\n]*(?P<date>{DATE})"
    rf"|(?P<date2>{DATE}),?[^\S\n]*(?:at[^\S\n]+)?[^\S\n]*{_TIME}")
#: A line holding only a date (optionally a weekday and a time).
DATE_LINE = re.compile(
    rf"^[^\S\n]*(?:{_WEEKDAY},?[^\S\n]+)?(?P<date>{DATE})(?:,?[^\S\n]*(?:at[^\S\n]+)?{_TIME})?[^\S\n]*$", re.MULTILINE)
_CAPTION_DATE = re.compile(rf"{_WEEKDAY},?\s+{DATE}")

#: News agencies as they appear in datelines -> the name the kit uses.
AGENCIES: dict[str, str] = {
    "tass": "TASS", "itar-tass": "TASS", "тасс": "TASS", "итар-тасс": "TASS",
    "sputnik": "Sputnik", "ria novosti": "RIA Novosti", "ria": "RIA Novosti", "риа новости": "RIA Novosti",
    "interfax": "Interfax", "интерфакс": "Interfax", "reuters": "Reuters", "ap": "AP",
    "associated press": "AP", "the associated press": "AP", "afp": "AFP", "rt": "RT", "xinhua": "Xinhua",
    "kyodo": "Kyodo", "yonhap": "Yonhap", "belta": "BelTA", "anadolu": "Anadolu", "irna": "IRNA",
    "dpa": "dpa", "upi": "UPI", "bloomberg": "Bloomberg", "prensa latina": "Prensa Latina",
    "kazinform": "Kazinform", "ukrinform": "Ukrinform", "unian": "UNIAN", "kcna": "KCNA",
    "pti": "PTI", "ani": "ANI", "trend": "Trend", "apa": "APA", "ptv": "PTV",
}
_PLACE_WORD = r"[A-ZА-ЯЁ][A-ZА-ЯЁ'’.\-]*[A-ZА-ЯЁ.]"
#: ``MOSCOW, February 24. /TASS/.``, ``MOSCOW (Sputnik) —``, ``MOSCOW, Feb 24 (Reuters) -``.
DATELINE = re.compile(
    rf"^[^\S\n]*(?P<place>{_PLACE_WORD}(?:[^\S\n]+{_PLACE_WORD}){{0,3}})"
    rf"(?:[^\S\n]*,[^\S\n]*(?P<date>(?:{_MONTH}[^\S\n]+{_DAY}|{_DAY}[^\S\n]+{_MONTH})(?:,?[^\S\n]+{_YEAR})?))?"
    rf"[^\S\n]*\.?[^\S\n]*(?:/(?P<a1>[^/\n]{{2,30}})/|\((?P<a2>[^()\n]{{2,30}})\))[^\S\n]*(?:[.:]|[—–\-]{{1,2}})?",
    re.MULTILINE)

#: Web addresses whose site names a source.
DOMAINS: dict[str, str] = {
    "tass.com": "TASS", "tass.ru": "TASS", "sputniknews.com": "Sputnik", "sputnikglobe.com": "Sputnik",
    "sputniknews.ru": "Sputnik", "mid.ru": "Russian Foreign Ministry", "rt.com": "RT", "ria.ru": "RIA Novosti",
    "interfax.ru": "Interfax", "interfax.com": "Interfax", "reuters.com": "Reuters", "apnews.com": "AP",
}
_URL = re.compile(r"https?://(?:www\.)?(?P<host>[\w.-]+)")

#: Title words that name what kind of text the page holds (checked in this order).
TITLE_GENRES: list[tuple[re.Pattern[str], str]] = [(re.compile(rx, re.I), genre) for rx, genre in en.TITLE_GENRES]
_NAME = r"[A-Z][a-z]+(?:[- ][A-Z][a-z]+){1,2}"
_KINDS = rf"(?i:{en.TITLE_KINDS})"
_OFFICE = rf"(?:{en.TITLE_OFFICES})"
#: ``Foreign Minister Sergey Lavrov’s interview ...`` / ``Speech by Foreign Minister Sergey Lavrov at ...``.
TITLE_SPEAKER = [
    re.compile(rf"(?:^|\b{_OFFICE}\s+)(?P<name>{_NAME})[’']s\s+{_KINDS}\b"),
    re.compile(rf"^{_KINDS}\s+(?:and\s+\w+\s+)*(?i:by|of)\s+(?:[A-Z][\w.\-]*\s+){{0,5}}?"
               rf"{_OFFICE}\s+(?P<name>{_NAME})\b"),
]
#: Titles in the Russian Foreign Ministry's own style (mid.ru).
MFA_TITLE = re.compile(
    rf"^(?:(?:Deputy\s+)?Foreign\s+Minister\s+{_NAME}[’']s\s+{_KINDS}"
    rf"|{_KINDS}\s+(?:and\s+\w+\s+)*by\s+(?:Deputy\s+)?Foreign\s+Minister\s+{_NAME}"
    r"|Comment by (?:the )?(?:Foreign Ministry|Information and Press Department))")

#: Titles of the Russian Foreign Ministry's own texts (lang.en.INSTITUTION_TITLE).
_EN_INSTITUTION_TITLE = re.compile(en.INSTITUTION_TITLE)
#: Salutations that open a speech.
SALUTATION = re.compile(
    r"^[ \t•·*\-]*(?:(?:Mr|Madam|Madame|Mme|Mrs|Ms|Dear|Distinguished|Hono(?:u)?rable|Esteemed)\.?\s+"
    r"(?:Mr\.?\s+|Madam\s+)?(?:President|Chairman|Chair|Chairperson|Secretary[- ]General|Co-Chairs?|Speaker|"
    r"Prime Minister|Vice-President)|(?:(?:His|Her|Your)\s+)?(?:Excellenc(?:y|ies|es)|Majesty|Highness)|"
    r"Ladies and gentlemen|(?:Distinguished|Dear|Honou?rable|Esteemed) (?:delegates|guests|colleagues|friends|"
    r"participants|representatives|heads)|President of the (?:[\w-]+\s+){0,3}(?:session|General Assembly)|"
    r"In the (?:holy )?name of (?:God|Allah)|Bismill?i?ah)\b",
    re.IGNORECASE)
#: Navigation, sharing and credit lines that are never a title (the one furniture vocabulary, lang.en).
CHROME = CHROME_START


# ---------------------------------------------------------------------- dates


def parse_date(value: str) -> tuple[str, str] | None:
    """A date written in a catalog, table or filename, as ``(ISO 'YYYY-MM-DD', precision)``; None if unreadable.

    Accepts ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` (a time after it is ignored),
    ``YYYYMMDD`` and written dates (``December 24, 2018``, ``24 December 2018``,
    ``December 2018``). Month and year precision give the first day of the period.

    >>> parse_date("2019"), parse_date("2016-08"), parse_date("December 24, 2018"), parse_date("24/12/2018")
    (('2019-01-01', 'year'), ('2016-08-01', 'month'), ('2018-12-24', 'day'), None)
    """
    s = str(value).strip()
    if m := re.fullmatch(r"(\d{4})", s):
        return _iso(int(m[1]), 1, 1, "year")
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", s):
        return _iso(int(m[1]), int(m[2]), 1, "month")
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?", s):
        return _iso(int(m[1]), int(m[2]), int(m[3]), "day")
    if m := re.fullmatch(r"(\d{4})(\d{2})(\d{2})", s):
        return _iso(int(m[1]), int(m[2]), int(m[3]), "day")
    if m := re.fullmatch(rf"(?P<mon>{_MONTH}),?\s+(?P<year>{_YEAR})", s):
        return _iso(int(m["year"]), _month(m["mon"]), 1, "month")
    return date_in(s, whole=True)


def date_in(text: str, whole: bool = False) -> tuple[str, str] | None:
    """The first full written date in ``text`` (the whole of it if ``whole``) as ``(ISO, 'day')``.

    >>> date_in("23:47 GMT +3 09 October 2017")
    ('2017-10-09', 'day')
    """
    for rx in _DATE_RES:
        m = rx.fullmatch(text.strip()) if whole else rx.search(text)
        if m:
            return _iso(int(m["year"]), _month(m["mon"]), int(m["day"]), "day")
    return None


def _month(name: str) -> int:
    name = name.strip().rstrip(".").lower()
    return MONTHS[name] if name in MONTHS else int(name)


def _iso(year: int, month: int, day: int, precision: str) -> tuple[str, str] | None:
    try:
        return dt.date(year, month, day).isoformat(), precision
    except ValueError:
        return None


# ---------------------------------------------------------------------- the guesses


def guess_metadata(raw: str, file: str | None = None, page: Page | None = None,
                   lang: str | None = None) -> list[dict[str, Any]]:
    """Metadata guessed from the head of a raw text: a list of ``{"field", "value", "evidence", "origin"}``.

    Fields (each at most once per origin): ``date`` (ISO ``YYYY-MM-DD``) with
    ``date_precision`` (or only ``date_precision='unknown'`` when a dateline
    gives day and month without a year), ``dateline``, ``source``, ``title``,
    ``genre`` (``news report``, ``transcript``, ``interview``, ``speech``,
    ``article``) and ``speaker``. ``evidence`` is the text the guess rests on.
    ``origin`` is ``page`` for what a web page declares about itself (date,
    headline, site, place, address; evidence: the element) and ``heuristic``
    for clues read from the text. A web page is parsed once: pass the
    :class:`~lavrovkit.webpage.Page` the cleaner made, with ``raw`` its text,
    or pass the page's HTML as ``raw``. ``lang`` is the text's language
    (None: read from its letters, :func:`lavrovkit.lang.detect`); Russian texts
    are read by :func:`guess_metadata_ru`.

    >>> g = guess_metadata("Foreign Minister Sergey Lavrov’s interview with RIA, December 24, 2018\\n"
    ...                    "Question: Will you meet?\\n\\nSergey Lavrov: We are ready.")
    >>> {x["field"]: x["value"] for x in g}  # doctest: +NORMALIZE_WHITESPACE
    {'date': '2018-12-24', 'date_precision': 'day', 'source': 'Russian Foreign Ministry',
     'title': 'Foreign Minister Sergey Lavrov’s interview with RIA, December 24, 2018',
     'genre': 'transcript', 'speaker': 'Sergey Lavrov'}
    """
    raw = raw.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
    text = raw
    if page is None and looks_like_html(raw):
        page = read_page(raw)
        text = page.text
    if (lang or detect(text)) == "ru":
        return guess_metadata_ru(text, file, page)
    head = text[:HEAD_CHARS]
    dateline = _dateline(head)
    title = _title(head)
    turns = _turns(text)
    out: list[dict[str, Any]] = _page_guesses(page) if page is not None else []
    out += _date(head, dateline, title, file)
    if dateline:
        out.append(_guess("dateline", dateline["place"], dateline["evidence"]))
    channel = _channel(head, "en")
    out += [_guess("source", channel[0], channel[1])] if channel and not dateline else _source(
        head, dateline, title, page)
    if title:
        out.append(_guess("title", title[0], title[1]))
    own = None if dateline or not title else _EN_INSTITUTION_TITLE.match(title[0])
    if own and title:  # "Foreign Ministry statement on ...": the Ministry's own text (or its spokeswoman's)
        return [*out, _guess("genre", "statement", title[1]),
                _guess("speaker", own["name"] or "Russian Foreign Ministry", title[1])]
    out += _genre(head, dateline, title, turns)
    out += _speaker(title, turns)
    return out


def _page_guesses(page: Page) -> list[dict[str, Any]]:
    """What a web page declares about itself: date and precision, title, source, place, url (origin ``page``)."""
    out = []
    for fld, found in page.meta.items():
        value = found.value
        if fld == "date":
            parsed = parse_date(value)
            if parsed is None:
                continue
            out.append(_guess("date", parsed[0], found.element, "page"))
            out.append(_guess("date_precision", parsed[1], found.element, "page"))
            continue
        if fld == "source":
            value = AGENCIES.get(value.lower(), value)
            value = (ru_source_name(value) or value) if re.search("[А-ЯЁа-яё]", value) else value
        out.append(_guess(fld, value, found.element, "page"))
    return out


def _guess(field: str, value: str, evidence: str, origin: str = "heuristic") -> dict[str, Any]:
    return {"field": field, "value": value, "evidence": evidence.strip(), "origin": origin}


def _date(head: str, dateline: dict[str, str] | None,
          title: tuple[str, str] | None, file: str | None) -> list[dict[str, Any]]:
    """The strongest date the head offers, with its precision (see the module docstring for the order)."""
    for (iso, precision), evidence in _dates(head, dateline, title, file):
        return [_guess("date", iso, evidence), _guess("date_precision", precision, evidence)]
    if dateline and dateline.get("date"):
        return [_guess("date_precision", "unknown", dateline["evidence"])]
    return []


def _dates(head: str, dateline: dict[str, str] | None,
           title: tuple[str, str] | None, file: str | None) -> Iterator[tuple[tuple[str, str], str]]:
    """Candidate dates with their evidence, strongest first (lazily: the first one is used)."""
    for m in MARKER.finditer(head):
        if d := date_in(m["date"], whole=True):
            yield d, m[0]
    for m in TIMESTAMP.finditer(head):
        if (d := date_in(m["date"] or m["date2"], whole=True)) and not _in_caption(head, m.start()):
            line = _line_of(head, m.start(), m.end())
            yield d, line if len(line) <= 120 else m[0]
    if dateline and dateline.get("date") and (d := date_in(dateline["date"], whole=True)):
        yield d, dateline["evidence"]
    if title and (t := re.search(rf",\s*(?P<date>{DATE})\s*$", title[0])) and (d := date_in(t["date"], whole=True)):
        yield d, title[1]
    for m in DATE_LINE.finditer(head):
        if d := date_in(m["date"], whole=True):
            yield d, m[0]
    name = (file or "").rsplit("/", 1)[-1]
    f = re.search(r"(?<!\d)((?:19|20)\d\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)", name)
    if f and (d := _iso(int(f[1]), int(f[2]), int(f[3]), "day")):
        yield d, f"file name {file}"


def _in_caption(head: str, pos: int) -> bool:
    """Whether the date at ``pos`` sits in a photo-caption-like line (a weekday before the date)."""
    line = _line_of(head, pos, pos)
    return bool(_CAPTION_DATE.search(line)) and not DATE_LINE.fullmatch(line)


def _line_of(text: str, start: int, end: int) -> str:
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    return text[a:b if b >= 0 else len(text)].strip()


def _dateline(head: str) -> dict[str, str] | None:
    """The first wire dateline in the head: place, agency (canonical), date (as written) and evidence."""
    for m in DATELINE.finditer(head):
        agency = (m["a1"] or m["a2"] or "").strip()
        canonical = AGENCIES.get(agency.lower())
        if canonical and len(m["place"]) >= 3:
            return {"place": m["place"].strip(), "agency": canonical, "date": m["date"] or "",
                    "evidence": m[0].strip()}
    return None


def _source(head: str, dateline: dict[str, str] | None, title: tuple[str, str] | None,
            page: Page | None) -> list[dict[str, Any]]:
    if dateline:
        return [_guess("source", dateline["agency"], dateline["evidence"])]
    if title and MFA_TITLE.search(title[0]):
        return [_guess("source", "Russian Foreign Ministry", title[1])]
    url = page.meta["url"].value if page is not None and "url" in page.meta else ""
    for m in _URL.finditer(head + "\n" + url):
        host = m["host"].lower()
        for domain, name in DOMAINS.items():
            if host == domain or host.endswith("." + domain):
                return [_guess("source", name, m[0])]
    return []


def _title(head: str) -> tuple[str, str] | None:
    """The first line that looks like a headline, before the body starts: ``(title, evidence)``.

    Skips chrome (navigation, credits, timestamps, captions); gives up at the
    first line of body text (a dateline, a salutation, a long or finished
    sentence, or a hard-wrapped line whose sentence runs on into the next line).
    """
    lines = head.split("\n")
    for n, line in enumerate(lines[:40]):
        s = line.strip().lstrip("\ufeff")
        if not s:
            continue
        if m := MARKER.match(s):
            s = s[m.end():].strip(" \t-–—|:")
            if not s:
                continue
        if DATELINE.match(s) and _dateline(s) or SALUTATION.match(s):
            return None  # the body has started
        words = s.split()
        if _channel_line(s, "en"):
            continue  # "MFA Russia 🇷🇺": the channel a post comes from, not its title
        if len(words) < 3 or CHROME.match(s) and not _EN_INSTITUTION_TITLE.match(s) or TIMESTAMP.search(s) and len(words) < 12 or DATE_LINE.match(s):
            continue
        if _CAPTION_DATE.search(s):
            continue  # a photo caption
        nxt = lines[n + 1].strip() if n + 1 < len(lines) else ""
        later = next((x.strip() for x in lines[n + 1:n + 4] if x.strip()), "")
        if (len(words) > 30 or len(s) > 250 or not s[:1].isupper() and not s[:1].isdigit()
                or _RUNS_ON.search(s) or _SENTENCES.search(s) or _FIRST_PERSON.search(_unquoted(s))
                or _wrapped(nxt) or later[:1].islower()):
            return None
        if s.rstrip("\"'”’»)]")[-1:] in (".", ",", ";", ":"):
            if len(words) >= 8:
                return None
            continue
        return s, line
    return None


def _wrapped(nxt: str) -> bool:
    """Whether the line after a title candidate continues hard-wrapped prose (then the candidate is prose too)."""
    if not nxt or len(nxt) >= 120:
        return False  # a blank line, or a whole paragraph on one line
    structural = (CHROME.match(nxt) or read_label(nxt) or DATELINE.match(nxt) or MARKER.match(nxt)
                  or TIMESTAMP.search(nxt) or DATE_LINE.match(nxt) or _CAPTION_DATE.search(nxt))
    return not structural


def _unquoted(line: str) -> str:
    """The line without its quotations (a headline may quote someone speaking in the first person)."""
    return re.sub(r"[\"“«][^\"”»]*[\"”»]|(?<!\w)[‘'][^’']*[’'](?!\w)", " ", line)


#: First-person words outside quotations: a speaker talking, not a headline.
_FIRST_PERSON = re.compile(rf"\b(?:{en.FIRST_PERSON})\b")
#: Two sentences in one line: body text, not a headline.
_SENTENCES = re.compile(r"(?:[!?]|[a-z]{2}\.)[\"”’»]?\s+[A-Z]")
#: A line that stops mid-sentence (hard-wrapped prose), not a headline.
_RUNS_ON = re.compile(rf"(?:\b(?:{'|'.join(sorted(en.FUNCTION_WORDS))})|[-–—(])$")


def _turns(text: str) -> list[tuple[str, str]]:
    """The transcript turn labels at line starts, as written and as the speaker they name
    (``("Question", "question")``, ``("Sergei Lavrov", "Sergei Lavrov")``), in order: the one reading of turn
    labels, :func:`lavrovkit.segment.paragraphs_of`, over the text's lines."""
    lines = "\n\n".join(line for line in text.split("\n") if line.strip())
    return [(p.label, p.speaker) for p in paragraphs_of(lines) if p.label and p.speaker]


def _is_transcript(turns: list[tuple[str, str]]) -> bool:
    questions = [t for _, t in turns if t in GENERIC_SPEAKERS]
    named = {t for _, t in turns if t not in GENERIC_SPEAKERS}
    if questions and named:
        return True
    return len(named) >= 2 and len(turns) >= 4 and all(" " in t for t in named)


def _genre(head: str, dateline: dict[str, str] | None, title: tuple[str, str] | None,
           turns: list[tuple[str, str]]) -> list[dict[str, Any]]:
    if _is_transcript(turns):
        shown = list(dict.fromkeys(label for label, _ in turns))[:3]
        return [_guess("genre", "transcript", "turn labels " + ", ".join(f"{t}:" for t in shown)
                       + f" ({len(turns)} turns)")]
    if dateline:
        return [_guess("genre", "news report", dateline["evidence"])]
    if title:
        for rx, genre in TITLE_GENRES:
            if rx.search(title[0]):
                return [_guess("genre", genre, title[1])]
    body = head.lstrip()
    if m := SALUTATION.match(body):
        return [_guess("genre", "speech", _line_of(body, m.start(), m.end())[:120])]
    return []


def _speaker(title: tuple[str, str] | None, turns: list[tuple[str, str]]) -> list[dict[str, Any]]:
    if title:
        for rx in TITLE_SPEAKER:
            if m := rx.search(title[0]):
                return [_guess("speaker", m["name"], title[1])]
    named = [t for _, t in turns if t not in GENERIC_SPEAKERS]
    if _is_transcript(turns) and len(set(named)) == 1 and " " in named[0]:
        return [_guess("speaker", named[0], f"the only answering turn label {named[0]}: ({len(named)} turns)")]
    return []


# ---------------------------------------------------------------------- Russian texts

_RU_MONTH = rf"(?i:{'|'.join(ru.MONTHS)})(?![а-яёА-ЯЁ])"
_RU_MONTH_ANY = (rf"(?i:{'|'.join(sorted([*ru.MONTHS, *ru.MONTH_ABBREVIATIONS], key=len, reverse=True))})"
                 r"\.?(?![а-яёА-ЯЁ])")
_RU_YEAR_WORD = rf"(?:[^\S\n]+(?i:{'|'.join(ru.YEAR_WORDS)}))?"
#: A full Russian date: "12 марта 2019 года", "20 апреля 2021 г.", "12.03.2019".
RU_DATE = (rf"(?:(?:{_DAY}[^\S\n]+{_RU_MONTH}[^\S\n]+{_YEAR}{_RU_YEAR_WORD})"
           rf"|(?:{_DAY}\.(?:0?[1-9]|1[0-2])\.{_YEAR}(?:[^\S\n]*г\.)?))")
_RU_WEEKDAY = rf"(?i:{'|'.join(ru.WEEKDAYS + ru.WEEKDAY_ABBREVIATIONS)})\.?"
_RU_PLACE = r"[А-ЯЁ][А-ЯЁа-яё'’.\-]*(?:[^\S\n]+[А-ЯЁ][А-ЯЁа-яё'’.\-]*){0,3}"
_RU_PLACES = rf"{_RU_PLACE}(?:[^\S\n]*,[^\S\n]*{_RU_PLACE}){{0,2}}"
#: Places after a date may have lower-case words ("Ново-Огарёво, Московская область").
_RU_PLACES_AFTER = r"[А-ЯЁ][\w'’.\-]*(?:[^\S\n]+[\w'’.\-]+){0,3}(?:[^\S\n]*,[^\S\n]*[А-ЯЁ][\w'’.\-]*(?:[^\S\n]+[\w'’.\-]+){0,3}){0,2}"
#: A line holding only a date, with a place before or after it and a clock time ("Москва, 12 марта 2019 года",
#: "20 апреля 2021 года, 15:30, Москва, Кремль", "12.03.2019").
RU_DATE_LINE = re.compile(
    rf"^[^\S\n]*(?:{_RU_WEEKDAY},?[^\S\n]+)?(?:{_RU_PLACES}[^\S\n]*[,.][^\S\n]*)?(?P<date>{RU_DATE})"
    rf"(?:[^\S\n]*,?[^\S\n]*(?:в[^\S\n]+)?{_TIME})?(?:[^\S\n]*,[^\S\n]*{_RU_PLACES_AFTER})?[^\S\n]*\.?[^\S\n]*$",
    re.MULTILINE)
#: A date next to a clock time (site timestamps: "20 апреля 2021, 14:35", "14:35, 20 апреля 2021 года").
RU_TIMESTAMP = re.compile(
    rf"(?P<date>{RU_DATE})[^\S\n]*,?[^\S\n]*(?:в[^\S\n]+)?{_TIME}|{_TIME}[^\S\n]*[,|/–\-]?[^\S\n]*(?P<date2>{RU_DATE})")
#: ``Дата публикации: 20 апреля 2021 года``, ``Опубликовано: 12.03.2019`` at a line start.
RU_MARKER = re.compile(
    rf"^[^\S\n]*(?i:дата(?:[^\S\n]+публикации)?|опубликовано|опубликован|обновлено|размещено)"
    rf"[^\S\n]*[:\-–]?[^\S\n]*(?P<date>{RU_DATE})", re.MULTILINE)
_RU_AGENCY_WORDS = "|".join(sorted((re.escape(a) for a in ru.AGENCY_NAMES if len(a) > 2), key=len, reverse=True))
#: Russian agency datelines: "МОСКВА, 20 апреля. /ТАСС/.", "МОСКВА, 20 апр - РИА Новости.",
#: "Москва. 20 апреля. INTERFAX.RU - ", "ВАШИНГТОН, 20 апреля 2021 года (RT) —".
RU_DATELINE = re.compile(
    rf"^[^\S\n]*(?P<place>{_RU_PLACE})[^\S\n]*[,.][^\S\n]*"
    rf"(?P<date>{_DAY}[^\S\n]+{_RU_MONTH_ANY}(?:[^\S\n]+{_YEAR}{_RU_YEAR_WORD})?)[^\S\n]*[.,]?[^\S\n]*"
    rf"(?:/(?P<a1>[^/\n]{{2,30}})/|\((?P<a2>[^()\n]{{2,30}})\)|(?:[—–\-]{{1,2}}[^\S\n]*)?(?P<a3>(?i:{_RU_AGENCY_WORDS})))"
    rf"[^\S\n]*(?:[.:]|[—–\-]{{1,2}})?",
    re.MULTILINE)
_RU_AGENCY_INSIDE = re.compile(rf"(?<![\w-])(?:{_RU_AGENCY_WORDS})(?![\w-])", re.IGNORECASE)
_RU_MFA_TITLE = re.compile(ru.MFA_TITLE)
_RU_TITLE_GENRES = [(re.compile(rx, re.IGNORECASE), genre) for rx, genre in ru.TITLE_GENRES]
_RU_SIGNATURES = [(re.compile(rx), source) for rx, source in ru.PAGE_SIGNATURES]
_RU_CHROME = re.compile(ru.CHROME_LINE_START, re.IGNORECASE)
#: The person a Ministry title names first, in initials form ("... С.В.Лаврова", "... М.В.Захаровой").
_RU_TITLE_PERSON = re.compile(r"(?<![\w.])(?P<name>(?:[А-ЯЁ]\.[^\S\n]?){1,2}[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)")
_RU_SENTENCES = re.compile(r"(?:[!?]|[а-яё]{2}\.)[\"”’»]?\s+[А-ЯЁ]")
_RU_RUNS_ON = re.compile(rf"(?:(?<![\w-])(?:{'|'.join(sorted(ru.FUNCTION_WORDS))})|[-–—(,])$", re.IGNORECASE)
#: Russian titles are longer than English headlines (mid.ru names the occasion in full).
RU_TITLE_WORDS = 50


def guess_metadata_ru(text: str, file: str | None = None, page: Page | None = None) -> list[dict[str, Any]]:
    """:func:`guess_metadata` for a Russian text (already plain text; ``page`` what a web page declares).

    Dates: a marker ("Дата публикации: ..."), a timestamp (a date next to a clock time: "20 апреля 2021
    года, 15:30, Москва"), an agency dateline with its year, a date closing the title, a line holding a
    date ("Москва, 12 марта 2019 года"), an ISO date in the file name. A dateline without a year
    ("МОСКВА, 20 апреля. /ТАСС/.") takes its year from the file name or from the same day and month
    written with a year elsewhere in the text (the evidence says so); else it gives only
    ``date_precision='unknown'``. Sources: the dateline's agency, a Foreign Ministry title, a page
    signature of mid.ru or kremlin.ru, a web address.

    >>> g = {x["field"]: x["value"] for x in guess_metadata_ru("МОСКВА, 20 апреля. /ТАСС/. Лавров и Рубио "
    ...      "провели переговоры.", "tass/lavrov-2021.txt")}
    >>> g["date"], g["date_precision"], g["dateline"], g["source"], g["genre"]
    ('2021-04-20', 'day', 'МОСКВА', 'TASS', 'news report')
    """
    head = text[:HEAD_CHARS]
    tail = text[-HEAD_CHARS:] if len(text) > HEAD_CHARS else ""
    dateline = _dateline_ru(head)
    title = _title_ru(head)
    turns = _turns(text)
    out: list[dict[str, Any]] = _page_guesses(page) if page is not None else []
    out += _date_ru(head, text, dateline, title, file)
    if dateline:
        out.append(_guess("dateline", dateline["place"], dateline["evidence"]))
    channel = _channel(head, "ru")
    out += [_guess("source", channel[0], channel[1])] if channel and not dateline else _source_ru(
        head, tail, dateline, title, page)
    if title:
        out.append(_guess("title", title[0], title[1]))
    out += _genre_ru(dateline, title, turns, channel)
    out += _speaker_ru(title, turns, None if dateline else channel, news=dateline is not None)
    return out


def _channel(head: str, lang: str) -> tuple[str, str] | None:
    """The institution whose Telegram channel a post comes from, named on its first line ("МИД России 🇷🇺",
    "MFA Russia 🇷🇺"), with that line: ``(institution, line)``.

    >>> _channel("МИД России 🇷🇺\\n\\n#Лавров: «Мы готовы к диалогу».", "ru")
    ('Russian Foreign Ministry', 'МИД России 🇷🇺')
    """
    first = next((line.strip().lstrip("\ufeff") for line in head.split("\n") if line.strip()), "")
    name = _channel_line(first, lang)
    return (name, first) if name else None


def _institution_title(title: tuple[str, str] | None) -> tuple[str, str] | None:
    """Whose own text a Ministry statement or comment is, from its title: the person the title names before its
    subject (a spokesperson's comment), else the institution it names there (the kit's name); with the kind
    ``"person"`` or ``"institution"``. None for other titles.

    >>> _institution_title(("Комментарий Департамента информации и печати МИД России в связи с заявлением "
    ...                     "А.Блинкена", ""))
    ('Russian Foreign Ministry', 'institution')
    >>> _institution_title(("Комментарий официального представителя МИД России М.В.Захаровой в связи с "
    ...                     "высылкой дипломатов", ""))
    ('Maria Zakharova', 'person')
    """
    from lavrovkit.actors import actors_load

    if not title or not (m := re.match(ru.INSTITUTION_TITLE, title[0])):
        return None
    subject = re.search(ru.TITLE_SUBJECT, title[0][m.end():])
    head = title[0][: m.end() + subject.start()] if subject else title[0]
    if (person := _RU_TITLE_PERSON.search(head)) and (name := actors_load().resolve(person["name"])):
        return name, "person"
    for pattern, name in ru.INSTITUTION_FORMS:
        if re.search(rf"(?<![\w-])(?:{pattern})(?![\w-])", head):
            return name, "institution"
    return None


def _dateline_ru(head: str) -> dict[str, str] | None:
    """The first agency dateline of a Russian text: place, agency (the kit's name), date as written, evidence."""
    for m in RU_DATELINE.finditer(head):
        agency = (m["a1"] or m["a2"] or m["a3"] or "").strip()
        canonical = ru.AGENCY_NAMES.get(agency.lower()) or AGENCIES.get(agency.lower())
        if not canonical and (inside := _RU_AGENCY_INSIDE.search(agency)):
            canonical = ru.AGENCY_NAMES[inside[0].lower()]  # "/Корр. ТАСС Иван Лебедев/"
        if canonical and len(m["place"].strip(" .")) >= 3:
            return {"place": m["place"].strip(" ."), "agency": canonical, "date": m["date"] or "",
                    "evidence": m[0].strip()}
    return None


def date_in_ru(text: str, whole: bool = False) -> tuple[str, str] | None:
    """The first full Russian date in ``text`` as ``(ISO, 'day')`` ("12 марта 2019 года", "12.03.2019").

    >>> date_in_ru("Москва, 12 марта 2019 года"), date_in_ru("20 апр 2021 г.")
    (('2019-03-12', 'day'), ('2021-04-20', 'day'))
    """
    m = _RU_FULL_DATE.fullmatch(text.strip()) if whole else _RU_FULL_DATE.search(text)
    if not m:
        return None
    month = int(m["num"]) if m["num"] else _ru_month(m["mon"])
    return _iso(int(m["year"]), month, int(m["day"]), "day")


_RU_FULL_DATE = re.compile(rf"(?P<day>{_DAY})[^\S\n]*(?:(?P<mon>{_RU_MONTH_ANY})[^\S\n]+|\.(?P<num>0?[1-9]|1[0-2])\.)"
                           rf"(?P<year>{_YEAR})(?:{_RU_YEAR_WORD}|[^\S\n]*г\.)")


def _ru_month(name: str) -> int:
    low = name.strip().rstrip(".").lower()
    return ru.MONTHS.get(low) or ru.MONTH_ABBREVIATIONS.get(low) or ru.MONTHS_NOMINATIVE.get(low) or 0


def _date_ru(head: str, text: str, dateline: dict[str, str] | None, title: tuple[str, str] | None,
             file: str | None) -> list[dict[str, Any]]:
    """The strongest date of a Russian text, with its precision (see :func:`guess_metadata_ru`)."""
    for (iso, precision), evidence in _dates_ru(head, dateline, title, file):
        return [_guess("date", iso, evidence), _guess("date_precision", precision, evidence)]
    if dateline and dateline.get("date"):
        day_month = re.match(rf"(?P<day>{_DAY})[^\S\n]+(?P<mon>{_RU_MONTH_ANY})", dateline["date"])
        if day_month:
            day, month = int(day_month["day"]), _ru_month(day_month["mon"])
            year, where = _year_for(text, file, day, month)
            if year and (d := _iso(year, month, day, "day")):
                evidence = f"{dateline['evidence']} (year {year} from {where})"
                return [_guess("date", d[0], evidence), _guess("date_precision", "day", evidence)]
        return [_guess("date_precision", "unknown", dateline["evidence"] + " (no year in the dateline, the text "
                                                                          "or the file name)")]
    return []


def _year_for(text: str, file: str | None, day: int, month: int) -> tuple[int | None, str]:
    """The year of a dateline that gives only day and month: from the file name (one year in it), else from the
    same day and month written with a year in the text; ``(None, "")`` when neither says."""
    name = (file or "").replace("\\", "/")
    years = sorted({int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", name)})
    if len(years) == 1:
        return years[0], f"the file name {file}"
    same = {d[0][:4] for m in _RU_FULL_DATE.finditer(text) if (d := date_in_ru(m[0], whole=True))
            and int(d[0][5:7]) == month and int(d[0][8:10]) == day}
    if len(same) == 1:
        return int(same.pop()), "the same date written in full in the text"
    return None, ""


def _dates_ru(head: str, dateline: dict[str, str] | None, title: tuple[str, str] | None,
              file: str | None) -> Iterator[tuple[tuple[str, str], str]]:
    for m in RU_MARKER.finditer(head):
        if d := date_in_ru(m["date"], whole=True):
            yield d, m[0]
    for m in RU_TIMESTAMP.finditer(head):
        if d := date_in_ru(m["date"] or m["date2"], whole=True):
            line = _line_of(head, m.start(), m.end())
            yield d, line if len(line) <= 120 else m[0]
    if dateline and dateline.get("date") and (d := date_in_ru(dateline["date"], whole=True)):
        yield d, dateline["evidence"]
    if title and (t := re.search(rf",?\s*(?P<date>{RU_DATE})\s*$", title[0])) and (
            d := date_in_ru(t["date"], whole=True)):
        yield d, title[1]
    for m in RU_DATE_LINE.finditer(head):
        if d := date_in_ru(m["date"], whole=True):
            yield d, m[0]
    name = (file or "").rsplit("/", 1)[-1]
    f = re.search(r"(?<!\d)((?:19|20)\d\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)", name)
    if f and (d := _iso(int(f[1]), int(f[2]), int(f[3]), "day")):
        yield d, f"file name {file}"


def _source_ru(head: str, tail: str, dateline: dict[str, str] | None, title: tuple[str, str] | None,
               page: Page | None) -> list[dict[str, Any]]:
    if dateline:
        return [_guess("source", dateline["agency"], dateline["evidence"])]
    if title and _RU_MFA_TITLE.search(title[0]):
        return [_guess("source", "Russian Foreign Ministry", title[1])]
    for rx, source in _RU_SIGNATURES:
        if m := rx.search(head) or rx.search(tail):
            return [_guess("source", ru_source_name(source) or source, _line_of(m.string, m.start(), m.end())[:160])]
    lines = [line.strip() for line in head.split("\n") if line.strip()][:_RU_MASTHEAD_LINES]
    lines += [line.strip() for line in (tail or head).split("\n") if line.strip()][-_RU_MASTHEAD_LINES:]
    for line in lines:  # a masthead or byline line: "Коммерсантъ", "© РБК", "Источник: Известия"
        if (m := _RU_MASTHEAD.fullmatch(line)) and (name := ru_source_name(m["name"])):
            return [_guess("source", name, line[:160])]
    url = page.meta["url"].value if page is not None and "url" in page.meta else ""
    for m in _URL.finditer(head + "\n" + tail + "\n" + url):
        host = m["host"].lower()
        for domain, name in {**_RU_OUTLET_DOMAINS, **ru.DOMAINS, **DOMAINS}.items():
            if host == domain or host.endswith("." + domain):
                return [_guess("source", ru_source_name(name) or name, m[0])]
    return []


#: Russian names of publishers (a page's declared publisher, a masthead, a byline) -> the source name the kit
#: gives the same publisher's English pages: regular expressions matched against the whole name.
RU_SOURCE_NAMES: tuple[tuple[str, str], ...] = (
    (r"(?:(?:Официальный\s+сайт\s+)?(?:Министерств[оа]\s+иностранных\s+дел|МИД)\s+(?:России|РФ"
     r"|Российской\s+Федерации)|Смоленская\s+площадь|mid\.ru)", "Russian Foreign Ministry"),
    (r"(?:(?:Официальный\s+сайт\s+)?Президент(?:а)?\s+(?:России|Российской\s+Федерации)|Кремль|Kremlin"
     r"|kremlin\.ru)", "President of Russia"),
    (r"(?:РБК|RBC|РосБизнесКонсалтинг|rbc\.ru)", "RBC"),
    (r"(?:(?:Издательский\s+дом\s+|ИД\s+)?Коммерсантъ?|Kommersant|kommersant\.ru)", "Kommersant"),
    (r"(?:Известия|Izvestia|iz\.ru)", "Izvestia"),
    (r"(?:Интерфакс|Interfax|interfax\.ru)", "Interfax"),
    (r"(?:RT(?:\s+на\s+русском)?|russian\.rt\.com|rt\.com)", "RT"),
    (r"(?:Ведомости|Vedomosti|vedomosti\.ru)", "Vedomosti"),
    (r"(?:Российская\s+газета|Rossiyskaya\s+Gazeta|rg\.ru)", "Rossiyskaya Gazeta"),
    (r"(?:(?:ИТАР-)?ТАСС|TASS|tass\.ru)", "TASS"),
    (r"(?:РИА\s+Новости|RIA\s+Novosti|ria\.ru)", "RIA Novosti"),
)
_RU_SOURCE_RES = [(re.compile(rx, re.IGNORECASE), name) for rx, name in RU_SOURCE_NAMES]
#: Web sites of Russian outlets the Russian word lists do not name -> the source's name.
_RU_OUTLET_DOMAINS = {"rbc.ru": "RBC", "kommersant.ru": "Kommersant", "iz.ru": "Izvestia", "vedomosti.ru": "Vedomosti",
                      "rg.ru": "Rossiyskaya Gazeta"}
#: How many lines at the top and at the bottom of a Russian text are read for a masthead or a byline.
_RU_MASTHEAD_LINES = 6
#: A masthead or byline line: the publisher's name alone, after ©, a year, "Источник:" or "Газета", in quotes.
_RU_MASTHEAD = re.compile(
    r"(?:©\s*(?:\d{4}\s*)?|(?:Источник|Издание|Публикация)\s*:\s*|Газета\s+|Агентство\s+)*[«\"“]?"
    r"(?P<name>[^«»\"“”©\n]{2,60}?)[»\"”]?(?:\s*[,.]?\s*(?:©\s*)?\d{4})?\.?", re.IGNORECASE)


def ru_source_name(name: str) -> str | None:
    """The kit's source name for a Russian publisher's name as a page, masthead or byline writes it, or None.

    >>> ru_source_name("Министерство иностранных дел Российской Федерации"), ru_source_name("Президент России")
    ('Russian Foreign Ministry', 'President of Russia')
    >>> ru_source_name("Коммерсантъ"), ru_source_name("РБК"), ru_source_name("Российская газета")
    ('Kommersant', 'RBC', 'Rossiyskaya Gazeta')
    >>> ru_source_name("Новая книга") is None
    True
    """
    text = " ".join(name.strip().strip("«»\"“”").split())
    for rx, source in _RU_SOURCE_RES:
        if rx.fullmatch(text):
            return source
    return None


def _title_ru(head: str) -> tuple[str, str] | None:
    """The first line of a Russian text that looks like a headline, before the body starts (as :func:`_title`)."""
    lines = head.split("\n")
    for n, line in enumerate(lines[:40]):
        s = line.strip().lstrip("\ufeff")
        if not s:
            continue
        if m := RU_MARKER.match(s):
            s = s[m.end():].strip(" \t-–—|:")
            if not s:
                continue
        if RU_DATELINE.match(s) and _dateline_ru(s) or DATELINE.match(s) and _dateline(s):
            return None  # the body has started
        words = s.split()
        if _channel_line(s, "ru"):
            continue  # "МИД России 🇷🇺": the channel a post comes from, not its title
        if (len(words) < 3 or CHROME.match(s) or _RU_CHROME.match(s) or RU_DATE_LINE.match(s)
                or RU_TIMESTAMP.search(s) and len(words) < 12):
            continue
        later = next((x.strip() for x in lines[n + 1:n + 4] if x.strip()), "")
        if (len(words) > RU_TITLE_WORDS or len(s) > 450 or not s[:1].isupper() and not s[:1].isdigit()
                and s[:1] not in "«\"" or _RU_RUNS_ON.search(s) or _RU_SENTENCES.search(_unquoted(s))
                or later[:1].islower()):
            return None
        if s.rstrip("\"'”’»)]")[-1:] in (".", ",", ";", ":"):
            if len(words) >= 8:
                return None
            continue
        return s, line
    return None


def _genre_ru(dateline: dict[str, str] | None, title: tuple[str, str] | None,
              turns: list[tuple[str, str]], channel: tuple[str, str] | None = None) -> list[dict[str, Any]]:
    """The genre of a Russian text: a one-person title (a speech, an article, an address) whose turn labels name
    no one else; turn labels; an agency dateline; a Ministry statement's title or a Ministry channel's post
    ("statement"); the title's words."""
    if (not dateline and title and re.match(ru.ONE_VOICE_TITLE, title[0]) and not _others_speak(title, turns)):
        for rx, genre in _RU_TITLE_GENRES:
            if rx.search(title[0]):
                return [_guess("genre", genre, title[1])]
    if _is_transcript(turns) or _one_answerer(turns) and any(t in GENERIC_SPEAKERS for _, t in turns):
        shown = list(dict.fromkeys(label for label, _ in turns))[:3]
        return [_guess("genre", "transcript", "turn labels " + ", ".join(f"{t}:" for t in shown)
                       + f" ({len(turns)} turns)")]
    if dateline:
        return [_guess("genre", "news report", dateline["evidence"])]
    if _institution_title(title) and title:
        return [_guess("genre", "statement", title[1])]
    if channel:
        return [_guess("genre", "statement", channel[1])]
    if title:
        for rx, genre in _RU_TITLE_GENRES:
            if rx.search(title[0]):
                return [_guess("genre", genre, title[1])]
    return []


def _others_speak(title: tuple[str, str], turns: list[tuple[str, str]]) -> bool:
    """Do the turn labels give anyone but the person the title names (a question, a moderator, another person)?"""
    from lavrovkit.actors import actors_load

    gaz = actors_load()
    m = _RU_TITLE_PERSON.search(title[0])
    own = gaz.resolve(m["name"]) if m else None
    return any(t in GENERIC_SPEAKERS or own is None or (gaz.resolve(t) or t) != own for _, t in turns)


def _one_answerer(turns: list[tuple[str, str]]) -> str | None:
    """The one person the named turn labels give (initials and full names resolved by the gazetteer), if one."""
    from lavrovkit.actors import actors_load

    gaz = actors_load()
    named = {gaz.resolve(t) or t for _, t in turns if t not in GENERIC_SPEAKERS}
    return named.pop() if len(named) == 1 else None


def _speaker_ru(title: tuple[str, str] | None, turns: list[tuple[str, str]],
                channel: tuple[str, str] | None = None, news: bool = False) -> list[dict[str, Any]]:
    """The speaker of a Russian text, as the gazetteer names them: the person or institution a Ministry
    statement's title names before its subject ("Заявление МИД России о ..." is the Ministry's), the person a
    Ministry title names first ("... С.В.Лаврова"), the one answering turn label's person, or the institution
    whose channel posted it. A news report (``news``) takes no statement's speaker from its headline."""
    from lavrovkit.actors import actors_load

    gaz = actors_load()
    if not news and (own := _institution_title(title)):
        return [_guess("speaker", own[0], title[1] if title else "")]
    if title and _RU_MFA_TITLE.search(title[0]) and (m := _RU_TITLE_PERSON.search(title[0])):
        name = gaz.resolve(m["name"])
        if name:
            return [_guess("speaker", name, title[1])]
    one = _one_answerer(turns)
    if one and (_is_transcript(turns) or any(t in GENERIC_SPEAKERS for _, t in turns)):
        return [_guess("speaker", one, f"the only answering turn labels ({len(turns)} turns)")]
    if channel:
        return [_guess("speaker", channel[0], channel[1])]
    return []
