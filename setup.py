"""Build hook: the wheel carries the seed corpus and the curated notebooks inside the package.

They live at the top of the checkout (``seeds/``, ``notebooks/``) for people working in it;
``build_py`` copies them to ``lavrovkit/_bundled/`` in the build so an installed kit finds
them (``lavrovkit.resources.bundled``). Everything else is declared in ``pyproject.toml``.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
CURATED = re.compile(r"^\d\d_[a-z0-9_]+\.ipynb$")


def _wanted(folder: str, path: Path) -> bool:
    if any(part.startswith(".") for part in path.relative_to(ROOT / folder).parts):
        return False
    return CURATED.match(path.name) is not None if folder == "notebooks" else path.is_file()


class BuildWithBundle(build_py):
    """``build_py`` plus the seeds and curated notebooks under ``lavrovkit/_bundled``."""

    def run(self) -> None:
        super().run()
        for folder in ("seeds", "notebooks"):
            for src in sorted((ROOT / folder).rglob("*")):
                if src.is_file() and _wanted(folder, src):
                    dest = Path(self.build_lib) / "lavrovkit" / "_bundled" / folder / src.relative_to(ROOT / folder)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(src, dest)


setup(cmdclass={"build_py": BuildWithBundle})
