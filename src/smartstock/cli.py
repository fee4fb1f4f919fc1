"""The `smartstock` command: run, serve, worker, demo, db, ingest, forecast, backtest, simulate, mlflow-ui, openapi."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="SmartStock: AI inventory management for multi-channel sellers.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema (Alembic migrations).", no_args_is_help=True)
app.add_typer(db_app, name="db")


def _settings():
    from smartstock.settings import get_settings

    return get_settings()


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    from smartstock.db.migrate import upgrade

    settings = _settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.database_url, revision)


@db_app.command("downgrade")
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION ('base' removes every table)."""
    from smartstock.db.migrate import downgrade

    downgrade(_settings().database_url, revision)


@db_app.command("current")
def db_current() -> None:
    from smartstock.db import get_engine
    from smartstock.db.migrate import current_revision

    with get_engine().connect() as conn:
        typer.echo(current_revision(conn) or "(empty database)")


def _demo_password() -> str:
    """SMARTSTOCK_DEMO_PASSWORD, or one generated once and kept in the data folder."""
    settings = _settings()
    if settings.demo_password:
        return settings.demo_password
    path = settings.data_dir / "demo_password"
    if path.exists():
        return path.read_text().strip()
    password = "demo-" + secrets.token_urlsafe(9)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password)
    path.chmod(0o600)
    return password


def _demo_loaded(session) -> bool:
    from sqlalchemy import select

    from smartstock.db.models import User
    from smartstock.demo.loader import DEMO_EMAILS

    return session.scalar(select(User.id).where(User.email == DEMO_EMAILS[0])) is not None


@app.command()
def demo(
    seed: int = 42,
    forecast: Annotated[bool, typer.Option(help="Queue the demo's first forecast run for the worker")] = True,
) -> None:
    """Load the demo tenant (a Korean seller with two years of sales) unless it is there."""
    from smartstock.db import get_sessionmaker
    from smartstock.demo.loader import load_demo

    db_upgrade()
    password = _demo_password()
    with get_sessionmaker()() as session:
        if _demo_loaded(session):
            typer.echo("The demo tenant is already loaded.")
        else:
            started = time.perf_counter()
            summary = load_demo(session, password, seed=seed)
            session.commit()
            typer.echo(f"Demo tenant loaded in {time.perf_counter() - started:.1f} s: {summary}")
            if forecast:
                _queue_first_forecast(session)
    _print_logins(password)


def _queue_first_forecast(session) -> None:
    """The demo's first forecast, for the worker: the Forecasts page has something to show."""
    from smartstock.demo.loader import DEMO_EMAILS
    from smartstock.forecasting.service import request_run
    from smartstock.kit.database import commit

    principal = _cli_principal(session, None, DEMO_EMAILS[0])
    run = request_run(session, principal)
    commit(session)
    typer.echo(f"Forecast run #{run.id} queued for the worker.")


def _print_logins(password: str) -> None:
    from smartstock.demo.loader import DEMO_EMAILS

    typer.echo("Demo log-ins (password: %s):" % password)
    for email in DEMO_EMAILS:
        typer.echo(f"  {email}")


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="PORT")] = 8000,
    workers: int = 1,
) -> None:
    """Serve the web app and API (no worker; see `run` or `worker`)."""
    import uvicorn

    uvicorn.run("smartstock.app:create_app", factory=True, host=host, port=port, workers=workers,
                proxy_headers=True, log_level="info")


@app.command()
def worker(workers: int = 2) -> None:
    """Run the background job worker (Huey consumer)."""
    from huey.consumer import Consumer

    from smartstock.jobs.queue import HANDLER_MODULES, huey

    for module in HANDLER_MODULES:
        __import__(module)
    # Poll an empty queue at least every second (Huey backs off to 10 s by default): an upload
    # queued after a quiet minute is picked up at once, not seconds later.
    Consumer(huey, workers=workers, worker_type="thread", max_delay=1.0).run()


@app.command()
def run(
    host: str = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="PORT")] = 8000,
) -> None:
    """Everything for one machine: migrate, load the demo on first start, worker + web server."""
    demo()
    worker_proc = subprocess.Popen([sys.executable, "-m", "smartstock.cli", "worker"])
    typer.echo(f"SmartStock on http://{host}:{port}  (worker pid {worker_proc.pid})")
    try:
        serve(host=host, port=port, workers=1)
    finally:
        worker_proc.send_signal(signal.SIGINT)
        try:
            worker_proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker_proc.kill()


@app.command()
def ingest(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV, XLSX or XLS file")],
    tenant: Annotated[str | None, typer.Option(help="Tenant id or name (default: the only tenant)")] = None,
    kind: Annotated[str, typer.Option(help="auto | sales | orders | template | products")] = "auto",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Write the report, change nothing")] = False,
    report: Annotated[Path | None, typer.Option(help="Write the cleansing report (JSON) here")] = None,
    user: Annotated[str | None, typer.Option(help="Record changes as this user (default: an owner)")] = None,
) -> None:
    """Recognise, cleanse and apply a sales, stock or product file, as the Uploads page does."""
    from smartstock.db import get_sessionmaker
    from smartstock.ingest.fields import FileKind
    from smartstock.ingest.report import report_json
    from smartstock.ingest.service import ingest_path
    from smartstock.kit.errors import DomainError

    kinds = {"auto": None, "template": FileKind.stock, **{k.value: k for k in FileKind}}
    if kind not in kinds:
        raise typer.BadParameter(f"--kind must be one of {', '.join(kinds)}")
    started = time.perf_counter()
    with get_sessionmaker()() as session:
        principal = _cli_principal(session, tenant, user)
        try:
            upload, analysis, result = ingest_path(session, principal, file.name, file.read_bytes(),
                                                   kind=kinds[kind], dry_run=dry_run)
        except DomainError as exc:
            session.rollback()
            typer.echo(f"error: {exc.messages['ko']} / {exc.messages['en']}", err=True)
            raise typer.Exit(2) from exc
        if report:
            report.write_bytes(report_json(analysis.report))
        _print_report(analysis.report)
        if dry_run or result.get("errors"):
            session.rollback()
        else:
            session.commit()
    if result.get("errors"):
        for error in result["errors"][:20]:
            typer.echo(f"  line {error['line']}: {error['message_en']}", err=True)
        typer.echo(f"Nothing was applied ({len(result['errors'])} errors).", err=True)
        raise typer.Exit(1)
    verb = "Dry run, nothing changed" if dry_run else f"Applied as upload #{upload.id}: {result}"
    typer.echo(f"{verb} ({time.perf_counter() - started:.1f} s)")


def _cli_principal(session, tenant: str | None, email: str | None):
    from sqlalchemy import select

    from smartstock.db.models import Role, Tenant, User
    from smartstock.kit.auth import Principal

    tenants = session.scalars(select(Tenant).order_by(Tenant.id)).all()
    if tenant is not None:
        tenants = [t for t in tenants if str(t.id) == tenant or t.name == tenant]
    if len(tenants) != 1:
        names = ", ".join(f"{t.id}={t.name}" for t in session.scalars(select(Tenant)))
        raise typer.BadParameter(f"choose one tenant with --tenant (id or name): {names or 'none exist'}")
    query = select(User).where(User.tenant_id == tenants[0].id, User.is_active.is_(True))
    query = query.where(User.email == email) if email else query.where(User.role == Role.owner)
    found = session.scalars(query.order_by(User.id)).first()
    if found is None:
        raise typer.BadParameter(f"no active user {email or 'owner'} in tenant {tenants[0].name}")
    return Principal(user=found, session_id=0)


def _print_report(report: dict) -> None:
    typer.echo(f"{report['file']['name']}: {report['kind']} ({report['file']['format']}"
               f"{', ' + report['file']['encoding'] if report['file'].get('encoding') else ''}), "
               f"{report['rows_read']} rows read, {report['rows_kept']} kept")
    for column in report["columns"]:
        typer.echo(f"  column {column['column']!r} → {column['field'] or '-'} ({column['confidence']:.2f} {column['basis']})")
    for rule in report["rules"]:
        typer.echo(f"  {rule['id']:<22} {rule['count']:>9}  {rule['action']}")
    for pii in report["pii"]:
        typer.echo(f"  personal data {pii['column']!r} ({pii['kind']}): {pii['treatment']}")
    if report["missing_fields"]:
        typer.echo(f"  missing columns: {', '.join(report['missing_fields'])}")


def _demand(path: Path):
    from smartstock.forecasting.files import demand_from_file
    from smartstock.kit.errors import DomainError

    try:
        return demand_from_file(path)
    except DomainError as exc:
        typer.echo(f"error: {exc.messages['ko']} / {exc.messages['en']}", err=True)
        raise typer.Exit(2) from exc


def _quantile_list(text: str) -> tuple[float, ...]:
    try:
        values = tuple(sorted({float(v) for v in text.split(",") if v.strip()}))
    except ValueError as exc:
        raise typer.BadParameter("--quantiles: numbers between 0 and 1, e.g. 0.1,0.5,0.9") from exc
    if not values or any(not 0 < v < 1 for v in values):
        raise typer.BadParameter("--quantiles: numbers between 0 and 1, e.g. 0.1,0.5,0.9")
    return values


def _engine_progress(fraction: float, message: str) -> None:
    typer.echo(f"  {fraction:4.0%} {message}", err=True)


@app.command()
def forecast(
    input: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV, XLSX or XLS of daily or transactional sales")],
    horizon: Annotated[int, typer.Option(min=1, max=366, help="Days to forecast")] = 30,
    output: Annotated[Path, typer.Option(help="Forecast CSV: sku, date, p10, p50, p90, model")] = Path("forecast.csv"),
    quantiles: Annotated[str, typer.Option(help="Comma-separated quantiles")] = "0.1,0.5,0.9",
    cnn_lstm: Annotated[bool, typer.Option(help="Include the CNN-LSTM candidate (needs PyTorch)")] = True,
) -> None:
    """Forecast every SKU in a sales file with the backtested model portfolio."""
    import polars as pl

    from smartstock.forecasting.core import engine
    from smartstock.forecasting.core.frames import Columns
    from smartstock.forecasting.core.models import deep_learning_available
    from smartstock.forecasting.core.quantiles import quantile_name

    qs = _quantile_list(quantiles)
    demand = _demand(input)
    started = time.perf_counter()
    config = engine.EngineConfig(quantiles=qs, use_cnn_lstm=cnn_lstm and deep_learning_available(), n_jobs=2)
    result = engine.run(demand, horizon, config, progress=_engine_progress,
                        columns=Columns(id="sku", time="date", target="quantity", censored="stockout"))
    table = result.forecasts.select(
        pl.col("unique_id").alias("sku"), pl.col("ds").alias("date"),
        *(pl.col(quantile_name(q)).round(3) for q in qs), pl.col("model"),
    )
    table.write_csv(output)
    counts = ", ".join(f"{m} {n}" for m, n in result.series["model"].value_counts(sort=True).iter_rows())
    typer.echo(f"{result.series.height} SKUs × {horizon} days → {output} ({time.perf_counter() - started:.1f} s; {counts})")


@app.command()
def backtest(
    input: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV, XLSX or XLS of daily or transactional sales")],
    horizon: Annotated[int, typer.Option(min=1, max=366, help="Days each fold forecasts")] = 28,
    folds: Annotated[int, typer.Option(min=1, max=20, help="Rolling origins")] = 3,
    autoets: Annotated[bool, typer.Option(help="Add the full AutoETS search as a baseline (slow)")] = True,
    cnn_lstm: Annotated[bool, typer.Option(help="Include the CNN-LSTM candidate (needs PyTorch)")] = True,
) -> None:
    """Rolling-origin backtest: every model's accuracy and the selected portfolio's, out of sample."""
    from smartstock.forecasting.core import engine
    from smartstock.forecasting.core.frames import Columns
    from smartstock.forecasting.core.models import deep_learning_available

    demand = _demand(input)
    started = time.perf_counter()
    config = engine.EngineConfig(backtest_horizon=horizon, folds=folds, n_jobs=2,
                                 optional_models=("AutoETS",) if autoets else (),
                                 use_cnn_lstm=cnn_lstm and deep_learning_available())
    result = engine.run(demand, horizon, config, backtest_only=True, progress=_engine_progress,
                        columns=Columns(id="sku", time="date", target="quantity", censored="stockout"))
    table = engine.compare(result, config.selection_metric, config.tolerance, config.champion_margin)
    if table.is_empty():
        typer.echo(f"No SKU has enough history for {folds} folds of {horizon} days.", err=True)
        raise typer.Exit(1)
    typer.echo(f"{'model':<14}{'series':>7}{'WAPE':>8}{'sMAPE':>8}{'MAE':>9}{'RMSE':>9}{'MASE':>7}{'RMSSE':>7}"
               f"{'bias':>8}{'cover':>7}{'pinball':>8}")
    for r in table.iter_rows(named=True):
        typer.echo(f"{r['model']:<14}{r['series']:>7}{_pct(r['wape']):>8}{_pct(r['smape']):>8}{_num(r['mae']):>9}"
                   f"{_num(r['rmse']):>9}{_num(r.get('mase')):>7}{_num(r.get('rmsse')):>7}{_pct(r['bias']):>8}"
                   f"{_pct(r.get('coverage')):>7}{_num(r.get('pinball')):>8}")
    typer.echo(f"Portfolio: each fold forecast by the models chosen on the folds before it. "
               f"{folds} folds × {horizon} days, {time.perf_counter() - started:.1f} s.")


@app.command()
def simulate(
    input: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="CSV, XLSX or XLS of daily or transactional sales")],
    lead_time: Annotated[int, typer.Option(min=1, max=365, help="Supplier lead time in days")],
    service_level: Annotated[float, typer.Option(min=0.5, max=0.9995, help="Our policy's target fill rate")] = 0.95,
    output: Annotated[Path | None, typer.Option(help="Also write the results as JSON here")] = None,
    forecaster: Annotated[str, typer.Option(help="engine | moving-average")] = "engine",
    replay_days: Annotated[int, typer.Option(min=7, max=3660, help="Days of past demand to replay")] = 182,
    reforecast_every: Annotated[int | None, typer.Option(min=1, help="Days between re-forecasts (default: engine 28, moving average 1)")] = None,
    moq: Annotated[float, typer.Option(min=0, help="Minimum order quantity")] = 0.0,
    pack: Annotated[float, typer.Option(min=0.001, help="Pack size (orders are whole packs)")] = 1.0,
    unit_cost: Annotated[float | None, typer.Option(min=0, help="Unit cost, for inventory value and holding cost")] = None,
    holding_rate: Annotated[float, typer.Option(min=0, help="Holding cost per year, as a share of the unit cost")] = 0.25,
) -> None:
    """Replay past demand through our policy and two baselines: fill rate, stockouts, inventory."""
    from smartstock.planning.core import simulate as sim
    from smartstock.planning.core.policy import PlanInputError

    if forecaster not in ("engine", "moving-average"):
        raise typer.BadParameter("--forecaster: engine or moving-average")
    demand = _demand(input)
    days = (demand["date"].max() - demand["date"].min()).days + 1
    history = 28  # days before the warm-up that the first forecast learns from, at least
    if days - lead_time - history < replay_days:
        replay_days = days - lead_time - history
        if replay_days < 14:
            typer.echo(f"error: 판매 이력이 너무 짧습니다 ({days}일; 리드타임 + {history + 14}일 이상 필요) / "
                       f"The sales history is too short ({days} days; the lead time + {history + 14} days are needed)",
                       err=True)
            raise typer.Exit(2)
        typer.echo(f"Replaying the last {replay_days} days (the file has {days}).", err=True)
    if forecaster == "engine":
        from smartstock.forecasting.core.engine import EngineConfig

        ours_fc = sim.EngineForecaster(EngineConfig(use_cnn_lstm=False, n_jobs=2), reforecast_every or 28)
    else:
        ours_fc = sim.MovingAverageForecaster(28, reforecast_every or 1)
    policies = {
        "ours": sim.ForecastPolicy(ours_fc, service_level, method="forecast_quantile", name="ours"),
        "coverage": sim.CoveragePolicy(),
        "min-max": sim.MinMaxPolicy(),
    }
    started = time.perf_counter()
    try:
        replay = sim.Replay(demand, lead_time=lead_time, moq=moq, pack=pack, replay_days=replay_days,
                            unit_cost=unit_cost, holding_rate=holding_rate,
                            id_col="sku", time_col="date", target_col="quantity")
        results = {}
        for name, policy in policies.items():
            run = replay.run(policy)
            curve = sim.inventory_curve(replay, policy, (0.90, 0.95, 0.98))
            results[name] = {**{k: sim.finite(v) if isinstance(v, float) else v for k, v in run.metrics.items()},
                             "knob": policy.knob, "inventory_for_fill_rate": curve}
    except PlanInputError as exc:
        typer.echo(f"error: {exc.messages['ko']} / {exc.messages['en']}", err=True)
        raise typer.Exit(2) from exc
    first, last = replay.window_dates
    typer.echo(f"{len(replay.ids)} SKUs, {first} … {last}, lead time {lead_time} days, forecaster {forecaster}; "
               f"ours targets a {service_level:.1%} fill rate ({time.perf_counter() - started:.1f} s)")
    typer.echo(f"{'policy':<10}{'fill':>8}{'stockout':>10}{'avg inv':>10}{'days sup':>10}{'hold cost':>11}{'orders':>8}"
               f"{'inv@90%':>10}{'inv@95%':>10}{'inv@98%':>10}")
    for name, r in results.items():
        curve = [f"{c['avg_inventory_units']:,.0f}" + ("" if c["reached"] else "*") for c in r["inventory_for_fill_rate"]]
        typer.echo(f"{name:<10}{_pct(r['fill_rate']):>8}{_pct(r['stockout_rate']):>10}{r['avg_inventory_units']:>10,.0f}"
                   f"{_num(r['days_of_supply']):>10}{_num(r['holding_cost']):>11}{r['orders']:>8}"
                   + "".join(f"{c:>10}" for c in curve))
    typer.echo("avg inv = mean units on hand; inv@X% = units each policy needs, tuned to that fill rate "
               "(* = not reached); hold cost needs --unit-cost.")
    if output:
        payload = {"input": str(input), "lead_time": lead_time, "service_level": service_level,
                   "forecaster": forecaster, "replay_days": replay_days, "moq": moq, "pack": pack,
                   "unit_cost": unit_cost, "holding_rate": holding_rate,
                   "window": [str(first), str(last)], "policies": results}
        output.write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")


def _pct(value) -> str:
    return "-" if value is None else f"{value:.1%}"


def _num(value) -> str:
    return "-" if value is None else f"{value:.3g}"


@app.command("mlflow-ui")
def mlflow_ui(port: int = 5000, host: str = "127.0.0.1") -> None:
    """Open MLflow's web UI on the forecast runs' tracking store (a data expert's view)."""
    settings = _settings()
    command = [sys.executable, "-m", "mlflow", "ui", "--backend-store-uri", settings.mlflow_uri,
               "--host", host, "--port", str(port)]
    if not settings.mlflow_tracking_uri:
        command += ["--default-artifact-root", settings.mlflow_artifacts.resolve().as_uri()]
    typer.echo(" ".join(command))
    raise typer.Exit(subprocess.call(command, env={**os.environ, "MLFLOW_DISABLE_TELEMETRY": "true"}))


@app.command()
def openapi(output: Path) -> None:
    """Write the OpenAPI document (the frontend's client is generated from it)."""
    os.environ.setdefault("DATABASE_URL", "sqlite://")
    from smartstock.app import create_app

    output.write_text(json.dumps(create_app().openapi(), ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    app()
