"""Word clouds: the picture is drawn once, kept in the cache and read back the same."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from lavrovkit.errors import CacheWarning
from lavrovkit.plots import CLOUD_OPTIONS, cloud_picture

FREQS = {"dialogue": 40, "sanctions": 25, "security": 25, "relations": 12, "strategic": 7, "stability": 7, "talks": 3}


def drawn(freqs: dict[str, float], max_words: int) -> np.ndarray:
    from wordcloud import WordCloud

    cloud = WordCloud(max_words=max_words, **CLOUD_OPTIONS)  # type: ignore[arg-type]
    cloud.generate_from_frequencies(dict(freqs))
    return np.asarray(cloud.to_array())


def test_the_kept_picture_is_the_drawn_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAVROVKIT_CACHE", str(tmp_path))
    expected = drawn(FREQS, 60)
    assert np.array_equal(cloud_picture(FREQS, max_words=60), expected)
    kept = list((tmp_path / "clouds").glob("*.png"))
    assert len(kept) == 1
    monkeypatch.setitem(sys.modules, "wordcloud", None)  # drawing again would fail: it is read
    assert np.array_equal(cloud_picture(FREQS, max_words=60), expected)
    with pytest.raises(ImportError):  # other weights (or order, or max_words): another picture
        cloud_picture({**FREQS, "talks": 4}, max_words=60)
    with pytest.raises(ImportError):
        cloud_picture(FREQS, max_words=50)


def test_a_damaged_picture_is_drawn_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LAVROVKIT_CACHE", str(tmp_path))
    expected = cloud_picture(FREQS)
    (path,) = (tmp_path / "clouds").glob("*.png")
    path.write_bytes(path.read_bytes()[:100])
    with pytest.warns(CacheWarning, match="drawn again"):
        assert np.array_equal(cloud_picture(FREQS), expected)
    assert np.array_equal(cloud_picture(FREQS), expected)


def test_the_saved_png_is_the_picture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    from lavrovkit.plots import wordcloud

    monkeypatch.setenv("LAVROVKIT_CACHE", str(tmp_path / "cache"))
    wordcloud(FREQS, title="t", png=tmp_path / "a.png")
    wordcloud(FREQS, title="t", png=tmp_path / "b.png")  # read from the cache the second time
    with Image.open(tmp_path / "a.png") as a, Image.open(tmp_path / "b.png") as b:
        assert np.array_equal(np.asarray(a), drawn(FREQS, 120)) and np.array_equal(np.asarray(a), np.asarray(b))
