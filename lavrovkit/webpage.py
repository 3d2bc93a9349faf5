"""Saved web pages: one parse gives the page's own metadata and its article, nothing else.

:func:`read_page` parses a page once (lxml) and answers a :class:`Page`:

- **metadata the page declares**, each with the element that gave it: the
  publication date (schema.org ``datePublished`` in JSON-LD or microdata,
  ``article:published_time`` and similar ``<meta>`` tags, then a ``<time
  datetime>`` inside the article), the headline (schema.org ``headline``, the
  ``<h1>``, ``og:title``, ``<title>``), the site (``og:site_name``, the
  JSON-LD publisher), the place line (``contentLocation``, an ``h-entry``
  ``p-location``) and the address (``og:url``, ``rel=canonical``);
- **the article**: the headline, the standfirst (the lead under the headline,
  often outside the body element) and the body's paragraphs, from the page's
  article element (``itemprop="articleBody"``, an ``entry-content`` /
  ``article-body`` block, ``<article>``, ``<main>``; trafilatura when a page has
  none). Inside it, hidden elements (tooltips, ``hidden``, ``aria-hidden``),
  scripts, media, galleries and captions, share, tag, related, comment and
  publication-status blocks are dropped by general class and element rules;
- **what was dropped**, as ``{"text", "rule"}`` rows, so every removal stays
  inspectable: each block dropped inside the article, and the page around the
  article (menus, footer, licence lines) as one ``outside-article`` row.

Example
-------
>>> page = read_page('''<html><head><meta property="og:site_name" content="President of Russia"></head>
... <body><nav>News</nav><article><h1>Talks with Kerry</h1><div class="lead"><p>The ministers met in Geneva.</p></div>
... <time itemprop="datePublished" datetime="2016-08-27">27 Aug</time>
... <div itemprop="articleBody"><p><b>Sergei Lavrov:</b> We agreed.</p>
... <div class="share">Share on VK</div></div></article><footer>All content on this site is licensed</footer>
... </body></html>''')
>>> page.title, page.standfirst, page.body
('Talks with Kerry', ['The ministers met in Geneva.'], ['Sergei Lavrov: We agreed.'])
>>> page.meta["date"].value, page.meta["date"].element
('2016-08-27', '<time itemprop="datePublished" datetime="2016-08-27">')
>>> [r["rule"] for r in page.removed]
['share block', 'outside-article']
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

#: Elements that never hold article text.
DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "button", "select", "input", "textarea",
             "form", "nav", "aside", "figure", "figcaption", "video", "audio", "picture", "img", "object", "embed",
             "canvas", "map", "footer")
#: Class or id words of blocks that are page furniture wherever they sit (matched as whole words of the
#: class/id, split at spaces, ``_`` and ``-``): share and social widgets, tags, related links, comments,
#: publication status and meta lines, galleries and slideshows, captions, adverts, subscription forms,
#: breadcrumbs, tooltips and hidden or screen-reader-only text, and text marked as not part of the page's
#: text for selection-sharing widgets (``masha-ignore``).
FURNITURE_WORDS = frozenset({
    "share", "sharing", "social", "socials", "tags", "taglist", "tagcloud", "related", "comments", "comment",
    "bottommeta", "status", "print", "gallery", "slider", "slideshow", "carousel", "caption", "advert", "adverts",
    "advertisement", "ad", "ads", "banner", "promo", "subscribe", "subscription", "newsletter", "breadcrumb",
    "breadcrumbs", "toolbar", "tooltip", "hidden", "sr", "visually", "invisible", "ignore", "media", "video",
    "photo", "photos", "player", "popup", "modal", "cookie", "cookies", "rating", "likes", "recommended",
    "readmore", "more", "nav", "navigation", "menu", "footer", "pagination", "pager", "copyright", "disclaimer",
})
#: Inline elements: dropped only when hidden (a person link inside a speaker label is text; its tooltip is not).
INLINE_TAGS = frozenset({"a", "span", "b", "strong", "i", "em", "u", "small", "sup", "sub", "abbr", "cite", "q",
                         "mark", "time", "font", "label"})
#: Class words that hide an element wherever it sits, inline ones included.
HIDING_WORDS = frozenset({"tooltip", "hidden", "sr", "invisible", "visually"})
#: Class/id words of the element holding the article body, strongest first (after ``itemprop=articleBody``).
BODY_WORDS = ("articlebody", "article-body", "article_body", "article-text", "article__text", "article-content",
              "entry-content", "post-content", "story-body", "story-text", "news-text", "text-content",
              "article__body", "article__content", "content-text", "main-text")
#: Class/id words of a standfirst (the lead paragraph under the headline).
LEAD_WORDS = frozenset({"lead", "standfirst", "summary", "subtitle", "subheadline", "deck", "intro", "excerpt",
                        "annotation", "announce", "kicker"})
#: Elements that end a paragraph.
BLOCK_TAGS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "blockquote",
                        "pre", "section", "article", "dd", "dt", "table", "ul", "ol", "header", "main", "hr"})
#: ``<meta>`` names that carry a publication date, strongest first.
DATE_META = ("article:published_time", "og:published_time", "datepublished", "dc.date.issued", "dc.date",
             "dcterms.created", "pubdate", "publishdate", "publication_date", "date", "sailthru.date",
             "parsely-pub-date")
#: A body needs at least this many words before it is trusted over trafilatura.
MIN_BODY_WORDS = 15
_SPLIT = re.compile(r"[\s_\-]+")
_BREAK = "\ue000"  # a private-use character marks paragraph breaks while the text is joined


@dataclass(frozen=True)
class Found:
    """One metadata value and the element that gave it (shown as its opening tag, or a JSON-LD key)."""

    value: str
    element: str


@dataclass
class Page:
    """A parsed page: its declared metadata, its article (headline, standfirst, body) and what was dropped."""

    meta: dict[str, Found] = field(default_factory=dict)
    title: str | None = None
    standfirst: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    how: str = ""

    @property
    def text(self) -> str:
        """The article as text: headline, standfirst and body paragraphs, separated by blank lines."""
        parts = ([self.title] if self.title else []) + self.standfirst + self.body
        return "\n\n".join(parts)


def looks_like_html(text: str) -> bool:
    """Is this text an HTML page (a doctype, ``<html>``, or head/body/meta/title elements near its start)?

    >>> looks_like_html("<!DOCTYPE html><p>x</p>"), looks_like_html("Lavrov said <b>no</b>.")
    (True, False)
    """
    start = text.lstrip()[:200].lower()
    return start.startswith(("<!doctype html", "<html", "<?xml")) or bool(
        re.search(r"<(?:head|body|meta|title)\b", text[:3000], re.I))


def read_page(html: str) -> Page:
    """What does this saved page declare about itself, and what is its article? (one parse)"""
    import lxml.html

    page = Page()
    if not html.strip():
        page.how = "empty HTML"
        return page
    try:
        root = lxml.html.document_fromstring(html)
    except Exception as exc:  # lxml raises several parser errors on broken pages
        page.body, how = _trafilatura(html)
        page.how = f"unparsable HTML ({type(exc).__name__}: {exc}); {how}"
        return page
    h1 = _headline_element(root)
    page.meta = _metadata(root, h1)
    page.title = page.meta["title"].value if "title" in page.meta else None
    body = _body_element(root)
    if body is None:
        page.body, how = _trafilatura(html)
        page.how = f"no article element; {how}"
        return page
    lead = _lead_element(root, body, h1)
    if lead is not None:
        page.standfirst = _paragraphs(lead, page.removed)
    for el in (h1, lead):
        if el is not None and _inside(el, body):
            el.drop_tree()
    outside = _outside_text(root, body, lead, h1)
    page.body = _paragraphs(body, page.removed)
    if outside:
        page.removed.append({"text": outside, "rule": "outside-article"})
    page.how = (f"article element {_describe(body)}: {len(page.body)} paragraphs"
                + (f", standfirst from {_describe(lead)}" if lead is not None else ""))
    return page


# ---------------------------------------------------------------------------------- metadata


def _metadata(root: Any, h1: Any) -> dict[str, Found]:
    out: dict[str, Found] = {}
    ld = _json_ld(root)
    meta = _meta_tags(root)

    def first(field_name: str, *candidates: Found | None) -> None:
        for c in candidates:
            if c is not None and c.value.strip():
                out[field_name] = Found(" ".join(c.value.split()), c.element)
                return

    first("date", ld.get("datePublished"), _itemprop(root, "datePublished"),
          *(meta.get(n) for n in DATE_META), _time_in_article(root))
    first("title", ld.get("headline"), _text_found(h1), meta.get("og:title"),
          meta.get("twitter:title"), _text_found(root.find(".//title")))
    first("source", meta.get("og:site_name"), ld.get("publisher"), meta.get("application-name"))
    first("place", ld.get("contentLocation"), _itemprop(root, "contentLocation"), _class_text(root, "p-location"))
    link = root.find(".//link[@rel='canonical']")
    first("url", meta.get("og:url"), Found(link.get("href", ""), _tag(link)) if link is not None else None)
    return out


def _json_ld(root: Any) -> dict[str, Found]:
    """datePublished, headline, publisher and contentLocation of the page's article in its JSON-LD blocks."""
    out: dict[str, Found] = {}
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        for item in _ld_items(data):
            kind = str(item.get("@type", ""))
            if not re.search(r"Article|Posting|Report|WebPage|Blog|Event|Page", kind):
                continue
            for key in ("datePublished", "headline", "publisher", "contentLocation"):
                value = item.get(key)
                if isinstance(value, dict):
                    value = value.get("name")
                if isinstance(value, str) and value.strip() and key not in out:
                    out[key] = Found(value.strip(), f'JSON-LD {kind} "{key}"')
    return out


def _ld_items(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [x for d in data for x in _ld_items(d)]
    if isinstance(data, dict):
        return [data] + (_ld_items(data["@graph"]) if "@graph" in data else [])
    return []


def _meta_tags(root: Any) -> dict[str, Found]:
    out: dict[str, Found] = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        content = (m.get("content") or "").strip()
        if key and content and key not in out:
            out[key] = Found(content, _tag(m))
    return out


def _itemprop(root: Any, prop: str) -> Found | None:
    for el in root.xpath(f"//*[@itemprop='{prop}'][not(self::meta)]"):  # <meta> tags are read with the others
        value = el.get("datetime") or el.get("content") or el.text_content()
        if value and value.strip():
            return Found(value.strip(), _tag(el))
    return None


def _time_in_article(root: Any) -> Found | None:
    """The first ``<time datetime>`` inside the page's article (else the page's first)."""
    scope = next(iter(root.iter("article")), None)
    for where in ((scope,) if scope is not None else ()) + (root,):
        for el in where.iter("time"):
            if el.get("datetime") and re.match(r"\d{4}-\d{2}", el.get("datetime")):
                return Found(el.get("datetime"), _tag(el))
    return None


def _class_text(root: Any, word: str) -> Found | None:
    found = root.xpath(f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {word} ')]")
    return _text_found(found[0]) if found else None


def _text_found(el: Any) -> Found | None:
    if el is None:
        return None
    text = " ".join(el.text_content().split())
    return Found(text, _tag(el)) if text else None


def _tag(el: Any) -> str:
    attrs = " ".join(f'{k}="{v}"' for k, v in el.attrib.items() if k in ("id", "class", "itemprop", "property",
                                                                           "name", "datetime", "content", "rel"))
    shown = f"<{el.tag}{' ' + attrs if attrs else ''}>"
    return shown if len(shown) <= 300 else shown[:297] + "…>"


# ---------------------------------------------------------------------------------- the article


def _words(el: Any) -> set[str]:
    return {w for w in _SPLIT.split(f"{el.get('class') or ''} {el.get('id') or ''}".lower()) if w}


def _headline_element(root: Any) -> Any:
    """The page's headline: an ``<h1>`` marked as headline/name, else the first ``<h1>``."""
    h1s = [h for h in root.iter("h1") if h.text_content().strip()]
    marked = [h for h in h1s if (h.get("itemprop") or "") in ("headline", "name")
              or {"entry-title", "headline", "title"} & _words(h) or "entry-title" in (h.get("class") or "")]
    return (marked or h1s or [None])[0]


def _body_element(root: Any) -> Any:
    """The element holding the article body, or None when the page has no recognisable one."""
    marked = [el for el in root.iterfind(".//*[@itemprop='articleBody']") if el.text_content().split()]
    if marked:  # the page says which element is the article's body
        return max(marked, key=lambda el: len(el.text_content().split()))
    candidates: list[Any] = []
    marked_body = root.xpath("//body//*[contains(@class, 'article') or contains(@class, 'content') "
                             "or contains(@class, 'text') or contains(@class, 'story') or contains(@class, 'body') "
                             "or contains(@id, 'article') or contains(@id, 'content') or contains(@id, 'body')]")
    for word in BODY_WORDS:
        found = [el for el in marked_body if word in _words(el) or word in (el.get("class") or "").lower().split()]
        if found:
            candidates = found
            break
    if not candidates:
        candidates = list(root.iter("article")) or list(root.iter("main")) or list(
            root.iterfind(".//*[@role='main']"))
    best = max(candidates, key=lambda el: len(el.text_content().split()), default=None)
    if best is None or len(best.text_content().split()) < MIN_BODY_WORDS:
        return None
    return best


def _lead_element(root: Any, body: Any, h1: Any) -> Any:
    """The standfirst: a lead/summary/description block after the headline, before the body's text."""
    holders = set(body.iterancestors())
    started = h1 is None
    for el in root.iter():  # document order, one walk
        if el is body:
            break  # reached the body with no lead on the way
        if el is h1:
            started = True
            continue
        if not started or el in holders or not isinstance(el.tag, str) or el.tag == "meta":
            continue
        is_lead = el.get("itemprop") == "description" or bool(LEAD_WORDS & _words(el))
        if is_lead and not _hidden(el) and len(el.text_content().split()) >= 4 and not _furniture(el):
            return el
    # a lead inside the body: its first block, marked as a lead
    first = next((el for el in body if isinstance(el.tag, str) and el.text_content().strip()), None)
    if first is not None and (first.get("itemprop") == "description" or LEAD_WORDS & _words(first)):
        return first if len(first.text_content().split()) >= 4 else None
    return None


def _inside(el: Any, ancestor: Any) -> bool:
    return any(a is ancestor for a in el.iterancestors())


def _hidden(el: Any) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return (el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true"
            or "display:none" in style or "visibility:hidden" in style)


def _furniture(el: Any) -> str | None:
    """Why an element inside the article is page furniture, or None."""
    if el.tag in DROP_TAGS:
        return f"<{el.tag}>"
    if _hidden(el) or HIDING_WORDS & _words(el):
        return "hidden element"
    if el.tag in INLINE_TAGS:
        return None
    hit = FURNITURE_WORDS & _words(el)
    if hit:
        return f"{sorted(hit)[0]} block"
    return None


def _paragraphs(container: Any, removed: list[dict[str, str]]) -> list[str]:
    """The visible paragraphs of ``container`` after dropping furniture (each drop recorded in ``removed``)."""
    total = len(container.text_content().split())

    def prune(el: Any) -> None:
        for child in list(el):
            if not isinstance(child.tag, str):
                continue
            why = _furniture(child)
            if why and why.endswith(" block") and len(child.text_content().split()) > max(100, total // 2):
                why = None  # a "furniture" class on most of the article is a layout class, not furniture
            if why:
                text = " ".join(child.text_content().split())
                if text:
                    removed.append({"text": text, "rule": why})
                child.drop_tree()
            else:
                prune(child)

    prune(container)
    for el in container.iter():
        if not isinstance(el.tag, str):
            el.tail = _BREAK + (el.tail or "")  # a comment or processing instruction
            continue
        if el.tag in BLOCK_TAGS:
            el.text = _BREAK + (el.text or "")
            el.tail = _BREAK + (el.tail or "")
    out = []
    for part in container.text_content().split(_BREAK):
        part = " ".join(part.split())
        if part:
            out.append(part)
    return out


def _outside_text(root: Any, body: Any, lead: Any, h1: Any) -> str:
    """The visible text of the page outside the article (menus, footers), lines joined by ' | '.

    The article's elements are swapped out for empty stand-ins while the page's text nodes are read, then
    put back; scripts and styles are removed from the page first (they are never text).
    """
    for el in root.xpath("//script | //style | //noscript | //template"):
        el.drop_tree()
    swapped = []
    for el in (body, lead, h1):
        parent = el.getparent() if el is not None else None
        if parent is not None:
            stand_in = root.makeelement("span", {})
            stand_in.tail = el.tail
            parent.replace(el, stand_in)
            swapped.append((parent, stand_in, el))
    texts = root.xpath("//body//text()")
    for parent, stand_in, el in reversed(swapped):
        parent.replace(stand_in, el)
    return " | ".join(t for t in (" ".join(str(t).split()) for t in texts) if t)


def _describe(el: Any) -> str:
    return _tag(el) if el is not None else "none"


def _trafilatura(html: str) -> tuple[list[str], str]:
    """The main text by trafilatura, else the visible text of the page body; and how it was got."""
    import trafilatura

    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
    except Exception as exc:  # trafilatura/lxml raise a variety of parser errors
        text, error = None, f"{type(exc).__name__}: {exc}"
    else:
        error = "no main text found"
    if text:
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        return lines, f"extracted the main text with trafilatura ({len(lines)} paragraphs)"
    lines = _visible_text(html)
    return lines, f"trafilatura failed ({error}); used the visible text of the page body ({len(lines)} lines)"


def _visible_text(html: str) -> list[str]:
    """The visible text of the page without scripts, styles, navigation, header and footer, one block per line."""
    import lxml.html

    try:
        root = lxml.html.fromstring(html)
    except Exception:  # lxml raises several parser errors on broken pages
        return [" ".join(re.sub(r"<[^>]+>", " ", html).split())]
    for el in list(root.iter(*DROP_TAGS, "head", "header")):
        if el.getparent() is not None:
            el.drop_tree()
    return _paragraphs(root, [])
