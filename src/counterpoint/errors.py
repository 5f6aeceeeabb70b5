"""One base error and a few subclasses per boundary.

Messages say what happened and, where it helps, how to fix it. They are turned into exit codes (CLI) or the
JSON error shape (HTTP) only at those boundaries.
"""
from __future__ import annotations


class CounterpointError(Exception):
    """Base of every error counterpoint raises on purpose."""


class UsageError(CounterpointError):
    """The user asked for something that cannot work (bad flag, bad value)."""


class ConfigError(CounterpointError):
    """A setting could not be read or has a bad value."""


class InputError(CounterpointError):
    """One input (file, URL, manifest line) could not be used. The rest of a batch goes on."""

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ModelError(CounterpointError):
    """A language model or data package is missing or broken."""


class StoreError(CounterpointError):
    """The store could not be opened, migrated or written."""
