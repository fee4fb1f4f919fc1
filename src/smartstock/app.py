"""FastAPI application factory: API routers under /api, error rendering, the built SPA."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import APIRouter, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request as StarletteRequest
from starlette.types import ASGIApp, Receive, Scope, Send

from smartstock import __version__
from smartstock.accounts.router import auth_router, members_router, settings_router
from smartstock.audit.router import router as audit_router
from smartstock.catalog.router import router as catalog_router
from smartstock.forecasting.router import router as forecasting_router
from smartstock.history.router import router as history_router
from smartstock.ingest.router import router as ingest_router
from smartstock.jobs.router import router as jobs_router
from smartstock.kit.errors import DomainError
from smartstock.kit.language import pick, request_language
from smartstock.kit.uploads import UPLOAD_OVERHEAD
from smartstock.planning.policies.router import router as policies_router
from smartstock.planning.purchase_orders.router import router as purchase_orders_router
from smartstock.planning.recommendations.router import router as recommendations_router
from smartstock.planning.scenarios.router import router as scenarios_router
from smartstock.settings import get_settings
from smartstock.stock.router import router as stock_router

log = logging.getLogger(__name__)

HTTP_MESSAGES = {
    404: ("요청한 주소를 찾을 수 없습니다.", "Not found."),
    405: ("허용되지 않는 요청 방식입니다.", "Method not allowed."),
    413: ("요청이 너무 큽니다.", "The request is too large."),
}


def create_app(session_factory: sessionmaker[Session] | None = None) -> FastAPI:
    settings = get_settings()
    app = FastAPI(
        title="SmartStock API", version=__version__,
        openapi_url="/api/openapi.json", docs_url="/api/docs", redoc_url=None,
    )
    if session_factory is None:
        from smartstock.db import get_sessionmaker

        session_factory = get_sessionmaker()
    app.state.sessionmaker = session_factory

    api = APIRouter(prefix="/api")
    api.add_api_route("/health", health, methods=["GET"], tags=["health"])
    for router in (auth_router, members_router, settings_router, catalog_router, stock_router,
                   audit_router, jobs_router, ingest_router, history_router, forecasting_router,
                   purchase_orders_router, policies_router, recommendations_router, scenarios_router):
        api.include_router(router)
    app.include_router(api)
    _add_error_handlers(app)
    app.add_middleware(BodySizeLimit, json_limit=settings.max_body_bytes,
                       upload_limit=settings.max_upload_bytes + UPLOAD_OVERHEAD)
    _serve_frontend(app, settings.frontend_dist)
    return app


def health(request: Request) -> dict[str, str]:
    """Public: 200 {"status": "ok"} when the database answers, 503 otherwise."""
    try:
        with request.app.state.sessionmaker() as session:
            session.execute(text("SELECT 1"))
    except Exception:
        log.exception("health check failed")
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return {"status": "ok"}


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError):
        body = {"error": exc.code, "detail": exc.message(request_language(request)), **exc.extra}
        return JSONResponse(body, status_code=exc.status_code)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        fields = [
            {"field": ".".join(str(p) for p in err["loc"] if p != "body"), "message": err["msg"]}
            for err in exc.errors()
        ]
        ko = "입력값이 올바르지 않습니다: " + ", ".join(f["field"] for f in fields)
        en = "Invalid input: " + ", ".join(f["field"] for f in fields)
        detail = pick(request_language(request), ko, en)
        return JSONResponse({"error": "invalid_input", "detail": detail, "fields": fields}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        ko, en = HTTP_MESSAGES.get(exc.status_code, (str(exc.detail), str(exc.detail)))
        detail = pick(request_language(request), ko, en)
        code = "payload_too_large" if exc.status_code == 413 else f"http_{exc.status_code}"
        return JSONResponse({"error": code, "detail": detail}, status_code=exc.status_code)


class BodySizeLimit:
    """Oversized request bodies get a localized 413 and are never read into memory: at once when
    Content-Length says so, otherwise as soon as a streamed (chunked) body passes the limit. File
    uploads (multipart) have the larger upload limit.

    (FastAPI's own `max_body_size` answers a declared oversized body in plain English text.)"""

    def __init__(self, app: ASGIApp, json_limit: int, upload_limit: int) -> None:
        self.app, self.json_limit, self.upload_limit = app, json_limit, upload_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        limit = self.upload_limit if headers.get("content-type", "").startswith("multipart/") else self.json_limit
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            ko, en = HTTP_MESSAGES[413]
            language = request_language(StarletteRequest(scope))
            response = JSONResponse({"error": "payload_too_large", "detail": pick(language, ko, en)},
                                    status_code=413)
            await response(scope, receive, send)
            return
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                # FastAPI re-raises an HTTPException met while reading the body; our handler renders it.
                raise HTTPException(status_code=413)
            return message

        await self.app(scope, limited_receive, send)


def _serve_frontend(app: FastAPI, dist: Path) -> None:
    """Serve the built single-page app; unknown non-API paths fall back to index.html."""
    index = dist / "index.html"
    if not index.exists():
        @app.get("/", include_in_schema=False)
        def no_frontend():
            return JSONResponse({"detail": "The web app is not built: run `make run` (or `npm run build` in frontend/)."})
        return
    if (dist / "assets").exists():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False)
    def spa(path: str):
        if path.startswith("api/"):
            raise StarletteHTTPException(status_code=404)
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and dist.resolve() in candidate.parents:
            return FileResponse(candidate)
        return FileResponse(index)
