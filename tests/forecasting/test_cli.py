"""`smartstock forecast` and `smartstock backtest` as a real process on a sales file."""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys

import numpy as np
import polars as pl
import pytest
from openpyxl import Workbook

from tests.forecasting.support import panel


def cli(tmp_path, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATA_DIR": str(tmp_path / "var")}
    return subprocess.run([sys.executable, "-m", "smartstock.cli", *map(str, args)], env=env,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture
def sales_csv(tmp_path):
    """A plain file with `date, sku, qty` headers: four weekly-seasonal SKUs, one sparse, one new."""
    data = pl.concat([panel(n_smooth=3, n_sparse=1, days=150),
                      panel(n_smooth=1, n_sparse=0, days=20).with_columns(
                          pl.lit("NEW").alias("unique_id"), pl.col("ds") + pl.duration(days=130))])
    path = tmp_path / "sales.csv"
    data.select(pl.col("ds").alias("date"), pl.col("unique_id").alias("sku"), pl.col("y").cast(pl.Int64).alias("qty")) \
        .write_csv(path)
    return path


def test_forecast_writes_quantiles_per_sku_and_day(tmp_path, sales_csv):
    out = tmp_path / "forecast.csv"
    done = cli(tmp_path, "forecast", sales_csv, "--horizon", 14, "--output", out, "--quantiles", "0.1,0.5,0.9",
               "--no-cnn-lstm")
    assert done.returncode == 0, done.stderr
    with out.open() as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["sku", "date", "p10", "p50", "p90", "model"]
    assert {r["sku"] for r in rows} == {"S0", "S1", "S2", "I0", "NEW"}
    assert len(rows) == 5 * 14
    first = dt.date(2024, 1, 1) + dt.timedelta(days=150)
    assert min(r["date"] for r in rows) == first.isoformat()
    for r in rows:
        assert 0 <= float(r["p10"]) <= float(r["p50"]) <= float(r["p90"])
    assert {r["model"] for r in rows if r["sku"] == "NEW"} == {"Category"}
    assert "5 SKUs × 14 days" in done.stdout


def test_forecast_reads_korean_excel_and_custom_quantiles(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["주문일", "상품코드", "수량"])
    rng = np.random.default_rng(0)
    for day in range(120):
        sheet.append([(dt.date(2025, 1, 1) + dt.timedelta(days=day)).isoformat(), "A-1", int(rng.poisson(6))])
    path = tmp_path / "판매.xlsx"
    book.save(path)
    out = tmp_path / "f.csv"
    done = cli(tmp_path, "forecast", path, "--horizon", 7, "--output", out, "--quantiles", "0.05,0.5,0.95",
               "--no-cnn-lstm")
    assert done.returncode == 0, done.stderr
    assert out.read_text().splitlines()[0] == "sku,date,p5,p50,p95,model"


def test_bad_files_and_options_get_clear_errors(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    done = cli(tmp_path, "forecast", empty, "--output", tmp_path / "x.csv")
    assert done.returncode == 2 and "빈 파일" in done.stderr and "empty" in done.stderr
    no_qty = tmp_path / "noqty.csv"
    no_qty.write_text("date,sku\n2024-01-01,A\n")
    done = cli(tmp_path, "forecast", no_qty, "--output", tmp_path / "x.csv")
    assert done.returncode == 2 and "quantity" in done.stderr
    done = cli(tmp_path, "forecast", no_qty, "--quantiles", "0.5,1.5")
    assert done.returncode != 0 and "--quantiles" in done.stderr


def test_backtest_prints_every_model_and_the_portfolio(tmp_path, sales_csv):
    done = cli(tmp_path, "backtest", sales_csv, "--horizon", 14, "--folds", 3, "--no-cnn-lstm")
    assert done.returncode == 0, done.stderr
    lines = {line.split()[0]: line.split() for line in done.stdout.splitlines() if line and not line.startswith("Portfolio:")}
    assert {"SeasonalNaive", "AutoETS", "ETS", "Theta", "LightGBM", "CrostonSBA", "Ensemble", "Portfolio"} <= set(lines)
    header = lines["model"]
    assert header[:4] == ["model", "series", "WAPE", "sMAPE"]
    assert lines["Portfolio"][2].endswith("%")
