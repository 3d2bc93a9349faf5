"""Report parameters: read from each notebook's ``parameters`` cell once, typed and checked once.

A curated notebook declares its parameters in a cell tagged ``parameters``
(papermill's convention); :func:`notebook_parameters` reads them with
``papermill.inspect_notebook`` (cached per file and modification time), so the
command line, :func:`lavrovkit.reports.render_all` and the notebook's own set-up
(:func:`lavrovkit.study.study_setup`) all see the same names, defaults and help.
:func:`parameters_check` is the one validator.

>>> notebook_parameters("02_themes")["grain"]
'auto'
>>> parameters_parse([("pattern", "{year}.txt"), ("top", "5")], ["02_themes"])
{'pattern': '{year}.txt', 'top': 5}
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from lavrovkit.errors import LavrovkitError, ReportError
from lavrovkit.resources import bundled

#: A curated notebook's file stem: two digits, an underscore, a name.
CURATED = re.compile(r"^\d\d_[a-z0-9_]+$")
#: Parameters that name files or folders: made absolute against the caller's working directory, since
#: notebooks run with their own folder as theirs.
PATH_PARAMETERS = ("corpus", "catalog", "taxonomy", "actors", "png_dir")
#: Of those, the ones that must exist before a notebook runs.
MUST_EXIST = ("corpus", "catalog", "taxonomy", "actors")
#: Allowed values of the ``duplicates`` parameter.
DUPLICATE_POLICIES = ("keep", "drop")


def notebooks_dir() -> Path:
    """Where the curated notebooks are: ``$LAVROVKIT_NOTEBOOKS``, else ``./notebooks`` when the current
    folder is a study (``lavrovkit init``) or the checkout, else the installed package's copies."""
    if os.environ.get("LAVROVKIT_NOTEBOOKS"):
        return Path(os.environ["LAVROVKIT_NOTEBOOKS"])
    here = Path.cwd() / "notebooks"
    if here.is_dir() and any(CURATED.match(p.stem) for p in here.glob("*.ipynb")):
        return here
    return bundled("notebooks")


def curated_notebooks(folder: Path | None = None) -> list[str]:
    """The names (file stems) of the curated notebooks, in order.

    >>> curated_notebooks()[:2]
    ['00_explore', '01_corpus_overview']
    """
    folder = folder or notebooks_dir()
    return sorted(p.stem for p in folder.glob("*.ipynb") if CURATED.match(p.stem))


def notebook_path(name: str, folder: Path | None = None) -> Path:
    """The file of curated notebook ``name``; an unknown name is a :class:`ReportError` listing the names."""
    folder = folder or notebooks_dir()
    path = folder / f"{name}.ipynb"
    if not CURATED.match(name) or not path.is_file():
        known = ", ".join(curated_notebooks(folder)) or "none"
        raise ReportError(f"unknown report {name!r}; curated notebooks: {known}")
    return path


def notebook_parameters(name: str, folder: Path | None = None) -> dict[str, Any]:
    """The parameters notebook ``name`` declares, with their default values (in the cell's order)."""
    return {k: v for k, (v, _) in _declared(notebook_path(name, folder)).items()}


def parameters_help(name: str, folder: Path | None = None) -> dict[str, str]:
    """Each parameter's comment in the notebook's ``parameters`` cell (what it means)."""
    return {k: h for k, (_, h) in _declared(notebook_path(name, folder)).items()}


def _declared(path: Path) -> dict[str, tuple[Any, str]]:
    stat = path.stat()
    return _inspect(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _inspect(path: str, mtime_ns: int, size: int) -> dict[str, tuple[Any, str]]:
    """papermill's reading of the parameters cell, defaults evaluated as Python literals (cached)."""
    import papermill as pm

    try:
        found = pm.inspect_notebook(path)
    except Exception as exc:  # unreadable JSON, not a notebook
        raise ReportError(f"{path}: not a readable notebook ({type(exc).__name__}: {exc})") from None
    if not found:
        raise ReportError(f"{path}: no cell tagged 'parameters' (papermill's convention), or it assigns nothing")
    out: dict[str, tuple[Any, str]] = {}
    for key, info in found.items():
        try:
            value = ast.literal_eval(info["default"])
        except (ValueError, SyntaxError):
            raise ReportError(f"{path}: parameter {key!r} has a default that is not a literal: "
                              f"{info['default']}") from None
        out[key] = (value, info.get("help") or "")
    return out


def parameters_parse(pairs: Sequence[tuple[str, str]], names: Sequence[str],
                     folder: Path | None = None) -> dict[str, Any]:
    """Command-line ``-p KEY VALUE`` strings, typed like each parameter's default in the named notebooks.

    A parameter whose default is text keeps the text as given (so a pattern
    like ``{country}_{year}.txt`` stays one); numbers, true/false and lists
    (YAML ``[a, b]`` or ``a,b``) are parsed. A value that does not fit, or a
    parameter no notebook declares, is a :class:`ReportError`.
    """
    import yaml

    defaults = parameters_declared(names, folder)
    unknown = sorted({key for key, _ in pairs} - set(defaults))
    if unknown:
        raise ReportError(f"unknown parameter(s) {', '.join(unknown)}; {', '.join(names)} take: "
                          f"{', '.join(sorted(defaults))}")
    out: dict[str, Any] = {}
    for key, raw in pairs:
        default = defaults[key]
        if isinstance(default, str) or default is None:
            out[key] = raw
            continue
        try:
            value = yaml.safe_load(raw) if raw.strip() else ""
        except yaml.YAMLError:
            value = raw
        if isinstance(default, list) and not isinstance(value, list):
            value = [v.strip() for v in raw.split(",") if v.strip()]
        if isinstance(default, float) and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not _fits(value, default):
            raise ReportError(f"parameter {key!r} takes a {_kind(default)} (default {default!r}); got {raw!r}")
        out[key] = value
    return out


def parameters_declared(names: Sequence[str], folder: Path | None = None) -> dict[str, Any]:
    """Every parameter any of the named notebooks declares, with its (first) default."""
    defaults: dict[str, Any] = {}
    for n in names:
        for k, v in notebook_parameters(n, folder).items():
            defaults.setdefault(k, v)
    return defaults


def parameters_file(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Parameter sets from a YAML file: a mapping (one report each) or a list of mappings (one per set).

    Only plain YAML is read (``yaml.safe_load``: a Python tag is refused, never run); any problem is a
    one-line :class:`ReportError` naming the file.
    """
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"{path}: cannot read the parameters file ({exc.__class__.__name__}: "
                          f"{getattr(exc, 'strerror', None) or exc})") from None
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ReportError(f"{path}: not valid YAML{where}: {problem}") from None
    if loaded is None:
        return [{}]
    if isinstance(loaded, dict) and all(isinstance(k, str) for k in loaded):
        return [loaded]
    if isinstance(loaded, list) and all(isinstance(x, dict) for x in loaded):
        return [dict(x) for x in loaded] or [{}]
    raise ReportError(f"{path}: expected a mapping of parameter names to values, "
                      "or a list of such mappings (one report per set)")


def _kind(default: Any) -> str:
    return {bool: "true/false", int: "whole number", float: "number", list: "list", str: "text"}.get(
        type(default), type(default).__name__)


def _fits(value: Any, default: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    return isinstance(value, type(default))


def parameters_check(parameters: Mapping[str, Any], defaults: Mapping[str, Any]) -> None:
    """Check parameters before any kernel starts; a :class:`ReportError` says what is wrong.

    Checked: each value has the type of the notebook's default (text, whole
    number, number, true/false, list); dates are YYYY-MM-DD and the end is not
    before the start; ``duplicates`` is keep or drop; ``lang`` is all or a language the kit reads; the time grain is one the
    kit knows; themes exist in the taxonomy; the side exists in the actors file.

    >>> parameters_check({"grain": "week"}, {"grain": "year"})
    Traceback (most recent call last):
    ...
    lavrovkit.errors.ReportError: parameter 'grain': 'week' is not one of auto, doc, month, quarter, year
    """
    from lavrovkit.selection import AUTO_GRAIN, GRAINS

    for key, value in parameters.items():
        default = defaults.get(key)
        if default is None:
            continue
        if not _fits(value, default):
            raise ReportError(f"parameter {key!r} takes a {_kind(default)} (default {default!r}); "
                              f"got {value!r} ({type(value).__name__})")
    days = {}
    for key in ("start", "end", "split"):
        value = parameters.get(key)
        if isinstance(value, str) and value.strip():
            try:
                days[key] = dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ReportError(f"parameter {key!r}: {value!r} is not a date (YYYY-MM-DD)") from None
    if "start" in days and "end" in days and days["end"] < days["start"]:
        raise ReportError(f"parameter 'end' ({days['end']}) is before 'start' ({days['start']})")
    dups = parameters.get("duplicates")
    if isinstance(dups, str) and dups not in DUPLICATE_POLICIES:
        raise ReportError(f"parameter 'duplicates': {dups!r} is not one of {', '.join(DUPLICATE_POLICIES)}")
    lang = parameters.get("lang")
    if isinstance(lang, str) and lang.strip() and lang.strip().lower() != "all":
        from lavrovkit.lang import language_code

        try:
            language_code(lang)
        except LavrovkitError as exc:
            raise ReportError(f"parameter 'lang': {exc}") from None
    grain = parameters.get("grain")
    if isinstance(grain, str) and grain and grain not in (AUTO_GRAIN, *GRAINS):
        raise ReportError(f"parameter 'grain': {grain!r} is not one of {', '.join((AUTO_GRAIN, *GRAINS))}")
    if parameters.get("themes"):
        from lavrovkit.errors import TaxonomyError
        from lavrovkit.themes import taxonomy_load

        try:
            taxonomy_load(parameters.get("taxonomy") or None).check(parameters["themes"])
        except TaxonomyError as exc:
            raise ReportError(f"parameter 'themes': {exc}") from None
    side = parameters.get("side")
    if isinstance(side, str) and side.strip():
        from lavrovkit.actors import actors_load

        sides = sorted({a.side for a in actors_load(parameters.get("actors") or None).actors})
        if side not in sides:
            raise ReportError(f"parameter 'side': {side!r} is not a side in the actors file; sides: {', '.join(sides)}")


def parameters_resolve(parameters: Mapping[str, Any], base: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Path parameters made absolute (against ``base``, default the current folder); a missing corpus,
    catalog, taxonomy or actors file is a :class:`ReportError` before anything runs."""
    out = dict(parameters)
    root = Path(base) if base is not None else Path.cwd()
    for key in PATH_PARAMETERS:
        value = out.get(key)
        if isinstance(value, str) and value.strip():
            path = (root / Path(value).expanduser()).resolve()
            if key in MUST_EXIST and not path.exists():
                raise ReportError(f"parameter {key}: {value} does not exist")
            out[key] = str(path)
    return out


def report_name(name: str, changed: Mapping[str, Any], taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A readable, safe file stem for a report with non-default parameters (letters, digits, '-', '_').

    >>> report_name("02_themes", {"themes": ["syria"], "grain": "quarter"})
    '02_themes--grain-quarter--themes-syria'
    >>> report_name("01_corpus_overview", {"corpus": "/data/../../etc/speeches"})
    '01_corpus_overview--corpus-speeches'
    """
    parts = []
    for key in sorted(changed):
        value = changed[key]
        if key in PATH_PARAMETERS and isinstance(value, str):
            value = Path(value).name
        text = ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
        slug = re.sub(r"[^a-z0-9]+", "-", f"{key}-{text}".lower()).strip("-")[:40].rstrip("-")
        if slug:
            parts.append(slug)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", name)
    base = "--".join([stem, *parts])[:150]
    out, i = base, 2
    while out in taken:
        out, i = f"{base}-{i}", i + 1
    return out


#: Parameters that are dates or periods of the corpus, checked against its date range before a report runs.
DATE_PARAMETERS = ("start", "end", "split", "target", "reference")


def parameter_given(parameters: Mapping[str, Any], key: str) -> Any:
    """A parameter's value, or ``None`` when it is unset or empty (text, list or mapping): how notebooks
    write "the default" ("" for the shipped taxonomy, [] for every theme).

    >>> parameter_given({"corpus": "", "themes": ["syria"]}, "corpus"), parameter_given({"themes": ["syria"]}, "themes")
    (None, ['syria'])
    """
    value = parameters.get(key)
    return None if value is None or (isinstance(value, (str, list, dict)) and not value) else value


def parameters_corpus(parameters: Mapping[str, Any], actors: Any = None) -> Any:
    """The corpus a notebook's parameters name, loaded with every loader option they set (empty text and
    0 mean the option's default): what :func:`lavrovkit.study.study_setup` and :func:`parameters_fit` load.

    >>> len(parameters_corpus({"corpus": "", "duplicates": "keep"}))
    5
    """
    from lavrovkit.build import corpus_load

    def given(key: str) -> Any:
        return parameter_given(parameters, key)

    # an archive cap of 0 means the default
    caps: dict[str, Any] = {k: int(parameters[k]) for k in ("max_member_bytes", "max_archive_bytes") if given(k)}
    return corpus_load(given("corpus"), given("pattern"), catalog=given("catalog"), catalog_on=given("catalog_on"),
                       text_column=given("text_column"), id_column=given("id_column"), actors=actors,
                       duplicates=parameters.get("duplicates") or "keep", **caps)


def parameters_fit(parameters: Mapping[str, Any]) -> None:
    """Check date, period and grain parameters against the corpus they name, before any kernel starts: a
    range with no dated document in it, or a grain finer than the documents' dates (a month grain on a
    corpus dated to the year), is a :class:`ReportError` giving the corpus's own date range.

    Only runs when a date or period parameter or a month or quarter grain is set; the corpus is loaded
    as the notebook will load it (from the snapshot cache when it is there).
    """
    wanted = {k: v for k, v in parameters.items() if k in DATE_PARAMETERS and isinstance(v, str) and v.strip()
              and v.strip() != "auto"}
    grain = parameters.get("grain")
    fine = isinstance(grain, str) and grain in ("month", "quarter")
    if not wanted and not fine:
        return
    import pandas as pd

    from lavrovkit.selection import date_range, grain_fit, span

    def given(key: str) -> Any:
        return parameter_given(parameters, key)

    corpus = parameters_corpus(parameters)
    docs = corpus.documents
    dates = docs["date"].dropna()
    if dates.empty:
        raise ReportError(f"parameters {', '.join([*wanted, *(['grain'] if fine else [])])}: "
                          f"no document of the corpus has a date")
    covers = date_range(docs)

    def count(lo: Any, hi: Any) -> int:
        mask = pd.Series(True, index=dates.index)
        if lo:
            mask &= dates >= pd.Timestamp(lo)
        if hi:
            mask &= dates <= pd.Timestamp(hi)
        return int(mask.sum())

    lo, hi = given("start"), given("end")
    if (lo or hi) and not count(lo, hi):
        raise ReportError(f"parameters start/end: no document from {lo or 'the first'} to {hi or 'the last'}; "
                          f"{covers}")
    if "split" in wanted:
        day = pd.Timestamp(wanted["split"])
        if not count(None, day - pd.Timedelta(days=1)) or not count(day, None):
            raise ReportError(f"parameter 'split': {wanted['split']} leaves one side without documents; {covers}")
    for key in ("target", "reference"):
        if key in wanted and "split" not in wanted:
            a, b = span(wanted[key])
            if not count(a, b):
                raise ReportError(f"parameter {key!r}: no document in {wanted[key]}; {covers}")
    if fine:
        within = docs
        if lo or hi:
            within = docs[docs["date"].between(pd.Timestamp(lo or dates.min()), pd.Timestamp(hi or dates.max()))]
        problem = grain_fit(within, str(grain))
        if problem:
            raise ReportError(f"parameter {problem}")
