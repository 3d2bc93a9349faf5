"""Build a labelled set from saved en.kremlin.ru pages, read from each page's own HTML (not the kit's code).

Usage::

    python bench/label_pages.py /tmp/kdev/kremlin-en-dev-300 /work/labels/kremlin-dev-300.jsonl [--labels]

``--labels`` prints every distinct turn label with the speaker it was given (for review) instead of writing.

One JSON object per page::

    {"file": "17184.html", "date": "2012-12-24", "title": "...",
     "paragraphs": [{"text": "...", "part": "standfirst"|"body", "speaker": null|"Vladimir Putin"}, ...],
     "furniture": ["Topics", "Publication status", ...],
     "events": [{"type": "phone_call"|"meeting"|"letter", "parties": ["Vladimir Putin", "..."], "date": "..."}]}

What the page holds and how it is read
--------------------------------------
- ``date``: ``<time itemprop="datePublished" datetime>``; announcements ("will meet ...") have none, and
  then the "Publication date" ``<time>`` of the ``read__status`` block is taken (the first ``<time>`` otherwise).
- ``title``: the ``<h1>``.
- Visible text: the text of the element with hidden elements removed (any element with class ``hidden``,
  i.e. the person/term tooltips inside links, ``aria-hidden="true"``, scripts), ``<br>`` as a space, pieces
  joined as written (no separator added where the HTML has none), whitespace collapsed.
- Standfirst: the ``<p>`` of ``#read-lead`` (it sits above ``articleBody``, not inside it; empty on many
  pages). Body: the ``<p>`` inside ``itemprop="articleBody"`` except those inside furniture blocks
  (``read__bottommeta``: tags and publication status; ``slider``/``media``: gallery and video captions;
  ``read__cut``: "See also" boxes; all carry ``masha-ignore`` or ``hidden-copy``) and except ``<blockquote>``
  pull quotes (they repeat, sometimes shortened, a sentence already in the text). Empty paragraphs are dropped.
- Turn labels: a body paragraph whose first visible text is bold (``<b>``/``<strong>``) and whose leading
  run up to the first colon is bold text, optionally with an italic ``(retranslated)`` note and spaces; the
  colon may be inside or just after the bold, and the bold may be split (``<b>Defence Minister </b><a><b>Sergei
  Shoigu</b>...</a>:``). The label stays in the paragraph text as written. A turn runs from its label to the
  next label, except that a separator (``* * *``) or a heading (a wholly bold paragraph that is no label,
  e.g. "Part 2, Kaliningrad, March 2, 2018") ends it: that paragraph and the narration after it have no
  speaker. An editorial stage note inside a turn (a paragraph wholly in parentheses, e.g. "(Minute of
  silence.)", "(Shows video clip.)", "(The Minister went on to talk about ...)") has no speaker and does
  not end the turn. A bold name that is a label elsewhere on the same page counts as a label when its colon
  is missing ("<b>Megyn Kelly </b>With this?", "<b>Sebastian Kurz</b>. Thank you ...").
- Speakers: the person's name without the role ("President of Russia Vladimir Putin" -> "Vladimir Putin",
  "Alexei Kudrin, Chairman of the Accounts Chamber" -> "Alexei Kudrin"), the gazetteer's canonical form
  where the kit's gazetteer knows the person (``actors_load().canonical``: "Sergei Lavrov" -> "Sergey
  Lavrov"); generic labels lower-cased ("question", "remark", "operator", "presenter", "response from the
  hall"). The rule (gazetteer full name in the label, else its trailing capitalised words) was checked by
  eye on every distinct label of the dev set; wrong splits are fixed in ``SPEAKER_OVERRIDES``.
- ``furniture``: visible text lines of the page outside the article text (menus, footer, sidebar, licence,
  "Last updated at", share and e-mail forms, tags, publication status, gallery captions, "See also" boxes,
  the category link and date line); lines whose normalised words occur in the article text or title are
  left out, so that finding one in a document's text means furniture was kept.

Events (``READOUTS``, decided by reading each page's title, standfirst and first paragraphs)
-----------------------------------------------------------------------------------------------
A page gets an event when it reports a contact that took place between the Russian President (Vladimir
Putin; Dmitry Medvedev on pages dated 2008-05-07 to 2012-05-06) and one or a few named people:
- ``phone_call``: a telephone conversation, whatever its purpose (calls of congratulation or condolence too);
- ``meeting``: a meeting, working meeting, talks, or a conversation by videoconference, with named people,
  foreign or Russian (ministers, governors, company heads reporting to the President). It counts when the
  title or the opening paragraphs name the person met ("Meeting with X", "had a working meeting with X",
  "was met at the air base by X", "after the meeting had a conversation with X"). Transcript pages of such a
  meeting count too (beginning of the meeting, talks, press statements or a news conference following the
  talks, held the same day), and so does a session of a bilateral body co-chaired by the two leaders (the
  Union State's Supreme State Council). An appointment page that reports a working meeting with the
  appointee counts for the meeting;
- ``letter``: a written message on substance to a foreign leader.
Not events: announcements of future contacts ("will meet"); messages of greetings, congratulations, sympathy
or condolences; executive orders, laws, appointments as such; "Meeting on <topic>" pages and other meetings
with many officials (Government members, the Security Council, boards, councils) or with groups (the public,
workers, a family, deputies, journalists, interviews); multilateral sessions and summits; joint appearances
of two leaders before a third party when the page reports no talks between them; ceremonies, receptions,
speeches; contacts mentioned only as past or future background.
Parties: the President first, then the people the page says he met, called or wrote to (as the page names
them, gazetteer-canonical where known), not the officials accompanying either side; a meeting with several
named people is one event listing all of them, separate calls are separate events. The date is the page date
unless the page says the contact took place on another day ("Yesterday evening ...").
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

GENERIC = {
    "question", "remark", "remarks", "moderator", "operator", "presenter", "response from the hall",
    "reply", "answer", "voice", "voices", "voice from the audience", "remark from the audience",
    "comment", "audience", "journalist", "host", "interpreter", "participant", "all",
}

# Labels (as written, whitespace collapsed, no colon, no "(retranslated)") whose speaker the rule gets wrong
# or that need a name the rule cannot give: label -> speaker.
SPEAKER_OVERRIDES: dict[str, str] = {
    "Deputy Prime Minister Tatayana Golikova": "Tatyana Golikova",  # typo in the label (63350)
    "Vladimir Zimin": "Viktor Zimin",  # typo: the Head of Khakassia, labelled Viktor Zimin elsewhere (54343)
    "Vladimir Mutko": "Vitaly Mutko",  # typo: Deputy Prime Minister Vitaly Mutko (53972)
    "Vladimir Shakhidjanyan": "Vladimir Shakhijanyan",  # one person, spelled two ways on 62366
    "Sauli Niinisto": "Sauli Niinistö",  # 51551 writes the name without the diaeresis
    "President of Finland Sauli Niinisto": "Sauli Niinistö",
}

# (file, paragraph text) -> speaker for single paragraphs the rules above do not cover.
PARAGRAPH_OVERRIDES: dict[tuple[str, str], str | None] = {
    ("62366.html", "Remark from the audience."): None,  # bold "Remark" + italic "from the audience.": a stage note
    ("63210.html", "To be continued."): None,  # editorial line closing the President's address
}

PRESIDENT = "Vladimir Putin"

# file -> events, each (type, [other parties as the page names them], date or None for the page date); the
# President is put first. Every page of the dev set was read; pages absent here have no event. Left out on purpose
# (see the rules above): announcements (7987, 17557, 54546, 58501, 60658, 62858, 63547); greetings,
# congratulation and condolence messages (e.g. 34172, 53002, 57171, 62709, 63615); group meetings and
# meetings "on" a topic with many officials (e.g. 7993, 17663, 51371, 54111, 55459, 57269, 58588, 63180);
# multilateral sessions (27075, 33716, 54149); joint appearances of two leaders before a third party that
# report no talks between them (27372, 28253, 52910, 54978); a report heard by videoconference (51770); an
# instruction (60863); ceremonies and receptions (40157, 41346, 54469); conclusions on a draft law sent to the
# Duma (34636).
READOUTS: dict[str, list[tuple[str, list[str], str | None]]] = {
    # 2000-2006 news items
    "26876.html": [("meeting", ["Dennis Hastert", "Tom Daschle", "Trent Lott", "Richard Armey", "Richard Gephardt"], None)],
    "26882.html": [("meeting", ["Rudolf Schuster"], None)],
    "27703.html": [("meeting", ["James Wolfensohn"], None)],
    "27997.html": [("meeting", ["Robert Kocharian"], None)],
    "28099.html": [("phone_call", ["Tony Blair", "Silvio Berlusconi"], None)],  # Berlusconi "also took part"
    "28128.html": [("phone_call", ["Tony Blair"], None)],
    "28283.html": [("phone_call", ["George W. Bush"], None)],
    "28287.html": [("meeting", ["Alexander Lukashenko"], None)],
    "28900.html": [("meeting", ["Ian Duncan Smith"], None)],
    "29104.html": [("meeting", ["Maurice Greenberg"], None)],
    "29307.html": [("phone_call", ["Jacque Chirac"], None)],
    "29443.html": [("meeting", ["Akhmat Kadyrov"], None)],  # a long talk on the flight home
    "29693.html": [("meeting", ["Silvio Berlusconi"], None)],  # joint statement "following their talks"
    "29742.html": [("meeting", ["John Rutherford", "Murray Chester"], None)],
    "29776.html": [("meeting", ["Abdullah II"], None)],
    "30148.html": [("phone_call", ["Tarja Halonen"], None)],
    "33405.html": [("meeting", ["George Bush Sr"], None)],
    "33561.html": [("meeting", ["Juan Carlos I"], None)],
    "33635.html": [("meeting", ["Vladimir Potanin"], None)],
    "33938.html": [("meeting", ["Alu Alkhanov", "Sergei Abramov", "Ramzan Kadyrov"], None)],
    "34055.html": [("meeting", ["Anthony Blair"], None)],
    "34508.html": [("meeting", ["Seiji Maehara"], None)],
    "35715.html": [("meeting", ["Aigars Kalvitis"], None)],
    "37364.html": [("phone_call", ["Geidar Aliev"], None)],
    "37417.html": [("phone_call", ["Askar Akayev"], None), ("phone_call", ["Nursultan Nazarbayev"], None)],
    "37926.html": [("meeting", ["Mikhail Kasyanov"], None)],
    "39140.html": [("meeting", ["Mohammad Khatami"], None)],
    "39488.html": [("phone_call", ["Askar Akayev"], None)],  # congratulations by telephone (the message is not an event)
    "39530.html": [("phone_call", ["Alexander Lukashenko"], None)],
    "39566.html": [("letter", ["Haji Hassanal Bolkiah Mu'izzaddin Waddaulah"], None)],  # reply on APEC agenda
    "40330.html": [("meeting", ["Boris Gryzlov"], None)],  # conversation after the meeting with Unity deputies
    "41443.html": [("letter", ["Abdullah II"], None)],  # message on the Middle East settlement
    "41478.html": [("meeting", ["Gerhard Schroeder"], None)],
    "42118.html": [("meeting", ["Jacques Rogge", "Juan Antonio Samaranch"], None)],
    "42157.html": [("meeting", ["Lansana Conte"], None)],
    # 2010-2013 (Dmitry Medvedev is the President on 2010 pages)
    "8014.html": [("meeting", ["Nursultan Nazarbayev"], None)],
    "8039.html": [("meeting", ["Ramzan Kadyrov"], None)],
    "9254.html": [("meeting", ["Sergei Sobyanin"], None)],
    "17559.html": [("meeting", ["Alexander Bastrykin"], None)],
    "17650.html": [("meeting", ["Viktor Ivanov"], None)],
    "17662.html": [("meeting", ["Alexander Ankvab"], None)],
    "17748.html": [("meeting", ["Manmohan Singh"], None)],
    "17800.html": [("meeting", ["Veronika Skvortsova"], None)],
    "17960.html": [("meeting", ["Igor Shuvalov", "Elvira Nabiullina"], "2013-04-22")],  # "Yesterday evening"
    # 2016-2020
    "51490.html": [("meeting", ["Tomislav Nikolic"], None)],
    "51511.html": [("meeting", ["Sergei Lavrov", "Sergei Shoigu"], None)],
    "51545.html": [("phone_call", ["Tamim bin Hamad Al Thani"], None)],
    "51551.html": [("meeting", ["Sauli Niinisto"], None)],  # press statements following the talks
    "51643.html": [("meeting", ["Vladimir Kolokoltsev", "Viktor Zolotov", "Viktor Ivanov", "Yekaterina Yegorova"], None)],
    "51761.html": [("meeting", ["Gianni Infantino"], None)],
    "52832.html": [("meeting", ["Abdel Fattah el-Sisi"], None)],
    "52884.html": [("meeting", ["Maxim Topilin"], None)],
    "52885.html": [("meeting", ["Elvira Nabiullina"], None)],
    "52934.html": [("meeting", ["Sigmar Gabriel"], None)],
    "52935.html": [("phone_call", ["Recep Tayyip Erdogan"], None)],
    "52973.html": [("meeting", ["Andrei Kostin"], None)],
    "52974.html": [("meeting", ["Alexander Tkachev"], None)],
    "52984.html": [("phone_call", ["Silvio Berlusconi"], None)],  # birthday call (the message is not an event)
    "52989.html": [("phone_call", ["Benjamin Netanyahu"], None)],  # call of condolence
    "52990.html": [("phone_call", ["Angela Merkel"], None)],
    "53742.html": [("meeting", ["Igor Dodon"], None)],
    "53915.html": [("meeting", ["Sergei Sobyanin"], None)],
    "54030.html": [("meeting", ["Mikhail Babich"], None)],
    "54046.html": [("meeting", ["Serzh Sargsyan"], None)],  # press statements following the talks
    "54087.html": [("meeting", ["Elvira Nabiullina"], None)],
    "54119.html": [("meeting", ["Hassan Rouhani"], None)],
    "54284.html": [("meeting", ["Zhang Gaoli"], None)],
    "54343.html": [("meeting", ["Viktor Zimin"], None)],
    "54375.html": [("meeting", ["Dmitry Mironov"], None)],
    "54400.html": [("meeting", ["Rainer Seele"], None)],
    "54917.html": [("meeting", ["Alexander Lukashenko"], None)],  # Supreme State Council co-chaired by the two
    "55031.html": [("phone_call", ["Nicolas Maduro"], None)],
    "55361.html": [("meeting", ["Dmitry Ovsyannikov"], None)],
    "55390.html": [("meeting", ["Alexander Zhilkin"], None)],
    "55686.html": [("meeting", ["Maxim Oreshkin", "Denis Manturov"], None)],
    "55689.html": [("phone_call", ["Nursultan Nazarbayev"], None)],
    "55729.html": [("meeting", ["Recep Tayyip Erdogan"], None)],
    "55935.html": [("meeting", ["Elvira Nabiullina"], None)],
    "56154.html": [("meeting", ["Hassan Rouhani"], None)],  # the bilateral one, not the trilateral summit
    "56264.html": [("phone_call", ["Nursultan Nazarbayev"], None)],
    "56351.html": [("meeting", ["Bashar al-Assad"], None)],  # met at Khmeimim by Assad, together with officers
    "56629.html": [("meeting", ["Nikolai Shulginov"], None)],
    "56644.html": [("meeting", ["Alexander Beglov"], None)],
    "56715.html": [("meeting", ["Lutfulla Shafigullin"], None)],
    "56951.html": [("meeting", ["Sebastian Kurz"], None)],
    "56952.html": [("meeting", ["Sebastian Kurz"], None)],  # joint news conference following the talks
    "57089.html": [("meeting", ["Sergei Kogogin", "Alexander Rumyantsev", "Yelena Shmeleva"], None)],
    "57118.html": [("meeting", ["Anton Siluanov"], None)],
    "57127.html": [("phone_call", ["Cyril Ramaphosa"], None)],
    "57144.html": [("meeting", ["Alexander Bastrykin", "Veronika Skvortsova"], None)],
    "57197.html": [("meeting", ["Hassan Rouhani"], None)],
    "57211.html": [("phone_call", ["Emmanuel Macron"], None)],
    "57240.html": [("phone_call", ["Benjamin Netanyahu"], None)],
    "57709.html": [("meeting", ["Emomali Rahmon"], None)],
    "58449.html": [("meeting", ["Vasily Orlov"], None)],
    "58464.html": [("meeting", ["Dmitry Azarov"], None)],
    "58587.html": [("meeting", ["Han Zheng"], None)],
    "58626.html": [("meeting", ["Sergei Morozov"], None)],
    "58646.html": [("meeting", ["Sooronbay Jeenbekov"], None)],
    "58715.html": [("meeting", ["Sebastian Kurz"], None)],  # news conference following the talks
    "59399.html": [("meeting", ["Dmitry Mironov"], None)],
    "59527.html": [("phone_call", ["Shavkat Mirziyoyev"], None)],
    "59806.html": [("meeting", ["Pavel Kolobkov"], None)],
    "59842.html": [("meeting", ["Alexander Lukashenko"], None)],
    "59844.html": [("meeting", ["Alexander Lukashenko"], None)],  # answers to the media following the meeting
    "60331.html": [("meeting", ["Maxim Akimov"], None)],
    "60424.html": [("meeting", ["Nikolai Tokarev"], None)],
    "60425.html": [("meeting", ["Georgy Poltavchenko"], None)],
    "60476.html": [("meeting", ["Mikhail Mishustin"], None)],
    "60511.html": [("meeting", ["Wang Yi"], None)],
    "60672.html": [("meeting", ["Xi Jinping"], None)],  # press statements following the talks
    "60757.html": [("meeting", ["Xi Jinping"], None)],  # birthday visit to Xi's residence
    "60852.html": [("meeting", ["Recep Tayyip Erdogan"], None)],
    "62066.html": [("meeting", ["Maxim Akimov"], None)],
    "62342.html": [("phone_call", ["Angela Merkel"], None)],
    "62561.html": [("phone_call", ["Abdel Fattah el-Sisi"], None)],
    "62731.html": [("phone_call", ["Recep Tayyip Erdogan"], None)],
    "62750.html": [("meeting", ["Dmitry Makhonin"], None)],  # the appointment page reports a working meeting
    "62763.html": [("meeting", ["Igor Sechin"], None)],
    "63241.html": [("phone_call", ["Angela Merkel"], None)],
    "63410.html": [("meeting", ["Sergei Shoigu"], None)],  # via videoconference
    "63423.html": [("meeting", ["Nikolai Tokarev"], None)],
    "63445.html": [("meeting", ["Mikhail Mishustin"], None)],  # via videoconference
    "63572.html": [("meeting", ["Emmanuel Macron"], None)],  # conversation via videoconference
    "63904.html": [("meeting", ["Igor Sechin"], None)],
    "63914.html": [("meeting", ["Alexei Kudrin"], None)],
}

WS = re.compile(r"\s+")
STAGE_NOTE = re.compile(r"^[(\[][^()\[\]]*[)\]]\.?$")
SEPARATOR = re.compile(r"^[*\s]+$")


def ws(text: str) -> str:
    return WS.sub(" ", text.replace("\xa0", " ").replace("\u200b", "")).strip()


def is_hidden(tag: Tag) -> bool:
    classes = tag.get("class") or []
    return ("hidden" in classes or tag.get("aria-hidden") == "true"
            or tag.name in ("script", "style", "noscript", "template", "head", "title", "input"))


def visible(node: Tag | NavigableString) -> str:
    """The text a reader sees: hidden elements skipped, <br> as a space, pieces joined as written."""
    if isinstance(node, Comment):
        return ""
    if isinstance(node, NavigableString):
        return str(node)
    if node.name == "br":
        return " "
    if is_hidden(node):
        return ""
    return "".join(visible(child) for child in node.children)


def _runs(node: Tag | NavigableString, bold: bool = False, italic: bool = False) -> list[tuple[str, bool, bool]]:
    """Visible text of ``node`` as (text, in bold, in italic) pieces, in order."""
    if isinstance(node, Comment):
        return []
    if isinstance(node, NavigableString):
        return [(str(node), bold, italic)]
    if node.name == "br":
        return [(" ", bold, italic)]
    if is_hidden(node):
        return []
    bold = bold or node.name in ("b", "strong")
    italic = italic or node.name in ("i", "em")
    out: list[tuple[str, bool, bool]] = []
    for child in node.children:
        out.extend(_runs(child, bold, italic))
    return out


def turn_label(p: Tag) -> tuple[str, str] | None:
    """(label as written incl. the colon, label for naming) when the paragraph opens with a bold 'Name:'."""
    runs = [(t.replace("\xa0", " "), b, i) for t, b, i in _runs(p)]
    first = next(((t, b) for t, b, _ in runs if t.strip()), None)
    if first is None or not first[1]:
        return None
    written, naming = [], []
    for text, bold, italic in runs:
        colon = text.find(":")
        piece = text if colon < 0 else text[:colon]
        if piece.strip() and not bold and not (italic and re.fullmatch(r"\s*\(?\s*retranslated\s*\)?\s*", piece))\
                and not re.fullmatch(r"[\s()]*", piece):
            return None  # plain text before any colon: a bold lead-in, not a label
        written.append(piece)
        naming.append(piece if bold else " ")  # a plain space or "(retranslated)" between bold pieces
        if colon >= 0:
            label = ws("".join(written)) + ":"
            name = ws(re.sub(r"\(\s*retranslated\s*\)", "", "".join(naming), flags=re.I))
            return (label, name) if name and len(name) <= 250 else None
    return None


_ACTORS: Any = None


def actors() -> Any:
    global _ACTORS
    if _ACTORS is None:  # the gazetteer is data: no kit code reads the pages
        from lavrovkit.actors import actors_load

        _ACTORS = actors_load()
    return _ACTORS


def canonical(name: str) -> str:
    return actors().canonical(name) or name


ROLE_WORDS = {
    "president", "minister", "chairman", "chairperson", "chair", "governor", "head", "director", "ceo",
    "mayor", "speaker", "envoy", "secretary", "premier", "chancellor", "prime", "deputy", "first", "acting",
    "general", "commander", "chief", "aide", "representative", "member", "co-chair", "anchor", "presenter",
    "commentator", "vice", "king", "emir", "the", "of", "and", "for", "to", "in", "on", "at",
    # organisation words: "Chairman of the Accounts Chamber" holds no name
    "plant", "chamber", "committee", "council", "service", "region", "republic", "board", "bank", "foundation",
    "corporation", "federation", "ministry", "duma", "government", "commission", "company", "centre",
}


def speaker_of(label: str) -> str:
    """The canonical speaker for a turn label ('Foreign Minister Sergei Lavrov' -> 'Sergey Lavrov')."""
    label = ws(label).rstrip(":").strip()
    if label in SPEAKER_OVERRIDES:
        return SPEAKER_OVERRIDES[label]
    if label.lower() in GENERIC:
        return label.lower()
    part = label
    if "," in label:  # "Alexei Kudrin, Chairman of the Accounts Chamber": the name is before the comma
        head, tail = label.split(",", 1)
        part = head if _trailing_name(head) and not _trailing_name(tail) else label.rsplit(",", 1)[-1]
    found = [m for m in actors().mentions(part) if m.resolved_by == "name"]
    if found and found[-1].end >= len(part.rstrip()) - 1:
        return found[-1].name
    name = _trailing_name(part)
    return canonical(name) if name else label


def _trailing_name(text: str) -> str:
    """The last two capitalised words of ``text`` (a given name and a surname; particles such as 'el-' extend it)."""
    words = ws(text).split(" ")
    out: list[str] = []
    for w in reversed(words):
        particle = w[:3].lower() in ("el-", "al-", "bin", "de", "van", "von")
        if not w or not (w[0].isupper() or particle) or w.lower() in ROLE_WORDS or \
                len([x for x in out if x[0].isupper()]) == 2 and not (out and out[0][0].islower()):
            break
        out.insert(0, w)
    if len(out) < 2:
        return ""
    return " ".join(x.title() if x.isupper() and len(x) > 2 else x for x in out)


def _key_words(text: str) -> str:
    return " " + " ".join(re.findall(r"[0-9a-z]+", text.lower())) + " "


def furniture_lines(soup: BeautifulSoup, article: list[Tag]) -> list[str]:
    """Visible text lines of the page that are not article text (nor the headline)."""
    blocks = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "label", "button", "time", "td", "th",
              "dt", "dd", "figcaption", "nav", "ul", "ol", "section", "article", "header", "footer", "form",
              "blockquote", "fieldset"}
    skip = set(map(id, article))
    lines: list[str] = []

    def walk(node: Tag, buf: list[str]) -> None:
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                buf.append(str(child))
                continue
            if not isinstance(child, Tag) or is_hidden(child) or id(child) in skip or child.name == "h1":
                continue
            if child.name == "br":
                buf.append(" ")
                continue
            if child.name in blocks:
                flush(buf)
                inner: list[str] = []
                walk(child, inner)
                flush(inner)
            else:  # inline: a space either side, so that "Executive Office</span><span>2020" stays two words
                buf.append(" ")
                walk(child, buf)
                buf.append(" ")

    def flush(buf: list[str]) -> None:
        text = re.sub(r"\s+([,.:;!?])", r"\1", ws("".join(buf)))
        buf.clear()
        if re.search(r"[A-Za-z]", text):
            lines.append(text)

    body = soup.body or soup
    top: list[str] = []
    walk(body, top)
    flush(top)
    return lines


def read_page(path: Path) -> dict[str, Any]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "lxml")
    t = soup.find("time", attrs={"itemprop": "datePublished"})
    if t is None:
        status = soup.find(class_="read__status")
        t = (status.find("time", attrs={"datetime": True}) if status else None) or \
            soup.find("time", attrs={"datetime": True})
    day = str(t.get("datetime"))[:10] if t else None
    h1 = soup.find("h1")
    title = ws(visible(h1)) if h1 else None

    paragraphs: list[dict[str, Any]] = []
    article: list[Tag] = []
    lead = soup.find(id="read-lead")
    if lead is not None:
        for p in lead.find_all("p") or [lead]:
            text = ws(visible(p))
            article.append(p)
            if text:
                paragraphs.append({"text": text, "part": "standfirst", "speaker": None})
    body = soup.find(attrs={"itemprop": "articleBody"})
    speaker: str | None = None
    body_ps = [p for p in body.find_all("p") if not any(
        a.name == "blockquote" or is_hidden(a) or {"masha-ignore", "hidden-copy"} & set(a.get("class") or [])
        for a in p.parents if a is not body and body in a.parents)] if body is not None else []
    labels = [turn_label(p) for p in body_ps]
    names = {lab[1] for lab in labels if lab}
    for p, label in zip(body_ps, labels, strict=True):
        text = ws(visible(p))
        article.append(p)
        if not text:
            continue
        if label is None:  # a bold name used as a label elsewhere on the page, its colon missing
            opener = bold_lead(p)
            if opener and opener in names:
                label = (opener, opener)
        who: str | None
        if label is not None:
            speaker = who = speaker_of(label[1])
        elif SEPARATOR.match(text) or _wholly_bold(p):
            speaker = who = None  # a separator or a heading ends the turn
        elif STAGE_NOTE.match(text):
            who = None  # an editorial note inside a turn
        else:
            who = speaker
        who = PARAGRAPH_OVERRIDES.get((path.name, text), who)
        paragraphs.append({"text": text, "part": "body", "speaker": who})

    art = _key_words(" ".join([title or ""] + [p["text"] for p in paragraphs]))
    furniture: list[str] = []
    for line in furniture_lines(soup, article):
        k = _key_words(line)
        if k.strip() and k not in art and line not in furniture:
            furniture.append(line)

    events = []
    for kind, others, when in READOUTS.get(path.name, []):
        lead_party = "Dmitry Medvedev" if day and "2008-05-07" <= day <= "2012-05-06" else PRESIDENT
        events.append({"type": kind, "parties": [lead_party] + [canonical(o) for o in others],
                       "date": when or day})
    return {"file": path.name, "date": day, "title": title, "paragraphs": paragraphs,
            "furniture": furniture, "events": events}


def bold_lead(p: Tag) -> str:
    """The bold text a paragraph opens with ('' when it opens with plain text)."""
    out = []
    for text, bold, _ in _runs(p):
        if not bold and text.strip():
            break
        out.append(text if bold else " ")
    return ws("".join(out)).rstrip(".")


def _wholly_bold(p: Tag) -> bool:
    runs = [(t, b) for t, b, _ in _runs(p) if t.strip()]
    return bool(runs) and all(b for _, b in runs)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("out", type=Path, nargs="?")
    ap.add_argument("--labels", action="store_true", help="print each distinct turn label and its speaker")
    args = ap.parse_args(argv)
    pages = sorted(args.folder.glob("*.html"), key=lambda p: (len(p.stem), p.stem))
    rows = [read_page(p) for p in pages]
    if args.labels:
        seen: Counter[tuple[str, str]] = Counter()
        for page in rows:
            soup = BeautifulSoup((args.folder / page["file"]).read_text(encoding="utf-8"), "lxml")
            body = soup.find(attrs={"itemprop": "articleBody"})
            for p in body.find_all("p") if body else []:
                label = turn_label(p)
                if label:
                    seen[(label[1], speaker_of(label[1]))] += 1
        for (label, who), n in sorted(seen.items()):
            print(f"{n:4d}  {label!r:100} -> {who!r}")
        print(f"{len(seen)} distinct labels", file=sys.stderr)
        return 0
    if args.out is None:
        ap.error("give OUT (or --labels)")
    unknown = set(READOUTS) - {p.name for p in pages}
    if unknown:
        print(f"note: READOUTS names pages not in {args.folder}: {sorted(unknown)}", file=sys.stderr)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    turns = sum(1 for r in rows for p in r["paragraphs"] if p["speaker"])
    events = Counter(e["type"] for r in rows for e in r["events"])
    print(f"{len(rows)} pages, {turns} turn paragraphs, "
          f"{len({p['speaker'] for r in rows for p in r['paragraphs'] if p['speaker']})} speakers, "
          f"events {dict(events)} -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
