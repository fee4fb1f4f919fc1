from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated

from pydantic import Field, StringConstraints

from smartstock.kit.schemas import Schema, WriteSchema
from smartstock.planning.purchase_orders.schemas import SupplierRef

Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]


class Problem(Schema):
    code: str
    ko: str
    en: str


class RecommendationOut(Schema):
    product_id: int
    master_sku: str
    product_name: str
    category: str | None
    supplier: SupplierRef | None
    abc_class: str | None = Field(description="A/B/C by sales value of the last 90 days")
    on_hand: int
    on_order: int
    position: float = Field(description="on hand + on order")
    lead_time_days: int | None
    lead_time_source: str | None = Field(description="product, supplier or history (observed on received orders)")
    lead_time_observed: float | None = Field(description="mean days from sending an order to its first receipt")
    lead_time_sd: float = Field(description="sd of the observed lead times (3 or more), else 0")
    moq: int
    pack_size: int
    unit_cost: Decimal | None
    forecast_run_id: int | None
    forecast_overridden: bool
    mu: float = Field(description="mean daily demand over the lead time (forecast, overrides included)")
    sigma: float | None = Field(description="sd of daily demand implied by the forecast's lead-time distribution")
    lead_time_demand: float = Field(description="E[D_L]: forecast demand over the lead time")
    lead_time_demand_p50: float
    lead_time_demand_quantile: float | None = Field(description="D_L at the service level (the forecast's own distribution)")
    method: str
    service_measure: str
    service_level: float
    service_level_source: str = Field(description="product, category, abc:A/B/C, tenant or default")
    order_rule: str
    review_period_days: int
    safety_factor: float | None
    safety_stock: float
    reorder_point: float
    target_stock: float
    eoq: float | None
    order_qty: int = Field(description="recommended now (0 unless an order is needed now)")
    order_needed: bool
    next_order_qty: int
    order_by_date: dt.date | None
    expected_arrival: dt.date | None
    days_of_supply: float | None
    days_of_supply_after_arrival: float | None
    excess: float
    stockout_date: dt.date | None
    amount: Decimal | None = Field(description="order_qty × unit cost")
    warnings: list[str]
    explain_ko: list[str]
    explain_en: list[str]
    problem: Problem | None = Field(description="why the product cannot be planned; its numbers are then 0")


class RecommendationsOut(Schema):
    as_of: dt.date
    forecast_run_id: int | None
    rows: list[RecommendationOut]
    needed_count: int
    total_amount: Decimal | None


class DraftItemIn(WriteSchema):
    product_id: int
    quantity: Annotated[int, Field(ge=1, le=100_000_000)] | None = Field(
        None, description="Defaults to the recommendation; a different figure needs a reason.")
    reason: Reason | None = None


class DraftsIn(WriteSchema):
    items: Annotated[list[DraftItemIn], Field(min_length=1, max_length=500)]
    note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None
