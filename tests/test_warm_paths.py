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
