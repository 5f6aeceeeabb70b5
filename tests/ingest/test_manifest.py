"""Manifests: JSON Lines (plain and gzipped, streamed), JSON arrays and CSV; each bad entry one rejection."""
import gzip
import json
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.errors import UsageError
from counterpoint.ingest import Rejection, iter_manifest, load_sources

NEWS = ("Hundreds of fighters from Iran-backed Iraqi militias entered Syria overnight to support the "
        "government in its battle against rebels who captured Aleppo last week, officials said.")
OTHER = ("Iraqi security officials said at least three hundred militia fighters used a dirt road to avoid "
         "border guards and slip into Syria on Sunday.")
THIRD = ("Turkish Foreign Minister Hakan Fidan said Turkey has joined three-way talks with Russia and Iran "
         "to restore stability in Aleppo on Monday.")


@pytest.fixture
def settings():
    return Settings()


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def test_paths_inline_text_and_metadata(settings, tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(NEWS, encoding="utf-8")
    m = write_jsonl(tmp_path / "reports.jsonl", [
        {"path": "docs/a.txt", "title": "Militias cross", "outlet": "Wire", "url": "https://example.com/a",
         "published": "2024-12-02"},
        {"text": OTHER, "outlet": None},
    ])
    result = load_sources([str(m)], settings, outlet="Flag Outlet", published="2024-12-05")
    assert result.rejected == []
    a, b = result.reports
    assert (a.path, a.title, a.outlet, a.url, a.published, a.published_source) == (
        "docs/a.txt", "Militias cross", "Wire", "https://example.com/a", "2024-12-02", "manifest")
    assert (b.path, b.text, b.outlet, b.published, b.published_source) == (
        f"{m}:2", OTHER, "Flag Outlet", "2024-12-05", "flag")


def test_corpus_column_names(settings, tmp_path):
    m = write_jsonl(tmp_path / "corpus.jsonl", [
        {"source": "New York Times - News", "date": "2016-09-20", "title": "T", "url": "http://x.example/1",
         "content": "tokenised text , with spaces .", "content_original": NEWS, "ID": "abc"},
        {"source": "Fox News", "date": "", "content": OTHER},
    ])
    a, b = [r for r in iter_manifest(m, settings)]
    assert (a.text, a.outlet, a.published, a.published_source) == (NEWS, "New York Times - News", "2016-09-20",
                                                                    "manifest")
    assert (b.text, b.outlet, b.published) == (OTHER, "Fox News", None)


def test_bad_entries_each_rejected_with_line_and_path(settings, tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    m = write_jsonl(tmp_path / "reports.jsonl", [
        {"path": "a.txt"},
        '{"path": "b.txt", broken',
        {"path": "report-c.txt"},
        {"path": "a.txt", "published": "next week"},
        {"title": "no text"},
        '["not", "an", "object"]',
        {"path": "empty.txt"},
        {"text": THIRD},
    ])
    result = load_sources([str(m)], settings)
    assert [r.text for r in result.reports] == [NEWS, THIRD]
    got = [str(r) for r in result.rejected]
    assert got[0].startswith(f"{m}:2: broken JSON line")
    assert got[1] == f"{m}:3 (report-c.txt): file not found: {tmp_path / 'report-c.txt'}"
    assert got[2].startswith(f"{m}:4 (a.txt): published: cannot read 'next week'")
    assert got[3] == f"{m}:5: entry has neither 'path' nor 'text'"
    assert got[4] == f"{m}:6: expected a JSON object, got list"
    assert got[5].startswith(f"{m}:7 (empty.txt): empty")
    assert len(got) == 6


def test_blank_lines_are_skipped_and_numbering_follows_the_file(settings, tmp_path):
    m = tmp_path / "m.jsonl"
    m.write_text("\n" + json.dumps({"text": NEWS}) + "\n\n{oops\n", encoding="utf-8")
    items = list(iter_manifest(m, settings))
    assert items[0].path == f"{m}:2"
    assert isinstance(items[1], Rejection) and items[1].source == f"{m}:4"


def test_empty_manifest(settings, tmp_path):
    m = tmp_path / "m.jsonl"
    m.write_text("\n", encoding="utf-8")
    (rej,) = iter_manifest(m, settings)
    assert rej == Rejection(str(m), "manifest holds no entries")


def test_missing_manifest(settings, tmp_path):
    result = load_sources([str(tmp_path / "reports.jsonl")], settings)
    assert [str(r) for r in result.rejected] == [f"{tmp_path / 'reports.jsonl'}: no such file or folder"]


def test_iter_manifest_bad_flag(settings, tmp_path):
    m = write_jsonl(tmp_path / "m.jsonl", [{"text": NEWS}])
    with pytest.raises(UsageError):
        list(iter_manifest(m, settings, published="soon"))


def test_json_array_manifest(settings, tmp_path):
    m = tmp_path / "m.json"
    m.write_text(json.dumps([{"text": NEWS, "published": "2024-12-02"}, {"text": OTHER}]), encoding="utf-8")
    reports = list(iter_manifest(m, settings))
    assert [(r.text, r.published) for r in reports] == [(NEWS, "2024-12-02"), (OTHER, None)]


def test_csv_manifest(settings, tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    m = tmp_path / "reports.csv"
    quoted = OTHER.replace("said", '"said"')
    m.write_text("path,text,outlet,published,title\n"
                 "a.txt,,Wire,2024-12-02,First\n"
                 f',"{quoted.replace(chr(34), chr(34) * 2)}\nsecond line",,2024-12-03,\n'
                 "missing.txt,,,,\n"
                 "a.txt,,,bad date,\n", encoding="utf-8")
    result = load_sources([str(m)], settings)
    a, b = result.reports
    assert (a.path, a.outlet, a.published, a.title) == ("a.txt", "Wire", "2024-12-02", "First")
    assert b.text == quoted + "\nsecond line" and b.published == "2024-12-03" and b.path == f"{m}:3"
    assert [str(r).split(":")[0:2] for r in result.rejected] == [[str(m), "5 (missing.txt)"],
                                                                 [str(m), "6 (a.txt)"]]


def test_gzipped_jsonl_is_streamed(settings, tmp_path, monkeypatch):
    m = tmp_path / "corpus.jsonl.gz"
    rows = [{"content_original": f"{NEWS} Report number {i}.", "date": "2024-12-02"} for i in range(50)]
    with gzip.open(m, "wt", encoding="utf-8") as fh:
        fh.write("".join(json.dumps(r) + "\n" for r in rows))
    # streaming: never read the whole file at once
    original = gzip.GzipFile.read

    def read(self, size=-1):
        if size is None or size < 0:
            pytest.fail("read() of the whole gzip file")
        return original(self, size)
    monkeypatch.setattr(gzip.GzipFile, "read", read)
    seen = []
    it = iter_manifest(m, settings)
    first = next(it)
    seen.append(first)
    assert first.text.endswith("Report number 0.")
    seen.extend(it)
    assert len(seen) == 50 and seen[-1].path == f"{m}:50"


def test_gzip_detected_by_magic_and_csv_gz(settings, tmp_path):
    m = tmp_path / "reports.csv.gz"
    with gzip.open(m, "wt", encoding="utf-8", newline="") as fh:
        fh.write(f'text,date\n"{NEWS}",2024-12-02\n')
    (r,) = load_sources([str(m)], settings).reports
    assert (r.text, r.published) == (NEWS, "2024-12-02")


def test_truncated_gzip_is_a_rejection(settings, tmp_path):
    m = tmp_path / "corpus.jsonl.gz"
    data = gzip.compress(("".join(json.dumps({"text": f"{NEWS} {i}"}) + "\n" for i in range(200))).encode())
    m.write_bytes(data[: len(data) // 2])
    items = list(iter_manifest(m, settings))
    assert isinstance(items[-1], Rejection) and "corrupt or truncated" in items[-1].reason
    assert all(not isinstance(x, Rejection) for x in items[:-1])


def test_manifest_not_utf8_line(settings, tmp_path):
    m = tmp_path / "m.jsonl"
    m.write_bytes(json.dumps({"text": NEWS}).encode() + b"\n" + b'{"text": "caf\xe9"}\n')
    items = list(iter_manifest(m, settings))
    assert items[0].text == NEWS
    assert items[1].source == f"{m}:2" and "not UTF-8" in items[1].reason


def test_pretty_printed_json_object_manifest(settings, tmp_path):
    m = tmp_path / "one.json"
    m.write_text(json.dumps({"text": NEWS, "published": "2024-12-02"}, indent=2), encoding="utf-8")
    (r,) = iter_manifest(m, settings)
    assert (r.text, r.published) == (NEWS, "2024-12-02")


def test_blank_inline_text_says_so(tmp_path, settings):
    m = write_jsonl(tmp_path / "reports.jsonl", [{"content_original": "   ", "title": "t"}])
    result = load_sources([str(m)], settings)
    assert [str(r) for r in result.rejected] == [f"{m}:1: empty text ('content_original' is blank)"]
