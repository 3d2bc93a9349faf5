"""Metadata heuristics on the real seed texts (checked against the catalog), on variants of their
datelines and timestamps, and on UN General Debate speeches, where nothing may be invented."""

from __future__ import annotations

import tarfile

import pandas as pd
import pytest

from lavrovkit.meta import date_in, guess_metadata, parse_date

from .conftest import DATA, SEEDS, UNGDC, needs_ungdc

SEED_FILES = {p.name[:3]: p for p in sorted(SEEDS.glob("*.txt"))}
CATALOG = pd.read_csv(SEEDS / "catalog.csv", dtype=str, keep_default_na=False).set_index("id")
#: The opening of Sweden's 2019 General Debate speech (UNGDC, CC0): no dateline, no date, no source.
SWEDEN_2019 = (
    "Next year, we will celebrate the seventy-fifth anniversary of the founding of the United Nations, which was born "
    "from the ashes of the Second World War to maintain peace and promote prosperity and human rights for future "
    "generations. The Organization was created to resolve differences, prevent violent conflicts, learn lessons from "
    "the past and meet international threats through cooperation.\n"
    "At the same time, the United Nations and other multilateral institutions, such as the World Trade Organization "
    "and the International Criminal Court, are increasingly being questioned.\n")


def guesses(text: str, file: str | None = None) -> dict[str, dict]:
    out = {}
    for g in guess_metadata(text, file):
        assert set(g) == {"field", "value", "evidence", "origin"} and g["evidence"], g
        assert (g["field"], g["origin"]) not in out, f"{g['field']} guessed twice from the {g['origin']}"
        out[(g["field"], g["origin"])] = g
    # what the page declares wins over clues in the text, as when a corpus is loaded
    return {fld: g for (fld, origin), g in sorted(out.items(), key=lambda kv: kv[0][1] != "page")
            if origin == "page" or (fld, "page") not in out}
    return out


def values(text: str, file: str | None = None) -> dict[str, str]:
    return {k: g["value"] for k, g in guesses(text, file).items()}


def seed(doc_id: str) -> str:
    return SEED_FILES[doc_id].read_text(encoding="utf-8")


# ---------------------------------------------------------------------- the seeds

EXPECTED = {
    "000": {"date_precision": "unknown", "dateline": "MOSCOW", "source": "TASS", "genre": "news report"},
    "001": {"date": "2017-10-09", "date_precision": "day", "dateline": "MOSCOW", "source": "Sputnik",
            "title": "Lavrov, Tillerson Discuss Syria, N Korea in Phone Talk", "genre": "news report"},
    "002": {"date": "2016-08-27", "date_precision": "day", "dateline": "GENEVA", "source": "TASS",
            "title": "Lavrov, Kerry round up 12-hours-long talks in Geneva", "genre": "news report"},
    "003": {"date": "2025-11-09", "date_precision": "day", "dateline": "MOSCOW", "source": "Sputnik",
            "title": "Russia–US Dialog on Bilateral Issues Ongoing, Though Not As Quickly As Desirable - Lavrov",
            "genre": "news report"},
    "004": {"date": "2018-12-24", "date_precision": "day", "source": "Russian Foreign Ministry",
            "title": "Foreign Minister Sergey Lavrov’s interview with the international news agency Rossiya "
                     "Segodnya, December 24, 2018", "genre": "transcript", "speaker": "Sergey Lavrov"},
}


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_seed_heuristics(doc_id: str) -> None:
    assert values(seed(doc_id), SEED_FILES[doc_id].name) == EXPECTED[doc_id]


@pytest.mark.parametrize("doc_id", sorted(EXPECTED))
def test_seed_heuristics_agree_with_the_catalog(doc_id: str) -> None:
    row = CATALOG.loc[doc_id]
    for fld, value in values(seed(doc_id)).items():
        if fld == "date_precision" and value == "unknown":
            continue
        if fld == "title":  # the catalog writes a straight apostrophe
            value = value.replace("’", "'")
        assert value == row[fld], (doc_id, fld, value, row[fld])


def test_dateline_without_a_year_gives_no_date_but_says_why() -> None:
    g = guesses(seed("000"))
    assert "date" not in g
    assert g["date_precision"]["value"] == "unknown"
    assert g["date_precision"]["evidence"] == "MOSCOW, February 24. /TASS/."


def test_evidence_shows_the_text_each_guess_rests_on() -> None:
    g = guesses(seed("001"))
    assert g["date"]["evidence"] == "23:47 GMT +309 October 2017"
    assert g["source"]["evidence"] == g["dateline"]["evidence"] == "MOSCOW (Sputnik)\u00a0—"
    g = guesses(seed("002"))
    assert g["date"]["evidence"] == "Russian Politics & Diplomacy August 27, 2016, 2:50"
    assert guesses(seed("003"))["date"]["evidence"] == "date 2025-11-09"
    assert guesses(seed("004"))["genre"]["evidence"].startswith("turn labels Question:, Sergey Lavrov:")


def test_a_photo_caption_date_is_never_the_articles_date() -> None:
    text = seed("001").replace("23:47 GMT +309 October 2017\n", "")  # without the site timestamp
    assert "Thursday, April 12, 2017" in text
    g = values(text)
    assert "date" not in g and g["dateline"] == "MOSCOW" and g["source"] == "Sputnik"
    assert g["title"] == "Lavrov, Tillerson Discuss Syria, N Korea in Phone Talk"  # the caption is not the title


def test_a_caption_with_a_clock_time_is_not_a_timestamp() -> None:
    head = ("Lavrov and Tillerson shake hands in Moscow, Wednesday, April 12, 2017, 14:20\n\n"
            "MOSCOW (Sputnik) — Lavrov held on Monday a telephone conversation with Tillerson.")
    assert "date" not in values(head)


def test_dates_in_running_text_are_not_used() -> None:
    text = seed("003").replace(" date 2025-11-09 ", "")
    assert "December 2016" in text
    assert "date" not in values(text)


def test_a_news_report_with_one_label_is_not_a_transcript() -> None:
    assert "\n    Related:\n" in seed("001")
    assert values(seed("001"))["genre"] == "news report"


# ---------------------------------------------------------------------- variants


@pytest.mark.parametrize(("head", "expected"), [
    ("MOSCOW, February 24, 2019. /TASS/. Lavrov said.",
     {"date": "2019-02-24", "date_precision": "day", "dateline": "MOSCOW", "source": "TASS"}),
    ("WASHINGTON, Feb 24 (Reuters) - Lavrov said.",
     {"date_precision": "unknown", "dateline": "WASHINGTON", "source": "Reuters"}),
    ("UNITED NATIONS (AP) — Lavrov said.", {"dateline": "UNITED NATIONS", "source": "AP"}),
    ("ST. PETERSBURG, June 3. /ITAR-TASS/. Lavrov said.", {"dateline": "ST. PETERSBURG", "source": "TASS"}),
    ("МОСКВА, 24 февраля. /ТАСС/. Лавров заявил.", {"dateline": "МОСКВА", "source": "TASS"}),
    ("NEW YORK, September 21 (RIA Novosti) – Lavrov said.", {"dateline": "NEW YORK", "source": "RIA Novosti"}),
])
def test_dateline_forms(head: str, expected: dict[str, str]) -> None:
    got = values(head)
    assert {k: got[k] for k in expected} == expected
    assert got["genre"] == "news report"


@pytest.mark.parametrize(("head", "iso"), [
    ("Register\n23:47 GMT +309 October 2017\nLive", "2017-10-09"),
    ("12:05 GMT +1012 March 2019\n", "2019-03-12"),
    ("Russian Politics & Diplomacy August 27, 2016, 2:50\n", "2016-08-27"),
    ("14:05 09.10.2017 (updated: 14:50 09.10.2017)\n", "2017-10-09"),
    (" date 2025-11-09 Some headline here - Lavrov\n", "2025-11-09"),
    ("Published: 24 February 2019\n", "2019-02-24"),
    ("Some headline about talks\n\nMonday, 24 February 2019\n\nBody text follows here.", "2019-02-24"),
])
def test_date_markers_and_timestamps(head: str, iso: str) -> None:
    g = values(head)
    assert (g["date"], g["date_precision"]) == (iso, "day")


def test_crlf_text_is_read_like_lf() -> None:
    assert values(seed("002").replace("\n", "\r\n")) == EXPECTED["002"]


def test_iso_date_in_the_file_name_is_the_last_resort() -> None:
    g = guesses("Lavrov spoke to reporters.", "tass/2019-02-24_lavrov.txt")
    assert g["date"]["value"] == "2019-02-24" and "file name" in g["date"]["evidence"]
    assert "date" not in values("Lavrov spoke.", "2019/SWE_74_2019.txt")  # a bare year is the pattern's job


def test_title_speaker_and_genre_from_foreign_ministry_titles() -> None:
    g = values("Speech by Foreign Minister Sergey Lavrov at the UN General Assembly, September 28, 2018\n\n"
               "Mr President,\n\nLadies and gentlemen,\n")
    assert g == {"date": "2018-09-28", "date_precision": "day", "source": "Russian Foreign Ministry",
                 "title": "Speech by Foreign Minister Sergey Lavrov at the UN General Assembly, September 28, 2018",
                 "genre": "speech", "speaker": "Sergey Lavrov"}
    g = values("Foreign Minister Sergey Lavrov’s remarks and answers to media questions, Moscow, January 16, 2019\n\n"
               "Ladies and gentlemen,\n\nGood afternoon.\n")
    assert g["genre"] == "transcript" and g["speaker"] == "Sergey Lavrov" and g["date"] == "2019-01-16"


def test_html_page_heads() -> None:
    page = (DATA / "load" / "tass_geneva.html").read_text(encoding="utf-8")
    g = guesses(page, "tass_geneva.html")
    assert g["title"]["value"] == "Lavrov, Kerry round up 12-hours-long talks in Geneva"
    assert (g["date"]["value"], g["date_precision"]["value"]) == ("2016-08-27", "day")
    assert "article:published_time" in g["date"]["evidence"]
    assert (g["dateline"]["value"], g["source"]["value"], g["genre"]["value"]) == ("GENEVA", "TASS", "news report")


# ---------------------------------------------------------------------- speeches: nothing invented


def test_speech_without_dateline_gets_no_date_source_or_title() -> None:
    assert values(SWEDEN_2019) == {}
    g = values("Mr. President,\n\nAllow me to congratulate you on your election.\n" + SWEDEN_2019)
    assert g == {"genre": "speech"}


def test_hard_wrapped_speech_lines_are_not_titles() -> None:
    wrapped = ("I am pleased to be here to\naddress the General Assembly. Sixty-three years ago,\n"
               "representatives from around the world gathered in San\nFrancisco to complete the founding of the\n")
    assert values(wrapped) == {}
    assert "title" not in values("On behalf of the Government of the Republic of San\nMarino, I congratulate you.\n")


@needs_ungdc
def test_ungdc_speeches_false_positives_are_rare() -> None:
    counts: dict[str, int] = {}
    n = 0
    with tarfile.open(UNGDC) as tf:
        for member in tf:
            if not (member.isfile() and member.name.endswith(".txt")):
                continue
            fh = tf.extractfile(member)
            assert fh is not None
            n += 1
            for g in guess_metadata(fh.read().decode("utf-8-sig"), member.name):
                key = g["field"] if g["field"] != "genre" else f"genre={g['value']}"
                counts[key] = counts.get(key, 0) + 1
    assert n == 3646
    for fld in ("date", "date_precision", "dateline", "source", "speaker"):
        assert counts.get(fld, 0) == 0, (fld, counts)  # no invented dates, datelines, sources or speakers
    assert counts.get("title", 0) <= 10  # wrapped first lines are almost never taken for titles
    assert set(counts) <= {"title", "genre=speech"}


# ---------------------------------------------------------------------- date parsing


@pytest.mark.parametrize(("value", "expected"), [
    ("2019", ("2019-01-01", "year")), ("2016-08", ("2016-08-01", "month")), ("2016-8-27", ("2016-08-27", "day")),
    ("2016-08-27T02:50:00+03:00", ("2016-08-27", "day")), ("20181224", ("2018-12-24", "day")),
    ("December 24, 2018", ("2018-12-24", "day")), ("24 Dec. 2018", ("2018-12-24", "day")),
    ("December 2018", ("2018-12-01", "month")), ("2019-02-30", None), ("24/12/2018", None), ("soon", None), ("", None),
])
def test_parse_date(value: str, expected: tuple[str, str] | None) -> None:
    assert parse_date(value) == expected


def test_date_in_text() -> None:
    assert date_in("shakes hands in Moscow, Thursday, April 12, 2017") == ("2017-04-12", "day")
    assert date_in("24 февраля 2019 года") == ("2019-02-24", "day")
    assert date_in("in February") is None


def test_month_and_weekday_names_come_from_lang() -> None:
    """English and Russian month names are read from lavrovkit.lang (one list each), abbreviations too."""
    from lavrovkit import meta
    from lavrovkit.lang import en, ru

    assert meta.MONTHS == {**en.MONTHS, **ru.MONTHS}
    assert date_in("Sept. 9, 2017") == ("2017-09-09", "day")
    assert date_in("9 марта 2017") == ("2017-03-09", "day")
    assert parse_date("24 December 2018") == ("2018-12-24", "day")
    assert guess_metadata("Thurs., April 12, 2018\n\nLavrov spoke.")[0]["value"] == "2018-04-12"


def test_the_language_chooses_how_a_text_head_is_read() -> None:
    tass_ru = "МОСКВА, 20 апреля. /ТАСС/. Лавров провел переговоры с Рубио 20 апреля 2021 года."
    ru = {g["field"]: g["value"] for g in guess_metadata(tass_ru)}
    assert (ru["date"], ru["source"], ru["dateline"]) == ("2021-04-20", "TASS", "МОСКВА")
    en_text = "GENEVA, August 27. /TASS/. Lavrov and Kerry met."
    assert guess_metadata(en_text) == guess_metadata(en_text, lang="en")
    # read with the English rules, the Russian dateline gives no year from elsewhere in the text
    assert {g["field"]: g["value"] for g in guess_metadata(tass_ru, lang="en")}["date_precision"] == "unknown"


def test_a_channel_line_is_a_posts_source_not_its_title() -> None:
    post = ("MFA Russia 🇷🇺\n\n🇷🇺🇺🇸 Foreign Minister Sergey Lavrov had a telephone conversation with "
            "US Secretary of State Marco Rubio.")
    g = {x["field"]: x["value"] for x in guess_metadata(post)}
    assert g["source"] == "Russian Foreign Ministry" and "title" not in g
    assert next(x["evidence"] for x in guess_metadata(post) if x["field"] == "source") == "MFA Russia 🇷🇺"
    plain = "MFA Russia said the talks were useful.\n\nMore text follows here."
    assert {x["field"]: x["value"] for x in guess_metadata(plain)}.get("source") != "Russian Foreign Ministry"
