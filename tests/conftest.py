"""Shared fixtures: an isolated annotation cache and the seed corpus, annotated once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"
#: The UN General Debate corpus (3,646 speeches) for the opt-in corpus-wide checks: set
#: LAVROVKIT_UNGDC=/path/to/ungdc-2004-2022.tar.gz to run them. The default suite never needs it.
UNGDC = Path(os.environ["LAVROVKIT_UNGDC"]) if os.environ.get("LAVROVKIT_UNGDC") else None
needs_ungdc = pytest.mark.skipif(UNGDC is None or not UNGDC.exists(),
                                 reason="opt-in: set LAVROVKIT_UNGDC to the UN General Debate corpus archive")


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
