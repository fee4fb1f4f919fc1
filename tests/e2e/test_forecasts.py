"""Forecasts in the browser: a staff member runs a forecast (the worker fits and backtests the
demo's ~200 products), reads one product's fan chart and why its model was chosen, overrides the
forecast for three days with a reason, and follows accuracy; a viewer can read but not run."""

from __future__ import annotations

import datetime as dt
import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import ARTIFACTS, login

RUN_TIMEOUT = 300_000  # the worker backtests every candidate model on ~200 products × 2 years


def test_run_read_override_and_follow_accuracy(page: Page):
    login(page, "staff@demo.example")
    page.goto("/forecasts")
    expect(page.get_by_test_id("forecasts-page")).to_be_visible()
    page.get_by_test_id("forecast-horizon").select_option("30")
    page.get_by_test_id("forecast-run").click()
    expect(page.get_by_test_id("forecast-progress")).to_be_visible()
    expect(page.get_by_test_id("forecast-latest-run")).to_be_visible(timeout=RUN_TIMEOUT)
    expect(page.get_by_test_id("forecast-progress")).to_be_hidden()
    expect(page.get_by_test_id("forecast-model-mix-item").first).to_be_visible()

    rows = page.get_by_test_id("forecast-row")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 20
    expect(rows.first.get_by_test_id("forecast-total-30")).to_have_text(re.compile(r"\d.*\(.*–.*\)"))

    # A smooth seller: its detail explains the choice against the other candidates.
    page.get_by_test_id("forecast-pattern").select_option("smooth")
    expect(rows.first).to_be_visible()
    rows.first.click()
    expect(page.get_by_test_id("forecast-detail")).to_be_visible()
    chart = page.get_by_test_id("forecast-chart")
    expect(chart).to_be_visible()
    expect(chart.locator("svg").first).to_be_visible()
    assert int(chart.get_attribute("data-rows")) >= 120 + 30
    expect(page.get_by_test_id("forecast-detail-reason")).to_contain_text("백테스트")
    scores = page.get_by_test_id("forecast-score-row")
    assert scores.count() >= 4
    expect(page.locator('[data-testid="forecast-score-row"][data-selected="true"]')).to_have_count(1)
    expect(page.get_by_test_id("forecast-total-row")).to_have_count(2)  # 7 and 30 days

    # Override three days of the forecast with a reason.
    first_day = dt.date.fromisoformat(chart.get_attribute("data-forecast-start"))
    start, end = first_day + dt.timedelta(days=2), first_day + dt.timedelta(days=4)
    page.get_by_test_id("override-start").fill(start.isoformat())
    page.get_by_test_id("override-end").fill(end.isoformat())
    page.get_by_test_id("override-quantity").fill("25")
    page.get_by_test_id("override-reason").fill("e2e 라이브 방송")
    page.get_by_test_id("override-submit").click()
    item = page.get_by_test_id("override-item").first
    expect(item).to_be_visible()
    expect(item.get_by_test_id("override-reason-text")).to_have_text("e2e 라이브 방송")
    expect(item.get_by_test_id("override-change")).to_contain_text("25")
    expect(page.get_by_test_id("forecast-detail-overridden")).to_be_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "forecast-detail.png"), full_page=True)

    # Accuracy: the run's backtest scores, per run and per product.
    page.goto("/forecasts/accuracy")
    expect(page.get_by_test_id("forecast-accuracy")).to_be_visible()
    expect(page.get_by_test_id("accuracy-trend")).to_have_attribute("data-runs", "1")
    expect(page.get_by_test_id("accuracy-row").first).to_be_visible()
    expect(page.get_by_test_id("run-model-row").first).to_be_visible()
    run_row = page.get_by_test_id("forecast-run-row").first
    expect(run_row).to_have_attribute("data-status", "succeeded")
    expect(run_row.get_by_test_id("forecast-run-tracking")).to_contain_text(re.compile(r"\w{8,}"))


def test_a_viewer_reads_forecasts_but_cannot_run_or_override(page: Page):
    login(page, "viewer@demo.example")
    page.goto("/forecasts")
    expect(page.get_by_test_id("forecast-read-only")).to_be_visible()
    expect(page.get_by_test_id("forecast-run")).to_have_count(0)
