"""Per-report analysis: sentences, entities, quantities, times, places, quotes, attributions, claims, framing.

``Analyzer`` is imported lazily so that light modules (names, lexicons) can be used without loading spaCy.
"""
from __future__ import annotations

__all__ = ["Analyzer", "blank_removed"]


def __getattr__(name: str):
    if name in __all__:
        from . import pipeline
        return getattr(pipeline, name)
    raise AttributeError(name)
