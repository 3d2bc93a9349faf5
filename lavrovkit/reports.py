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
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lavrovkit.compat import RENAMED, old_names
from lavrovkit.display import evidence_html, footer, table_html  # noqa: F401  (re-exported)
from lavrovkit.errors import ReportError
from lavrovkit.files import atomic_write_text
from lavrovkit.parameters import (  # noqa: F401  (re-exported)
    CURATED,
    curated_notebooks,
    notebook_parameters,
    notebook_path,
    notebooks_dir,
    parameters_check,
    parameters_declared,
    parameters_fit,
    parameters_parse,
    parameters_resolve,
    report_name,
)
from lavrovkit.resources import TEMPLATES
from lavrovkit.version import __version__

KERNEL = "lavrovkit"
#: Cells with this tag (widgets) run in JupyterLab only: a report neither runs them nor shows output.
INTERACTIVE = "interactive"
#: Old names, kept so notebooks and scripts written for them still run.
parse_parameters = parameters_parse
validate_parameters = parameters_check
resolve_paths = parameters_resolve


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

    src = notebook_path(name, folder)
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
            # widgets have no static form, and a widget cell run by papermill sometimes never reports
            # back (the kernel idle, the client waiting): cells tagged "interactive" are not run in a report
            skip_cells_with_tag=INTERACTIVE,
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
    exporter.register_preprocessor(TagRemovePreprocessor(remove_all_outputs_tags={INTERACTIVE}), enabled=True)
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
    jobs: int = 1,
) -> list[ReportResult]:
    """Render the named notebooks (all curated ones when ``names`` is empty) and write ``index.html``.

    ``jobs`` notebooks run at a time (each in its own kernel process); the
    results keep the order of the notebooks.

    ``parameters`` is one mapping, or a list of them (parameter sets: one
    report per set, e.g. one per year). Each notebook gets the parameters it
    declares. A report rendered with non-default parameters is named after
    them (``02_themes--grain-quarter--themes-syria.html``); file names are
    sanitised and always inside ``out_dir``. Every name and parameter of every
    set is checked before anything runs (:class:`ReportError`).
    """
    if Path(out_dir).exists() and not Path(out_dir).is_dir():
        raise ReportError(f"--out {out_dir}: is a file, not a folder; give a folder for the reports")
    names = list(names or curated_notebooks(folder))
    declared = {n: notebook_parameters(n, folder) for n in names}
    defaults = parameters_declared(names, folder)
    sets = [dict(parameters or {})] if parameters is None or isinstance(parameters, Mapping) \
        else [dict(p) for p in parameters]
    checked = []
    for params in sets or [{}]:
        unknown = sorted(set(params) - set(defaults))
        if unknown:
            raise ReportError(f"unknown parameter(s) {', '.join(unknown)}; {', '.join(names)} take: "
                              f"{', '.join(sorted(defaults)) or 'none'}")
        resolved = parameters_resolve(params)
        # a data file the notebooks name by default (a study's ../data/themes.yaml) is what themes and sides
        # are checked against when the run names none; relative defaults are the notebooks' own
        own_files = parameters_resolve({k: v for k, v in defaults.items() if k in ("taxonomy", "actors") and v},
                                       base=folder or notebooks_dir())
        parameters_check({**own_files, **resolved}, defaults)
        parameters_fit(resolved)
        checked.append(resolved)
    tasks: list[tuple[str, dict[str, Any], str]] = []
    taken: set[str] = set()
    for resolved in checked:
        for n in names:
            params = {k: v for k, v in resolved.items() if k in declared[n]}
            stem = report_name(n, {k: v for k, v in params.items() if v != declared[n].get(k)}, taken)
            taken.add(stem)
            tasks.append((n, params, stem))

    def one(task: tuple[str, dict[str, Any], str]) -> ReportResult:
        n, params, stem = task
        return render(n, params, out_dir, show_code=show_code, folder=folder, out_name=stem)

    if jobs > 1 and len(tasks) > 1:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:  # the kernels are the processes
            results = list(pool.map(one, tasks))
    else:
        results = [one(t) for t in tasks]
    write_index(results, out_dir)
    return results


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


#: Names this module had before the noun-first scheme (see :mod:`lavrovkit.compat`).
__getattr__ = old_names(__name__, {n: RENAMED[n] for n in ('display_table', 'evidence_table')})
