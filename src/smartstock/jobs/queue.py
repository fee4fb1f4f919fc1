"""The Huey instance and the single task that runs any registered job by id.

Tasks take ids and reload their data from the database; handlers live in each domain's
`tasks.py` and are registered with `@job_handler("kind")`.
"""

from __future__ import annotations

import importlib
import logging
import traceback
from collections.abc import Callable
from functools import lru_cache

from huey import RedisHuey, SqliteHuey
from huey.api import Huey
from sqlalchemy.orm import Session

from smartstock.db.base import utcnow
from smartstock.db.models import JobStatus, User
from smartstock.db.models.jobs import Job
from smartstock.kit.auth import Principal
from smartstock.kit.errors import DomainError
from smartstock.settings import get_settings

log = logging.getLogger(__name__)

# Modules whose import registers job handlers (the worker imports them all).
HANDLER_MODULES = ["smartstock.catalog.tasks", "smartstock.ingest.tasks", "smartstock.forecasting.tasks",
                   "smartstock.planning.scenarios.tasks"]

Handler = Callable[[Session, Job, Principal, Callable[[int], None]], dict]
FailureHook = Callable[[Session, Job], None]
_handlers: dict[str, Handler] = {}
_failure_hooks: dict[str, FailureHook] = {}


def job_handler(kind: str, on_failure: FailureHook | None = None) -> Callable[[Handler], Handler]:
    """Register a job kind's handler; `on_failure` runs in a fresh transaction after the handler's
    changes were rolled back (e.g. to put a status the request set back as it was)."""

    def register(fn: Handler) -> Handler:
        _handlers[kind] = fn
        if on_failure is not None:
            _failure_hooks[kind] = on_failure
        return fn

    return register


@lru_cache
def get_huey() -> Huey:
    settings = get_settings()
    if settings.redis_url:
        return RedisHuey("smartstock", url=settings.redis_url)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("smartstock", filename=str(settings.huey_sqlite_path))


huey = get_huey()


@huey.task()
def run_job(job_id: int) -> None:
    execute_job(job_id)


def progress_key(job_id: int) -> str:
    return f"job-progress-{job_id}"


def live_progress(job: Job) -> int:
    if job.status == JobStatus.running:
        value = huey.get(progress_key(job.id), peek=True)
        if value is not None:
            return int(value)
    return job.progress


def execute_job(job_id: int, sessionmaker=None) -> None:
    """Run one job: mark it running, call its handler in a transaction, record the outcome."""
    from smartstock.db import get_sessionmaker

    for module in HANDLER_MODULES:
        importlib.import_module(module)
    make_session = sessionmaker or get_sessionmaker()
    with make_session() as session:
        job = session.get(Job, job_id)
        if job is None or job.status != JobStatus.queued:
            return  # already handled (a retried delivery) or deleted
        job.status, job.started_at = JobStatus.running, utcnow()
        session.commit()

    def progress(pct: int) -> None:
        # Progress goes through the queue's own store: on SQLite the job's transaction holds the
        # database's write lock, so a second connection could not update the jobs row meanwhile.
        huey.put(progress_key(job_id), max(0, min(100, int(pct))))

    with make_session() as session:
        job = session.get_one(Job, job_id)
        principal = Principal(user=session.get_one(User, job.created_by_id), session_id=0)
        try:
            result = _handlers[job.kind](session, job, principal, progress)
            failed = bool(result.get("errors"))
            if failed:
                session.rollback()  # all or nothing
            else:
                session.commit()
            status = JobStatus.failed if failed else JobStatus.succeeded
            message = f"{len(result['errors'])} errors; nothing was applied" if failed else None
        except DomainError as exc:
            session.rollback()
            result, status, message = {"error": exc.code, "detail": exc.messages}, JobStatus.failed, exc.messages["en"]
        except Exception as exc:  # recorded for the user, logged for the operator
            session.rollback()
            log.exception("job %s failed", job_id)
            result = {"error": "internal", "detail": traceback.format_exception_only(exc)[-1].strip()}
            status, message = JobStatus.failed, str(exc)[:500]
    with make_session() as session:
        job = session.get_one(Job, job_id)
        job.status, job.result, job.message = status, result, message
        job.progress = 100 if status == JobStatus.succeeded else job.progress
        job.finished_at = utcnow()
        if status == JobStatus.failed and job.kind in _failure_hooks:
            _failure_hooks[job.kind](session, job)
        session.commit()
    huey.get(progress_key(job_id))  # consume the progress entry
