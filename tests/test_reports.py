"""Reports: a curated notebook rendered to HTML over the seeds, a failing notebook, escaped document text."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from lavrovkit.cli import main
from lavrovkit.reports import ReportError, render_all

from .conftest import ROOT, SEEDS


@pytest.fixture(scope="module")
def overview(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("reports")
    results = render_all(["01_corpus_overview"], out_dir=out)
    assert [(r.name, r.ok, r.error) for r in results] == [("01_corpus_overview", True, None)]
    return out, (out / "01_corpus_overview.html").read_text(encoding="utf-8")


def test_overview_report_lists_the_five_seeds_with_their_dates(overview: tuple[Path, str]) -> None:
    _, page = overview
    expected = {"000": "2019-02-24", "001": "2017-10-09", "002": "2016-08-27", "003": "2025-11-09",
                "004": "2018-12-24"}
    for doc_id, date in expected.items():
        assert re.search(rf"<td>{doc_id}</td>\s*<td>{date}</td>", page), (doc_id, date)
    assert "5 of 5 documents" in page
    assert page.count("<img") >= 4  # timeline, words by source, share per document, word cloud


def test_report_hides_code_and_ends_with_the_reproducibility_footer(overview: tuple[Path, str]) -> None:
    out, page = overview
    assert "import lavrovkit" not in page and "table_html(" not in page
    footer = page[page.index("Reproducibility"):]
    for what in ("lavrovkit", "spaCy model", "en_core_web_sm", "fingerprint", "parameters", "rendered"):
        assert what in footer, what
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="01_corpus_overview.html"' in index and ">ok<" in index
    assert not list(out.glob(".*"))  # no temporary or executed notebooks left behind


def test_document_text_is_escaped_in_the_report(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "000_f2895449ac41416b.txt", corpus / "a.txt")
    (corpus / "catalog.csv").write_text(
        "id,file,date,source,title\n"
        'a,a.txt,2019-02-24,<img src=x onerror="alert(1)">,"<script>document.title=\'pwned\'</script>"\n',
        encoding="utf-8")
    results = render_all(["01_corpus_overview"], {"corpus": str(corpus)}, out_dir=tmp_path / "out")
    assert results[0].ok, results[0].error
    page = results[0].html.read_text(encoding="utf-8")
    assert "<script>document.title" not in page and "<img src=x" not in page
    assert "&lt;script&gt;document.title" in page and "&lt;img src=x onerror=" in page


def test_failing_notebook_still_writes_html_marked_failed(tmp_path: Path) -> None:
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nb = json.loads((ROOT / "notebooks" / "01_corpus_overview.ipynb").read_text(encoding="utf-8"))
    shutil.copy(ROOT / "notebooks" / "01_corpus_overview.ipynb", folder / "01_corpus_overview.ipynb")
    nb["cells"].insert(2, {"cell_type": "code", "id": "planted", "metadata": {}, "execution_count": None, "outputs": [],
                           "source": "raise RuntimeError('planted failure')"})
    (folder / "02_broken.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    results = render_all(None, out_dir=tmp_path / "out", folder=folder)
    status = {r.name: (r.ok, r.error) for r in results}
    assert status["01_corpus_overview"] == (True, None)
    assert status["02_broken"] == (False, "RuntimeError: planted failure")
    broken = (tmp_path / "out" / "02_broken.html").read_text(encoding="utf-8")
    assert "This report FAILED while running" in broken and "planted failure" in broken
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "FAILED: RuntimeError: planted failure" in index


def test_unknown_report_or_parameter_is_refused_before_anything_runs(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ReportError, match="unknown report '99_nothing'; curated notebooks: 00_explore, 01_corpus_overview, 02_themes, "):
        render_all(["99_nothing"], out_dir=tmp_path)
    with pytest.raises(ReportError, match="unknown parameter.s. colour; 01_corpus_overview take: catalog, catalog_on, corpus, duplicates, end"):
        render_all(["01_corpus_overview"], {"colour": "red"}, out_dir=tmp_path)
    assert main(["report", "01_corpus_overview", "-p", "colour", "red", "--out", str(tmp_path)]) == 2
    assert "unknown parameter(s) colour" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_themes_report_renders_trends_evidence_and_topics(tmp_path: Path) -> None:
    # speaker "all": every sentence (the default "auto" counts Lavrov's own: Syria 37, Ukraine 10)
    results = render_all(["02_themes"], {"themes": ["syria", "ukraine"], "grain": "quarter", "top": 2,
                                         "speaker": "all"}, out_dir=tmp_path)
    assert results[0].ok, results[0].error
    page = results[0].html.read_text(encoding="utf-8")
    assert "Syria: 63 sentence(s)" in page and "Ukraine: 17 sentence(s)" in page
    assert "(all text)" in page
    assert "Korean Peninsula:" not in page  # only the themes asked for
    assert "<mark>Aleppo</mark>" in page or "<mark>Syria</mark>" in page
    assert "Topics of the paragraphs" in page  # the embedding topics, and what the taxonomy misses
    assert ("carry no taxonomy theme in most of their paragraphs" in page
            or "Every topic is covered" in page)
    assert page.count("<img") >= 5  # prevalence, heat map, word clouds, topic sizes, topic trends
    assert "themes=[&#x27;syria&#x27;, &#x27;ukraine&#x27;]" in page or "themes=['syria', 'ukraine']" in page


def test_counterparts_report_renders_people_interactions_and_network(tmp_path: Path) -> None:
    results = render_all(["03_counterparts"], {"side": "United States"}, out_dir=tmp_path)
    assert results[0].ok, results[0].error
    page = results[0].html.read_text(encoding="utf-8")
    for person in ("Rex Tillerson", "John Kerry", "Zalmay Khalilzad", "Marco Rubio", "James Mattis"):
        assert person in page, person
    assert "Rex Tillerson – Sergey Lavrov" in page and "<mark>Phone Talk</mark>" in page
    dates = re.findall(r"<td>(\d{4}-\d{2}-\d{2})</td>\s*<td>(?:meeting|phone_call|letter|invitation)</td>", page)
    assert dates and dates == sorted(dates)  # interactions earliest first
    assert page.count("<img") >= 4 and "side=&#x27;United States&#x27;" in page or "side='United States'" in page


def test_command_line_parameters_are_typed_like_their_defaults() -> None:
    from lavrovkit.reports import parse_parameters

    got = parse_parameters([("pattern", "{country}_{session}_{year}.txt"), ("top", "3"), ("themes", "syria,ukraine"),
                            ("grain", "2019"), ("start", "2016-01-01")], ["02_themes"])
    assert got == {"pattern": "{country}_{session}_{year}.txt", "top": 3, "themes": ["syria", "ukraine"],
                   "grain": "2019", "start": "2016-01-01"}
    assert parse_parameters([("themes", "[syria]")], ["02_themes"]) == {"themes": ["syria"]}
    with pytest.raises(ReportError, match="parameter 'top' takes a whole number .default 5.; got 'many'"):
        parse_parameters([("top", "many")], ["02_themes"])
    with pytest.raises(ReportError, match="unknown parameter.s. colour; 02_themes take: catalog, catalog_on, corpus, duplicates, end, grain"):
        parse_parameters([("colour", "red")], ["02_themes"])


def test_phrasing_report_renders_trends_keyness_tone_and_saves_clouds(tmp_path: Path) -> None:
    results = render_all(["04_phrasing"], {"speaker": "all", "split": "2019-01-01", "png_dir": str(tmp_path / "png"),
                                           "phrases": ["dialogue", "irritants"]}, out_dir=tmp_path)
    assert results[0].ok, results[0].error
    page = results[0].html.read_text(encoding="utf-8")
    assert "“dialogue”: 19 uses" in page and "“irritants”: 2 uses" in page
    assert "Strongest key terms of the target period" in page and "Tone by year, with" in page
    assert "key in 2019-01-01:" in page or "2019-01-01:" in page
    assert page.count("<img") >= 6
    pngs = sorted(p.name for p in (tmp_path / "png").glob("*.png"))
    assert pngs == ["key_reference.png", "key_target.png"]
    assert all((tmp_path / "png" / p).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)


def test_relative_paths_resolve_against_the_callers_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lavrovkit.reports import resolve_paths

    (tmp_path / "mycorpus").mkdir()
    monkeypatch.chdir(tmp_path)
    assert resolve_paths({"corpus": "mycorpus", "top": 3}) == {"corpus": str(tmp_path / "mycorpus"), "top": 3}
    assert resolve_paths({"corpus": ""}) == {"corpus": ""}  # empty: the bundled seeds
    with pytest.raises(ReportError, match="parameter corpus: nowhere does not exist"):
        render_all(["01_corpus_overview"], {"corpus": "nowhere"}, out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("names", "params", "message"), [
    (["02_themes"], {"top": "five"}, "parameter 'top' takes a whole number (default 5); got 'five' (str)"),
    (["02_themes"], {"themes": "syria"}, "parameter 'themes' takes a list"),
    (["02_themes"], {"themes": ["syria", "climate"]}, "parameter 'themes': unknown theme(s) climate"),
    (["02_themes"], {"grain": "decade"}, "parameter 'grain': 'decade' is not one of auto, doc, month, quarter, year"),
    (["01_corpus_overview"], {"start": "2019-01-01", "end": "2018-01-01"},
     "parameter 'end' (2018-01-01) is before 'start' (2019-01-01)"),
    (["01_corpus_overview"], {"start": "24/02/2019"}, "parameter 'start': '24/02/2019' is not a date"),
    (["03_counterparts"], {"side": "Atlantis"}, "parameter 'side': 'Atlantis' is not a side in the actors file"),
])
def test_bad_parameters_stop_before_any_kernel(tmp_path: Path, names: list[str], params: dict, message: str) -> None:
    with pytest.raises(ReportError) as err:
        render_all(names, params, out_dir=tmp_path / "out")
    assert message in str(err.value)
    assert not (tmp_path / "out").exists()


def test_parameter_sets_get_distinct_readable_names_inside_the_output_folder(tmp_path: Path) -> None:
    sets = [{"start": "2016-01-01", "end": "2017-12-31"}, {"start": "2018-01-01", "end": "2019-12-31"}, {}]
    results = render_all(["01_corpus_overview"], sets, out_dir=tmp_path)
    names = [r.html.name for r in results]
    assert names == ["01_corpus_overview--end-2017-12-31--start-2016-01-01.html",
                     "01_corpus_overview--end-2019-12-31--start-2018-01-01.html", "01_corpus_overview.html"]
    assert all(r.ok and r.html.parent == tmp_path for r in results)
    assert "2 of 5 documents" in results[0].html.read_text(encoding="utf-8")
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{n}"' in index for n in names)
    from lavrovkit.reports import report_name

    evil = report_name("01_corpus_overview", {"corpus": "../../etc/passwd", "speaker": "<script>/../x"})
    assert "/" not in evil and "<" not in evil and ".." not in evil


def test_a_speaker_who_says_nothing_fails_with_the_speakers_there_are(tmp_path: Path) -> None:
    results = render_all(["04_phrasing"], {"speaker": "John Kerry"}, out_dir=tmp_path)
    assert not results[0].ok
    assert results[0].error.startswith("SpeakerError: no sentence is spoken by 'John Kerry'; speakers in this "
                                       "corpus: Sergey Lavrov")
    assert "This report FAILED while running" in results[0].html.read_text(encoding="utf-8")


def test_the_duplicates_parameter_is_checked_before_anything_runs(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="parameter 'duplicates': 'some' is not one of keep, drop"):
        render_all(["01_corpus_overview"], {"duplicates": "some"}, tmp_path)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(("params", "message"), [
    ({"start": "2030-01-01"}, "no document from 2030-01-01 to the last; the corpus covers 2016-08-27 to 2025-11-09"),
    ({"corpus": "", "target": "2021-01-01:2023-12-31"}, "parameter 'target': no document in 2021-01-01:2023-12-31"),
    ({"split": "2030-01-01"}, "parameter 'split': 2030-01-01 leaves one side without documents"),
])
def test_dates_outside_the_corpus_stop_before_any_kernel(tmp_path: Path, params: dict, message: str) -> None:
    names = ["04_phrasing"] if "start" not in params else ["01_corpus_overview"]
    with pytest.raises(ReportError) as err:
        render_all(names, params, out_dir=tmp_path / "out")
    assert message in str(err.value)
    assert not (tmp_path / "out").exists()
