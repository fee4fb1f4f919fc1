from __future__ import annotations

import datetime as dt
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, StringConstraints

from smartstock.db.models import Language, Role
from smartstock.kit.passwords import MIN_PASSWORD_LENGTH
from smartstock.kit.schemas import Schema, WriteSchema


def _email(value: str) -> str:
    value = value.strip().lower()
    local, _, domain = value.partition("@")
    if not local or "." not in domain or " " in value or len(value) > 254:
        raise ValueError("invalid e-mail address")
    return value


Email = Annotated[str, AfterValidator(_email)]
Password = Annotated[str, StringConstraints(min_length=MIN_PASSWORD_LENGTH, max_length=200)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)]


class SignupIn(WriteSchema):
    tenant_name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    email: Email
    password: Password
    name: Name = ""
    language: Language = Language.ko


class LoginIn(WriteSchema):
    email: Email
    password: Annotated[str, StringConstraints(max_length=200)]


class PasswordChangeIn(WriteSchema):
    current_password: Annotated[str, StringConstraints(max_length=200)]
    new_password: Password


class TenantRef(Schema):
    id: int
    name: str


class MeOut(Schema):
    id: int
    email: str
    name: str
    role: Role
    language: Language
    tenant: TenantRef


class MemberOut(Schema):
    id: int
    email: str
    name: str
    role: Role
    is_active: bool
    created_at: dt.datetime
    last_login_at: dt.datetime | None


class MemberCreateIn(WriteSchema):
    email: Email
    name: Name = ""
    role: Role
    password: Password


class MemberUpdateIn(WriteSchema):
    name: Name | None = None
    role: Role | None = None
    is_active: bool | None = None


def _time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone: {value}") from None
    return value


TimeZone = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
                     AfterValidator(_time_zone)]


class TenantSettingsOut(Schema):
    name: str
    allow_negative_stock: bool
    default_language: Language
    timezone: str
    forecast_nightly: bool = Field(description="rerun the forecast every night")
    retrain_margin: float = Field(description="retrain when live WAPE exceeds the backtest's by this share")


class TenantSettingsIn(WriteSchema):
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)] | None = None
    allow_negative_stock: bool | None = None
    default_language: Language | None = None
    timezone: TimeZone | None = None
    forecast_nightly: bool | None = None
    retrain_margin: float | None = Field(default=None, ge=0.05, le=5.0)


class LanguageIn(WriteSchema):
    language: Language = Field(description="UI language kept for the user")
