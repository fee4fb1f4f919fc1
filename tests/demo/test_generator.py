"""The demo generator is pure and deterministic; its data must look like a real small seller."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter

import numpy as np
import pytest

from smartstock.demo.data import CHANNELS, DEMO_EMAILS, DemoData
from smartstock.demo.generator import HISTORY_DAYS, generate_demo
from smartstock.demo.korean_calendar import CHUSEOK
from smartstock.demo.ledger import LEDGER_DAYS

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def data() -> DemoData:
    return generate_demo(seed=42, today=TODAY)


@pytest.fixture(scope="module")
def totals(data) -> np.ndarray:
    """Units per product and day over all channels: (products, days)."""
    return data.sales.daily_totals(len(data.products))


def weekday_of(data: DemoData) -> np.ndarray:
    return np.array([d.weekday() for d in data.sales.dates()])


def test_same_seed_gives_identical_data(data):
    again = generate_demo(seed=42, today=TODAY)
    assert again.products == data.products
    assert again.suppliers == data.suppliers
    assert again.on_hand == data.on_hand
    assert again.lots == data.lots
    assert again.movements == data.movements
    assert again.purchase_orders == data.purchase_orders
    for column in ("product_index", "channel_index", "day_index", "quantity", "revenue", "promotion"):
        assert np.array_equal(getattr(again.sales, column), getattr(data.sales, column)), column


def test_other_seed_gives_other_data(data):
    other = generate_demo(seed=7, today=TODAY)
    assert other.sales.quantity.sum() != data.sales.quantity.sum()
    assert other.on_hand != data.on_hand


def test_generation_is_fast():
    started = time.perf_counter()
    generate_demo(seed=1, today=TODAY)
    assert time.perf_counter() - started < 5  # ~0.5 s; generous for a busy machine


def test_history_is_two_years_ending_yesterday(data):
    assert data.sales.days == HISTORY_DAYS
    assert data.sales.end_date == TODAY - dt.timedelta(days=1)
    assert data.sales.day_index.min() == 0 and data.sales.day_index.max() == HISTORY_DAYS - 1


def test_default_today_is_the_real_today():
    assert generate_demo(seed=3).today == dt.date.today()


def test_suppliers_differ_and_include_a_120_day_importer(data):
    assert 3 <= len(data.suppliers) <= 5
    lead_times = [s.lead_time_days for s in data.suppliers]
    assert 120 in lead_times
    assert len(set(lead_times)) == len(lead_times)
    assert len({s.moq for s in data.suppliers}) == len(data.suppliers)
    assert all(s.name and s.phone and "@" in s.email and s.contact_name for s in data.suppliers)
    nordic = next(s for s in data.suppliers if s.lead_time_days == 120)
    assert nordic.moq == 1000
    assert any(p.supplier_name == nordic.name for p in data.products)


def test_catalogue_of_about_200_products_in_8_categories(data):
    assert 180 <= len(data.products) <= 220
    assert len({p.category for p in data.products}) == 8
    assert 8 <= len(data.sets) <= 12
    assert len({p.master_sku for p in data.products}) == len(data.products)
    assert len({p.playauto_sku for p in data.products}) == len(data.products)
    assert all(p.playauto_sku.startswith("PA") and len(p.playauto_sku) == 9 for p in data.products)
    assert all(p.unit_cost > 0 and p.unit_cost == p.unit_cost.to_integral_value() for p in data.products)
    assert {p.pack_size for p in data.singles} >= {1, 6, 10, 12, 24}
    assert all(p.moq % p.pack_size == 0 for p in data.singles)
    assert len({p.lead_time_days for p in data.singles}) > len(data.suppliers)  # some overrides


def test_channel_codes_are_unique_per_channel(data):
    for channel in CHANNELS:
        codes = [p.channel_skus[channel] for p in data.products if channel in p.channel_skus]
        assert len(codes) == len(set(codes)), channel
    assert all("coupang" in p.channel_skus and "smartstore" in p.channel_skus for p in data.products)
    assert all(len(p.channel_skus["coupang"]) == 10 and p.channel_skus["coupang"].isdigit() for p in data.products)
    with_own_mall = sum("own_mall" in p.channel_skus for p in data.products)
    assert 0.3 * len(data.products) < with_own_mall < 0.9 * len(data.products)


def test_sets_are_made_of_single_products_only(data):
    for product in data.sets:
        assert product.components
        assert product.supplier_name is None and product.shelf_life_days is None
        for component in product.components:
            assert not data.product(component.component_sku).is_set
            assert component.quantity >= 1
        assert product.unit_cost == sum(
            data.product(c.component_sku).unit_cost * c.quantity for c in product.components
        )
    assert any(len(p.components) == 1 and p.components[0].quantity > 1 for p in data.sets)
    assert any(len(p.components) == 2 for p in data.sets)
    assert all(not p.components for p in data.singles)


def test_shelf_life_only_for_food_health_and_beauty(data):
    for product in data.singles:
        if product.category in ("건강식품", "뷰티"):
            assert product.shelf_life_days is not None and 365 <= product.shelf_life_days <= 1095
        elif product.category != "반려동물용품":  # pet food and treats do have one
            assert product.shelf_life_days is None


def test_new_products_sell_only_from_their_launch(data, totals):
    new = [p for p in data.products if TODAY - dt.timedelta(days=90) <= p.launched_on <= TODAY - dt.timedelta(days=30)]
    assert len(new) >= 5
    for i, product in enumerate(data.products):
        launch_index = (product.launched_on - data.sales.start_date).days
        if launch_index > 0:
            assert totals[i, :launch_index].sum() == 0, product.master_sku
    for product in new:
        assert totals[data.products.index(product)].sum() > 0, product.master_sku


def test_long_tailed_rates_with_intermittent_series(data, totals):
    recent = totals[:, -365:].mean(axis=1)
    assert recent.max() > 8  # a few fast movers
    assert np.median(recent) < 1.5  # most sell slowly
    zero_share = []
    for i, product in enumerate(data.products):
        since_launch = totals[i, max((product.launched_on - data.sales.start_date).days, 0):]
        zero_share.append((since_launch == 0).mean())
    assert sum(share > 0.7 for share in zero_share) >= 0.15 * len(data.products)


def test_weekly_seasonality_monday_high_saturday_low(data, totals):
    weekday = weekday_of(data)
    by_weekday = [totals[:, weekday == d].sum(axis=0).mean() for d in range(7)]
    assert by_weekday[0] == max(by_weekday)
    assert by_weekday[5] == min(by_weekday)
    assert by_weekday[0] > 1.2 * by_weekday[5]


def test_yearly_seasonality_by_category(data, totals):
    months = np.array([d.month for d in data.sales.dates()])

    def monthly_mean(category: str, month_set: tuple[int, ...]) -> float:
        rows = [i for i, p in enumerate(data.products) if p.category == category]
        return totals[rows][:, np.isin(months, month_set)].sum(axis=0).mean()

    assert monthly_mean("캠핑용품", (4, 5, 9, 10)) > 2 * monthly_mean("캠핑용품", (12, 1, 2))
    assert monthly_mean("건강식품", (12, 1)) > 1.3 * monthly_mean("건강식품", (6, 7))


def test_health_food_gift_season_before_chuseok(data, totals):
    rows = [i for i, p in enumerate(data.products) if p.category == "건강식품"]
    chuseok = CHUSEOK[2026]
    index = (chuseok - data.sales.start_date).days
    gift_season = totals[rows][:, index - 12:index - 5].sum(axis=0).mean()
    a_month_earlier = totals[rows][:, index - 45:index - 38].sum(axis=0).mean()
    holiday = totals[rows][:, index - 1:index + 2].sum(axis=0).mean()
    assert gift_season > 1.5 * a_month_earlier
    assert holiday < 0.6 * gift_season


def test_promotions_lift_sales_at_a_discount(data):
    sales = data.sales
    assert 0.005 < sales.promotion.mean() < 0.15
    unit_price = sales.revenue / sales.quantity
    key = sales.product_index.astype(np.int64) * len(CHANNELS) + sales.channel_index
    compared = cheaper = 0
    for k in np.unique(key[sales.promotion]):
        promoted, regular = (key == k) & sales.promotion, (key == k) & ~sales.promotion
        if regular.any():
            compared += 1
            cheaper += unit_price[promoted].mean() < unit_price[regular].mean()
    assert compared >= 50 and cheaper >= 0.95 * compared


def test_selling_prices_are_a_markup_on_cost(data):
    sales = data.sales
    cost = np.array([float(p.unit_cost) for p in data.products])[sales.product_index]
    markup = (sales.revenue / sales.quantity)[~sales.promotion] / cost[~sales.promotion]
    assert markup.min() > 1.3 and markup.max() < 3.0
    assert len(np.unique(sales.channel_index)) == 3


def test_current_stock_spread(data, totals):
    singles = data.singles
    on_hand = np.array([data.on_hand[p.master_sku] for p in singles])
    assert set(data.on_hand) == {p.master_sku for p in singles}
    assert (on_hand >= 0).all()
    assert 1 <= (on_hand == 0).sum() <= 0.15 * len(singles)
    below_safety = sum(0 < data.on_hand[p.master_sku] < p.safety_stock for p in singles)
    assert below_safety >= 3
    indices = [data.products.index(p) for p in singles]
    rate = totals[indices, -28:].mean(axis=1)
    selling = rate > 1
    weeks = on_hand[selling] / (rate[selling] * 7)
    assert ((weeks >= 0.5) & (weeks <= 10)).mean() > 0.5
    assert (weeks > 12).sum() >= 2  # overstocked


def test_lots_for_shelf_life_products(data):
    lots_by_sku = Counter(lot.master_sku for lot in data.lots)
    for product in data.singles:
        if product.shelf_life_days is None:
            assert product.master_sku not in lots_by_sku
        elif product.launched_on < TODAY - dt.timedelta(days=LEDGER_DAYS):
            assert 2 <= lots_by_sku[product.master_sku] <= 3, product.master_sku
    remaining = Counter()
    for lot in data.lots:
        assert 0 <= lot.remaining <= lot.received_quantity
        assert lot.received_at.date() <= TODAY < lot.use_by
        remaining[lot.master_sku] += lot.remaining
    assert all(remaining[sku] <= data.on_hand[sku] for sku in remaining)
    assert sum(lot.use_by <= TODAY + dt.timedelta(days=30) and lot.remaining > 0 for lot in data.lots) >= 3
    assert len({(lot.master_sku, lot.lot_code) for lot in data.lots}) == len(data.lots)
    receipt_times = {m.lot_code: m.created_at for m in data.movements if m.lot_code}
    assert receipt_times and all(lot.received_at == receipt_times[lot.lot_code]
                                 for lot in data.lots if lot.lot_code in receipt_times)


def test_ledger_ends_at_current_stock_and_never_goes_negative(data):
    balance = Counter()
    for movement in data.movements:
        product = data.product(movement.master_sku)
        if product.is_set:
            assert movement.balance_after is None
            continue
        balance[movement.master_sku] += movement.quantity
        assert movement.balance_after == balance[movement.master_sku] >= 0
    for sku, on_hand in data.on_hand.items():
        assert balance[sku] == on_hand, sku


def test_ledger_is_in_time_order_and_follows_sales(data, totals):
    times = [m.created_at for m in data.movements]
    assert times == sorted(times)
    assert all(t.tzinfo is not None for t in times)
    assert [m.key for m in data.movements] == list(range(len(data.movements)))
    window_start = TODAY - dt.timedelta(days=LEDGER_DAYS)
    assert min(times).date() >= window_start - dt.timedelta(days=1)  # 08:30 KST is 23:30 UTC
    shipped = Counter()
    for m in data.movements:
        if m.reason == "outbound":
            shipped[m.master_sku] -= m.quantity
    for i, product in enumerate(data.products):
        assert shipped[product.master_sku] == totals[i, -LEDGER_DAYS:].sum(), product.master_sku
    assert {m.actor_role for m in data.movements} <= {"staff", "manager"}
    reasons = Counter(m.reason for m in data.movements)
    assert reasons["stock_count"] > 100 and reasons["inbound"] > 20 and reasons["receipt"] >= 1


def test_set_sales_consume_components(data):
    by_key = {m.key: m for m in data.movements}
    consumptions = [m for m in data.movements if m.reason == "set_consumption"]
    assert consumptions
    for m in consumptions:
        parent = by_key[m.parent_key]
        set_product = data.product(parent.master_sku)
        assert set_product.is_set and parent.reason == "outbound"
        quantity = {c.component_sku: c.quantity for c in set_product.components}[m.master_sku]
        assert m.quantity == parent.quantity * quantity
        assert m.created_at == parent.created_at and m.key > parent.key


def test_open_purchase_orders(data):
    orders = data.purchase_orders
    assert 4 <= len(orders) <= 6
    assert {o.status for o in orders} == {"sent", "approved", "partly_received"}
    assert len({o.supplier_name for o in orders}) == len(orders)
    assert len({o.po_number for o in orders}) == len(orders)
    lead = {s.name: s.lead_time_days for s in data.suppliers}
    for order in orders:
        assert order.po_number.startswith(f"PO-{order.ordered_on.year}-")
        assert order.ordered_on < TODAY
        assert order.expected_on == order.ordered_on + dt.timedelta(days=lead[order.supplier_name])
        assert order.lines
        for line in order.lines:
            product = data.product(line.master_sku)
            assert product.supplier_name == order.supplier_name and not product.is_set
            assert line.quantity >= product.moq and 0 <= line.received_quantity <= line.quantity
    late = [o for o in orders if o.expected_on < TODAY and o.status == "sent"]
    assert len(late) == 1 and all(line.received_quantity == 0 for line in late[0].lines)
    partly = next(o for o in orders if o.status == "partly_received")
    assert 0 < sum(line.received_quantity for line in partly.lines) < sum(line.quantity for line in partly.lines)
    receipts = Counter()
    for m in data.movements:
        if m.reason == "receipt":
            receipts[m.master_sku] += m.quantity
    assert receipts == Counter({line.master_sku: line.received_quantity for line in partly.lines
                                if line.received_quantity})


def test_users_and_tenant(data):
    assert [u.email for u in data.users] == list(DEMO_EMAILS)
    assert [u.role for u in data.users] == ["owner", "manager", "staff", "viewer"]
    assert all(u.name for u in data.users)
    assert "데모" in data.tenant_name
