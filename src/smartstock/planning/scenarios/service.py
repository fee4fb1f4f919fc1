"""Policy scenarios (a job replaying past demand through SmartStock's policy and two baselines), the
what-if projection for one order, and the Human–AI report on proposals that were changed.

The math is the planning core's (`planning.core.simulate`, `planning.core.human_ai`); this module
loads the tenant's data for it and shapes the answers.

Scenarios run in the worker: the tenant's daily demand (`history.daily_demand`; stock-out days are
censored, their demand estimated as the forecasting engine does), each product's lead time (its
own, else its supplier's default; without one it is skipped and listed), MOQ, pack size and unit
cost. The last `days` days (fewer when the history is shorter: the first forecast needs 28 days of
history before the warm-up, which is the longest lead time) are replayed, daily review, lost sales:

- "smartstock": `ForecastPolicy` on the forecasting engine (no CNN-LSTM, re-forecast every 28 days
  from the past only), the daily base-stock level for the target fill rate from the sample paths;
- "coverage": the seed-2 coverage rule on a 28-day moving average;
- "minmax": min/max days of cover (L + 7 / L + 21 days of the 28-day average).

Each is run once as configured (untuned; SmartStock at the tenant's service level) and tuned to
90/95/98 % fill rate for the inventory curve. The result is stored in the job's `result`.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import numpy as np
import polars as pl
from sqlalchemy.orm import Session

from smartstock.db.models import Job, Product, ProductKind
from smartstock.forecasting.core.censoring import impute_censored
from smartstock.forecasting.core.frames import CENSORED, ID, TARGET, TIME
from smartstock.forecasting.service import effective_forecast
from smartstock.history.service import daily_demand
from smartstock.jobs import service as jobs
from smartstock.jobs.schemas import JobOut
from smartstock.kit.auth import Principal
from smartstock.kit.errors import BadRequest, Conflict, NotFound
from smartstock.kit.schemas import UserRef
from smartstock.planning.core import human_ai as scoring
from smartstock.planning.core import simulate as sim
from smartstock.planning.core.policy import PlanInputError
from smartstock.planning.lead_times import PROBLEMS, entered_lead_time, lead_time_problem
from smartstock.planning.purchase_orders.service import scheduled_receipts
from smartstock.planning.scenarios import schemas
from smartstock.planning.scenarios.repository import ScenarioRepository
from smartstock.settings import get_settings
from smartstock.stock.repository import StockRepository

SCENARIO_JOB = "planning.scenarios"
MIN_HISTORY_DAYS = 56  # days of sales history a scenario needs at the least
FIRST_HISTORY_DAYS = 28  # history before the warm-up that the first forecast learns from
MIN_WINDOW_DAYS = 14
DEFAULT_SERVICE_LEVEL = 0.95
HOLDING_RATE = 0.25  # per year, of the unit cost (jobs queued before the setting was recorded)
REFORECAST_EVERY = 28  # days between the engine's re-forecasts in a replay (the CLI's default)
N_PATHS = 200  # sample paths per SKU: keeps a 500-SKU replay's cache to ~200 MB
TARGETS = (0.90, 0.95, 0.98)
DEFAULT_REVIEW_DAYS = 7  # the Human–AI window's review period when the proposal does not say

LABELS = {
    "smartstock": ("SmartStock (AI 예측 기반)", "SmartStock (AI forecast)"),
    "coverage": ("커버리지 규칙 (28일 이동평균)", "Coverage rule (28-day moving average)"),
    "minmax": ("최소/최대 재고일수", "Min/max days of cover"),
}


# ---------------------------------------------------------------- scenarios: the request


def tenant_policy(session: Session, principal: Principal) -> tuple[float, float]:
    """The tenant's default service level (what SmartStock's policy targets when the request does
    not say) and holding rate, from the policy settings."""
    from smartstock.planning.policies import service as policies

    defaults = policies.get_settings(session, principal).defaults
    return float(defaults.service_level), float(defaults.holding_rate)


def _too_short(days: int, needed: int, lead: int | None = None) -> BadRequest:
    if lead is None:
        return BadRequest(
            f"판매 이력이 너무 짧습니다 ({days}일). 시나리오 비교에는 {needed}일 이상의 판매 이력이 필요합니다.",
            f"The sales history is too short ({days} days): scenarios need at least {needed} days of sales.",
            code="history_too_short", history_days=days, needed_days=needed)
    return BadRequest(
        f"판매 이력이 너무 짧습니다 ({days}일). 가장 긴 리드타임 {lead}일에 {needed - lead}일을 더한 "
        f"{needed}일 이상이 필요합니다. 기간을 줄이거나 리드타임을 짧게 지정하세요.",
        f"The sales history is too short ({days} days): the longest lead time ({lead} days) plus "
        f"{needed - lead} days, {needed} days in all, are needed. Give a shorter lead time.",
        code="history_too_short", history_days=days, needed_days=needed)


def start(session: Session, principal: Principal, data: schemas.ScenarioIn) -> JobOut:
    """Queue a scenario job (one at a time per tenant)."""
    repo = ScenarioRepository(session, principal.tenant_id)
    active = repo.active_job(SCENARIO_JOB)
    if active is not None:
        raise Conflict(f"시나리오 시뮬레이션이 이미 진행 중입니다(작업 #{active.id}). 끝난 뒤 다시 실행하세요.",
                       f"A scenario simulation is already running (job #{active.id}); try again when it has finished.",
                       code="scenarios_running", job_id=active.id)
    first, last = repo.sales_span()
    if first is None or last is None:
        raise BadRequest("판매 이력이 없습니다. 먼저 판매 파일을 올려 반영하세요.",
                         "There is no sales history yet: upload and apply a sales file first.", code="no_sales_history")
    span = (last - first).days + 1
    if span < MIN_HISTORY_DAYS:
        raise _too_short(span, MIN_HISTORY_DAYS)
    if data.lead_time_days is not None and span < data.lead_time_days + FIRST_HISTORY_DAYS + MIN_WINDOW_DAYS:
        raise _too_short(span, data.lead_time_days + FIRST_HISTORY_DAYS + MIN_WINDOW_DAYS, data.lead_time_days)
    default_level, holding_rate = tenant_policy(session, principal)
    level = data.service_level if data.service_level is not None else default_level
    params = {"service_level": level, "lead_time_days": data.lead_time_days, "days": data.days,
              "holding_rate": holding_rate}
    job = jobs.submit(session, principal, SCENARIO_JOB, params)
    session.flush()
    return jobs.job_out(job)


def latest(session: Session, principal: Principal) -> schemas.ScenarioResultOut:
    """The newest succeeded scenario job's result."""
    job = ScenarioRepository(session, principal.tenant_id).latest_succeeded(SCENARIO_JOB)
    if job is None or not job.result:
        raise NotFound("시나리오 결과", "Scenario result", code="no_scenario_result")
    return schemas.ScenarioResultOut(job_id=job.id, created_at=job.created_at, finished_at=job.finished_at,
                                     **job.result)


# ---------------------------------------------------------------- scenarios: the worker


def _skip(product: Product, code: str, ko: str, en: str) -> dict:
    return {"product_id": product.id, "master_sku": product.master_sku, "product_name": product.name,
            "code": code, "ko": ko, "en": en}


def _inputs(products: Mapping[int, Product], lead_override: int | None) -> tuple[dict[str, dict], list[dict]]:
    """Per product kept (by series id): lead time, MOQ, pack, unit cost; and the skipped ones."""
    kept, skipped = {}, []
    for product in sorted(products.values(), key=lambda p: p.master_sku):
        if product.kind == ProductKind.set:
            skipped.append(_skip(product, "set", "세트 상품은 구성품으로 발주하므로 제외했습니다.",
                                 "A set is ordered through its components: left out."))
            continue
        lead = lead_override if lead_override is not None else entered_lead_time(product)
        problem = lead_time_problem(lead)
        if problem is not None:
            skipped.append(_skip(product, problem, *PROBLEMS[problem]))
            continue
        kept[str(product.id)] = {
            "lead_time": int(lead), "moq": max(int(product.moq or 0), 0), "pack": max(int(product.pack_size or 1), 1),
            "unit_cost": float(product.unit_cost) if product.unit_cost is not None else math.nan,
            "category": product.category or "(none)",
        }
    return kept, skipped


class _Reporting:
    """A forecaster that reports each forecast it makes (the slow part of a replay)."""

    def __init__(self, inner: sim.Forecaster, made: Callable[[], None]) -> None:
        self.inner, self.made = inner, made

    @property
    def key(self) -> tuple:
        return self.inner.key

    @property
    def reforecast_every(self) -> int:
        return self.inner.reforecast_every

    def forecast(self, history: pl.DataFrame, horizon: int, origin: dt.date) -> sim.Forecast:
        fc = self.inner.forecast(history, horizon, origin)
        self.made()
        return fc


def _forecaster(groups: Mapping[str, str]) -> tuple[sim.Forecaster, str]:
    """Our forecasts: the engine without the CNN-LSTM, re-forecast every 28 days, categories as groups."""
    from smartstock.forecasting.core.engine import EngineConfig

    config = EngineConfig(use_cnn_lstm=False, n_jobs=max(get_settings().forecast_jobs, 1))
    return sim.EngineForecaster(config, REFORECAST_EVERY, N_PATHS, groups=dict(groups)), "engine"


def _number(value: Any) -> float | None:
    if value is None:
        return None
    return sim.finite(float(value))


def _policy_row(key: str, result: sim.SimulationResult, holding_rate: float) -> dict:
    m = result.metrics
    values = result.per_sku["avg_inventory_value"].drop_nulls().drop_nans()
    value = float(values.sum()) if values.len() else None
    years = m["days"] / 365.0
    return {
        "key": key, "label_ko": LABELS[key][0], "label_en": LABELS[key][1],
        "fill_rate": _number(m["fill_rate"]), "stockout_rate": _number(m["stockout_rate"]),
        "avg_inventory_units": float(m["avg_inventory_units"]), "avg_inventory_value": value,
        "days_of_supply": _number(m["days_of_supply"]),
        "holding_cost": value * holding_rate * years if value is not None else None,
        "orders": int(m["orders"]),
    }


def _curve_rows(key: str, curve: list[dict]) -> list[dict]:
    return [{"key": key, "fill_rate_target": c["target"], "reached": bool(c["reached"]),
             "avg_inventory_units": _number(c["avg_inventory_units"]) if c["reached"] else None,
             "achieved_fill_rate": _number(c["fill_rate"])} for c in curve]


def run_scenarios(session: Session, job: Job, progress: Callable[[int], None]) -> dict:
    """The worker's part. Reads everything, ends the read transaction (SQLite's lock), then replays."""
    started = time.perf_counter()
    tenant_id, params = job.tenant_id, dict(job.params or {})
    level = float(params.get("service_level") or DEFAULT_SERVICE_LEVEL)
    lead_override = params.get("lead_time_days")
    wanted_days = int(params.get("days") or 180)
    holding_rate = float(params.get("holding_rate", HOLDING_RATE))
    progress(2)
    demand = daily_demand(session, tenant_id)
    if demand.is_empty():
        raise BadRequest("판매 이력이 없습니다.", "There is no sales history to replay.", code="no_sales_history")
    repo = ScenarioRepository(session, tenant_id)
    products = repo.products(demand["product_id"].unique().to_list())
    inactive = [p for p in products.values() if not p.is_active]
    skipped = [_skip(p, "inactive", "판매 중지된 상품이라 제외했습니다.", "An inactive product: left out.") for p in inactive]
    kept, more = _inputs({k: p for k, p in products.items() if p.is_active}, lead_override)
    skipped += more
    session.rollback()  # nothing to write: ends the read transaction
    if not kept:
        raise BadRequest("시뮬레이션할 상품이 없습니다. 상품의 리드타임이나 공급업체를 지정하세요.",
                         "There is no product to simulate: give the products a lead time or a supplier.",
                         code="nothing_to_simulate", skipped=[s["master_sku"] for s in skipped])

    frame = (demand.filter(pl.col("product_id").cast(pl.String).is_in(list(kept)))
             .select(pl.col("product_id").cast(pl.String).alias(ID), pl.col("date").alias(TIME),
                     pl.col("quantity").cast(pl.Float64).alias(TARGET), pl.col("stockout").alias(CENSORED)))
    frame = impute_censored(frame.sort(ID, TIME)).select(ID, TIME, TARGET)
    first, last = frame[TIME].min(), frame[TIME].max()
    span = (last - first).days + 1
    longest = max(v["lead_time"] for v in kept.values())
    if span < MIN_HISTORY_DAYS:
        raise _too_short(span, MIN_HISTORY_DAYS)
    window = min(wanted_days, span - longest - FIRST_HISTORY_DAYS)
    if window < MIN_WINDOW_DAYS:
        raise _too_short(span, longest + FIRST_HISTORY_DAYS + MIN_WINDOW_DAYS, longest)

    costs = {k: v["unit_cost"] for k, v in kept.items()}
    priced = sum(not math.isnan(c) for c in costs.values())
    try:
        replay = sim.Replay(frame, lead_time={k: v["lead_time"] for k, v in kept.items()},
                            moq={k: v["moq"] for k, v in kept.items()}, pack={k: v["pack"] for k, v in kept.items()},
                            unit_cost=costs if priced else None, replay_days=window, holding_rate=holding_rate)
    except PlanInputError as exc:
        raise BadRequest(exc.messages["ko"], exc.messages["en"], code=exc.code) from exc

    inner, forecaster_name = _forecaster({k: v["category"] for k, v in kept.items()})
    origins = max(1, math.ceil((len(replay.dates_all) - replay.sim_start) / inner.reforecast_every))
    made = 0

    def forecast_made() -> None:
        nonlocal made
        made += 1
        progress(5 + int(60 * min(made / origins, 1.0)))

    policies = {
        "smartstock": sim.ForecastPolicy(_Reporting(inner, forecast_made), level, method="forecast_quantile",
                                         name="ours", knob_name="safety_scale"),
        "coverage": sim.CoveragePolicy(),
        "minmax": sim.MinMaxPolicy(),
    }
    progress(5)
    rows, curve = [], []
    try:
        for i, (key, policy) in enumerate(policies.items()):
            rows.append(_policy_row(key, replay.run(policy), holding_rate))
            progress(65 + 10 * i + 3)
            curve += _curve_rows(key, sim.inventory_curve(replay, policy, TARGETS))
            progress(65 + 10 * (i + 1))
    except PlanInputError as exc:
        raise BadRequest(exc.messages["ko"], exc.messages["en"], code=exc.code) from exc
    window_start, window_end = replay.window_dates
    progress(100)
    return {
        "params": params, "policies": rows, "curve": curve, "products": len(replay.ids),
        "days": (window_end - window_start).days + 1, "window_start": window_start.isoformat(),
        "window_end": window_end.isoformat(), "service_level": level, "priced_products": priced,
        "forecaster": forecaster_name, "skipped": skipped, "seconds": round(time.perf_counter() - started, 2),
    }


# ---------------------------------------------------------------- what-if


def what_if(session: Session, principal: Principal, data: schemas.WhatIfIn) -> schemas.WhatIfOut:
    """"If I order `quantity` on `order_date`": the projected stock from today on, without and with
    the order (on hand + scheduled receipts of open POs − the mean forecast, or the override where
    there is one), days of supply on the arrival day and the first stock-out day."""
    repo = ScenarioRepository(session, principal.tenant_id)
    product = repo.product(data.product_id)
    label = f"{product.master_sku} {product.name}"
    if data.quantity < 1:
        raise BadRequest(f"{label}: 수량은 1 이상이어야 합니다 (요청 {data.quantity}개).",
                         f"{label}: the quantity must be at least 1 ({data.quantity} given).", code="invalid_quantity")
    if product.kind == ProductKind.set:
        raise BadRequest(f"{label}: 세트 상품은 발주할 수 없습니다. 구성품으로 확인하세요.",
                         f"{label} is a set: it is ordered through its components.", code="set_not_orderable")
    lead = entered_lead_time(product)
    problem = lead_time_problem(lead)
    if problem is not None:
        ko, en = PROBLEMS[problem]
        raise BadRequest(f"{label}: {ko}", f"{label}: {en}", code=problem)
    today = repo.today()
    order_date = data.order_date or today
    if order_date < today:
        raise BadRequest(f"주문일({order_date})이 오늘({today})보다 이릅니다. 오늘 이후 날짜를 지정하세요.",
                         f"The order date ({order_date}) is before today ({today}); give today or a later day.",
                         code="order_date_past")
    fc = effective_forecast(session, principal.tenant_id, [product.id]).sort("day")
    if fc.is_empty():
        raise Conflict(f"{label}: 아직 예측이 없습니다. 먼저 수요 예측을 실행하세요.",
                       f"{label} has no forecast yet: run a forecast first.", code="no_forecast")
    fc = fc.filter(pl.col("day") >= today)
    if fc.is_empty():
        raise Conflict(f"{label}: 예측 기간이 이미 지났습니다. 수요 예측을 다시 실행하세요.",
                       f"{label}: the forecast has run out; run a new forecast.", code="forecast_outdated")
    start_day: dt.date = fc["day"][0]
    # the expected demand (overrides applied): daily medians would understate a slow seller's demand
    path = fc["effective"].to_numpy().astype(float)
    horizon = path.size
    arrival = order_date + dt.timedelta(days=lead)
    arrival_index = max((arrival - start_day).days, 0)
    if arrival_index >= horizon:
        last_day = start_day + dt.timedelta(days=horizon - 1)
        raise BadRequest(f"도착 예정일({arrival})이 예측 기간(~{last_day}) 밖입니다. 주문일을 앞당기세요.",
                         f"The arrival ({arrival}) is after the end of the forecast ({last_day}); order earlier.",
                         code="arrival_beyond_forecast")
    on_hand = StockRepository(session, principal.tenant_id).balance(product.id)
    receipts = np.zeros(horizon)
    listed = []
    for expected, quantity in scheduled_receipts(session, principal.tenant_id, [product.id]).get(product.id, []):
        index = None if expected is None else max((expected - start_day).days, 0)
        counted = index is not None and index < horizon
        if counted:
            receipts[index] += quantity
        listed.append(schemas.ScheduledReceipt(expected_on=expected, quantity=quantity, counted=counted))
    without = sim.what_if(on_hand, receipts, path, 0, arrival_index)
    with_order = sim.what_if(on_hand, receipts, path, data.quantity, arrival_index)

    def day(index: int) -> dt.date | None:
        return start_day + dt.timedelta(days=index) if index >= 0 else None

    return schemas.WhatIfOut(
        product_id=product.id, master_sku=product.master_sku, product_name=product.name, on_hand=on_hand,
        lead_time_days=lead, order_date=order_date, arrival_date=arrival, quantity=data.quantity,
        days=[schemas.WhatIfDay.model_validate({"day": day(i), "without": float(without.stock[i]),
                                                "with": float(with_order.stock[i]), "demand": float(path[i]),
                                                "receipts": float(receipts[i])}) for i in range(horizon)],
        days_of_supply_without=_number(without.days_of_supply[arrival_index]),
        days_of_supply_with=_number(with_order.days_of_supply[arrival_index]),
        stockout_date_without=day(int(without.stockout_day)), stockout_date_with=day(int(with_order.stockout_day)),
        scheduled_receipts=listed, forecast_overridden=bool(fc["overridden"].any()),
    )


# ---------------------------------------------------------------- the Human–AI report


def _snap(snapshot: Mapping[str, Any] | None, *keys: str) -> float | None:
    for key in keys:
        value = (snapshot or {}).get(key)
        if isinstance(value, (int, float, Decimal, str)) and not isinstance(value, bool):
            try:
                number = float(value)
            except ValueError:
                continue
            if math.isfinite(number):
                return number
    return None


def _actuals(session: Session, tenant_id: int, product_ids: list[int], as_of: dt.date | None) -> dict[int, dict[dt.date, float]]:
    """Daily demand per product up to `as_of`, stock-out days estimated (as the forecast does)."""
    if not product_ids or as_of is None:
        return {}
    demand = daily_demand(session, tenant_id, product_ids=product_ids, end=as_of)
    if demand.is_empty():
        return {}
    frame = demand.select(pl.col("product_id").alias(ID), pl.col("date").alias(TIME),
                          pl.col("quantity").cast(pl.Float64).alias(TARGET), pl.col("stockout").alias(CENSORED))
    frame = impute_censored(frame.sort(ID, TIME))
    out: dict[int, dict[dt.date, float]] = {}
    for pid, day, quantity in frame.select(ID, TIME, TARGET).iter_rows():
        out.setdefault(int(pid), {})[day] = float(quantity)
    return out


def human_ai(session: Session, principal: Principal) -> schemas.HumanAiOut:
    """Every sent order's line that carries an AI proposal: the AI's quantity and the final one,
    scored on the demand that followed (`planning.core.human_ai`)."""
    repo = ScenarioRepository(session, principal.tenant_id)
    rows = repo.proposal_lines()
    changes = repo.last_changes(line.id for line, _ in rows)
    _, last_sale = repo.sales_span()
    yesterday = repo.today() - dt.timedelta(days=1)
    as_of = min(last_sale, yesterday) if last_sale is not None else None
    actuals = _actuals(session, principal.tenant_id, sorted({line.product_id for line, _ in rows}), as_of)
    lines, scored, grouped = [], [], []
    for line, po in rows:
        snapshot = line.proposal or {}
        lead = line.lead_time_days if line.lead_time_days is not None else int(_snap(snapshot, "lead_time_days") or 0)
        review_days = _snap(snapshot, "review_period_days")
        review = int(review_days) if review_days is not None else DEFAULT_REVIEW_DAYS
        proposed, final = int(line.proposed_quantity or 0), int(line.quantity)
        days = scoring.window_days(lead, review)
        known: list[float] = []
        if po.ordered_on is not None and as_of is not None:
            series = actuals.get(line.product_id, {})
            for k in range(min(days, (as_of - po.ordered_on).days + 1)):
                known.append(series.get(po.ordered_on + dt.timedelta(days=k), 0.0))
        score = scoring.score_line(
            proposed=proposed, final=final, lead_time=lead, review_days=review,
            opening_stock=(_snap(snapshot, "on_hand") or 0.0) + (_snap(snapshot, "on_order") or 0.0),
            demand=known, lead_time_demand=_snap(snapshot, "lead_time_demand"), mu=_snap(snapshot, "mu"))
        scored.append((proposed, final, score))
        grouped.append((line.product.category or "", proposed, final, score))
        change = changes.get(line.id)
        who = change.changed_by if change is not None else (po.created_by if proposed != final else None)
        reason = change.reason if change is not None else (snapshot.get("reason") if proposed != final else None)
        lines.append(schemas.HumanAiLine(
            po_id=po.id, po_number=po.po_number, line_id=line.id, product_id=line.product_id,
            master_sku=line.product.master_sku, product_name=line.product.name, ordered_on=po.ordered_on,
            lead_time_days=lead, window_days=days, proposed_quantity=proposed, final_quantity=final,
            changed_by=UserRef.model_validate(who) if who is not None else None,
            reason=str(reason) if reason is not None else None,
            forecast_lead_time_demand=score.forecast, actual_lead_time_demand=score.actual,
            fill_rate_ai=score.fill_rate_ai, fill_rate_final=score.fill_rate_final,
            ending_stock_ai=score.ending_stock_ai, ending_stock_final=score.ending_stock_final,
            verdict=score.verdict,
        ))
    lines.sort(key=lambda x: (x.ordered_on or dt.date.min, x.po_id), reverse=True)  # newest order first (stable)
    return schemas.HumanAiOut(as_of=as_of, lines=lines, summary=schemas.HumanAiSummary(**scoring.summarize(scored)),
                              lessons=[_lesson_out(x) for x in scoring.lessons(grouped)])


def _lesson_out(lesson: scoring.Lesson) -> schemas.HumanAiLesson:
    """The lesson in words: what people did, how often it was right, and what to look at."""
    name_ko = f"'{lesson.group}'" if lesson.group else "분류 없는 상품"
    name_en = f"'{lesson.group}'" if lesson.group else "uncategorised products"
    pct = f"{abs(lesson.mean_change) * 100:.0f}%"
    way_ko, way_en = ("늘려", "raised") if lesson.mean_change >= 0 else ("줄여", "lowered")
    if lesson.winner == "human":
        ko = (f"{name_ko}에서 사람이 AI 제안을 평균 {pct} {way_ko} 바꾼 {lesson.decided}건 중 {lesson.human_better}건이 "
              f"더 나았습니다. 이 카테고리의 예측(행사·시즌 반영)이나 서비스 수준을 점검하세요.")
        en = (f"In {name_en}, people {way_en} the AI's proposal by {pct} on average and were right in "
              f"{lesson.human_better} of {lesson.decided} decided cases: check this category's forecast "
              f"(promotions, season) or its service level.")
    else:
        ko = (f"{name_ko}에서 AI 제안을 평균 {pct} {way_ko} 바꾼 {lesson.decided}건 중 {lesson.ai_better}건은 "
              f"AI 제안이 더 나았습니다.")
        en = (f"In {name_en}, people {way_en} the AI's proposal by {pct} on average, and the AI's quantity "
              f"was better in {lesson.ai_better} of {lesson.decided} decided cases.")
    return schemas.HumanAiLesson(category=lesson.group or None, decided=lesson.decided,
                                 human_better=lesson.human_better, ai_better=lesson.ai_better,
                                 mean_change=lesson.mean_change, winner=lesson.winner, message_ko=ko, message_en=en)
