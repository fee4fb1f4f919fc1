"""The `smartstock` command: run, serve, worker, demo, db, openapi."""

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
def demo(seed: int = 42) -> None:
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
    _print_logins(password)


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
    Consumer(huey, workers=workers, worker_type="thread").run()


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
def openapi(output: Path) -> None:
    """Write the OpenAPI document (the frontend's client is generated from it)."""
    os.environ.setdefault("DATABASE_URL", "sqlite://")
    from smartstock.app import create_app

    output.write_text(json.dumps(create_app().openapi(), ensure_ascii=False, indent=2) + "\n")


if __name__ == "__main__":
    app()
