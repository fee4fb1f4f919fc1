"""`smartstock simulate`: a sales file replayed through our policy and the two baselines."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import polars as pl
from typer.testing import CliRunner

from smartstock.cli import app

runner = CliRunner()


def sales_csv(path, days: int = 150, skus: int = 4):
    rng = np.random.default_rng(0)
    rows = [{"date": (dt.date(2025, 1, 1) + dt.timedelta(days=d)).isoformat(), "sku": f"A-{i}",
             "qty": int(rng.poisson(3 + 4 * i))} for i in range(skus) for d in range(days)]
    pl.DataFrame(rows).write_csv(path)
    return path


def test_simulate_writes_every_metric_and_the_inventory_curve(tmp_path):
    out = tmp_path / "result.json"
    done = runner.invoke(app, ["simulate", str(sales_csv(tmp_path / "sales.csv")), "--lead-time", "5",
                               "--forecaster", "moving-average", "--replay-days", "60", "--moq", "10",
                               "--pack", "5", "--unit-cost", "2000", "--output", str(out)])
    assert done.exit_code == 0, done.output
    result = json.loads(out.read_text())
    assert result["lead_time"] == 5 and result["service_level"] == 0.95 and result["forecaster"] == "moving-average"
    assert set(result["policies"]) == {"ours", "coverage", "min-max"}
    first, last = result["window"]
    assert last == "2025-05-30" and (dt.date.fromisoformat(last) - dt.date.fromisoformat(first)).days == 59
    for policy in result["policies"].values():
        for key in ("fill_rate", "stockout_rate", "avg_inventory_units", "days_of_supply", "orders",
                    "holding_cost", "avg_inventory_value"):
            assert key in policy
        assert 0 <= policy["fill_rate"] <= 1 and policy["skus"] == 4 and policy["days"] == 60
        # holding cost = average inventory value × 25 % a year × 60/365 years
        assert policy["avg_inventory_value"] == policy["avg_inventory_units"] * 2000
        assert abs(policy["holding_cost"] - policy["avg_inventory_value"] * 0.25 * 60 / 365) < 1e-6
        curve = policy["inventory_for_fill_rate"]
        assert [c["target"] for c in curve] == [0.9, 0.95, 0.98]
        reached = [c["avg_inventory_units"] for c in curve if c["reached"]]
        assert reached == sorted(reached)
    assert result["policies"]["ours"]["fill_rate"] > 0.85
    for name in ("ours", "coverage", "min-max"):
        assert name in done.output
    assert "inv@95%" in done.output


def test_simulate_bad_files_exit_2_in_both_languages(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    done = runner.invoke(app, ["simulate", str(empty), "--lead-time", "7", "--forecaster", "moving-average"])
    assert done.exit_code == 2 and "빈 파일" in done.output and "empty" in done.output
    no_qty = tmp_path / "noqty.csv"
    no_qty.write_text("date,sku\n2024-01-01,A\n")
    done = runner.invoke(app, ["simulate", str(no_qty), "--lead-time", "7", "--forecaster", "moving-average"])
    assert done.exit_code == 2 and "quantity" in done.output
    short = sales_csv(tmp_path / "short.csv", days=30, skus=1)
    done = runner.invoke(app, ["simulate", str(short), "--lead-time", "7", "--forecaster", "moving-average"])
    assert done.exit_code == 2 and "너무 짧습니다" in done.output and "too short" in done.output
    done = runner.invoke(app, ["simulate", str(short), "--lead-time", "0"])
    assert done.exit_code == 2  # typer's own range check
