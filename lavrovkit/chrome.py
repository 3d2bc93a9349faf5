"""Web-page furniture: which paragraphs of a page's text are menus, credits, share widgets, tails.

:func:`strip_chrome` removes whole paragraphs by general rules
(:data:`CHROME_RULES`, built from :data:`lavrovkit.lang.en.CHROME_PATTERNS`),
with their rule; :data:`CHROME_START` tells a line that opens with furniture
words (never a headline, :mod:`lavrovkit.meta`); :func:`is_prose` and
:func:`prose_removed_inside` tell running text the rules should not have
taken.

>>> chrome_rule("Get short URL"), chrome_rule("Lavrov met Rubio."), bool(CHROME_START.match("Photo: TASS"))
('share', None, True)
"""

from __future__ import annotations

import re
from typing import Any

from lavrovkit.lang import ru
from lavrovkit.lang.en import CHROME_LINE_START, CHROME_PATTERNS, MONTH_NAMES, WEEKDAYS
from lavrovkit.lang.en import RELATED_START as _RELATED
from lavrovkit.wrap import SENTENCE_END

#: Chrome rules, matched against a whole paragraph (case-insensitive), first match wins.
CHROME_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE)) for name, pattern in CHROME_PATTERNS)
#: A line that opens with furniture words (credits, sharing, menus, links): never a headline.
CHROME_START = re.compile(CHROME_LINE_START, re.IGNORECASE)
#: The start of a list of links to other stories (removed with the headlines that follow).
RELATED_START = re.compile(_RELATED, re.IGNORECASE)
#: Russian sites' furniture (mid.ru, kremlin.ru, tass.ru: "Версия для печати", "Поделиться", "Читайте также",
#: "Фото: ..."), tried before the English rules on a Russian text (English furniture appears there too).
CHROME_RULES_RU: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE)) for name, pattern in ru.CHROME_PATTERNS) + CHROME_RULES
#: The start of a list of links to other stories on a Russian site ("Читайте также", "Материалы по теме").
RELATED_START_RU = re.compile(ru.RELATED_START, re.IGNORECASE)
#: A tag list (after a bare "Tags:" line): short comma-separated items, no sentence.
TAG_LIST = re.compile(r"[^.!?]{1,60}(?:,\s*[^.!?,]{1,60}){1,30}")
#: An AP-style photo caption: "..., Thursday, April 12, 2017" with no final full stop.
PHOTO_CAPTION = re.compile(
    rf".{{20,400}},\s*(?:{'|'.join(WEEKDAYS)}),\s*"
    rf"(?:{'|'.join(MONTH_NAMES)})"
    r"\s+\d{1,2},\s*\d{4}\s*(?:\([^)]{1,60}\))?"
)
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


def strip_chrome(paragraphs: list[str], lang: str | None = None) -> tuple[list[str], list[dict[str, Any]]]:
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
    list, never the second article. Headings such as "Kurds" stay. ``lang="ru"`` adds the furniture of
    Russian sites (:data:`CHROME_RULES_RU`, :data:`RELATED_START_RU`); other values read English pages.

    >>> kept, removed = strip_chrome(["Live", "Lavrov and Kerry met in Geneva on Friday and spoke "
    ...     "for twelve hours about Syria.", "Kurds", "Tags:", "Syria, Russia", "Comments"])
    >>> kept
    ['Lavrov and Kerry met in Geneva on Friday and spoke for twelve hours about Syria.', 'Kurds']
    >>> [r["rule"] for r in removed]
    ['navigation', 'tags', 'tags', 'comments']
    """
    russian = lang == "ru"
    rules: list[str | None] = [chrome_rule(p, lang) for p in paragraphs]
    n = len(paragraphs)
    # "Related:" blocks and bare "Tags:" lines take the list after them
    i = 0
    while i < n:
        p = paragraphs[i]
        if rules[i] is None and (RELATED_START.fullmatch(p) or russian and RELATED_START_RU.fullmatch(p)):
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

    >>> prose = "Lavrov and Kerry met in Geneva on Friday and spoke for twelve hours about Syria."
    >>> prose_removed_inside(["Comments", prose], [{"text": "Comments", "rule": "comments"}])
    []
    """
    gone = {id(r["text"]) for r in removed}
    rows = [(p, id(p) in gone) for p in paragraphs]
    last = max((i for i, (p, out) in enumerate(rows) if not out and is_prose(p)), default=-1)
    return [p for p, out in rows[:max(last, 0)] if out and is_prose(p)]


def chrome_rule(p: str, lang: str | None = None) -> str | None:
    """The name of the first chrome rule matching the whole paragraph, or None (``lang="ru"``: Russian sites'
    rules first).

    >>> chrome_rule("© AP Photo/ Alexander Zemlianichenko"), chrome_rule("Lavrov met Rubio.")
    ('photo-credit', None)
    >>> chrome_rule("Версия для печати", "ru"), chrome_rule("Фото: Александр Щербак/ТАСС", "ru")
    ('share', 'photo-credit')
    """
    if len(p) > 600:
        return None
    for name, pattern in (CHROME_RULES_RU if lang == "ru" else CHROME_RULES):
        if pattern.fullmatch(p):
            return name
    return None


def _headline_like(p: str) -> bool:
    """A link to another story: 2-25 words, capitalised, not a sentence."""
    words = p.split()
    return (2 <= len(words) <= 25 and len(p) <= 200 and (p[0].isupper() or p[0].isdigit() or p[0] in "\"“‘'")
            and not re.search(r"[.,;:]$", p))


def is_prose(p: str) -> bool:
    """A paragraph of running text: enough words and a sentence end.

    >>> is_prose("Lavrov and Kerry met in Geneva on Friday and spoke for twelve hours about Syria."), is_prose("Kurds")
    (True, False)
    """
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

