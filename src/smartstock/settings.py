"""Settings read from the environment (and an optional `.env` file).

The embedded default needs nothing: a SQLite database and a generated secret key under
`DATA_DIR`. Production mode (`SMARTSTOCK_ENV=production`) refuses to start without an explicit
`SECRET_KEY`.
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    env: str = Field(default="development", alias="SMARTSTOCK_ENV")
    data_dir: Path = Field(default=Path("var"), alias="DATA_DIR")
    database_url: str = Field(default="", alias="DATABASE_URL")
    secret_key: str = Field(default="", alias="SECRET_KEY")
    redis_url: str = Field(default="", alias="REDIS_URL")
    shared_data_dir: Path = Field(default=Path("../shared/data"), alias="SMARTSTOCK_SHARED_DATA")
    demo_password: str = Field(default="", alias="SMARTSTOCK_DEMO_PASSWORD")
    session_hours: int = Field(default=12, alias="SESSION_HOURS")
    max_body_bytes: int = Field(default=10 * 1024 * 1024, alias="MAX_BODY_BYTES")
    max_upload_bytes: int = Field(default=200 * 1024 * 1024, alias="MAX_UPLOAD_BYTES")
    login_max_failures: int = Field(default=5, alias="LOGIN_MAX_FAILURES")
    login_lock_minutes: int = Field(default=15, alias="LOGIN_LOCK_MINUTES")
    cookie_secure: bool = Field(default=False, alias="COOKIE_SECURE")
    # Forecasting. MLflow: a local store under DATA_DIR unless a tracking server is given;
    # Dask: fitting fans out over the cluster when a scheduler address is given.
    mlflow_tracking_uri: str = Field(default="", alias="MLFLOW_TRACKING_URI")
    dask_scheduler_address: str = Field(default="", alias="DASK_SCHEDULER_ADDRESS")
    forecast_cnn_lstm: bool = Field(default=True, alias="FORECAST_CNN_LSTM")
    forecast_jobs: int = Field(default=2, alias="FORECAST_JOBS")  # statsforecast processes
    forecast_folds: int = Field(default=3, ge=1, alias="FORECAST_FOLDS")  # backtest folds of a run
    forecast_keep_runs: int = Field(default=60, alias="FORECAST_KEEP_RUNS")  # runs whose daily values are kept
    forecast_nightly_hour: int = Field(default=2, alias="FORECAST_NIGHTLY_HOUR")  # tenant's local hour
    frontend_dist: Path = Field(
        default=Path(__file__).resolve().parents[2] / "frontend" / "dist", alias="FRONTEND_DIST"
    )

    @property
    def production(self) -> bool:
        return self.env == "production"

    @model_validator(mode="after")
    def _fill_embedded_defaults(self) -> "Settings":
        self.data_dir = self.data_dir.resolve()
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'smartstock.db'}"
        if not self.secret_key:
            if self.production:
                raise ValueError("SECRET_KEY must be set when SMARTSTOCK_ENV=production")
            self.secret_key = _kept_secret(self.data_dir / "secret_key")
        return self

    @property
    def huey_sqlite_path(self) -> Path:
        return self.data_dir / "jobs.sqlite3"

    @property
    def upload_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def mlflow_uri(self) -> str:
        return self.mlflow_tracking_uri or f"sqlite:///{self.data_dir / 'mlflow.db'}"

    @property
    def mlflow_artifacts(self) -> Path:
        """Where runs' artifacts go when MLflow is the embedded local store."""
        return self.data_dir / "mlartifacts"


def _kept_secret(path: Path) -> str:
    """A random key generated once and kept in the data folder (embedded default only)."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


@lru_cache
def get_settings() -> Settings:
    return Settings()
