"""The Human–AI scoring (planning.core.human_ai) against hand-computed windows."""

from __future__ import annotations

import pytest

from smartstock.planning.core import human_ai as h

# L = 3, R = 4: the window is days 0 … 6, the order arrives at the start of day 3.
DEMAND = [2, 2, 2, 4, 4, 4, 4]


def test_replay_window_by_hand():
    """Opening 5, 20 arriving on day 3:
    day 0: 5 − 2 = 3; day 1: 1; day 2: wants 2, serves 1 → 0 (1 lost);
    day 3: 0 + 20 − 4 = 16; day 4: 12; day 5: 8; day 6: 4.
    served 2 + 2 + 1 + 4·4 = 21 of 22."""
    r = h.replay_window(5, 20, 3, DEMAND)
    assert (r.demand, r.served, r.ending_stock) == (22, 21, 4)
    assert r.fill_rate == pytest.approx(21 / 22)


def test_negative_opening_stock_counts_as_none_and_no_demand_has_no_fill_rate():
    r = h.replay_window(-3, 5, 1, [1, 1, 1])  # day 0 lost; day 1: 5 − 1; day 2: 3
    assert (r.served, r.ending_stock, r.fill_rate) == (2, 3, pytest.approx(2 / 3))
    assert h.replay_window(2, 5, 1, [0, 0, 0]).fill_rate is None


def test_the_ai_was_right_when_the_cut_ran_out():
    """Final 10 instead of 20: day 3: 10 − 4 = 6; day 4: 2; day 5: serves 2 (2 lost); day 6: 0 (4 lost).
    served 2 + 2 + 1 + 4 + 4 + 2 = 15 of 22. Forecast over the window: 6 + 2.5 × 4 = 16."""
    s = h.score_line(proposed=20, final=10, lead_time=3, review_days=4, opening_stock=5, demand=DEMAND + [9, 9],
                     lead_time_demand=6, mu=2.5)
    assert s.verdict == "ai" and s.window_days == 7
    assert (s.forecast, s.actual) == (16, 22)
    assert s.fill_rate_ai == pytest.approx(21 / 22) and s.fill_rate_final == pytest.approx(15 / 22)
    assert (s.ending_stock_ai, s.ending_stock_final) == (4, 0)


def test_the_human_was_right_when_a_cut_served_as_well_with_less_stock():
    """Demand 1 a day, opening 5: days 0–2 leave 2; AI: 2 + 20 − 1 = 21 … 18; final 10: 11 … 8."""
    s = h.score_line(proposed=20, final=10, lead_time=3, review_days=4, opening_stock=5, demand=[1] * 7)
    assert s.verdict == "human"
    assert (s.fill_rate_ai, s.fill_rate_final, s.ending_stock_ai, s.ending_stock_final) == (1, 1, 18, 8)
    assert s.forecast is None and s.actual == 7


def test_the_human_was_right_when_a_raise_avoided_lost_sales():
    """Demand 3 a day, opening 3 (with on order), L = 2, R = 5.
    AI 5: day 0 serves 3; day 1 loses 3; day 2: 5 − 3 = 2; day 3 serves 2; days 4–6 lose all: 8 of 21.
    Final 15: day 2: 12; then 9, 6, 3, 0: 18 of 21."""
    s = h.score_line(proposed=5, final=15, lead_time=2, review_days=5, opening_stock=3, demand=[3] * 7)
    assert s.verdict == "human"
    assert s.fill_rate_ai == pytest.approx(8 / 21) and s.fill_rate_final == pytest.approx(18 / 21)
    assert (s.ending_stock_ai, s.ending_stock_final) == (0, 0)


def test_same_quantities_and_windows_not_yet_over():
    same = h.score_line(proposed=7, final=7, lead_time=3, review_days=4, opening_stock=0, demand=DEMAND, mu=2)
    assert same.verdict == "same" and same.actual == 22 and same.forecast == 14  # μ × (L + R)
    pending = h.score_line(proposed=7, final=9, lead_time=3, review_days=4, opening_stock=0, demand=DEMAND[:6],
                           lead_time_demand=6)
    assert pending.verdict == "pending" and pending.forecast == 6
    assert (pending.actual, pending.fill_rate_ai, pending.ending_stock_final) == (None, None, None)
    assert h.score_line(proposed=7, final=7, lead_time=3, review_days=4, opening_stock=0, demand=[]).verdict == "same"


def test_verdict_rules():
    ai, more = h.WindowReplay(10, 9.96, 0.996, 0), h.WindowReplay(10, 10, 1.0, 5)
    # within half a point of fill rate the smaller ending stock wins
    assert h.verdict(10, 15, ai, more) == "ai"
    assert h.verdict(10, 15, ai, more, tolerance=0.001) == "human"
    assert h.verdict(10, 15, ai, ai) == "same"
    assert h.verdict(10, 15, None, more) == "pending"
    no_demand = h.WindowReplay(0, 0, None, 3), h.WindowReplay(0, 0, None, 8)
    assert h.verdict(10, 15, *no_demand) == "ai"
    # the review period is at least one day, so the order always arrives inside the window
    assert h.window_days(5, 0) == 6 and h.window_days(-1, 2) == 2


def test_wape_and_summary():
    """|22 − 16| + |7 − 8| = 7 over 22 + 7 = 29 (a pending line has no actual)."""
    assert h.wape([(22, 16), (7, 8), (None, 5), (4, None)]) == pytest.approx(7 / 29)
    assert h.wape([]) is None and h.wape([(0, 3)]) is None
    a = h.score_line(proposed=20, final=10, lead_time=3, review_days=4, opening_stock=5, demand=DEMAND,
                     lead_time_demand=6, mu=2.5)
    b = h.score_line(proposed=20, final=10, lead_time=3, review_days=4, opening_stock=5, demand=[1] * 7, mu=8 / 7)
    c = h.score_line(proposed=8, final=12, lead_time=3, review_days=4, opening_stock=0, demand=[1])
    d = h.score_line(proposed=5, final=5, lead_time=3, review_days=4, opening_stock=0, demand=[1] * 7)
    summary = h.summarize([(20, 10, a), (20, 10, b), (8, 12, c), (5, 5, d)])
    assert summary == {"lines": 4, "changed": 3, "human_better": 1, "ai_better": 1, "pending": 1,
                       "forecast_wape": pytest.approx((6 + 1) / (22 + 7))}


def _decided(verdict: str) -> h.LineScore:
    return h.LineScore(verdict, 10, 50.0, 60.0, 0.9, 0.95, 0.0, 5.0)


def test_lessons_need_enough_decided_changes_and_a_clear_winner():
    lines = [
        # 욕실: people raised 10 → 13, 20 → 26, 10 → 12 and were right twice out of three (2/3: clear)
        ("욕실", 10, 13, _decided("human")), ("욕실", 20, 26, _decided("human")), ("욕실", 10, 12, _decided("ai")),
        ("욕실", 10, 10, _decided("same")),  # unchanged: not counted
        ("욕실", 10, 30, _decided("pending")),  # not decided yet: not counted
        # 주방: only two decided changes — too few for a lesson
        ("주방", 10, 5, _decided("ai")), ("주방", 10, 5, _decided("ai")),
        # 문구: split 2 : 2 — no clear winner
        ("문구", 5, 6, _decided("human")), ("문구", 5, 6, _decided("human")),
        ("문구", 5, 4, _decided("ai")), ("문구", 5, 4, _decided("ai")),
        # uncategorised: people lowered 10 → 5 three times and the AI was right every time
        ("", 10, 5, _decided("ai")), ("", 10, 5, _decided("ai")), ("", 10, 5, _decided("ai")),
    ]
    got = {x.group: x for x in h.lessons(lines)}
    assert set(got) == {"욕실", ""}
    bath = got["욕실"]
    assert (bath.decided, bath.human_better, bath.ai_better, bath.winner) == (3, 2, 1, "human")
    assert bath.mean_change == pytest.approx((3 + 6 + 2) / 40)  # Σ(final − proposed) / Σ proposed
    plain = got[""]
    assert (plain.decided, plain.ai_better, plain.winner) == (3, 3, "ai") and plain.mean_change == pytest.approx(-0.5)
