"""Shared fixtures: an isolated annotation cache and the seed corpus, annotated once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every test run uses its own annotation cache, never the user's."""
    cache = tmp_path_factory.mktemp("lavrovkit-cache")
    os.environ["LAVROVKIT_CACHE"] = str(cache)
    os.environ.pop("LAVROVKIT_SCHEDULER", None)
    return cache


@pytest.fixture(scope="session")
def seeds():
    """The bundled seed corpus, annotated (through the session cache)."""
    from lavrovkit import load_corpus

    return load_corpus().annotate(progress=False)
