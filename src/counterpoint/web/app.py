"""The FastAPI app: server-rendered pages and their JSON twins under /api/v1, over the same Service calls.

    from counterpoint.web import create_app
    app = create_app(settings, store_url="stories.db")

Every error leaves as ``{"error": {"code", "message", "details"?}}`` (pages: the same code and message in an
HTML page); no traceback reaches a client.
"""
from __future__ import annotations

import hmac
from contextlib import asynccontextmanager
import logging
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..config import Settings
from ..errors import ConfigError, CounterpointError, InputError, ModelError, StoreError, UsageError
from .contract import to_contract
from .models import (CompareRequest, CompareResponse, ErrorResponse, ReportResponse, StoriesResponse,
                     StoryResponse, ERRORS)
from .pages import Pages
from .service import Busy, Item, NotFound, Service, TooFew
from .settings import WebSettings, is_loopback

log = logging.getLogger("counterpoint.web")
HERE = Path(__file__).parent
API = "/api/v1"


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, details: Any = None, headers: Optional[dict] = None):
        super().__init__(message)
        self.status, self.code, self.message, self.details, self.headers = status, code, message, details, headers


def create_app(settings: Optional[Settings] = None, store_url: Optional[str] = None, *,
               web: Optional[WebSettings] = None, fetch=None) -> FastAPI:
    """The app. ``store_url``: the store (path or URL) for stories; ``web``: host/token/limits (defaults:
    loopback, no token); ``fetch``: replaces the URL fetcher (tests). The SSRF guard runs either way."""
    settings = settings or Settings()
    web = web or WebSettings.from_settings(settings, db=store_url)
    if store_url is not None and web.db != store_url:
        web = WebSettings(**{**web.__dict__, "db": store_url})
    web.check()
    service = Service(settings, web, fetch)
    pages = Pages(service)

    @asynccontextmanager
    async def lifespan(_app):
        yield
        service.close()

    app = FastAPI(title="counterpoint", lifespan=lifespan, version=__version__,
                  description="Compare several news reports of the same event: agreements, conflicts, partial "
                              "agreements and single-source claims, each with evidence offsets. Every page has "
                              "a JSON twin under /api/v1. Errors: `{\"error\": {\"code\", \"message\"}}`.",
                  openapi_url=f"{API}/openapi.json", docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None)
    app.state.service = service
    app.state.web = web
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.add_middleware(Guard, web=web)
    _handlers(app, pages)

    def check_token(request: Request, form_token: Optional[str] = None) -> None:
        """Write endpoints: the token from the settings, when one is needed (see WebSettings)."""
        if not web.token_required:
            return
        given = request.headers.get("x-counterpoint-token") or form_token
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        if not given or not web.token or not hmac.compare_digest(given.encode(), web.token.encode()):
            raise ApiError(401, "unauthorized", "this server needs a token for writes: send it as "
                                                "'Authorization: Bearer TOKEN' (or the token field of the form)")

    def token_dep(request: Request) -> None:
        check_token(request)

    # ------------------------------------------------------------ JSON API
    @app.get(f"{API}/health", tags=["meta"], summary="Liveness and what this server offers")
    def health() -> dict:
        return {"status": "ok", "version": __version__, "store": service.has_store,
                "token_required": web.token_required}

    @app.post(f"{API}/compare", tags=["compare"], response_model=CompareResponse, responses=ERRORS,
              dependencies=[Depends(token_dep)], summary="Compare two or more reports (the JSON contract)")
    def api_compare(body: CompareRequest, include_layers: bool = Query(False, description="add per-report "
                    "analysis layers")) -> JSONResponse:
        """Each report gives `text`, or only a `url` to fetch (public addresses only unless the server allows
        private ones). Returns the comparison in the `counterpoint.comparison/1` contract, plus `rejected`
        (inputs that could not be used) and `result_id` (the result page is `/results/{result_id}`)."""
        items = [Item(text=r.text, title=r.title, outlet=r.outlet, published=r.published, url=r.url,
                      fetch=not (r.text or "").strip() and bool(r.url)) for r in body.reports]
        return JSONResponse(_result_json(service.compare(items), include_layers))

    @app.post(f"{API}/compare/upload", tags=["compare"], response_model=CompareResponse, responses=ERRORS,
              dependencies=[Depends(token_dep)], summary="Compare uploaded report files")
    def api_compare_upload(files: list[UploadFile] = File(..., description="text, HTML or feed files"),
                           published: Optional[str] = Form(None, max_length=64),
                           outlet: Optional[str] = Form(None, max_length=300),
                           include_layers: bool = Query(False)) -> JSONResponse:
        items = [Item(filename=f.filename or f"upload-{n}", data=_read_upload(f, settings), published=published,
                      outlet=outlet) for n, f in enumerate(files, 1)]
        return JSONResponse(_result_json(service.compare(items), include_layers))

    @app.get(f"{API}/results/{{result_id}}", tags=["compare"], response_model=CompareResponse,
             responses=ERRORS, summary="A compare result kept in memory (twin of /results/{id})")
    def api_result(result_id: str, include_layers: bool = Query(False)) -> JSONResponse:
        return JSONResponse(_result_json(service.result(result_id), include_layers))

    @app.get(f"{API}/stories", tags=["stories"], response_model=StoriesResponse, responses=ERRORS,
             summary="Stories in the store, newest first (twin of /stories)")
    def api_stories(q: Optional[str] = Query(None, max_length=200, description="words in a title or outlet"),
                    since: Optional[str] = Query(None, max_length=32, description="last seen on/after (YYYY-MM-DD)"),
                    until: Optional[str] = Query(None, max_length=32, description="first seen on/before"),
                    outlet: Optional[str] = Query(None, max_length=200),
                    has_conflicts: Optional[bool] = Query(None),
                    limit: int = Query(50, ge=1, le=200), offset: int = Query(0, ge=0, le=1_000_000)) -> JSONResponse:
        got = service.stories(q=q, since=since, until=until, outlet=outlet, has_conflicts=has_conflicts,
                              limit=limit, offset=offset)
        return JSONResponse(_stories_json(got))

    @app.get(f"{API}/stories/{{story_id}}", tags=["stories"], response_model=StoryResponse, responses=ERRORS,
             summary="One story's comparison (twin of /stories/{id})")
    def api_story(story_id: str, include_layers: bool = Query(False)) -> JSONResponse:
        story, cmp = service.story(story_id)
        return JSONResponse({"story": _story_json(story), "comparison": to_contract(cmp, include_layers)})

    @app.get(f"{API}/reports/{{report_id}}", tags=["reports"], response_model=ReportResponse, responses=ERRORS,
             summary="One report with its analysis layers (twin of /reports/{id})")
    def api_report(report_id: str) -> JSONResponse:
        from ..model import to_dict
        report, analysis = service.report(report_id)
        return JSONResponse({"report": to_dict(report), "analysis": to_dict(analysis) if analysis else None})

    # ------------------------------------------------------------ pages
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page_compare() -> HTMLResponse:
        return pages.compare_form()

    @app.post("/compare", include_in_schema=False)
    async def page_compare_post(request: Request) -> Response:
        form = await request.form(max_files=web.max_reports, max_fields=20 * web.max_reports + 20,
                                  max_part_size=settings.max_bytes + 4096)
        try:
            check_token(request, _field(form, "token"))
            items = await run_in_threadpool(_form_items, form, settings)
            keep = _field(form, "keep") == "on" and service.has_store
            result = await run_in_threadpool(service.compare, items, keep=keep)
        except (ApiError, TooFew, UsageError, InputError, Busy) as exc:
            status, code, message, details = _describe(exc)
            return pages.compare_form(error=message, details=details, form=form, status=status)
        finally:
            await form.close()
        return RedirectResponse(f"/results/{result.id}", status_code=303)

    @app.get("/results/{result_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_result(result_id: str) -> HTMLResponse:
        return pages.result(service.result(result_id))

    @app.get("/results/{result_id}/export.html", include_in_schema=False)
    def page_result_export(result_id: str) -> Response:
        return pages.export(service.result(result_id).comparison, f"counterpoint-{result_id}.html")

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def page_stories(q: Optional[str] = Query(None, max_length=200), since: Optional[str] = Query(None, max_length=32),
                     until: Optional[str] = Query(None, max_length=32), outlet: Optional[str] = Query(None, max_length=200),
                     has_conflicts: Optional[str] = Query(None, max_length=8),
                     limit: int = Query(50, ge=1, le=200), offset: int = Query(0, ge=0)) -> HTMLResponse:
        filters = {"q": q or "", "since": since or "", "until": until or "", "outlet": outlet or "",
                   "has_conflicts": has_conflicts or ""}
        if not service.has_store:
            return pages.stories(None, filters, limit, offset)
        hc = {"yes": True, "no": False}.get((has_conflicts or "").lower())
        got = service.stories(q=q, since=since, until=until, outlet=outlet, has_conflicts=hc, limit=limit,
                              offset=offset)
        return pages.stories(got, filters, limit, offset)

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_story(story_id: str) -> HTMLResponse:
        story, cmp = service.story(story_id)
        return pages.story(story, cmp)

    @app.get("/stories/{story_id}/export.html", include_in_schema=False)
    def page_story_export(story_id: str) -> Response:
        story, cmp = service.story(story_id)
        return pages.export(cmp, f"counterpoint-story-{story.id}.html")

    @app.get("/reports/{report_id}", response_class=HTMLResponse, include_in_schema=False)
    def page_report(report_id: str) -> HTMLResponse:
        return pages.report(*service.report(report_id))

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def page_api() -> HTMLResponse:
        return pages.api(app.openapi())

    return app


# ---------------------------------------------------------------- helpers

def _field(form, name: str) -> Optional[str]:
    v = form.get(name)
    return v if isinstance(v, str) else None


def _read_upload(f, settings: Settings) -> bytes:
    data = f.file.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        raise ApiError(413, "too_large", f"{f.filename}: over max_bytes={settings.max_bytes} bytes")
    return data


def _form_items(form, settings: Settings) -> list[Item]:
    """Report blocks of the compare form (repeated fields), then uploaded files, then URL lines."""
    texts, titles = form.getlist("text"), form.getlist("title")
    outlets, dates, urls = form.getlist("outlet"), form.getlist("published"), form.getlist("url")
    items: list[Item] = []
    for n in range(max(len(texts), len(urls))):
        def at(values, i=n):
            v = values[i] if i < len(values) else None
            return v.strip() if isinstance(v, str) and v.strip() else None
        text = texts[n] if n < len(texts) and isinstance(texts[n], str) else ""
        url = at(urls)
        if not text.strip() and not url:
            continue
        items.append(Item(text=text, title=at(titles), outlet=at(outlets), published=at(dates), url=url,
                          fetch=not text.strip() and bool(url), label=f"report {n + 1}"))
    for f in form.getlist("files"):
        if hasattr(f, "filename") and f.filename:
            items.append(Item(filename=f.filename, data=_read_upload(f, settings),
                              published=_field(form, "files_published"), outlet=_field(form, "files_outlet")))
    return items


def _result_json(result, include_layers: bool) -> dict:
    out = to_contract(result.comparison, include_layers)
    out["result_id"] = result.id
    out["rejected"] = [{"source": s, "reason": r} for s, r in result.rejected]
    out["stories"] = list(result.stories)
    return out


def _story_json(s) -> dict:
    return {"id": s.id, "title": s.title, "first_seen": s.first_seen, "last_seen": s.last_seen,
            "report_count": s.report_count, "outlets": list(s.outlets),
            "reports": [{"id": r.id, "path": r.path, "title": r.title, "outlet": r.outlet,
                         "published": r.published} for r in s.reports]}


def _stories_json(got: dict) -> dict:
    rows = []
    for s in got["stories"]:
        row = _story_json(s)
        if s.id in got["conflicts"]:
            row["conflicts"] = got["conflicts"][s.id]
        rows.append(row)
    return {"stories": rows, "total": got["total"]}


def _describe(exc: BaseException) -> tuple[int, str, str, Any]:
    """(status, code, message, details) for every error we raise on purpose."""
    if isinstance(exc, ApiError):
        return exc.status, exc.code, exc.message, exc.details
    if isinstance(exc, TooFew):
        return 422, "too_few_reports", str(exc), [{"source": s, "reason": r} for s, r in exc.rejected]
    if isinstance(exc, NotFound):
        return 404, "not_found", str(exc), None
    if isinstance(exc, Busy):
        return 503, "busy", str(exc), None
    if isinstance(exc, InputError):
        return 422, "bad_input", str(exc), None
    if isinstance(exc, UsageError):
        return 400, "bad_request", str(exc), None
    if isinstance(exc, StoreError):
        return 503, "store_unavailable", str(exc), None
    if isinstance(exc, ModelError):
        return 503, "model_unavailable", str(exc), None
    if isinstance(exc, ConfigError):
        return 500, "config_error", str(exc), None
    return 500, "internal_error", "internal error; the server log has the details", None


HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 406: "not_acceptable", 413: "too_large", 415: "unsupported_media_type",
              422: "invalid_request", 429: "too_many_requests"}


def error_body(code: str, message: str, details: Any = None) -> dict:
    err: dict[str, Any] = {"code": code, "message": message}
    if details:
        err["details"] = details
    return {"error": err}


def _handlers(app: FastAPI, pages: Pages) -> None:
    def respond(request: Request, status: int, code: str, message: str, details: Any = None,
                headers: Optional[dict] = None) -> Response:
        accept = request.headers.get("accept", "")
        if request.url.path.startswith("/api/") or ("application/json" in accept and "text/html" not in accept):
            return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)
        return pages.error(status, code, message, details, headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = HTTP_CODES.get(exc.status_code, "http_error")
        message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        return respond(request, exc.status_code, code, message, None, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        details = [{"where": ".".join(str(x) for x in e.get("loc", ())), "problem": e.get("msg", "")}
                   for e in exc.errors()][:20]
        first = details[0] if details else {"where": "", "problem": "invalid request"}
        return respond(request, 422, "invalid_request", f"{first['where']}: {first['problem']}", details)

    async def ours(request: Request, exc: Exception) -> Response:
        status, code, message, details = _describe(exc)
        headers = getattr(exc, "headers", None) or ({"Retry-After": "2"} if isinstance(exc, Busy) else None)
        if status >= 500 and code == "internal_error":
            log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return respond(request, status, code, message, details, headers)

    for cls in (ApiError, TooFew, NotFound, Busy, CounterpointError):
        app.add_exception_handler(cls, ours)


# ---------------------------------------------------------------- middleware

class Guard:
    """Pure ASGI middleware: request body limit (413 before the app reads it), host and origin checks,
    security headers on every response, and a last-resort 500 in the JSON error shape."""

    CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
           "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

    def __init__(self, app, web: WebSettings):
        self.app = app
        self.web = web

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        started = False

        async def send_guarded(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                hs = list(message.get("headers", []))
                have = {k.lower() for k, _ in hs}
                extra = {b"x-content-type-options": b"nosniff", b"referrer-policy": b"same-origin",
                         b"x-frame-options": b"DENY", b"content-security-policy": self.CSP.encode()}
                hs += [(k, v) for k, v in extra.items() if k not in have]
                message = {**message, "headers": hs}
            await send(message)

        problem = self._refuse(scope, headers)
        if problem:
            return await self._error(send_guarded, *problem)
        if scope["method"] in ("POST", "PUT", "PATCH"):
            limit = self.web.max_body_bytes
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > limit:
                return await self._error(send_guarded, 413, "too_large",
                                         f"request body of {int(length)} bytes is over the limit of {limit}")
            chunks, size = [], 0
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                body = message.get("body", b"")
                size += len(body)
                if size > limit:
                    return await self._error(send_guarded, 413, "too_large",
                                             f"request body is over the limit of {limit} bytes")
                chunks.append(body)
                if not message.get("more_body"):
                    break
            whole = b"".join(chunks)
            sent = False

            async def replay():
                nonlocal sent
                if not sent:
                    sent = True
                    return {"type": "http.request", "body": whole, "more_body": False}
                return await receive()
            receive = replay
        try:
            await self.app(scope, receive, send_guarded)
        except Exception:   # noqa: BLE001 - the boundary: log it, never show it
            log.exception("%s %s failed", scope.get("method"), scope.get("path"))
            if not started:
                await self._error(send_guarded, 500, "internal_error",
                                  "internal error; the server log has the details",
                                  html=not scope.get("path", "").startswith("/api/"))

    def _refuse(self, scope, headers) -> Optional[tuple[int, str, str]]:
        host = headers.get("host", "")
        name = _hostname(host)
        if is_loopback(self.web.host) and name is not None and not is_loopback(name):
            return 400, "bad_host", (f"this server answers to localhost only, not {name!r} "
                                     "(a guard against DNS rebinding)")
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            if origin and origin != "null" and _hostport(origin) != host.lower():
                return 403, "cross_origin", "cross-site request refused: open the page from this server"
            if origin == "null":
                return 403, "cross_origin", "cross-site request refused: open the page from this server"
        return None

    @staticmethod
    async def _error(send, status: int, code: str, message: str, html: bool = False) -> None:
        """A response made here, outside the app (messages are ours, never user text)."""
        import json
        from html import escape
        if html:
            body = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Error {status}</title>'
                    f'<link rel="stylesheet" href="/static/style.css"></head><body><main><h1>{status}: '
                    f'{escape(code.replace("_", " "))}</h1><div class="error" role="alert"><p id="error-message">'
                    f'{escape(message)}</p></div><p><a href="/">Back to Compare</a></p></main></body></html>').encode()
            ctype = b"text/html; charset=utf-8"
        else:
            body = json.dumps(error_body(code, message)).encode()
            ctype = b"application/json"
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def _hostname(host: str) -> Optional[str]:
    if not host:
        return None
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _hostport(origin: str) -> str:
    try:
        return (urlsplit(origin).netloc or "").lower()
    except ValueError:
        return ""
