"""Counterparts: people found and resolved by name, surname, role and date; interactions; themes; network; CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from lavrovkit import corpus_load
from lavrovkit.actors import ActorsError, actors_load
from lavrovkit.cli import main
from lavrovkit.counterparts import (
    comention_network,
    counterpart_themes,
    counterparts,
    interactions,
    is_person_name,
    person_mentions,
)


def one_doc(tmp_path: Path, text: str, date: str, name: str = "doc") -> pd.DataFrame:
    """Person mentions of a one-document corpus dated ``date`` (through a catalog)."""
    folder = tmp_path / name
    folder.mkdir()
    (folder / "a.txt").write_text(text, encoding="utf-8")
    (folder / "catalog.csv").write_text(f"id,file,date,source\na,a.txt,{date},TASS\n", encoding="utf-8")
    return person_mentions(corpus_load(folder), speaker="all")


# ---------------------------------------------------------------------- the seeds


def test_seed_people_by_document_and_side(seeds) -> None:  # type: ignore[no-untyped-def]
    cp = counterparts(seeds, speaker="all")
    us = cp[cp.side == "United States"].groupby("doc_id").person.apply(set).to_dict()
    assert us == {"000": {"Zalmay Khalilzad"}, "001": {"Rex Tillerson", "Thomas Shannon"}, "002": {"John Kerry"},
                  "003": {"Marco Rubio", "Barack Obama", "Donald Trump"}, "004": {"Donald Trump", "James Mattis"}}
    russians = set(cp[cp.side == "Russia"].person)
    assert {"Sergey Lavrov", "Igor Morgulov", "Sergey Ryabkov", "Vladimir Putin", "Sergey Shoigu"} <= russians
    un = cp[cp.side == "United Nations"].iloc[0]
    assert un.person == "Staffan de Mistura" and un.role == "Special Envoy for Syria (United Nations)"
    kerry = cp[cp.person == "John Kerry"].iloc[0]
    assert kerry.role == "Secretary of State (United States)" and kerry.date == pd.Timestamp("2016-08-27")
    assert "syria" in kerry.themes and "meeting" in kerry.interactions


def test_no_outlet_country_or_organisation_is_a_person(seeds) -> None:  # type: ignore[no-untyped-def]
    people = set(person_mentions(seeds, speaker="all").person)
    for not_a_person in ("TASS", "Sputnik", "CCTV", "Phoenix TV", "VTV", "Kiev", "Homs", "Washington", "Moscow",
                         "Jabhat al-Nusra", "ISIL", "Russia", "United States"):
        assert not_a_person not in people
    assert not is_person_name("Vietnam Television") and not is_person_name("Rossiya Segodnya")
    assert is_person_name("Zalmay Khalilzad") and is_person_name("Ivan Petrovsky")


def test_us_state_secretary_in_001_resolves_by_role_to_tillerson(seeds) -> None:  # type: ignore[no-untyped-def]
    m = person_mentions(seeds, speaker="all")
    role = m[(m.doc_id == "001") & (m.resolved_by == "role")].set_index("surface")
    assert role.loc["US State Secretary", "person"] == "Rex Tillerson"
    assert role.loc["his US counterpart", "person"] == "Rex Tillerson"
    assert role.loc["US Under Secretary of State for Political Affairs", "person"] == "Thomas Shannon"
    surname = m[(m.doc_id == "002") & (m.surface == "Kerry")]
    assert len(surname) >= 1 and set(surname.resolved_by) == {"surname"} and set(surname.person) == {"John Kerry"}


def test_seed_interactions(seeds) -> None:  # type: ignore[no-untyped-def]
    ev = interactions(seeds, speaker="all")
    call = ev[(ev.type == "phone_call") & ev.participants.map(lambda p: p == ["Rex Tillerson", "Sergey Lavrov"])]
    assert len(call) == 1 and call.iloc[0].date == pd.Timestamp("2017-10-09") and call.iloc[0].cameo == "041"
    talks = ev[(ev.type == "meeting") & ev.participants.map(lambda p: p == ["John Kerry", "Sergey Lavrov"])]
    assert len(talks) == 1 and talks.iloc[0].date == pd.Timestamp("2016-08-27") and talks.iloc[0].place == "Geneva"
    # contacts between other officials are events too, with both parties named
    assert ev.participants.map(lambda p: p == ["Igor Morgulov", "Zalmay Khalilzad"]).any()
    # Lavrov's "We met Staffan de Mistura." (not "de Mistura told a meeting in Geneva on Friday", which names no
    # contact of his): the speaker is a party; no date in its sentence or paragraph, so the report's
    mistura = ev[ev.participants.map(lambda p: "Staffan de Mistura" in p)].iloc[0]
    assert mistura.participants == ["Sergey Lavrov", "Staffan de Mistura"] and mistura.evidence.startswith('"We met')
    assert mistura.date == pd.Timestamp("2016-08-27") and mistura.date_from == "document"
    # "has several times held contacts": a habitual contact, which no single date dates
    afghan = ev[ev.participants.map(lambda p: p == ["Igor Morgulov", "Zalmay Khalilzad"])].iloc[0]
    assert pd.isna(afghan.date) and afghan.date_from == "unknown"
    # "ready to hold personal meetings with Rubio": a stated readiness to meet (invitation), not a held meeting
    assert ev[ev.participants.map(lambda p: "Marco Rubio" in p)].type.tolist() == ["invitation"]
    letter = ev[ev.type == "letter"].iloc[0]
    assert letter.participants == ["James Mattis", "Sergey Shoigu"] and "letter" in letter.evidence
    assert ev.evidence.map(bool).all() and set(ev.plover) >= {"CONSULT (mode: phone)", "CONSULT (mode: in person)"}


# ---------------------------------------------------------------------- resolution rules


def test_role_phrases_resolve_at_tenure_boundaries(tmp_path: Path) -> None:
    text = "The US Secretary of State said the talks would go on."
    # Kerry's last day, then the acting holder the day after, then Tillerson's first day
    assert set(one_doc(tmp_path, text, "2017-01-20", "d1").person) == {"John Kerry"}
    assert set(one_doc(tmp_path, text, "2017-01-21", "d2").person) == {"Thomas Shannon"}
    assert set(one_doc(tmp_path, text, "2017-02-01", "d3").person) == {"Rex Tillerson"}
    m = one_doc(tmp_path, text, "2018-03-31", "d4")
    assert set(m.person) == {"Rex Tillerson"} and set(m.resolved_by) == {"role"}
    assert m.iloc[0].role == "Secretary of State (United States)"
    gaz = actors_load()
    assert gaz.holder("Secretary of State", "United States", "2018-04-26") == "Mike Pompeo"


def test_aliases_surnames_and_counterpart_phrases(tmp_path: Path) -> None:
    m = one_doc(tmp_path, "Sergei Lavrov met Rex W. Tillerson in Manila. Lavrov and his US counterpart "
                          "discussed Syria.", "2017-08-07")
    names = m[["surface", "person", "resolved_by"]].values.tolist()
    assert ["Sergei Lavrov", "Sergey Lavrov", "name"] in names and ["Rex W. Tillerson", "Rex Tillerson", "name"] in names
    assert ["Lavrov", "Sergey Lavrov", "surname"] in names
    assert ["his US counterpart", "Rex Tillerson", "role"] in names
    m16 = one_doc(tmp_path, "Lavrov and his American counterpart discussed Syria.", "2016-09-09", "d16")
    assert m16[m16.resolved_by == "role"].person.tolist() == ["John Kerry"]


def test_unknown_people_stay_unresolved_with_their_sentence(tmp_path: Path) -> None:
    m = one_doc(tmp_path, "Moscow hosted Ivan Petrovsky, an adviser to the ministry, on Monday. "
                          "Petrovsky said the dialogue would go on.", "2019-03-04")
    unknown = m[m.resolved_by == "unresolved"]
    assert set(unknown.person) == {"Ivan Petrovsky"} and len(unknown) == 2
    assert unknown.side.isna().all() and set(unknown.sentence_id) == {0, 1}


@pytest.mark.parametrize(("content", "message"), [
    ("actors:\n  - id: x\n    name: X Y\n", "actor 'x': missing required key 'side'"),
    ("actors:\n  - id: x\n    name: X Y\n    side: Russia\n    colour: red\n", "actor 'x': unknown key(s) ['colour']"),
    ("actors:\n  - id: x\n    name: X Y\n    side: Russia\n    roles:\n      - role: Minister\n        start: 2020-13-01\n",
     "actor 'x', role #1: start '2020-13-01' is not an ISO date"),
    ("actors:\n  - id: x\n    name: X Y\n    side: Russia\n    roles:\n      - role: Minister\n"
     "        start: 2020-01-01\n        end: 2019-01-01\n", "actor 'x', role #1: end 2019-01-01 is before start"),
    ("actors: [\n", "not valid YAML"),
])
def test_malformed_actors_file_names_the_entry(tmp_path: Path, content: str, message: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ActorsError) as err:
        actors_load(path)
    assert str(path) in str(err.value) and message in str(err.value)
    assert main(["counterparts", "--actors", str(path)]) == 2
    err_line = capsys.readouterr().err
    assert err_line.startswith("lavrovkit: error:") and len(err_line.strip().splitlines()) == 1


# ---------------------------------------------------------------------- themes, network, CLI


def test_themes_per_counterpart_and_network(seeds) -> None:  # type: ignore[no-untyped-def]
    ct = counterpart_themes(seeds, speaker="all")
    kerry = ct[ct.person == "John Kerry"].set_index("theme")
    assert kerry.loc["syria", "sentences"] >= 2 and kerry.loc["syria", "side"] == "United States"
    lavrov = ct[ct.person == "Sergey Lavrov"]
    assert lavrov.documents.max() >= 3  # his quoted sentences count for him
    g = comention_network(seeds, speaker="all")
    assert g.nodes["John Kerry"]["kind"] == "person" and g.nodes["John Kerry"]["side"] == "United States"
    assert g.has_edge("John Kerry", "theme: syria") and g.has_edge("Rex Tillerson", "Sergey Lavrov")


def test_cli_counterparts_and_interactions(seeds, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    # people and events default to all text (readouts are narration), on the command line as in Python
    assert main(["counterparts", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    need = {"doc_id", "date", "person", "side", "role", "resolved_by", "mentions", "interactions", "themes"}
    assert rows and all(need <= set(r) for r in rows)
    assert {r["person"] for r in rows} == set(counterparts(seeds)["person"])
    everyone = counterparts(seeds, speaker="all")
    tillerson = everyone[everyone["person"] == "Rex Tillerson"].iloc[0]
    assert str(tillerson["date"].date()) == "2017-10-09" and tillerson["interactions"] == ["phone_call"]
    assert main(["counterparts", "--side", "United Nations", "--format", "csv"]) == 0
    listed = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert set(listed["person"]) == set(counterparts(seeds, side="United Nations")["person"])
    assert "Staffan de Mistura" in set(counterparts(seeds, side="United Nations", speaker="all")["person"])
    assert main(["interactions", "--format", "json"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert all({"type", "date", "participants", "place", "evidence"} <= set(e) for e in events)
    assert len(events) == len(interactions(seeds)) == len(interactions(seeds, speaker="all"))
    assert any(e["type"] == "phone_call" and e["date"].startswith("2017-10-09") for e in events)
    every_event = interactions(seeds, speaker="all")
    assert ((every_event["type"] == "meeting") & (every_event["place"] == "Geneva")).any()


def test_a_span_the_model_calls_a_place_elsewhere_is_not_a_person() -> None:
    corpus = corpus_load().annotate(progress=False)
    ents = corpus.entities
    place = ents[(ents.text == "North Korea") & (ents.label == "GPE")].iloc[0]
    planted = place.copy()
    planted["label"] = "PERSON"  # what the small model sometimes does with "Saint Lucia" or "Sri Lanka"
    corpus._annotated["entities"] = pd.concat([ents[ents.index != place.name], planted.to_frame().T],
                                              ignore_index=True)
    corpus.memo.clear()
    assert "North Korea" not in set(person_mentions(corpus, speaker="all").person)


# ---------------------------------------------------------------------- a filtered corpus reads the cache


def _module():  # type: ignore[no-untyped-def]
    import sys

    return sys.modules["lavrovkit.counterparts"]  # the package's name `counterparts` is the function


def _uncached(corpus, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The same corpus with an empty cache for derived tables: everything computed afresh."""
    import dataclasses

    alone = corpus._subset(corpus.documents["doc_id"])
    alone.options = dataclasses.replace(alone.options, cache_dir=str(tmp_path))
    return alone


@pytest.mark.parametrize("start,end", [("2018-01-01", None), (None, "2017-12-31"), ("2017-01-01", "2019-12-31")])
def test_a_date_filtered_corpus_reads_the_whole_corpus_rows(seeds, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            start: str | None, end: str | None) -> None:  # type: ignore[no-untyped-def]
    """The semantics: a filtered corpus is a corpus (its corpus-wide evidence, the names its model calls places
    and the fuller names it writes, is its own), so its mentions are those computed afresh on it; on the seeds
    they are the whole corpus's rows for its documents, read from the cache (no document computed again)."""
    cp = _module()
    full = corpus_load().annotate(progress=False)
    whole = person_mentions(full, speaker="all")
    sub = full.filter(start=start, end=end)
    calls: list[str] = []
    original = cp._document_mentions
    monkeypatch.setattr(cp, "_document_mentions", lambda text, *a: calls.append(text) or original(text, *a))
    got = person_mentions(sub, speaker="all")
    assert calls == []
    part = whole[whole["doc_id"].isin(set(sub.documents["doc_id"]))].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, part)
    assert len(got) and set(got["doc_id"]) < set(whole["doc_id"])
    fresh = person_mentions(_uncached(sub, tmp_path), speaker="all")
    assert len(calls) == len(sub)  # computed afresh there, and equal
    pd.testing.assert_frame_equal(got, fresh)
    # the interactions too: keyed by each document's mentions, not by the corpus-wide list
    calls.clear()
    ev = interactions(full, speaker="all")
    sub_ev = interactions(full.filter(start=start, end=end), speaker="all")
    pd.testing.assert_frame_equal(sub_ev, ev[ev["doc_id"].isin(set(sub.documents["doc_id"]))].reset_index(drop=True))


def test_a_document_whose_names_the_filtered_corpus_answers_otherwise_is_computed_again(
        seeds, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """A name one document asked about, which the sub-corpus's model calls a place more often than a person:
    that document's rows are computed with the sub-corpus's list (and equal a fresh computation); the
    others are read."""
    cp = _module()
    full = corpus_load().annotate(progress=False)
    person_mentions(full, speaker="all")
    sub = full.filter(start="2018-01-01")
    asked: dict[str, set[str]] = {}
    original_mentions = cp._mentions

    def recording(corpus, gaz, elsewhere, record=None):  # type: ignore[no-untyped-def]
        record = [] if record is None else record
        out = original_mentions(corpus, gaz, elsewhere, record)
        for doc_id, name, _ in record:
            asked.setdefault(name, set()).add(doc_id)
        return out

    monkeypatch.setattr(cp, "_mentions", recording)
    person_mentions(_uncached(sub, tmp_path / "a"), speaker="all")
    name, docs = next((n, d) for n, d in sorted(asked.items()) if len(d) < len(sub))
    original_elsewhere = cp._elsewhere

    def more(corpus):  # type: ignore[no-untyped-def]
        names, _ = original_elsewhere(corpus)
        if len(corpus) == len(sub):
            names = names | {name}
        return names, cp.digest(*sorted(names))

    monkeypatch.setattr(cp, "_elsewhere", more)
    calls: list[str] = []
    original = cp._document_mentions
    monkeypatch.setattr(cp, "_document_mentions", lambda text, *a: calls.append(text) or original(text, *a))
    got = person_mentions(full.filter(start="2018-01-01"), speaker="all")
    texts = sub.documents.set_index("doc_id")["text"]
    assert sorted(calls) == sorted(texts[sorted(docs)].tolist())
    calls.clear()
    pd.testing.assert_frame_equal(got, person_mentions(_uncached(sub, tmp_path / "b"), speaker="all"))
    assert len(calls) == len(sub)
