from __future__ import annotations

import datetime as dt

from fastapi import APIRouter

from smartstock.audit.repository import AuditRepository
from smartstock.audit.schemas import AuditEventOut
from smartstock.kit.auth import ManagerOrOwner
from smartstock.kit.database import DbSession
from smartstock.kit.language import RequestLanguage, pick
from smartstock.kit.pagination import Page, PageDep

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", response_model=Page[AuditEventOut])
def audit_log(
    principal: ManagerOrOwner, db: DbSession, page: PageDep, language: RequestLanguage,
    entity_type: str | None = None, entity_id: str | None = None, action: str | None = None,
    actor_id: int | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
):
    rows, total = AuditRepository(db, principal.tenant_id).page(
        entity_type=entity_type, entity_id=entity_id, action=action, actor_id=actor_id,
        date_from=date_from, date_to=date_to, offset=page.offset, limit=page.page_size,
    )
    items = [
        AuditEventOut.model_validate(event).model_copy(update={"summary": pick(language, event.summary, event.summary_en)})
        for event in rows
    ]
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)
