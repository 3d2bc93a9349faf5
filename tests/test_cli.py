"""The command line as a user meets it: every mistake is one line and exit 2, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from lavrovkit.cli import main

from .conftest import SEEDS


def _one_line_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) >= 1 and err[-1].startswith("lavrovkit: error: "), err
    assert not any("Traceback" in line for line in err)
    return err[-1]


def test_python_dash_m_is_the_command() -> None:
    done = subprocess.run([sys.executable, "-m", "lavrovkit", "--version"], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("lavrovkit ")


def test_init_makes_a_study_and_refuses_a_full_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "study")]) == 0
    out = capsys.readouterr().out
    assert "8 notebooks" in out and "jupyter lab" in out
    assert sorted(p.name for p in (tmp_path / "study").iterdir()) == ["README.md", "corpus", "data", "notebooks",
                                                                       "reports"]
    message = _one_line_error(capsys, ["init", str(tmp_path / "study")])
    assert "study" in message and "not an empty folder" in message


def test_report_out_pointing_at_a_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "reports.html"
    target.write_text("not a folder")
    message = _one_line_error(capsys, ["report", "01_corpus_overview", "--out", str(target)])
    assert "reports.html" in message and "is a file" in message
    assert target.read_text() == "not a folder"


@pytest.mark.parametrize(("content", "expected"), [
    ("corpus: [unclosed\n", "not valid YAML (line"),
    ("corpus: !!python/object/apply:os.system ['echo pwned']\n", "not valid YAML"),
    ("- 1\n- 2\n", "expected a mapping"),
])
def test_report_params_file_problems_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  content: str, expected: str) -> None:
    params = tmp_path / "params.yaml"
    params.write_text(content)
    message = _one_line_error(capsys, ["report", "01_corpus_overview", "--params", str(params),
                                       "--out", str(tmp_path / "out")])
    assert str(params) in message and expected in message
    assert not (tmp_path / "out").exists()


def test_bad_date_filter_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    message = _one_line_error(capsys, ["themes", str(SEEDS), "--start", "2019-13-45"])
    assert "2019-13-45" in message and "YYYY-MM-DD" in message


def test_loader_options_reach_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    table = tmp_path / "posts.csv"
    table.write_text("id,date,post\np1,2024-03-01,Lavrov said the dialogue with Washington is frozen.\n",
                     encoding="utf-8")
    assert main(["corpus", "info", str(table), "--text-column", "post", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"id": "p1"' in out and '"words": 8' in out
    message = _one_line_error(capsys, ["corpus", "info", str(table), "--text-column", "body"])
    assert "body" in message and "posts.csv" in message


def test_themes_csv_writes_lists_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["themes", str(SEEDS), "--level", "sentence", "--format", "csv", "--only-tagged"]) == 0
    out = capsys.readouterr().out
    assert "['" not in out and "; " in out


def test_warning_display_is_restored_after_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    before = warnings.formatwarning, warnings.showwarning
    assert main(["corpus", "info", str(SEEDS), "--format", "json"]) == 0
    assert (warnings.formatwarning, warnings.showwarning) == before
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.warn("after the command", UserWarning, stacklevel=1)
    assert str(caught[0].message) == "after the command"


def test_ctrl_c_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import lavrovkit.cli as cli

    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_corpus_info", interrupted)
    assert main(["corpus", "info"]) == 130
    assert capsys.readouterr().err.strip() == "lavrovkit: interrupted"


@pytest.mark.parametrize("argv", [
    ["keyness", str(SEEDS), "--target", "abc:", "--reference", ":2018-12-31"],
    ["collocations", str(SEEDS), "dialogue", "--speaker", "Nobody Atall"],
])
def test_bad_values_reach_the_user_as_one_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    _one_line_error(capsys, argv)


def test_python_mistakes_are_named_errors_too() -> None:
    import lavrovkit as lk

    corpus = lk.corpus_load()
    for call, message in [
        (lambda: lk.periods_split("notadate"), "not a date"),
        (lambda: lk.word_counts(corpus, "nope"), "no documents column 'nope'"),
        (lambda: corpus.filter(start=2019), "start=2019 is not a date"),
        (lambda: lk.speaker_share(corpus, "all"), "needs a person"),
    ]:
        with pytest.raises(lk.LavrovkitError, match=message):
            call()
    assert len(corpus.filter(speaker="auto")) == 4  # Lavrov speaks in four of the five seeds


def test_table_output_cuts_wide_cells_but_csv_keeps_them(capsys: pytest.CaptureFixture[str]) -> None:
    import pandas as pd

    from lavrovkit.cli import CELL_WIDTH, emit

    table = pd.DataFrame({"doc_id": ["000"], "title": ["Lavrov " * 30]})
    emit(table, "table")
    line = capsys.readouterr().out.splitlines()[1]
    assert line.rstrip().endswith("…") and len(line.split("000", 1)[1].strip()) == CELL_WIDTH
    emit(table, "csv")
    assert ("Lavrov " * 30).strip() in capsys.readouterr().out


def test_case_option_of_the_phrase_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kwic", str(SEEDS), "US", "--speaker", "all", "--format", "json"]) == 0
    capitals = json.loads(capsys.readouterr().out)
    assert len(capitals) == 33 and {r["match"] for r in capitals} == {"US"}
    assert main(["kwic", str(SEEDS), "US", "--speaker", "all", "--case", "no", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 38
