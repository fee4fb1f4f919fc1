"""Personal data: how a value is shown masked in reports. Nothing personal is stored: these
columns never reach the sales history, and the kept original file is encrypted."""

from __future__ import annotations

import re

from smartstock.ingest.fields import FIELD_BY_KEY, PII_FIELDS, Pii


def mask(value: str, field: str) -> str:
    text = str(value)
    kind = FIELD_BY_KEY[field].pii if field in FIELD_BY_KEY else None
    if kind == Pii.email and "@" in text:
        user, _, domain = text.partition("@")
        return f"{user[:1]}***@{domain}"
    if kind == Pii.phone:
        digits = re.sub(r"\D", "", text)
        return f"{digits[:3]}-****-****" if len(digits) >= 8 else "****"
    if kind == Pii.name:
        return text[:1] + "*" * max(2, len(text) - 1)
    if kind == Pii.address:
        return (text.split()[0] + " ***") if text.split() else "***"
    return "***"


_PHONE_IN_TEXT = re.compile(r"(?:\+82[- ]?)?0\d{1,2}[- .]?\d{3,4}[- .]?\d{4}")
_EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def scrub(text: str) -> str:
    """Phone numbers and e-mail addresses inside free text (a delivery message) masked."""
    text = _PHONE_IN_TEXT.sub(lambda m: mask(m.group(0), "phone"), text)
    return _EMAIL_IN_TEXT.sub(lambda m: mask(m.group(0), "email"), text)


def masked_samples(samples: list[str], field: str | None, limit: int = 5) -> list[str]:
    values = [str(s) for s in samples[:limit]]
    if field in PII_FIELDS:
        return [mask(v, field) for v in values]
    return [scrub(v) for v in values]

