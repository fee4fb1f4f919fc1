"""Order recommendations (발주 추천): for every active product, the newest forecast (overrides
included) over its lead time, its stock, what is on order and the policy in force go through
`planning.core.policy.plan`, which returns every number with a one-line explanation.

Inputs per product:
- lead time L: the product's, else its supplier's default, else the mean of the lead times observed
  on its received orders (sent → first receipt); none, or 0 days, is a `problem` and the product is
  not planned (the message says what to enter); σ_L from 3 or more observed lead times;
- forecast: the run's daily effective forecast from today (a run made some days ago is read from
  today's day on); the projections run 90 days at least, a forecast shorter than that continues at
  its last 28 days' mean (a warning when that reaches into lead time + review period); demand over the lead time is simulated on 500 sample paths from the
  chosen model's backtest residuals (`core.quantiles.sample_paths`), never by summing daily
  quantiles; σ (daily) = sd of those lead-time totals / √L; a product without residuals (new, too
  little history to backtest) is given Poisson lead-time demand (variance = mean) and says so;
- stock: on hand (ledger balance), on order and the scheduled receipts of open purchase orders
  (an unknown expected date counts as arriving after the lead time; a late one as arriving today);
- policy: `planning.policies.service.policies_for` (product → category → ABC class → tenant);
  ABC classes by sales value of the last 90 days (revenue where the sales carry it, else units ×
  unit cost, else units).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from smartstock.db.base import utcnow
from smartstock.db.models import Product, ProductKind, PurchaseOrderLineChange, PurchaseOrderLineChangeKind
from smartstock.forecasting.core.quantiles import sample_paths
from smartstock.forecasting.service import PlanningForecast, planning_forecasts
from smartstock.kit.auth import Principal
from smartstock.kit.errors import BadRequest
from smartstock.planning.core.abc import abc_classes
from smartstock.planning.core.policy import OrderRule, plan
from smartstock.planning.lead_times import PROBLEMS, entered_lead_time, lead_time_problem
from smartstock.planning.policies.service import ResolvedPolicy, policies_for
from smartstock.planning.purchase_orders import service as purchase_orders
from smartstock.planning.purchase_orders.schemas import PurchaseOrderDetail, SupplierRef
from smartstock.planning.recommendations import schemas
from smartstock.planning.recommendations.repository import RecommendationRepository

PATHS = 500
ABC_DAYS = 90
EXTRA_DAYS = 60  # projected beyond lead time + review period (stock-out date, days of supply)
MIN_DAYS = 90  # days projected at least
TAIL_DAYS = 28  # an extended forecast continues at the mean of its last 28 days
MIN_OBSERVED = 3  # received orders before the lead time's spread is estimated from them
@dataclass
class Planned:
    product: Product
    row: dict[str, Any]


@dataclass(frozen=True)
class LeadTime:
    days: int | None
    source: str | None  # "product", "supplier", "history" or None
    observed_mean: float | None
    sd: float


def _lead_time(product: Product, observed: Sequence[int]) -> LeadTime:
    """The entered lead time (product's, else its supplier's), or else the mean observed one; the
    spread σ_L from the observations once there are MIN_OBSERVED of them."""
    mean = float(np.mean(observed)) if observed else None
    sd = float(np.std(observed, ddof=1)) if len(observed) >= MIN_OBSERVED else 0.0
    entered = entered_lead_time(product)
    if entered is not None:
        return LeadTime(entered, "product" if product.lead_time_days is not None else "supplier", mean, sd)
    if mean is not None:
        return LeadTime(max(1, math.ceil(mean)), "history", mean, sd)
    return LeadTime(None, None, None, 0.0)


def _problem(lead_time: int | None) -> schemas.Problem | None:
    code = lead_time_problem(lead_time)
    return schemas.Problem(code=code, ko=PROBLEMS[code][0], en=PROBLEMS[code][1]) if code else None


def _abc(repo: RecommendationRepository, products: Sequence[Product], today: dt.date) -> dict[int, str | None]:
    sales = repo.sales_since(today - dt.timedelta(days=ABC_DAYS))
    values = []
    for p in products:
        units, revenue = sales.get(p.id, (0, None))
        if revenue is not None and revenue > 0:
            values.append(float(revenue))
        else:
            values.append(units * float(p.unit_cost) if p.unit_cost is not None else float(units))
    if not any(v > 0 for v in values):
        return {p.id: None for p in products}
    return dict(zip((p.id for p in products), abc_classes(values), strict=True))


def _extend(path: np.ndarray, days: int, level: float) -> np.ndarray:
    return path if path.size >= days else np.concatenate([path, np.full(days - path.size, level)])


def _forecast_inputs(fc: PlanningForecast, today: dt.date, lead_time: int, review_days: int, days: int) -> dict[str, Any]:
    """The forecast from today as plan() takes it: the daily mean path (overrides applied) of
    `days` days, and the lead-time totals of the sample paths. The stock projections (order-by
    and stock-out dates) use the mean path: a sum of daily medians would understate intermittent
    demand (a slow seller's daily p50 is 0 on most days)."""
    offset = max(0, (today - fc.first_day).days)
    effective = fc.effective[offset:]
    tail = fc.effective[-TAIL_DAYS:]
    level = float(tail.mean()) if tail.size else 0.0
    extended = effective.size < lead_time + review_days  # the order decision itself reaches past the forecast
    effective = _extend(effective, days, level)[:days]
    expected = float(effective[:lead_time].sum())
    assumed = fc.residuals.size == 0 and expected > 0
    if assumed:  # no backtest residuals (a new product): Poisson demand, the least spread counts can have
        totals = np.random.default_rng(0).poisson(expected, PATHS).astype(float)
    else:
        totals = sample_paths(effective[:lead_time], fc.residuals, PATHS).sum(axis=1)
        totals = np.resize(totals, PATHS)  # without residuals: the point forecast, repeated
    return {"effective": effective, "totals": totals, "extended": extended, "assumed": assumed}


def _receipts(receipts: list[tuple[dt.date | None, int]], today: dt.date, lead_time: int, days: int) -> np.ndarray:
    out = np.zeros(days)
    for expected, quantity in receipts:
        day = lead_time if expected is None else max(0, (expected - today).days)
        if day < days:
            out[day] += quantity
    return out


def build(session: Session, tenant_id: int, today: dt.date, product_ids: Sequence[int] | None = None
          ) -> tuple[int | None, list[Planned]]:
    """(forecast run id, one planned row per active single product, by master SKU). ABC classes
    are always ranked over all products; `product_ids` only narrows what is returned."""
    repo = RecommendationRepository(session, tenant_id)
    products = repo.products()
    abc = _abc(repo, products, today)
    if product_ids is not None:
        wanted = set(product_ids)
        products = [p for p in products if p.id in wanted]
    ids = [p.id for p in products]
    policies = policies_for(session, tenant_id, products, abc)
    forecasts = planning_forecasts(session, tenant_id, ids)
    on_hand = repo.on_hand(ids)
    on_order = purchase_orders.on_order_quantities(session, tenant_id, ids)
    receipts = purchase_orders.scheduled_receipts(session, tenant_id, ids)
    observed = purchase_orders.observed_lead_times(session, tenant_id)
    run_id = next(iter(forecasts.values())).run_id if forecasts else None

    plannable, out = [], []
    for p in products:
        lead = _lead_time(p, observed.get(p.id, []))
        problem = _problem(lead.days)
        base = _base_row(p, abc.get(p.id), policies[p.id], lead, on_hand.get(p.id, 0), on_order.get(p.id, 0),
                         forecasts.get(p.id), problem)
        out.append(Planned(p, base))
        if problem is None:
            plannable.append((p, base, lead.days))
    if plannable:
        _plan_rows(plannable, policies, forecasts, receipts, today)
    return run_id, out


def _base_row(p: Product, abc_class, policy: ResolvedPolicy, lead: LeadTime, on_hand: int, on_order: int,
              fc: PlanningForecast | None, problem) -> dict[str, Any]:
    return {
        "product_id": p.id, "master_sku": p.master_sku, "product_name": p.name, "category": p.category,
        "supplier": SupplierRef(id=p.supplier.id, name=p.supplier.name) if p.supplier else None,
        "abc_class": abc_class, "on_hand": on_hand, "on_order": on_order, "position": float(on_hand + on_order),
        "lead_time_days": lead.days, "lead_time_source": lead.source, "lead_time_observed": lead.observed_mean,
        "lead_time_sd": lead.sd, "moq": p.moq, "pack_size": p.pack_size, "unit_cost": p.unit_cost,
        "forecast_run_id": fc.run_id if fc else None, "forecast_overridden": bool(fc and fc.overridden),
        "mu": 0.0, "sigma": None, "lead_time_demand": 0.0, "lead_time_demand_p50": 0.0,
        "lead_time_demand_quantile": None, "method": policy.safety_stock_method,
        "service_measure": policy.service_measure, "service_level": policy.service_level,
        "service_level_source": policy.service_level_source, "order_rule": policy.order_rule,
        "review_period_days": policy.review_period_days, "safety_factor": None, "safety_stock": 0.0,
        "reorder_point": 0.0, "target_stock": 0.0, "eoq": None, "order_qty": 0, "order_needed": False,
        "next_order_qty": 0, "order_by_date": None, "expected_arrival": None, "days_of_supply": None,
        "days_of_supply_after_arrival": None, "excess": 0.0, "stockout_date": None, "amount": None,
        "warnings": [] if p.supplier else ["no_supplier"], "explain_ko": [], "explain_en": [], "problem": problem,
    }


def _plan_rows(plannable, policies: dict[int, ResolvedPolicy], forecasts: dict[int, PlanningForecast],
               receipts, today: dt.date) -> None:
    """One vectorised plan() over the plannable products; fills their rows in place."""
    days = max(MIN_DAYS, max(lead + policies[p.id].review_period_days for p, _, lead in plannable) + EXTRA_DAYS)
    n = len(plannable)
    mu, sigma, lt_mean = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    f30, lt_q = np.full(n, np.nan), np.full(n, np.nan)
    totals, mean_path = np.zeros((n, PATHS)), np.zeros((n, days))
    arrivals = np.zeros((n, days))
    rules, ordering_cost, unit_cost = [], np.full(n, np.nan), np.full(n, np.nan)
    for i, (p, row, lead) in enumerate(plannable):
        policy = policies[p.id]
        fc = forecasts.get(p.id)
        if fc is not None:
            inputs = _forecast_inputs(fc, today, lead, policy.review_period_days, days)
            path, totals[i] = inputs["effective"], inputs["totals"]
            mean_path[i] = path
            mu[i] = path[:lead].mean()
            lt_mean[i] = path[:lead].sum()
            sigma[i] = float(totals[i].std()) / math.sqrt(lead)
            f30[i] = path[:30].sum()
            lt_q[i] = float(np.quantile(totals[i], policy.service_level))
            row["lead_time_demand_p50"] = float(np.median(totals[i]))
            row["warnings"] += [w for w, on in (("forecast_extended", inputs["extended"]),
                                                ("spread_assumed", inputs["assumed"])) if on]
        arrivals[i] = _receipts(receipts.get(p.id, []), today, lead, days)
        rule = policy.order_rule
        if rule == OrderRule.eoq and (policy.ordering_cost is None or p.unit_cost is None or policy.holding_rate <= 0):
            rule = OrderRule.seed.value
            row["warnings"].append("eoq_missing_costs")
        rules.append(rule)
        ordering_cost[i] = float(policy.ordering_cost) if policy.ordering_cost is not None else np.nan
        unit_cost[i] = float(p.unit_cost) if p.unit_cost is not None else np.nan

    frame = plan(
        on_hand=[r["on_hand"] for _, r, _ in plannable], on_order=[r["on_order"] for _, r, _ in plannable],
        mu=mu, sigma=np.where(np.isnan(mu), np.nan, np.nan_to_num(sigma)), lead_time=[lead for *_, lead in plannable],
        lead_time_sd=[r["lead_time_sd"] for _, r, _ in plannable],
        lead_time_demand_mean=lt_mean, lead_time_demand_samples=totals, forecast_30=f30,
        manual_safety_stock=[p.safety_stock for p, _, _ in plannable], moq=[p.moq for p, _, _ in plannable],
        pack_size=[p.pack_size for p, _, _ in plannable],
        service_level=[policies[p.id].service_level for p, _, _ in plannable],
        service_measure=[policies[p.id].service_measure for p, _, _ in plannable],
        method=[policies[p.id].safety_stock_method for p, _, _ in plannable], order_rule=rules,
        review_period=[policies[p.id].review_period_days for p, _, _ in plannable],
        ordering_cost=ordering_cost, unit_cost=unit_cost,
        holding_rate=[policies[p.id].holding_rate for p, _, _ in plannable],
        p50_path=mean_path, scheduled_receipts=arrivals, today=today, skus=[p.master_sku for p, _, _ in plannable],
    )
    for i, (record, (p, row, _)) in enumerate(zip(frame.iter_rows(named=True), plannable, strict=True)):
        has_forecast = not np.isnan(mu[i])
        qty = int(round(record["order_qty"]))
        row.update(
            mu=record["mu"], sigma=record["sigma"] if has_forecast else None,
            lead_time_demand=record["lead_time_demand"],
            lead_time_demand_p50=row["lead_time_demand_p50"] if has_forecast else record["lead_time_demand_p50"],
            lead_time_demand_quantile=float(lt_q[i]) if has_forecast else None,
            safety_factor=record["safety_factor"], safety_stock=record["safety_stock"],
            reorder_point=record["reorder_point"], target_stock=record["target_stock"], eoq=record["eoq"],
            order_qty=qty, order_needed=bool(record["order_needed"]), next_order_qty=int(round(record["next_order_qty"])),
            order_by_date=record["order_by_date"], expected_arrival=record["expected_arrival"],
            days_of_supply=record["days_of_supply"], days_of_supply_after_arrival=record["days_of_supply_after_arrival"],
            excess=record["excess"], stockout_date=record["stockout_date"],
            amount=(p.unit_cost * qty) if p.unit_cost is not None else None,
            warnings=[*row["warnings"], *record["warnings"]],
            explain_ko=record["explain_ko"], explain_en=record["explain_en"], order_rule=rules[i],
        )


# ---------------------------------------------------------------- API


def recommendations(session: Session, principal: Principal, *, q: str | None = None, category: str | None = None,
                    supplier_id: int | None = None, needed_only: bool = False) -> schemas.RecommendationsOut:
    repo = RecommendationRepository(session, principal.tenant_id)
    today = repo.today()
    run_id, planned = build(session, principal.tenant_id, today)
    needle = (q or "").strip().casefold()
    rows = [
        schemas.RecommendationOut(**x.row) for x in planned
        if (not needle or needle in x.product.master_sku.casefold() or needle in x.product.name.casefold())
        and (category is None or x.product.category == category)
        and (supplier_id is None or x.product.supplier_id == supplier_id)
        and (not needed_only or x.row["order_needed"])
    ]
    amounts = [r.amount for r in rows if r.order_needed and r.amount is not None]
    return schemas.RecommendationsOut(
        as_of=today, forecast_run_id=run_id, rows=rows, needed_count=sum(r.order_needed for r in rows),
        total_amount=sum(amounts, Decimal(0)) if amounts else None)


PROPOSAL_FIELDS = ("abc_class", "on_hand", "on_order", "position", "lead_time_days", "mu", "sigma",
                   "lead_time_demand", "lead_time_demand_p50", "lead_time_demand_quantile", "method",
                   "service_measure", "service_level", "order_rule", "review_period_days", "safety_factor",
                   "safety_stock", "reorder_point", "target_stock", "eoq", "order_qty", "forecast_run_id",
                   "forecast_overridden", "explain_ko", "explain_en")


def create_drafts(session: Session, principal: Principal, data: schemas.DraftsIn) -> list[PurchaseOrderDetail]:
    """Purchase-order drafts (one per supplier) from the recommendations, recomputed now rather
    than trusted from the browser. A quantity other than the recommendation needs a reason and is
    recorded as a line change (AI proposal → final, who, when, why)."""
    repo = RecommendationRepository(session, principal.tenant_id)
    today = repo.today()
    wanted = [item.product_id for item in data.items]
    _, planned = build(session, principal.tenant_id, today, wanted)
    by_id = {x.product.id: x for x in planned}
    for pid in wanted:
        if pid not in by_id:
            _not_plannable(repo.get_or_404(Product, pid, ("상품", "Product")))
    problems = [by_id[pid] for pid in wanted if by_id[pid].row["problem"] is not None]
    if problems:
        names = ", ".join(x.product.master_sku for x in problems)
        first = problems[0].row["problem"]
        raise BadRequest(f"발주 계획을 세울 수 없는 상품이 있습니다 ({names}): {first.ko}",
                         f"Some products cannot be planned ({names}): {first.en}",
                         code=first.code, master_skus=[x.product.master_sku for x in problems])
    proposals, changes = [], []
    for item in data.items:
        row = by_id[item.product_id].row
        proposed = row["order_qty"] if row["order_needed"] else row["next_order_qty"]
        quantity = item.quantity if item.quantity is not None else proposed
        if quantity != proposed and not (item.reason or "").strip():
            raise BadRequest(
                f"{row['master_sku']}: 추천 수량({proposed})과 다른 수량({quantity})에는 사유가 필요합니다.",
                f"{row['master_sku']}: a quantity ({quantity}) other than the recommendation ({proposed}) needs a reason.",
                code="reason_required", master_sku=row["master_sku"])
        if quantity < 1:
            raise BadRequest(f"{row['master_sku']}: 지금 발주할 수량이 없습니다. 수량을 입력하세요.",
                             f"{row['master_sku']}: nothing to order now; enter a quantity.",
                             code="nothing_to_order", master_sku=row["master_sku"])
        proposals.append(purchase_orders.DraftProposal(
            product_id=item.product_id, quantity=quantity, proposed_quantity=proposed,
            proposal={k: row[k] for k in PROPOSAL_FIELDS}, order_by=row["order_by_date"],
            expected_on=row["expected_arrival"] if row["order_needed"] else None,
            lead_time_days=row["lead_time_days"]))
        if quantity != proposed:
            changes.append((item.product_id, proposed, quantity, item.reason.strip()))
    drafts = purchase_orders.create_drafts_from_proposals(session, principal, proposals, note=data.note)
    if changes:
        _record_decisions(session, principal, drafts, changes)
        drafts = [purchase_orders.get_purchase_order(session, principal, d.id) for d in drafts]
    return drafts


def _not_plannable(product: Product) -> None:
    if product.kind == ProductKind.set:
        raise BadRequest(f"{product.master_sku}: 세트 상품은 구성품으로 발주합니다.",
                         f"{product.master_sku}: a set is ordered as its components.", code="set_not_orderable")
    raise BadRequest(f"{product.master_sku}: 판매 중지된 상품입니다.", f"{product.master_sku}: the product is inactive.",
                     code="inactive_product")


def _record_decisions(session: Session, principal: Principal, drafts: list[PurchaseOrderDetail],
                      changes: list[tuple[int, int, int, str]]) -> None:
    """The user's figure against the AI's, as the PO line-change record keeps every edit."""
    line_of = {line.product_id: (d.id, line.id) for d in drafts for line in d.lines}
    now = utcnow()
    for product_id, proposed, quantity, reason in changes:
        po_id, line_id = line_of[product_id]
        session.add(PurchaseOrderLineChange(
            tenant_id=principal.tenant_id, purchase_order_id=po_id, line_id=line_id, product_id=product_id,
            kind=PurchaseOrderLineChangeKind.changed, old_quantity=proposed, new_quantity=quantity, reason=reason,
            changed_by_id=principal.user_id, changed_at=now))
    session.flush()
