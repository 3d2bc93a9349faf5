"""What a warm query reads instead of computing: a taxonomy checked once is not compiled again on load."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from lavrovkit.errors import TaxonomyError
from lavrovkit.taxonomy import taxonomy_load

taxonomy = sys.modules["lavrovkit.taxonomy"]


def test_a_checked_taxonomy_loads_without_compiling(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAVROVKIT_CACHE", str(tmp_path))
    taxonomy._load_cached.cache_clear()
    first = taxonomy_load()
    assert any((tmp_path / "taxonomy_checked").iterdir())
    taxonomy._load_cached.cache_clear()  # as in a new process

    def no_compile(_: object) -> None:
        raise AssertionError("compiled on load")

    monkeypatch.setattr(taxonomy, "_compile", no_compile)
    assert taxonomy_load().fingerprint() == first.fingerprint()
    taxonomy._load_cached.cache_clear()


def test_a_bad_pattern_is_named_on_every_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAVROVKIT_CACHE", str(tmp_path / "cache"))
    bad = tmp_path / "t.yaml"
    bad.write_text("themes:\n  - id: x\n    rules:\n      - pattern: [{COLOUR: red}]\n", encoding="utf-8")
    for _ in range(2):
        taxonomy._load_cached.cache_clear()
        with pytest.raises(TaxonomyError, match="t.yaml: theme 'x'"):
            taxonomy_load(bad)
    assert not (tmp_path / "cache" / "taxonomy_checked").exists()
    taxonomy._load_cached.cache_clear()


def test_duplicate_groups_found_once_are_read_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pandas as pd

    from lavrovkit import duplicates

    monkeypatch.setenv("LAVROVKIT_CACHE", str(tmp_path))
    report = ("Foreign ministers of Russia and the United States met in Geneva on Friday to discuss strategic "
              "stability, arms control and the future of the New START treaty.")
    docs = pd.DataFrame({"doc_id": ["tass", "ria", "print", "other", "late"],
                         "text": [report + "\n\nMore to follow.", report.upper() + "\n\nMore  to follow!", report,
                                  "An unrelated note on the weather in Moscow today.", report + " Later."],
                         "date": pd.to_datetime(["2020-01-02", "2020-01-01", None, "2020-01-03", "2020-01-04"]),
                         "words": [30, 30, 27, 9, 28]})
    first = duplicates.duplicates_find(docs)
    assert len(first) == 4 and any((tmp_path / "duplicates").iterdir())

    def no_search(*_: object) -> None:
        raise AssertionError("searched again")

    monkeypatch.setattr(duplicates, "_candidates", no_search)
    pd.testing.assert_frame_equal(duplicates.duplicates_find(docs), first)
    with pytest.raises(AssertionError, match="searched again"):  # another text, another search
        duplicates.duplicates_find(docs.assign(text=docs["text"] + " x"))
    with pytest.raises(AssertionError, match="searched again"):  # another threshold
        duplicates.duplicates_find(docs, threshold=0.9)
    (kept,) = (tmp_path / "duplicates").iterdir()
    kept.write_text("{not json", encoding="utf-8")
    monkeypatch.undo()
    monkeypatch.setenv("LAVROVKIT_CACHE", str(tmp_path))
    pd.testing.assert_frame_equal(duplicates.duplicates_find(docs), first)
