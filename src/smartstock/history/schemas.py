from __future__ import annotations

import datetime as dt

from smartstock.db.models import Channel
from smartstock.kit.schemas import Schema


class DemandDay(Schema):
    date: dt.date
    quantity: int
    stockout: bool
    channel: Channel | None = None
