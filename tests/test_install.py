"""The kit as a user installs it: a wheel that carries everything, used from an unrelated folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow

#: What a clean copy of the checkout leaves out (a user's build starts from the sources).
_NOT_SOURCES = shutil.ignore_patterns(".venv", ".git", "reports", "build", "dist", "*.egg-info", "__pycache__",
                                      ".pytest_cache", ".ruff_cache", ".mypy_cache", ".ipynb_checkpoints")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    src = tmp_path_factory.mktemp("src") / "lavrovkit"
    shutil.copytree(ROOT, src, ignore=_NOT_SOURCES)
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(src)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return next(out.glob("lavrovkit-*.whl"))


def test_wheel_carries_seeds_notebooks_template_and_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    seeds = sorted(p.name for p in (ROOT / "seeds").iterdir())
    assert {f"lavrovkit/_bundled/seeds/{n}" for n in seeds} <= names
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert len(notebooks) == 8
    assert {f"lavrovkit/_bundled/notebooks/{n}" for n in notebooks} <= names
    assert "lavrovkit/templates/lavrovkit_offline/index.html.j2" in names
    assert {"lavrovkit/data/themes.yaml", "lavrovkit/data/actors.yaml", "lavrovkit/data/README_actors.md"} <= names
    assert "lavrovkit/__main__.py" in names
    assert not any("/tests/" in n or n.startswith("tests/") for n in names)


def test_installed_wheel_inits_a_study_and_renders_a_report_from_an_unrelated_folder(
        wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
                           str(wheel)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("LAVROVKIT_NOTEBOOKS", None)
    env.pop("LAVROVKIT_SEEDS", None)

    def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=600)

    where = run("-c", "import lavrovkit, lavrovkit.resources as r; print(lavrovkit.__file__); "
                      "print(r.bundled('seeds')); print(len(lavrovkit.corpus_load()))", cwd=elsewhere)
    assert where.returncode == 0, where.stderr[-2000:]
    module, seeds, count = where.stdout.split()
    assert module.startswith(str(site)) and seeds.startswith(str(site)) and count == "5"

    init = run("-m", "lavrovkit", "init", "study", cwd=elsewhere)
    assert init.returncode == 0, init.stderr
    study = elsewhere / "study"
    assert len(list((study / "notebooks").glob("*.ipynb"))) == 8
    assert (study / "data" / "themes.yaml").is_file() and (study / "README.md").is_file()
    assert '"taxonomy = \\"../data/themes.yaml\\"' in (study / "notebooks" / "02_themes.ipynb").read_text()

    report = run("-m", "lavrovkit", "report", "02_themes", "--out", "reports", cwd=study)
    assert report.returncode == 0, report.stdout + report.stderr[-3000:]
    page = (study / "reports" / "02_themes.html").read_text(encoding="utf-8")
    assert "Reproducibility" in page and "FAILED" not in page
    assert str(study / "data" / "themes.yaml") in page or "../data/themes.yaml" in page
