"""Purchase-order rules (발주): drafts by hand or from the AI's proposals (one per supplier), line
edits with a reason, approval, sending, receipts into the stock ledger, closing and cancelling.

draft → approved (manager/owner) → sent → partly_received → received → closed; draft, approved
and sent can be cancelled (after approval by a manager/owner only); a partly received order is
closed instead (by a manager/owner: the rest will not come). Every transition is one
`UPDATE … WHERE status = :from` whose row count decides; the loser of a race gets a 409.

Services never commit: the caller (the request) owns the transaction, and an error rolls back
everything the call did — an over-receipt books nothing, a product without a supplier creates no
draft at all.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from smartstock.db.base import utcnow
from smartstock.db.models import (
    MovementReason,
    MovementSource,
    Product,
    ProductKind,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderLineChange,
    PurchaseOrderLineChangeKind,
    PurchaseOrderStatus,
    Role,
    StockMovement,
    Supplier,
    User,
)
from smartstock.kit import audit
from smartstock.kit.auth import Principal
from smartstock.kit.errors import BadRequest, Conflict, DomainError, Forbidden, NotFound
from smartstock.kit.pagination import Page, PageParams
from smartstock.kit.schemas import UserRef
from smartstock.planning.core.policy import round_order
from smartstock.planning.purchase_orders import excel, schemas
from smartstock.planning.purchase_orders.repository import (
    OPEN,
    PURCHASE_ORDER,
    PurchaseOrderRepository,
    State,
    line_ref,
)
from smartstock.stock import schemas as stock_schemas
from smartstock.stock import service as stock_service
from smartstock.stock.repository import StockRepository
from smartstock.stock.service import _Ledger

S = PurchaseOrderStatus
PRODUCT = ("상품", "Product")
RECEIVABLE = (S.approved, S.sent, S.partly_received)
OPERATORS = frozenset({Role.owner, Role.manager, Role.staff})
MANAGERS = frozenset({Role.owner, Role.manager})
MAX_EXPORT = 200
STATUS_LABELS = schemas.STATUS_LABELS
ACTIONS = {
    "approve": ("승인", "approved"), "send": ("발송", "sent"), "receive": ("입고", "received into"),
    "close": ("종결", "closed"), "cancel": ("취소", "cancelled"), "edit": ("수정", "edited"),
    "correct": ("입고 정정", "corrected (receipt reversed)"),
}
TARGETS = {"send": S.sent, "close": S.closed, "cancel": S.cancelled}
Change = PurchaseOrderLineChangeKind


@dataclass(frozen=True)
class DraftProposal:
    """One product's order proposal, to become a line of its supplier's draft.

    quantity: what goes on the order (the recommendation, or the user's figure);
    proposed_quantity: the AI's own proposal (kept to compare with the final decision later);
    proposal: the numbers behind it (lead-time demand, safety stock, reorder point, …), stored
    as they are now; order_by / expected_on: latest order date and expected arrival;
    lead_time_days / unit_cost: default to the product's (lead time: else the supplier's).
    """

    product_id: int
    quantity: int
    proposed_quantity: int | None = None
    proposal: Mapping[str, Any] | None = None
    order_by: dt.date | None = None
    expected_on: dt.date | None = None
    lead_time_days: int | None = None
    unit_cost: Decimal | None = None


def _repo(session: Session, principal: Principal) -> PurchaseOrderRepository:
    return PurchaseOrderRepository(session, principal.tenant_id)


def _audit(session: Session, principal: Principal, action: str, po_id: int, summary: tuple[str, str], **kw) -> None:
    audit.record(session, tenant_id=principal.tenant_id, actor_id=principal.user_id, action=action,
                 entity_type="purchase_order", entity_id=po_id, summary=summary, **kw)


def _require(principal: Principal, roles: frozenset[Role], ko: str, en: str) -> None:
    if principal.role not in roles:
        raise Forbidden(ko, en)


def _require_operator(principal: Principal) -> None:
    _require(principal, OPERATORS, "읽기 전용 사용자는 발주를 변경할 수 없습니다.",
             "A read-only user cannot change purchase orders.")


def _reason(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise BadRequest("변경 사유를 입력하세요.", "Please give a reason for the change.", code="reason_required")
    return text


# --- quantities ------------------------------------------------------------------------------------

def smallest_valid_quantity(quantity: int, moq: int, pack_size: int) -> int:
    """The smallest orderable quantity ≥ `quantity` (and ≥ 1): at least the MOQ, in whole packs."""
    return int(round_order(max(quantity, 1), moq, max(pack_size, 1)))


def check_quantity(product: Product, quantity: int) -> None:
    """At least 1, at least the product's MOQ, and a whole number of packs."""
    label = f"{product.master_sku} {product.name}"
    if quantity < 1:
        raise BadRequest(f"{label}: 수량은 1 이상이어야 합니다.", f"{label}: the quantity must be at least 1.",
                         code="invalid_quantity", master_sku=product.master_sku)
    moq, pack = max(product.moq, 1), max(product.pack_size, 1)
    suggested = smallest_valid_quantity(quantity, moq, pack)
    if quantity < moq:
        raise BadRequest(
            f"{label}: 최소 주문 수량(MOQ)은 {moq}개입니다 (요청 {quantity}개). {suggested}개 이상으로 주문하세요.",
            f"{label}: the minimum order quantity (MOQ) is {moq} ({quantity} requested); order at least {suggested}.",
            code="below_moq", master_sku=product.master_sku, moq=moq, pack_size=pack, suggested_quantity=suggested,
        )
    if quantity % pack:
        lower = quantity // pack * pack
        options_ko = f"{lower}개 또는 {suggested}개" if lower >= moq else f"{suggested}개"
        options_en = f"{lower} or {suggested}" if lower >= moq else f"{suggested}"
        raise BadRequest(
            f"{label}: {pack}개 단위(입수)로 주문해야 합니다 (요청 {quantity}개). {options_ko}로 주문하세요.",
            f"{label}: orders go in packs of {pack} ({quantity} requested); order {options_en}.",
            code="pack_size", master_sku=product.master_sku, moq=moq, pack_size=pack, suggested_quantity=suggested,
        )


def _check_orderable(product: Product) -> None:
    if product.kind == ProductKind.set:
        raise BadRequest(
            f"세트 상품 {product.master_sku}은(는) 발주할 수 없습니다. 구성품을 발주하세요.",
            f"{product.master_sku} is a set: order its components instead.",
            code="set_not_orderable", master_sku=product.master_sku,
        )


def _products(repo: PurchaseOrderRepository, ids: Iterable[int]) -> dict[int, Product]:
    ids = list(ids)
    found = repo.products(ids)
    for product_id in ids:
        if product_id not in found:
            raise NotFound(*PRODUCT, entity_id=product_id)
    return found


def _no_duplicates(product_ids: Sequence[int], products: Mapping[int, Product]) -> None:
    seen: set[int] = set()
    for product_id in product_ids:
        if product_id in seen:
            sku = products[product_id].master_sku
            raise BadRequest(f"같은 상품({sku})이 두 번 들어 있습니다. 한 줄로 합치세요.",
                             f"{sku} is listed twice: put it on one line.", code="duplicate_product", master_sku=sku)
        seen.add(product_id)


def _lead_time(product: Product, supplier: Supplier) -> int | None:
    return product.lead_time_days if product.lead_time_days is not None else supplier.default_lead_time_days


def _plus_days(day: dt.date | None, days: int | None) -> dt.date | None:
    return day + dt.timedelta(days=days) if day is not None and days is not None else None


def _latest(days: Iterable[dt.date | None]) -> dt.date | None:
    return max((d for d in days if d is not None), default=None)


# --- creating drafts -------------------------------------------------------------------------------

def create_purchase_order(session: Session, principal: Principal,
                          data: schemas.PurchaseOrderCreate) -> schemas.PurchaseOrderDetail:
    """A draft for one supplier with lines entered by hand (no AI proposal on them)."""
    _require_operator(principal)
    repo = _repo(session, principal)
    supplier = repo.supplier(data.supplier_id)
    product_ids = [line.product_id for line in data.lines]
    products = _products(repo, product_ids)
    _no_duplicates(product_ids, products)
    today = repo.today()
    lines = []
    for item in data.lines:
        product = products[item.product_id]
        _check_orderable(product)
        check_quantity(product, item.quantity)
        lead = _lead_time(product, supplier)
        lines.append(PurchaseOrderLine(
            tenant_id=principal.tenant_id, product_id=product.id, quantity=item.quantity,
            unit_cost=item.unit_cost if item.unit_cost is not None else product.unit_cost,
            lead_time_days=lead, expected_on=_plus_days(today, lead),
        ))
    po = _insert(session, repo, PurchaseOrder(
        supplier_id=supplier.id, status=S.draft, ordered_on=today, expected_on=_latest(x.expected_on for x in lines),
        note=data.note, created_by_id=principal.user_id, lines=lines,
    ), today)
    _audit_created(session, principal, po, supplier, products, from_proposals=False)
    return get_purchase_order(session, principal, po.id)


def create_drafts_from_proposals(
    session: Session, principal: Principal, proposals: Iterable[DraftProposal | Mapping[str, Any]],
    *, note: str | None = None,
) -> list[schemas.PurchaseOrderDetail]:
    """One draft per supplier (each product's supplier) from the AI's order proposals.

    All or nothing: a product without a supplier (named in the error), a set, a duplicate, or a
    quantity that breaks the product's MOQ or pack size refuses the whole call before anything
    is written. Drafts come back in supplier-name order."""
    _require_operator(principal)
    items = [p if isinstance(p, DraftProposal) else DraftProposal(**p) for p in proposals]
    if not items:
        raise BadRequest("발주할 상품이 없습니다.", "There is nothing to order.", code="nothing_to_order")
    repo = _repo(session, principal)
    product_ids = [p.product_id for p in items]
    products = _products(repo, product_ids)
    _no_duplicates(product_ids, products)
    orphans = [products[p.product_id] for p in items if products[p.product_id].supplier_id is None]
    if orphans:
        names = ", ".join(f"{p.master_sku} {p.name}" for p in orphans)
        raise BadRequest(
            f"공급업체가 지정되지 않은 상품이 있어 발주 초안을 만들 수 없습니다: {names}. 상품 정보에서 공급업체를 지정하세요.",
            f"No purchase order drafts were created: these products have no supplier: {names}. "
            "Set their supplier in the product master.",
            code="product_without_supplier", master_skus=[p.master_sku for p in orphans],
        )
    for item in items:
        product = products[item.product_id]
        _check_orderable(product)
        check_quantity(product, _whole(item.quantity, product, "quantity"))
        if item.proposed_quantity is not None:
            _whole(item.proposed_quantity, product, "proposed_quantity", minimum=0)
        if item.lead_time_days is not None:
            _whole(item.lead_time_days, product, "lead_time_days", minimum=0)

    today = repo.today()
    by_supplier: dict[int, list[DraftProposal]] = {}
    for item in items:
        by_supplier.setdefault(products[item.product_id].supplier_id, []).append(item)  # type: ignore[arg-type]
    created = []
    for supplier_id, group in sorted(by_supplier.items(), key=lambda kv: products[kv[1][0].product_id].supplier.name):
        supplier = products[group[0].product_id].supplier
        planned = [p.order_by for p in group if p.order_by is not None]
        ordered_on = max(today, min(planned)) if planned else today
        lines = []
        for item in group:
            product = products[item.product_id]
            lead = int(item.lead_time_days) if item.lead_time_days is not None else _lead_time(product, supplier)
            snapshot = json_safe(dict(item.proposal)) if item.proposal is not None else {}
            if item.order_by is not None:
                snapshot.setdefault("order_by", item.order_by.isoformat())
            if item.expected_on is not None:
                snapshot.setdefault("expected_on", item.expected_on.isoformat())
            lines.append(PurchaseOrderLine(
                tenant_id=principal.tenant_id, product_id=product.id, quantity=int(item.quantity),
                proposed_quantity=int(item.proposed_quantity) if item.proposed_quantity is not None else None,
                proposal=snapshot or None,
                unit_cost=item.unit_cost if item.unit_cost is not None else product.unit_cost,
                lead_time_days=lead, expected_on=item.expected_on or _plus_days(ordered_on, lead),
            ))
        po = _insert(session, repo, PurchaseOrder(
            supplier_id=supplier_id, status=S.draft, ordered_on=ordered_on,
            expected_on=_latest(x.expected_on for x in lines), note=note, created_by_id=principal.user_id,
            lines=lines,
        ), today)
        _audit_created(session, principal, po, supplier, products, from_proposals=True)
        created.append(po.id)
    return [get_purchase_order(session, principal, po_id) for po_id in created]


def _whole(value: Any, product: Product, field: str, minimum: int | None = None) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or number != value or (minimum is not None and number < minimum):
        raise BadRequest(f"{product.master_sku}: '{field}' 값이 올바르지 않습니다 ({value!r}).",
                         f"{product.master_sku}: invalid '{field}' ({value!r}).", code="invalid_proposal",
                         master_sku=product.master_sku)
    return number


def _insert(session: Session, repo: PurchaseOrderRepository, po: PurchaseOrder, today: dt.date) -> PurchaseOrder:
    """Give the order the tenant's next number of the day (PO-YYYYMMDD-NNNN) and insert it. Two
    requests can pick the same number at once: the unique key refuses the second, which takes
    the next number (in a savepoint, so its transaction goes on)."""
    prefix = f"PO-{today:%Y%m%d}-"
    last = repo.last_number(prefix)
    tail = last.removeprefix(prefix) if last else ""
    number = int(tail) + 1 if tail.isdigit() else 1
    for _ in range(100):
        po.po_number = f"{prefix}{number:04d}"
        try:
            with session.begin_nested():
                repo.add(po)
                session.flush()
            return po
        except IntegrityError as exc:
            if "po_number" not in str(exc.orig):
                raise
            number += 1
    raise Conflict("발주 번호를 정할 수 없습니다. 잠시 뒤 다시 시도하세요.",
                   "Could not number the purchase order; please try again.", code="po_number_busy")


def _audit_created(session, principal, po: PurchaseOrder, supplier: Supplier, products, *, from_proposals: bool):
    how_ko, how_en = ("AI 제안으로 ", " from AI proposals") if from_proposals else ("", "")
    _audit(session, principal, "create", po.id,
           (f"발주 초안 {how_ko}생성: {po.po_number} ({supplier.name}, {len(po.lines)}개 품목)",
            f"Purchase order draft created{how_en}: {po.po_number} ({supplier.name}, {len(po.lines)} lines)"),
           after={"po_number": po.po_number, "supplier": supplier.name, "status": po.status.value,
                  "lines": {products[x.product_id].master_sku: x.quantity for x in po.lines},
                  "proposed": {products[x.product_id].master_sku: x.proposed_quantity for x in po.lines
                               if x.proposed_quantity is not None} or None})


def json_safe(value: Any) -> Any:
    """A JSON-storable copy of a proposal snapshot: decimals and numpy numbers become floats or
    ints, dates ISO strings, NaN and infinities null."""
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [json_safe(v) for v in value]
    if isinstance(value, enum.Enum):
        return json_safe(value.value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, (float, Decimal)):
        number = float(value)
        return number if math.isfinite(number) else None
    if hasattr(value, "item"):  # numpy scalars
        return json_safe(value.item())
    return str(value)


# --- editing a draft -------------------------------------------------------------------------------

def edit_lines(session: Session, principal: Principal, po_id: int,
               data: schemas.LinesEdit) -> schemas.PurchaseOrderDetail:
    """Change quantities, add and remove lines of a draft, with one reason recorded for each
    change (who, when, old, new) and in the audit log."""
    _require_operator(principal)
    reason = _reason(data.reason)
    if not (data.update or data.add or data.remove):
        raise BadRequest("바꿀 내용이 없습니다.", "There is nothing to change.", code="no_changes")
    repo = _repo(session, principal)
    _, state = _guard(repo, po_id, [S.draft], {}, data.version, "edit")
    lines = {line.id: line for line in repo.lines(po_id)}
    touched = [u.line_id for u in data.update] + list(data.remove)
    if len(touched) != len(set(touched)):
        raise BadRequest("같은 품목을 한 번에 두 번 바꿀 수 없습니다.", "A line is changed twice in one request.",
                         code="duplicate_line")
    unknown = [line_id for line_id in touched if line_id not in lines]
    if unknown:
        raise BadRequest(f"이 발주에 없는 품목입니다: {unknown}", f"Not a line of this purchase order: {unknown}",
                         code="unknown_line", line_ids=unknown)
    products = _products(repo, [*(x.product_id for x in lines.values()), *(a.product_id for a in data.add)])
    before = {products[x.product_id].master_sku: x.quantity for x in lines.values()}
    now = utcnow()
    changes: list[PurchaseOrderLineChange] = []

    def record(kind: Change, line_id: int | None, product_id: int, old: int | None, new: int | None) -> None:
        changes.append(repo.add(PurchaseOrderLineChange(
            purchase_order_id=po_id, line_id=line_id, product_id=product_id, kind=kind, old_quantity=old,
            new_quantity=new, reason=reason, changed_by_id=principal.user_id, changed_at=now,
        )))

    for item in data.update:
        line = lines[item.line_id]
        check_quantity(products[line.product_id], item.quantity)
        if item.quantity != line.quantity:
            record(Change.changed, line.id, line.product_id, line.quantity, item.quantity)
            line.quantity = item.quantity
    for line_id in data.remove:
        line = lines.pop(line_id)
        record(Change.removed, None, line.product_id, line.quantity, None)
        session.delete(line)
    if not lines and not data.add:
        raise BadRequest("발주에는 품목이 하나 이상 있어야 합니다. 발주를 없애려면 취소하세요.",
                         "A purchase order needs at least one line; cancel it instead.", code="last_line")
    on_order = {x.product_id for x in lines.values()}
    if data.add:
        po = repo.get_or_404(PurchaseOrder, po_id, PURCHASE_ORDER)
        supplier = repo.supplier(po.supplier_id)
        start = po.ordered_on or repo.today()
        _no_duplicates([a.product_id for a in data.add], products)
        for item in data.add:
            product = products[item.product_id]
            _check_orderable(product)
            check_quantity(product, item.quantity)
            if product.id in on_order:
                raise BadRequest(f"{product.master_sku}은(는) 이미 이 발주에 있습니다. 그 품목의 수량을 바꾸세요.",
                                 f"{product.master_sku} is already on this order: change that line's quantity.",
                                 code="duplicate_product", master_sku=product.master_sku)
            lead = _lead_time(product, supplier)
            line = repo.add(PurchaseOrderLine(
                purchase_order_id=po_id, product_id=product.id, quantity=item.quantity,
                unit_cost=item.unit_cost if item.unit_cost is not None else product.unit_cost,
                lead_time_days=lead, expected_on=_plus_days(start, lead),
            ))
            session.flush()
            lines[line.id] = line
            record(Change.added, line.id, product.id, None, item.quantity)
    session.flush()
    repo.set_fields(po_id, expected_on=_latest(x.expected_on for x in lines.values()))
    after = {products[x.product_id].master_sku: x.quantity for x in lines.values()}
    if changes:
        _audit(session, principal, "update_lines", po_id,
               (f"발주 품목 수정: {state.po_number} ({len(changes)}건) — {reason}",
                f"Purchase order lines changed: {state.po_number} ({len(changes)}) — {reason}"),
               before={"lines": before}, after={"lines": after, "reason": reason})
    return get_purchase_order(session, principal, po_id)


# --- transitions -----------------------------------------------------------------------------------

def _guard(repo: PurchaseOrderRepository, po_id: int, from_statuses: Sequence[PurchaseOrderStatus],
           values: dict[str, Any], version: int | None, action: str,
           forbidden: Mapping[PurchaseOrderStatus, tuple[str, str]] | None = None) -> tuple[PurchaseOrderStatus, State]:
    """Move the order out of one of `from_statuses` in a single conditional UPDATE; returns the
    status it was in and its new state, or raises why it could not (404, 403, 409)."""
    for status in from_statuses:
        if repo.transition(po_id, status, values, version):
            state = repo.state(po_id)
            assert state is not None
            return status, state
    raise _refusal(repo, po_id, action, from_statuses, version, forbidden or {})


def _refusal(repo: PurchaseOrderRepository, po_id: int, action: str, allowed: Sequence[PurchaseOrderStatus],
             version: int | None, forbidden: Mapping[PurchaseOrderStatus, tuple[str, str]]) -> DomainError:
    state = repo.state(po_id)
    if state is None:
        return NotFound(*PURCHASE_ORDER, entity_id=po_id)
    po, status = state.po_number, state.status
    label_ko, label_en = STATUS_LABELS[status]
    extra = {"status": status.value, "version": state.version}
    if status in allowed and version is not None and state.version != version:
        return Conflict(f"발주 {po}이(가) 그사이 변경되었습니다. 새로 불러온 뒤 다시 시도하세요.",
                        f"Purchase order {po} has changed since you opened it. Reload it and try again.",
                        code="stale_version", **extra)
    if status in forbidden:
        return Forbidden(*forbidden[status])
    if action == "approve" and state.approved_at is not None and status != S.cancelled:
        approver = repo.session.get(User, state.approved_by_id) if state.approved_by_id else None
        who = approver.name or approver.email if approver else "?"
        when = state.approved_at.astimezone(repo.zone()).strftime("%Y-%m-%d %H:%M")
        return Conflict(f"발주 {po}은(는) 이미 승인되었습니다 ({who}, {when}).",
                        f"Purchase order {po} has already been approved ({who}, {when}).",
                        code="already_approved", approved_by_id=state.approved_by_id, **extra)
    if action == "edit":
        return Conflict(f"초안 상태의 발주만 수정할 수 있습니다. {po}은(는) '{label_ko}' 상태입니다.",
                        f"Only a draft can be edited; {po} is {label_en}.", code="not_draft", **extra)
    if action == "receive":
        if status == S.draft:
            return Conflict(f"발주 {po}은(는) 아직 승인되지 않아 입고할 수 없습니다. 먼저 승인을 받으세요.",
                            f"Purchase order {po} is not approved yet: it cannot be received.",
                            code="not_receivable", **extra)
        if status in (S.received, S.closed):
            return Conflict(f"발주 {po}은(는) 이미 '{label_ko}' 상태라 더 입고할 수 없습니다.",
                            f"Purchase order {po} is already {label_en}: nothing more can be received.",
                            code="not_receivable", **extra)
        return Conflict(f"취소된 발주 {po}에는 입고할 수 없습니다.", f"Purchase order {po} is cancelled: it cannot be received.",
                        code="not_receivable", **extra)
    if action == "cancel" and status == S.partly_received:
        return Conflict(f"발주 {po}은(는) 일부 입고되어 취소할 수 없습니다. 남은 수량을 받지 않으려면 종결하세요.",
                        f"Purchase order {po} is partly received and cannot be cancelled; close it instead.",
                        code="invalid_transition", **extra)
    if TARGETS.get(action) == status:
        return Conflict(f"발주 {po}은(는) 이미 '{label_ko}' 상태입니다.", f"Purchase order {po} is already {label_en}.",
                        code="invalid_transition", **extra)
    action_ko, action_en = ACTIONS[action]
    return Conflict(f"발주 {po}은(는) '{label_ko}' 상태라 {action_ko}할 수 없습니다.",
                    f"Purchase order {po} is {label_en} and cannot be {action_en}.",
                    code="invalid_transition", **extra)


def approve(session: Session, principal: Principal, po_id: int, version: int | None = None) -> schemas.PurchaseOrderDetail:
    _require(principal, MANAGERS, "발주 승인은 매니저 또는 소유자만 할 수 있습니다.",
             "Only a manager or the owner can approve a purchase order.")
    repo = _repo(session, principal)
    _, state = _guard(repo, po_id, [S.draft], {"status": S.approved, "approved_by_id": principal.user_id,
                                               "approved_at": utcnow()}, version, "approve")
    _audit(session, principal, "approve", po_id, (f"발주 승인: {state.po_number}", f"Purchase order approved: {state.po_number}"),
           before={"status": S.draft.value}, after={"status": S.approved.value})
    return get_purchase_order(session, principal, po_id)


def send(session: Session, principal: Principal, po_id: int, version: int | None = None) -> schemas.PurchaseOrderDetail:
    """Sent to the supplier today: the order date becomes today and each line's expected arrival
    today + its lead time."""
    _require_operator(principal)
    repo = _repo(session, principal)
    today = repo.today()
    _, state = _guard(repo, po_id, [S.approved], {"status": S.sent, "sent_at": utcnow(), "ordered_on": today},
                      version, "send")
    lines = repo.lines(po_id)
    for line in lines:
        if line.lead_time_days is not None:
            line.expected_on = today + dt.timedelta(days=line.lead_time_days)
    session.flush()
    repo.set_fields(po_id, expected_on=_latest(x.expected_on for x in lines))
    _audit(session, principal, "send", po_id, (f"발주 발송: {state.po_number}", f"Purchase order sent: {state.po_number}"),
           before={"status": S.approved.value}, after={"status": S.sent.value, "ordered_on": today.isoformat()})
    return get_purchase_order(session, principal, po_id)


def receive(session: Session, principal: Principal, po_id: int, data: schemas.ReceiveIn) -> schemas.PurchaseOrderDetail:
    """Book goods in: per line a quantity (with an optional lot code and use-by date) as a
    `receipt` movement in the stock ledger, and `received_quantity` raised in one UPDATE that
    cannot pass the ordered quantity. More than ordered on any line: 409, nothing booked."""
    _require_operator(principal)
    ids = [item.line_id for item in data.lines]
    if len(ids) != len(set(ids)):
        raise BadRequest("같은 품목이 두 번 들어 있습니다.", "A line is listed twice.", code="duplicate_line")
    repo = _repo(session, principal)
    old_status, state = _guard(repo, po_id, RECEIVABLE, {}, None, "receive")
    lines = {line.id: line for line in repo.lines(po_id)}
    unknown = [i for i in ids if i not in lines]
    if unknown:
        raise BadRequest(f"이 발주에 없는 품목입니다: {unknown}", f"Not a line of this purchase order: {unknown}",
                         code="unknown_line", line_ids=unknown)
    products = _products(repo, [lines[i].product_id for i in ids])
    for item in data.lines:
        product = products[lines[item.line_id].product_id]
        _check_orderable(product)
        if item.quantity < 1:
            raise BadRequest(f"{product.master_sku}: 입고 수량은 1 이상이어야 합니다.",
                             f"{product.master_sku}: a received quantity must be at least 1.",
                             code="invalid_quantity", master_sku=product.master_sku)
    for item in data.lines:
        line, product = lines[item.line_id], products[lines[item.line_id].product_id]
        if not repo.add_received(line.id, item.quantity):
            left = line.quantity - line.received_quantity
            label = f"{product.master_sku} {product.name}"
            raise Conflict(
                f"{label}: 주문 {line.quantity}개 중 {line.received_quantity}개가 이미 입고되어 "
                f"{left}개까지만 더 받을 수 있습니다 (요청 {item.quantity}개). 아무것도 입고되지 않았습니다.",
                f"{label}: {line.received_quantity} of {line.quantity} ordered are already in, so at most {left} "
                f"more can be received ({item.quantity} given). Nothing was booked.",
                code="over_receipt", master_sku=product.master_sku, line_id=line.id, ordered=line.quantity,
                received=line.received_quantity, requested=item.quantity, open_quantity=left,
            )
    stock = StockRepository(session, principal.tenant_id)
    note = data.note or f"{state.po_number} 입고"
    movements: list[StockMovement] = []
    for item in data.lines:
        product = products[lines[item.line_id].product_id]
        ledger = _Ledger(session, stock, principal, MovementSource.purchase_order, line_ref(item.line_id))
        lot = None
        if item.lot_code or item.use_by:
            lot = ledger.new_lot(product, stock_schemas.MovementIn(
                product_id=product.id, reason="inbound", quantity=item.quantity, lot_code=item.lot_code,
                use_by=item.use_by))
        movements.append(ledger.move(product, item.quantity, MovementReason.receipt, note, lot=lot))
    fresh = repo.lines(po_id)
    status = S.received if all(x.received_quantity >= x.quantity for x in fresh) else S.partly_received
    repo.set_fields(po_id, status=status)
    received = {products[lines[i.line_id].product_id].master_sku: i.quantity for i in data.lines}
    _audit(session, principal, "receive", po_id,
           (f"발주 입고: {state.po_number} ({sum(received.values())}개)",
            f"Purchase order received: {state.po_number} ({sum(received.values())} units)"),
           before={"status": old_status.value},
           after={"status": status.value, "received": received, "movements": [m.id for m in movements]})
    return get_purchase_order(session, principal, po_id)


def reverse_receipt(session: Session, principal: Principal, po_id: int, movement_id: int,
                    data: schemas.ReverseReceiptIn) -> schemas.PurchaseOrderDetail:
    """Correct a wrong receipt: its stock goes back out of the ledger (an `undo` of the receipt,
    lots included) and the line's received quantity goes down by as much, in one transaction; the
    order returns to sent or partly received. Refused when the goods have left the stock since
    (nothing changes), on a closed or cancelled order, or for a receipt already reversed."""
    _require_operator(principal)
    reason = _reason(data.reason)
    repo = _repo(session, principal)
    stock = StockRepository(session, principal.tenant_id)
    movement = stock.movement(movement_id)

    def check_receipt(refs: Iterable[str]) -> None:
        if movement.reason != MovementReason.receipt or movement.source_ref not in refs:
            raise NotFound("입고 내역", "Receipt", entity_id=movement_id)
        if movement.id in stock.undone_ids([movement.id]):
            raise Conflict("이미 정정한 입고입니다.", "This receipt has already been reversed.", code="already_undone")

    check_receipt([line_ref(line_id) for line_id in repo.line_ids(po_id)])  # before the status says why not
    # the conditional UPDATE locks the order: two corrections of one receipt run one after the other
    old_status, state = _guard(repo, po_id, (S.partly_received, S.received), {}, data.version, "correct")
    lines = {line_ref(line.id): line for line in repo.lines(po_id)}
    check_receipt(lines)
    line = lines[movement.source_ref]
    if not repo.take_back_received(line.id, movement.quantity):
        raise Conflict("입고 수량보다 많이 정정할 수 없습니다.", "More than was received cannot be reversed.",
                       code="over_reversal")
    stock_service.undo_receipt(session, principal, movement, f"{state.po_number} 입고 정정: {reason}")
    fresh = repo.lines(po_id)
    status = (S.received if all(x.received_quantity >= x.quantity for x in fresh)
              else S.partly_received if any(x.received_quantity > 0 for x in fresh) else S.sent)
    repo.set_fields(po_id, status=status)
    _audit(session, principal, "correct", po_id,
           (f"입고 정정: {state.po_number} ({movement.quantity}개, {reason})",
            f"Receipt reversed: {state.po_number} ({movement.quantity} units, {reason})"),
           before={"status": old_status.value, "received": line.received_quantity + movement.quantity},
           after={"status": status.value, "received": line.received_quantity, "movement": movement.id})
    return get_purchase_order(session, principal, po_id)


def close(session: Session, principal: Principal, po_id: int, version: int | None = None) -> schemas.PurchaseOrderDetail:
    """Close a received order; closing a partly received one (the rest will not come) takes a
    manager or the owner."""
    _require_operator(principal)
    manager = principal.role in MANAGERS
    repo = _repo(session, principal)
    allowed = [S.received, S.partly_received] if manager else [S.received]
    forbidden = {} if manager else {S.partly_received: (
        "일부만 입고된 발주의 종결(잔량 취소)은 매니저 또는 소유자만 할 수 있습니다.",
        "Only a manager or the owner can close a partly received order (dropping what is still open).")}
    old_status, state = _guard(repo, po_id, allowed, {"status": S.closed, "closed_at": utcnow()}, version,
                               "close", forbidden)
    _audit(session, principal, "close", po_id, (f"발주 종결: {state.po_number}", f"Purchase order closed: {state.po_number}"),
           before={"status": old_status.value}, after={"status": S.closed.value})
    return get_purchase_order(session, principal, po_id)


def cancel(session: Session, principal: Principal, po_id: int, reason: str | None,
           version: int | None = None) -> schemas.PurchaseOrderDetail:
    """Cancel a draft (staff and up) or an approved or sent order (a manager or the owner)."""
    _require_operator(principal)
    reason = _reason(reason)
    manager = principal.role in MANAGERS
    repo = _repo(session, principal)
    allowed = [S.draft, S.approved, S.sent] if manager else [S.draft]
    message = ("승인된 발주는 매니저 또는 소유자만 취소할 수 있습니다.",
               "Only a manager or the owner can cancel an approved purchase order.")
    forbidden = {} if manager else {S.approved: message, S.sent: message}
    old_status, state = _guard(repo, po_id, allowed, {
        "status": S.cancelled, "cancelled_at": utcnow(), "cancelled_by_id": principal.user_id, "cancel_reason": reason,
    }, version, "cancel", forbidden)
    _audit(session, principal, "cancel", po_id,
           (f"발주 취소: {state.po_number} — {reason}", f"Purchase order cancelled: {state.po_number} — {reason}"),
           before={"status": old_status.value}, after={"status": S.cancelled.value, "reason": reason})
    return get_purchase_order(session, principal, po_id)


# --- reading ---------------------------------------------------------------------------------------

def _user(user: User | None) -> UserRef | None:
    return UserRef.model_validate(user) if user else None


def _line_late(po: PurchaseOrder, line: PurchaseOrderLine, today: dt.date) -> bool:
    expected = line.expected_on or po.expected_on
    return (po.status in OPEN and line.received_quantity < line.quantity
            and expected is not None and expected < today)


def is_late(po: PurchaseOrder, today: dt.date) -> bool:
    """Some line's expected arrival is before `today` and its goods are not all in, on an order
    that is not received, closed or cancelled (the same rule as the list's `late` filter)."""
    return any(_line_late(po, line, today) for line in po.lines)


def _amount(line: PurchaseOrderLine) -> Decimal | None:
    return line.unit_cost * line.quantity if line.unit_cost is not None else None


def _summary_fields(po: PurchaseOrder, today: dt.date) -> dict[str, Any]:
    amounts = [a for a in (_amount(x) for x in po.lines) if a is not None]
    return {
        "id": po.id, "po_number": po.po_number, "status": po.status,
        "supplier": {"id": po.supplier.id, "name": po.supplier.name},
        "ordered_on": po.ordered_on, "expected_on": po.expected_on, "note": po.note, "late": is_late(po, today),
        "line_count": len(po.lines), "total_quantity": sum(x.quantity for x in po.lines),
        "received_quantity": sum(x.received_quantity for x in po.lines),
        "total_amount": sum(amounts, Decimal(0)) if amounts else None,
        "from_proposals": any(x.proposed_quantity is not None or x.proposal is not None for x in po.lines),
        "version": po.version, "created_by": _user(po.created_by), "created_at": po.created_at,
        "updated_at": po.updated_at, "approved_by": _user(po.approved_by), "approved_at": po.approved_at,
        "sent_at": po.sent_at, "closed_at": po.closed_at, "cancelled_by": _user(po.cancelled_by),
        "cancelled_at": po.cancelled_at, "cancel_reason": po.cancel_reason,
    }


def _detail(repo: PurchaseOrderRepository, po: PurchaseOrder, today: dt.date) -> schemas.PurchaseOrderDetail:
    lines = [
        schemas.LineOut(
            id=x.id, product_id=x.product_id, master_sku=x.product.master_sku, product_name=x.product.name,
            quantity=x.quantity, proposed_quantity=x.proposed_quantity, received_quantity=x.received_quantity,
            open_quantity=max(x.quantity - x.received_quantity, 0) if po.status in OPEN else 0,
            unit_cost=x.unit_cost, amount=_amount(x), lead_time_days=x.lead_time_days,
            expected_on=x.expected_on or po.expected_on, late=_line_late(po, x, today), moq=x.product.moq,
            pack_size=x.product.pack_size, proposal=x.proposal,
        )
        for x in po.lines
    ]
    changes = [
        schemas.LineChangeOut(
            id=c.id, line_id=c.line_id, product_id=c.product_id, master_sku=c.product.master_sku, kind=c.kind,
            old_quantity=c.old_quantity, new_quantity=c.new_quantity, reason=c.reason,
            changed_by=_user(c.changed_by), changed_at=c.changed_at,
        )
        for c in repo.changes(po.id)
    ]
    receipts = [
        schemas.ReceiptOut(
            movement_id=m.id, line_id=int(m.source_ref.rsplit(":", 1)[1]), product_id=m.product_id,
            master_sku=m.product.master_sku, quantity=m.quantity, reason=m.reason,
            lot_code=m.lot.lot_code if m.lot else None, use_by=m.lot.use_by if m.lot else None, note=m.note,
            received_by=_user(m.actor), received_at=m.created_at, undone=undone,
        )
        for m, undone in repo.receipts(x.id for x in po.lines)
    ]
    return schemas.PurchaseOrderDetail(**_summary_fields(po, today), lines=lines, changes=changes, receipts=receipts)


def get_purchase_order(session: Session, principal: Principal, po_id: int) -> schemas.PurchaseOrderDetail:
    repo = _repo(session, principal)
    return _detail(repo, repo.purchase_order(po_id), repo.today())


def list_purchase_orders(
    session: Session, principal: Principal, page: PageParams, *, status: Sequence[PurchaseOrderStatus] | None = None,
    supplier_id: int | None = None, late: bool | None = None, q: str | None = None,
) -> Page[schemas.PurchaseOrderOut]:
    repo = _repo(session, principal)
    today = repo.today()
    rows, total = repo.page(status=status, supplier_id=supplier_id, late=late, q=q, today=today,
                            offset=page.offset, limit=page.page_size)
    return Page(items=[schemas.PurchaseOrderOut(**_summary_fields(po, today)) for po in rows],
                total=total, page=page.page, page_size=page.page_size)


# --- what is on order (for the inventory position) -------------------------------------------------

def on_order_quantities(session: Session, tenant_id: int, product_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Σ (ordered − received) per product over approved, sent and partly received orders.
    Products with nothing on order are absent. Takes a tenant id so jobs can call it too."""
    return PurchaseOrderRepository(session, tenant_id).on_order_totals(product_ids)


def scheduled_receipts(session: Session, tenant_id: int,
                       product_ids: Iterable[int] | None = None) -> dict[int, list[tuple[dt.date | None, int]]]:
    """Per product, the open quantities still to arrive with their expected dates (earliest
    first, unknown dates last): the scheduled receipts of a stock projection."""
    out: dict[int, list[tuple[dt.date | None, int]]] = {}
    for product_id, quantity, expected, _ in PurchaseOrderRepository(session, tenant_id).on_order(product_ids):
        out.setdefault(product_id, []).append((expected, quantity))
    for receipts in out.values():
        receipts.sort(key=lambda r: (r[0] is None, r[0] or dt.date.min))
    return out


def observed_lead_times(session: Session, tenant_id: int) -> dict[int, list[int]]:
    """Per product, the days from sending an order to its first receipt (tenant's days), one
    value per received line: the evidence for estimating the lead time and its spread."""
    repo = PurchaseOrderRepository(session, tenant_id)
    zone = repo.zone()
    out: dict[int, list[int]] = {}
    for product_id, sent_at, first_receipt in repo.first_receipts():
        out.setdefault(product_id, []).append((first_receipt.astimezone(zone).date() - sent_at.astimezone(zone).date()).days)
    return out


def on_order(session: Session, principal: Principal, product_id: int | None = None) -> list[schemas.OnOrderOut]:
    repo = _repo(session, principal)
    rows = repo.on_order([product_id] if product_id is not None else None)
    products = repo.products(r[0] for r in rows)
    grouped: dict[int, list[tuple[int, int, dt.date | None, str]]] = {}
    for row in rows:
        grouped.setdefault(row[0], []).append(row)
    return [
        schemas.OnOrderOut(
            product_id=pid, master_sku=products[pid].master_sku, product_name=products[pid].name,
            quantity=sum(r[1] for r in group), next_expected_on=min((r[2] for r in group if r[2]), default=None),
            purchase_orders=list(dict.fromkeys(r[3] for r in group)),
        )
        for pid, group in sorted(grouped.items(), key=lambda kv: products[kv[0]].master_sku)
    ]


# --- the PO sheet (발주표) ---------------------------------------------------------------------------

def export_one(session: Session, principal: Principal, po_id: int) -> tuple[bytes, str]:
    repo = _repo(session, principal)
    po = repo.purchase_order(po_id)
    return excel.workbook([po], [is_late(po, repo.today())]), f"{po.po_number}.xlsx"


def export_many(
    session: Session, principal: Principal, *, ids: Sequence[int] | None = None,
    status: Sequence[PurchaseOrderStatus] | None = None, supplier_id: int | None = None, late: bool | None = None,
) -> tuple[bytes, str]:
    """Several orders in one workbook, one sheet each: the given ids (404 when one is not the
    tenant's), or those matching the filters (at most MAX_EXPORT)."""
    repo = _repo(session, principal)
    today = repo.today()
    if ids:
        ids = list(dict.fromkeys(ids))
        if len(ids) > MAX_EXPORT:
            raise _too_many()
        found = repo.purchase_orders(ids)
        missing = set(ids) - {po.id for po in found}
        if missing:
            raise NotFound(*PURCHASE_ORDER, entity_id=min(missing))
    else:
        matching = repo.matching_ids(MAX_EXPORT + 1, status=status, supplier_id=supplier_id, late=late, today=today)
        if len(matching) > MAX_EXPORT:
            raise _too_many()
        found = repo.purchase_orders(matching)
    if not found:
        raise BadRequest("내보낼 발주가 없습니다.", "There are no purchase orders to export.", code="nothing_to_export")
    return excel.workbook(found, [is_late(po, today) for po in found]), f"purchase-orders-{today:%Y%m%d}.xlsx"


def _too_many() -> BadRequest:
    return BadRequest(f"한 번에 최대 {MAX_EXPORT}건까지 내보낼 수 있습니다. 조건을 좁히세요.",
                      f"At most {MAX_EXPORT} purchase orders can be exported at once; narrow the filters.",
                      code="too_many_to_export")
