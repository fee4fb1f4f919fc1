"""Purchase orders (발주): list and read them, draft by hand, edit a draft's lines with a reason,
approve (manager/owner), send, receive into stock, close, cancel, and the PO sheet as Excel."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Body, Query, status
from fastapi.responses import Response

from smartstock.db.models import PurchaseOrderStatus
from smartstock.kit.auth import CurrentUser, ManagerOrOwner, StaffOrAbove
from smartstock.kit.database import DbSession
from smartstock.kit.pagination import Page, PageDep
from smartstock.planning.purchase_orders import schemas, service

router = APIRouter(prefix="/purchase-orders", tags=["purchase-orders"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
StatusFilter = Annotated[list[PurchaseOrderStatus] | None, Query()]
# {"version": n} is optional, and so is the body itself
Transition = Annotated[schemas.TransitionIn | None, Body()]


def _xlsx(content: bytes, filename: str) -> Response:
    return Response(content, media_type=XLSX,
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"})


@router.get("", response_model=Page[schemas.PurchaseOrderOut])
def list_purchase_orders(
    principal: CurrentUser, db: DbSession, page: PageDep, status: StatusFilter = None,
    supplier_id: int | None = None, late: bool | None = None,
    q: Annotated[str | None, Query(max_length=40, description="Part of the PO number")] = None,
):
    """Newest first. `late`: an expected arrival has passed and the goods are not all in."""
    return service.list_purchase_orders(db, principal, page, status=status, supplier_id=supplier_id, late=late, q=q)


@router.post("", status_code=status.HTTP_201_CREATED, response_model=schemas.PurchaseOrderDetail)
def create_purchase_order(data: schemas.PurchaseOrderCreate, principal: StaffOrAbove, db: DbSession):
    """A draft for one supplier; quantities must respect each product's MOQ and pack size."""
    return service.create_purchase_order(db, principal, data)


@router.get("/on-order", response_model=list[schemas.OnOrderOut])
def on_order(principal: CurrentUser, db: DbSession, product_id: int | None = None):
    """Per product, what is ordered and not yet in (approved, sent and partly received orders)."""
    return service.on_order(db, principal, product_id)


@router.get("/export.xlsx", response_class=Response,
            responses={200: {"content": {XLSX: {}}, "description": "PO sheets (발주표), one sheet per order"}})
def export_purchase_orders(
    principal: CurrentUser, db: DbSession, ids: Annotated[list[int] | None, Query()] = None,
    status: StatusFilter = None, supplier_id: int | None = None, late: bool | None = None,
):
    """The orders `ids`, or else those matching the filters (e.g. a supplier's drafts and approved
    orders), in one workbook."""
    content, filename = service.export_many(db, principal, ids=ids, status=status, supplier_id=supplier_id,
                                            late=late)
    return _xlsx(content, filename)


@router.get("/{po_id}", response_model=schemas.PurchaseOrderDetail)
def get_purchase_order(po_id: int, principal: CurrentUser, db: DbSession):
    """With its lines (AI proposal and final quantity), line changes and receipts."""
    return service.get_purchase_order(db, principal, po_id)


@router.get("/{po_id}/export.xlsx", response_class=Response,
            responses={200: {"content": {XLSX: {}}, "description": "The PO sheet (발주표)"}})
def export_purchase_order(po_id: int, principal: CurrentUser, db: DbSession):
    content, filename = service.export_one(db, principal, po_id)
    return _xlsx(content, filename)


@router.patch("/{po_id}/lines", response_model=schemas.PurchaseOrderDetail)
def edit_lines(po_id: int, data: schemas.LinesEdit, principal: StaffOrAbove, db: DbSession):
    """Change quantities, add or remove lines of a draft; each change is recorded with the reason."""
    return service.edit_lines(db, principal, po_id, data)


@router.post("/{po_id}/approve", response_model=schemas.PurchaseOrderDetail)
def approve(po_id: int, principal: ManagerOrOwner, db: DbSession, data: Transition = None):
    """Draft → approved. A second approval (or a concurrent one) gets 409 `already_approved`."""
    return service.approve(db, principal, po_id, data.version if data else None)


@router.post("/{po_id}/send", response_model=schemas.PurchaseOrderDetail)
def send(po_id: int, principal: StaffOrAbove, db: DbSession, data: Transition = None):
    """Approved → sent: the order date becomes today, expected arrivals today + lead time."""
    return service.send(db, principal, po_id, data.version if data else None)


@router.post("/{po_id}/receive", response_model=schemas.PurchaseOrderDetail)
def receive(po_id: int, data: schemas.ReceiveIn, principal: StaffOrAbove, db: DbSession):
    """Books the goods into stock (lots and use-by dates optional); 409 `over_receipt` and
    nothing booked when a line would get more than ordered."""
    return service.receive(db, principal, po_id, data)


@router.post("/{po_id}/receipts/{movement_id}/reverse", response_model=schemas.PurchaseOrderDetail)
def reverse_receipt(po_id: int, movement_id: int, data: schemas.ReverseReceiptIn, principal: StaffOrAbove,
                    db: DbSession):
    """Correct a wrong receipt, with a reason: its stock leaves the ledger again and the line's
    received quantity goes down; 409 when the goods are no longer in stock (nothing changes)."""
    return service.reverse_receipt(db, principal, po_id, movement_id, data)


@router.post("/{po_id}/close", response_model=schemas.PurchaseOrderDetail)
def close(po_id: int, principal: StaffOrAbove, db: DbSession, data: Transition = None):
    """Received → closed; a partly received order can be closed by a manager or the owner."""
    return service.close(db, principal, po_id, data.version if data else None)


@router.post("/{po_id}/cancel", response_model=schemas.PurchaseOrderDetail)
def cancel(po_id: int, data: schemas.CancelIn, principal: StaffOrAbove, db: DbSession):
    """A draft (staff and up), or an approved or sent order (manager or owner), with a reason."""
    return service.cancel(db, principal, po_id, data.reason, data.version)
