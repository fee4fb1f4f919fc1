from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from smartstock.db.models import PolicyScope
from smartstock.kit.schemas import Schema, WriteSchema
from smartstock.planning.core.policy import OrderRule, SafetyStockMethod, ServiceMeasure

Level = Annotated[float, Field(ge=0.5, le=0.999, description="0.5–0.999 (e.g. 0.95)")]
ReviewDays = Annotated[int, Field(ge=0, le=365)]
HoldingRate = Annotated[float, Field(ge=0, le=5, description="holding cost per year as a share of unit cost")]
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]


class PolicyValues(Schema):
    """The tenant's resolved defaults (every field has a value except the optional ones)."""

    safety_stock_method: SafetyStockMethod
    service_measure: ServiceMeasure
    service_level: float
    service_level_a: float | None = Field(description="Service level of A products (top 80 % of sales value); null = service_level")
    service_level_b: float | None
    service_level_c: float | None
    order_rule: OrderRule
    review_period_days: int
    holding_rate: float
    ordering_cost: Decimal | None = Field(description="Cost of placing one order (EOQ); null = not set")


class PolicyFieldsIn(WriteSchema):
    """Fields to set; a field left out is unchanged, a field sent as null inherits again."""

    safety_stock_method: SafetyStockMethod | None = None
    service_measure: ServiceMeasure | None = None
    service_level: Level | None = None
    service_level_a: Level | None = None
    service_level_b: Level | None = None
    service_level_c: Level | None = None
    order_rule: OrderRule | None = None
    review_period_days: ReviewDays | None = None
    holding_rate: HoldingRate | None = None
    ordering_cost: Money | None = None


class PolicyOverrideIn(PolicyFieldsIn):
    scope: Literal["category", "product"]
    category: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    product_id: int | None = None

    @model_validator(mode="after")
    def _target(self) -> PolicyOverrideIn:
        if (self.scope == "category") != (self.category is not None) or (self.scope == "product") != (self.product_id is not None):
            raise ValueError("a category override needs `category`, a product override `product_id` (only that one)")
        return self


class PolicyOverrideOut(Schema):
    id: int
    scope: PolicyScope
    category: str | None
    product_id: int | None
    master_sku: str | None
    product_name: str | None
    safety_stock_method: SafetyStockMethod | None
    service_measure: ServiceMeasure | None
    service_level: float | None
    service_level_a: float | None
    service_level_b: float | None
    service_level_c: float | None
    order_rule: OrderRule | None
    review_period_days: int | None
    holding_rate: float | None
    ordering_cost: Decimal | None
    updated_at: dt.datetime


class PolicySettingsOut(Schema):
    defaults: PolicyValues
    overrides: list[PolicyOverrideOut]
