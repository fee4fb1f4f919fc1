from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from smartstock.db.models.jobs import Job
from smartstock.jobs.schemas import JobOut
from smartstock.kit.auth import Principal
from smartstock.kit.database import after_commit
from smartstock.kit.tenancy import TenantRepository

JOB = ("작업", "Job")


def submit(session: Session, principal: Principal, kind: str, params: dict[str, Any]) -> Job:
    """Create a queued job; it is handed to the worker only once the request has committed."""
    from smartstock.jobs.queue import run_job

    job = TenantRepository(session, principal.tenant_id).add(
        Job(kind=kind, params=params, created_by_id=principal.user_id)
    )
    session.flush()
    job_id = job.id
    after_commit(session, lambda: run_job(job_id))
    return job


def job_out(job: Job) -> JobOut:
    from smartstock.jobs.queue import live_progress

    out = JobOut.model_validate(job)
    out.progress = live_progress(job)
    return out


def get(session: Session, principal: Principal, job_id: int) -> JobOut:
    return job_out(TenantRepository(session, principal.tenant_id).get_or_404(Job, job_id, JOB))


def recent(session: Session, principal: Principal, limit: int = 20) -> list[JobOut]:
    repo = TenantRepository(session, principal.tenant_id)
    return [job_out(j) for j in session.scalars(repo.scoped(Job).order_by(Job.id.desc()).limit(limit))]
