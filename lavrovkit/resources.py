"""Where the kit's bundled files are: the seed corpus, the curated notebooks, the data files.

An installed wheel carries them inside the package (``lavrovkit/_bundled/seeds``,
``lavrovkit/_bundled/notebooks``, put there by ``setup.py`` at build time); a
checkout has them at the top level (``seeds/``, ``notebooks/``). Environment
variables override both: ``$LAVROVKIT_SEEDS``, ``$LAVROVKIT_NOTEBOOKS``.

>>> bundled("seeds").is_dir()
True
>>> sorted(p.name for p in data_files())[:2]
['README_actors.md', 'actors.yaml']
"""

from __future__ import annotations

import os
from pathlib import Path

from lavrovkit.errors import LavrovkitError

PACKAGE = Path(__file__).resolve().parent
#: Folders the wheel ships inside the package, and the environment variable that overrides each.
BUNDLED = {"seeds": "LAVROVKIT_SEEDS", "notebooks": "LAVROVKIT_NOTEBOOKS"}
#: The editable data files (taxonomy, actors, phrasebook, tone lexicon, ...).
DATA = PACKAGE / "data"
#: nbconvert templates (``lavrovkit_offline``: JupyterLab's without CDN scripts).
TEMPLATES = PACKAGE / "templates"


def bundled(name: str) -> Path:
    """The folder of bundled ``name`` ("seeds" or "notebooks"): the environment override, the
    installed package's copy, or the checkout's top-level folder, whichever comes first.

    >>> bundled("notebooks").joinpath("01_corpus_overview.ipynb").is_file()
    True
    """
    if name not in BUNDLED:
        raise LavrovkitError(f"no bundled folder {name!r}; there are: {', '.join(BUNDLED)}")
    env = os.environ.get(BUNDLED[name])
    if env:
        return Path(env)
    for candidate in (PACKAGE / "_bundled" / name, PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise LavrovkitError(f"the bundled {name} folder is missing from this installation ({PACKAGE}); "
                         f"reinstall lavrovkit, or set ${BUNDLED[name]} to a {name} folder")


def data_files() -> list[Path]:
    """The shipped data files a study can copy and edit (YAML rule files and their READMEs)."""
    return sorted(p for p in DATA.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml", ".md", ".txt", ".csv"))
