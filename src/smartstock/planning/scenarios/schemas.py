from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import ConfigDict, Field

from smartstock.kit.schemas import Schema, UserRef, WriteSchema

PolicyKey = Literal["smartstock", "coverage", "minmax"]
Verdict = Literal["ai", "human", "same", "pending"]


# --- scenarios ------------------------------------------------------------------------------------

class ScenarioIn(WriteSchema):
    service_level: float | None = Field(
        None, ge=0.5, le=0.999,
        description="Target fill rate of SmartStock's policy; default: the tenant's service level (0.95).")
    lead_time_days: int | None = Field(None, ge=1, le=365, description="One lead time for every product; "
                                       "null: each product's own (else its supplier's default).")
    days: int = Field(180, ge=28, le=1095, description="Days of past demand to replay (fewer when the history is shorter).")


class PolicyResult(Schema):
    key: PolicyKey
    label_ko: str
    label_en: str
    fill_rate: float | None = Field(description="Units served / units demanded over the replay window.")
    stockout_rate: float | None = Field(description="Share of active SKU-days with unmet demand.")
    avg_inventory_units: float
    avg_inventory_value: float | None = Field(description="Over the products with a unit cost.")
    days_of_supply: float | None
    holding_cost: float | None
    orders: int


class CurvePoint(Schema):
    key: PolicyKey
    fill_rate_target: float
    avg_inventory_units: float | None = Field(description="Inventory the policy needs for the target; null when "
                                              "even its most generous setting misses it.")
    achieved_fill_rate: float | None
    reached: bool


class SkippedProduct(Schema):
    product_id: int
    master_sku: str
    product_name: str
    code: str
    ko: str
    en: str


class ScenarioResultOut(Schema):
    job_id: int
    created_at: dt.datetime
    finished_at: dt.datetime | None
    params: dict[str, Any]
    policies: list[PolicyResult]
    curve: list[CurvePoint]
    products: int
    days: int
    window_start: dt.date
    window_end: dt.date
    service_level: float
    priced_products: int = Field(description="Products with a unit cost (inventory value and holding cost).")
    forecaster: str
    skipped: list[SkippedProduct]


# --- what-if --------------------------------------------------------------------------------------

class WhatIfIn(WriteSchema):
    product_id: int
    quantity: int = Field(description="Units to order (at least 1).")
    order_date: dt.date | None = Field(None, description="Default: today (the tenant's date).")


class WhatIfDay(Schema):
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)

    day: dt.date
    without: float = Field(description="Projected end-of-day stock without the order.")
    with_: float = Field(alias="with", description="… with it.")
    demand: float = Field(description="The mean forecast (or the override) for the day.")
    receipts: float = Field(description="Scheduled receipts of open purchase orders arriving that day.")


class ScheduledReceipt(Schema):
    expected_on: dt.date | None
    quantity: int
    counted: bool = Field(description="False when its date is unknown or past the forecast: not in the projection.")


class WhatIfOut(Schema):
    product_id: int
    master_sku: str
    product_name: str
    on_hand: int
    lead_time_days: int
    order_date: dt.date
    arrival_date: dt.date
    quantity: int
    days: list[WhatIfDay]
    days_of_supply_without: float | None = Field(description="Projected stock on the arrival day ÷ mean daily "
                                                  "forecast; null when there is no demand to cover.")
    days_of_supply_with: float | None
    stockout_date_without: dt.date | None
    stockout_date_with: dt.date | None
    scheduled_receipts: list[ScheduledReceipt]
    forecast_overridden: bool


# --- Human–AI report -------------------------------------------------------------------------------

class HumanAiLine(Schema):
    po_id: int
    po_number: str
    line_id: int
    product_id: int
    master_sku: str
    product_name: str
    ordered_on: dt.date | None
    lead_time_days: int | None
    window_days: int | None
    proposed_quantity: int
    final_quantity: int
    changed_by: UserRef | None
    reason: str | None
    forecast_lead_time_demand: float | None = Field(description="The proposal's forecast demand over the window "
                                                    "(lead time + review period).")
    actual_lead_time_demand: float | None
    fill_rate_ai: float | None
    fill_rate_final: float | None
    ending_stock_ai: float | None
    ending_stock_final: float | None
    verdict: Verdict


class HumanAiSummary(Schema):
    lines: int
    changed: int
    human_better: int
    ai_better: int
    pending: int
    forecast_wape: float | None


class HumanAiLesson(Schema):
    category: str | None = Field(description="The products' category (null: products without one).")
    decided: int = Field(description="Changed lines whose window has passed and that one side won.")
    human_better: int
    ai_better: int
    mean_change: float = Field(description="Σ(final − proposed) / Σ proposed over those lines (0.3 = people ordered 30 % more).")
    winner: Literal["human", "ai"]
    message_ko: str
    message_en: str


class HumanAiOut(Schema):
    as_of: dt.date | None = Field(description="The last day of actual demand used.")
    lines: list[HumanAiLine]
    summary: HumanAiSummary
    lessons: list[HumanAiLesson] = Field(description="Categories where people's changes were clearly right "
                                                     "(or clearly wrong), once there are enough of them.")
