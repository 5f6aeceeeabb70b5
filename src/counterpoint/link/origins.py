"""Independent origins, not outlets.

Two reports are one origin when one rewrites the other (near-duplicate text: word 5-gram overlap above the
setting). Within a finding, a claim's origin is the source it is attributed to when it names one ("the Syrian
Observatory"), else the origin group of its report; two outlets citing the same monitor count once.
"""
from __future__ import annotations

import re
from typing import Sequence

from ..analyze.names import fold
from ..config import Settings
from ..model import Analysis

GENERIC_SOURCES = {"officials", "sources", "police", "witnesses", "reports", "media", "state media"}


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def origin_groups(analyses: Sequence[Analysis], settings: Settings) -> dict[str, str]:
    """report id -> origin group id (the first report id of its near-duplicate group)."""
    sh = [_shingles(a.report.text) for a in analyses]
    group = {a.report.id: a.report.id for a in analyses}
    for i, a in enumerate(analyses):
        for j in range(i):
            if not sh[i] or not sh[j]:
                continue
            overlap = len(sh[i] & sh[j]) / min(len(sh[i]), len(sh[j]))
            if overlap >= settings.near_duplicate:
                group[a.report.id] = group[analyses[j].report.id]
                break
    return group


def origin_key(analyses: Sequence[Analysis], ref, groups: dict[str, str]) -> str:
    src = ref.claim.source
    if src:
        key = fold(src)
        if key not in GENERIC_SOURCES:
            return "source:" + key
    return "report:" + groups[analyses[ref.report].report.id]
