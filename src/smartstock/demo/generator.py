"""Deterministic generator of the demo tenant: a small Korean multi-channel seller.

`generate_demo(seed, today)` is pure (numpy only, no database) and returns plain dataclasses:
suppliers, ~200 products (about 10 of them sets), two years of daily sales per channel, current
stock with lots, the recent stock ledger, open purchase orders and the four demo users. The same
seed and `today` always give the same data. `smartstock.demo.loader` writes it to the database.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from decimal import Decimal

import numpy as np

from smartstock.demo.catalog_data import (
    CATEGORIES,
    IMPORT_MANUFACTURERS,
    SUPPLIERS,
    TENANT_NAME,
    USERS,
    CategorySpec,
    ItemSpec,
    SupplierSpec,
)
from smartstock.demo.data import (
    CHANNELS,
    DemoData,
    DemoProduct,
    DemoPurchaseOrder,
    DemoPurchaseOrderLine,
    DemoSales,
    DemoSetComponent,
    DemoSupplier,
    DemoUser,
)
from smartstock.demo.ledger import LEDGER_DAYS, Receipt, build_movements, fit_receipts, lot_code
from smartstock.demo.sales import CategoryDemand, DemandProfile, simulate_sales
from smartstock.demo.stock import MAX_DELIVERIES, build_lots, current_stock, propose_receipts, rate_over

HISTORY_DAYS = 730  # sales history ends yesterday
RECENT_RATE_DAYS = 28  # demand window behind the current stock levels
MID_HISTORY_LAUNCHES = 12  # products launched 4–20 months ago: shorter histories
INTERMITTENT_SHARE = 0.2
MULTI_PACK_SETS = 6  # "○○ 3개 세트": n units of one product
MIXED_SETS = 4  # two different products
OWN_MALL_SHARE = 0.6  # products also listed on the own mall

# Channel price levels relative to Coupang: SmartStore a little dearer, own mall a little cheaper
# (no marketplace commission).
CHANNEL_PRICE_RANGE = ((1.0, 1.0), (1.0, 1.05), (0.93, 0.99))
# Base channel mix (Coupang, SmartStore, own mall) of a typical small seller.
CHANNEL_MIX = (4.0, 2.5, 1.2)

# Open purchase orders: supplier key, status, ordered how many days ago, number of lines, note.
# expected_on = ordered_on + the supplier's lead time, so the "kitchen" order is 5 days late.
PURCHASE_ORDER_PLANS = (
    ("nordic", "sent", 75, 2, "연 2회 컨테이너 선적분 (부산항 입항 예정)"),
    ("china", "sent", 30, 3, "해상 LCL, 통관 후 입고"),
    ("oem", "partly_received", 16, 3, "1차 분할 입고 완료, 잔량 생산 중"),
    ("kitchen", "sent", 12, 3, "납기 지연 — 공급업체 확인 중"),
    ("fast", "approved", 1, 2, None),
)
PARTIAL_RECEIPT_DAYS_AGO = 2


def generate_demo(seed: int = 42, today: dt.date | None = None) -> DemoData:
    """The whole demo tenant, deterministic for a given seed and `today` (default: today)."""
    today = today or dt.date.today()
    # One stream per stage, so that changing one stage leaves the others' data as it was.
    catalog_rng, sales_rng, stock_rng, ledger_rng = np.random.default_rng(seed).spawn(4)
    history_start = today - dt.timedelta(days=HISTORY_DAYS)

    suppliers = {spec.key: _supplier(spec) for spec in SUPPLIERS}
    drafts = _CatalogBuilder(catalog_rng, suppliers, history_start, today).build()
    products = tuple(d.product for d in drafts)
    sales = simulate_sales(
        sales_rng, [d.profile for d in drafts],
        {c.name: CategoryDemand(c.monthly_demand, c.holiday_uplift) for c in CATEGORIES},
        history_start, HISTORY_DAYS,
    )
    stock = _stock_and_ledger(stock_rng, ledger_rng, today, suppliers, products, sales)
    return DemoData(
        tenant_name=TENANT_NAME,
        today=today,
        users=tuple(DemoUser(email, name, role) for email, name, role in USERS),
        suppliers=tuple(suppliers.values()),
        products=products,
        sales=sales,
        **stock,
    )


def _stock_and_ledger(
    stock_rng: np.random.Generator,
    ledger_rng: np.random.Generator,
    today: dt.date,
    suppliers: dict[str, DemoSupplier],
    products: tuple[DemoProduct, ...],
    sales: DemoSales,
) -> dict:
    """Current stock, open POs, the recent ledger that ends at that stock, and lots."""
    window_start = today - dt.timedelta(days=LEDGER_DAYS)
    totals = sales.daily_totals(len(products))[:, -LEDGER_DAYS:]
    own_outflow = {p.master_sku: totals[i] for i, p in enumerate(products)}
    outflow = _stock_outflow(products, own_outflow)
    singles = [p for p in products if not p.is_set]
    skus = [p.master_sku for p in singles]
    rate = dict(zip(skus, rate_over(outflow, skus, RECENT_RATE_DAYS), strict=True))
    fresh = {p.master_sku for p in singles if p.launched_on > today - dt.timedelta(days=90)}
    on_hand = current_stock(stock_rng, singles, np.array([rate[s] for s in skus]), fresh)

    purchase_orders, po_receipts = _purchase_orders(stock_rng, today, suppliers, singles, on_hand, rate)
    for receipt in po_receipts:
        on_hand[receipt.master_sku] += receipt.quantity  # the received goods are on the shelf now

    openings, receipts, lots = {}, [], []
    for product in singles:
        sku = product.master_sku
        booked = [r for r in po_receipts if r.master_sku == sku]
        proposed = booked + propose_receipts(
            stock_rng, product, window_start, LEDGER_DAYS, rate[sku],
            max_deliveries=MAX_DELIVERIES - len(booked),
        )
        opening, kept = fit_receipts(on_hand[sku], outflow[sku], proposed, product.pack_size)
        if product.launched_on < window_start:
            openings[sku] = opening
        elif opening != 0:
            raise RuntimeError(f"{sku} launched in the ledger window but has an opening stock")
        receipts += kept
        if product.shelf_life_days:
            lots += build_lots(stock_rng, product, on_hand[sku], kept, window_start, today, rate[sku])

    movements = build_movements(ledger_rng, products, window_start, own_outflow, openings,
                                sorted(receipts, key=lambda r: (r.day, r.master_sku)), on_hand)
    # A lot received in the window carries the exact time of its receipt movement.
    received_at = {m.lot_code: m.created_at for m in movements if m.lot_code}
    lots = [replace(lot, received_at=received_at.get(lot.lot_code, lot.received_at)) for lot in lots]
    return {"on_hand": on_hand, "lots": tuple(lots), "movements": movements,
            "purchase_orders": purchase_orders}


def _supplier(spec: SupplierSpec) -> DemoSupplier:
    return DemoSupplier(spec.name, spec.contact_name, spec.phone, spec.email, spec.lead_time_days,
                        spec.moq, spec.notes)


def _stock_outflow(products: tuple[DemoProduct, ...], own: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Units leaving each single product's stock per day: its own sales plus sets consuming it."""
    outflow = {p.master_sku: own[p.master_sku].copy() for p in products if not p.is_set}
    for product in products:
        for component in product.components:
            outflow[component.component_sku] += own[product.master_sku] * component.quantity
    return outflow


def _retail_price(raw: float) -> int:
    """Korean shop pricing: 12,900 above 10,000 won, whole hundreds below."""
    if raw >= 10_000:
        return math.ceil(raw / 1000) * 1000 - 100
    return max(math.ceil(raw / 100) * 100, 500)


@dataclass
class _Draft:
    """A product under construction, with what the generator knows beyond the ORM fields."""

    product: DemoProduct
    profile: DemandProfile
    role: str  # "regular", "intermittent", "new", "mid_launch" or "set"
    brand: str
    item_name: str
    item_label: str  # item name with its variant


@dataclass(frozen=True)
class _SingleTemplate:
    category: CategorySpec
    item: ItemSpec
    variant: str
    brand: str
    supplier_key: str
    manufacturer: str
    shelf_life_days: int | None

    @property
    def item_label(self) -> str:
        return f"{self.item.name} {self.variant}".strip()


class _CatalogBuilder:
    """Draws the catalogue: singles from the item templates, then sets made of them."""

    def __init__(self, rng: np.random.Generator, suppliers: dict[str, DemoSupplier],
                 history_start: dt.date, today: dt.date) -> None:
        self.rng = rng
        self.suppliers = suppliers
        self.history_start = history_start
        self.today = today
        self.codes: dict[str, list] = {}  # channel -> code per product index, drawn in build()

    def build(self) -> list[_Draft]:
        templates = self._templates()
        roles = self._roles(templates)
        n_total = len(templates) + MULTI_PACK_SETS + MIXED_SETS
        self.codes = self._channel_codes(n_total)
        sequence = {c.name: 0 for c in CATEGORIES}
        drafts = []
        for template, role in zip(templates, roles, strict=True):
            sequence[template.category.name] += 1
            sku = f"{template.category.sku_prefix}-{sequence[template.category.name]:04d}"
            drafts.append(self._single(len(drafts), sku, template, role))
        return drafts + self._sets(drafts)

    # -- singles -----------------------------------------------------------------------------

    def _templates(self) -> list[_SingleTemplate]:
        rng = self.rng
        templates = []
        shelf_life_steps = np.array([365, 450, 540, 730, 900, 1095])
        for category in CATEGORIES:
            supplier_keys = list(category.suppliers)
            weights = np.array(list(category.suppliers.values()))
            for item in category.items:
                supplier_key = item.supplier or str(rng.choice(supplier_keys, p=weights / weights.sum()))
                brand = item.brand or str(rng.choice(category.brands))
                if supplier_key in IMPORT_MANUFACTURERS:
                    manufacturer = str(rng.choice(IMPORT_MANUFACTURERS[supplier_key]))
                else:
                    manufacturer = f"{brand}(주)"
                shelf_life = None
                if item.shelf_life:
                    allowed = shelf_life_steps[(shelf_life_steps >= item.shelf_life[0])
                                               & (shelf_life_steps <= item.shelf_life[1])]
                    shelf_life = int(rng.choice(allowed))
                for variant in item.variants:
                    templates.append(_SingleTemplate(category, item, variant, brand, supplier_key,
                                                     manufacturer, shelf_life))
        return templates

    def _roles(self, templates: list[_SingleTemplate]) -> list[str]:
        """One new product per category; some launched mid-history; ~20% intermittent."""
        rng = self.rng
        roles = ["regular"] * len(templates)
        for category in CATEGORIES:
            members = [i for i, t in enumerate(templates) if t.category is category]
            roles[int(rng.choice(members))] = "new"
        regular = [i for i, r in enumerate(roles) if r == "regular"]
        picked = rng.choice(regular, size=MID_HISTORY_LAUNCHES + round(INTERMITTENT_SHARE * len(templates)),
                            replace=False)
        for n, i in enumerate(picked):
            roles[int(i)] = "mid_launch" if n < MID_HISTORY_LAUNCHES else "intermittent"
        return roles

    def _launch_date(self, role: str) -> dt.date:
        if role == "new":
            days_ago = int(self.rng.integers(30, 91))
        elif role == "mid_launch":
            days_ago = int(self.rng.integers(120, 601))
        else:
            days_ago = HISTORY_DAYS + int(self.rng.integers(30, 5 * 365))
        return self.today - dt.timedelta(days=days_ago)

    def _single(self, index: int, sku: str, template: _SingleTemplate, role: str) -> _Draft:
        rng = self.rng
        supplier = self.suppliers[template.supplier_key]
        pack = template.item.pack_size
        cost = max(round(template.item.unit_cost * float(np.exp(rng.normal(0, 0.12))) / 10) * 10, 100)
        launched_on = self._launch_date(role)
        if role == "intermittent":
            order_size = float(rng.uniform(1.3, 3.0))
            base_rate = float(rng.uniform(0.04, 0.2)) * order_size
        else:
            # Long tail: most products sell about one a day, a few dozens; cheap things sell more.
            price_effect = (5_000 / cost) ** 0.25
            base_rate = float(np.clip(np.exp(rng.normal(np.log(0.9), 1.1)) * price_effect, 0.08, 60))
            if role == "new":  # launched because it looked promising: it should show up in the demo
                base_rate = max(base_rate, 0.8)
            order_size = 1.0
        lead_time = supplier.lead_time_days
        if rng.random() < 0.12:  # made to order, or stocked closer by the supplier
            lead_time = max(lead_time + int(rng.choice([-2, 3, 7, 14])), 1)
        moq = supplier.moq
        if rng.random() < 0.2:
            moq = max(int(moq * rng.choice([0.5, 2.0])), 1)
        moq = math.ceil(moq / pack) * pack
        safety_stock = 0 if rng.random() < 0.15 else max(1, round(base_rate * rng.uniform(5, 14)))
        if role == "intermittent":
            safety_stock = int(rng.integers(1, 4))
        profile = DemandProfile(
            category=template.category.name,
            base_rate=base_rate,
            trend_per_year=0.0 if role == "new" else float(np.clip(rng.normal(0.05, 0.3), -0.6, 0.7)),
            launch_day=(launched_on - self.history_start).days,
            ramp_days=float(rng.uniform(7, 25)),
            channel_shares=self._channel_shares(index),
            prices=self._prices(cost),
            dispersion=float(rng.uniform(2, 8)),
            weekday_strength=float(rng.uniform(0.6, 1.2)),
            intermittent=role == "intermittent",
            mean_order_size=order_size,
        )
        name = " ".join(part for part in (template.brand, template.item.name, template.variant) if part)
        product = DemoProduct(
            master_sku=sku,
            playauto_sku=self.codes["playauto"][index],
            name=name,
            category=template.category.name,
            kind="single",
            supplier_name=supplier.name,
            lead_time_days=lead_time,
            moq=moq,
            pack_size=pack,
            safety_stock=safety_stock,
            manufacturer=template.manufacturer,
            unit_cost=Decimal(cost),
            shelf_life_days=template.shelf_life_days,
            launched_on=launched_on,
            channel_skus=self._channel_skus(index),
        )
        return _Draft(product, profile, role, template.brand, template.item.name, template.item_label)

    # -- sets --------------------------------------------------------------------------------

    def _sets(self, singles: list[_Draft]) -> list[_Draft]:
        """Multi-packs of consumables ("3개 세트") and pairs of products of one brand; components
        are established, steadily selling singles (never sets)."""
        rng = self.rng
        steady = [d for d in singles if d.role == "regular" and d.profile.base_rate >= 0.4]
        consumables = [d for d in steady if d.product.pack_size > 1]
        recipes: list[tuple[str, list[tuple[_Draft, int]]]] = []
        for i in rng.choice(len(consumables), size=MULTI_PACK_SETS, replace=False):
            component = consumables[int(i)]
            count = int(rng.choice([2, 3, 5], p=[0.4, 0.45, 0.15]))
            recipes.append((f"{component.product.name} {count}개 세트", [(component, count)]))
        pairs = self._same_brand_pairs(steady)
        # The health-food gift set comes first: it is what sells around 설날 and 추석.
        pairs.sort(key=lambda pair: pair[0].product.category != "건강식품")
        others = rng.choice(range(1, len(pairs)), size=min(MIXED_SETS, len(pairs)) - 1, replace=False)
        chosen = pairs[:1] + [pairs[int(i)] for i in others]
        for first, second in chosen:
            kind = "선물세트" if first.product.category == "건강식품" else "세트"
            recipes.append((f"{first.brand} {first.item_label} + {second.item_label} {kind}",
                            [(first, 1), (second, 1)]))
        set_sequence: dict[str, int] = {}
        drafts = []
        for name, components in recipes:
            category = components[0][0].product.category
            set_sequence[category] = set_sequence.get(category, 0) + 1
            prefix = components[0][0].product.master_sku.split("-")[0]
            index = len(singles) + len(drafts)
            drafts.append(self._set(index, f"{prefix}-S{set_sequence[category]:03d}", name, components))
        return drafts

    def _same_brand_pairs(self, steady: list[_Draft]) -> list[tuple[_Draft, _Draft]]:
        pairs = []
        for a, first in enumerate(steady):
            for second in steady[a + 1:]:
                if (first.brand == second.brand and first.product.category == second.product.category
                        and first.item_name != second.item_name):
                    pairs.append((first, second))
        return pairs

    def _set(self, index: int, sku: str, name: str, components: list[tuple[_Draft, int]]) -> _Draft:
        rng = self.rng
        cost = sum(int(d.product.unit_cost) * n for d, n in components)
        latest_component = max(d.product.launched_on for d, _ in components)
        launched_on = min(max(latest_component, self.history_start - dt.timedelta(days=300))
                          + dt.timedelta(days=int(rng.integers(30, 400))),
                          self.today - dt.timedelta(days=120))
        first = components[0][0]
        profile = DemandProfile(
            category=first.product.category,
            base_rate=float(np.clip(np.exp(rng.normal(np.log(0.8), 0.6)), 0.2, 6)),
            trend_per_year=float(np.clip(rng.normal(0.1, 0.2), -0.3, 0.5)),
            launch_day=(launched_on - self.history_start).days,
            ramp_days=float(rng.uniform(7, 25)),
            channel_shares=self._channel_shares(index),
            prices=self._prices(cost * 0.92),  # bundles are a little cheaper than their parts
            dispersion=float(rng.uniform(2, 6)),
            weekday_strength=float(rng.uniform(0.6, 1.2)),
        )
        product = DemoProduct(
            master_sku=sku,
            playauto_sku=self.codes["playauto"][index],
            name=name,
            category=first.product.category,
            kind="set",
            supplier_name=None,
            lead_time_days=None,
            moq=1,
            pack_size=1,
            safety_stock=0,
            manufacturer=None,
            unit_cost=Decimal(cost),
            shelf_life_days=None,
            launched_on=launched_on,
            channel_skus=self._channel_skus(index),
            components=tuple(DemoSetComponent(d.product.master_sku, n) for d, n in components),
        )
        return _Draft(product, profile, "set", first.brand, name, name)

    # -- channels and prices -----------------------------------------------------------------

    def _channel_codes(self, n: int) -> dict[str, list]:
        """Unique codes per channel: PlayAuto numbers in registration order, marketplace numbers
        (10 digits) shuffled, own-mall codes for a subset."""
        rng = self.rng

        def increasing(base: int, low: int, high: int) -> np.ndarray:
            return base + np.cumsum(rng.integers(low, high, size=n))

        coupang = increasing(7_000_000_000, 10_000, 10_000_000)
        smartstore = increasing(4_000_000_000, 1_000, 5_000_000)
        rng.shuffle(coupang)
        rng.shuffle(smartstore)
        own_mall = increasing(10_000, 1, 20)
        listed = rng.random(n) < OWN_MALL_SHARE
        return {
            "playauto": [f"PA{code}" for code in increasing(1_000_000, 1, 400)],
            "coupang": [str(code) for code in coupang],
            "smartstore": [str(code) for code in smartstore],
            "own_mall": [f"HBM{code:05d}" if on else None for code, on in zip(own_mall, listed, strict=True)],
        }

    def _channel_skus(self, index: int) -> dict[str, str]:
        return {c: self.codes[c][index] for c in CHANNELS if self.codes[c][index] is not None}

    def _channel_shares(self, index: int) -> tuple[float, ...]:
        mix = np.array(CHANNEL_MIX) * 3
        if self.codes["own_mall"][index] is None:
            mix[-1] = 0
        shares = np.zeros(len(CHANNELS))
        sold = mix > 0
        shares[sold] = self.rng.dirichlet(mix[sold])
        return tuple(float(s) for s in shares)

    def _prices(self, cost: float) -> tuple[int, ...]:
        markup = self.rng.uniform(1.6, 2.5)
        return tuple(_retail_price(cost * markup * self.rng.uniform(*r)) for r in CHANNEL_PRICE_RANGE)


def _purchase_orders(
    rng: np.random.Generator,
    today: dt.date,
    suppliers: dict[str, DemoSupplier],
    singles: list[DemoProduct],
    on_hand: dict[str, int],
    rate: dict[str, float],
) -> tuple[tuple[DemoPurchaseOrder, ...], list[Receipt]]:
    """Open POs for the products with the fewest days of supply at each supplier, and the
    receipts already booked against the partly received one."""
    used: set[str] = set()
    orders, receipts = [], []
    window_start = today - dt.timedelta(days=LEDGER_DAYS)
    plans = sorted(PURCHASE_ORDER_PLANS, key=lambda plan: -plan[2])
    for number, (key, status, days_ago, n_lines, note) in enumerate(plans, start=1):
        supplier = suppliers[key]
        ordered_on = today - dt.timedelta(days=days_ago)
        po_number = f"PO-{ordered_on.year}-{number:04d}"
        candidates = [p for p in singles if p.supplier_name == supplier.name
                      and p.master_sku not in used and p.launched_on < window_start]
        candidates.sort(key=lambda p: on_hand[p.master_sku] / max(rate[p.master_sku], 0.05))
        lines = []
        for n, product in enumerate(candidates[:n_lines]):
            used.add(product.master_sku)
            lead = product.lead_time_days or supplier.lead_time_days
            need = rate[product.master_sku] * (lead + 30)
            quantity = math.ceil(max(product.moq, need, 1) / product.pack_size) * product.pack_size
            received = _partly_received(quantity, product.pack_size, n) if status == "partly_received" else 0
            if received:
                received_on = today - dt.timedelta(days=PARTIAL_RECEIPT_DAYS_AGO)
                lot = lot_code(product.master_sku, received_on) if product.shelf_life_days else None
                receipts.append(Receipt(product.master_sku, LEDGER_DAYS - PARTIAL_RECEIPT_DAYS_AGO, received,
                                        "receipt", f"{po_number} 입고", lot_code=lot, fixed=True))
            lines.append(DemoPurchaseOrderLine(product.master_sku, quantity, received, product.unit_cost))
        orders.append(DemoPurchaseOrder(
            po_number=po_number, supplier_name=supplier.name, status=status, ordered_on=ordered_on,
            expected_on=ordered_on + dt.timedelta(days=supplier.lead_time_days), note=note,
            lines=tuple(lines),
        ))
    return tuple(orders), receipts


def _partly_received(quantity: int, pack_size: int, line_number: int) -> int:
    """A partial delivery: the first line complete, the second half (whole packs), the rest open."""
    if line_number == 0:
        return quantity
    if line_number == 1:
        return quantity // 2 // pack_size * pack_size
    return 0


__all__ = ["DemoData", "DemoSales", "generate_demo", "HISTORY_DAYS", "LEDGER_DAYS"]
