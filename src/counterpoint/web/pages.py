"""Server-rendered pages: Jinja templates with autoescape on for everything (report text is untrusted)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import __version__
from ..model import Analysis, Comparison, Report
from .views import KIND_TITLES, report_view, safe_url, story_view

HERE = Path(__file__).parent
EXPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


class Pages:
    def __init__(self, service) -> None:
        self.service = service
        self.env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.env.filters["safe_url"] = safe_url
        self.env.globals.update(version=__version__, kind_titles=KIND_TITLES)

    def render(self, name: str, status: int = 200, headers: Optional[dict] = None, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("has_store", self.service.has_store)
        ctx.setdefault("token_required", self.service.web.token_required)
        return HTMLResponse(self.env.get_template(name).render(**ctx), status_code=status, headers=headers)

    def compare_form(self, error: Optional[str] = None, details: Any = None, form=None, status: int = 200):
        blocks = []
        if form is not None:
            keys = ("text", "title", "outlet", "published", "url")
            cols = {k: [v if isinstance(v, str) else "" for v in form.getlist(k)] for k in keys}
            n = max(len(v) for v in cols.values())
            blocks = [{k: cols[k][i] if i < len(cols[k]) else "" for k in keys} for i in range(n)]
        while len(blocks) < 3:
            blocks.append({"text": "", "title": "", "outlet": "", "published": "", "url": ""})
        return self.render("compare.html", status, error=error, details=details or [], blocks=blocks,
                           max_reports=self.service.web.max_reports, max_bytes=self.service.settings.max_bytes,
                           title="Compare reports")

    def result(self, result) -> HTMLResponse:
        return self.render("story.html", view=story_view(result.comparison), story=None, result=result,
                           title="Comparison", export=f"/results/{result.id}/export.html",
                           api=f"/api/v1/results/{result.id}")

    def story(self, story, cmp: Comparison) -> HTMLResponse:
        return self.render("story.html", view=story_view(cmp), story=story, result=None,
                           title=story.title or story.id, export=f"/stories/{story.id}/export.html",
                           api=f"/api/v1/stories/{story.id}")

    def stories(self, got: Optional[dict], filters: dict, limit: int, offset: int) -> HTMLResponse:
        return self.render("stories.html", got=got, filters=filters, limit=limit, offset=offset, title="Stories")

    def report(self, report: Report, analysis: Optional[Analysis]) -> HTMLResponse:
        return self.render("report.html", view=report_view(report, analysis), title=report.title or report.id,
                           api=f"/api/v1/reports/{report.id}")

    def api(self, spec: dict) -> HTMLResponse:
        ops = []
        for path, methods in sorted(spec.get("paths", {}).items()):
            for method, op in methods.items():
                ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                            "doc": op.get("description", "")})
        return self.render("api.html", ops=ops, title="HTTP API")

    def error(self, status: int, code: str, message: str, details: Any = None,
              headers: Optional[dict] = None) -> HTMLResponse:
        return self.render("error.html", status, headers, status_code=status, code=code, message=message,
                           details=details or [], title=f"Error {status}")

    def export(self, cmp: Comparison, filename: str) -> Response:
        """The self-contained HTML export (render.render_html), served with a CSP that runs no script."""
        from ..render import render_html
        return HTMLResponse(render_html(cmp), headers={"Content-Security-Policy": EXPORT_CSP,
                                                       "Content-Disposition": f'attachment; filename="{filename}"'})
