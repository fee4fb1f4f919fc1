from __future__ import annotations

from fastapi import APIRouter

from smartstock.jobs import service
from smartstock.jobs.schemas import JobOut
from smartstock.kit.auth import CurrentUser
from smartstock.kit.database import DbSession

router = APIRouter(prefix="/jobs", tags=["jobs"])


@router.get("", response_model=list[JobOut])
def recent_jobs(principal: CurrentUser, db: DbSession):
    return service.recent(db, principal)


@router.get("/{job_id}", response_model=JobOut)
def get_job(job_id: int, principal: CurrentUser, db: DbSession):
    return service.get(db, principal, job_id)
