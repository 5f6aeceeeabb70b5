"""Helpers shared by the link tests."""


def compare_pair(a: str, b: str, published: str | None = None):
    """The Comparison of two report texts given in memory, both dated ``published``."""
    from counterpoint.api import compare_texts
    items = [{"text": t, "published": published} if published else {"text": t} for t in (a, b)]
    return compare_texts(items).comparison


def kinds_of(a: str, b: str, starts: str, published: str | None = None) -> list[str]:
    """The kinds of the findings of ``compare_pair(a, b, published)`` whose summary starts with ``starts``."""
    return [f.kind for f in compare_pair(a, b, published).findings if f.summary.startswith(starts)]
