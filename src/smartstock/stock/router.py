from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query, status

from smartstock.db.models import MovementReason, MovementSource
from smartstock.kit.auth import CurrentUser, StaffOrAbove
from smartstock.kit.database import DbSession
from smartstock.kit.pagination import Page, PageDep
from smartstock.stock import schemas, service

router = APIRouter(prefix="/stock", tags=["stock"])


@router.get("/balances", response_model=Page[schemas.BalanceOut])
def balances(
    principal: CurrentUser, db: DbSession, page: PageDep,
    q: Annotated[str | None, Query(max_length=100)] = None, category: str | None = None,
):
    return service.list_balances(db, principal, page, q=q, category=category)


@router.post("/movements", status_code=status.HTTP_201_CREATED, response_model=list[schemas.MovementOut])
def record_movement(data: schemas.MovementIn, principal: StaffOrAbove, db: DbSession):
    movements = service.record_movement(db, principal, data)
    return service.movements_out(db, principal, movements)


@router.get("/movements", response_model=Page[schemas.MovementOut])
def movements(
    principal: CurrentUser, db: DbSession, page: PageDep,
    product_id: int | None = None, reason: MovementReason | None = None, source: MovementSource | None = None,
    actor_id: int | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
):
    return service.list_movements(db, principal, page, product_id=product_id, reason=reason, source=source,
                                  actor_id=actor_id, date_from=date_from, date_to=date_to)


@router.post("/movements/{movement_id}/undo", status_code=status.HTTP_201_CREATED,
             response_model=list[schemas.MovementOut])
def undo(movement_id: int, data: schemas.UndoIn, principal: StaffOrAbove, db: DbSession):
    movements = service.undo_movement(db, principal, movement_id, data.note)
    return service.movements_out(db, principal, movements)


@router.get("/lots", response_model=list[schemas.LotOut])
def lots(
    principal: CurrentUser, db: DbSession, product_id: int | None = None,
    expiring_within_days: Annotated[int | None, Query(ge=0, le=3650)] = None,
):
    return service.list_lots(db, principal, product_id, expiring_within_days)
