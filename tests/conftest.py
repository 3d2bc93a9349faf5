"""Paths the tests share; the fixtures (isolated cache, the annotated seeds) are in the root conftest.py."""

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


def write_texts(folder: Path, texts: dict[str, str]) -> Path:
    """Write each ``{file name: text}`` into ``folder`` (UTF-8): a small corpus folder for a test; returns ``folder``."""
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
