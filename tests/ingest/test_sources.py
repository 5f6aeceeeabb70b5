"""load_sources end to end: the seed pair, folders, every bad input, de-duplication, date priority."""
from pathlib import Path

import pytest

from counterpoint.config import Settings
from counterpoint.errors import InputError, UsageError
from counterpoint.ingest import IngestResult, Rejection, load_sources, make_report
from counterpoint.model import content_hash

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed-pair"
NEWS = ("Hundreds of fighters from Iran-backed Iraqi militias entered Syria overnight to support the "
        "government in its battle against rebels who captured Aleppo last week, officials said.\n")
OTHER = ("Iraqi security officials said at least three hundred militia fighters used a dirt road to avoid "
         "border guards and slip into Syria on Sunday.\n")
FRENCH = ("Des centaines de combattants des milices irakiennes soutenues par l'Iran sont entrés en Syrie "
          "pendant la nuit pour soutenir le gouvernement dans sa bataille contre les rebelles.\n")


@pytest.fixture
def settings():
    return Settings()


def only_rejection(result: IngestResult) -> Rejection:
    assert len(result.rejected) == 1, result.rejected
    return result.rejected[0]


def test_seed_pair_manifest(settings, monkeypatch):
    monkeypatch.chdir(SEED)
    result = load_sources(["reports.jsonl"], settings)
    assert result.rejected == [] and result.notices == []
    assert [r.path for r in result.reports] == ["report-a.txt", "report-b.txt"]
    for r in result.reports:
        assert r.published == "2024-12-02" and r.published_source == "manifest"
        assert r.text == (SEED / r.path).read_text(encoding="utf-8")
        assert r.id == content_hash(r.text)
        assert r.language == "en"
    a, b = result.reports
    assert a.removed == ()
    footer = [b.text[x.span.start:x.span.end] for x in b.removed]
    assert footer and all(x.reason == "comment-section footer" for x in b.removed)
    for needle in ("COMMENTS", "Please let us know if you're having issues with commenting."):
        start = b.text.index(needle)
        assert any(x.span.start <= start and start + len(needle) <= x.span.end for x in b.removed), needle


def test_seed_pair_from_another_folder_keeps_manifest_paths(settings):
    result = load_sources([str(SEED / "reports.jsonl")], settings)
    assert [r.path for r in result.reports] == ["report-a.txt", "report-b.txt"]


def test_files_with_flags(settings, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a.txt").write_text(NEWS, encoding="utf-8")
    Path("b.md").write_text(OTHER, encoding="utf-8")
    result = load_sources(["a.txt", "b.md"], settings, published="2024-12-02", outlet="Wire")
    assert [(r.path, r.published, r.published_source, r.outlet) for r in result.reports] == [
        ("a.txt", "2024-12-02", "flag", "Wire"), ("b.md", "2024-12-02", "flag", "Wire")]


def test_bad_published_flag_is_a_usage_error(settings, tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    with pytest.raises(UsageError, match="published"):
        load_sources([str(tmp_path / "a.txt")], settings, published="last Tuesday")


def test_dateline_when_nothing_else(settings, tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("BEIRUT, Dec. 2, 2024 (Reuters) - " + NEWS, encoding="utf-8")
    (r,) = load_sources([str(p)], settings).reports
    assert (r.published, r.published_source) == ("2024-12-02", "dateline")
    (r,) = load_sources([str(p)], settings, published="2024-12-03").reports
    assert (r.published, r.published_source) == ("2024-12-03", "flag")
    q = tmp_path / "b.txt"
    q.write_text(NEWS, encoding="utf-8")
    (r,) = load_sources([str(q)], settings).reports
    assert (r.published, r.published_source) == (None, None)


def test_folder_recursive_sorted_known_extensions(settings, tmp_path):
    (tmp_path / "z.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text(OTHER, encoding="utf-8")
    (tmp_path / "sub" / "notes.docx").write_bytes(b"PK\x03\x04\x00\x00")
    (tmp_path / "sub" / "data.csv").write_text("path\nz.txt\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(FRENCH, encoding="utf-8")
    result = load_sources([str(tmp_path)], settings)
    assert result.rejected == []
    assert [r.path for r in result.reports] == [str(tmp_path / "sub" / "a.md"), str(tmp_path / "z.txt")]


def test_same_text_twice_is_kept_once_with_a_notice(settings, tmp_path):
    (tmp_path / "a.txt").write_text(NEWS, encoding="utf-8")
    (tmp_path / "copy.txt").write_text(NEWS, encoding="utf-8")
    result = load_sources([str(tmp_path / "a.txt"), str(tmp_path / "copy.txt")], settings)
    assert [r.path for r in result.reports] == [str(tmp_path / "a.txt")]
    (notice,) = result.notices
    assert "copy.txt" in notice and "a.txt: same" not in notice and str(tmp_path / "a.txt") in notice


# ------------------------------------------------------------------ bad inputs: one rejection each, the rest go on

def run_with_good(settings, tmp_path, bad: str, **kw) -> Rejection:
    good = tmp_path / "good.txt"
    good.write_text(NEWS, encoding="utf-8")
    result = load_sources([bad, str(good)], settings, **kw)
    assert [r.path for r in result.reports] == [str(good)]
    rej = only_rejection(result)
    assert rej.source == bad
    assert str(rej) == f"{bad}: {rej.reason}"
    return rej


def test_missing_file(settings, tmp_path):
    rej = run_with_good(settings, tmp_path, str(tmp_path / "nope.txt"))
    assert rej.reason == "no such file or folder"


def test_folder_without_reports(settings, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "image.png").write_bytes(b"\x89PNG\r\n")
    rej = run_with_good(settings, tmp_path, str(tmp_path / "empty"))
    assert "no report files" in rej.reason


def test_binary_file(settings, tmp_path):
    p = tmp_path / "photo.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    assert "binary" in run_with_good(settings, tmp_path, str(p)).reason


def test_unknown_extension_binary(settings, tmp_path):
    p = tmp_path / "archive.bin"
    p.write_bytes(b"\x00\x01" * 500)
    assert "binary" in run_with_good(settings, tmp_path, str(p)).reason


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  "])
def test_empty_or_whitespace_file(settings, tmp_path, content):
    p = tmp_path / "empty.txt"
    p.write_bytes(content)
    assert "empty" in run_with_good(settings, tmp_path, str(p)).reason


def test_undecodable_bytes(settings, tmp_path):
    p = tmp_path / "garbled.txt"
    p.write_bytes(b"\x81\x8d\x8f\x90\x9d" * 60)
    assert "cannot decode" in run_with_good(settings, tmp_path, str(p)).reason


def test_cp1252_file_is_read(settings, tmp_path):
    p = tmp_path / "win.txt"
    p.write_bytes(("“" + NEWS.strip() + "” – caf\u00e9\n").encode("cp1252"))
    (r,) = load_sources([str(p)], settings).reports
    assert r.text.startswith("“Hundreds") and "café" in r.text


def test_file_over_max_bytes_is_refused_before_reading(settings, tmp_path, monkeypatch):
    p = tmp_path / "big.txt"
    p.write_text(NEWS * 10, encoding="utf-8")
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read a file over the limit"))
    result = load_sources([str(p)], settings.replace(max_bytes=100))
    rej = only_rejection(result)
    assert "too large" in rej.reason and "max_bytes=100" in rej.reason


def test_html_without_text(settings, tmp_path):
    p = tmp_path / "blank.html"
    p.write_text("<html><head><title>x</title></head><body><script>var a=1;</script></body></html>",
                 encoding="utf-8")
    assert "no extractable text" in run_with_good(settings, tmp_path, str(p)).reason


def test_not_english(settings, tmp_path):
    p = tmp_path / "fr.txt"
    p.write_text(FRENCH, encoding="utf-8")
    assert run_with_good(settings, tmp_path, str(p)).reason.startswith("unsupported language: fr")


def test_language_check_can_be_switched_off(settings, tmp_path):
    p = tmp_path / "fr.txt"
    p.write_text(FRENCH, encoding="utf-8")
    (r,) = load_sources([str(p)], settings.replace(language_check=False)).reports
    assert r.language is None


def test_short_text_is_not_judged_for_language(settings, tmp_path):
    p = tmp_path / "short.txt"
    p.write_text("Oui, merci beaucoup.", encoding="utf-8")
    (r,) = load_sources([str(p)], settings).reports
    assert r.language is None


# ------------------------------------------------------------------ make_report (in-memory text, the web API)

def test_make_report(settings):
    r = make_report(NEWS + "Advertisement\n", path="report-1", title=" Title ", outlet="Wire",
                    published="2024-12-02", published_source="request", url="https://example.com/a",
                    settings=settings)
    assert r.id == content_hash(r.text) and r.text == NEWS + "Advertisement\n"
    assert (r.path, r.title, r.outlet, r.published, r.published_source) == (
        "report-1", "Title", "Wire", "2024-12-02", "request")
    assert [x.reason for x in r.removed] == ["advertisement"]


@pytest.mark.parametrize("text, published, reason", [
    ("  ", None, "empty"),
    (NEWS, "someday", "cannot read 'someday'"),
    (FRENCH, None, "unsupported language: fr"),
])
def test_make_report_raises_input_error(settings, text, published, reason):
    with pytest.raises(InputError) as info:
        make_report(text, path="report-9", published=published, settings=settings)
    assert info.value.source == "report-9" and reason in info.value.reason


def test_make_report_size_limit(settings):
    with pytest.raises(InputError, match="too large"):
        make_report(NEWS, path="x", settings=settings.replace(max_bytes=10))
