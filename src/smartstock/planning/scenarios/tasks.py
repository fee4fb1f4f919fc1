"""The scenario job run by the worker (the replay fits forecasts: never in the web process)."""

from __future__ import annotations

from smartstock.jobs.queue import job_handler
from smartstock.planning.scenarios import service


@job_handler(service.SCENARIO_JOB)
def run_scenarios(session, job, principal, progress) -> dict:
    return service.run_scenarios(session, job, progress)
