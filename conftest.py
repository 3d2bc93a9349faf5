"""Fixtures for the tests and the docstring examples (both run in ``make test``).

Every run uses its own annotation cache. Docstring examples get ``lk`` (the package) and
``corpus`` (the bundled seeds, annotated once per session) without importing them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

#: An example that uses the name ``corpus`` (not ``corpus_load`` or ``x.corpus``).
_USES_CORPUS = re.compile(r"(?<![\w.])corpus\b")


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
    from lavrovkit import corpus_load

    return corpus_load().annotate(progress=False)


@pytest.fixture(scope="session")
def ru_mixed(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The Russian test texts of ``tests/ru_texts.py`` (TASS, RIA, Interfax, mid.ru, a Zakharova briefing, a
    Kremlin transcript) and one English TASS report, loaded and annotated once for every module that reads them."""
    import warnings

    from lavrovkit import corpus_load
    from tests import ru_texts

    path = ru_texts.folder(tmp_path_factory.mktemp("ru") / "mixed", ru_texts.MIXED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return corpus_load(path, pattern=ru_texts.PATTERN).annotate(progress=False)


@pytest.fixture(autouse=True)
def _doctest_names(request: pytest.FixtureRequest) -> None:
    """Give docstring examples ``lk`` and, lazily, ``corpus`` (the annotated seeds)."""
    if not isinstance(request.node, pytest.DoctestItem):
        return
    import lavrovkit as lk

    names = request.getfixturevalue("doctest_namespace")
    names["lk"] = lk
    if request.node.dtest is not None and any(_USES_CORPUS.search(ex.source)
                                              for ex in request.node.dtest.examples):
        names["corpus"] = request.getfixturevalue("seeds")
