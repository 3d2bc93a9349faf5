"""Cache housekeeping: which cache generations the installed code still reads, and removing those it can't.

Every change to the kit's code, its data files or the spaCy model leaves a
whole *generation* of cache folders behind (the new code writes new folders
beside the old ones; see "Cache" in ``docs/architecture.md``). A generation is
one folder under a table's folder: ``annotations/<annotation folder>/``,
``<derived table>/<annotation folder>-<dependency key>/`` (speakers,
theme_hits, person_mentions, interactions...), ``corpora/<digest>/`` (corpus
snapshots) or one ``frames/frame-<digest>.parquet`` file.

:func:`cache_info` lists them with a status:

* ``current``: the installed model and code would read it (an annotation
  folder whose name they produce; a derived folder of a current annotation
  whose recorded code and data digests all equal the installed ones; a
  snapshot whose recorded loading code is the installed one; a saved
  DataFrame, keyed by its content only);
* ``stale``: nothing installed can read it any more (the model is gone or
  another version, the annotation it derives from is stale, a module or data
  file it depends on has changed), with the reason;
* ``unknown``: written by an older kit that recorded nothing, and its name
  alone proves nothing.

:func:`cache_prune` removes the stale ones (and the unknown ones when asked),
each folder renamed aside first and then deleted, so a reader never sees half
of one. Options a derived table depends on (a taxonomy's fingerprint, a
gazetteer) are the user's files, not the kit's: a generation of another
taxonomy stays ``current``, since the kit reads it again when given that
taxonomy. Staleness is judged against the code of the process that asks.

>>> import tempfile
>>> cache_info(tempfile.mkdtemp()).columns.tolist()
['table', 'generation', 'status', 'reason', 'files', 'bytes', 'documents', 'modified', 'path']
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import uuid
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lavrovkit.cache import INFO_FILE, cache_root, code_digest, read_info
from lavrovkit.errors import CacheError, CacheWarning, LavrovkitError

#: The columns of :func:`cache_info` (and, with ``removed``, of :func:`cache_prune`).
INFO_COLUMNS = ["table", "generation", "status", "reason", "files", "bytes", "documents", "modified", "path"]
#: The statuses, in the order the totals list them.
STATUSES = ("current", "stale", "unknown")
#: The top folders that are not derived tables.
ANNOTATIONS, CORPORA, FRAMES, EMBEDDINGS = "annotations", "corpora", "frames", "embeddings"
#: An annotation folder's name: ``<model>-<version>-<components>-a<ANNOTATION_VERSION>-s<span rules>[-<tier>]``
#: (a tier's folder; without a tier, the generation name derived folders start with).
ANNOTATION_NAME = re.compile(r"^(?P<prefix>.+-[0-9a-f]{8})-a(?P<version>[^-]+)-s(?P<rules>[0-9a-f]{8})"
                             r"(?:-(?P<tier>forms|lemmas|entities))?$")
#: A derived folder's name: ``<annotation folder>-<dependency key>``.
DERIVED_NAME = re.compile(r"^(?P<base>.+)-(?P<key>[0-9a-f]{16})$")
#: What :func:`cache_prune` renames a folder to before deleting it.
PRUNE_MARK = ".prune-"

REASON_CURRENT = {
    ANNOTATIONS: "what the installed model and code produce",
    CORPORA: "its loading code is the installed one",
    FRAMES: "a saved DataFrame, keyed by its content (any kit version reads it)",
    EMBEDDINGS: "the vectors the installed embedding model gives",
}
NO_RECORD = "no record of what wrote it"


def _current_annotation_folders(cache_dir: str | os.PathLike[str] | None = None) -> set[str]:
    """The annotation folder names the installed model(s) and code produce: the one place that decides it.

    The default pipeline's folder (:func:`lavrovkit.model.model_spec`), each
    other language's default pipeline (:data:`lavrovkit.model.LANGUAGE_PIPELINES`:
    the Russian one) and the generation of a corpus in English and that language
    (:func:`lavrovkit.model.generation`), and for every annotation folder of the
    cache that records its model and components (``info.json``), the folder that
    model would fill now if it is still installed (a study may annotate with
    ``model=`` another pipeline). Empty when no spaCy model is installed.

    >>> from lavrovkit.model import model_spec
    >>> model_spec().cache_folder in _current_annotation_folders()
    True
    >>> model_spec(lang="ru").tier_folder("lemmas") in _current_annotation_folders()
    True
    """
    from lavrovkit.model import LANGUAGE_PIPELINES, generation, model_spec, pipeline_installed

    current: set[str] = set()
    english = None
    with contextlib.suppress(LavrovkitError):
        english = model_spec()
        current |= _generation(english)
    for lang, pipeline in LANGUAGE_PIPELINES.items():
        if not pipeline_installed(pipeline):
            continue
        with contextlib.suppress(LavrovkitError):
            spec = model_spec(lang=lang)
            current |= _generation(spec)
            if english is not None:
                current.add(generation([english, spec]))
    folder = cache_root(cache_dir) / ANNOTATIONS
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        info = read_info(entry) if entry.is_dir() else None
        if not info or not isinstance(info.get("model"), str):
            continue
        wanted = (str(info["model"]), tuple(str(c) for c in info.get("components") or ()))
        if wanted in seen or not _installed(wanted[0]) or not wanted[1]:
            continue
        seen.add(wanted)
        try:
            current |= _generation(model_spec(*wanted))
        except (LavrovkitError, OSError, ImportError, ValueError):
            continue
    return current


def _generation(spec: Any) -> set[str]:
    """The folder names one pipeline's annotation has: its generation (the base of derived folders) and the
    folder of each tier (forms, lemmas, entities)."""
    from lavrovkit.annotate import TIERS

    return {spec.cache_folder, *(spec.tier_folder(t) for t in TIERS)}


def _installed(model: str) -> bool:
    """Is this pipeline (a spaCy package name, a folder, or one the kit builds) installed here?"""
    from lavrovkit.model import pipeline_installed

    return pipeline_installed(model)


@dataclass
class _Judge:
    """Decides each generation's status against the installed code, reading each source's digest once."""

    cache_dir: Path
    current: set[str] = field(default_factory=set)
    _digests: dict[tuple[str, int], str | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.current = _current_annotation_folders(self.cache_dir)

    def changed(self, record: object) -> list[str]:
        """The sources of a ``{source: digest}`` record whose installed digest differs (or that are gone)."""
        if not isinstance(record, Mapping):
            return []
        out = []
        for source, recorded in record.items():
            recorded = str(recorded)
            key = (str(source), len(recorded))
            if key not in self._digests:
                try:
                    self._digests[key] = str(code_digest(str(source), length=len(recorded)))
                except (CacheError, OSError):
                    self._digests[key] = None
            if self._digests[key] != recorded:
                out.append(str(source))
        return out

    def annotation(self, name: str, info: dict[str, Any] | None) -> tuple[str, str]:
        """An annotation folder: current when the installed model and code produce its name."""
        if name in self.current:
            return "current", REASON_CURRENT[ANNOTATIONS]
        from lavrovkit.model import ANNOTATION_VERSION, model_spec

        parsed = ANNOTATION_NAME.match(name)
        if info and isinstance(info.get("model"), str):
            model, version = str(info["model"]), str(info.get("model_version", "?"))
            if not _installed(model):
                return "stale", f"model {model} {version} is no longer installed"
            try:
                now = model_spec(model, tuple(info.get("components") or ())).version
            except (LavrovkitError, OSError, ImportError, ValueError):
                return "stale", f"model {model} {version} no longer loads"
            if now != version:
                return "stale", f"model {model} is now version {now} (it was written by {version})"
            recorded = str(info.get("annotation_version", ""))
            if recorded and recorded != ANNOTATION_VERSION:
                return "stale", f"annotation version {recorded} (the code's is {ANNOTATION_VERSION})"
            if parsed and any(c.startswith(parsed["prefix"] + "-") for c in self.current):
                return "stale", "span rules changed (code of segment, labels, lang, actors or actors.yaml)"
            return "stale", "not a folder the installed model and code produce"
        if parsed and parsed["version"] != ANNOTATION_VERSION:
            return "stale", f"annotation version {parsed['version']} (the code's is {ANNOTATION_VERSION})"
        if parsed and any(c.startswith(parsed["prefix"] + "-") for c in self.current):
            return "stale", "span rules changed (code of segment, labels, lang, actors or actors.yaml)"
        return "unknown", NO_RECORD

    def derived(self, name: str, info: dict[str, Any] | None) -> tuple[str, str]:
        """A derived folder: current when its annotation is and every recorded code/data digest is unchanged."""
        bases = {str(info["base"])} if info and isinstance(info.get("base"), str) else set()
        if (m := DERIVED_NAME.match(name)) and ANNOTATION_NAME.match(m["base"]):
            bases.add(m["base"])  # the name says which annotation it derives from, record or not
        if bases - self.current:
            return "stale", "annotation generation it derives from is stale"
        if not info or not isinstance(info.get("code"), Mapping):
            return "unknown", NO_RECORD
        changed = self.changed(info["code"])
        if changed:
            return "stale", _changed_phrase(changed)
        return "current", "its annotation and code are current"

    def vectors(self, name: str, info: dict[str, Any] | None) -> tuple[str, str]:
        """An embedding folder: current when its embedder is registered, at the recorded version, and the
        way texts become vectors (``EMBED_VERSION``) is the installed one."""
        from lavrovkit.embed import EMBED_VERSION, embedder, embedders

        if not info or not isinstance(info.get("embedder"), str):
            return "unknown", NO_RECORD
        model, version = str(info["embedder"]), str(info.get("embedder_version", "?"))
        if model not in embedders():
            return "stale", f"embedding model {model} is not installed"
        try:
            now = embedder(model).version
        except (LavrovkitError, OSError, ImportError, RuntimeError):
            return "stale", f"embedding model {model} no longer loads"
        if now != version:
            return "stale", f"embedding model {model} is now version {now} (it was written by {version})"
        if str(info.get("embed_version", "")) != EMBED_VERSION:
            return "stale", f"embedding version {info.get('embed_version')} (the code's is {EMBED_VERSION})"
        return "current", REASON_CURRENT[EMBEDDINGS]

    def snapshot(self, info: dict[str, Any] | None) -> tuple[str, str]:
        """A corpus snapshot: current when it records its loading code and that code is unchanged."""
        if not info or not isinstance(info.get("code"), Mapping):
            return "unknown", "no record of the loading code that wrote it"
        changed = self.changed(info["code"])
        if changed:
            return "stale", _changed_phrase(changed)
        return "current", REASON_CURRENT[CORPORA]


def _changed_phrase(sources: list[str]) -> str:
    """'code of themes changed', 'data/people.yaml changed', 'code of counterparts and data/people.yaml changed'."""
    code = [s for s in sources if not s.startswith("data/")]
    data = [s for s in sources if s.startswith("data/")]
    names = ", ".join(code + data)
    return f"code of {names} changed" if code else f"{names} changed"


def cache_info(cache_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """What the cache holds: one row per generation folder, with its size and whether current code reads it.

    Columns: ``table`` (the top folder: annotations, corpora, frames, speakers,
    theme_hits, ...), ``generation`` (the folder's name, or a frame's file
    name), ``status`` (``current`` / ``stale`` / ``unknown``, see
    :mod:`lavrovkit.housekeeping`), ``reason`` (one phrase), ``files``,
    ``bytes`` (on disk), ``documents`` (document keys its shards hold; rows of
    a snapshot's or frame's documents table; missing when it holds none),
    ``modified`` (its newest file's time, UTC) and ``path``. ``cache_dir``
    defaults to ``$LAVROVKIT_CACHE`` or ``~/.cache/lavrovkit``. Rows are
    ordered by table and generation.

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "theme_hits" / "old-model-1.0-00000000-a1-s00000000-0123456789abcdef").mkdir(parents=True)
    >>> cache_info(root)[["table", "status", "reason"]].values.tolist()
    [['theme_hits', 'stale', 'annotation generation it derives from is stale']]
    """
    root = cache_root(cache_dir)
    rows: list[dict[str, Any]] = []
    if root.is_dir():
        judge = _Judge(root)
        for top in sorted(root.iterdir(), key=lambda p: p.name):
            if top.name.startswith("."):
                continue
            if not top.is_dir():
                rows.append(_row("", top, "unknown", NO_RECORD))
                continue
            for entry in sorted(top.iterdir(), key=lambda p: p.name):
                status, reason = _judge(judge, top.name, entry)
                rows.append(_row(top.name, entry, status, reason))
    out = pd.DataFrame(rows, columns=INFO_COLUMNS)
    return out.astype({"files": "int64", "bytes": "int64", "documents": "Int64",
                       "modified": "datetime64[ns]"}).reset_index(drop=True)


def _judge(judge: _Judge, table: str, entry: Path) -> tuple[str, str]:
    name = entry.name
    if name.startswith("."):
        if PRUNE_MARK in name:
            return "stale", "left behind by a prune that could not delete it"
        return "unknown", "a temporary folder or file: a write in progress, or one interrupted"
    if table == FRAMES:
        return ("current", REASON_CURRENT[FRAMES]) if entry.is_file() else ("unknown", NO_RECORD)
    if not entry.is_dir():
        return "unknown", NO_RECORD
    info = read_info(entry)
    if table == ANNOTATIONS:
        return judge.annotation(name, info)
    if table == CORPORA:
        return judge.snapshot(info)
    if table == EMBEDDINGS:
        return judge.vectors(name, info)
    return judge.derived(name, info)


def _row(table: str, path: Path, status: str, reason: str) -> dict[str, Any]:
    files, size, newest = _usage(path)
    return {"table": table, "generation": path.name, "status": status, "reason": reason, "files": files,
            "bytes": size, "documents": _documents(path),
            "modified": pd.Timestamp(newest, unit="s").floor("s") if newest else pd.NaT, "path": str(path)}


def _usage(path: Path) -> tuple[int, int, float]:
    """(files, bytes on disk, newest modification time) of a file or everything under a folder."""
    def one(p: str) -> tuple[int, float]:
        st = os.lstat(p)
        blocks = getattr(st, "st_blocks", None)
        return (blocks * 512 if blocks is not None else st.st_size), st.st_mtime

    try:
        if not path.is_dir():
            size, mtime = one(str(path))
            return 1, size, mtime
        files, total, newest = 0, 0, path.stat().st_mtime
        for folder, _dirs, names in os.walk(path):
            for name in names:
                try:
                    size, mtime = one(os.path.join(folder, name))
                except OSError:
                    continue  # removed meanwhile (a shard merged by another process)
                files, total, newest = files + 1, total + size, max(newest, mtime)
        return files, total, newest
    except OSError:
        return 0, 0, 0.0


def _documents(path: Path) -> int | None:
    """How many documents a generation holds: distinct keys of its shards, or rows of its documents table."""
    try:
        if path.is_file():
            return pq.read_metadata(path).num_rows if path.suffix == ".parquet" else None
        keys_files = sorted(path.glob("shard-*.keys.parquet"))
        if keys_files:
            keys: set[str] = set()
            for f in keys_files:
                keys.update(pq.read_table(f, columns=["key"]).column("key").to_pylist())
            return len(keys)
        if (path / "documents.parquet").is_file():
            return pq.read_metadata(path / "documents.parquet").num_rows
    except (OSError, KeyError, pa.ArrowException):
        return None
    return None


def cache_prune(cache_dir: str | os.PathLike[str] | None = None, *, dry_run: bool = True,
                unknown: bool = False) -> pd.DataFrame:
    """Remove the cache generations no installed code or model can read: the rows removed (or, in a dry run, that
    would be).

    The ``stale`` rows of :func:`cache_info`, and the ``unknown`` ones too when
    ``unknown``; ``current`` ones are never removed. ``dry_run`` (the default)
    removes nothing. Each folder is first renamed to a hidden temporary name
    beside it, then deleted, so a reader never sees half a folder; one that
    can't be removed is a :class:`~lavrovkit.errors.CacheWarning` naming it,
    and the others are still removed. Columns: those of :func:`cache_info`
    and ``removed`` (bool).

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> (root / "theme_hits" / "old-model-1.0-00000000-a1-s00000000-0123456789abcdef").mkdir(parents=True)
    >>> cache_prune(root)["removed"].tolist(), cache_prune(root, dry_run=False)["removed"].tolist()
    ([False], [True])
    >>> list((root / "theme_hits").iterdir())
    []
    """
    return prune_rows(cache_info(cache_dir), dry_run=dry_run, unknown=unknown)


def prune_rows(info: pd.DataFrame, *, dry_run: bool = True, unknown: bool = False) -> pd.DataFrame:
    """:func:`cache_prune` on rows :func:`cache_info` has already listed (the command line lists them once)."""
    wanted = ("stale", "unknown") if unknown else ("stale",)
    rows = info[info["status"].isin(wanted)].reset_index(drop=True)
    removed = [False] * len(rows)
    if not dry_run:
        for i, path in enumerate(rows["path"]):
            removed[i] = _remove(Path(path))
    return rows.assign(removed=pd.Series(removed, dtype=bool))


def _remove(path: Path) -> bool:
    """Remove one generation safely: renamed aside (one atomic step), then deleted; a warning when it can't be."""
    try:
        if path.is_file() or path.is_symlink():
            path.unlink()
            return True
        aside = path if PRUNE_MARK in path.name else path.with_name(f".{path.name}{PRUNE_MARK}{uuid.uuid4().hex[:12]}")
        if aside != path:
            os.rename(path, aside)
    except FileNotFoundError:
        return True  # removed meanwhile
    except OSError as exc:
        warnings.warn(CacheWarning(f"{path}: could not remove this cache folder ({exc.strerror or exc}); "
                                   "left as it is"), stacklevel=3)
        return False
    try:
        shutil.rmtree(aside)
    except OSError as exc:
        warnings.warn(CacheWarning(f"{path}: moved aside to {aside.name} but could not delete it "
                                   f"({exc.strerror or exc}); remove it with `rm -r {aside}`"), stacklevel=3)
        return False
    return True


# --------------------------------------------------------------------------- printing


def megabytes(n: float) -> str:
    """A size in megabytes (10^6 bytes), one decimal.

    >>> megabytes(221_400_000), megabytes(0)
    ('221.4 MB', '0.0 MB')
    """
    return f"{n / 1e6:,.1f} MB"


def cache_totals(info: pd.DataFrame, by: str = "table") -> pd.DataFrame:
    """Totals of :func:`cache_info` rows per ``by`` (``"table"`` or ``"status"``): generations, bytes, and for
    tables the generations of each status.

    >>> import tempfile
    >>> cache_totals(cache_info(tempfile.mkdtemp()), "status")["generations"].tolist()
    [0, 0, 0]
    """
    if by == "status":
        grouped = info.groupby("status")
        out = pd.DataFrame({"status": list(STATUSES)})
        out["generations"] = out["status"].map(grouped.size()).fillna(0).astype("int64")
        out["bytes"] = out["status"].map(grouped["bytes"].sum()).fillna(0).astype("int64")
        return out
    tables = list(dict.fromkeys(info["table"]))
    out = pd.DataFrame({by: tables})
    grouped = info.groupby(by, sort=False)
    out["generations"] = out[by].map(grouped.size()).astype("int64")
    for status in STATUSES:
        out[status] = out[by].map(info[info["status"] == status].groupby(by).size()).fillna(0).astype("int64")
    out["bytes"] = out[by].map(grouped["bytes"].sum()).astype("int64")
    return out


def info_text(info: pd.DataFrame, root: Path) -> str:
    """:func:`cache_info` as the ``lavrovkit cache info`` command prints it: the rows, totals per table and per
    status, and the cache root.

    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> info_text(cache_info(root), root).splitlines()[-1].startswith("total: 0 generations, 0.0 MB")
    True
    """
    lines = [f"cache: {root}"]
    if not info.empty:
        shown = pd.DataFrame({
            "table": info["table"], "generation": info["generation"], "status": info["status"],
            "size": info["bytes"].map(megabytes),
            "documents": info["documents"].astype(object).where(info["documents"].notna(), ""),
            "files": info["files"], "modified": info["modified"].dt.strftime("%Y-%m-%d %H:%M").fillna(""),
            "reason": info["reason"]})
        lines += ["", text_table(shown, right=("size", "documents", "files"))]
        tables = cache_totals(info, "table")
        lines += ["", "per table:", text_table(tables.assign(size=tables.pop("bytes").map(megabytes)),
                                               right=("generations", *STATUSES, "size"))]
    statuses = cache_totals(info, "status")
    lines += ["", "per status:", text_table(statuses.assign(size=statuses.pop("bytes").map(megabytes)),
                                            right=("generations", "size")), ""]
    lines.append(f"total: {len(info)} generation{'s' * (len(info) != 1)}, {megabytes(info['bytes'].sum())} "
                 f"in {root}")
    return "\n".join(lines) + "\n"


def text_table(frame: pd.DataFrame, right: tuple[str, ...] = ()) -> str:
    """A plain-text table: columns two spaces apart, text left-aligned, the ``right`` columns right-aligned.

    >>> print(text_table(pd.DataFrame({"table": ["corpora"], "size": ["1.0 MB"]}), right=("size",)))
    table      size
    corpora  1.0 MB
    """
    cells = {c: [str(c), *("" if v is None else str(v) for v in frame[c].tolist())] for c in frame.columns}
    widths = {c: max(len(v) for v in vals) for c, vals in cells.items()}
    rows = []
    for i in range(len(frame) + 1):
        parts = [cells[c][i].rjust(widths[c]) if c in right else cells[c][i].ljust(widths[c]) for c in frame.columns]
        rows.append("  ".join(parts).rstrip())
    return "\n".join(rows)


def prune_summary(pruned: pd.DataFrame, info: pd.DataFrame, *, dry_run: bool, unknown: bool) -> str:
    """The one line that ends ``lavrovkit cache prune``: what went (or would go), and what stays.

    >>> import tempfile
    >>> empty = cache_info(tempfile.mkdtemp())
    >>> prune_summary(cache_prune(tempfile.mkdtemp()), empty, dry_run=True, unknown=False)
    'nothing to remove: 0 generations, all current'
    """
    n, size = len(pruned), int(pruned["bytes"].sum()) if len(pruned) else 0
    kept_unknown = info[info["status"] == "unknown"] if not unknown else info.iloc[0:0]
    tail = ""
    if len(kept_unknown):
        tail = (f"; {len(kept_unknown)} unknown generation{'s' * (len(kept_unknown) != 1)} "
                f"({megabytes(kept_unknown['bytes'].sum())}) kept: add --unknown to remove them too")
    if n == 0:
        current = int((info["status"] == "current").sum())
        head = (f"nothing to remove: {current} generation{'s' * (current != 1)}, all current"
                if not len(kept_unknown) else "nothing stale to remove")
        return head + tail
    gens = f"{n} generation{'s' * (n != 1)}"
    if dry_run:
        return f"would remove {gens}, {megabytes(size)}; run with --yes to remove them{tail}"
    done = pruned[pruned["removed"]]
    failed = n - len(done)
    line = f"removed {len(done)} generation{'s' * (len(done) != 1)}, {megabytes(done['bytes'].sum())}"
    if failed:
        line += f"; {failed} could not be removed (see the warnings)"
    return line + tail


__all__ = ["INFO_COLUMNS", "STATUSES", "INFO_FILE", "cache_info", "cache_prune", "cache_totals", "info_text",
           "megabytes", "prune_rows", "prune_summary", "text_table"]
