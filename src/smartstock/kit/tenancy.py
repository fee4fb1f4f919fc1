"""Tenant scoping lives here and nowhere else: repositories derive from TenantRepository and
build every query through `scoped()`, so a row of another tenant is simply not found (404)."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from smartstock.db.models import Tenant
from smartstock.kit.errors import NotFound

M = TypeVar("M")


class TenantRepository:
    def __init__(self, session: Session, tenant_id: int) -> None:
        self.session = session
        self.tenant_id = tenant_id

    def scoped(self, model: type[M], *options: Any) -> Select[tuple[M]]:
        stmt = select(model).where(model.tenant_id == self.tenant_id)  # type: ignore[attr-defined]
        return stmt.options(*options) if options else stmt

    def get_or_404(self, model: type[M], id_: int, what: tuple[str, str], *options: Any) -> M:
        row = self.session.scalars(self.scoped(model, *options).where(model.id == id_)).first()  # type: ignore[attr-defined]
        if row is None:
            raise NotFound(*what, entity_id=id_)
        return row

    def count(self, stmt: Select) -> int:
        """Rows a (filtered) statement would return, for the page envelope's total."""
        return self.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.session.get_one(Tenant, self.tenant_id).timezone)

    def today(self) -> dt.date:
        return dt.datetime.now(self.zone()).date()

    def within_days(self, column: Any, date_from: dt.date | None, date_to: dt.date | None) -> list[ColumnElement[bool]]:
        """Conditions keeping timestamps from the start of `date_from` to the end of `date_to`,
        days being the tenant's (a Korean seller's Monday starts at 00:00 KST, not UTC)."""
        zone = self.zone()
        conditions = []
        if date_from:
            conditions.append(column >= dt.datetime.combine(date_from, dt.time(), tzinfo=zone))
        if date_to:
            conditions.append(column < dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), tzinfo=zone))
        return conditions

    def add(self, obj: M) -> M:
        obj.tenant_id = self.tenant_id  # type: ignore[attr-defined]
        self.session.add(obj)
        return obj

