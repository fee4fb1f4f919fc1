"""Browser tests: Debian's Chromium driven by Playwright against the real server and worker,
on a SQLite database loaded with the demo tenant. Screenshots go to test-artifacts/e2e/."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.live.server import start_live_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
DEMO_PASSWORD = "demo-e2e-password"
# The browser tests check the pages, not the models: the CNN-LSTM candidate (minutes of training
# on the demo) is covered by tests/forecasting and the benchmark, and one backtest fold instead of
# three still scores and selects among every candidate (a third of the backtest time on ~200 products).
FORECAST_ENV = {"FORECAST_CNN_LSTM": "false", "FORECAST_FOLDS": "1"}
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "e2e"
DIST = ROOT / "frontend" / "dist" / "index.html"


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    if not DIST.exists():
        pytest.fail("frontend/dist is not built: run `make test` (it builds the web app first)")
    data_dir = tmp_path_factory.mktemp("e2e") / "data"
    database_url = f"sqlite:///{data_dir.parent / 'e2e.db'}"
    env = {**os.environ, "DATA_DIR": str(data_dir), "DATABASE_URL": database_url,
           "SMARTSTOCK_DEMO_PASSWORD": DEMO_PASSWORD, "SECRET_KEY": "e2e"}
    env.pop("REDIS_URL", None)
    data_dir.mkdir(parents=True)
    # A copy of the built app: a rebuild of frontend/dist while the tests run (new hashed chunk
    # names) would otherwise break the pages already loaded in the browser.
    dist = shutil.copytree(DIST.parent, data_dir.parent / "dist")
    subprocess.run([sys.executable, "-m", "smartstock.cli", "demo", "--no-forecast"], env=env, check=True,
                   capture_output=True)
    server = start_live_server(data_dir, database_url, migrate=False,  # `smartstock demo` migrated it
                               extra_env={"SMARTSTOCK_DEMO_PASSWORD": DEMO_PASSWORD, "FRONTEND_DIST": str(dist),
                                          **FORECAST_ENV})
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_app, request):
    context = browser.new_context(base_url=live_app.url, viewport={"width": 1400, "height": 900},
                                  locale="ko-KR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def login(page, email: str) -> None:
    page.goto("/login")
    page.get_by_test_id("login-email").fill(email)
    page.get_by_test_id("login-password").fill(DEMO_PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(lambda url: "/login" not in url)
