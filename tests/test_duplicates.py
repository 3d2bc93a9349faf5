"""Duplicate documents: copies of one text are grouped, the fullest copy is kept, others can be dropped."""

from __future__ import annotations

import pandas as pd
import pytest

from lavrovkit.duplicates import GROUP_COLUMNS, duplicate_ids, duplicates_drop, duplicates_find

GENEVA = (
    "Russian Foreign Minister Sergey Lavrov and US Secretary of State Antony Blinken met in Geneva on "
    "Friday for talks that both sides described as frank and useful, although no breakthrough was "
    "announced on the security guarantees Moscow has demanded.\n\n"
    "Speaking to reporters after the meeting, Lavrov said the American side had promised to deliver "
    "written answers to the Russian proposals next week. \"We agreed that a reasonable dialogue is "
    "needed, and I hope that emotions will calm down,\" he said. He added that Russia had never "
    "threatened the Ukrainian people and had no plans to attack its neighbour.\n\n"
    "Blinken told a separate news conference that Washington remained ready to pursue diplomacy but "
    "would respond swiftly and severely to any further escalation. He said the two ministers had agreed "
    "to continue contacts and that a further meeting was possible once the written response had been "
    "studied in Moscow.\n\n"
    "The talks lasted about ninety minutes and took place at a hotel on the shore of Lake Geneva."
)

MFA = (
    "On February 14, Foreign Minister Sergey Lavrov held a telephone conversation with the Minister of "
    "Foreign Affairs of Turkey, Mevlut Cavusoglu, at the initiative of the Turkish side.\n\n"
    "The ministers discussed the situation around the Black Sea grain initiative and the prospects for "
    "extending it. Sergey Lavrov stressed that the Russian part of the package agreement signed in "
    "Istanbul, which concerns the export of Russian food and fertilisers, had still not been fulfilled, "
    "and that Western sanctions continued to obstruct payments, insurance and port calls.\n\n"
    "The two ministers also exchanged views on the settlement in the South Caucasus and on preparations "
    "for upcoming contacts at the highest level. They agreed to keep in touch on these and other "
    "issues of the bilateral and international agenda."
)

#: Another report on the same Geneva meeting, by another outlet: same topic and names, a few shared phrases.
GENEVA_OTHER = (
    "Lavrov and Blinken held ninety minutes of talks in Geneva on Friday, the latest attempt to defuse "
    "tensions over the deployment of Russian troops near the Ukrainian border.\n\n"
    "The Russian minister insisted that Moscow had never threatened the Ukrainian people, a line he has "
    "repeated for weeks, and demanded that NATO rule out further expansion to the east. Western "
    "officials say the build-up now exceeds one hundred thousand troops.\n\n"
    "Blinken, who arrived from Berlin where he had consulted European allies, said Washington had made "
    "clear that any Russian military incursion would be met with a united response. Analysts in the "
    "Swiss city said the tone was calmer than expected but that the positions of the two governments "
    "remained far apart, with no date set for a summit between the presidents.\n\n"
    "The State Department said written answers to the Russian proposals would be shared with allies "
    "before they were sent to Moscow."
)


def _docs(*rows: tuple[str, str], dates: list[str] | None = None) -> pd.DataFrame:
    """A documents table as the kit builds it, from (doc_id, text) pairs."""
    return pd.DataFrame({
        "doc_id": [d for d, _ in rows],
        "date": pd.to_datetime(dates if dates else [None] * len(rows)),
        "source": ["agency"] * len(rows),
        "title": [t.split("\n")[0][:40] for _, t in rows],
        "words": [len(t.split()) for _, t in rows],
        "text": [t for _, t in rows],
    })


def _grouped(groups: pd.DataFrame) -> list[set[str]]:
    return [set(g.doc_id) for _, g in groups.groupby("group")]


def test_texts_are_report_sized():
    for text in (GENEVA, MFA, GENEVA_OTHER):
        assert 100 <= len(text.split()) <= 300


def test_same_text_with_other_whitespace_and_line_endings_is_an_exact_copy():
    copy = GENEVA.replace("\n\n", "\r\n\r\n").replace(". ", ".  ").replace('"', "\u201c") + "\r\n"
    groups = duplicates_find(_docs(("site", GENEVA), ("mfa", MFA), ("print", copy)))
    assert list(groups.columns) == GROUP_COLUMNS
    assert _grouped(groups) == [{"site", "print"}]
    assert groups.set_index("doc_id").kind.to_dict() == {"site": "kept", "print": "exact"}
    assert groups.similarity.tolist() == [1.0, 1.0]
    assert set(groups.kept_doc_id) == {"site"}


def test_same_statement_from_two_agencies_is_a_near_copy():
    tass = "MOSCOW, January 21. /TASS/.\n\n" + GENEVA
    ria = ("GENEVA, 21 January (RIA Novosti)\n\n" + GENEVA
           + "\n\nThe ministers last met in Stockholm in December on the sidelines of an OSCE meeting.")
    groups = duplicates_find(_docs(("tass", tass), ("ria", ria), ("other", GENEVA_OTHER)))
    assert _grouped(groups) == [{"tass", "ria"}]
    row = groups.set_index("doc_id")
    assert row.kind.to_dict() == {"ria": "kept", "tass": "near"}  # ria carries more words
    assert 0.8 <= row.similarity["tass"] < 0.95  # header and closing line differ
    assert row.kept_doc_id["tass"] == "ria"


def test_repost_with_a_line_added_is_kept_over_the_original():
    repost = "Important! Read what Lavrov said in Geneva today.\n\n" + GENEVA
    groups = duplicates_find(_docs(("original", GENEVA), ("repost", repost)))
    row = groups.set_index("doc_id")
    assert row.kind.to_dict() == {"repost": "kept", "original": "near"}
    assert 0.9 < row.similarity["original"] < 1.0
    assert duplicate_ids(groups) == ["original"]


def test_different_reports_on_the_same_meeting_are_not_grouped():
    for phrase in ("never threatened the ukrainian people", "written answers to the russian proposals"):
        assert phrase in GENEVA.lower() and phrase in GENEVA_OTHER.lower()  # same topic, phrases in common
    groups = duplicates_find(_docs(("reuters", GENEVA), ("afp", GENEVA_OTHER), ("mfa", MFA)))
    assert groups.empty
    assert list(groups.columns) == GROUP_COLUMNS
    # even a permissive threshold does not join them
    assert duplicates_find(_docs(("reuters", GENEVA), ("afp", GENEVA_OTHER)), threshold=0.3).empty


def test_very_short_texts_group_only_when_exact():
    docs = _docs(("a", "No comment."), ("b", "no comment"), ("c", "No comment at all."), ("d", MFA))
    groups = duplicates_find(docs)
    assert _grouped(groups) == [{"a", "b"}]
    assert groups.set_index("doc_id").kind.to_dict() == {"a": "kept", "b": "exact"}


def test_the_longer_copy_is_kept_then_the_earliest_then_the_first():
    longer = GENEVA + "\n\nThe talks were followed by a working lunch."
    docs = _docs(("first", GENEVA), ("late", GENEVA), ("early", GENEVA), ("long", longer), ("mfa", MFA),
                 dates=["2022-01-21", "2022-01-23", "2022-01-20", "2022-01-22", "2022-01-21"])
    groups = duplicates_find(docs)
    assert groups.doc_id.tolist() == ["long", "first", "late", "early"]  # kept first, then table order
    assert set(groups.kind[1:]) == {"near"}
    # without the longer one, the earliest of the equal copies is kept; with no dates, the first
    equal = docs[docs.doc_id != "long"]
    assert duplicates_find(equal).set_index("doc_id").kind.to_dict() == {
        "early": "kept", "first": "exact", "late": "exact"}
    assert duplicates_find(equal.assign(date=pd.NaT)).doc_id.iloc[0] == "first"


def test_groups_are_numbered_by_the_kept_copy_position():
    docs = _docs(("mfa-1", MFA), ("geneva-1", GENEVA), ("mfa-2", MFA + " Ends."), ("geneva-2", GENEVA))
    groups = duplicates_find(docs)
    # MFA's kept copy is mfa-2 (longer, position 2); Geneva's is geneva-1 (position 1)
    assert groups[["group", "doc_id", "kind"]].values.tolist() == [
        [0, "geneva-1", "kept"], [0, "geneva-2", "exact"], [1, "mfa-2", "kept"], [1, "mfa-1", "near"]]
    assert groups.date.dtype.kind == "M" and groups.words.dtype == "int64"


def test_a_copy_that_only_resembles_another_copy_is_not_counted_against_the_kept_one():
    words = (GENEVA + "\n\n" + MFA).split()
    a, b, c = (" ".join(words[i:i + 200]) for i in (0, 12, 24))  # b overlaps a and c well, a and c less
    groups = duplicates_find(_docs(("a", a), ("b", b), ("c", c)))
    assert _grouped(groups) == [{"a", "b"}]
    assert 0.8 <= groups.similarity.iloc[1] < 0.9
    assert duplicates_find(_docs(("b", b), ("c", c))).kind.tolist() == ["kept", "near"]  # c is b's near copy
    assert duplicates_drop(_docs(("a", a), ("b", b), ("c", c))).doc_id.tolist() == ["a", "c"]  # c counts


def test_same_input_same_answer():
    docs = _docs(("tass", "MOSCOW, January 21. /TASS/.\n\n" + GENEVA), ("ria", GENEVA + " Ends."),
                 ("afp", GENEVA_OTHER), ("mfa", MFA), ("mfa-copy", MFA.upper()))
    first = duplicates_find(docs, seed=7)
    assert len(first) == 4
    pd.testing.assert_frame_equal(first, duplicates_find(docs, seed=7))


def test_without_duplicates_drops_the_copies_and_keeps_table_order():
    docs = _docs(("original", GENEVA), ("mfa", MFA), ("repost", "Read this.\n\n" + GENEVA),
                 ("mfa-copy", MFA + "\n"))
    assert duplicates_drop(docs).doc_id.tolist() == ["mfa", "repost"]
    groups = duplicates_find(docs)
    assert duplicates_drop(docs, groups).equals(duplicates_drop(docs))
    assert duplicates_drop(docs.head(2)).equals(docs.head(2))


def test_missing_text_rows_and_empty_tables():
    docs = _docs(("a", GENEVA), ("b", GENEVA), ("c", ""), ("d", ""))
    docs.loc[3, "text"] = None
    assert _grouped(duplicates_find(docs)) == [{"a", "b"}]  # empty texts are not copies of each other
    assert duplicates_find(docs.iloc[:0]).empty
    assert list(duplicates_find(docs.iloc[:1]).columns) == GROUP_COLUMNS


@pytest.mark.parametrize("missing", ["text", "doc_id"])
def test_a_table_without_text_or_doc_id_is_refused(missing):
    docs = _docs(("a", GENEVA)).drop(columns=missing)
    with pytest.raises(ValueError, match=f"no '{missing}' column"):
        duplicates_find(docs)
    with pytest.raises(ValueError, match=f"no '{missing}' column"):
        duplicates_drop(docs)
