"""The JSON contract (``../shared/examples/README.md``) for API responses: render's, the one source of it."""
from __future__ import annotations

from typing import Any

from ..model import Comparison


def to_contract(cmp: Comparison, include_layers: bool = False) -> dict[str, Any]:
    from ..render import to_contract as render_contract
    return render_contract(cmp, include_layers=include_layers)
