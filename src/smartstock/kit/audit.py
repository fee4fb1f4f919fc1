"""Recording audit events: every change to products, stock, members and settings goes through here."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from smartstock.db.models import AuditEvent


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """A JSON-safe picture of an object's fields for the before/after columns."""
    return {f: _json_safe(getattr(obj, f)) for f in fields}


def _json_safe(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    return value


def record(
    session: Session,
    *,
    tenant_id: int,
    actor_id: int | None,
    action: str,
    entity_type: str,
    entity_id: Any,
    summary: tuple[str, str],
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    if before is not None and after is not None:  # keep only what changed
        changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
        before = {k: v for k, v in before.items() if k in changed}
        after = {k: v for k, v in after.items() if k in changed}
    event = AuditEvent(
        tenant_id=tenant_id,
        actor_id=actor_id,
        action=action,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        summary=summary[0][:500],
        summary_en=summary[1][:500],
        before=_json_safe(before),
        after=_json_safe(after),
    )
    session.add(event)
    return event
