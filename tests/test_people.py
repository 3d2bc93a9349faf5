"""Clean people: officials named with a role, spans that are no one's name, surface variants of one person.

The texts are written here in the shapes the kit reads: a Foreign Ministry post, a Kremlin readout, a news
report. Each rule is checked on the people table (person_mentions, counterparts) and on the functions of
lavrovkit.people it rests on.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from lavrovkit import corpus_load
from lavrovkit.counterparts import counterparts, is_person_name, person_mentions
from lavrovkit.people import fuller_name, not_a_name, role_names, same_person, side_of, tidy_name

MFA_POST = (
    "On March 3, Minister of Foreign Affairs of the Russian Federation Sergey Lavrov held talks in Moscow with "
    "Foreign Minister of Morocco Nasser Bourita.\n\n"
    "The ministers discussed the situation in the Middle East. Bourita thanked the Russian side for its "
    "hospitality.\n\n"
    "Read the full text on the MFA Website.\n\n"
    "Lavrov also spoke of the crimes of the Ukrainian neo-Nazis and of the Kiev regime, and met European "
    "Commission staff who had quoted Ursula von der in a letter."
)
READOUT = (
    "Telephone conversation with President of Belarus Alexander Lukashenko\n\n"
    "Vladimir Putin had a telephone conversation with President of Belarus Alexander Lukashenko.\n\n"
    "Earlier in the day, Sergey Lavrov met Belarusian Foreign Minister Maxim Ryzhenkov. President Vladimir "
    "Putin and Mr Putin's aide thanked Ryzhenkov for the visit.\n\n"
    "The President also spoke with the President of the United Arab Emirates, Sheikh Mohammed bin Zayed Al "
    "Nahyan, and with UN Secretary-General Antonio Guterres."
)
NEWS = (
    "MOSCOW, March 5 (TASS) - Russian Foreign Minister Sergey Lavrov and US Secretary of State Marco Rubio "
    "discussed Ukraine by phone on Wednesday. Prime Minister of India Narendra Modi is expected in Moscow, "
    "a Kremlin aide said. Ivan Petrovsky, an expert at the State Duma, said Modi would meet Putin.\n\n"
    "The Foreign Minister said the Finance Minister would attend."
)
LATER_POST = "Nasser Bourita said on Friday that Morocco valued its ties with Russia. Bourita will visit Moscow."


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Four documents: a Foreign Ministry post, a Kremlin readout, a news report, a later post."""
    folder = tmp_path_factory.mktemp("people")
    rows = ["id,file,date,source"]
    for i, (text, date) in enumerate([(MFA_POST, "2025-03-03"), (READOUT, "2025-03-04"), (NEWS, "2025-03-05"),
                                      (LATER_POST, "2025-04-01")]):
        (folder / f"d{i}.txt").write_text(text, encoding="utf-8")
        rows.append(f"d{i},d{i}.txt,{date},{['MFA', 'Kremlin', 'TASS', 'MFA'][i]}")
    (folder / "catalog.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return corpus_load(folder).annotate(progress=False)


@pytest.fixture(scope="module")
def mentions(corpus) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return person_mentions(corpus, speaker="all")


def people_of(mentions: pd.DataFrame, doc_id: str) -> set[str]:
    return set(mentions.loc[mentions["doc_id"] == doc_id, "person"])


# ---------------------------------------------------------------------- role-named officials


def test_role_named_official_gets_side_from_of_country(mentions: pd.DataFrame) -> None:
    bourita = mentions[(mentions["doc_id"] == "d0") & (mentions["person"] == "Nasser Bourita")]
    assert len(bourita) == 2  # "Foreign Minister of Morocco Nasser Bourita" and "Bourita"
    assert set(bourita["side"]) == {"Morocco"} and set(bourita["resolved_by"]) == {"unresolved"}
    assert set(bourita["side_from"]) == {"role", "document"}
    assert set(bourita["role"]) == {"Foreign Minister of Morocco"}
    assert bourita.iloc[0]["surface"] == "Nasser Bourita"


def test_role_named_official_gets_side_from_adjective(mentions: pd.DataFrame) -> None:
    r = mentions[(mentions["doc_id"] == "d1") & (mentions["person"] == "Maxim Ryzhenkov")]
    assert len(r) == 2 and set(r["side"]) == {"Belarus"}  # "Ryzhenkov" later in the readout is him too
    assert r.iloc[0]["role"] == "Belarusian Foreign Minister"


def test_role_names_with_comma_honorific_and_organisation(mentions: pd.DataFrame) -> None:
    d1 = mentions[mentions["doc_id"] == "d1"].set_index("person")
    assert d1.loc["Mohammed bin Zayed Al Nahyan", "side"] == "United Arab Emirates"
    assert "Sheikh" not in d1.index.str.cat()  # the honorific stays in the role
    guterres = mentions[mentions["surface"] == "Antonio Guterres"].iloc[0]
    assert guterres["side"] in ("United Nations",)  # the gazetteer's side or the role's: the same
    lukashenko = mentions[(mentions["doc_id"] == "d1") & (mentions["person"] == "Alexander Lukashenko")]
    assert len(lukashenko) == 2 and set(lukashenko["side"]) == {"Belarus"}


@pytest.mark.parametrize(("text", "name", "role", "side"), [
    ("Lavrov met Belarusian Foreign Minister Maxim Ryzhenkov in Minsk.", "Maxim Ryzhenkov",
     "Belarusian Foreign Minister", "Belarus"),
    ("Talks with Foreign Minister of Morocco Nasser Bourita.", "Nasser Bourita", "Foreign Minister of Morocco",
     "Morocco"),
    ("Lavrov and US Secretary of State Marco Rubio spoke.", "Marco Rubio", "US Secretary of State",
     "United States"),
    ("Prime Minister of India Narendra Modi arrived.", "Narendra Modi", "Prime Minister of India", "India"),
    ("UN Secretary-General Antonio Guterres said so.", "Antonio Guterres", "UN Secretary-General",
     "United Nations"),
    ("He met the President of the United Arab Emirates, Sheikh Mohammed bin Zayed Al Nahyan, today.",
     "Mohammed bin Zayed Al Nahyan", "President of the United Arab Emirates, Sheikh", "United Arab Emirates"),
    ("Minister of Foreign Affairs, African Cooperation and Moroccan Expatriates Nasser Bourita said",
     "Nasser Bourita", "Minister of Foreign Affairs, African Cooperation and Moroccan Expatriates", "Morocco"),
    ("Prime Minister Narendra Modi of India said", "Narendra Modi", "Prime Minister of India", "India"),
    ("the Moroccan foreign minister, Nasser Bourita, said", "Nasser Bourita", "Moroccan foreign minister",
     "Morocco"),
    ("Russian Ambassador to China Andrei Denisov said", "Andrei Denisov", "Russian Ambassador to China", "Russia"),
    ("Deputy Prime Minister Tatyana Golikova reported.", "Tatyana Golikova", "Deputy Prime Minister", None),
    ("Egyptian President Abdel Fattah el-Sisi said", "Abdel Fattah el-Sisi", "Egyptian President", "Egypt"),
    ("Federation Council Speaker Valentina Matviyenko spoke.", "Valentina Matviyenko",
     "Federation Council Speaker", "Russia"),
    ("Commander of the Russian military group Sergei Surovikin met him.", "Sergei Surovikin",
     "Commander of the Russian military group", "Russia"),
    # a monarch's style is a title: the regnal name after it, numeral included
    ("Putin sent a message to His Majesty Abdullah II, the King of Jordan.", "Abdullah II", "His Majesty", None),
    ("Putin met His Highness Sheikh Tamim bin Hamad Al Thani.", "Tamim bin Hamad Al Thani", "His Highness Sheikh",
     None),
])
def test_role_names(text: str, name: str, role: str, side: str | None) -> None:
    found = role_names(text)
    assert [(r.name, r.role, r.side) for r in found] == [(name, role, side)]
    assert text[found[0].start:found[0].end].startswith(name.split()[0])


@pytest.mark.parametrize("text", [
    "The Minister said on Monday that talks would go on.",
    "Foreign Ministers of Russia, Egypt and Jordan met.",
    "In his capacity as minister, Lavrov said so.",
    "He spoke with the leader of Forza Italia.",
    "The President of Russia met the Prime Minister.",
    "President of the Presidential Address Committee",
    "His Majesty said so.",
])
def test_role_phrases_without_a_name_give_no_one(text: str) -> None:
    assert role_names(text) == []


def test_side_of_a_role() -> None:
    assert side_of("Foreign Minister of Morocco") == "Morocco"
    assert side_of("Belarusian Foreign Minister") == "Belarus"
    assert side_of("Russia's Foreign Minister") == "Russia"
    assert side_of("Ambassador to China") is None  # where he serves, not whose he is
    assert side_of("Ambassador of Russia to the United States") == "Russia"
    assert side_of("Special Envoy for Syria") is None and side_of("UN Special Envoy for Syria") == "United Nations"
    assert side_of("State Duma Speaker") == "Russia" and side_of("Deputy Prime Minister") is None
    assert side_of("") is None and side_of(None) is None


def test_a_role_naming_someone_else_is_not_the_holder(tmp_path: Path) -> None:
    """"former US Secretary of State Henry Kissinger" is Kissinger, not the holder on the document's date."""
    folder = tmp_path / "k"
    folder.mkdir()
    (folder / "a.txt").write_text("Lavrov recalled his talks with former US Secretary of State Henry Kissinger "
                                  "in Moscow.", encoding="utf-8")
    (folder / "catalog.csv").write_text("id,file,date,source\na,a.txt,2017-10-09,MFA\n", encoding="utf-8")
    m = person_mentions(corpus_load(folder), speaker="all")
    assert "Rex Tillerson" not in set(m["person"])
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text("Question: When Hillary Clinton was Secretary of State, you felt that she "
                                  "interfered with the elections here.", encoding="utf-8")
    (folder / "catalog.csv").write_text("id,file,date,source\na,a.txt,2017-06-05,Kremlin\n", encoding="utf-8")
    assert "Rex Tillerson" not in set(person_mentions(corpus_load(folder), speaker="all")["person"])
    kissinger = m[m["person"] == "Henry Kissinger"]
    assert set(kissinger["side"]) == {"United States"} and len(m) == 2  # Lavrov and Kissinger, no one else


# ---------------------------------------------------------------------- not people


@pytest.mark.parametrize(("surface", "reason"), [
    ("MFA Website", "organisation"), ("Foreign Ministry", "organisation"), ("State Duma", "country"),
    ("Ukrainian neo-Nazis", "group"), ("Americans", "group"), ("the Kiev regime", "group"),
    ("Ursula von der", "truncated"), ("Finance Minister", "title"), ("Mr President", "title"),
    ("Plenipotentiary Envoys", "title"), ("Perm Territory", "place"), ("Nikolina Gora", "place"),
    ("St Petersburg", "place"), ("Saudi Arabia", "country"), ("Learning Russian", "phrase"),
    ("Russian Hamlet", "nationality"), ("TASS", "outlet"), ("Yamal LNG", "acronym"), ("Kaliningrad Regional", "title"),
    ("Valery Sanfirov, Mayak", "list"), ("Monday", "calendar"), ("Concert 2019", "number"),
])
def test_spans_that_are_no_ones_name(surface: str, reason: str) -> None:
    assert not_a_name(surface) == reason
    assert not is_person_name(surface)


@pytest.mark.parametrize("surface", [
    "Nasser Bourita", "Ursula von der Leyen", "Mohammed bin Zayed Al Nahyan", "Abdel Fattah el-Sisi",
    "German Gref", "Michael Jordan", "Abdullah II", "Kim Jong-un", "Sauli Niinistö", "Mikhail ALFIMOV",
    "Park Geun-hye", "Anthony Lake",
])
def test_real_names_stay_names(surface: str) -> None:
    assert not_a_name(surface) is None and is_person_name(surface)


def test_no_organisation_group_or_truncated_name_in_the_table(mentions: pd.DataFrame) -> None:
    people = set(mentions["person"])
    for junk in ("MFA Website", "MFA", "Ukrainian neo-Nazis", "Kiev", "Ursula von der", "Ursula", "TASS",
                 "Foreign Minister", "Finance Minister", "State Duma", "Kremlin"):
        assert junk not in people, junk


def test_real_people_are_still_found(mentions: pd.DataFrame) -> None:
    """No over-filtering: a person the gazetteer does not know, named without a role, is found."""
    d2 = mentions[mentions["doc_id"] == "d2"]
    assert {"Sergey Lavrov", "Marco Rubio", "Narendra Modi", "Ivan Petrovsky", "Vladimir Putin"} <= set(d2["person"])
    modi = d2[d2["person"] == "Narendra Modi"]
    assert len(modi) == 2 and set(modi["side"]) == {"India"}  # "Modi" later is him, on his role's side
    assert d2.loc[d2["person"] == "Ivan Petrovsky", "side"].isna().all()  # no role, no side: unknown, not guessed


# ---------------------------------------------------------------------- surface variants


def test_surface_variants_of_a_known_person_merge(mentions: pd.DataFrame) -> None:
    d1 = mentions[mentions["doc_id"] == "d1"]
    putin = d1[d1["person"] == "Vladimir Putin"]
    assert len(putin) >= 3 and set(putin["actor_id"]) == {"vladimir_putin"}
    assert not any(p.startswith(("President ", "Mr ")) for p in mentions["person"])


def test_short_forms_of_an_unknown_person_merge_in_document_and_corpus(corpus, mentions: pd.DataFrame) -> None:  # type: ignore[no-untyped-def]
    later = mentions[mentions["doc_id"] == "d3"]
    assert set(later["person"]) == {"Nasser Bourita"} and len(later) == 2  # "Bourita" → the full name
    # written there without a role, he is on the side his role names elsewhere in the corpus
    assert set(later["side"]) == {"Morocco"} and set(later["side_from"]) == {"corpus"}
    cp = counterparts(corpus, speaker="all")
    row = cp[(cp["doc_id"] == "d0") & (cp["person"] == "Nasser Bourita")].iloc[0]
    assert row["mentions"] == 2 and row["side"] == "Morocco" and row["side_from"] == "role"
    assert len(cp[cp["person"].str.contains("Bourita")]["person"].unique()) == 1


def test_name_helpers() -> None:
    assert fuller_name("Bourita", ["Nasser Bourita"]) == "Nasser Bourita"
    assert fuller_name("N. Bourita", ["Nasser Bourita"]) == "Nasser Bourita"
    assert fuller_name("Mohammed bin Zayed", ["Mohammed bin Zayed Al Nahyan"]) == "Mohammed bin Zayed Al Nahyan"
    assert fuller_name("Smirnova", ["Anna Smirnova", "Olga Smirnova"]) is None  # two people: left alone
    assert fuller_name("Bourita", []) is None
    assert same_person("Tatyana Golikova", "Tatayana Golikova") and not same_person("Anna Smirnova", "Olga Smirnova")
    assert tidy_name("Tony Blair’s") == "Tony Blair" and tidy_name("Mikhail ALFIMOV") == "Mikhail Alfimov"
    assert tidy_name("Ronald] Reagan") == "Ronald Reagan"


def test_a_country_in_brackets_gives_the_side_and_awards_are_no_one(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Vladimir Putin received letters of credence from foreign ambassadors: Jean-Arthur Regibeau (Kingdom of "
        "Belgium), Rene Coto Sounon (Republic of Benin) and Gary Koren (State of Israel).\n\n"
        "The Northern Fleet was awarded the Order of Ushakov. Putin sent greetings to the Primakov Readings forum.",
        encoding="utf-8")
    (folder / "catalog.csv").write_text("id,file,date,source\na,a.txt,2017-02-20,Kremlin\n", encoding="utf-8")
    m = person_mentions(corpus_load(folder), speaker="all")
    sides = m.drop_duplicates("person").set_index("person")["side"].to_dict()
    assert sides.get("Rene Coto Sounon") == "Benin" and sides.get("Gary Koren") == "Israel"
    assert sides.get("Jean-Arthur Regibeau") == "Belgium"
    assert "Yuri Ushakov" not in sides and "Yevgeny Primakov" not in sides and "Primakov" not in sides
