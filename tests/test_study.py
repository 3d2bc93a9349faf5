"""A notebook's set-up call and a new study folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import lavrovkit as lk
from lavrovkit.errors import ReportError

PARAMETERS_CELL = '''# Parameters (papermill injects new values below this cell)
corpus = ""  # corpus folder
start = ""  # first date
end = ""  # last date
speaker = "auto"  # whose words
duplicates = "keep"  # copies
'''
INJECTED_CELL = '''# Parameters
start = "2019-01-01"
'''


def test_setup_reads_the_notebooks_own_parameters_and_injected_values(capsys: pytest.CaptureFixture[str]) -> None:
    namespace = {"In": ["", PARAMETERS_CELL, INJECTED_CELL], "corpus": "", "start": "2019-01-01", "end": "",
                 "speaker": "auto", "duplicates": "keep", "unrelated": 42}
    study = lk.study_setup(namespace)
    assert list(study.parameters) == ["corpus", "start", "end", "speaker", "duplicates"]
    assert study.parameters["start"] == "2019-01-01"
    assert len(study.full) == 5 and len(study.corpus) == 2
    assert str(study.corpus.documents["date"].min().date()) >= "2019-01-01"
    assert study.speaker == "Sergey Lavrov" and study.who == "Sergey Lavrov"
    line = capsys.readouterr().out.strip()
    assert line.startswith("2 of 5 documents from 2019-01-01, 923 words") and "Sergey Lavrov's own words" in line
    footer = study.footer().data
    assert "start=&#x27;2019-01-01&#x27;" in footer and "unrelated" not in footer


def test_setup_checks_parameters_when_no_report_checked_them() -> None:
    namespace = {"In": ["", PARAMETERS_CELL], "corpus": "", "start": "2019-02-30", "end": "", "speaker": "auto",
                 "duplicates": "keep"}
    with pytest.raises(ReportError, match="'start': '2019-02-30' is not a date"):
        lk.study_setup(namespace)
    with pytest.raises(ReportError, match="'duplicates': 'some' is not one of keep, drop"):
        lk.study_setup(duplicates="some")


def test_setup_with_a_speaker_nobody_is_all_text_named() -> None:
    study = lk.study_setup(speaker="all")
    assert study.speaker == "all" and study.who is None and study.whose == "all text"


def test_init_wires_the_notebooks_to_the_studys_own_data_files(tmp_path: Path) -> None:
    written = lk.study_init(tmp_path / "s")
    assert (tmp_path / "s" / "data" / "themes.yaml").read_text() == \
        (Path(lk.__file__).parent / "data" / "themes.yaml").read_text()
    cells = json.loads((tmp_path / "s" / "notebooks" / "03_counterparts.ipynb").read_text())["cells"]
    params = next(c for c in cells if "parameters" in c["metadata"].get("tags", []))
    assert 'actors = "../data/actors.yaml"' in "".join(params["source"])
    assert all(p.exists() for p in written)
    with pytest.raises(lk.LavrovkitError, match="not an empty folder"):
        lk.study_init(tmp_path / "s")


def test_a_study_report_checks_themes_against_the_studys_own_taxonomy(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:

    lk.study_init(tmp_path / "s")
    themes = tmp_path / "s" / "data" / "themes.yaml"
    themes.write_text(themes.read_text() + """
  - id: arctic
    label: Arctic
    description: The Arctic.
    rules:
      - terms: [arctic]
""")
    monkeypatch.chdir(tmp_path / "s")
    import lavrovkit.reports as reports

    rendered: list[dict] = []

    def checked_only(name: str, params: dict, out_dir: Path, **kw: object) -> reports.ReportResult:
        rendered.append(params)  # the check passed; running the notebook is another test's business
        return reports.ReportResult(name=name, html=Path(out_dir) / f"{name}.html", ok=True, parameters=params)

    monkeypatch.setattr(reports, "render", checked_only)
    reports.render_all(["02_themes"], {"themes": ["arctic"]}, out_dir=tmp_path / "out")
    assert rendered == [{"themes": ["arctic"]}]
    with pytest.raises(ReportError, match="unknown theme.*atlantis"):
        reports.render_all(["02_themes"], {"themes": ["atlantis"]}, out_dir=tmp_path / "out")


def test_setup_keeps_the_notebooks_parameters_when_a_report_injects_some() -> None:
    own = '# Parameters (papermill injects new values below this cell)\ncorpus = ""\nstart = ""\nspeaker = "auto"\n'
    namespace = {"In": ["", own, '# Parameters\nstart = "2019-01-01"\n'], "corpus": "", "start": "2019-01-01",
                 "speaker": "auto"}
    study = lk.study_setup(namespace)
    assert set(study.parameters) == {"corpus", "start", "speaker"} and study.speaker == "Sergey Lavrov"
    # a parameters cell without the kit's header: the known names with literal values still count
    namespace = {"In": ["", 'corpus = ""\nspeaker = "all"\n', '# Parameters\nstart = "2019-01-01"\n'],
                 "corpus": "", "start": "2019-01-01", "speaker": "all", "c": object()}
    study = lk.study_setup(namespace)
    assert study.speaker == "all" and len(study.corpus) == 2


def test_setup_refuses_a_value_of_the_wrong_type_and_reads_an_empty_speaker_as_all_text() -> None:
    namespace = {"In": ["", PARAMETERS_CELL], "corpus": "", "start": 2019, "end": "", "speaker": "auto",
                 "duplicates": "keep"}
    with pytest.raises(ReportError, match="parameter 'start' takes a text"):
        lk.study_setup(namespace)
    assert lk.study_setup(speaker="").speaker == "all"


def test_in_a_notebook_the_kits_warnings_read_as_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import warnings

    from lavrovkit.errors import SmallBaseWarning

    monkeypatch.setattr(warnings, "formatwarning", warnings.formatwarning)  # put back after the test
    lk.study_setup({"In": ["", PARAMETERS_CELL], "corpus": "", "start": "", "end": "", "speaker": "auto",
                    "duplicates": "keep"})
    kit = warnings.formatwarning(SmallBaseWarning("keyness: reference side has 997 words"), SmallBaseWarning,
                                 "/tmp/ipykernel_1/123.py", 1)
    assert kit == "SmallBaseWarning: keyness: reference side has 997 words\n"
    other = warnings.formatwarning(UserWarning("other"), UserWarning, "/tmp/x.py", 3)
    assert "/tmp/x.py:3: UserWarning: other" in other
