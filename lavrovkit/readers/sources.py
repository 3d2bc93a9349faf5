"""The files of a corpus folder or archive, listed in sorted order, with what was left out and why.

A folder is walked recursively (hidden files and folders such as ``.git``
are not part of the corpus); a folder that can't be listed is recorded in
``skipped`` (the corpus folder itself: :class:`CorpusError`). Archives are
read member by member: links, unsafe paths (absolute or with ``..``), hidden
names and ``__MACOSX/`` resource data are listed in ``skipped`` with the
reason, and so is a member larger than ``max_member_bytes`` uncompressed
(:data:`MAX_MEMBER_BYTES`, read at most that far, so a small archive can't
expand to gigabytes in memory). An archive whose members together expand
beyond ``max_archive_bytes`` (:data:`MAX_ARCHIVE_BYTES`) is a
:class:`CorpusError`: every document is held in memory, so a larger corpus
should be extracted and read as a folder.

>>> from lavrovkit.readers import seeds_path
>>> listing = list_folder(seeds_path())
>>> [m.rel for m in listing.members][:2], listing.skipped
(['000_f2895449ac41416b.txt', '001_3fdc92207c156fae.txt'], [])
"""

from __future__ import annotations

import lzma
import os
import stat
import tarfile
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from lavrovkit.errors import CorpusError, CorpusWarning
from lavrovkit.readers.base import CATALOG_NAME, reader_for, register, suffixes

#: The largest archive member read, uncompressed (bytes); larger members are skipped with the reason.
MAX_MEMBER_BYTES = 50 * 2**20
#: The most an archive may expand to in all, uncompressed (bytes); more is a CorpusError.
MAX_ARCHIVE_BYTES = 4 * 2**30
#: File names (without extension) that describe a corpus rather than belong to it.
NOT_DOCUMENTS = frozenset({"readme", "license", "licence", "changelog", "copying"})
#: Names that are never part of a corpus (system files); names starting with "." are hidden too.
HIDDEN_NAMES = frozenset({"__MACOSX", "__pycache__", "Thumbs.db", "desktop.ini"})


@dataclass
class Member:
    """A file of the corpus: its posix path relative to the corpus root and how to read its bytes."""

    rel: str
    read: Callable[[], bytes]


@dataclass
class Listing:
    """The files of a folder or archive, sorted by path, and what was left out: ``{"file", "reason"}`` rows."""

    members: list[Member]
    skipped: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ArchiveLimits:
    """How much of an archive is read: per member and in all (uncompressed bytes)."""

    member: int = MAX_MEMBER_BYTES
    total: int = MAX_ARCHIVE_BYTES


def hidden(name: str) -> bool:
    """Is this file or folder name hidden or system data, never a document?

    >>> hidden(".DS_Store"), hidden("__MACOSX"), hidden("speech.txt")
    (True, True, False)
    """
    return name.startswith(".") or name in HIDDEN_NAMES


def is_archive(path: Path) -> bool:
    """Is this an archive file a registered archive reader reads (by its name)?"""
    return path.is_file() and reader_for(path.name, "archive") is not None


def not_a_document(rel: str, listed: bool) -> str | None:
    """Why a file of a folder or archive is not read as a document, or None (``listed``: the catalog names it).

    >>> not_a_document("scan.pdf", False)
    "unsupported file type '.pdf' (documents are .txt, .md, .html, .htm)"
    >>> not_a_document("2019/SWE_74_2019.txt", False) is None
    True
    """
    low = rel.lower()
    path = PurePosixPath(low)
    if rel.startswith("/") or ".." in path.parts:
        return "unsafe path in the archive (absolute or with '..')"
    if low == CATALOG_NAME:
        return "catalog.csv not used: another catalog was given"
    if path.name == CATALOG_NAME:
        return "catalog.csv below the corpus root is not used (only the root's catalog.csv is)"
    if reader_for(low, "table") is not None:
        return (f"{path.suffix.lstrip('.').upper()} file in a corpus folder: not a document and not the catalog "
                "(only catalog.csv at the root is); read it on its own for one document per row")
    if reader_for(low, "document") is None:
        return (f"unsupported file type {path.suffix!r}" if path.suffix else "no file extension") + \
            f" (documents are {', '.join(suffixes('document'))})"
    if path.stem in NOT_DOCUMENTS and not listed:
        return "describes the corpus, not a document (README/LICENSE); list it in catalog.csv to read it"
    return None


# ---------------------------------------------------------------------- folders


def _scandir(path: str) -> list[os.DirEntry[str]]:
    """The entries of one folder (raises OSError when it can't be listed)."""
    with os.scandir(path) as it:
        return list(it)


def list_folder(root: Path) -> Listing:
    """The files below ``root`` (hidden ones left out); folders that can't be listed are recorded in ``skipped``.

    A symbolic link to a folder is not followed (it is recorded too). The
    corpus folder itself failing to list is a :class:`CorpusError` with the reason.
    """
    members: list[Member] = []
    skipped: list[dict[str, str]] = []
    try:
        top = _scandir(str(root))
    except OSError as exc:
        raise CorpusError(f"{root}: can't list the corpus folder ({exc.strerror or exc})") from None
    stack: list[tuple[str, list[os.DirEntry[str]]]] = [("", top)]
    while stack:
        prefix, entries = stack.pop()
        subfolders = []
        for entry in sorted(entries, key=lambda e: e.name):
            if hidden(entry.name):
                continue
            rel = prefix + entry.name
            try:
                is_dir = entry.is_dir()
                link = entry.is_symlink()
            except OSError as exc:
                _record(skipped, rel, f"can't be examined ({exc.strerror or exc})")
                continue
            if is_dir and link:
                _record(skipped, rel + "/", "symbolic link to a folder: not followed")
            elif is_dir:
                try:
                    subfolders.append((rel + "/", _scandir(entry.path)))
                except OSError as exc:
                    _record(skipped, rel + "/", f"folder can't be listed ({exc.strerror or exc}); its files are not read")
            else:
                members.append(Member(rel, Path(entry.path).read_bytes))
        stack.extend(reversed(subfolders))
    return Listing(sorted(members, key=lambda m: m.rel), skipped)


def _record(skipped: list[dict[str, str]], file: str, reason: str) -> None:
    warnings.warn(f"{file}: skipped: {reason}", CorpusWarning, stacklevel=4)
    skipped.append({"file": file, "reason": reason})


# ---------------------------------------------------------------------- archives


def list_archive(path: Path, limits: ArchiveLimits | None = None) -> Listing:
    """The regular files of an archive, read into memory, without a top folder common to all.

    Members not read are in ``skipped`` with the reason, and one
    :class:`CorpusWarning` counts them by reason. An archive that can't be
    read, or that expands beyond ``limits.total``, is a :class:`CorpusError`.
    """
    limits = limits or ArchiveLimits()
    reader = reader_for(path.name, "archive")
    if reader is None:
        raise CorpusError(f"{path}: not an archive this kit reads (archives end in .zip, .tar, .tar.gz, .tgz, ...)")
    try:
        items, skipped = reader.read(path, limits)
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError, lzma.LZMAError, zlib.error) as exc:
        raise CorpusError(f"{path}: not a readable archive ({exc})") from exc
    parts = [PurePosixPath(n).parts for n, _ in items]
    if parts and all(len(p) > 1 for p in parts) and len({p[0] for p in parts}) == 1:
        items = [(str(PurePosixPath(*PurePosixPath(n).parts[1:])), d) for n, d in items]
    if skipped:
        counts = Counter(s["reason"].split(" (")[0].split(":")[0] for s in skipped)
        warnings.warn(f"{path}: {len(skipped)} archive member(s) not read (listed in skipped): "
                      + "; ".join(f"{n} {why}" for why, n in counts.most_common()), CorpusWarning, stacklevel=3)
    members = sorted((Member(n, _held(d)) for n, d in items), key=lambda m: m.rel)
    return Listing(members, skipped)


def _held(data: bytes) -> Callable[[], bytes]:
    """A reader of bytes already in memory."""
    return lambda: data


def _member_problem(name: str) -> str | None:
    """Why an archive member's name keeps it out of the corpus, or None."""
    path = PurePosixPath(name)
    if name.startswith("/") or ".." in path.parts or (len(name) > 1 and name[1] == ":"):
        return "unsafe path in the archive (absolute or with '..')"
    if any(part == "__MACOSX" for part in path.parts):
        return "macOS resource data (__MACOSX/)"
    if any(hidden(part) for part in path.parts):
        return "hidden file or folder"
    return None


class _Budget:
    """Counts the bytes read from an archive against its limits."""

    def __init__(self, path: Path, limits: ArchiveLimits) -> None:
        self.path, self.limits, self.used = path, limits, 0

    def read(self, name: str, declared: int, fh: IO[bytes], skipped: list[dict[str, str]]) -> bytes | None:
        """The member's bytes, or None (recorded in ``skipped``) when it is larger than the member limit."""
        cap = self.limits.member
        data = fh.read(cap + 1) if declared <= cap else b""
        if declared > cap or len(data) > cap:
            size = f"{declared:,} bytes" if declared > cap else f"more than {cap:,} bytes"
            skipped.append({"file": name, "reason": f"too large: {size} uncompressed (the limit is {cap:,} "
                                                    "bytes, max_member_bytes)"})
            return None
        self.used += len(data)
        if self.used > self.limits.total:
            raise CorpusError(f"{self.path}: expands to more than {self.limits.total:,} bytes (max_archive_bytes); "
                              "extract it and read the folder, or raise the limit")
        return data


@register("zip", suffixes=(".zip",), role="archive")
def read_zip(path: Path, limits: ArchiveLimits) -> tuple[list[tuple[str, bytes]], list[dict[str, str]]]:
    """The members of a zip archive: ``(name, bytes)`` pairs and the skipped ones (also members that can't be
    extracted: encrypted, compressed by an unsupported method, failing their checksum)."""
    items: list[tuple[str, bytes]] = []
    skipped: list[dict[str, str]] = []
    budget = _Budget(path, limits)
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if info.is_dir():
                continue
            name = info.filename.removeprefix("./")
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                skipped.append({"file": name, "reason": "symbolic link in the archive: not followed"})
                continue
            if problem := _member_problem(name):
                skipped.append({"file": name, "reason": problem})
                continue
            try:
                with zf.open(info) as fh:
                    data = budget.read(name, info.file_size, fh, skipped)
            except (RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
                # encrypted, an unsupported compression method, a bad CRC: this member only
                skipped.append({"file": name, "reason": f"can't be extracted ({exc})"})
                continue
            if data is not None:
                items.append((name, data))
    return items, skipped


@register("tar", suffixes=(".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tbz2", ".tar.xz", ".txz"), role="archive")
def read_tar(path: Path, limits: ArchiveLimits) -> tuple[list[tuple[str, bytes]], list[dict[str, str]]]:
    """The members of a (compressed) tar archive, read in one pass: ``(name, bytes)`` pairs and the skipped ones."""
    items: list[tuple[str, bytes]] = []
    skipped: list[dict[str, str]] = []
    budget = _Budget(path, limits)
    with tarfile.open(path, "r:*") as tf:
        for info in tf:
            if info.isdir():
                continue
            name = info.name.removeprefix("./")
            if info.issym() or info.islnk():
                kind = "symbolic" if info.issym() else "hard"
                skipped.append({"file": name, "reason": f"{kind} link in the archive: not followed"})
                continue
            if not info.isfile():
                skipped.append({"file": name, "reason": "not a regular file (device, pipe or other special file)"})
                continue
            if problem := _member_problem(name):
                skipped.append({"file": name, "reason": problem})
                continue
            fh = tf.extractfile(info)
            if fh is None:
                skipped.append({"file": name, "reason": "could not be extracted"})
                continue
            with fh:
                data = budget.read(name, info.size, fh, skipped)
            if data is not None:
                items.append((name, data))
        _check_tar_end(path, tf, len(items))
    return items, skipped


#: How far past the last member a tar archive is checked for data tarfile stopped before.
_TAIL_CHECK = 1 << 20


def _check_tar_end(path: Path, tf: tarfile.TarFile, read: int) -> None:
    """tarfile stops without a word at a damaged member header, as if the archive ended there: what
    follows the last member it read must be the archive's zero padding, else a :class:`CorpusError`."""
    fileobj = tf.fileobj
    if fileobj is None:
        return
    end = tf.offset
    fileobj.seek(end)
    tail = fileobj.read(_TAIL_CHECK)
    if tail.strip(b"\0"):
        raise CorpusError(f"{path}: damaged archive: it stops being readable after {read} member(s), at byte "
                          f"{end:,} of its contents; the rest of the corpus is in it but can't be read "
                          "(re-create or re-download the archive)")

