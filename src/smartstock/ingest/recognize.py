"""Which kind of file this is and which column holds which field: by header names first, then by
the values of columns whose headers say nothing. A mapping the user confirmed for the same layout
(the same headers) wins over both."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import polars as pl

from smartstock.ingest.dates import parse_dates
from smartstock.ingest.fields import (
    CHANNEL_SIGNATURES,
    FIELD_BY_KEY,
    FIELDS,
    MULTI_COLUMN_FIELDS,
    PII_FIELDS,
    PRODUCT_MASTER_HINTS,
    FileKind,
    channel_of,
    normalise_header,
)
from smartstock.ingest.reader import RawTable

SAMPLE = 500

EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
PHONE = re.compile(r"^(\+82[- ]?)?0\d{1,2}[- .]?[\d*]{3,4}[- .]?\d{4}$")
ADDRESS = re.compile(r"(시|도)\s.*(구|군|읍|면)\s.*(로|길|동|리)")
CODE = re.compile(r"^[A-Za-z0-9][\w\-./]{1,39}$")
INTEGER = re.compile(r"^-?[\d,]+$")
PERSON_NAME = re.compile(r"[가-힣]{2,4}")
HANGUL = re.compile(r"[가-힣]")


@dataclass
class ColumnGuess:
    column: str
    field: str | None
    confidence: float
    basis: str  # header | content | remembered | user | template | none
    samples: list[str]


@dataclass
class Recognition:
    kind: FileKind
    kind_confidence: float
    channel: str | None  # the marketplace whose export this is, when recognisable
    columns: list[ColumnGuess]
    signature: str

    @property
    def mapping(self) -> dict[str, str]:
        return {c.column: c.field for c in self.columns if c.field}


def layout_signature(table: RawTable) -> str:
    joined = "|".join(normalise_header(h) for h in table.headers)
    return hashlib.sha256(f"{table.format != 'csv'}:{joined}".encode()).hexdigest()[:32]


def recognise(table: RawTable, remembered: tuple[FileKind, dict[str, str | None]] | None = None) -> Recognition:
    samples = {h: _samples(table.frame, h) for h in table.headers}
    signature = layout_signature(table)
    if remembered is not None:
        kind, mapping = remembered
        columns = [ColumnGuess(h, mapping.get(h), 1.0 if mapping.get(h) else 0.0, "remembered", samples[h])
                   for h in table.headers]
        return Recognition(kind, 1.0, _marketplace(table.headers), columns, signature)
    guesses = {h: _by_header(h) for h in table.headers}
    taken = _assign(guesses)
    columns = []
    assigned = {column: fld for fld, column in taken.items()}
    for header in table.headers:
        fld = assigned.get(header)
        confidence = guesses[header][1] if fld else 0.0
        if fld is None and guesses[header][0] in MULTI_COLUMN_FIELDS:
            fld, confidence = guesses[header]
        columns.append(ColumnGuess(header, fld, round(confidence, 2), "header" if fld else "none", samples[header]))
    _infer_from_content(columns, has_order_id=any(c.field == "order_id" for c in columns))
    kind, kind_confidence = _kind(table, columns)
    if kind == FileKind.stock:
        _quantity_means_outbound(columns)
    return Recognition(kind, kind_confidence, _marketplace(table.headers), columns, signature)


def _samples(frame: pl.DataFrame, column: str) -> list[str]:
    return frame.get_column(column).drop_nulls().head(SAMPLE).to_list()


def _by_header(header: str) -> tuple[str | None, float]:
    """(field, confidence): an exact synonym scores 0.95 (earlier synonyms a little higher), a
    header containing a synonym of three or more letters 0.7."""
    norm = normalise_header(header)
    best: tuple[str | None, float] = (None, 0.0)
    for fld in FIELDS:
        for rank, synonym in enumerate(fld.synonyms):
            syn = normalise_header(synonym)
            if norm == syn:
                score = 0.95 - rank * 0.001
            elif len(syn) >= 3 and syn in norm:
                score = 0.7 - rank * 0.001 + len(syn) * 0.001
            else:
                continue
            if score > best[1]:
                best = (fld.key, score)
    return best


def _assign(guesses: dict[str, tuple[str | None, float]]) -> dict[str, str]:
    """Each single-column field goes to its best-scoring column (the first one on a tie)."""
    taken: dict[str, str] = {}
    ordered = sorted(guesses.items(), key=lambda item: -item[1][1])
    for header, (fld, _) in ordered:
        if fld and fld not in MULTI_COLUMN_FIELDS and fld not in taken:
            taken[fld] = header
    return taken


def _infer_from_content(columns: list[ColumnGuess], has_order_id: bool) -> None:
    """Guess fields for columns whose headers said nothing, from their values."""
    used = {c.field for c in columns if c.field}
    for column in columns:
        if column.field or not column.samples:
            continue
        values = [str(v) for v in column.samples]
        guess: tuple[str, float] | None = None
        if _share(values, EMAIL.search) >= 0.8:
            guess = ("email", 0.85)
        elif _share(values, PHONE.search) >= 0.8:
            guess = ("phone", 0.8)
        elif _share(values, ADDRESS.search) >= 0.6:
            guess = ("address", 0.7)
        elif "channel" not in used and _share(values, channel_of) >= 0.8:
            guess = ("channel", 0.7)
        elif "date" not in used and _date_share(values) >= 0.9:
            guess = ("date", 0.6)
        elif "quantity" not in used and _share(values, INTEGER.search) >= 0.95 and _median_abs(values) <= 10_000:
            guess = ("quantity", 0.5)
        elif "sku" not in used and _share(values, CODE.search) >= 0.95 and any(ch.isdigit() for v in values for ch in v):
            guess = ("sku", 0.5)
        elif (has_order_id and _share(values, PERSON_NAME.fullmatch) >= 0.9
              and len(set(values)) > len(values) / 2):  # many different names, unlike a status column
            guess = ("customer_name", 0.5)
        elif "name" not in used and _share(values, lambda v: " " in v or HANGUL.search(v)) >= 0.5:
            guess = ("name", 0.4)
        if guess and (guess[0] in MULTI_COLUMN_FIELDS or guess[0] not in used):
            column.field, column.confidence, column.basis = guess[0], guess[1], "content"
            used.add(guess[0])


def _share(values: list[str], test) -> float:
    """The share of values for which `test` is truthy."""
    return sum(1 for v in values if test(v)) / len(values)


def _date_share(values: list[str]) -> float:
    parsed = parse_dates(pl.Series(values, dtype=pl.String))
    return parsed.date.is_not_null().sum() / len(values)


def _median_abs(values: list[str]) -> float:
    numbers = sorted(abs(int(v.replace(",", ""))) for v in values if INTEGER.match(v) and v.replace(",", "").lstrip("-"))
    return numbers[len(numbers) // 2] if numbers else 0


def _kind(table: RawTable, columns: list[ColumnGuess]) -> tuple[FileKind, float]:
    if table.marker.get("kind") == "stock_template":
        return FileKind.stock, 1.0
    fields = {c.field for c in columns if c.field}
    normalised = {normalise_header(h) for h in table.headers}
    if fields & {"inbound", "outbound"}:
        return FileKind.stock, 0.9
    master_hints = sum(1 for hint in PRODUCT_MASTER_HINTS if any(hint in h for h in normalised))
    if master_hints >= 2 and "date" not in fields:
        return FileKind.products, 0.8
    if _marketplace(table.headers) or ("order_id" in fields and fields & PII_FIELDS):
        return FileKind.orders, 0.9
    if {"date", "quantity"} <= fields and fields & {"sku", "name"}:
        return FileKind.sales, 0.9
    return FileKind.sales, 0.3


def _marketplace(headers: list[str]) -> str | None:
    normalised = {normalise_header(h) for h in headers}
    for channel, signature in CHANNEL_SIGNATURES.items():
        if sum(1 for s in signature if s in normalised) >= 2:
            return channel
    return None


def _quantity_means_outbound(columns: list[ColumnGuess]) -> None:
    """In a stock file, '출고량' is outbound, not a sales quantity."""
    if any(c.field == "outbound" for c in columns):
        return
    for column in columns:
        if column.field == "quantity" and "출고" in column.column:
            column.field = "outbound"


def field_label(key: str, language: str = "ko") -> str:
    fld = FIELD_BY_KEY[key]
    return fld.ko if language == "ko" else fld.en
