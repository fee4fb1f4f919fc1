from __future__ import annotations

import datetime as dt
from typing import Any

from smartstock.kit.schemas import Schema, UserRef


class AuditEventOut(Schema):
    id: int
    actor: UserRef | None
    action: str
    entity_type: str
    entity_id: str | None
    summary: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    created_at: dt.datetime
