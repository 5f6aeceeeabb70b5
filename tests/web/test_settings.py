"""Web settings: the worker model (compares in flight, onnxruntime threads per embedding call)."""
from __future__ import annotations

import pytest

from counterpoint import embed
from counterpoint.config import Settings
from counterpoint.errors import UsageError
from counterpoint.web.service import Service
from counterpoint.web.settings import WebSettings, default_concurrency


def test_default_concurrency_is_one_per_core_capped():
    import os
    cores = len(os.sched_getaffinity(0))
    assert default_concurrency() == max(1, min(4, cores))
    assert WebSettings().max_concurrent == default_concurrency()
    with pytest.raises(UsageError):
        WebSettings(max_concurrent=0).check()
    with pytest.raises(UsageError):
        WebSettings(embed_threads=-1).check()


def test_the_server_loads_the_embedder_with_its_thread_count(monkeypatch):
    monkeypatch.setattr(embed, "_EMBEDDER", None)
    Service(Settings(), WebSettings(embed_threads=1))._configure_embedder()
    assert embed._EMBEDDER is not None
    assert embed._EMBEDDER.session.get_session_options().intra_op_num_threads == 1
    loaded = embed._EMBEDDER
    Service(Settings(), WebSettings(embed_threads=2))._configure_embedder()
    assert embed._EMBEDDER is loaded            # an embedder already loaded is left as it is


def test_no_embedder_is_loaded_when_embeddings_are_off_or_threads_left_to_onnxruntime(monkeypatch):
    monkeypatch.setattr(embed, "_EMBEDDER", None)
    Service(Settings(embeddings=False), WebSettings())._configure_embedder()
    Service(Settings(), WebSettings(embed_threads=0))._configure_embedder()
    assert embed._EMBEDDER is None
