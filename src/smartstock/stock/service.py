"""Stock rules: every change is a ledger movement; balances change atomically in SQL.

Sets are virtual bundles: selling (outbound) a set records the set's movement and consumes
`quantity × n` of each component (reason set_consumption). Inbound goes to components.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session, selectinload

from smartstock.db.models import (
    MovementReason,
    MovementSource,
    Product,
    ProductKind,
    SetComponent,
    StockLot,
    StockLotDraw,
    StockMovement,
    Tenant,
)
from smartstock.kit import audit
from smartstock.kit.auth import Principal
from smartstock.kit.errors import BadRequest, Conflict
from smartstock.kit.pagination import Page, PageParams
from smartstock.kit.schemas import UserRef
from smartstock.stock import schemas
from smartstock.stock.repository import MAX_ON_HAND, StockRepository

PRODUCT = ("상품", "Product")
REASON_KO = {"inbound": "입고", "outbound": "출고", "adjustment": "재고 조정", "stock_count": "재고 실사"}


class InsufficientStock(Conflict):
    code = "insufficient_stock"


def _repo(session: Session, principal: Principal) -> StockRepository:
    return StockRepository(session, principal.tenant_id)


def record_movement(
    session: Session, principal: Principal, data: schemas.MovementIn,
    source: MovementSource = MovementSource.manual, source_ref: str | None = None,
) -> list[StockMovement]:
    repo = _repo(session, principal)
    product = repo.get_or_404(
        Product, data.product_id, PRODUCT, selectinload(Product.components).selectinload(SetComponent.component)
    )
    _validate(product, data)
    ledger = _Ledger(session, repo, principal, source, source_ref)
    if data.reason == "outbound" and product.kind == ProductKind.set:
        movements = ledger.sell_set(product, data.quantity, data.note)
    elif data.reason == "stock_count":
        movements = [ledger.count(product, data.quantity, data.note)]
    else:
        delta = -data.quantity if data.reason == "outbound" else data.quantity
        lot = ledger.new_lot(product, data) if data.reason == "inbound" and (data.lot_code or data.use_by) else None
        movements = [ledger.move(product, delta, MovementReason(data.reason), data.note, lot=lot)]
    audit.record(
        session, tenant_id=principal.tenant_id, actor_id=principal.user_id, action=data.reason,
        entity_type="stock_movement", entity_id=movements[0].id,
        summary=(f"{REASON_KO[data.reason]} {product.master_sku} {data.quantity}개",
                 f"{data.reason} {product.master_sku} {data.quantity}"),
        after={"product": product.master_sku, "reason": data.reason, "quantity": data.quantity,
               "movements": [[m.id, m.quantity, m.balance_after] for m in movements]},
    )
    return movements


def _validate(product: Product, data: schemas.MovementIn) -> None:
    if data.reason in ("inbound", "outbound") and data.quantity <= 0:
        raise BadRequest("수량은 1 이상의 정수여야 합니다.", "Quantity must be a whole number of at least 1.",
                         code="invalid_quantity")
    if data.reason == "stock_count" and data.quantity < 0:
        raise BadRequest("실사 수량은 0 이상이어야 합니다.", "A counted quantity cannot be negative.",
                         code="invalid_quantity")
    if data.reason == "adjustment":
        if data.quantity == 0:
            raise BadRequest("조정 수량은 0이 아니어야 합니다.", "An adjustment cannot be zero.", code="invalid_quantity")
        if not data.note:
            raise BadRequest("조정에는 사유(메모)가 필요합니다.", "An adjustment needs a reason in the note.",
                             code="note_required")
    if product.kind == ProductKind.set and data.reason != "outbound":
        raise BadRequest(
            "세트 상품의 재고는 구성품으로 관리됩니다. 구성품에 입고/조정하세요.",
            "A set's stock is its components' stock: record this on the components.",
            code="set_has_no_stock",
        )
    if product.kind == ProductKind.set and not product.components:
        raise BadRequest("구성품이 없는 세트는 출고할 수 없습니다.", "This set has no components to ship.",
                         code="set_without_components")
    if (data.lot_code or data.use_by) and data.reason != "inbound":
        raise BadRequest("로트와 소비기한은 입고에만 지정할 수 있습니다.", "Lots and use-by dates apply to inbound only.",
                         code="lot_on_inbound_only")


class _Ledger:
    """Writes movements for one request: balance first (atomic UPDATE), then the ledger row."""

    def __init__(self, session, repo: StockRepository, principal: Principal, source, source_ref):
        self.session, self.repo, self.principal = session, repo, principal
        self.source, self.source_ref = source, source_ref
        self.allow_negative = session.get_one(Tenant, principal.tenant_id).allow_negative_stock

    def move(self, product: Product, delta: int, reason: MovementReason, note: str | None, *,
             lot: StockLot | None = None, parent: StockMovement | None = None,
             reverses: StockMovement | None = None) -> StockMovement:
        balance = self.repo.change_balance(product.id, delta, allow_negative=self.allow_negative)
        if balance is None:
            have = self.repo.balance(product.id)
            if delta > 0 or have + delta < -MAX_ON_HAND:
                raise BadRequest("재고 수량이 허용 범위를 넘습니다.", "The stock level would be out of range.",
                                 code="stock_out_of_range", master_sku=product.master_sku)
            raise InsufficientStock(
                f"재고가 부족합니다: {product.master_sku} {product.name} — 현재 {have}개, 출고 요청 {-delta}개.",
                f"Not enough stock: {product.master_sku} {product.name} — {have} on hand, {-delta} requested.",
                master_sku=product.master_sku, on_hand=have, requested=-delta,
            )
        movement = self.write(product.id, delta, reason, note, balance, lot=lot, parent=parent, reverses=reverses)
        if delta < 0:
            # undoing an inbound takes back from the lot it created first
            self._draw_from_lots(movement, -delta, first_lot_id=reverses.lot_id if reverses else None)
        elif reverses is not None:
            self.repo.return_draws(reverses.id)
        return movement

    def count(self, product: Product, counted: int, note: str | None) -> StockMovement:
        current = self.repo.locked_balance(product.id)
        return self.move(product, counted - current, MovementReason.stock_count, note)

    def sell_set(self, product: Product, quantity: int, note: str | None) -> list[StockMovement]:
        parent = self.write(product.id, -quantity, MovementReason.outbound, note, None)
        children = [
            self.move(c.component, -quantity * c.quantity, MovementReason.set_consumption,
                      f"{product.master_sku} × {quantity}", parent=parent)
            for c in product.components
        ]
        return [parent, *children]

    def new_lot(self, product: Product, data: schemas.MovementIn) -> StockLot:
        lot = self.repo.add(StockLot(product_id=product.id, lot_code=data.lot_code, use_by=data.use_by,
                                     received_quantity=data.quantity, remaining=data.quantity))
        self.session.flush()
        return lot

    def _draw_from_lots(self, movement: StockMovement, quantity: int, first_lot_id: int | None) -> None:
        """Take units out of lots, first-expiring first (stock outside any lot covers the rest),
        and remember each draw so an undo can put the units back where they came from."""
        lots = sorted(self.repo.open_lots(movement.product_id), key=lambda lot: lot.id != first_lot_id)
        for lot in lots:
            if quantity <= 0:
                break
            take = min(lot.remaining, quantity)
            if self.repo.take_from_lot(lot.id, take):
                self.repo.add(StockLotDraw(movement_id=movement.id, lot_id=lot.id, quantity=take))
                quantity -= take

    def write(self, product_id, delta, reason, note, balance, *, lot=None, parent=None, reverses=None):
        movement = self.repo.add(StockMovement(
            product_id=product_id, quantity=delta, reason=reason, source=self.source, note=note,
            balance_after=balance, lot_id=lot.id if lot else None, actor_id=self.principal.user_id,
            parent_movement_id=parent.id if parent else None,
            reverses_movement_id=reverses.id if reverses else None, source_ref=self.source_ref,
        ))
        self.session.flush()
        return movement


def undo_movement(session: Session, principal: Principal, movement_id: int, note: str | None,
                  source: MovementSource = MovementSource.manual, source_ref: str | None = None) -> list[StockMovement]:
    """Reverse a movement (and, for a set, its component consumption) with `undo` movements."""
    original = _repo(session, principal).movement(movement_id)
    if original.source == MovementSource.purchase_order:
        # the order's received quantity and status would keep counting goods the ledger gave back
        raise Conflict("발주 입고로 들어온 재고는 재고 이동에서 되돌릴 수 없습니다. 발주서에서 입고 내역을 정정하세요.",
                       "A purchase-order receipt cannot be undone from the stock ledger: correct the receipt on "
                       "the purchase order instead.",
                       code="receipt_undo_via_purchase_order", source_ref=original.source_ref)
    return _reverse(session, principal, original, note, source, source_ref)


def undo_receipt(session: Session, principal: Principal, movement: StockMovement, note: str) -> list[StockMovement]:
    """Reverse a purchase-order receipt; only for the purchase-order service, which lowers the
    line's received quantity in the same transaction."""
    return _reverse(session, principal, movement, note, MovementSource.purchase_order, movement.source_ref)


def _reverse(session: Session, principal: Principal, original: StockMovement, note: str | None,
             source: MovementSource, source_ref: str | None) -> list[StockMovement]:
    repo = _repo(session, principal)
    if original.reason == MovementReason.undo:
        raise BadRequest("되돌리기는 다시 되돌릴 수 없습니다.", "An undo cannot itself be undone.", code="cannot_undo_undo")
    if original.parent_movement_id is not None:
        raise BadRequest("세트 구성품 차감은 세트 출고를 되돌려 취소하세요.",
                         "Undo the set's outbound movement instead of one component.", code="undo_parent")
    if original.id in repo.undone_ids([original.id]):
        raise Conflict("이미 되돌린 이동입니다.", "This movement has already been undone.", code="already_undone")
    ledger = _Ledger(session, repo, principal, source, source_ref)
    children = repo.children(original.id)
    products = {p.id: p for p in session.scalars(
        repo.scoped(Product).where(Product.id.in_([original.product_id, *[c.product_id for c in children]]))
    )}
    note = note or f"#{original.id} 되돌리기"
    if original.balance_after is None:  # a set's outbound: no balance of its own
        head = ledger.write(original.product_id, -original.quantity, MovementReason.undo, note, None, reverses=original)
        reversed_ = [head] + [
            ledger.move(products[child.product_id], -child.quantity, MovementReason.undo, note, parent=head, reverses=child)
            for child in children
        ]
    else:
        reversed_ = [ledger.move(products[original.product_id], -original.quantity, MovementReason.undo, note,
                                 reverses=original)]
    audit.record(
        session, tenant_id=principal.tenant_id, actor_id=principal.user_id, action="undo",
        entity_type="stock_movement", entity_id=original.id, summary=(f"재고 이동 #{original.id} 되돌리기", f"Movement #{original.id} undone"),
        before={"movement": original.id, "quantity": original.quantity},
        after={"movements": [[m.id, m.quantity, m.balance_after] for m in reversed_]},
    )
    return reversed_


def movements_out(session: Session, principal: Principal, movements: list[StockMovement]) -> list[schemas.MovementOut]:
    rows, _ = _repo(session, principal).movement_page(ids=[m.id for m in movements], limit=len(movements) + 1)
    out = [_movement_out(m, undone) for m, undone in rows]
    return sorted(out, key=lambda m: m.id)


def list_movements(session, principal, page: PageParams, **filters) -> Page[schemas.MovementOut]:
    rows, total = _repo(session, principal).movement_page(**filters, offset=page.offset, limit=page.page_size)
    return Page(items=[_movement_out(m, u) for m, u in rows], total=total, page=page.page, page_size=page.page_size)


def _movement_out(m: StockMovement, undone: bool) -> schemas.MovementOut:
    return schemas.MovementOut(
        id=m.id, product_id=m.product_id, master_sku=m.product.master_sku, product_name=m.product.name,
        quantity=m.quantity, reason=m.reason, source=m.source, note=m.note, balance_after=m.balance_after,
        lot_code=m.lot.lot_code if m.lot else None, use_by=m.lot.use_by if m.lot else None,
        actor=UserRef.model_validate(m.actor) if m.actor else None,
        reverses_movement_id=m.reverses_movement_id, parent_movement_id=m.parent_movement_id,
        undone=bool(undone), created_at=m.created_at,
    )


def list_balances(session, principal, page: PageParams, q=None, category=None) -> Page[schemas.BalanceOut]:
    rows, total = _repo(session, principal).balance_page(q=q, category=category, offset=page.offset,
                                                        limit=page.page_size)
    items = [
        schemas.BalanceOut(product_id=p.id, master_sku=p.master_sku, name=p.name, category=p.category,
                           kind=p.kind, on_hand=on_hand, safety_stock=p.safety_stock, nearest_use_by=use_by)
        for p, on_hand, use_by in rows
    ]
    return Page(items=items, total=total, page=page.page, page_size=page.page_size)


def list_lots(session, principal, product_id: int | None, expiring_within_days: int | None) -> list[schemas.LotOut]:
    repo = _repo(session, principal)
    before = repo.today() + dt.timedelta(days=expiring_within_days) if expiring_within_days is not None else None
    lots = repo.lots(product_id=product_id, use_by_before=before)
    skus = repo.skus(list({lot.product_id for lot in lots}))
    return [
        schemas.LotOut(id=lot.id, product_id=lot.product_id, master_sku=skus[lot.product_id], lot_code=lot.lot_code,
                       use_by=lot.use_by, received_quantity=lot.received_quantity, remaining=lot.remaining,
                       received_at=lot.received_at)
        for lot in lots
    ]
