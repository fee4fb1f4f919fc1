"""Helpers for upload API tests: send a file, run the queued jobs as the worker would."""

from __future__ import annotations

from sqlalchemy import select

from smartstock.db.models import Job, JobStatus
from smartstock.jobs.queue import execute_job
from tests.factories import ApiClient


def run_jobs(session_factory) -> list[Job]:
    """Run every queued job in order, like the worker (each in its own transactions)."""
    done = []
    while True:
        with session_factory() as session:
            job = session.scalars(select(Job).where(Job.status == JobStatus.queued).order_by(Job.id)).first()
        if job is None:
            return done
        execute_job(job.id, sessionmaker=session_factory)
        done.append(job)


def upload(client: ApiClient, session_factory, content: bytes, filename: str = "sales.csv", **form) -> dict:
    r = client.post("/api/uploads", files={"file": (filename, content)}, data=form)
    assert r.status_code == 202, r.text
    run_jobs(session_factory)
    return get(client, r.json()["id"])


def get(client: ApiClient, upload_id: int) -> dict:
    r = client.get(f"/api/uploads/{upload_id}")
    assert r.status_code == 200, r.text
    return r.json()


def act(client: ApiClient, session_factory, upload_id: int, verb: str, expect: int = 202) -> dict:
    r = client.post(f"/api/uploads/{upload_id}/{verb}")
    assert r.status_code == expect, r.text
    run_jobs(session_factory)
    return get(client, upload_id)


def rule(report: dict, rule_id: str) -> dict:
    return next(r for r in report["rules"] if r["id"] == rule_id)
