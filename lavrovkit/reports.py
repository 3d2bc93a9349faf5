"""Reports: run the curated notebooks with papermill and turn them into HTML with nbconvert.

Each curated notebook in ``notebooks/`` (``NN_name.ipynb``) has a cell tagged
``parameters``. :func:`render` injects parameters, executes the notebook,
converts it to HTML (code hidden unless ``show_code``) and writes it
atomically; a notebook that fails still gets its HTML, marked failed at the
top. :func:`render_all` renders several and writes ``index.html``.

Example
-------
>>> results = render_all(["01_corpus_overview"], out_dir="reports")  # doctest: +SKIP
>>> [(r.name, r.ok) for r in results]  # doctest: +SKIP
[('01_corpus_overview', True)]
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lavrovkit import __version__
from lavrovkit.errors import ReportError  # noqa: F401  (re-exported)
from lavrovkit.files import atomic_write_text

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
#: nbconvert templates shipped with the kit (``lavrovkit_offline``: lab without CDN scripts).
TEMPLATES = Path(__file__).resolve().parent / "templates"
CURATED = re.compile(r"^\d\d_[a-z0-9_]+$")
KERNEL = "lavrovkit"


#: Parameters that name files or folders: made absolute against the caller's working directory, since
#: notebooks run with ``notebooks/`` as theirs.
PATH_PARAMETERS = ("corpus", "taxonomy", "actors", "png_dir")
#: Of those, the ones that must exist before a notebook runs.
MUST_EXIST = ("corpus", "taxonomy", "actors")



@dataclass
class ReportResult:
    """What rendering one notebook gave."""

    name: str
    html: Path
    ok: bool
    parameters: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    seconds: float = 0.0
    rendered_at: str = ""


def notebooks_dir() -> Path:
    """Where the curated notebooks are (``$LAVROVKIT_NOTEBOOKS`` or the repository's ``notebooks/``)."""
    return Path(os.environ.get("LAVROVKIT_NOTEBOOKS", NOTEBOOKS))


def curated_notebooks(folder: Path | None = None) -> list[str]:
    """The names (file stems) of the curated notebooks, in order: ``['00_explore', '01_corpus_overview', ...]``."""
    folder = folder or notebooks_dir()
    return sorted(p.stem for p in folder.glob("*.ipynb") if CURATED.match(p.stem))


def notebook_parameters(name: str, folder: Path | None = None) -> dict[str, Any]:
    """The parameters a notebook declares in its ``parameters`` cell, with their defaults."""
    import nbformat

    path = _notebook_path(name, folder)
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            scope: dict[str, Any] = {}
            exec(compile(cell.source, f"{path}:parameters", "exec"), {}, scope)  # noqa: S102 - our own notebook
            return {k: v for k, v in scope.items() if not k.startswith("_")}
    raise ReportError(f"{path}: no cell tagged 'parameters'")


def parse_parameters(pairs: Sequence[tuple[str, str]], names: Sequence[str],
                     folder: Path | None = None) -> dict[str, Any]:
    """Command-line ``-p KEY VALUE`` strings, typed like each parameter's default in the named notebooks.

    A parameter whose default is a string keeps the text as given (so
    ``{country}_{session}_{year}.txt`` stays a pattern); numbers, booleans and
    lists are parsed (lists as YAML ``[a, b]`` or ``a,b``). A value that does not
    fit, or a parameter no notebook declares, is a :class:`ReportError`.

    >>> parse_parameters([("pattern", "{year}.txt"), ("top", "5")], ["02_themes"])  # doctest: +SKIP
    {'pattern': '{year}.txt', 'top': 5}
    """
    import yaml

    defaults: dict[str, Any] = {}
    for n in names:
        for k, v in notebook_parameters(n, folder).items():
            defaults.setdefault(k, v)
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
        want = bool if isinstance(default, bool) else type(default)
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, want) or (want is int and isinstance(value, bool)):
            raise ReportError(f"parameter {key!r} takes a {want.__name__} (default {default!r}); got {raw!r}")
        out[key] = value
    return out


def _notebook_path(name: str, folder: Path | None = None) -> Path:
    folder = folder or notebooks_dir()
    path = folder / f"{name}.ipynb"
    if not CURATED.match(name) or not path.is_file():
        known = ", ".join(curated_notebooks(folder)) or "none"
        raise ReportError(f"unknown report {name!r}; curated notebooks: {known}")
    return path


def _kernel_name() -> str:
    from jupyter_client.kernelspec import KernelSpecManager

    specs = KernelSpecManager().find_kernel_specs()
    return KERNEL if KERNEL in specs else "python3"


def render(
    name: str,
    parameters: Mapping[str, Any] | None = None,
    out_dir: str | Path = "reports",
    *,
    show_code: bool = False,
    out_name: str | None = None,
    folder: Path | None = None,
) -> ReportResult:
    """Execute notebook ``name`` with ``parameters`` and write ``out_dir/<out_name or name>.html``.

    Returns a :class:`ReportResult`; a failing notebook gives ``ok=False`` and
    an HTML report marked failed with the error.
    """
    import nbformat
    import papermill as pm

    src = _notebook_path(name, folder)
    params = dict(parameters or {})
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", out_name or name)  # never a path: always inside out_dir
    html_path = out / f"{stem}.html"
    executed = out / f".{stem}.executed.ipynb"
    started = time.monotonic()
    error = None
    try:
        pm.execute_notebook(
            str(src), str(executed), parameters=params, kernel_name=_kernel_name(),
            cwd=str(src.parent), progress_bar=False, log_output=False, report_mode=not show_code,
        )
    except pm.PapermillExecutionError as exc:
        error = f"{exc.ename}: {exc.evalue}"
    except Exception as exc:  # kernel died, notebook unreadable, ...
        error = f"{type(exc).__name__}: {exc}"
    result = ReportResult(name=stem, html=html_path, ok=error is None, parameters=params, error=error,
                          seconds=round(time.monotonic() - started, 1),
                          rendered_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"))
    nb = nbformat.read(executed, as_version=4) if executed.exists() else nbformat.read(src, as_version=4)
    body = to_html(nb, show_code=show_code, title=_title(nb, stem), failed=error)
    atomic_write_text(html_path, body)
    if executed.exists():
        executed.unlink()
    return result


def _title(nb: Any, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
            if m:
                return m.group(1).strip()
    return fallback


def to_html(nb: Any, *, show_code: bool = False, title: str = "lavrovkit report", failed: str | None = None) -> str:
    """Convert an executed notebook to standalone HTML (code hidden unless ``show_code``)."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="lavrovkit_offline", extra_template_basedirs=[str(TEMPLATES)])
    # widgets have no static form: cells tagged "interactive" keep their code, lose their output in a report
    exporter.register_preprocessor(TagRemovePreprocessor(remove_all_outputs_tags={"interactive"}), enabled=True)
    exporter.exclude_input = not show_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb)
    if failed:
        banner = (
            '<div class="lk-failed" style="background:#fde8e8;border:2px solid #c0392b;padding:1em;'
            'margin:1em;font-family:sans-serif"><strong>This report FAILED while running.</strong> '
            f"<pre style=\"white-space:pre-wrap\">{html.escape(failed)}</pre></div>"
        )
        body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + banner, body, count=1)
    return body


def render_all(
    names: Sequence[str] | None = None,
    parameters: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
    out_dir: str | Path = "reports",
    *,
    show_code: bool = False,
    folder: Path | None = None,
) -> list[ReportResult]:
    """Render the named notebooks (all curated ones when ``names`` is empty) and write ``index.html``.

    ``parameters`` is one mapping, or a list of them (parameter sets: one
    report per set, e.g. one per year). Each notebook gets the parameters it
    declares. A report rendered with non-default parameters is named after
    them (``02_themes--grain-quarter--themes-syria.html``); file names are
    sanitised and always inside ``out_dir``. Every name and parameter of every
    set is checked before anything runs (:class:`ReportError`).
    """
    names = list(names or curated_notebooks(folder))
    declared = {n: notebook_parameters(n, folder) for n in names}
    known = set().union(*declared.values()) if declared else set()
    sets = [dict(parameters or {})] if parameters is None or isinstance(parameters, Mapping) \
        else [dict(p) for p in parameters]
    checked = []
    for params in sets or [{}]:
        unknown = sorted(set(params) - known)
        if unknown:
            raise ReportError(f"unknown parameter(s) {', '.join(unknown)}; {', '.join(names)} take: "
                              f"{', '.join(sorted(known)) or 'none'}")
        resolved = resolve_paths(params)
        validate_parameters(resolved, {k: v for d in declared.values() for k, v in d.items()})
        checked.append(resolved)
    results: list[ReportResult] = []
    taken: set[str] = set()
    for resolved in checked:
        for n in names:
            params = {k: v for k, v in resolved.items() if k in declared[n]}
            stem = report_name(n, {k: v for k, v in params.items() if v != declared[n].get(k)}, taken)
            taken.add(stem)
            results.append(render(n, params, out_dir, show_code=show_code, folder=folder, out_name=stem))
    write_index(results, out_dir)
    return results


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


#: Allowed values of the time-grain parameter.
GRAINS = ("doc", "month", "quarter", "year")


def validate_parameters(parameters: Mapping[str, Any], defaults: Mapping[str, Any]) -> None:
    """Check parameters before any kernel starts; a :class:`ReportError` says what is wrong.

    Checked: the type matches the notebook's default (text, whole number,
    number, true/false, list), dates are YYYY-MM-DD and the end is not before
    the start, themes exist in the taxonomy, the side exists in the actors
    file, the time grain is one of doc, month, quarter, year.
    """
    import datetime as _dt

    for key, value in parameters.items():
        default = defaults.get(key)
        if default is None:
            continue
        want = bool if isinstance(default, bool) else type(default)
        ok = isinstance(value, want) and not (want is int and isinstance(value, bool))
        if want is float and isinstance(value, int) and not isinstance(value, bool):
            ok = True
        if not ok:
            raise ReportError(f"parameter {key!r} takes a {want.__name__} (default {default!r}); "
                              f"got {value!r} ({type(value).__name__})")
    days = {}
    for key in ("start", "end", "split"):
        value = parameters.get(key)
        if isinstance(value, str) and value.strip():
            try:
                days[key] = _dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ReportError(f"parameter {key!r}: {value!r} is not a date (YYYY-MM-DD)") from None
    if "start" in days and "end" in days and days["end"] < days["start"]:
        raise ReportError(f"parameter 'end' ({days['end']}) is before 'start' ({days['start']})")
    dups = parameters.get("duplicates")
    if isinstance(dups, str) and dups not in ("keep", "drop"):
        raise ReportError(f"parameter 'duplicates': {dups!r} is not one of keep, drop")
    grain = parameters.get("grain")
    if isinstance(grain, str) and grain and grain not in GRAINS:
        raise ReportError(f"parameter 'grain': {grain!r} is not one of {', '.join(GRAINS)}")
    if parameters.get("themes"):
        from lavrovkit.themes import TaxonomyError, load_taxonomy

        try:
            load_taxonomy(parameters.get("taxonomy") or None).check(parameters["themes"])
        except TaxonomyError as exc:
            raise ReportError(f"parameter 'themes': {exc}") from None
    side = parameters.get("side")
    if isinstance(side, str) and side.strip():
        from lavrovkit.actors import load_actors

        sides = sorted({a.side for a in load_actors(parameters.get("actors") or None).actors})
        if side not in sides:
            raise ReportError(f"parameter 'side': {side!r} is not a side in the actors file; sides: {', '.join(sides)}")


def resolve_paths(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Path parameters made absolute (against the current directory); a missing corpus, taxonomy or actors
    file is a :class:`ReportError` before anything runs."""
    out = dict(parameters)
    for key in PATH_PARAMETERS:
        value = out.get(key)
        if isinstance(value, str) and value.strip():
            path = Path(value).expanduser().resolve()
            if key in MUST_EXIST and not path.exists():
                raise ReportError(f"parameter {key}: {value} does not exist")
            out[key] = str(path)
    return out


def write_index(results: Sequence[ReportResult], out_dir: str | Path) -> Path:
    """Write ``index.html`` listing every report with its parameters, status and a link."""
    rows = []
    for r in results:
        status = "ok" if r.ok else f"FAILED: {r.error}"
        params = ", ".join(f"{k}={v!r}" for k, v in r.parameters.items() if k != "corpus") or "defaults"
        corpus = str(r.parameters.get("corpus") or "bundled seeds")
        rows.append(
            f"<tr class=\"{'ok' if r.ok else 'failed'}\"><td><a href=\"{html.escape(r.html.name)}\">"
            f"{html.escape(r.name)}</a></td><td>{html.escape(corpus)}</td><td>{html.escape(params)}</td>"
            f"<td>{html.escape(r.rendered_at)}</td>"
            f"<td>{r.seconds:.1f} s</td><td>{html.escape(status)}</td></tr>"
        )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>lavrovkit reports</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em;max-width:70em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:.4em .7em;text-align:left}}tr.failed td{{background:#fde8e8}}</style>
</head><body><h1>lavrovkit reports</h1>
<table><thead><tr><th>report</th><th>corpus</th><th>parameters</th><th>rendered</th><th>time</th><th>status</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table>
<p>lavrovkit {html.escape(__version__)}</p></body></html>
"""
    return atomic_write_text(Path(out_dir) / "index.html", page)


def footer(corpus: Any, parameters: Mapping[str, Any] | None = None) -> Any:
    """The reproducibility footer a report ends with: kit, spaCy model, corpus fingerprint, parameters, date.

    Returns an ``IPython.display.HTML`` object (displayed as the notebook's last output).
    """
    from IPython.display import HTML

    from lavrovkit.annotate import model_spec

    spec = model_spec(corpus.options.model, corpus.options.components)
    params = ", ".join(f"{k}={v!r}" for k, v in (parameters or {}).items()) or "defaults"
    rows = [
        ("lavrovkit", __version__),
        ("spaCy model", f"{spec.name} {spec.version} ({', '.join(spec.components)})"),
        ("corpus", f"{corpus.root or 'bundled seeds'}: {len(corpus)} documents, fingerprint {corpus.fingerprint()}"),
        ("duplicates", _duplicates_line(corpus)),
        ("parameters", params),
        ("rendered", dt.datetime.now().astimezone().isoformat(timespec="seconds")),
    ]
    cells = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    return HTML(
        '<div class="lk-footer" style="margin-top:2em;border-top:1px solid #999;font-size:85%;color:#333">'
        f"<p><strong>Reproducibility</strong></p><table>{cells}</table></div>"
    )


def _duplicates_line(corpus: Any) -> str:
    """What the report's counts did with documents saved more than once."""
    from lavrovkit.duplicates import duplicate_ids

    groups = corpus.duplicates()
    copies = len(duplicate_ids(groups)) if len(groups) else 0
    if corpus.duplicate_policy == "drop":
        return f"dropped: {copies} copies of {groups['group'].nunique() if copies else 0} text(s); one copy counted"
    return f"kept: {copies} copies of {groups['group'].nunique()} text(s) counted" if copies else "none found"


def display_table(table: Any, top: int = 20, caption: str | None = None) -> Any:
    """Show the first ``top`` rows of a table with a note of how many more there are (text escaped).

    Text is left-aligned and wraps; numbers are right-aligned; dates print as
    YYYY-MM-DD and never wrap.

    >>> display_table(pd.DataFrame({"doc_id": ["000"], "words": [425]}))  # doctest: +SKIP
    """
    import hashlib

    import pandas as pd
    from IPython.display import HTML

    shown = table.head(top).copy()
    nowrap: list[int] = []
    right: list[int] = []
    for i, col in enumerate(shown.columns, start=1):
        if pd.api.types.is_datetime64_any_dtype(shown[col]):
            shown[col] = shown[col].dt.strftime("%Y-%m-%d").fillna("")
            nowrap.append(i)
        elif pd.api.types.is_numeric_dtype(shown[col]) and not pd.api.types.is_bool_dtype(shown[col]):
            right.append(i)
    more = len(table) - len(shown)
    note = f"<p class=\"lk-note\"><em>{len(table):,} rows; first {len(shown)} shown, {more:,} more not shown.</em></p>" if more else \
        f"<p class=\"lk-note\"><em>{len(table):,} row{'' if len(table) == 1 else 's'}.</em></p>"
    cap = f"<p><strong>{html.escape(caption)}</strong></p>" if caption else ""
    body = shown.to_html(index=False, escape=True, na_rep="", classes="lk-table", border=0)
    table_id = "lk-" + hashlib.sha1(body.encode()).hexdigest()[:10]
    body = body.replace("<table ", f'<table id="{table_id}" ', 1)
    rules = [f"#{table_id} th, #{table_id} td {{text-align:left; vertical-align:top}}"]
    rules += [f"#{table_id} td:nth-child({i}), #{table_id} th:nth-child({i}) {{white-space:nowrap}}" for i in nowrap]
    rules += [f"#{table_id} td:nth-child({i}), #{table_id} th:nth-child({i}) {{text-align:right; white-space:nowrap}}"
              for i in right]
    return HTML(f"<style>{' '.join(rules)}</style>" + cap + body + note)


def evidence_table(table: Any, top: int = 10, caption: str | None = None, text: str = "text",
                   evidence: str = "evidence") -> Any:
    """Sentences with their evidence words highlighted (text escaped first, then marked), plus provenance columns.

    ``table`` needs ``text`` and ``evidence`` (a list of matched strings); other
    columns (doc_id, date, source, speaker ...) are shown as they are.
    """
    import pandas as pd
    from IPython.display import HTML

    shown = table.head(top).copy()
    marked = []
    for body, words in zip(shown[text], shown[evidence], strict=True):
        escaped = html.escape(str(body))
        for w in sorted(set(words or ()), key=len, reverse=True):
            ew = html.escape(str(w))
            escaped = re.sub(rf"(?<![\w>]){re.escape(ew)}(?![\w<])", f"<mark>{ew}</mark>", escaped)
        marked.append(escaped)
    shown[text] = marked
    shown[evidence] = [", ".join(map(str, e or ())) for e in shown[evidence]]
    for col in shown.columns:
        if pd.api.types.is_datetime64_any_dtype(shown[col]):
            shown[col] = shown[col].dt.strftime("%Y-%m-%d").fillna("")
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{v if c == text else html.escape('' if pd.isna(v) else str(v))}</td>"
                         for c, v in r.items()) + "</tr>"
        for _, r in shown.iterrows())
    more = len(table) - len(shown)
    note = f"<p class=\"lk-note\"><em>{len(table):,} sentences; {more:,} more not shown.</em></p>" if more else ""
    cap = f"<p><strong>{html.escape(caption)}</strong></p>" if caption else ""
    style = ("<style>table.lk-evidence td,table.lk-evidence th{text-align:left!important;vertical-align:top;"
             "padding:.25em .5em} table.lk-evidence td:nth-child(2){white-space:nowrap}"
             " table.lk-evidence mark{background:#ffe08a}</style>")
    return HTML(f"{style}{cap}<table class=\"lk-evidence\"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
                f"{note}")
