"""Two users at once on the same purchase order: exactly one approval wins, receipts never pass
the ordered quantity nor lose a unit, and order numbers stay unique.

Each thread has its own connection and commits for real, as two web workers would."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import delete, func, select

from smartstock.db.models import (
    AuditEvent,
    Product,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderLineChange,
    Role,
    StockBalance,
    StockLot,
    StockMovement,
    Supplier,
    Tenant,
    User,
)
from smartstock.kit.auth import Principal
from smartstock.kit.errors import Conflict
from smartstock.planning.purchase_orders import schemas, service

ROUNDS = 12


class World:
    def __init__(self, make_session) -> None:
        self.make_session = make_session
        with make_session() as s:
            tenant = Tenant(name="po race")
            s.add(tenant)
            s.flush()
            users = [User(tenant_id=tenant.id, email=f"po-race-{tenant.id}-{n}@race.example", name=f"매니저 {n}",
                          password_hash="x", role=Role.manager) for n in range(2)]
            supplier = Supplier(tenant_id=tenant.id, name="경쟁상사")
            s.add_all([*users, supplier])
            s.flush()
            product = Product(tenant_id=tenant.id, master_sku="PO-RACE-1", name="race", supplier_id=supplier.id)
            s.add(product)
            s.flush()
            self.tenant_id, self.user_ids = tenant.id, [u.id for u in users]
            self.supplier_id, self.product_id = supplier.id, product.id
            s.commit()

    def principal(self, s, n: int = 0) -> Principal:
        return Principal(user=s.get_one(User, self.user_ids[n]), session_id=0)

    def draft(self, quantity: int = 5) -> int:
        with self.make_session() as s:
            po = service.create_purchase_order(s, self.principal(s), schemas.PurchaseOrderCreate(
                supplier_id=self.supplier_id, lines=[{"product_id": self.product_id, "quantity": quantity}]))
            s.commit()
            return po.id

    def cleanup(self) -> None:
        t = self.tenant_id
        with self.make_session() as s:
            s.execute(delete(StockMovement).where(StockMovement.tenant_id == t,
                                                  StockMovement.reverses_movement_id.is_not(None)))
            for model in (StockMovement, StockLot, StockBalance, AuditEvent, PurchaseOrderLineChange,
                          PurchaseOrderLine, PurchaseOrder, Product, Supplier, User):
                s.execute(delete(model).where(model.tenant_id == t))
            s.execute(delete(Tenant).where(Tenant.id == t))
            s.commit()


def _race(work: Callable[[int, int], str], rounds: int) -> list[tuple[int, int, str]]:
    """Two threads run work(thread, round) for each round, starting each round together."""
    barrier = threading.Barrier(2)
    outcomes: list[tuple[int, int, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(thread: int) -> None:
        try:
            for n in range(rounds):
                barrier.wait(timeout=60)
                result = work(thread, n)
                with lock:
                    outcomes.append((n, thread, result))
        except BaseException as exc:  # noqa: BLE001 (surfaced below)
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    assert not errors, errors
    return outcomes


def test_two_managers_approving_at_once_give_exactly_one_approval(committed_session_factory):
    world = World(committed_session_factory)
    try:
        po_ids = [world.draft() for _ in range(ROUNDS)]

        def approve(thread: int, n: int) -> str:
            with world.make_session() as s:
                try:
                    service.approve(s, world.principal(s, thread), po_ids[n])
                    s.commit()
                    return "approved"
                except Conflict as refused:
                    s.rollback()
                    assert "already been approved" in refused.message("en")
                    return refused.code

        outcomes = _race(approve, ROUNDS)
        for n in range(ROUNDS):
            assert sorted(r for m, _, r in outcomes if m == n) == ["already_approved", "approved"], n
        with world.make_session() as s:
            orders = s.scalars(select(PurchaseOrder).where(PurchaseOrder.id.in_(po_ids))).all()
            approvals = s.scalar(select(func.count()).select_from(AuditEvent).where(
                AuditEvent.tenant_id == world.tenant_id, AuditEvent.action == "approve"))
        assert {po.status for po in orders} == {"approved"} and all(po.version == 2 for po in orders)
        winners = {(n, t) for n, t, r in outcomes if r == "approved"}
        assert {po.approved_by_id for po in orders} <= set(world.user_ids)
        for po in orders:
            assert (po_ids.index(po.id), world.user_ids.index(po.approved_by_id)) in winners
        assert approvals == ROUNDS
    finally:
        world.cleanup()


def test_concurrent_receipts_never_pass_the_ordered_quantity(committed_session_factory):
    world = World(committed_session_factory)
    try:
        po_id = world.draft(quantity=50)
        with world.make_session() as s:
            service.approve(s, world.principal(s), po_id)
            po = service.send(s, world.principal(s), po_id)
            line_id = po.lines[0].id
            s.commit()

        def receive(thread: int, n: int) -> str:
            with world.make_session() as s:
                try:
                    service.receive(s, world.principal(s, thread), po_id, schemas.ReceiveIn(
                        lines=[{"line_id": line_id, "quantity": 3, "lot_code": f"L{thread}-{n}"}]))
                    s.commit()
                    return "received"
                except Conflict as refused:
                    s.rollback()
                    return refused.code

        outcomes = _race(receive, ROUNDS)  # 24 attempts of 3 units on a line of 50: 16 fit
        results = [r for _, _, r in outcomes]
        assert results.count("received") == 16 and results.count("over_receipt") == 2 * ROUNDS - 16
        with world.make_session() as s:
            line = s.get_one(PurchaseOrderLine, line_id)
            status = s.get_one(PurchaseOrder, po_id).status
            on_hand = s.scalar(select(StockBalance.on_hand).where(StockBalance.product_id == world.product_id))
            booked = s.scalars(select(StockMovement.quantity).where(StockMovement.product_id == world.product_id)).all()
            lots = s.scalar(select(func.sum(StockLot.remaining)).where(StockLot.product_id == world.product_id))
        assert line.received_quantity == on_hand == sum(booked) == lots == 48
        assert booked == [3] * 16 and status == "partly_received"
    finally:
        world.cleanup()


def test_drafts_created_at_once_get_distinct_numbers(committed_session_factory):
    world = World(committed_session_factory)
    try:
        outcomes = _race(lambda thread, n: str(world.draft()), ROUNDS)
        with world.make_session() as s:
            numbers = s.scalars(select(PurchaseOrder.po_number).where(PurchaseOrder.tenant_id == world.tenant_id)).all()
        assert len(outcomes) == len(numbers) == 2 * ROUNDS
        assert len(set(numbers)) == len(numbers)
        assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, 2 * ROUNDS + 1))
    finally:
        world.cleanup()
