"""Plain data types of a generated demo tenant (no database, no ORM).

Everything references products by master SKU and suppliers by name, so the generator stays
independent of the database; the loader resolves those to ids.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

# Channel order of `DemoSales.channel_index`; values are `smartstock.db.models.Channel` values.
CHANNELS: tuple[str, ...] = ("coupang", "smartstore", "own_mall")

# Role order of the demo users (owner, manager, staff, viewer).
DEMO_EMAILS: tuple[str, ...] = (
    "owner@demo.example",
    "manager@demo.example",
    "staff@demo.example",
    "viewer@demo.example",
)


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: str


@dataclass(frozen=True)
class DemoSupplier:
    name: str
    contact_name: str
    phone: str
    email: str
    lead_time_days: int
    moq: int
    notes: str


@dataclass(frozen=True)
class DemoSetComponent:
    component_sku: str
    quantity: int


@dataclass(frozen=True)
class DemoProduct:
    master_sku: str
    playauto_sku: str
    name: str
    category: str
    kind: str  # "single" or "set"
    supplier_name: str | None
    lead_time_days: int | None
    moq: int
    pack_size: int
    safety_stock: int
    manufacturer: str | None
    unit_cost: Decimal
    shelf_life_days: int | None
    launched_on: dt.date
    channel_skus: dict[str, str]  # channel -> that channel's product code
    components: tuple[DemoSetComponent, ...] = ()

    @property
    def is_set(self) -> bool:
        return self.kind == "set"


@dataclass(frozen=True, eq=False)
class DemoSales:
    """Daily sales as parallel arrays, one entry per (product, channel, day) with quantity > 0."""

    start_date: dt.date
    days: int
    product_index: np.ndarray  # int32, index into DemoData.products
    channel_index: np.ndarray  # int8, index into CHANNELS
    day_index: np.ndarray  # int32, days since start_date
    quantity: np.ndarray  # int32, > 0
    revenue: np.ndarray  # int64, KRW
    promotion: np.ndarray  # bool

    def __len__(self) -> int:
        return len(self.quantity)

    @property
    def end_date(self) -> dt.date:
        return self.start_date + dt.timedelta(days=self.days - 1)

    def dates(self) -> list[dt.date]:
        """The calendar date of every day index."""
        return [self.start_date + dt.timedelta(days=i) for i in range(self.days)]

    def daily_totals(self, n_products: int) -> np.ndarray:
        """Units sold per product and day, summed over channels: shape (n_products, days)."""
        flat = self.product_index.astype(np.int64) * self.days + self.day_index
        totals = np.bincount(flat, weights=self.quantity, minlength=n_products * self.days)
        return totals.reshape(n_products, self.days).astype(np.int64)


@dataclass(frozen=True)
class DemoLot:
    master_sku: str
    lot_code: str
    use_by: dt.date
    received_at: dt.datetime  # UTC-aware
    received_quantity: int
    remaining: int


@dataclass(frozen=True)
class DemoMovement:
    """One stock-ledger entry. `key` is the position in DemoData.movements, which is in time order;
    `parent_key` points at the set's outbound movement for a set_consumption."""

    key: int
    master_sku: str
    quantity: int
    reason: str  # a MovementReason value
    created_at: dt.datetime  # UTC-aware
    balance_after: int | None  # None on set products (sets hold no stock)
    actor_role: str
    note: str | None = None
    lot_code: str | None = None
    parent_key: int | None = None


@dataclass(frozen=True)
class DemoPurchaseOrderLine:
    master_sku: str
    quantity: int
    received_quantity: int
    unit_cost: Decimal


@dataclass(frozen=True)
class DemoPurchaseOrder:
    po_number: str
    supplier_name: str
    status: str  # a PurchaseOrderStatus value
    ordered_on: dt.date
    expected_on: dt.date
    note: str | None
    lines: tuple[DemoPurchaseOrderLine, ...]


@dataclass(frozen=True, eq=False)
class DemoData:
    tenant_name: str
    today: dt.date
    users: tuple[DemoUser, ...]
    suppliers: tuple[DemoSupplier, ...]
    products: tuple[DemoProduct, ...]
    sales: DemoSales
    on_hand: dict[str, int]  # master SKU -> current stock, single products only
    lots: tuple[DemoLot, ...]
    movements: tuple[DemoMovement, ...]
    purchase_orders: tuple[DemoPurchaseOrder, ...]
    _by_sku: dict[str, DemoProduct] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_sku", {p.master_sku: p for p in self.products})

    def product(self, master_sku: str) -> DemoProduct:
        return self._by_sku[master_sku]

    @property
    def singles(self) -> list[DemoProduct]:
        return [p for p in self.products if not p.is_set]

    @property
    def sets(self) -> list[DemoProduct]:
        return [p for p in self.products if p.is_set]
