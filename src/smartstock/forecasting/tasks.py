"""Forecast jobs run by the worker, and the hourly schedule (live scoring, retraining on
degradation, the nightly run)."""

from __future__ import annotations

import logging

from huey import crontab

from smartstock.db.models import ForecastRun
from smartstock.forecasting import service
from smartstock.jobs.queue import huey, job_handler

log = logging.getLogger(__name__)


def _failed(session, job) -> None:
    service.mark_failed(session, job.params["run_id"], job)


@job_handler(service.RUN_JOB, on_failure=_failed)
def run_forecast(session, job, principal, progress) -> dict:
    return service.run_forecast(session, principal, session.get_one(ForecastRun, job.params["run_id"]), progress)


@huey.periodic_task(crontab(minute="7"))
def hourly_forecasting() -> None:
    """Scores live accuracy, queues retrains and nightly runs; jobs go to the queue after commit."""
    from smartstock.db import get_sessionmaker
    from smartstock.kit.database import commit

    with get_sessionmaker()() as session:
        started = service.nightly(session)
        commit(session)
    if started:
        log.info("queued forecast runs %s", [r.id for r in started])
