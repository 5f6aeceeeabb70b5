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
