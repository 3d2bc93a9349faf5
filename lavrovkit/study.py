"""A study: the folder an analyst works in, and the set-up every notebook of it starts with.

:func:`study_init` makes a new analysis folder from the installed kit: the
curated notebooks, editable copies of the data files (taxonomy, actors,
phrasebook, tone lexicon) wired into the notebooks' parameters, a ``corpus/``
folder for the analyst's files and a short README, ready for ``jupyter lab``.

:func:`study_setup` is a notebook's one set-up call. It reads the notebook's
own parameters (the cell tagged ``parameters`` and, in a report, the values
papermill injected below it), checks them once, loads and filters the corpus,
decides whose words are measured and prints one line saying so. The returned
:class:`Study` ends the notebook with :meth:`Study.footer`, which lists those
parameters without retyping them.

>>> study = study_setup(start="2019-01-01", speaker="auto")
2 of 5 documents from 2019-01-01, 923 words; 0 file(s) skipped. Whose words: Sergey Lavrov's own words.
>>> study.speaker, len(study.corpus)
('Sergey Lavrov', 2)
"""

from __future__ import annotations

import ast
import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lavrovkit.errors import LavrovkitError
from lavrovkit.parameters import CURATED, parameter_given, parameters_check, parameters_corpus
from lavrovkit.resources import DATA, bundled, data_files

if TYPE_CHECKING:
    from lavrovkit.actors import Actors
    from lavrovkit.corpus import Corpus
    from lavrovkit.themes import Taxonomy

#: The header papermill's injected cell starts with, and the one the kit's parameters cells start with.
_PARAMETERS_HEADER = "# Parameters"
#: Parameters the set-up knows, in case the notebook's parameters cell can't be found.
KNOWN = ("corpus", "pattern", "catalog", "catalog_on", "text_column", "id_column", "max_member_bytes",
         "max_archive_bytes", "start", "end", "lang", "speaker", "duplicates", "taxonomy", "actors")
#: Notebook parameters that name a shipped data file; a study's copies point them at its own ``data/``.
DATA_PARAMETERS = {"taxonomy": "themes.yaml", "actors": "actors.yaml", "phrasebook": "phrases.yaml",
                   "lexicon": "tone.yaml"}


@dataclass
class Study:
    """What a notebook's set-up gives: its parameters, the corpus and whose words are measured.

    ``full`` is the corpus as loaded, ``corpus`` the part between ``start`` and
    ``end``; ``speaker`` is a person's canonical name or ``"all"``, ``whose`` a
    phrase saying which (e.g. "all text (Sergey Lavrov never speaks in this
    corpus ...)"). ``grain`` is the notebook's time grain with ``"auto"``
    resolved for this corpus (:func:`lavrovkit.selection.grain_auto`), ``None``
    when the notebook has no grain. ``taxonomy`` and ``actors`` are loaded when
    the notebook has those parameters.
    """

    parameters: dict[str, Any]
    full: Corpus
    corpus: Corpus
    speaker: str = "all"
    whose: str = "all text"
    grain: str | None = None
    taxonomy: Taxonomy | None = None
    actors: Actors | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def who(self) -> str | None:
        """The speaker filter to pass on: the person, or ``None`` for all text."""
        return None if self.speaker == "all" else self.speaker

    def table(self, table: Any, top: int = 20, caption: str | None = None) -> Any:
        """:func:`lavrovkit.display.table_html` with each document named readably (title, or date, source
        and first words for an untitled one)."""
        from lavrovkit.display import table_html

        return table_html(table, top=top, caption=caption, documents=self.full)

    def evidence(self, table: Any, top: int = 10, caption: str | None = None, text: str = "text",
                 evidence: str = "evidence") -> Any:
        """:func:`lavrovkit.display.evidence_html` with each document named readably."""
        from lavrovkit.display import evidence_html

        return evidence_html(table, top=top, caption=caption, text=text, evidence=evidence, documents=self.full)

    def labels(self) -> Any:
        """Each document's readable name, indexed by doc_id (:func:`lavrovkit.corpus.document_labels`):
        for the axes of plots."""
        from lavrovkit.corpus import document_labels

        return document_labels(self.full.documents)

    def footer(self) -> Any:
        """The reproducibility footer: kit, model, corpus fingerprint, duplicates, parameters, date."""
        from lavrovkit.display import footer

        return footer(self.corpus, self.parameters)


def study_setup(namespace: Mapping[str, Any] | None = None, /, **parameters: Any) -> Study:
    """Load what a notebook analyses, from its parameters: ``study = lk.study_setup(globals())``.

    With a notebook's namespace, the parameters are the names its parameters
    cell assigns (read from IPython's input history), with the values they
    have now (papermill's injected values included); keyword arguments add to
    or override them. Outside a notebook, pass keywords only. Values are
    checked as the report command checks them (:func:`parameters_check`),
    except in a rendered report, where they were checked before it ran.
    """
    declared, injected = _parameter_cells(namespace)
    params = {k: namespace[k] for k in declared if namespace is not None and k in namespace}
    params.update(parameters)
    if not injected:  # a report checked its parameters before the kernel started
        parameters_check(params, {k: v for k, v in declared.items() if v is not None})
    if namespace is not None:
        _kit_warnings_in_one_line()
    return _load(params)


def _kit_warnings_in_one_line() -> None:
    """In the notebook a study runs in, the kit's own warnings (a small base, a skipped file, a cache
    healed) read as one line naming their kind, "SmallBaseWarning: keyness: reference side has 1,881
    words ...", instead of a temporary file's path and the line of code; other warnings keep their
    format. Installed once per kernel by :func:`study_setup`."""
    import warnings

    from lavrovkit.errors import LavrovkitWarning

    previous = warnings.formatwarning
    if getattr(previous, "_lavrovkit", False):
        return

    def one_line(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                 line: str | None = None) -> str:
        if issubclass(category, LavrovkitWarning):
            return f"{category.__name__}: {message}\n"
        return previous(message, category, filename, lineno, line)

    one_line._lavrovkit = True  # type: ignore[attr-defined]
    warnings.formatwarning = one_line


def _load(params: dict[str, Any]) -> Study:
    from lavrovkit.actors import actors_load
    from lavrovkit.errors import ParameterError
    from lavrovkit.selection import (
        AUTO_GRAIN,
        grain_fit,
        grain_resolve,
        language_mix,
        language_scope,
        speaker_scope,
    )
    from lavrovkit.themes import taxonomy_load

    def given(key: str) -> Any:
        return parameter_given(params, key)

    taxonomy = taxonomy_load(given("taxonomy")) if "taxonomy" in params else None
    actors = actors_load(given("actors")) if "actors" in params else None
    full = parameters_corpus(params, actors=actors)
    corpus = language_scope(full.filter(start=given("start"), end=given("end")), given("lang"))
    name, whose = speaker_scope(corpus, params["speaker"]) if "speaker" in params else (None, "all text")
    speaker = name or "all"
    span = " ".join(x for x in (f"from {given('start')}" if given("start") else "",
                                f"to {given('end')}" if given("end") else "") if x)
    grain, by = None, ""
    if isinstance(params.get("grain"), str):
        asked = params["grain"] or AUTO_GRAIN
        grain = grain_resolve(corpus.documents, asked)
        problem = None if asked == AUTO_GRAIN else grain_fit(corpus.documents, grain)
        if problem:
            raise ParameterError(problem)
        by = f" Grain: {grain}{' (auto: fits the span and dates)' if asked == AUTO_GRAIN else ''}."
    mix = language_mix(corpus.documents)
    chosen = str(given("lang") or "all").strip().lower() != "all"
    langs = f" ({mix})" if corpus.documents["lang"].nunique() > 1 or chosen else ""
    print(f"{len(corpus)} of {len(full)} documents{langs}{' ' + span if span else ''}, "
          f"{int(corpus.documents['words'].sum()):,} words; {len(full.skipped)} file(s) skipped. "
          f"Whose words: {whose}.{by}")
    return Study(parameters=params, full=full, corpus=corpus, speaker=speaker, whose=whose, grain=grain,
                 taxonomy=taxonomy, actors=actors)


def _parameter_cells(namespace: Mapping[str, Any] | None) -> tuple[dict[str, Any], bool]:
    """The names a notebook's parameters cells assign, each with its default (the value written in the
    notebook's own cell, ``None`` when it is not a literal), and whether papermill injected values.

    The notebook's own cell is the one tagged ``parameters``; in the input history it is found by the
    kit's header (``# Parameters (...``). papermill's injected cell starts with ``# Parameters`` alone
    and only overrides: its names join the others, never replace them. Without the notebook's own cell
    (a notebook whose parameters cell has another first line, or a plain script), the known loader and
    analysis names found in the namespace with literal values count as parameters.
    """
    if namespace is None:
        return {}, False
    history = namespace.get("In")
    declared: dict[str, Any] = {}
    injected = False
    own = False
    for source in history if isinstance(history, list) else []:
        text = str(source).lstrip()
        if not text.startswith(_PARAMETERS_HEADER):
            continue
        is_injected = text.startswith(_PARAMETERS_HEADER + "\n")
        injected = injected or is_injected
        own = own or not is_injected
        for name, value in _assigned(text).items():
            if not is_injected:
                declared[name] = value
            else:
                declared.setdefault(name, None)
    if not own:
        for k in KNOWN:
            if k in namespace and isinstance(namespace[k], (str, int, float, bool, list)):
                declared.setdefault(k, None)
    return declared, injected


def _assigned(source: str) -> dict[str, Any]:
    """The names a cell assigns at top level, with their values when those are literals (else ``None``)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    out: dict[str, Any] = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        try:
            value = ast.literal_eval(node.value)
        except (ValueError, SyntaxError, TypeError):
            value = None
        for target in node.targets:
            if isinstance(target, ast.Name) and not target.id.startswith("_"):
                out[target.id] = value
    return out


# ---------------------------------------------------------------------- a new study folder

README = """# {name}: a lavrovkit study

Made by `lavrovkit init` (lavrovkit {version}).

- `corpus/`: put your files here (a folder of texts or saved web pages, a CSV/JSONL/Parquet
  table, an archive; a `catalog.csv` beside the files supplies metadata).
- `notebooks/`: the curated notebooks. Each starts with a `parameters` cell: set `corpus`
  to `"../corpus"` (or any path) and run it in JupyterLab: `jupyter lab` in this folder.
- `data/`: your copies of the kit's rule files (themes, actors, phrases, tone, interactions).
  The notebooks' `taxonomy` and `actors` parameters point at them; edit them freely.
- `reports/`: `lavrovkit report --all -p corpus corpus --out reports` run in this folder renders
  these notebooks (the study's own copies) to HTML.
"""


def study_init(folder: str | Path) -> list[Path]:
    """Make a new study folder (notebooks, editable data files, ``corpus/``, ``reports/``, README);
    returns the files written. A folder that exists and is not empty is refused.

    >>> import tempfile
    >>> written = study_init(Path(tempfile.mkdtemp()) / "study")
    >>> sorted({p.parent.name for p in written})
    ['corpus', 'data', 'notebooks', 'study']
    """
    from lavrovkit.version import __version__

    root = Path(folder)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise LavrovkitError(f"{root}: exists and is not an empty folder; give a new folder for the study")
    written: list[Path] = []
    for sub in ("notebooks", "data", "corpus", "reports"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    for src in data_files():
        dest = root / "data" / src.relative_to(DATA)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
        written.append(dest)
    local = {key: f"../data/{name}" for key, name in DATA_PARAMETERS.items() if (root / "data" / name).is_file()}
    for src in sorted(bundled("notebooks").glob("*.ipynb")):
        if CURATED.match(src.stem):
            dest = root / "notebooks" / src.name
            dest.write_text(_with_local_data(src.read_text(encoding="utf-8"), local), encoding="utf-8")
            written.append(dest)
    note = root / "corpus" / "README.md"
    note.write_text("Put the corpus files here; the notebooks read `../corpus` when `corpus` is set to it.\n",
                    encoding="utf-8")
    written.append(note)
    readme = root / "README.md"
    readme.write_text(README.format(name=root.name, version=__version__), encoding="utf-8")
    written.append(readme)
    return written


def _with_local_data(notebook_json: str, local: Mapping[str, str]) -> str:
    """A notebook whose data-file parameters default to the study's own copies (``taxonomy = "../data/..."``)."""
    nb = json.loads(notebook_json)
    for cell in nb.get("cells", []):
        if "parameters" not in cell.get("metadata", {}).get("tags", []):
            continue
        lines = "".join(cell["source"]).splitlines(keepends=True)
        for i, line in enumerate(lines):
            for key, path in local.items():
                if line.startswith(f'{key} = ""'):
                    lines[i] = line.replace(f'{key} = ""', f"{key} = {json.dumps(path)}", 1)
        cell["source"] = lines
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"
