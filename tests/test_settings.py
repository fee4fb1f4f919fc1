import pytest
from pydantic import ValidationError

from smartstock.settings import Settings


def test_embedded_default_generates_and_keeps_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    first = Settings()
    second = Settings()
    assert len(first.secret_key) >= 40
    assert first.secret_key == second.secret_key
    assert (tmp_path / "secret_key").read_text() == first.secret_key
    assert first.database_url == f"sqlite:///{tmp_path / 'smartstock.db'}"


def test_production_requires_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SMARTSTOCK_ENV", "production")
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings()
    assert not (tmp_path / "secret_key").exists()


def test_environment_overrides(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h/db")
    monkeypatch.setenv("REDIS_URL", "redis://h:6379/1")
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://u@h/db"
    assert settings.redis_url == "redis://h:6379/1"


def test_forecast_folds_default_to_three_and_must_be_at_least_one(monkeypatch):
    assert Settings().forecast_folds == 3
    monkeypatch.setenv("FORECAST_FOLDS", "1")  # the browser tests' quicker runs
    assert Settings().forecast_folds == 1
    monkeypatch.setenv("FORECAST_FOLDS", "0")
    with pytest.raises(ValidationError, match="FORECAST_FOLDS"):
        Settings()
