"""Cleaning on real text: the seeds, excerpts of the UN General Debate corpus, and round trips.

Fixtures in ``tests/data/clean/`` are verbatim excerpts of the UNGDC corpus (2004-2022, CC0):
``ungdc_wrapped_ARM_59_2004.txt`` (hard-wrapped, page number 18, compounds split at line ends),
``ungdc_mojibake_ZAF_59_2004.txt`` / ``ungdc_mojibake_BGR_59_2004.txt`` (Windows-1252 read as
Mac Roman: ``womenís``, ``ìstandards before statusî``, `` ó `` for a dash),
``ungdc_names_ECU_70_2015.txt`` (real ``Solís``, ``Guantánamo``) and
``ungdc_pagebreak_AGO_70_2015.txt`` (one paragraph per line, cut by a page header).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lavrovkit.clean import (
    CleanResult,
    clean_text,
    html_to_text,
    rebuild_paragraphs,
    repair_mojibake,
    strip_chrome,
)

from .conftest import DATA, SEEDS

CLEAN = DATA / "clean"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return _read(path)


def _kinds(result: CleanResult) -> list[str]:
    return [a["kind"] for a in result.actions]


def _detail(result: CleanResult, kind: str) -> str:
    (detail,) = [a["detail"] for a in result.actions if a["kind"] == kind]
    return detail


# --------------------------------------------------------------------------------------------
# Seeds: web chrome
# --------------------------------------------------------------------------------------------


def test_sputnik_page_keeps_the_article_and_lists_the_chrome() -> None:
    raw = _seed("001")
    result = clean_text(raw)
    paragraphs = result.text.split("\n\n")
    lines = [ln.replace("\u00a0", " ").strip() for ln in raw.splitlines()]
    start = lines.index("The Russian foreign minister held a telephone conversation with his US counterpart "
                        "on a number of issues, including Syria, North Korea and a seizure of Russian "
                        "diplomatic property.")
    end = next(i for i, ln in enumerate(lines) if ln.startswith("Both sides also expressed support"))
    article = [re.sub(r" {2,}", " ", ln) for ln in lines[start:end + 1] if ln]
    assert len(article) == 9
    assert paragraphs == ["Lavrov, Tillerson Discuss Syria, N Korea in Phone Talk", *article]
    assert paragraphs[2].startswith("MOSCOW (Sputnik) — Russian Foreign Minister Sergei Lavrov held on Monday")
    assert paragraphs[-1].endswith("Political Affairs Thomas Shannon, the ministry added.")
    for chrome in ("Register", "Community standards", "captcha", "Tags:", "Related:", "Privacy Policy",
                   "Get short URL", "140304", "Zombies in Paris"):
        assert chrome not in result.text

    rules = {r["text"]: r["rule"] for r in result.removed}
    assert {t: rules[t] for t in ("Register", "23:47 GMT +309 October 2017", "Live", "Search",
                                  "© AP Photo/ Alexander Zemlianichenko", "Russia", "Get short URL",
                                  "140304", "Related:", "Tags:", "Community standardsDiscussion")} == {
        "Register": "navigation", "23:47 GMT +309 October 2017": "timestamp", "Live": "navigation",
        "Search": "navigation", "© AP Photo/ Alexander Zemlianichenko": "photo-credit",
        "Russia": "chrome-cluster", "Get short URL": "share", "140304": "counter",
        "Related:": "related", "Tags:": "tags", "Community standardsDiscussion": "comments",
    }
    assert rules["Pentagon Refutes Russian Claims US Base in Syria Uses Refugees as Human Shield"] == "related"
    assert rules["US Secretary of State Rex Tillerson and Russian Foreign Minister Sergey Lavrov, shakes "
                 "hands prior to their talks in Moscow, Russia, Thursday, April 12, 2017"] == "photo-caption"
    assert any(r["rule"] == "page-tail" and r["text"].startswith("Users are obliged abide") for r in result.removed)
    # nothing disappears silently: every line is either kept or listed as removed
    removed_texts = {r["text"] for r in result.removed}
    for ln in lines:
        if ln:
            assert ln in paragraphs or re.sub(r" {2,}", " ", ln) in paragraphs or ln in removed_texts, ln
    assert len(result.removed) == 95
    assert "chrome" in _kinds(result) and "removed 95 lines of page furniture" in _detail(result, "chrome")


def test_tass_page_loses_only_read_more_and_keeps_its_headings() -> None:
    result = clean_text(_seed("002"))
    paragraphs = result.text.split("\n\n")
    assert result.removed == [{"text": "Read more on the site →", "rule": "read-more"}]
    assert paragraphs[0] == "Lavrov, Kerry round up 12-hours-long talks in Geneva"
    assert {"Coordination", "Kurds", "Separation of the opposition from terrorists"} <= set(paragraphs)
    assert paragraphs[-1].endswith("will help us finally focus on the fight against the common enemy,\" he said.")
    assert len(paragraphs) == 45


def test_sputnik_interview_keeps_the_date_line_and_drops_the_photo_credit() -> None:
    raw = _seed("003")
    result = clean_text(raw)
    paragraphs = result.text.split("\n\n")
    assert result.removed == [{"text": "© Sputnik / Alexey Maishev/", "rule": "photo-credit"}]
    assert paragraphs[0] == ("date 2025-11-09 Russia–US Dialog on Bilateral Issues Ongoing, "
                             "Though Not As Quickly As Desirable - Lavrov")
    assert paragraphs[1].startswith("MOSCOW (Sputnik) - The dialogue between Russia and the United States")
    assert paragraphs == [ln.strip() for ln in raw.splitlines() if ln.strip() and not ln.startswith("©")]


@pytest.mark.parametrize("prefix", ["000", "004"])
def test_clean_seeds_keep_every_paragraph_verbatim(prefix: str) -> None:
    raw = _seed(prefix)
    result = clean_text(raw)
    assert result.text.split("\n\n") == [ln.strip() for ln in raw.splitlines() if ln.strip()]
    assert result.removed == []
    assert set(_kinds(result)) <= {"normalise"}


# --------------------------------------------------------------------------------------------
# Hard wrapping
# --------------------------------------------------------------------------------------------


def test_wrapped_un_excerpt_rebuilds_three_paragraphs() -> None:
    result = clean_text(_read(CLEAN / "ungdc_wrapped_ARM_59_2004.txt"))
    paragraphs = result.text.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0] == (
        "We wish to extend our congratulations to you, Sir, on your election to the presidency of the "
        "fifty-ninth session of the General Assembly. We would also like to thank to Mr. Julian Hunte and "
        "the Secretary-General for their efforts during this difficult year.")
    assert "victims of the twentieth century’s first genocide, know well the long-lasting effects" in paragraphs[1]
    assert paragraphs[1].endswith("should be utilized to overcome this newest global crisis.")
    assert ("are clearly associated with social and economic dignity today — or with faith in their "
            "possible attainment tomorrow. Neither self-satisfied smugness") in paragraphs[2]
    assert result.removed == [{"text": "18", "rule": "page-number"}]
    assert _kinds(result) == ["hard-wrap", "hyphenation", "page-number"]
    assert _detail(result, "hard-wrap").startswith("rebuilt 24 hard-wrapped lines (width ≈ 55 characters) "
                                                   "into 3 paragraphs")
    assert "long-|lasting → long-lasting" in _detail(result, "hyphenation")


def test_soft_hyphens_join_and_compounds_keep_their_hyphen() -> None:
    text = (
        "The Russian Foreign Ministry said that the inter-\n"
        "national community should support the Russian-\n"
        "American dialogue on strategic stability and the\n"
        "international agreements that underpin it, in-\n"
        "cluding the treaty on intermediate-range nuclear\n"
        "forces, which Moscow considers one of the corner-\n"
        "stones of global security and which it intends to\n"
        "uphold as long as its partners respect its terms.\n"
        "    We call for a resumption of a substantive, long-\n"
        "term dialogue with Washington on all these issues.\n"
    )
    rebuilt, stats = rebuild_paragraphs(text)
    assert stats["wrapped"] is True
    assert rebuilt.split("\n\n") == [
        "The Russian Foreign Ministry said that the international community should support the "
        "Russian-American dialogue on strategic stability and the international agreements that "
        "underpin it, including the treaty on intermediate-range nuclear forces, which Moscow "
        "considers one of the cornerstones of global security and which it intends to uphold as "
        "long as its partners respect its terms.",
        "We call for a resumption of a substantive, long-term dialogue with Washington on all these issues.",
    ]
    assert [e.split(" (")[0] for e in stats["hyphen_joined"]] == [
        "inter-|national → international", "in-|cluding → including", "corner-|stones → cornerstones"]
    assert [e.split(" (")[0] for e in stats["hyphen_kept"]] == [
        "Russian-|American → Russian-American", "long-|term → long-term"]


def test_page_break_in_one_paragraph_per_line_text_is_mended() -> None:
    result = clean_text(_read(CLEAN / "ungdc_pagebreak_AGO_70_2015.txt"))
    paragraphs = result.text.split("\n\n")
    assert len(paragraphs) == 3
    assert "To that end, it is implementing its national development plan, which aims to rehabilitate" \
        in paragraphs[0]
    assert [r["rule"] for r in result.removed] == ["page-header", "page-header"]
    assert [r["text"] for r in result.removed] == ["14/55 15-29658", "01/10/2015 A/70/PV.22"]
    assert "hard-wrap" not in _kinds(result) and "line-join" in _kinds(result)


HYPHENATION = {
    "comprehensive": "compre-hensive", "consultations": "consul-tations",
    "representatives": "represen-tatives", "illegitimately": "illegiti-mately",
    "statements": "state-ments", "participate": "partici-pate", "relations": "rela-tions",
}


def _typeset(paragraph: str, width: int) -> list[str]:
    """Wrap like a typesetter: greedy lines, long words hyphenated, compounds split after the hyphen."""
    lines: list[str] = []
    current = ""
    for word in paragraph.split(" "):
        if not current or len(current) + 1 + len(word) <= width:
            current = f"{current} {word}" if current else word
            continue
        core = word.rstrip(',.;:"”')
        if core in HYPHENATION:
            head, tail = HYPHENATION[core].split("-")
            head, tail = head + "-", tail + word[len(core):]
        elif "-" in word:
            head, tail = word.split("-", 1)
            head += "-"
        else:
            head = tail = ""
        if head and len(current) + 1 + len(head) <= width:
            lines.append(f"{current} {head}")
            current = tail
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


@pytest.mark.parametrize("width", [45, 55, 60])
@pytest.mark.parametrize("style", ["indent", "blank"])
def test_round_trip_wrapped_seed_gives_the_original_paragraphs(width: int, style: str) -> None:
    original = [p for p in _seed("000").split("\n\n")]
    lines: list[str] = []
    for i, paragraph in enumerate(original):
        wrapped = _typeset(paragraph, width)
        if style == "indent":
            wrapped[0] = "   " + wrapped[0]
        lines.extend(wrapped)
        if i == 3:  # a page break in the middle of a paragraph
            lines[-2:-2] = ["", str(7 + i), ""]
        if style == "blank":
            lines.append("")
    text = "\n".join(lines)
    splits = len(re.findall(r"[a-z]-\n[a-z]", text))
    assert splits >= 2  # the test really hyphenates words across lines
    result = clean_text(text)
    assert result.text.split("\n\n") == original
    assert result.removed == [{"text": "10", "rule": "page-number"}]
    assert f"width ≈ {width}" in _detail(result, "hard-wrap") or f"width ≈ {width - 1}" in _detail(result, "hard-wrap")
    assert f"joined {splits} words hyphenated across lines" in _detail(result, "hyphenation")


def test_one_paragraph_per_line_text_is_not_unwrapped() -> None:
    text = "\n".join(ln for ln in _seed("000").splitlines() if ln.strip())
    rebuilt, stats = rebuild_paragraphs(text)
    assert stats["wrapped"] is False
    assert rebuilt.split("\n\n") == text.split("\n")


# --------------------------------------------------------------------------------------------
# Mojibake
# --------------------------------------------------------------------------------------------


def test_mac_roman_damage_is_repaired_with_typographic_quotes() -> None:
    result = clean_text(_read(CLEAN / "ungdc_mojibake_ZAF_59_2004.txt"))
    text = result.text
    assert "the convening of the social, women’s and millennium summits" in text
    assert "all these initiatives — the convening" in text and "High-Level Panel — because" in text
    assert ("We said: “We have a collective responsibility to uphold the principles of human dignity"
            in text)
    assert "the children of the world, to whom the future belongs.”" in text
    assert "all the world's people" in text  # a straight apostrophe in the source stays straight
    assert not re.search("[íìîó]", text)
    assert result.text.split("\n\n")[2:4] == ["(resolution 55/2, para. 2)", "We went on to say:"]
    detail = _detail(result, "mojibake")
    assert detail.startswith("repaired 5 spots damaged by a Windows-1252 → Mac Roman misreading: "
                             "womenís → women’s")


def test_possessives_and_quote_pairs_in_a_damaged_document() -> None:
    text, repairs = repair_mojibake(_read(CLEAN / "ungdc_mojibake_BGR_59_2004.txt"))
    assert "its\n“standards before status” policy" in text
    assert "decisive for Kosovo’s\nfuture. We welcome the Secretary-General’s initiatives" in text
    assert repairs == ["Kosovoís → Kosovo’s", "Secretary-Generalís → Secretary-General’s",
                       "Secretary-Generalís → Secretary-General’s",
                       "ìstandards before statusî → “standards before status”"]
    assert repair_mojibake("The countryís future is the country’s business.")[0] == \
        "The country’s future is the country’s business."


def test_real_names_with_accents_stay() -> None:
    raw = _read(CLEAN / "ungdc_names_ECU_70_2015.txt")
    result = clean_text(raw)
    assert result.text.split("\n\n") == [ln.strip() for ln in raw.splitlines()]
    assert "President Luis Guillermo Solís Rivera" in result.text and "Guantánamo" in result.text
    assert result.actions == [] and result.removed == []
    # even inside a damaged document, names whose stem the document does not vouch for stay
    damaged = _read(CLEAN / "ungdc_mojibake_BGR_59_2004.txt")
    mixed = damaged + "\nWe thank President Solís, Mr. Díaz, Ms. Luísa Diogo, José Martí and our país.\n"
    text, repairs = repair_mojibake(mixed)
    assert "President Solís, Mr. Díaz, Ms. Luísa Diogo, José Martí and our país." in text
    assert "Kosovo’s" in text and len(repairs) == 4


def test_ordinary_mojibake_goes_through_ftfy() -> None:
    result = clean_text("Lavrov said the countryâ€™s future was at stake â€” â€œagain and again.")
    assert result.text == "Lavrov said the country’s future was at stake — “again and again."
    assert _kinds(result) == ["encoding"]
    assert "countryâ€™s → country’s" in _detail(result, "encoding")


# --------------------------------------------------------------------------------------------
# Normalisation, HTML, chrome rules
# --------------------------------------------------------------------------------------------


def test_line_breaks_spaces_and_invisible_characters_are_normalised() -> None:
    raw = ("\ufeffLavrov\u00a0said:  “We are\u200b ready for dialogue” — and added nothing.  \r\n"
           "\r\nSecond\tparagraph,\u202fwith   spaces.\rThird – and ‘last’.")
    result = clean_text(raw)
    assert result.text == ("Lavrov said: “We are ready for dialogue” — and added nothing.\n\n"
                           "Second paragraph, with spaces.\n\nThird – and ‘last’.")
    assert _kinds(result) == ["normalise"]
    detail = _detail(result, "normalise")
    for part in ("line breaks → LF: 3", "BOM/zero-width removed: 2", "NBSP/odd spaces → space: 3",
                 "trailing spaces cut: 1"):
        assert part in detail


PAGE = """<!DOCTYPE html>
<html><head><title>Lavrov, Tillerson Discuss Syria</title>
<script>window.dataLayer = []; function track() { return "Register"; }</script></head>
<body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">All news</a></li>
<li><a href="/live">Live</a></li><li><a href="/search">Search</a></li></ul></nav></header>
<main><article>
<h1>Lavrov, Tillerson Discuss Syria, N Korea in Phone Talk</h1>
<p>The Russian foreign minister held a telephone conversation with his US counterpart on a number
of issues, including Syria, North Korea and a seizure of Russian diplomatic property.</p>
<p>Lavrov and Tillerson also discussed the functioning of the de-escalation zones in Syria and the
process of political settlement there.</p>
</article></main>
<footer><p>Privacy Policy</p></footer>
</body></html>"""


def test_html_page_gives_the_article_text() -> None:
    text = html_to_text(PAGE)
    assert text.splitlines() == [
        "Lavrov, Tillerson Discuss Syria, N Korea in Phone Talk",
        "The Russian foreign minister held a telephone conversation with his US counterpart on a number "
        "of issues, including Syria, North Korea and a seizure of Russian diplomatic property.",
        "Lavrov and Tillerson also discussed the functioning of the de-escalation zones in Syria and the "
        "process of political settlement there.",
    ]
    result = clean_text(PAGE, is_html=True)
    assert result.text == "\n\n".join(text.splitlines())
    assert _detail(result, "html") == "article element <article>: 2 paragraphs"


def test_tiny_html_falls_back_to_lxml_and_says_so() -> None:
    result = clean_text("<p>Hi there.</p>", is_html=True)
    assert result.text == "Hi there."
    assert _detail(result, "html").startswith("no article element; trafilatura failed")
    assert html_to_text("") == ""


PROSE = ("Lavrov said the talks with his US counterpart were useful and that both sides agreed "
         "to meet again next month in Geneva.")
MORE = ("The minister added that the dialogue on strategic stability would continue at the expert "
        "level, according to the ministry.")


def test_an_inline_related_block_does_not_take_the_rest_of_the_article() -> None:
    kept, removed = strip_chrome([PROSE, "Related:", "Lavrov, Rubio Talk Ukraine in Riyadh", MORE, "Kurds", PROSE])
    assert kept == [PROSE, MORE, "Kurds", PROSE]
    assert removed == [{"text": "Related:", "rule": "related"},
                       {"text": "Lavrov, Rubio Talk Ukraine in Riyadh", "rule": "related"}]


def test_furniture_before_the_article_never_opens_the_page_tail() -> None:
    kept, removed = strip_chrome(["Tags:", "Lavrov, USA", "Share", PROSE, MORE])
    assert kept == [PROSE, MORE]
    assert [r["rule"] for r in removed] == ["tags", "tags", "share"]


def test_the_page_tail_goes_after_the_article() -> None:
    kept, removed = strip_chrome([PROSE, MORE, "Comments", "Log in",
                                  "Users are obliged to speak respectfully to the other participants in "
                                  "the discussion, readers and individuals referenced in the posts."])
    assert kept == [PROSE, MORE]
    assert [r["rule"] for r in removed] == ["comments", "navigation", "page-tail"]


def test_sentences_that_mention_chrome_words_stay() -> None:
    paragraphs = ["The EU's new privacy policy rules were discussed.",
                  "Users must consent to the processing of personal data, the new law says.",
                  "Russian Politics & Diplomacy August 27, 2016, 2:50", "Search and rescue went on.",
                  "North Korea and Afghanistan", "Coordination"]
    assert strip_chrome(paragraphs) == (paragraphs, [])


#: What clean.py and segment.py defined before they were split (clean → mojibake/wrap/chrome, segment → labels).
_OLD_CLEAN = (
    "ZERO_WIDTH ODD_SPACES ODD_BREAKS CONTROL SPACE_RUN TRAILING_SPACES SOFT_HYPHEN_INSIDE FTFY_SUSPECTS FTFY_CONFIG "
    "MACROMAN_PUNCT MACROMAN_LETTERS DAMAGED_POSSESSIVE DAMAGED_PLURAL_POSSESSIVE DAMAGED_CONTRACTION DAMAGED_ELISION "
    "DAMAGED_QUOTE_PAIR DAMAGED_OPEN_QUOTE DAMAGED_CLOSE_QUOTE DAMAGED_SINGLE_OPEN DAMAGED_DASH DAMAGED_CAPITAL_E "
    "DAMAGED_EURO DAMAGED_LETTER LETTERS HYPHENATED LINE_END_PART LINE_START_WORD SENTENCE_END PAGE_HEADER PAGE_TOKENS "
    "PAGE_NUMBER NOTE BULLET FUNCTION_WORDS COMPOUND_PREFIXES SUSPENDED_HYPHEN_NEXT TITLE_MAX SENTENCE_INSIDE "
    "WRAP_MAX_WIDTH WRAP_MIN_FULL WRAP_MAX_SENTENCE_ENDS WRAP_MIN_LINES WRAP_MIN_WORDS SHORT_LINE HEADING_LINE "
    "CHROME_RULES RELATED_START TAG_LIST PHOTO_CAPTION TAIL_RULES WIDGET_RULES TAIL_LOOKAHEAD PROSE_MIN_WORDS "
    "PROSE_REMOVED_WARN CleanResult clean_text html_to_text repair_mojibake rebuild_paragraphs SOFT_HYPHEN_WHY "
    "strip_chrome prose_removed_inside is_prose")
_OLD_SEGMENT = (
    "GENERIC_LABELS NON_SPEAKER_LABELS LABEL_STOPWORDS HONORIFICS NAME_PARTICLES ROLE_WORDS GIVEN_NAMES ROLE_CONNECTORS "
    "LABEL_LINE EDITORIAL_NOTE SECTION_BREAK REPORTING_VERBS REPORTING PRONOUN GENERIC_PERSON ORG_SPEAKER OPEN_QUOTES "
    "QUOTE_CHAR MIN_QUOTE_WORDS Label Paragraph read_label split_role role_persons paragraphs_of split_paragraphs "
    "is_heading quote_spans Mention GENERIC_SPEAKERS attribute_speakers")


def test_the_split_modules_keep_every_old_name_importable() -> None:
    """Notebooks, bench scripts and other modules import these from clean/segment: they stay there (re-exported)."""
    from lavrovkit import chrome, clean, labels, mojibake, segment, wrap

    assert [n for n in _OLD_CLEAN.split() if not hasattr(clean, n)] == []
    assert [n for n in _OLD_SEGMENT.split() if not hasattr(segment, n)] == []
    assert clean.strip_chrome is chrome.strip_chrome and clean.rebuild_paragraphs is wrap.rebuild_paragraphs
    assert clean.repair_mojibake is mojibake.repair_mojibake and segment.read_label is labels.read_label


def test_russian_site_furniture_goes_when_the_text_is_russian() -> None:
    from lavrovkit.clean import clean_text

    page = ("Версия для печати\n\nЛавров и Рубио провели переговоры в Эр-Рияде, обсудив широкий круг вопросов "
            "двусторонних отношений и урегулирования на Украине.\n\nФото: Александр Щербак/ТАСС\n\nПоделиться")
    r = clean_text(page)
    assert r.text.startswith("Лавров и Рубио") and "Поделиться" not in r.text and "Фото:" not in r.text
    assert [x["rule"] for x in r.removed] == ["share", "photo-credit", "share"]
    assert "Версия для печати" in clean_text(page, lang="en").text  # English rules only: the Russian lines stay
