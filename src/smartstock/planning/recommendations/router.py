"""Order recommendations (발주 추천) and purchase-order drafts made from them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from smartstock.kit.auth import CurrentUser, StaffOrAbove
from smartstock.kit.database import DbSession
from smartstock.planning.purchase_orders.schemas import PurchaseOrderDetail
from smartstock.planning.recommendations import schemas, service

router = APIRouter(prefix="/planning/recommendations", tags=["planning"])


@router.get("", response_model=schemas.RecommendationsOut)
def recommendations(
    principal: CurrentUser, db: DbSession,
    q: Annotated[str | None, Query(max_length=100, description="Part of the master SKU or name")] = None,
    category: str | None = None, supplier_id: int | None = None, needed_only: bool = False,
):
    """Every active product's replenishment numbers as of today, each with its one-line explanations."""
    return service.recommendations(db, principal, q=q, category=category, supplier_id=supplier_id,
                                   needed_only=needed_only)


@router.post("/drafts", status_code=status.HTTP_201_CREATED, response_model=list[PurchaseOrderDetail])
def create_drafts(data: schemas.DraftsIn, principal: StaffOrAbove, db: DbSession):
    """Purchase-order drafts, one per supplier, from the recommendations recomputed now. A quantity
    other than the recommendation needs a reason (recorded with who and when)."""
    return service.create_drafts(db, principal, data)
