"""The lead time a product is planned with (its own, else its supplier's default), and why a
product has none that planning can use — one rule for recommendations, scenarios and what-if."""

from __future__ import annotations

from smartstock.db.models import Product

# code → (Korean, English): what is wrong and what to enter
PROBLEMS = {
    "no_lead_time": ("리드타임이 없습니다. 상품이나 공급업체에 리드타임(발주부터 입고까지 일수)을 입력하세요.",
                     "No lead time: enter the days from order to arrival on the product or its supplier."),
    "lead_time_zero": ("리드타임이 0일입니다. 발주부터 입고까지 최소 1일 이상으로 입력하세요.",
                       "The lead time is 0 days: enter at least 1 day from order to arrival."),
}


def entered_lead_time(product: Product) -> int | None:
    """The product's lead time, else its supplier's default (the supplier must be loaded)."""
    if product.lead_time_days is not None:
        return product.lead_time_days
    return product.supplier.default_lead_time_days if product.supplier is not None else None


def lead_time_problem(days: int | None) -> str | None:
    """The PROBLEMS code when a lead time cannot be planned with (none, or under 1 day)."""
    return "no_lead_time" if days is None else "lead_time_zero" if days < 1 else None
