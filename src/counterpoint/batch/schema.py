"""The Parquet layout of a batch run: one row per analysed report, one row per rejected input.

Analyses: the report's metadata as plain columns, the text and each analysis layer as JSON columns (the exact
:func:`counterpoint.model.to_dict` of the layer, so :func:`row_analysis` rebuilds the very ``Analysis`` that
``counterpoint add`` stores), the SHA-256 of the whole analysis JSON (``analysis_hash``: equal hashes mean
equal analyses), and the story-grouping features computed beside the analysis (keys, embedding, day).

Rejected: the input named as ingest names it (``manifest.jsonl:7``) or the report path, the reason, and the
stage that rejected it (``ingest`` or ``analysis``).
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

import pyarrow as pa

from ..model import Analysis, Report, from_dict, to_dict

LAYERS = ("sentences", "mentions", "quantities", "times", "places", "quotes", "attributions", "claims",
          "relations", "framing", "aliases", "notes")

ANALYSES = pa.schema(
    [pa.field("partition", pa.int32(), nullable=False),
     pa.field("seq", pa.int32(), nullable=False),          # position in the input stream within the partition
     pa.field("id", pa.string(), nullable=False),          # content hash of the text (Report.id)
     pa.field("path", pa.string()),
     pa.field("title", pa.string()),
     pa.field("outlet", pa.string()),
     pa.field("published", pa.string()),
     pa.field("published_source", pa.string()),
     pa.field("url", pa.string()),
     pa.field("language", pa.string()),
     pa.field("pipeline_version", pa.string(), nullable=False),
     pa.field("text", pa.string(), nullable=False),
     pa.field("removed", pa.string(), nullable=False)]     # JSON: boilerplate spans recorded at ingest
    + [pa.field(name, pa.string(), nullable=False) for name in LAYERS]   # JSON list per layer
    + [pa.field("analysis_hash", pa.string(), nullable=False),
       pa.field("grouping_version", pa.string()),
       pa.field("day", pa.int32()),                       # days since 1970-01-01, null when unknown
       pa.field("feature_published", pa.string()),
       pa.field("feature_title", pa.string()),
       pa.field("keys", pa.string()),                     # JSON {key: weight}
       pa.field("embedding", pa.binary())],               # float32 little-endian, 384 values
    metadata={b"counterpoint": b"analyses"})

REJECTED = pa.schema(
    [pa.field("partition", pa.int32(), nullable=False),
     pa.field("seq", pa.int32(), nullable=False),
     pa.field("source", pa.string(), nullable=False),
     pa.field("reason", pa.string(), nullable=False),
     pa.field("stage", pa.string(), nullable=False)],
    metadata={b"counterpoint": b"rejected"})

STORIES = pa.schema(
    [pa.field("story_id", pa.string(), nullable=False),
     pa.field("title", pa.string()),
     pa.field("first_seen", pa.string()),
     pa.field("last_seen", pa.string()),
     pa.field("report_count", pa.int32(), nullable=False),
     pa.field("report_ids", pa.list_(pa.string()), nullable=False)],
    metadata={b"counterpoint": b"stories"})


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def analysis_json(analysis: Analysis) -> str:
    """The canonical JSON of an analysis (sorted keys, compact): what ``analysis_hash`` hashes."""
    return _json(to_dict(analysis))


def analysis_hash(analysis: Analysis) -> str:
    return hashlib.sha256(analysis_json(analysis).encode("utf-8")).hexdigest()


def analysis_row(partition: int, seq: int, analysis: Analysis, features=None) -> dict:
    """One Parquet row for an analysed report (``features``: its link.stories.ReportFeatures, or None)."""
    r = analysis.report
    d = to_dict(analysis)
    row = {"partition": partition, "seq": seq, "id": r.id, "path": r.path, "title": r.title, "outlet": r.outlet,
           "published": r.published, "published_source": r.published_source, "url": r.url,
           "language": r.language, "pipeline_version": analysis.pipeline_version, "text": r.text,
           "removed": _json(d["report"]["removed"]), "analysis_hash": analysis_hash(analysis),
           "grouping_version": None, "day": None, "feature_published": None, "feature_title": None,
           "keys": None, "embedding": None}
    for name in LAYERS:
        row[name] = _json(d[name])
    if features is not None:
        import numpy as np
        from ..link.stories import GROUPING_VERSION
        row.update(grouping_version=GROUPING_VERSION, day=features.day, feature_published=features.published,
                   feature_title=features.title, keys=_json(features.keys),
                   embedding=np.asarray(features.embedding, dtype="<f4").tobytes())
    return row


def rejected_row(partition: int, seq: int, source: str, reason: str, stage: str) -> dict:
    return {"partition": partition, "seq": seq, "source": source, "reason": reason, "stage": stage}


def row_report(row: dict) -> Report:
    return from_dict(Report, {"id": row["id"], "text": row["text"], "path": row["path"], "title": row["title"],
                              "outlet": row["outlet"], "published": row["published"],
                              "published_source": row["published_source"], "url": row["url"],
                              "removed": json.loads(row["removed"]), "language": row["language"]})


def row_analysis(row: dict) -> Analysis:
    """The Analysis a row holds (equal to the one the worker computed)."""
    data: dict[str, Any] = {"report": to_dict(row_report(row)), "pipeline_version": row["pipeline_version"]}
    for name in LAYERS:
        data[name] = json.loads(row[name])
    return from_dict(Analysis, data)


def row_features(row: dict):
    """The grouping features of a row (link.stories.ReportFeatures), or None when none were computed."""
    if row.get("embedding") is None:
        return None
    from ..link.stories import features_from_row
    return features_from_row(row["id"], row["day"], row["feature_published"], row["feature_title"],
                             json.loads(row["keys"]), row["embedding"])


def table(rows: list[dict], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=schema)
