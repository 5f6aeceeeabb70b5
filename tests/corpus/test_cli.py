"""The corpus commands through typer's CliRunner on a local app (the main cli.py registers the same)."""
from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from counterpoint.cli_corpus import register
from tests.corpus import synthetic_reports, write_manifest
from tests.store import HashEmbedder

app = typer.Typer()
register(app)


@pytest.fixture(autouse=True)
def no_model(monkeypatch):
    import counterpoint.embed
    monkeypatch.setattr(counterpoint.embed, "get_embedder", lambda: HashEmbedder())


def run(*args):
    return CliRunner().invoke(app, list(args))


def test_add_stories_and_json(tmp_path):
    db = str(tmp_path / "c.db")
    manifest = write_manifest(tmp_path / "m.jsonl", synthetic_reports(3, 2), extra_lines=('{"text": "broken',))
    r = run("add", str(manifest), "--db", db, "--no-analysis")
    assert r.exit_code == 1, r.output                      # one line rejected
    assert "added 6, duplicates 0, rejected 1" in r.output
    assert "m.jsonl:7" in r.output and "reports/s" in r.output
    r = run("add", str(manifest), "--db", db, "--no-analysis", "--quiet")
    assert "added 0, duplicates 6" in r.output
    r = run("stories", "--db", db, "--format", "json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert len(data["stories"]) == 3 and all(len(s["reports"]) == 2 for s in data["stories"])
    r = run("stories", "--db", db, "--search", "takengon")
    assert r.exit_code == 0 and len(r.stdout.strip().splitlines()) == 1 and "Takengon" in r.stdout
    r = run("stories", "--db", db, "--since", "2030-01-01", "--format", "json")
    assert json.loads(r.stdout) == {"stories": []}


def test_usage_errors_exit_2(tmp_path):
    db = str(tmp_path / "c.db")
    assert run("stories", "--db", db, "--since", "someday").exit_code == 2
    assert run("story", "nope", "--db", db).exit_code == 2
    assert run("watch", str(tmp_path), "--db", db, "--every", "soon").exit_code == 2
    assert run("add", "--db", db).exit_code == 2           # no sources


def test_all_used_exits_0_and_watch_rounds(tmp_path):
    db = str(tmp_path / "c.db")
    folder = tmp_path / "inbox"
    folder.mkdir()
    for i, row in enumerate(synthetic_reports(2, 1)):
        (folder / f"{i}.txt").write_text(row["text"])
    r = run("add", str(folder), "--db", db, "--no-analysis")
    assert r.exit_code == 0 and "added 2" in r.output
    r = run("watch", str(folder), "--db", db, "--every", "0.01s", "--iterations", "2", "--no-analysis")
    assert r.exit_code == 0 and "round 2: added 0, duplicates 2" in r.output
