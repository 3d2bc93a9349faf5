"""Building a corpus from files: read, clean, fill metadata, split paragraphs, and cache the result.

:func:`corpus_load` reads a folder, table, archive or the bundled seeds
(:mod:`lavrovkit.load`), cleans each text (:mod:`lavrovkit.clean`; in ``jobs``
processes that end with this one, :mod:`lavrovkit.workers`), fills metadata
from the catalog, the table, the filename pattern and text heuristics
(:mod:`lavrovkit.meta`; the catalog wins, every value keeps its origin), and
splits paragraphs. The tables are cached as a :class:`CorpusSnapshot`, so a
second load reads five Parquet files.

>>> corpus_load().documents[["doc_id", "source", "words"]].head(2).values.tolist()
[['000', 'TASS', 425], ['001', 'Sputnik', 298]]
"""

from __future__ import annotations

import json
import os
import re
import shutil
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from lavrovkit.actors import Actors, actors_load
from lavrovkit.cache import (
    PACKAGE,
    cache_root,
    code_digest,
    code_record,
    digest,
    text_key,
    unreadable_not_damaged,
)
from lavrovkit.clean import PROSE_REMOVED_WARN, clean_text
from lavrovkit.compat import RENAMED, old_names
from lavrovkit.errors import CacheError, CacheWarning, CorpusError, ParameterError
from lavrovkit.files import atomic_folder, atomic_write
from lavrovkit.lang import detect, language_code
from lavrovkit.lang.en import NAME_TITLES
from lavrovkit.load import CorpusWarning, RawDocument, read_corpus, seeds_path
from lavrovkit.meta import guess_metadata
from lavrovkit.readers import MAX_ARCHIVE_BYTES, MAX_MEMBER_BYTES
from lavrovkit.segment import GENERIC_SPEAKERS, is_heading, paragraphs_of
from lavrovkit.workers import worker_pool

if TYPE_CHECKING:  # pragma: no cover
    from lavrovkit.corpus import Corpus

#: Metadata every documents table carries (empty when unknown).
STANDARD_FIELDS = ("date", "date_precision", "source", "genre", "lang", "title", "dateline", "speaker", "notes")
#: Where metadata may come from, strongest first.
ORIGIN_PRIORITY = ("catalog", "table", "filename", "page", "heuristic")
#: What loading may do with duplicate documents.
DUPLICATE_POLICIES = ("keep", "drop")
#: What counts as a word in ``documents.words`` (letters/digits, inner hyphens and apostrophes).
WORD_RE = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
#: Titles before a name in metadata ("Mr. Emmanuel Macron", "H.E. Mr. ..."): dropped so one person has one name.
HONORIFIC = re.compile(rf"^(?:(?:{'|'.join(NAME_TITLES)})(?:\.\s*|\s+))+(?=\S)")
DOC_COLUMNS = [
    "doc_id", "file", "date", "date_precision", "source", "genre", "lang", "title", "dateline",
    "speaker", "notes", "words", "encoding", "key", "text",
]
PARAGRAPH_COLUMNS = ["doc_id", "paragraph_id", "start_char", "end_char", "text", "part", "turn_speaker",
                     "speaker_role", "is_heading"]


# ---------------------------------------------------------------------- loading


def frame_file(frame: pd.DataFrame, cache_dir: str | Path | None = None) -> Path:
    """A DataFrame an analyst already holds, saved once as a Parquet table under the cache (named by a
    digest of its content, so the same frame is the same file and its loaded corpus is cached), to be
    read like any table: one document per row, the text column found or named with ``text_column``.

    >>> import pandas as pd
    >>> frame_file(pd.DataFrame({"text": ["Lavrov spoke."]})).name.startswith("frame-")
    True
    """
    try:
        content = pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes()
        key = digest(content, tuple(map(str, frame.columns)))[:16]
        table = pa.Table.from_pandas(frame, preserve_index=False)
    except (TypeError, ValueError, pa.ArrowException) as exc:
        raise CorpusError(f"the DataFrame can't be read as a corpus table ({' '.join(str(exc).split())[:200]}); "
                          "give it plain text, number and date columns") from None
    target = cache_root(cache_dir) / "frames" / f"frame-{key}.parquet"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, lambda tmp: pq.write_table(table, tmp))
    return target


#: Defaults of the reading options that stay out of the snapshot key unless changed.
_READ_DEFAULTS: dict[str, Any] = {"id_column": None, "max_member_bytes": MAX_MEMBER_BYTES,
                                  "max_archive_bytes": MAX_ARCHIVE_BYTES}


def corpus_load(
    path: str | Path | pd.DataFrame | None = None,
    pattern: str | None = None,
    *,
    catalog: str | Path | None = None,
    catalog_on: str | dict[str, str] | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    max_member_bytes: int = MAX_MEMBER_BYTES,
    max_archive_bytes: int = MAX_ARCHIVE_BYTES,
    actors: str | Path | Actors | None = None,
    model: str | None = None,
    cache_dir: str | Path | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool | None = None,
    cache: bool = True,
    duplicates: str = "keep",
) -> Corpus:
    """Load a corpus: the bundled seeds (no path), a folder, a text file, an archive or a CSV/JSONL/Parquet table.

    ``pattern`` such as ``'{country}_{session}_{year}.txt'`` turns filename
    fields into metadata; ``catalog`` (default: ``catalog.csv`` beside the
    files) supplies metadata that wins over everything else; a table without
    file/id column (UNGDC's ``speakers.csv``) is joined by filename fields,
    found by value or named with ``catalog_on="country=country_code,year"``
    (see :func:`lavrovkit.readers.read_corpus`). For a table, ``text_column``
    and ``id_column`` name its text and id columns (default: the usual names).
    Archive members larger than ``max_member_bytes`` uncompressed are skipped;
    an archive expanding beyond ``max_archive_bytes`` is an error. Files that
    can't be read are skipped with a warning and listed in ``corpus.skipped``.
    The loaded tables are cached (:class:`CorpusSnapshot`, keyed by the
    files' names, sizes and modification times, the arguments, the
    gazetteer and the kit's code); ``cache=False`` reads the files afresh.
    ``duplicates="drop"`` keeps one copy of each text saved more than once
    (the fullest; exact and near copies, see :meth:`Corpus.duplicates`) and
    records the dropped ones in ``corpus.duplicate_groups``; ``"keep"`` (the
    default) counts every copy. ``jobs`` also sets how many processes clean the
    files, with a progress bar when ``progress`` (or on a terminal).

    >>> len(corpus_load())
    5
    """
    if isinstance(path, pd.DataFrame):
        path = frame_file(path, cache_dir)
    if duplicates not in DUPLICATE_POLICIES:
        raise ParameterError(f"duplicates={duplicates!r}: expected one of {', '.join(DUPLICATE_POLICIES)}")
    gaz = actors if isinstance(actors, Actors) else actors_load(actors)
    read_args: dict[str, Any] = {"pattern": pattern, "catalog": catalog, "text_column": text_column,
                                 "catalog_on": catalog_on}
    # the id column and the archive caps join the arguments (and the snapshot key) only when set
    given = {"id_column": id_column, "max_member_bytes": max_member_bytes, "max_archive_bytes": max_archive_bytes}
    read_args.update({k: v for k, v in given.items() if v != _READ_DEFAULTS[k]})
    snapshot = CorpusSnapshot.of(path, read_args, gaz, cache_dir) if cache else None
    tables = snapshot.read() if snapshot is not None else None
    if tables is None:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            tables = _build_tables(path, read_args, gaz, jobs, progress)
        for w in caught:  # pass them on as they were, and remember them for the next load
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        if snapshot is not None:
            snapshot.write(tables, [(w.category.__name__, str(w.message)) for w in caught])
    from lavrovkit.corpus import AnnotationOptions, Corpus

    corpus = Corpus(
        documents=tables["documents"],
        paragraphs=tables["paragraphs"],
        provenance=tables["provenance"],
        cleaning=tables["cleaning"],
        skipped=tables["skipped"],
        root=tables["info"]["root"],
        catalog=tables["info"]["catalog"],
        options=AnnotationOptions(model=model, cache_dir=str(cache_dir) if cache_dir else None,
                                  jobs=jobs, scheduler=scheduler, progress=progress),
        actors=gaz,
    )
    if duplicates == "drop":
        from lavrovkit.duplicates import duplicate_ids

        groups = corpus.duplicates()
        dropped = set(duplicate_ids(groups))
        corpus = corpus._subset(doc_id for doc_id in corpus.documents["doc_id"] if doc_id not in dropped)
        corpus.duplicate_policy, corpus.duplicate_groups = "drop", groups
    return corpus


#: The code a loaded corpus depends on: a change to any of these modules (or packages, when present)
#: invalidates cached loads.
LOAD_CODE = ("load", "webpage", "clean", "mojibake", "wrap", "chrome", "meta", "build", "segment", "labels", "actors",
             "readers", "lang")


def _load_code() -> list[str]:
    """The modules and packages of :data:`LOAD_CODE` this installation has."""
    return [m for m in LOAD_CODE if (PACKAGE / m).is_dir() or (PACKAGE / f"{m}.py").is_file()]


_SNAPSHOT_TABLES = ("documents", "paragraphs", "provenance", "cleaning", "skipped")


@dataclass
class CorpusSnapshot:
    """A loaded corpus's tables cached as Parquet under ``<cache>/corpora/<key>/``.

    The key hashes each input file's path, size and modification time (the
    folder's files, the archive, table or text file, the catalog), the load
    arguments, the gazetteer and the kit's loading code, so editing, adding or
    removing a file, or upgrading the kit, loads afresh. The folder is written
    under a temporary name and renamed into place whole.
    """

    folder: Path

    @classmethod
    def of(cls, path: str | Path | None, read_args: dict[str, Any], gaz: Actors,
           cache_dir: str | Path | None = None) -> CorpusSnapshot | None:
        """The snapshot for these inputs, or None when they can't be fingerprinted (e.g. a missing path)."""
        src = seeds_path() if path is None else Path(path)
        try:
            files = _input_stats(src)
            for name in ("catalog",):
                if read_args.get(name) and Path(read_args[name]).is_file():
                    files += _input_stats(Path(read_args[name]))
        except OSError:
            return None
        if not files:
            return None
        code = code_digest(*_load_code())
        key = digest(str(src.resolve()), sorted(files), sorted((k, str(v)) for k, v in read_args.items()),
                     repr(gaz.actors), repr(gaz.role_phrases), code)
        return cls(cache_root(cache_dir) / "corpora" / key)

    def read(self) -> dict[str, Any] | None:
        """The cached tables (warnings of the original load re-issued), or None when there are none.

        A damaged snapshot (a truncated or overwritten file) is removed with a
        :class:`CacheWarning` naming the file, and the corpus loads afresh.
        """
        if not self.folder.is_dir():
            return None
        bad = self.folder / "info.json"
        try:
            info = json.loads(bad.read_text(encoding="utf-8"))
            tables: dict[str, Any] = {}
            for name in _SNAPSHOT_TABLES:
                bad = self.folder / f"{name}.parquet"
                tables[name] = pq.read_table(bad).to_pandas()
        except FileNotFoundError:
            return None  # replaced by another process meanwhile (atomic_folder): load afresh, remove nothing
        except (OSError, ValueError, pa.ArrowException) as exc:
            unreadable_not_damaged(bad, exc)
            self._discard(bad, exc)
            return None
        for category, message in info.get("warnings", []):
            warnings.warn(message, CorpusWarning if category == "CorpusWarning" else UserWarning, stacklevel=3)
        tables["info"] = info
        return tables

    def _discard(self, bad: Path, exc: BaseException) -> None:
        """Remove a damaged snapshot, saying which file was damaged; CacheError when it can't be removed."""
        reason = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
        warnings.warn(CacheWarning(f"{bad}: damaged cache file ({reason}); the corpus is loaded afresh"),
                      stacklevel=4)
        try:
            shutil.rmtree(self.folder)
        except FileNotFoundError:
            pass
        except OSError as err:
            raise CacheError(f"{bad}: damaged cache file that can't be removed ({err.strerror}); "
                             f"clear it with `rm -r {self.folder}`") from exc

    def write(self, tables: dict[str, Any], caught: list[tuple[str, str]]) -> bool:
        """Store the tables (the folder replaced whole); False, and nothing written, when a table can't be
        stored as Parquet."""
        def fill(tmp: Path) -> None:
            for name in _SNAPSHOT_TABLES:
                pq.write_table(pa.Table.from_pandas(tables[name], preserve_index=False), tmp / f"{name}.parquet",
                               compression="zstd")
            (tmp / "info.json").write_text(json.dumps({**tables["info"], "warnings": caught,
                                                       "code": code_record(*_load_code())}, indent=2),
                                           encoding="utf-8")

        try:
            atomic_folder(self.folder, fill)
            return True
        except (OSError, pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            return False  # e.g. a metadata column mixing numbers and text: this corpus loads afresh each time


def _input_stats(src: Path) -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of ``src`` or, for a folder, of every file under it."""
    if src.is_dir():
        out = []
        for root, dirs, names in os.walk(src):
            dirs.sort()
            for name in sorted(names):
                st = os.stat(os.path.join(root, name))
                out.append((os.path.relpath(os.path.join(root, name), src), st.st_size, st.st_mtime_ns))
        return out
    st = src.stat()
    out = [(src.name, st.st_size, st.st_mtime_ns)]
    beside = src.parent / "catalog.csv"
    if beside.is_file() and beside != src:  # a single file's catalog lives beside it
        bst = beside.stat()
        out.append((beside.name, bst.st_size, bst.st_mtime_ns))
    return out


def _build_tables(path: str | Path | None, read_args: dict[str, Any], gaz: Actors, jobs: int = 1,
                  progress: bool | None = None) -> dict[str, Any]:
    """Read, clean and segment the files: the documents, paragraphs, provenance, cleaning and skipped tables.

    Cleaning and segmentation run in ``jobs`` spawned processes when there is more than one
    (chunks of :data:`CLEAN_CHUNK` documents, results in corpus order, warnings passed on).
    """
    loaded = read_corpus(path, **read_args)
    doc_rows: list[dict[str, Any]] = []
    prov_rows: list[dict[str, Any]] = []
    clean_rows: list[dict[str, Any]] = []
    para_rows: list[dict[str, Any]] = []
    extra_fields: list[str] = []
    for row, prov, cleaning, paras in _clean_documents(loaded.documents, gaz, jobs, progress):
        for k in row:
            if k not in DOC_COLUMNS and k not in extra_fields:
                extra_fields.append(k)
        doc_rows.append(row)
        prov_rows.extend(prov)
        clean_rows.extend(cleaning)
        para_rows.extend(paras)
    documents = pd.DataFrame(doc_rows, columns=DOC_COLUMNS + extra_fields)
    documents["date"] = pd.to_datetime(documents["date"], errors="coerce")
    documents["words"] = documents["words"].astype("int64")
    for col in ("date_precision",):
        documents[col] = documents[col].fillna("unknown")
    return {
        "documents": documents,
        "paragraphs": pd.DataFrame(para_rows, columns=PARAGRAPH_COLUMNS),
        "provenance": pd.DataFrame(prov_rows, columns=["doc_id", "field", "value", "origin", "evidence", "used"]),
        "cleaning": pd.DataFrame(clean_rows, columns=["doc_id", "kind", "detail", "text"]),
        "skipped": pd.DataFrame(loaded.skipped, columns=["file", "reason"]),
        "info": {"root": str(loaded.root), "catalog": str(loaded.catalog) if loaded.catalog else None},
    }


#: Documents per cleaning task when cleaning runs in several processes.
CLEAN_CHUNK = 64
_Cleaned = tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]


def _clean_documents(raws: Sequence[RawDocument], gaz: Actors, jobs: int = 1,
                     progress: bool | None = None) -> Iterable[_Cleaned]:
    """Each document's row, provenance, cleaning and paragraph rows, in corpus order (``jobs`` processes)."""
    import sys

    show = progress if progress is not None else sys.stderr.isatty()
    chunks = [list(raws[i:i + CLEAN_CHUNK]) for i in range(0, len(raws), CLEAN_CHUNK)]
    bar = None
    if show and raws:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(raws), unit="doc", desc=f"cleaning ({jobs} jobs)" if jobs > 1 else "cleaning")
    try:
        if jobs > 1 and len(chunks) > 1:
            # workers end with this process: Ctrl-C, SIGTERM or a killed parent leaves none behind
            with worker_pool(min(jobs, len(chunks)), _set_worker_gazetteer, (gaz,)) as pool:
                for done, caught in pool.map(_clean_chunk, chunks):
                    for category, message in caught:  # warnings raised in a worker, passed on here
                        warnings.warn(category(message), stacklevel=2)
                    if bar is not None:
                        bar.update(len(done))
                    yield from done
        else:
            for chunk in chunks:
                done = [_cleaned(raw, gaz) for raw in chunk]
                if bar is not None:
                    bar.update(len(done))
                yield from done
    finally:
        if bar is not None:
            bar.close()


#: The gazetteer of a cleaning worker process, sent once when the worker starts (not with every chunk).
_WORKER_GAZETTEER: list[Actors] = []


def _set_worker_gazetteer(gaz: Actors) -> None:
    _WORKER_GAZETTEER[:] = [gaz]


def _clean_chunk(raws: list[RawDocument]) -> tuple[list[_Cleaned], list[tuple[type[Warning], str]]]:
    """Clean a chunk of documents in a worker process; the warnings it raised, to pass on."""
    gaz = _WORKER_GAZETTEER[0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        done = [_cleaned(raw, gaz) for raw in raws]
    return done, [(w.category, str(w.message)) for w in caught]


def _cleaned(raw: RawDocument, gaz: Actors) -> _Cleaned:
    row, prov, cleaning, standfirst = _document(raw, gaz)
    return row, prov, cleaning, _paragraph_rows(row["doc_id"], row["text"], row.get("title"), standfirst, gaz)


def _document(raw: RawDocument, gaz: Actors
              ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """One document's row, provenance and cleaning rows, and its standfirst paragraphs (web pages)."""
    cleaned = clean_text(raw.raw, is_html=raw.is_html)
    prose = cleaned.prose_removed
    if len(prose) >= PROSE_REMOVED_WARN:
        warnings.warn(CorpusWarning(
            f"{raw.file}: cleaning removed {len(prose)} paragraphs of running prose inside the article as "
            f"furniture; they are in corpus.cleaning (kind 'removed'), e.g. {prose[0][:80]!r}"), stacklevel=2)
    cleaning = [{"doc_id": raw.doc_id, "kind": "load", "detail": note, "text": None} for note in raw.notes]
    cleaning += [{"doc_id": raw.doc_id, "kind": a.get("kind"), "detail": a.get("detail"), "text": None}
                 for a in cleaned.actions]
    cleaning += [{"doc_id": raw.doc_id, "kind": "removed", "detail": r.get("rule"), "text": r.get("text")}
                 for r in cleaned.removed]
    candidates: list[dict[str, Any]] = []
    for fld, value in raw.meta.items():
        if value is None or (isinstance(value, float) and value != value) or str(value).strip() == "":
            continue
        candidates.append({"field": fld, "value": value, "origin": raw.meta_origin.get(fld, "table"),
                           "evidence": raw.meta_evidence.get(fld) or raw.meta_origin.get(fld, "table")})
    meta_text = cleaned.text if cleaned.page is not None else raw.raw
    lang = detect(cleaned.text)
    candidates.append({"field": "lang", "value": lang, "origin": "heuristic",
                       "evidence": "the script of its letters (Cyrillic: ru, else en)"})
    try:
        meta_lang = language_code(raw.meta.get("lang")) or lang
    except ParameterError:
        meta_lang = lang  # reported below, where the row's language is set
    for guess in guess_metadata(meta_text, raw.file, page=cleaned.page, lang=meta_lang):
        if guess.get("value") in (None, ""):
            continue
        candidates.append({"field": guess["field"], "value": guess["value"], "origin": guess["origin"],
                           "evidence": guess.get("evidence", "")})
    chosen: dict[str, dict[str, Any]] = {}
    rank = {o: i for i, o in enumerate(ORIGIN_PRIORITY)}
    for cand in candidates:
        cur = chosen.get(cand["field"])
        if cur is None or rank.get(cand["origin"], 9) < rank.get(cur["origin"], 9):
            chosen[cand["field"]] = cand
    # the date and its precision travel together
    if "date" in chosen and "date_precision" in chosen and chosen["date_precision"]["origin"] != chosen["date"]["origin"]:
        same = [c for c in candidates if c["field"] == "date_precision" and c["origin"] == chosen["date"]["origin"]]
        if same:
            chosen["date_precision"] = same[0]
        else:
            chosen["date_precision"] = {"field": "date_precision", "value": _precision(str(chosen["date"]["value"])),
                                        "origin": chosen["date"]["origin"], "evidence": "from the date's form"}
            candidates.append(chosen["date_precision"])
    row: dict[str, Any] = {"doc_id": raw.doc_id, "file": raw.file}
    for fld, cand in chosen.items():
        row[fld] = cand["value"]
    for fld in STANDARD_FIELDS:
        row.setdefault(fld, None)
    if row.get("date") and not row.get("date_precision"):
        row["date_precision"] = _precision(str(row["date"]))
    try:
        row["lang"] = language_code(row.get("lang")) or lang
    except ParameterError as exc:
        raise CorpusError(f"{raw.file}: {exc}") from None
    if row.get("speaker"):
        name = HONORIFIC.sub("", " ".join(str(row["speaker"]).split()))
        row["speaker"] = gaz.canonical(name) or name
    text = cleaned.text
    row.update(words=len(WORD_RE.findall(text)), encoding=raw.encoding, key=text_key(text), text=text)
    prov = [{"doc_id": raw.doc_id, **c, "value": str(c["value"]), "used": chosen.get(c["field"]) is c} for c in candidates]
    return row, prov, cleaning, (cleaned.page.standfirst if cleaned.page is not None else [])


def _precision(value: str) -> str:
    value = value.strip()
    if re.fullmatch(r"\d{4}", value):
        return "year"
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return "month"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", value):
        return "day"
    return "unknown"


def _paragraph_rows(doc_id: str, text: str, title: str | None, standfirst: Sequence[str],
                    gaz: Actors) -> list[dict[str, Any]]:
    """One row per paragraph: its span, part (headline/standfirst/body), turn speaker and role, heading flag."""
    lead = {_plain(p) for p in standfirst}
    rows = []
    for pid, p in enumerate(paragraphs_of(text)):
        body = text[p.start:p.end]
        plain = _plain(body)
        if pid == 0 and title and plain == _plain(title):
            part = "headline"
        elif plain in lead and not p.turn:
            part = "standfirst"
        else:
            part = "body"
        speaker = p.speaker if p.speaker is None or p.speaker in GENERIC_SPEAKERS else (
            gaz.resolve(p.speaker) or p.speaker)
        rows.append({"doc_id": doc_id, "paragraph_id": pid, "start_char": p.start, "end_char": p.end,
                     "text": body, "part": part, "turn_speaker": speaker, "speaker_role": p.role,
                     "is_heading": not p.turn and is_heading(body)})
    return rows


def _plain(text: str) -> str:
    """A paragraph's letters and digits only, lower-cased: how headlines and standfirsts are recognised."""
    return re.sub(r"[\W_]+", "", text).casefold()


#: Names this module had before the noun-first scheme (see :mod:`lavrovkit.compat`).
__getattr__ = old_names(__name__, {n: RENAMED[n] for n in ('load_corpus',)})
