"""Real sources: saved official pages, transcripts and channel exports (small invented texts in real shapes).

The pages in ``tests/data/pages`` imitate en.kremlin.ru, mid.ru, a news agency,
the Ministry's Telegram channel and plain-text transcripts (see its README);
``truth.jsonl`` holds what a reader sees in them. The figures asserted here are
the ones ``bench/webpages.py`` measures on the real development pages.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

import lavrovkit as lk
from tests.conftest import DATA, ROOT

PAGES = DATA / "pages"
sys.path.insert(0, str(ROOT / "bench"))
import webpages  # noqa: E402


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> lk.Corpus:
    folder = tmp_path_factory.mktemp("pages")
    for f in PAGES.iterdir():
        if f.suffix in (".html", ".txt"):
            shutil.copy(f, folder / f.name)
    return lk.corpus_load(folder).annotate(progress=False)


@pytest.fixture(scope="module")
def channel() -> lk.Corpus:
    return lk.corpus_load(PAGES / "telegram_mfa_en.csv").annotate(progress=False)


def _sentences(corpus: lk.Corpus, doc_id: str):  # type: ignore[no-untyped-def]
    return corpus.sentences[corpus.sentences.doc_id == doc_id]


def test_the_figures_on_the_test_pages(pages: lk.Corpus, channel: lk.Corpus) -> None:
    truth = webpages.read_truth(PAGES / "truth.jsonl")
    got = webpages.score(pages, truth, lk.interactions(pages, speaker="all"))
    assert got["dates"]["n"] == got["dates"]["of"] == 15
    assert got["titles"]["n"] == got["titles"]["of"] == 15
    assert got["turn_sentences_right_speaker"]["ratio"] >= 0.9
    assert got["narration_sentences_given_a_speaker"]["n"] == 0
    assert got["standfirst_kept"]["ratio"] == 1.0
    assert got["furniture_share_of_kept"]["ratio"] <= 0.005
    assert got["readouts_found"]["n"] == got["readouts_found"]["of"]
    posts = webpages.score(channel, truth, lk.interactions(channel, speaker="all"))
    assert posts["turn_sentences_right_speaker"]["ratio"] >= 0.85
    assert posts["narration_sentences_given_a_speaker"]["n"] == 0


def test_kremlin_meeting_transcript_turns_roles_and_page_metadata(pages: lk.Corpus) -> None:
    s = _sentences(pages, "kremlin_transcript_1")
    lavrov = s[s.speaker == "Sergey Lavrov"]
    assert len(lavrov) >= 3 and set(lavrov.speaker_how) == {"turn"}
    assert set(lavrov.speaker_role.dropna()) == {"Foreign Minister"}
    assert "Vladimir Putin" in set(s.speaker)
    text = " ".join(s.text)
    assert "Lavrov Sergei" not in text  # the hidden tooltip of the person link
    assert "All content on this site is licensed" not in pages.documents.set_index("doc_id").at[
        "kremlin_transcript_1", "text"]
    paras = pages.paragraphs[pages.paragraphs.doc_id == "kremlin_transcript_1"]
    assert paras.part.tolist()[:2] == ["headline", "standfirst"]
    prov = pages.provenance[(pages.provenance.doc_id == "kremlin_transcript_1") & pages.provenance.used]
    date = prov[prov.field == "date"].iloc[0]
    assert (date.value, date.origin) == ("2020-09-17", "page") and "datePublished" in date.evidence
    own = pages.own_words("Lavrov")
    assert "kremlin_transcript_1" in set(own.doc_id) and "mid_transcript_1" in set(own.doc_id)


def test_plain_transcript_initials_notes_and_section_breaks(pages: lk.Corpus) -> None:
    s = _sentences(pages, "transcript_plain_1")
    assert {"Sergey Lavrov", "question", "moderator", "interpreter", "remark"} <= set(s.speaker.dropna())
    reads = s[s.text.str.contains("The statement reads")]
    after = s[s.text.str.startswith("After the meeting")]
    assert (reads.speaker_how != "turn").all() and after.speaker.isna().all()  # the statement is quoted, no turn
    assert s[s.text.str.startswith("Note:")].speaker.isna().all()


def test_channel_posts_give_lavrov_his_answers(channel: lk.Corpus) -> None:
    own = channel.own_words("Sergey Lavrov")
    assert len(own) >= 5 and set(own.speaker_how) == {"turn"}
    questions = channel.own_words("question")
    assert len(questions) >= 1 and not set(questions.doc_id) - set(channel.documents.doc_id)


def test_readouts_give_their_events_with_unknown_parties_and_roles(pages: lk.Corpus) -> None:
    ev = lk.interactions(pages, speaker="all")
    readout = ev[ev.doc_id == "kremlin_readout_phone"]
    # the call, and "their talks in Savonlinna last summer": an earlier meeting, which no day dates
    assert readout.type.tolist() == ["phone_call", "meeting"] and readout.date_from.tolist()[1] == "unknown"
    phone = readout[readout.type == "phone_call"]
    assert set(phone.participants.iloc[0]) == {"Vladimir Putin", "Sauli Niinistö"}
    assert str(phone.date.iloc[0].date()) == "2019-06-12" and phone.mentions.iloc[0] >= 2  # "The presidents ..."
    met = ev[ev.doc_id == "kremlin_readout_unknown"]
    assert any("Bounthavy Sisoulath" in p for p in met.participants)
    m = lk.person_mentions(pages, speaker="all")
    row = m[(m.person == "Bounthavy Sisoulath")].iloc[0]
    assert row.resolved_by == "unresolved" and "Foreign Minister" in row.role


def test_two_articles_in_one_file_keep_the_second(pages: lk.Corpus) -> None:
    text = pages.documents.set_index("doc_id").at["two_articles_joined", "text"]
    truth = next(t for t in webpages.read_truth(PAGES / "truth.jsonl") if t.get("file") == "two_articles_joined.txt")
    assert truth["paragraphs"][-1]["text"] in text


def test_duplicates_are_found_and_can_be_dropped(pages: lk.Corpus, tmp_path: Path) -> None:
    groups = pages.duplicates()
    pairs = {(r.doc_id, r.kept_doc_id) for r in groups.itertuples() if r.kind != "kept"}
    assert ("kremlin_readout_governor_print", "kremlin_readout_governor") in pairs \
        or ("kremlin_readout_governor", "kremlin_readout_governor_print") in pairs
    for f in ("kremlin_readout_governor.html", "kremlin_readout_governor_print.html", "news_interview.html"):
        shutil.copy(PAGES / f, tmp_path / f)
    dropped = lk.corpus_load(tmp_path, duplicates="drop")
    assert len(dropped) == 2 and dropped.duplicate_policy == "drop"
    assert len(dropped.duplicates()) == 2  # the dropped copy stays listed
    with pytest.raises(ValueError, match="duplicates='maybe'"):
        lk.corpus_load(tmp_path, duplicates="maybe")


def test_a_label_reads_role_name_and_generic_speakers() -> None:
    from lavrovkit.segment import paragraphs_of, read_label

    lab = read_label("President of Turkey Recep Tayyip Erdogan: Thank you.")
    assert (lab.name, lab.role) == ("Recep Tayyip Erdogan", "President of Turkey")
    assert read_label("💬 S.Lavrov: We are ready.").initials
    assert read_label("The statement reads: we are ready.") is None
    assert read_label("Note: times are local.") is None
    assert read_label("Mr. President: I congratulate you on your election.") is None  # a salutation
    assert read_label("Hence, the question: what next?") is None
    assert read_label("President of Egypt Abdel Fattah el-Sisi: Thank you.").name == "Abdel Fattah el-Sisi"
    assert read_label("President of Russian Railways Vladimir Yakunin: Yes.").role == "President of Russian Railways"
    text = "Vladimir Putin: Good afternoon.\n\n<…>\n\nWe begin.\n\nKurds\n\nThe talks went on."
    assert [p.speaker for p in paragraphs_of(text)] == ["Vladimir Putin", "Vladimir Putin", "Vladimir Putin",
                                                         None, None]


def test_cleaning_in_two_processes_gives_the_same_tables(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import lavrovkit.build as build_module

    for f in PAGES.iterdir():
        if f.suffix in (".html", ".txt"):
            shutil.copy(f, tmp_path / f.name)
    monkeypatch.setattr(build_module, "CLEAN_CHUNK", 4)  # several chunks from a small folder
    one = lk.corpus_load(tmp_path, cache=False)
    two = lk.corpus_load(tmp_path, cache=False, jobs=2, progress=False)
    for name in ("documents", "paragraphs", "provenance", "cleaning"):
        assert getattr(one, name).equals(getattr(two, name)), name
    assert one.documents.set_index("doc_id").at["kremlin_transcript_1", "place"] == "Novo-Ogaryovo, Moscow Region"


def test_a_page_is_parsed_once_for_its_text_and_its_metadata(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Cleaning makes the page's Page; the metadata step reads that Page and never parses the HTML again."""
    import lxml.html

    from lavrovkit import build as build_module
    from lavrovkit.actors import actors_load
    from lavrovkit.load import read_corpus

    shutil.copy(PAGES / "kremlin_readout_phone.html", tmp_path / "page.html")
    raw = read_corpus(tmp_path).documents[0]
    assert raw.is_html
    calls: list[str] = []
    for name in ("document_fromstring", "fromstring"):
        real = getattr(lxml.html, name)

        def counted(*args: object, _real: object = real, _name: str = name, **kwargs: object) -> object:
            calls.append(_name)
            return _real(*args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(lxml.html, name, counted)
    row, prov, _, _ = build_module._document(raw, actors_load())
    assert calls == ["document_fromstring"]
    assert {p["field"] for p in prov if p["origin"] == "page"} >= {"date", "title"}  # the metadata came from the Page
    assert row["title"] and row["date"]
