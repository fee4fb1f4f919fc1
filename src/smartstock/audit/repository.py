from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import joinedload

from smartstock.db.models import AuditEvent
from smartstock.kit.tenancy import TenantRepository


class AuditRepository(TenantRepository):
    def page(self, *, entity_type=None, entity_id=None, action=None, actor_id=None,
             date_from: dt.date | None = None, date_to: dt.date | None = None, offset=0, limit=50):
        stmt = self.scoped(AuditEvent)
        if entity_type:
            stmt = stmt.where(AuditEvent.entity_type == entity_type)
        if entity_id:
            stmt = stmt.where(AuditEvent.entity_id == entity_id)
        if action:
            stmt = stmt.where(AuditEvent.action == action)
        if actor_id:
            stmt = stmt.where(AuditEvent.actor_id == actor_id)
        stmt = stmt.where(*self.within_days(AuditEvent.created_at, date_from, date_to))
        total = self.count(stmt)
        rows = self.session.scalars(
            stmt.options(joinedload(AuditEvent.actor))
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).offset(offset).limit(limit)
        ).all()
        return list(rows), total
