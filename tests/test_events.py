"""Contacts that happened, on their date: readings of a trigger, parties from the clause, dates of the contact."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from lavrovkit import corpus_load
from lavrovkit.counterparts import interactions as interactions_reexported
from lavrovkit.events import interactions


def events(tmp_path: Path, docs: list[tuple[str, str]], source: str = "TASS") -> pd.DataFrame:
    """The interactions of a corpus of ``(date, text)`` documents (a catalog gives each its date and ``source``)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    rows = ["id,file,date,source"]
    for i, (date, text) in enumerate(docs):
        (folder / f"d{i}.txt").write_text(text, encoding="utf-8")
        rows.append(f"d{i},d{i}.txt,{date},{source}")
    (folder / "catalog.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return interactions(corpus_load(folder), speaker="all")


def rows(ev: pd.DataFrame) -> list[tuple[str, list[str], str]]:
    return [(t, list(p), "NaT" if pd.isna(d) else str(d.date())) for t, p, d in
            zip(ev["type"], ev["participants"], ev["date"], strict=True)]


def test_meet_the_interests_is_no_meeting(tmp_path: Path) -> None:
    ev = events(tmp_path, [("2005-02-24", "Vladimir Putin and Mr George W. Bush said they seek solutions that meet the "
                                          "interests of both countries.")])
    assert ev.empty


def test_an_invitation_is_its_own_type(tmp_path: Path) -> None:
    ev = events(tmp_path, [("2025-04-10", "Vladimir Putin sent Recep Tayyip Erdoğan an invitation for an official "
                                          "visit to Moscow.")])
    assert rows(ev) == [("invitation", ["Recep Tayyip Erdoğan", "Vladimir Putin"], "2025-04-10")]
    assert ev.iloc[0]["cameo"] == "036"


def test_a_readout_on_february_28_posted_on_march_1(tmp_path: Path) -> None:
    ev = events(tmp_path, [("2025-03-01", "On February 28, Sergey Lavrov had a telephone conversation with US "
                                          "Secretary of State Marco Rubio. During the telephone conversation, the "
                                          "ministers discussed the work of the embassies.")])
    assert rows(ev) == [("phone_call", ["Marco Rubio", "Sergey Lavrov"], "2025-02-28")]
    assert ev.iloc[0]["date_from"] == "sentence" and ev.iloc[0]["mentions"] == 2  # "the ministers": the same call


def test_an_earlier_call_is_dated_by_its_own_date(tmp_path: Path) -> None:
    ev = events(tmp_path, [("2025-01-20", "Vladimir Putin congratulated Donald Trump on his inauguration. Earlier, "
                                          "on 3 January, Putin and Trump spoke by phone, the Kremlin said."),
                           ("2026-01-05", "On 30 December, Vladimir Putin had a telephone conversation with "
                                          "Alexander Lukashenko."),
                           ("2025-12-15", "Sergey Lavrov recalled his previous meeting with Antony Blinken.")])
    assert rows(ev) == [("phone_call", ["Donald Trump", "Vladimir Putin"], "2025-01-03"),
                        ("phone_call", ["Alexander Lukashenko", "Vladimir Putin"], "2025-12-30"),  # the year before
                        ("meeting", ["Antony Blinken", "Sergey Lavrov"], "NaT")]  # never the post's date
    assert ev["date_from"].tolist() == ["sentence", "sentence", "unknown"]


def test_the_two_presidents_are_the_parties_already_reported(tmp_path: Path) -> None:
    ev = events(tmp_path, [("2025-03-19", "Vladimir Putin and Donald Trump had a telephone conversation on Tuesday. "
                                          "During their telephone conversation in February, the two presidents had "
                                          "agreed to instruct their teams.")])
    calls = ev[ev["type"] == "phone_call"]
    assert rows(calls) == [("phone_call", ["Donald Trump", "Vladimir Putin"], "2025-03-18"),
                           ("phone_call", ["Donald Trump", "Vladimir Putin"], "2025-02-01")]
    assert calls["date_from"].tolist() == ["sentence", "sentence (month)"]


def test_a_role_named_official_is_a_party(tmp_path: Path) -> None:
    ev = events(tmp_path, [("2025-06-03", "Yesterday Sergey Lavrov met with Belarusian Foreign Minister Maxim "
                                          "Ryzhenkov in Minsk.")])
    assert rows(ev) == [("meeting", ["Maxim Ryzhenkov", "Sergey Lavrov"], "2025-06-02")]
    assert ev.iloc[0]["sides"] == ["unknown", "Russia"] and ev.iloc[0]["place"] == "Minsk"


def test_planned_negated_and_generic_contacts(tmp_path: Path) -> None:
    ev = events(tmp_path, [("2025-05-14", "Sergey Lavrov will meet Hakan Fidan in Antalya, the ministry said."),
                           ("2025-05-05", "Maria Zakharova said there will be no talks between Sergey Lavrov and "
                                          "Antony Blinken."),
                           ("2025-05-06", "Vladimir Putin chaired a meeting of the Security Council. Sergey Lavrov "
                                          "talks about talks with students.")])
    assert rows(ev) == [("planned", ["Hakan Fidan", "Sergey Lavrov"], "NaT")]
    assert ev.iloc[0]["date_from"] == "unknown"


def test_interactions_stays_importable_from_counterparts() -> None:
    assert interactions_reexported is interactions


def test_a_readouts_headline_contact_keeps_the_posts_date_when_the_body_recalls_an_older_one(tmp_path: Path) -> None:
    ev = events(tmp_path, [("2020-06-02", "Meeting with Prime Minister Mikhail Mishustin\n\n"
                                          "Vladimir Putin had a working meeting with Prime Minister Mikhail Mishustin."
                                          "\n\nOn April 28, Vladimir Putin held a meeting with Mikhail Mishustin on "
                                          "the coronavirus."),
                           ("2025-03-02", "Sergey Lavrov's telephone conversation with Marco Rubio\n\n"
                                          "On February 28, Sergey Lavrov had a telephone conversation with Marco "
                                          "Rubio.")])
    dated = sorted((d, str(day.date())) for d, day in zip(ev["doc_id"], ev["date"], strict=True))
    assert dated == [("d0", "2020-04-28"), ("d0", "2020-06-02"), ("d1", "2025-02-28")]  # a late readout re-dated

def test_on_the_eve_of_a_dated_event_is_the_day_before(tmp_path: Path) -> None:
    ev = events(tmp_path, [("2025-03-08", "On the eve of the vote in the UN Security Council, which took place on "
                                          "March 7, Vladimir Putin and Donald Trump had a telephone conversation.")])
    assert rows(ev) == [("phone_call", ["Donald Trump", "Vladimir Putin"], "2025-03-06")]
    assert ev.iloc[0]["date_from"] == "sentence"


def test_a_contact_a_speaker_recalls_in_the_past_is_undated(tmp_path: Path) -> None:
    ev = events(tmp_path, [("2025-09-02", "Press conference\n\nVladimir Putin: Donald Trump and I met in Anchorage "
                                          "and we agreed on many things.\n\nQuestion: And now?\n\nVladimir Putin: "
                                          "Today I had a telephone conversation with Donald Trump."),
                           ("2025-09-03", "Vladimir Putin: Alexander Lukashenko and I just finished our talks."),
                           ("2025-09-04", "Vladimir Putin spoke by telephone with US President Donald Trump.")])
    assert rows(ev) == [("meeting", ["Donald Trump", "Vladimir Putin"], "NaT"),  # before the press conference
                        ("phone_call", ["Donald Trump", "Vladimir Putin"], "2025-09-02"),  # a date of its own
                        ("meeting", ["Alexander Lukashenko", "Vladimir Putin"], "2025-09-03"),  # "just": this one
                        ("phone_call", ["Donald Trump", "Vladimir Putin"], "2025-09-04")]  # "US" is no "us"


def test_a_bare_role_on_a_publishers_post_is_its_holder(tmp_path: Path) -> None:
    docs = [("2016-02-20", "Meeting on economic issues\n\nThe President held a meeting on the economy.\n\nTaking "
                           "part in the meeting were Finance Minister Anton Siluanov and Central Bank Governor Elvira "
                           "Nabiullina."),
            ("2013-04-04", "Working meeting with Healthcare Minister Veronika Skvortsova\n\nThe Minister briefed "
                           "the President on the perinatal centres.")]
    ev = events(tmp_path, docs, source="President of Russia")
    assert rows(ev) == [("meeting", ["Anton Siluanov", "Elvira Nabiullina", "Vladimir Putin"], "2016-02-20"),
                        ("meeting", ["Veronika Skvortsova", "Vladimir Putin"], "2013-04-04")]
    # a news agency's "the President" is no one in particular
    (tmp_path / "news").mkdir()
    news = events(tmp_path / "news", docs, source="Reuters")
    assert not any("Vladimir Putin" in p for p in news["participants"])


def test_people_attending_a_meeting_and_a_joint_statement_of_the_presidents(tmp_path: Path) -> None:
    ev = events(tmp_path, [("2018-04-17", "Vladimir Putin chaired a meeting on economic issues, which was attended "
                                          "by Finance Minister Anton Siluanov and Central Bank Governor Elvira "
                                          "Nabiullina."),
                           ("2017-03-28", "Vladimir Putin met with President of Iran Hassan Rouhani. Following the "
                                          "talks, Mr Putin and Mr Rouhani adopted a Joint Statement of the President "
                                          "of the Russian Federation and the President of Iran.")])
    assert rows(ev) == [("meeting", ["Anton Siluanov", "Elvira Nabiullina", "Vladimir Putin"], "2018-04-17"),
                        ("meeting", ["Hassan Rouhani", "Vladimir Putin"], "2017-03-28"),
                        ("joint_statement", ["Hassan Rouhani", "Vladimir Putin"], "2017-03-28")]


def test_one_spelling_per_person_and_talk_over_the_telephone(tmp_path: Path) -> None:
    ev = events(tmp_path, [("2016-03-22", "Press statements\n\nVladimir Putin: I thank President of Finland Sauli "
                                          "Niinistö for the talks.\n\nSauli Niinisto: Thank you. I invite you to "
                                          "visit Finland at a time convenient for you."),
                           ("2016-03-02", "Vladimir Putin and President of Finland Sauli Niinistö talked over the telephone "
                                          "on March 1.")])
    assert rows(ev) == [("meeting", ["Sauli Niinistö", "Vladimir Putin"], "2016-03-22"),
                        ("invitation", ["Sauli Niinistö", "Vladimir Putin"], "2016-03-22"),  # the speaker's spelling
                        ("phone_call", ["Sauli Niinistö", "Vladimir Putin"], "2016-03-01")]


def test_we_of_a_coordinated_clause_are_the_subject_before_it(tmp_path: Path) -> None:
    ev = events(tmp_path, [("2018-06-04", "Interview\n\nArmin Wolf: Do you talk often?\n\nVladimir Putin: Indeed, "
                                          "Donald Trump and I have met more than once at various international "
                                          "venues and we regularly talk over the phone.")])
    assert rows(ev) == [("meeting", ["Donald Trump", "Vladimir Putin"], "NaT"),  # habitual: no one day
                        ("phone_call", ["Donald Trump", "Vladimir Putin"], "NaT")]


def test_an_object_pronoun_is_not_its_clauses_subject(tmp_path: Path) -> None:
    ev = events(tmp_path, [("2019-12-19", "Press conference\n\nVladimir Putin: Sberbank CEO German Gref is here."
                                          "\n\nVladimir Shakhijanyan: I tried Health Minister Veronika Skvortsova. "
                                          "Mr Gref wrote to her asking her to meet with me.")])
    assert rows(ev) == [("letter", ["German Gref", "Veronika Skvortsova"], "NaT"),  # "her" is not Gref; told past
                        # the one asked is who would meet (object control), not the one who asks
                        ("planned", ["Veronika Skvortsova", "Vladimir Shakhijanyan"], "NaT")]


def test_a_contact_the_clause_is_ahead_of_keeps_its_own_people(tmp_path: Path) -> None:
    ev = events(tmp_path, [("2018-06-04", "Ahead of his talks with Chancellor Sebastian Kurz, Vladimir Putin "
                                          "answered questions from journalist Armin Wolf.")])
    assert rows(ev) == [("planned", ["Sebastian Kurz", "Vladimir Putin"], "NaT")]  # not the journalist
