"""Across reports: entities, claim alignment, findings, origins, framing."""
from .compare import compare

__all__ = ["compare"]
