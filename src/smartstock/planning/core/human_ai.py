"""Human–AI comparison: the AI's order proposal against the quantity finally ordered, scored on
what actually happened. Pure functions on numbers; the service loads them.

For one purchase-order line, day 0 is the order date, the goods arrive at the start of day L (the
line's lead time), and the window scored is the L + R days 0 … L+R−1 (R = the review period, at
least 1 day): the demand the order had to cover until the next order could arrive.

- Forecast error: the forecast demand over the window (the proposal's lead-time demand plus
  μ·R, μ the proposal's mean daily demand) against the actual demand over it; pooled over lines as
  WAPE = Σ|actual − forecast| / Σ actual.
- A stock replay of the window, once with the AI's quantity and once with the final one: the opening
  stock is the inventory position the proposal saw (on hand + on order, all of it available from
  day 0 — a simplification that treats both quantities alike), the order arrives on day L, each day
  serves min(stock, demand) and the rest is lost (e-commerce). Fill rate = served / demand (None
  without demand); ending stock = stock at the end of the window.
- Verdict: "same" when the quantities are equal; "pending" while the window has not fully passed;
  otherwise the quantity whose fill rate is higher by more than `FILL_TOLERANCE` wins, and at equal
  fill rates the one that ends with less stock (the same service for less money); "same" when the
  outcomes are identical.
- Lessons (PRODUCT.md §C, the feedback loop): per group (a category), once people have changed the
  AI's quantity on `MIN_DECIDED` lines that have been decided, a side that won at least
  `CLEAR_SHARE` of them is a pattern worth saying, with the average change people made
  (Σ(final − proposed) / Σ proposed): e.g. people raise this category's orders by 30 % and are
  right 5 times out of 6 — the forecast or the service level is too low there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

FILL_TOLERANCE = 0.005  # half a point of fill rate
MIN_DECIDED = 3  # decided changed lines of a group before a lesson is drawn
CLEAR_SHARE = 2 / 3  # the share of them one side must have won
Verdict = str  # "ai" | "human" | "same" | "pending"


@dataclass(frozen=True)
class WindowReplay:
    demand: float
    served: float
    fill_rate: float | None
    ending_stock: float


@dataclass(frozen=True)
class LineScore:
    verdict: Verdict
    window_days: int
    forecast: float | None  # forecast demand over the window
    actual: float | None  # actual demand over the window (None while pending)
    fill_rate_ai: float | None
    fill_rate_final: float | None
    ending_stock_ai: float | None
    ending_stock_final: float | None


def window_days(lead_time: int, review_days: int) -> int:
    """L + R with R ≥ 1 (the order must arrive inside the window) and L ≥ 0."""
    return max(int(lead_time), 0) + max(int(review_days), 1)


def forecast_over_window(lead_time_demand: float | None, mu: float | None, lead_time: int,
                         review_days: int) -> float | None:
    """The proposal's lead-time demand plus μ·R; μ·(L+R) when only μ is known; None without either."""
    r = max(int(review_days), 1)
    if lead_time_demand is not None:
        return float(lead_time_demand) + (float(mu) * r if mu is not None else 0.0)
    if mu is not None:
        return float(mu) * (max(int(lead_time), 0) + r)
    return None


def replay_window(opening_stock: float, quantity: float, arrival_day: int, demand: Sequence[float]) -> WindowReplay:
    """Lost-sales replay: stock_0 = max(opening, 0); on day d receive `quantity` if d = arrival_day,
    then serve min(stock, demand_d)."""
    stock = max(float(opening_stock), 0.0)
    served = 0.0
    d = np.asarray(demand, dtype=float)
    for day, want in enumerate(d):
        if day == arrival_day:
            stock += float(quantity)
        sold = min(stock, max(float(want), 0.0))
        stock -= sold
        served += sold
    total = float(np.clip(d, 0.0, None).sum())
    return WindowReplay(total, served, served / total if total > 0 else None, stock)


def verdict(proposed: int, final: int, ai: WindowReplay | None, human: WindowReplay | None,
            tolerance: float = FILL_TOLERANCE) -> Verdict:
    if proposed == final:
        return "same"
    if ai is None or human is None:
        return "pending"
    fill_ai = 1.0 if ai.fill_rate is None else ai.fill_rate
    fill_human = 1.0 if human.fill_rate is None else human.fill_rate
    if abs(fill_human - fill_ai) > tolerance:
        return "human" if fill_human > fill_ai else "ai"
    if abs(human.ending_stock - ai.ending_stock) > 1e-9:
        return "human" if human.ending_stock < ai.ending_stock else "ai"
    return "same"


def score_line(
    *,
    proposed: int,
    final: int,
    lead_time: int,
    review_days: int,
    opening_stock: float,
    demand: Sequence[float],
    lead_time_demand: float | None = None,
    mu: float | None = None,
) -> LineScore:
    """Score one line. `demand` is the actual daily demand from the order date on, as far as it is
    known; shorter than the window means the window has not passed yet ("pending")."""
    days = window_days(lead_time, review_days)
    forecast = forecast_over_window(lead_time_demand, mu, lead_time, review_days)
    if len(demand) < days:
        return LineScore("same" if proposed == final else "pending", days, forecast, None, None, None, None, None)
    window = np.asarray(demand, dtype=float)[:days]
    arrival = max(int(lead_time), 0)
    ai = replay_window(opening_stock, proposed, arrival, window)
    human = replay_window(opening_stock, final, arrival, window)
    return LineScore(verdict(proposed, final, ai, human), days, forecast, ai.demand, ai.fill_rate, human.fill_rate,
                     ai.ending_stock, human.ending_stock)


def wape(pairs: Iterable[tuple[float | None, float | None]]) -> float | None:
    """Σ|actual − forecast| / Σ actual over the (actual, forecast) pairs where both are known;
    None when there are none or nothing was demanded."""
    known = [(a, f) for a, f in pairs if a is not None and f is not None]
    total = sum(a for a, _ in known)
    if not known or total <= 0:
        return None
    return sum(abs(a - f) for a, f in known) / total


def summarize(lines: Sequence[tuple[int, int, LineScore]]) -> dict:
    """Counts over (proposed, final, score) triples and the pooled forecast WAPE of the scored ones."""
    return {
        "lines": len(lines),
        "changed": sum(p != f for p, f, _ in lines),
        "human_better": sum(s.verdict == "human" for _, _, s in lines),
        "ai_better": sum(s.verdict == "ai" for _, _, s in lines),
        "pending": sum(s.verdict == "pending" for _, _, s in lines),
        "forecast_wape": wape((s.actual, s.forecast) for _, _, s in lines),
    }


@dataclass(frozen=True)
class Lesson:
    group: str
    decided: int  # changed lines with a verdict of "ai" or "human"
    human_better: int
    ai_better: int
    mean_change: float  # Σ(final − proposed) / Σ proposed over those lines
    winner: str  # "human" or "ai"


def lessons(lines: Iterable[tuple[str, int, int, LineScore]], min_decided: int = MIN_DECIDED,
            clear_share: float = CLEAR_SHARE) -> list[Lesson]:
    """From (group, proposed, final, score) tuples: the groups where one side clearly won the
    decided changes, most decided first."""
    by_group: dict[str, list[tuple[int, int, str]]] = {}
    for group, proposed, final, score in lines:
        if proposed != final and score.verdict in ("ai", "human"):
            by_group.setdefault(group, []).append((proposed, final, score.verdict))
    out = []
    for group, rows in by_group.items():
        human = sum(v == "human" for *_, v in rows)
        ai = len(rows) - human
        if len(rows) < min_decided or max(human, ai) < clear_share * len(rows):
            continue
        base = sum(p for p, _, _ in rows)
        change = sum(f - p for p, f, _ in rows) / base if base > 0 else 0.0
        out.append(Lesson(group, len(rows), human, ai, change, "human" if human > ai else "ai"))
    return sorted(out, key=lambda x: (-x.decided, x.group))
