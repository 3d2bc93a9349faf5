"""Atomic writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from lavrovkit.files import OutputFormatError, atomic_write, atomic_write_text, write_table


def test_a_failed_write_leaves_the_finished_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    atomic_write_text(target, "<p>finished report</p>")

    def half_then_crash(tmp: Path) -> None:
        tmp.write_text("<p>half a rep", encoding="utf-8")
        raise KeyboardInterrupt  # the user presses Ctrl-C mid-write

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, half_then_crash)
    assert target.read_text(encoding="utf-8") == "<p>finished report</p>"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_written_files_get_the_usual_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = atomic_write_text(tmp_path / "index.html", "x")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


def test_tables_in_each_format_and_a_clear_error_for_others(tmp_path: Path) -> None:
    df = pd.DataFrame({"doc_id": ["000", "001"], "words": [425, 298]})
    for ext in (".csv", ".parquet", ".jsonl"):
        write_table(df, tmp_path / f"t{ext}")
    assert pd.read_csv(tmp_path / "t.csv", dtype={"doc_id": str}).equals(df)
    assert pd.read_parquet(tmp_path / "t.parquet").equals(df)
    assert (tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()[0] == '{"doc_id":"000","words":425}'
    with pytest.raises(OutputFormatError, match=r"t\.xlsx: unknown output format '.xlsx'"):
        write_table(df, tmp_path / "t.xlsx")
