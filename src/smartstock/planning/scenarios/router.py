"""Scenarios (past demand replayed through SmartStock's policy and two baselines, in the worker),
the what-if projection of one order, and the Human–AI report."""

from __future__ import annotations

from fastapi import APIRouter, status

from smartstock.jobs.schemas import JobOut
from smartstock.kit.auth import CurrentUser, StaffOrAbove
from smartstock.kit.database import DbSession
from smartstock.planning.scenarios import schemas, service

router = APIRouter(prefix="/planning", tags=["planning"])


@router.post("/scenarios", status_code=status.HTTP_202_ACCEPTED, response_model=JobOut)
def start_scenarios(data: schemas.ScenarioIn, principal: StaffOrAbove, db: DbSession):
    """Queues the replay; follow it with GET /api/jobs/{id}, then read GET /api/planning/scenarios/latest."""
    return service.start(db, principal, data)


@router.get("/scenarios/latest", response_model=schemas.ScenarioResultOut)
def latest_scenarios(principal: CurrentUser, db: DbSession):
    """The newest finished scenario comparison (404 before the first)."""
    return service.latest(db, principal)


@router.post("/what-if", response_model=schemas.WhatIfOut)
def what_if(data: schemas.WhatIfIn, principal: CurrentUser, db: DbSession):
    """Projected stock without and with a hypothetical order (nothing is ordered)."""
    return service.what_if(db, principal, data)


@router.get("/human-ai", response_model=schemas.HumanAiOut)
def human_ai(principal: CurrentUser, db: DbSession):
    """The AI's proposals against the final quantities of sent orders, scored on what happened."""
    return service.human_ai(db, principal)
