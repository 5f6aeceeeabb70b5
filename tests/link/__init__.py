"""Helpers shared by the link tests."""


def compare_pair(a: str, b: str, published: str | None = None):
    """The Comparison of two report texts given in memory, both dated ``published``."""
    from counterpoint.api import compare_texts
    items = [{"text": t, "published": published} if published else {"text": t} for t in (a, b)]
    return compare_texts(items).comparison
