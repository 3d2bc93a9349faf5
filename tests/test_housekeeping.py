"""Cache housekeeping: which generations current code reads (cache_info), removing the others (cache_prune)."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from lavrovkit import cache_info, cache_prune, corpus_load, themes
from lavrovkit.annotate import TIERS
from lavrovkit.build import LOAD_CODE
from lavrovkit.cache import (
    INFO_FILE,
    PACKAGE,
    CodeDigest,
    code_digest,
    code_record,
    digest,
    read_info,
)
from lavrovkit.cli import main
from lavrovkit.errors import CacheWarning
from lavrovkit.housekeeping import INFO_COLUMNS, _current_annotation_folders
from lavrovkit.model import model_spec
from lavrovkit.themes import theme_hits


@pytest.fixture(scope="module")
def pristine(seeds, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    """A cache of its own, filled once: the seeds' annotation (copied from the session's), snapshot, speakers and
    theme hits."""
    root = tmp_path_factory.mktemp("housekeeping") / "cache"
    for tier in TIERS:
        folder = model_spec().tier_folder(tier)
        shutil.copytree(Path(os.environ["LAVROVKIT_CACHE"]) / "annotations" / folder, root / "annotations" / folder)
    corpus = corpus_load(cache_dir=root).annotate(progress=False)
    assert corpus.sentences["speaker"].notna().any()  # speakers are attributed (and cached) when first read
    theme_hits(corpus, speaker="all")
    return root


@pytest.fixture
def cache(pristine: Path, tmp_path: Path) -> Path:
    """A copy of the pristine cache that a test may spoil."""
    root = tmp_path / "cache"
    shutil.copytree(pristine, root)
    return root


def _one(root: Path, table: str) -> Path:
    (folder,) = sorted(p for p in (root / table).iterdir() if not p.name.startswith("."))
    return folder


def _status(root: Path, generation: str) -> tuple[str, str]:
    info = cache_info(root).set_index("generation")
    return info.loc[generation, "status"], info.loc[generation, "reason"]


def _write_info(folder: Path, info: dict[str, object]) -> None:
    (folder / INFO_FILE).write_text(json.dumps(info), encoding="utf-8")


def _older_annotation(name: str) -> str:
    """The same model's folder name with other span rules: a generation older code wrote."""
    return name[: name.rindex("-s") + 2] + "00000000"


def test_a_fresh_cache_holds_current_generations_only(cache: Path) -> None:
    info = cache_info(cache)
    assert info.columns.tolist() == INFO_COLUMNS
    assert set(info["table"]) >= {"annotations", "corpora", "speakers", "theme_hits"}
    derived = info[info["table"] != "corpora"]
    assert set(derived["status"]) == {"current"}, derived[["generation", "reason"]]
    # a snapshot is current once the loader records its code (build.py); until then nothing proves it either way
    snapshot = _one(cache, "corpora")
    expected = "current" if "code" in (read_info(snapshot) or {}) else "unknown"
    assert info.loc[info["table"] == "corpora", "status"].tolist() == [expected]
    assert (info["bytes"] > 0).all() and (info["files"] > 0).all()
    assert info.set_index("table").loc["theme_hits", "documents"] == 5
    assert (info.set_index("table").loc["annotations", "documents"] >= 5).all()  # copied from the session cache
    tiers = info.loc[info["table"] == "annotations", "generation"].str.rsplit("-", n=1).str[-1]
    assert sorted(tiers) == ["entities", "forms", "lemmas"]
    assert info["modified"].notna().all()


def test_a_derived_folder_records_each_module_and_data_file_it_depends_on(cache: Path) -> None:
    record = read_info(_one(cache, "theme_hits"))
    assert record is not None
    assert record["table"] == "theme_hits" and record["base"] == model_spec().cache_folder
    assert _one(cache, "theme_hits").name == f"{record['base']}-{record['key']}"
    # themes passes its code digest among its options: its sources are recorded one by one all the same
    assert record["code"] == code_record("themes", "taxonomy", "matching")
    speakers = read_info(_one(cache, "speakers"))
    assert speakers is not None and set(speakers["code"]) >= {"speakers", "segment", "labels", "lang", "build"}


def test_a_code_digest_is_the_plain_digest_for_every_key() -> None:
    d = code_digest("themes", "taxonomy", length=12)
    assert isinstance(d, CodeDigest) and d.sources == ("themes", "taxonomy")
    plain = str(d)
    assert type(plain) is str and d == plain and hash(d) == hash(plain)
    assert digest("x", d) == digest("x", plain) and f"{d}" == plain and json.dumps(d) == json.dumps(plain)
    again = pickle.loads(pickle.dumps(d))
    assert again == d and again.sources == d.sources


def test_a_folder_written_before_folders_were_described_gets_its_record_when_read(cache: Path) -> None:
    folder = _one(cache, "theme_hits")
    (folder / INFO_FILE).unlink()
    assert _status(cache, folder.name) == ("unknown", "no record of what wrote it")
    theme_hits(corpus_load(cache_dir=cache).annotate(progress=False), speaker="all")
    assert _status(cache, folder.name)[0] == "current"


def test_a_derived_folder_of_another_annotation_is_stale_with_or_without_a_record(cache: Path) -> None:
    current = _one(cache, "theme_hits")
    record = read_info(current)
    assert record is not None
    older = _older_annotation(str(record["base"]))
    recorded = cache / "theme_hits" / f"{older}-{record['key']}"
    shutil.copytree(current, recorded)
    _write_info(recorded, {**record, "base": older})
    bare = cache / "speakers" / f"{older}-0123456789abcdef"
    shutil.copytree(_one(cache, "speakers"), bare)
    (bare / INFO_FILE).unlink()
    for folder in (recorded, bare):
        assert _status(cache, folder.name) == ("stale", "annotation generation it derives from is stale")
    assert _status(cache, current.name)[0] == "current"


def test_a_changed_module_or_data_file_makes_a_generation_stale_naming_it(cache: Path) -> None:
    hits, speakers = _one(cache, "theme_hits"), _one(cache, "speakers")
    record = read_info(hits)
    assert record is not None
    _write_info(hits, {**record, "code": {**record["code"], "themes": "0" * 12}})
    assert _status(cache, hits.name) == ("stale", "code of themes changed")
    _write_info(hits, {**record, "code": {**record["code"], "data/actors.yaml": "0" * 12}})
    assert _status(cache, hits.name) == ("stale", "data/actors.yaml changed")
    record = read_info(speakers)
    assert record is not None
    _write_info(speakers, {**record, "code": {**record["code"], "build": "0" * 12, "gone_module": "1" * 12}})
    assert _status(cache, speakers.name) == ("stale", "code of build, gone_module changed")


def test_an_annotation_folder_is_stale_when_its_model_or_rules_are_not_the_installed_ones(cache: Path) -> None:
    current = cache / "annotations" / model_spec().tier_folder("forms")
    info = read_info(current)
    assert info is not None
    gone = cache / "annotations" / "en_core_web_gone-1.0.0-948ada81-a3-s00000000"
    gone.mkdir()
    _write_info(gone, {**info, "model": "en_core_web_gone", "model_version": "1.0.0"})
    assert _status(cache, gone.name) == ("stale", "model en_core_web_gone 1.0.0 is no longer installed")
    older = cache / "annotations" / _older_annotation(current.name)
    older.mkdir()
    _write_info(older, info)
    assert _status(cache, older.name)[1].startswith("span rules changed")
    unrecorded = cache / "annotations" / re.sub(r"-a[^-]+-s", "-a0-s", current.name)
    unrecorded.mkdir()
    assert _status(cache, unrecorded.name)[0] == "stale"
    assert _status(cache, current.name)[0] == "current"
    assert current.name in _current_annotation_folders(cache)


def test_a_snapshot_is_judged_by_the_loading_code_it_records(cache: Path) -> None:
    snapshot = _one(cache, "corpora")
    info = read_info(snapshot) or {}
    present = [m for m in LOAD_CODE if (PACKAGE / m).is_dir() or (PACKAGE / f"{m}.py").is_file()]
    _write_info(snapshot, {**info, "code": code_record(*present)})
    assert _status(cache, snapshot.name)[0] == "current"
    _write_info(snapshot, {**info, "code": {**code_record(*present), "clean": "0" * 12}})
    assert _status(cache, snapshot.name) == ("stale", "code of clean changed")
    _write_info(snapshot, {k: v for k, v in info.items() if k != "code"})
    assert _status(cache, snapshot.name) == ("unknown", "no record of the loading code that wrote it")


def _spoil(cache: Path) -> tuple[list[Path], Path]:
    """Two stale generations and one unknown one beside the current ones."""
    hits = _one(cache, "theme_hits")
    record = read_info(hits)
    assert record is not None
    older = _older_annotation(str(record["base"]))
    stale = [cache / "theme_hits" / f"{older}-{record['key']}", cache / "annotations" / older]
    shutil.copytree(hits, stale[0])
    shutil.copytree(cache / "annotations" / model_spec().tier_folder("forms"), stale[1])
    unknown = cache / "theme_hits" / f"{record['base']}-0123456789abcdef"
    shutil.copytree(hits, unknown)
    (unknown / INFO_FILE).unlink()
    return stale, unknown


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_prune_is_a_dry_run_by_default_then_removes_exactly_the_stale_generations(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = corpus_load(cache_dir=cache).annotate(progress=False)
    before = theme_hits(corpus, speaker="all")
    stale, unknown = _spoil(cache)
    kept = [p for p in cache.glob("*/*") if p not in stale]
    files = _files(cache)
    listed = cache_prune(cache)
    assert sorted(listed["path"]) == sorted(map(str, stale)) and not listed["removed"].any()
    assert set(listed["status"]) == {"stale"} and (listed["bytes"] > 0).all()
    assert _files(cache) == files  # a dry run removes nothing
    removed = cache_prune(cache, dry_run=False)
    assert sorted(removed["path"]) == sorted(map(str, stale)) and removed["removed"].all()
    assert not any(p.exists() for p in stale) and all(p.exists() for p in kept)
    assert not [p for p in cache.glob("*/.*")]  # nothing left aside
    # the current generations still load warm: no theme matching, no new cache files
    current_files = _files(cache)

    def boom(*a: object, **k: object) -> pd.DataFrame:
        raise AssertionError("theme hits were computed again")

    monkeypatch.setattr(themes, "_hits", boom)
    again = theme_hits(corpus_load(cache_dir=cache).annotate(progress=False), speaker="all")
    assert again.equals(before)
    assert _files(cache) == current_files
    # unknown ones go only when asked
    assert unknown.exists()
    assert cache_prune(cache, dry_run=False).empty and unknown.exists()
    gone = cache_prune(cache, dry_run=False, unknown=True)
    assert str(unknown) in set(gone["path"]) and not unknown.exists()
    assert set(cache_info(cache)["status"]) == {"current"}


def test_a_folder_that_cant_be_removed_is_a_warning_and_the_others_still_go(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale, _ = _spoil(cache)
    real = shutil.rmtree
    calls: list[str] = []

    def flaky(path: str | os.PathLike[str], *a: object, **k: object) -> None:
        calls.append(str(path))
        if len(calls) == 1:
            raise PermissionError(13, "Permission denied", str(path))
        real(path)

    monkeypatch.setattr(shutil, "rmtree", flaky)
    with pytest.warns(CacheWarning, match="could not delete it") as caught:
        out = cache_prune(cache, dry_run=False)
    assert out["removed"].tolist().count(True) == 1 and len(out) == 2
    (message,) = [str(w.message) for w in caught]
    failed = out.loc[~out["removed"], "path"].item()
    assert message.startswith(failed)
    # the half-removed folder was moved aside whole: listed as stale and removed by the next prune
    aside = [p for p in Path(failed).parent.iterdir() if p.name.startswith(".")]
    assert len(aside) == 1 and not Path(failed).exists()
    assert _status(cache, aside[0].name)[0] == "stale"
    monkeypatch.setattr(shutil, "rmtree", real)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert cache_prune(cache, dry_run=False)["removed"].all()
    assert not aside[0].exists() and not any(p.exists() for p in stale)


def test_the_commands_print_totals_and_what_would_go(cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stale, unknown = _spoil(cache)
    assert main(["cache", "info", "--cache-dir", str(cache)]) == 0
    out = capsys.readouterr().out
    info = cache_info(cache)
    assert out.startswith(f"cache: {cache}\n")
    assert "per table:" in out and "per status:" in out
    total = f"total: {len(info)} generations, {info['bytes'].sum() / 1e6:,.1f} MB in {cache}"
    assert total in out
    assert "annotation generation it derives from is stale" in out
    assert main(["cache", "info", "--cache-dir", str(cache), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == ",".join(INFO_COLUMNS)

    size = sum(info.loc[info["status"] == "stale", "bytes"]) / 1e6
    assert main(["cache", "prune", "--cache-dir", str(cache)]) == 0
    out = capsys.readouterr().out
    assert f"would remove 2 generations, {size:,.1f} MB; run with --yes to remove them" in out
    assert "add --unknown to remove them too" in out
    assert all(p.exists() for p in stale)
    assert main(["cache", "prune", "--cache-dir", str(cache), "--yes"]) == 0
    assert f"removed 2 generations, {size:,.1f} MB" in capsys.readouterr().out
    assert not any(p.exists() for p in stale) and unknown.exists()
    assert main(["cache", "prune", "--cache-dir", str(cache), "--yes", "--unknown"]) == 0
    assert not unknown.exists()


def test_an_empty_or_absent_cache_lists_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cache_info(tmp_path / "nowhere").empty
    assert cache_prune(tmp_path / "nowhere", dry_run=False).empty
    assert main(["cache", "prune", "--cache-dir", str(tmp_path)]) == 0
    assert "nothing to remove: 0 generations, all current" in capsys.readouterr().out


def test_embedding_folders_are_judged_by_their_model_and_version(tmp_path: Path) -> None:
    from lavrovkit import embed_texts
    from lavrovkit.embed import embedding_folder

    embed_texts(["Lavrov met Blinken in Geneva."], cache_dir=tmp_path, progress=False)
    current = embedding_folder(cache_dir=tmp_path)
    old = current.with_name("e5-small-0.2.0-e1")
    shutil.copytree(current, old)
    _write_info(old, {**read_info(old), "embedder_version": "0.2.0"})  # type: ignore[dict-item]
    gone = current.with_name("bert-1-e1")
    shutil.copytree(current, gone)
    _write_info(gone, {**read_info(gone), "embedder": "bert"})  # type: ignore[dict-item]
    info = cache_info(tmp_path).set_index("generation")
    assert info.loc[current.name, ["table", "status", "documents"]].tolist() == ["embeddings", "current", 1]
    assert info.loc[old.name, "reason"] == "embedding model e5-small is now version 0.3.0 (it was written by 0.2.0)"
    assert info.loc[gone.name, ["status", "reason"]].tolist() == ["stale", "embedding model bert is not installed"]
    pruned = cache_prune(tmp_path, dry_run=False)
    assert sorted(pruned["generation"]) == sorted([old.name, gone.name])
    assert current.is_dir() and not old.exists()
