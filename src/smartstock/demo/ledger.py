"""The demo's recent stock ledger, planned without a database.

The ledger covers the last LEDGER_DAYS days: an opening stock count, deliveries and returns, one
outbound movement per product and day with sales (the day's order upload), and for every set sold
an outbound movement on the set plus set_consumption movements on its components. It is built
backwards from the current stock, so the final balance is exactly the generated on-hand and the
running balance never goes negative.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from smartstock.demo.data import DemoMovement, DemoProduct

LEDGER_DAYS = 60
KST = dt.timezone(dt.timedelta(hours=9))

# Local (KST) time slots of the working day, in the order things happen; movements of a later slot
# always come after those of an earlier one on the same day.
OPENING_SLOT = (dt.time(8, 30), dt.time(8, 59, 59))
RECEIPT_SLOT = (dt.time(10, 0), dt.time(11, 59, 59))
SET_SALES_SLOT = (dt.time(13, 0), dt.time(15, 59, 59))
OUTBOUND_SLOT = (dt.time(17, 0), dt.time(18, 59, 59))

MANAGER_SHARE_OF_OUTBOUND = 0.2  # the manager sometimes does the daily upload instead of staff


@dataclass(frozen=True)
class Receipt:
    """Stock coming in on day `day` of the ledger window (0 = the window's first day)."""

    master_sku: str
    day: int
    quantity: int
    reason: str  # "inbound" (delivery without PO, return) or "receipt" (against a purchase order)
    note: str
    lot_code: str | None = None
    in_packs: bool = False  # a supplier delivery: reduced only in whole packs
    fixed: bool = False  # booked against a purchase order: must not be reduced
    takes_rest: bool = False  # a new product's first stock: whatever the opening would have held


def lot_code(master_sku: str, received_on: dt.date) -> str:
    return f"{master_sku}-{received_on:%y%m%d}"


def fit_receipts(
    final_on_hand: int, outflow: np.ndarray, receipts: Sequence[Receipt], pack_size: int
) -> tuple[int, list[Receipt]]:
    """Walk the window backwards from the final stock, shrinking receipts that would have pushed
    the earlier balance below zero. Returns the opening balance and the receipts kept, by day."""
    by_day: dict[int, list[Receipt]] = {}
    for receipt in receipts:
        by_day.setdefault(receipt.day, []).append(receipt)
    balance = final_on_hand
    kept: list[Receipt] = []
    for day in range(len(outflow) - 1, -1, -1):
        balance += int(outflow[day])  # receipts come in the morning, sales leave later that day
        for receipt in reversed(by_day.get(day, [])):
            if receipt.takes_rest:
                quantity = balance
            elif receipt.fixed:
                if receipt.quantity > balance:
                    raise ValueError(f"fixed receipt of {receipt.master_sku} exceeds the stock after it")
                quantity = receipt.quantity
            else:
                quantity = min(receipt.quantity, balance)
                if receipt.in_packs and quantity >= pack_size:
                    quantity -= quantity % pack_size
            balance -= quantity
            if quantity > 0:
                kept.append(replace(receipt, quantity=quantity))
    return balance, sorted(kept, key=lambda r: r.day)


@dataclass
class _Entry:
    """A movement being planned; `order` breaks ties between equal timestamps."""

    master_sku: str
    quantity: int
    reason: str
    created_at: dt.datetime
    order: int
    actor_role: str
    note: str | None = None
    lot_code: str | None = None
    parent: _Entry | None = None


class _Planner:
    def __init__(self, rng: np.random.Generator, window_start: dt.date) -> None:
        self.rng = rng
        self.window_start = window_start
        self.entries: list[_Entry] = []

    def at(self, day: int, slot: tuple[dt.time, dt.time]) -> dt.datetime:
        """A random second inside a local time slot of window day `day`, as aware UTC."""
        date = self.window_start + dt.timedelta(days=day)
        start = dt.datetime.combine(date, slot[0], tzinfo=KST)
        span = int((dt.datetime.combine(date, slot[1], tzinfo=KST) - start).total_seconds())
        return (start + dt.timedelta(seconds=int(self.rng.integers(0, span + 1)))).astimezone(dt.UTC)

    def add(self, **fields) -> _Entry:
        entry = _Entry(order=len(self.entries), **fields)
        self.entries.append(entry)
        return entry

    def outbound_actor(self) -> str:
        return "manager" if self.rng.random() < MANAGER_SHARE_OF_OUTBOUND else "staff"


def build_movements(
    rng: np.random.Generator,
    products: Sequence[DemoProduct],
    window_start: dt.date,
    own_outflow: Mapping[str, np.ndarray],
    openings: Mapping[str, int],
    receipts: Sequence[Receipt],
    final_on_hand: Mapping[str, int],
) -> tuple[DemoMovement, ...]:
    """All ledger movements in time order, with running balances on single products.

    `own_outflow` holds each product's (sets included) units sold per window day; `openings` the
    opening count of every single product that existed at the window start.
    """
    planner = _Planner(rng, window_start)
    for sku, quantity in openings.items():
        planner.add(master_sku=sku, quantity=quantity, reason="stock_count",
                    created_at=planner.at(0, OPENING_SLOT), actor_role="manager", note="기초 재고 실사")
    for receipt in receipts:
        planner.add(master_sku=receipt.master_sku, quantity=receipt.quantity, reason=receipt.reason,
                    created_at=planner.at(receipt.day, RECEIPT_SLOT), actor_role="staff",
                    note=receipt.note, lot_code=receipt.lot_code)
    for product in products:
        for day in np.flatnonzero(own_outflow[product.master_sku]):
            sold = int(own_outflow[product.master_sku][day])
            if product.is_set:
                _plan_set_sale(planner, product, int(day), sold)
            else:
                planner.add(master_sku=product.master_sku, quantity=-sold, reason="outbound",
                            created_at=planner.at(int(day), OUTBOUND_SLOT),
                            actor_role=planner.outbound_actor(), note="주문 출고")
    return _finalise(planner.entries, final_on_hand)


def _plan_set_sale(planner: _Planner, product: DemoProduct, day: int, sold: int) -> None:
    """The set's own outbound (no stock of its own) and the stock leaving its components, at the
    same moment: a set sale consumes its components."""
    moment = planner.at(day, SET_SALES_SLOT)
    actor = planner.outbound_actor()
    parent = planner.add(master_sku=product.master_sku, quantity=-sold, reason="outbound",
                         created_at=moment, actor_role=actor, note="세트 주문 출고")
    for component in product.components:
        planner.add(master_sku=component.component_sku, quantity=-sold * component.quantity,
                    reason="set_consumption", created_at=moment, actor_role=actor,
                    note=f"세트 {product.master_sku} 구성품 차감", parent=parent)


def _finalise(entries: list[_Entry], final_on_hand: Mapping[str, int]) -> tuple[DemoMovement, ...]:
    ordered = sorted(entries, key=lambda e: (e.created_at, e.order))
    key_of = {id(entry): key for key, entry in enumerate(ordered)}
    balances: dict[str, int] = {}
    movements = []
    for key, entry in enumerate(ordered):
        balance_after = None
        if entry.master_sku in final_on_hand:  # single products hold stock, sets do not
            balance_after = balances.get(entry.master_sku, 0) + entry.quantity
            if balance_after < 0:
                raise ValueError(f"planned ledger of {entry.master_sku} goes negative")
            balances[entry.master_sku] = balance_after
        movements.append(DemoMovement(
            key=key, master_sku=entry.master_sku, quantity=entry.quantity, reason=entry.reason,
            created_at=entry.created_at, balance_after=balance_after, actor_role=entry.actor_role,
            note=entry.note, lot_code=entry.lot_code,
            parent_key=key_of[id(entry.parent)] if entry.parent is not None else None,
        ))
    for sku, on_hand in final_on_hand.items():
        if balances.get(sku, 0) != on_hand:
            raise ValueError(f"planned ledger of {sku} ends at {balances.get(sku, 0)}, not {on_hand}")
    return tuple(movements)
