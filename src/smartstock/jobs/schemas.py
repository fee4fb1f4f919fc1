from __future__ import annotations

import datetime as dt
from typing import Any

from smartstock.db.models import JobStatus
from smartstock.kit.schemas import Schema


class JobOut(Schema):
    id: int
    kind: str
    status: JobStatus
    progress: int
    message: str | None
    result: dict[str, Any] | None
    created_at: dt.datetime
    finished_at: dt.datetime | None
