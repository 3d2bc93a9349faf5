"""lavrovkit: a research kit for how Sergey Lavrov speaks about Russia-US relations."""

from __future__ import annotations

__version__ = "0.1.0"
