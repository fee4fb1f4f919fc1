"""Current stock, recent deliveries and lots (use-by dates) of the demo's single products."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence

import numpy as np

from smartstock.demo.data import DemoLot, DemoProduct
from smartstock.demo.ledger import KST, Receipt, lot_code

# Shares of products in each stock situation; the rest hold 1–8 weeks of supply.
ZERO_STOCK_SHARE = 0.05
BELOW_SAFETY_SHARE = 0.07
OVERSTOCK_SHARE = 0.12
NORMAL_WEEKS = (1.0, 8.0)
OVERSTOCK_WEEKS = (14.0, 40.0)
SLOW_MOVER_FLOOR = (2, 9)  # a seller keeps a few units even of what hardly sells

EXPIRING_SOON_SHARE = 0.3  # of products with a shelf life: oldest lot expires within 30 days
RETURN_SHARE = 0.1  # products with a customer return restocked in the ledger window
MAX_DELIVERIES = 2  # supplier deliveries per product in the ledger window (each one a lot)


def current_stock(
    rng: np.random.Generator, singles: Sequence[DemoProduct], daily_rate: np.ndarray, fresh: set[str]
) -> dict[str, int]:
    """On-hand per single product from its recent daily demand; `fresh` (just launched) products
    are never out of stock."""
    n = len(singles)
    situation = rng.choice(
        ["zero", "below_safety", "over", "normal"], size=n,
        p=[ZERO_STOCK_SHARE, BELOW_SAFETY_SHARE, OVERSTOCK_SHARE,
           1 - ZERO_STOCK_SHARE - BELOW_SAFETY_SHARE - OVERSTOCK_SHARE],
    )
    normal_weeks = np.exp(rng.uniform(*np.log(NORMAL_WEEKS), size=n))
    over_weeks = rng.uniform(*OVERSTOCK_WEEKS, size=n)
    floor = rng.integers(*SLOW_MOVER_FLOOR, size=n)
    on_hand = {}
    for i, product in enumerate(singles):
        kind = situation[i]
        if product.master_sku in fresh and kind in ("zero", "below_safety"):
            kind = "normal"
        if kind == "below_safety" and product.safety_stock < 3:
            kind = "normal"
        if kind == "zero":
            stock = 0
        elif kind == "below_safety":
            stock = int(rng.integers(1, product.safety_stock))
        else:
            weeks = over_weeks[i] if kind == "over" else normal_weeks[i]
            stock = max(round(weeks * 7 * daily_rate[i]), int(floor[i]), product.safety_stock // 2)
        on_hand[product.master_sku] = stock
    return on_hand


def propose_receipts(
    rng: np.random.Generator,
    product: DemoProduct,
    window_start: dt.date,
    window_days: int,
    daily_rate: float,
    max_deliveries: int = MAX_DELIVERIES,
) -> list[Receipt]:
    """Deliveries a seller would have booked over the window (fitted to the stock later).

    A product launched inside the window gets its first stock just before launch; quick domestic
    suppliers deliver more often than importers.
    """
    launch = (product.launched_on - window_start).days
    first_day = 0
    receipts = []
    if launch >= 0:
        first_day = max(launch - int(rng.integers(1, 4)), 0)
        receipts.append(_delivery(product, window_start, first_day, 0, f"{product.supplier_name} 신상품 초도 입고",
                                  takes_rest=True))
        first_day += 1
    # The last week is kept for purchase-order receipts, which must never be cut back.
    last_day = window_days - 7
    lead = product.lead_time_days or 7
    expected = 2.0 if lead <= 7 else 1.2 if lead <= 14 else 0.5 if lead <= 45 else 0.3
    count = min(int(rng.poisson(expected)), max_deliveries, max(last_day - first_day, 0))
    days = sorted(rng.choice(np.arange(first_day, last_day), size=count, replace=False)) if count else []
    for day in days:
        cover_days = rng.uniform(14, 35)
        quantity = max(math.ceil(daily_rate * cover_days / product.pack_size), 1) * product.pack_size
        receipts.append(_delivery(product, window_start, int(day), quantity, f"{product.supplier_name} 입고"))
    if rng.random() < RETURN_SHARE and launch < last_day:
        day = int(rng.integers(max(launch, 0), last_day))
        receipts.append(Receipt(product.master_sku, day, int(rng.integers(1, 3)), "inbound",
                                "고객 반품 재입고 (양품)"))
    return receipts


def _delivery(
    product: DemoProduct, window_start: dt.date, day: int, quantity: int, note: str, takes_rest: bool = False
) -> Receipt:
    lot = lot_code(product.master_sku, window_start + dt.timedelta(days=day)) if product.shelf_life_days else None
    return Receipt(product.master_sku, day, quantity, "inbound", note, lot_code=lot, in_packs=True,
                   takes_rest=takes_rest)


def build_lots(
    rng: np.random.Generator,
    product: DemoProduct,
    on_hand: int,
    receipts: Sequence[Receipt],
    window_start: dt.date,
    today: dt.date,
    daily_rate: float,
) -> list[DemoLot]:
    """2–3 lots for a product with a shelf life: one per delivery in the window plus older ones
    from before it. Stock sits mostly in the newest lots (first-expiry-first-out), except that
    some products still hold units of an old lot about to expire."""
    shelf_life = product.shelf_life_days
    assert shelf_life is not None
    lots: list[dict] = []  # working records, turned into DemoLot at the end
    for receipt in receipts:
        if receipt.lot_code is None:
            continue
        received_on = window_start + dt.timedelta(days=receipt.day)
        lots.append({
            "code": receipt.lot_code, "received_on": received_on, "received": receipt.quantity,
            "use_by": received_on + dt.timedelta(days=shelf_life - int(rng.integers(20, 90))),
            "expiring": False,
        })
    launch_in_window = product.launched_on >= window_start
    old_count = 0 if launch_in_window else max(int(rng.integers(2, 4)) - len(lots), 1)
    expiring_soon = old_count > 0 and on_hand > 0 and rng.random() < EXPIRING_SOON_SHARE
    used_codes = {lot["code"] for lot in lots}
    for n in range(old_count):
        expiring = n == 0 and expiring_soon
        if expiring:
            use_by = today + dt.timedelta(days=int(rng.integers(5, 31)))
        else:
            latest = window_start + dt.timedelta(days=shelf_life - 90)
            use_by = today + dt.timedelta(days=int(rng.integers(45, max((latest - today).days, 46))))
        made_before_receipt = int(rng.integers(20, 90))
        received_on = min(use_by - dt.timedelta(days=shelf_life - made_before_receipt),
                          window_start - dt.timedelta(days=1 + n))
        while lot_code(product.master_sku, received_on) in used_codes:
            received_on -= dt.timedelta(days=1)
        used_codes.add(lot_code(product.master_sku, received_on))
        lots.append({"code": lot_code(product.master_sku, received_on), "received_on": received_on,
                     "received": None, "use_by": use_by, "expiring": expiring})
    lots.sort(key=lambda lot: lot["received_on"])
    _allocate_remaining(rng, lots, on_hand, daily_rate, product.pack_size)
    return [
        DemoLot(
            master_sku=product.master_sku, lot_code=lot["code"], use_by=lot["use_by"],
            received_at=dt.datetime.combine(lot["received_on"], dt.time(10, 30), tzinfo=KST).astimezone(dt.UTC),
            received_quantity=lot["received"], remaining=lot["remaining"],
        )
        for lot in lots
    ]


def _allocate_remaining(
    rng: np.random.Generator, lots: list[dict], on_hand: int, daily_rate: float, pack_size: int
) -> None:
    """Spread on-hand over the lots (sorted oldest first), so that remaining sums to on_hand
    (or less, when a return without lot is part of it). A lot about to expire keeps a few units;
    otherwise the newest lots hold the stock (first-expiry-first-out). Old lots from before the
    window get a received quantity of what remains plus what has sold since."""
    left = on_hand
    for lot in lots:
        lot["remaining"] = 0
        if lot.get("expiring"):
            lot["remaining"] = min(left, max(1, round(on_hand * rng.uniform(0.1, 0.4))))
            left -= lot["remaining"]
    for lot in reversed(lots):
        room = left if lot["received"] is None else lot["received"] - lot["remaining"]
        taken = min(left, room)
        lot["remaining"] += taken
        left -= taken
    for lot in lots:
        if lot["received"] is None:
            sold_since = max(round(daily_rate * rng.uniform(20, 90)), 0)
            lot["received"] = max(math.ceil((lot["remaining"] + sold_since) / pack_size), 1) * pack_size


def rate_over(outflow: Mapping[str, np.ndarray], skus: Sequence[str], days: int) -> np.ndarray:
    """Average units per day over the last `days` days of each product's outflow."""
    return np.array([outflow[sku][-days:].mean() for sku in skus])
