"""Request and response models of the JSON API (they document the OpenAPI spec)."""
from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field


class ReportIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: Optional[str] = Field(None, description="the report text; leave empty to fetch `url`")
    title: Optional[str] = Field(None, max_length=2000)
    outlet: Optional[str] = Field(None, max_length=500)
    published: Optional[str] = Field(None, max_length=64, description="publication date, YYYY-MM-DD or ISO "
                                     "datetime; relative times ('on Monday') are resolved against it")
    url: Optional[str] = Field(None, max_length=4096, description="where the report is from; fetched when "
                               "`text` is empty (public addresses only unless the server allows private ones)")


class CompareRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"reports": [
        {"text": "About 200 Iraqi fighters crossed into Syria on Monday.", "published": "2024-12-02"},
        {"text": "At least 300 Iraqi fighters crossed into Syria on Sunday.", "published": "2024-12-02"}]}]})
    reports: list[ReportIn] = Field(..., min_length=2, max_length=100)


class ErrorDetail(BaseModel):
    code: str = Field(..., description="a stable machine-readable code, e.g. invalid_request, too_large")
    message: str
    details: Optional[list[Any]] = None


class ErrorResponse(BaseModel):
    error: ErrorDetail


class Rejected(BaseModel):
    source: str
    reason: str


class CompareResponse(BaseModel):
    """The comparison contract (`counterpoint.comparison/1`, see examples/README.md) plus request fields."""
    model_config = ConfigDict(extra="allow")
    schema_: str = Field(..., alias="schema")
    reports: list[dict[str, Any]]
    entities: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    attributions: list[dict[str, Any]]
    places: list[dict[str, Any]]
    framing: list[dict[str, Any]]
    removed: list[dict[str, Any]]
    result_id: str
    rejected: list[Rejected]
    stories: list[str] = Field(default_factory=list, description="stories the reports were added to")


class StoryReport(BaseModel):
    id: str
    path: Optional[str] = None
    title: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[str] = None


class StoryOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    title: Optional[str] = None
    first_seen: Optional[str] = None
    last_seen: Optional[str] = None
    report_count: int
    outlets: list[str]
    reports: list[StoryReport]
    conflicts: Optional[int] = Field(None, description="present when filtered by has_conflicts")


class StoriesResponse(BaseModel):
    stories: list[StoryOut]
    total: Optional[int] = Field(None, description="stories matching (null when has_conflicts is given)")


class StoryResponse(BaseModel):
    story: StoryOut
    comparison: dict[str, Any]


class ReportResponse(BaseModel):
    report: dict[str, Any]
    analysis: Optional[dict[str, Any]] = None


ERRORS: dict = {s: {"model": ErrorResponse, "description": d} for s, d in (
    (400, "bad request"), (401, "token missing or wrong"), (403, "cross-site request"), (404, "not found"),
    (413, "body or file too large"), (422, "invalid request or unusable reports"),
    (503, "busy, or store / models unavailable"))}
