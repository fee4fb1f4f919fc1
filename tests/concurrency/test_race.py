"""Concurrent outbound movements on one product never lose an update nor oversell.

Each thread has its own connection and commits for real, as two web workers would."""

from __future__ import annotations

import threading

from sqlalchemy import delete, func, select

from smartstock.db.models import (
    AuditEvent, Product, Role, StockBalance, StockLot, StockMovement, Tenant, User,
)
from smartstock.kit.auth import Principal
from smartstock.stock import schemas
from smartstock.stock.service import InsufficientStock, record_movement

START = 100
ATTEMPTS_PER_THREAD = 75  # 150 attempts for 100 units: exactly 50 must be refused


def _setup(make_session) -> tuple[int, int, int]:
    with make_session() as s:
        tenant = Tenant(name="race")
        s.add(tenant)
        s.flush()
        user = User(tenant_id=tenant.id, email=f"race{tenant.id}@race.example", name="r",
                    password_hash="x", role=Role.staff)
        product = Product(tenant_id=tenant.id, master_sku="RACE-1", name="race")
        s.add_all([user, product])
        s.flush()
        ids = tenant.id, user.id, product.id
        s.commit()
    with make_session() as s:
        principal = Principal(user=s.get_one(User, ids[1]), session_id=0)
        record_movement(s, principal, schemas.MovementIn(product_id=ids[2], reason="inbound", quantity=START))
        s.commit()
    return ids


def _cleanup(make_session, tenant_id: int) -> None:
    with make_session() as s:
        s.execute(delete(StockMovement).where(StockMovement.tenant_id == tenant_id,
                                              StockMovement.reverses_movement_id.is_not(None)))
        for model in (StockMovement, StockLot, StockBalance, AuditEvent, Product, User):
            s.execute(delete(model).where(model.tenant_id == tenant_id))
        s.execute(delete(Tenant).where(Tenant.id == tenant_id))
        s.commit()


def test_concurrent_outbounds_never_lose_an_update(committed_session_factory):
    make_session = committed_session_factory
    tenant_id, user_id, product_id = _setup(make_session)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def sell():
        try:
            barrier.wait()
            for _ in range(ATTEMPTS_PER_THREAD):
                with make_session() as s:
                    principal = Principal(user=s.get_one(User, user_id), session_id=0)
                    try:
                        record_movement(s, principal, schemas.MovementIn(
                            product_id=product_id, reason="outbound", quantity=1))
                        s.commit()
                        result = "sold"
                    except InsufficientStock:
                        s.rollback()
                        result = "refused"
                with lock:
                    outcomes.append(result)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=sell) for _ in range(2)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert not errors, errors
        with make_session() as s:
            on_hand = s.scalar(select(StockBalance.on_hand).where(StockBalance.product_id == product_id))
            ledger_sum = s.scalar(select(func.sum(StockMovement.quantity))
                                  .where(StockMovement.product_id == product_id))
            outbound_rows = s.scalar(select(func.count()).where(StockMovement.product_id == product_id,
                                                                StockMovement.quantity < 0))
            balances_after = sorted(s.scalars(select(StockMovement.balance_after).where(
                StockMovement.product_id == product_id, StockMovement.quantity < 0)))
        assert outcomes.count("sold") == START
        assert outcomes.count("refused") == 2 * ATTEMPTS_PER_THREAD - START
        assert on_hand == 0
        assert ledger_sum == on_hand
        assert outbound_rows == START
        # every unit left through exactly one movement: the running balances are 0..99, each once
        assert balances_after == list(range(START))
    finally:
        _cleanup(make_session, tenant_id)
