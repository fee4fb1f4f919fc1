"""Cleansing: turn a recognised table into clean daily sales or stock movements, counting every
problem found and applying the user's choice (fix, keep or drop) per rule.

Pure: no database. Each rule's count is the number of file rows it matched (rules can overlap,
e.g. a cancelled duplicate); `rows_kept` counts each row once. Personal-data columns never reach
the output or the examples.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from smartstock.ingest.dates import parse_dates
from smartstock.ingest.fields import PII_FIELDS, REQUIRED, FileKind, channel_of
from smartstock.ingest.reader import LINE, RawTable
from smartstock.ingest.rules import (
    CANCELLED_ORDER_ID,
    CANCELLED_STATUS,
    NON_PRODUCT_CODE_PREFIXES,
    NON_PRODUCT_CODES,
    NON_PRODUCT_NAME,
    RULES,
    SALES_RULES,
    STOCK_RULES,
    TRUTHY,
    Action,
)

CANCEL_FLAG_HEADER = re.compile(r"취소|cancel", re.IGNORECASE)  # a yes/no column saying "cancelled"
EXAMPLES = 5
MAX_ERRORS = 1000
OUTLIER_MIN_LINES = 20


@dataclass
class Context:
    today: dt.date
    known_skus: dict[str, str] = field(default_factory=dict)  # sku_key(code) → master SKU
    set_skus: frozenset[str] = frozenset()  # master SKUs of sets
    file_channel: str | None = None  # the channel of every row when the file has no channel column
    # (first, last, skus) → sku, channel, date already in the sales history for those days and SKUs
    existing_days: Callable[[dt.date, dt.date, list[str]], pl.DataFrame] | pl.DataFrame | None = None
    actions: dict[str, Action] = field(default_factory=dict)


@dataclass
class RuleResult:
    id: str
    count: int
    action: Action
    examples: list[dict[str, Any]] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class Cleansed:
    kind: FileKind
    rows_read: int
    rows_kept: int
    rules: list[RuleResult]
    missing_fields: list[str]  # required fields no column was mapped to
    sales: pl.DataFrame | None = None  # daily: sku, channel, date, quantity, revenue, promotion, stockout
    new_products: pl.DataFrame | None = None  # sku, name, category (unknown SKUs to register)
    movements: pl.DataFrame | None = None  # stock: line, sku, inbound, outbound, use_by, memo
    errors: list[dict[str, Any]] = field(default_factory=list)  # blocking row errors
    summary: dict[str, Any] = field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        return bool(self.missing_fields or self.errors)


def sku_key(code: str) -> str:
    """Codes that differ only in case or spacing are the same product."""
    return "".join(str(code).split()).upper()


def sku_key_expr(column: str) -> pl.Expr:
    return pl.col(column).str.replace_all(r"\s+", "").str.to_uppercase()


def missing_fields(kind: FileKind, mapping: dict[str, str]) -> list[str]:
    present = set(mapping.values())
    return [alternatives[0] for alternatives in REQUIRED[kind] if not present & set(alternatives)]


def cleanse(table: RawTable, mapping: dict[str, str], kind: FileKind, context: Context) -> Cleansed:
    missing = missing_fields(kind, mapping)
    if missing:
        return Cleansed(kind, table.rows, 0, [], missing)
    if kind == FileKind.stock:
        return _cleanse_stock(table, mapping, context)
    if kind == FileKind.products:
        return Cleansed(kind, table.rows, table.rows, [], [])
    return _SalesCleanser(table, mapping, kind, context).run()


def _action(context: Context, rule_id: str) -> Action:
    rule = RULES[rule_id]
    chosen = context.actions.get(rule_id)
    return chosen if chosen in rule.actions else rule.default


def _fields_frame(table: RawTable, mapping: dict[str, str]) -> pl.DataFrame:
    """LINE plus one text column per mapped field (personal data left out). A field held by several
    columns (메모 and 비고; 주문상태 and 클레임상태) joins their texts."""
    by_field: dict[str, list[pl.Expr]] = {}
    for column, fld in mapping.items():
        if fld in PII_FIELDS or column not in table.frame.columns:
            continue
        expr = pl.col(column)
        if fld == "status" and CANCEL_FLAG_HEADER.search(column):  # 취소여부: Y/N
            expr = pl.when(expr.str.to_lowercase().is_in(list(TRUTHY))).then(pl.lit("취소"))
        by_field.setdefault(fld, []).append(expr)
    joined = [exprs[0].alias(fld) if len(exprs) == 1 else
              pl.concat_str(exprs, separator=" | ", ignore_nulls=True).replace("", None).alias(fld)
              for fld, exprs in by_field.items()]
    return table.frame.select(pl.col(LINE), *joined)


def _examples(frame: pl.DataFrame, mask: pl.Expr, columns: list[str]) -> list[dict[str, Any]]:
    rows = frame.filter(mask).head(EXAMPLES).select(LINE, *columns).to_dicts()
    return [{"line": r.pop(LINE), "values": {k: _jsonable(v) for k, v in r.items()}} for r in rows]


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class _SalesCleanser:
    def __init__(self, table: RawTable, mapping: dict[str, str], kind: FileKind, context: Context):
        self.table, self.mapping, self.kind, self.context = table, mapping, kind, context
        self.fields = set(mapping.values())
        self.results: list[RuleResult] = []
        self.show = [f for f in ("date", "sku", "name", "quantity", "order_id", "status", "channel") if f in self.fields]

    def run(self) -> Cleansed:
        f = _fields_frame(self.table, self.mapping)
        # still in file order here (the joins below need not keep it): per-row flags from the raw table
        f = f.with_columns(self._duplicates().alias("_dup"), self._no_customer().alias("_no_customer"))
        if "sku" not in f.columns:  # no code column: the product name (and option) is the code
            parts = [pl.col("name")] + ([pl.col("option")] if "option" in f.columns else [])
            f = f.with_columns(pl.when(pl.col("name").is_not_null())
                               .then(pl.concat_str(parts, separator=" / ", ignore_nulls=True)).alias("sku"))
        f = self._parse(f)
        f = self._flag(f)
        f = self._skus(f)
        f = self._outliers(f)
        f = self._already_applied(f)
        drop = pl.lit(False)
        for result in self.results:
            if result.action == Action.drop and f"_r_{result.id}" in f.columns:
                drop = drop | pl.col(f"_r_{result.id}")
        drop = drop | pl.col("_date").is_null() | pl.col("_qty").is_null() | pl.col("_sku").is_null()
        kept = f.filter(~drop)
        sales = self._daily(kept)
        new_products = self._new_products(kept)
        results = sorted(self.results, key=lambda r: [x.id for x in SALES_RULES].index(r.id))
        summary = self._summary(kept, sales, new_products)
        return Cleansed(self.kind, self.table.rows, kept.height, results, [], sales=sales, new_products=new_products,
                        summary=summary)

    def _record(self, f: pl.DataFrame, rule_id: str, mask: pl.Expr, detail: dict | None = None,
                columns: list[str] | None = None) -> pl.DataFrame:
        f = f.with_columns(mask.fill_null(False).alias(f"_r_{rule_id}"))
        count = int(f.get_column(f"_r_{rule_id}").sum())
        examples = _examples(f, pl.col(f"_r_{rule_id}"), columns or self.show) if count else []
        self.results.append(RuleResult(rule_id, count, _action(self.context, rule_id), examples, detail or {}))
        return f

    def _duplicates(self) -> pl.Series:
        raw = self.table.frame.select(self.table.headers)
        return ~raw.select(pl.struct(pl.all()).is_first_distinct()).to_series()

    def _no_customer(self) -> pl.Series:
        column = next((col for col, fld in self.mapping.items() if fld == "customer_id"), None)
        if column is None:
            return pl.Series([False] * self.table.rows, dtype=pl.Boolean)
        return self.table.frame.get_column(column).is_null()

    def _parse(self, f: pl.DataFrame) -> pl.DataFrame:
        dates = parse_dates(f.get_column("date"))
        qty_text = pl.col("quantity").str.replace_all(r"[,\s]", "")
        f = f.with_columns(
            dates.date.alias("_date"), dates.family.alias("_date_family"),
            qty_text.str.contains(r"^-?\d+(\.0+)?$").fill_null(False).alias("_qty_plain"),
            qty_text.str.extract(r"(-?\d+(?:\.\d+)?)").cast(pl.Float64, strict=False).alias("_qty_number"),
        )
        self._date_detail = {"day_first": dates.day_first}
        return f

    def _flag(self, f: pl.DataFrame) -> pl.DataFrame:
        c = self.context
        f = self._record(f, "exact_duplicates", pl.col("_dup"))
        f = self._record(f, "missing_required", pl.col("date").is_null() | pl.col("sku").is_null()
                         | pl.col("quantity").is_null())
        f = self._record(f, "unparseable_date", pl.col("date").is_not_null() & pl.col("_date").is_null())
        families = f.get_column("_date_family").drop_nulls().value_counts(sort=True)
        main_family = families.item(0, 0) if families.height else None
        family_counts = dict(zip(families.get_column("_date_family").to_list(),
                                 families.get_column("count").to_list(), strict=True))
        mixed = pl.lit(False) if families.height <= 1 else (
            pl.col("_date_family").is_not_null() & (pl.col("_date_family") != main_family))
        f = self._record(f, "mixed_date_formats", mixed, {"formats": family_counts, **self._date_detail})
        if _action(c, "mixed_date_formats") == Action.fix:  # fixing means reading each in its own format
            f = f.with_columns(pl.lit(False).alias("_r_mixed_date_formats"))
        f = self._record(f, "future_date", pl.col("_date") > c.today)
        non_numeric = pl.col("quantity").is_not_null() & ~pl.col("_qty_plain")
        f = self._record(f, "non_numeric_quantity", non_numeric,
                         {"unreadable": int(f.select((non_numeric & pl.col("_qty_number").is_null()).sum()).item())})
        fix_numbers = _action(c, "non_numeric_quantity") == Action.fix
        f = f.with_columns(
            pl.when(pl.col("_qty_plain") | (pl.lit(fix_numbers) & pl.col("_qty_number").is_not_null()))
            .then(pl.col("_qty_number").round(0).cast(pl.Int64)).otherwise(None).alias("_qty"),
        )
        if fix_numbers:
            f = f.with_columns(pl.col("_r_non_numeric_quantity") & pl.col("_qty").is_null())
        cancelled = pl.lit(False)
        if "status" in f.columns:
            cancelled = cancelled | pl.col("status").str.contains(CANCELLED_STATUS).fill_null(False)
        if "order_id" in f.columns:
            cancelled = cancelled | pl.col("order_id").str.contains(CANCELLED_ORDER_ID).fill_null(False)
        f = self._record(f, "cancellations", cancelled)
        f = self._record(f, "negative_quantity", (pl.col("_qty") < 0) & ~pl.col("_r_cancellations"))
        code = pl.col("sku").str.strip_chars().str.to_uppercase()
        non_product = code.is_in(list(NON_PRODUCT_CODES))
        for prefix in NON_PRODUCT_CODE_PREFIXES:
            non_product = non_product | code.str.starts_with(prefix)
        if "name" in f.columns:
            non_product = non_product | pl.col("name").str.contains(NON_PRODUCT_NAME).fill_null(False)
        return self._record(f, "non_product", non_product)

    def _skus(self, f: pl.DataFrame) -> pl.DataFrame:
        c = self.context
        f = f.with_columns(pl.col("sku").str.strip_chars().alias("_raw_sku"), sku_key_expr("sku").alias("_key"))
        forms = (f.filter(pl.col("_key").is_not_null()).group_by("_key", "_raw_sku").len()
                 .sort(["_key", "len", "_raw_sku"], descending=[False, True, False]))
        canonical = forms.group_by("_key", maintain_order=True).agg(
            pl.col("_raw_sku").first().alias("_frequent"), pl.len().alias("_forms"))
        known = pl.DataFrame({"_key": list(c.known_skus), "_master": list(c.known_skus.values())},
                             schema={"_key": pl.String, "_master": pl.String})
        f = (f.join(canonical, on="_key", how="left", maintain_order="left")
             .join(known, on="_key", how="left", maintain_order="left"))
        target = pl.coalesce("_master", "_frequent")
        variant = (pl.col("_forms") > 1) & (pl.col("_raw_sku") != pl.col("_frequent"))
        variant = variant | (pl.col("_master").is_not_null() & (pl.col("_raw_sku") != pl.col("_master"))
                             & (sku_key_expr("_master") == pl.col("_key")))
        f = self._record(f, "sku_variants", variant, {"codes": int(canonical.filter(pl.col("_forms") > 1).height)})
        merge = _action(c, "sku_variants") == Action.fix
        f = f.with_columns(pl.when(pl.lit(merge)).then(target).otherwise(
            pl.coalesce("_master", "_raw_sku")).alias("_sku"))
        unknown = pl.col("_master").is_null() & pl.col("_sku").is_not_null()
        distinct_unknown = f.filter(unknown).get_column("_sku").n_unique()
        return self._record(f, "unknown_sku", unknown, {"products": distinct_unknown})

    def _outliers(self, f: pl.DataFrame) -> pl.DataFrame:
        """Per product: more than 12 robust standard deviations above the median line, and above
        the product's 99th percentile (products with at least 20 lines). The percentile is the
        lower one: below 100 lines the nearest one would be the largest line itself, which is then
        never above it."""
        positive = f.filter(pl.col("_qty") > 0)
        stats = positive.group_by("_sku").agg(
            pl.len().alias("_n"), pl.col("_qty").median().alias("_median"),
            (pl.col("_qty") - pl.col("_qty").median()).abs().median().alias("_mad"),
            pl.col("_qty").quantile(0.99, interpolation="lower").alias("_p99"),
        ).with_columns(
            pl.max_horizontal(pl.col("_median") + 12 * pl.max_horizontal(1.4826 * pl.col("_mad"), pl.lit(1.0)),
                              pl.col("_p99")).alias("_cap")
        )
        f = f.join(stats.select("_sku", "_n", "_cap"), on="_sku", how="left", maintain_order="left")
        outlier = (pl.col("_n") >= OUTLIER_MIN_LINES) & (pl.col("_qty") > pl.col("_cap"))
        f = self._record(f, "outliers", outlier)
        if _action(self.context, "outliers") == Action.fix:
            f = f.with_columns(pl.when(pl.col("_r_outliers")).then(pl.col("_cap").floor().cast(pl.Int64))
                               .otherwise(pl.col("_qty")).alias("_qty"))
        if "customer_id" in self.fields:
            f = self._record(f, "missing_customer", pl.col("_no_customer"))
        return f

    def _channel(self, f: pl.DataFrame) -> pl.DataFrame:
        default = self.context.file_channel or "other"
        if "channel" not in f.columns:
            return f.with_columns(pl.lit(default).alias("_channel"))
        values = f.get_column("channel").drop_nulls().unique().to_list()
        lookup = {v: channel_of(v) or "other" for v in values}
        return f.with_columns(pl.col("channel").replace_strict(lookup, default=default, return_dtype=pl.String)
                              .alias("_channel"))

    def _already_applied(self, f: pl.DataFrame) -> pl.DataFrame:
        f = self._channel(f)
        existing = self.context.existing_days
        if callable(existing):
            dates = f.get_column("_date").drop_nulls()
            skus = f.get_column("_sku").drop_nulls().unique().to_list()
            existing = existing(dates.min(), dates.max(), skus) if dates.len() else None
        if existing is None or existing.is_empty():
            return self._record(f, "already_applied", pl.lit(False))
        marked = existing.select(pl.col("sku").alias("_sku"), pl.col("channel").alias("_channel"),
                                 pl.col("date").alias("_date"), pl.lit(True).alias("_existing")).unique()
        f = f.join(marked, on=["_sku", "_channel", "_date"], how="left", maintain_order="left")
        return self._record(f, "already_applied", pl.col("_existing").fill_null(False))

    def _daily(self, kept: pl.DataFrame) -> pl.DataFrame:
        money = lambda col: pl.col(col).str.replace_all(r"[,\s₩원$£€]", "").cast(pl.Float64, strict=False)  # noqa: E731
        revenue = pl.lit(None, pl.Float64)
        if "revenue" in kept.columns:
            revenue = money("revenue")
        elif "unit_price" in kept.columns:
            revenue = money("unit_price") * pl.col("_qty")
        promotion = pl.col("promotion").str.to_lowercase().is_in(list(TRUTHY)) if "promotion" in kept.columns else pl.lit(False)
        stock = money("stock") if "stock" in kept.columns else pl.lit(None, pl.Float64)
        return (
            kept.with_columns(revenue.alias("_revenue"), promotion.fill_null(False).alias("_promo"), stock.alias("_stock"))
            .group_by("_sku", "_channel", "_date")
            .agg(
                pl.col("_qty").sum().alias("quantity"),
                pl.when(pl.col("_revenue").is_not_null().any()).then(pl.col("_revenue").sum()).alias("revenue"),
                pl.col("_promo").any().alias("promotion"),
                (pl.col("_stock").min() <= 0).fill_null(False).alias("stockout"),
            )
            .rename({"_sku": "sku", "_channel": "channel", "_date": "date"})
            .sort("sku", "channel", "date")
        )

    def _new_products(self, kept: pl.DataFrame) -> pl.DataFrame:
        unknown = kept.filter(pl.col("_master").is_null())
        def most_common(column: str) -> pl.Expr:  # the first in the file on a tie, so each run says the same
            return pl.col(column).drop_nulls().mode(maintain_order=True).first()
        name = most_common("name") if "name" in unknown.columns else pl.col("_sku").first()
        category = most_common("category") if "category" in unknown.columns else pl.lit(None, pl.String)
        if unknown.is_empty():
            return pl.DataFrame(schema={"sku": pl.String, "name": pl.String, "category": pl.String})
        return (unknown.group_by("_sku").agg(name.alias("name"), category.alias("category"))
                .rename({"_sku": "sku"}).with_columns(pl.coalesce("name", "sku").alias("name")).sort("sku"))

    def _summary(self, kept: pl.DataFrame, sales: pl.DataFrame, new_products: pl.DataFrame) -> dict[str, Any]:
        first, last = (sales.get_column("date").min(), sales.get_column("date").max()) if sales.height else (None, None)
        return {
            "products": sales.get_column("sku").n_unique() if sales.height else 0,
            "new_products": new_products.height, "days": sales.height,
            "first_date": _jsonable(first), "last_date": _jsonable(last),
            "quantity": int(sales.get_column("quantity").sum()) if sales.height else 0,
            "channels": sorted(sales.get_column("channel").unique().to_list()) if sales.height else [],
        }


# ---------------------------------------------------------------- stock files (inbound/outbound)

def _cleanse_stock(table: RawTable, mapping: dict[str, str], context: Context) -> Cleansed:
    """Every row with an inbound or outbound quantity becomes movements; any row error blocks the
    whole file (nothing applies until the user fixes the sheet)."""
    f = _fields_frame(table, mapping)
    for column in ("inbound", "outbound", "use_by", "memo", "date"):
        if column not in f.columns:
            f = f.with_columns(pl.lit(None, pl.String).alias(column))
    f = f.with_columns(sku_key_expr("sku").alias("_key"))
    errors: list[dict[str, Any]] = []
    rows = f.filter(pl.col("inbound").is_not_null() | pl.col("outbound").is_not_null())
    empty = f.height - rows.height
    use_by = parse_dates(rows.get_column("use_by")).date
    dates = parse_dates(rows.get_column("date")).date
    movements = []
    for row, expiry, day in zip(rows.iter_rows(named=True), use_by, dates, strict=True):
        line = row[LINE]
        master = context.known_skus.get(row["_key"] or "")
        if not row["sku"]:
            _error(errors, line, "sku", None, "상품코드(마스터 SKU)가 비어 있습니다.", "The master SKU is empty.")
            continue
        if master is None:
            _error(errors, line, "sku", row["sku"], f"상품 마스터에 없는 SKU입니다: {row['sku']}",
                   f"Unknown SKU: {row['sku']}")
            continue
        quantities = {}
        for fld, ko in (("inbound", "입고량"), ("outbound", "출고량")):
            value = row[fld]
            parsed = _whole_number(value)
            if value is not None and parsed is None:
                _error(errors, line, fld, value, f"{ko}에 숫자가 아닌 값이 있습니다: {value}",
                       f"{fld.capitalize()} is not a whole number: {value}")
            elif parsed is not None and parsed < 0:
                _error(errors, line, fld, value, f"{ko}은(는) 음수일 수 없습니다: {value}",
                       f"{fld.capitalize()} cannot be negative: {value}")
            quantities[fld] = parsed if parsed and parsed > 0 else 0
        if row["use_by"] and expiry is None:
            _error(errors, line, "use_by", row["use_by"], f"소비기한을 날짜로 읽을 수 없습니다: {row['use_by']}",
                   f"The use-by date cannot be read: {row['use_by']}")
        if master in context.set_skus and quantities["inbound"]:
            _error(errors, line, "inbound", row["inbound"], "세트 상품은 입고할 수 없습니다. 구성품으로 입고하세요.",
                   "A set cannot be received: record inbound on its components.")
        if quantities["inbound"] or quantities["outbound"]:
            movements.append({"line": line, "sku": master, "inbound": quantities["inbound"],
                              "outbound": quantities["outbound"], "use_by": expiry, "date": day, "memo": row["memo"]})
    blocking = {e["line"] for e in errors}
    frame = pl.DataFrame(movements, schema={"line": pl.Int64, "sku": pl.String, "inbound": pl.Int64,
                                            "outbound": pl.Int64, "use_by": pl.Date, "date": pl.Date,
                                            "memo": pl.String})
    results = [
        RuleResult("row_errors", len(blocking), Action.drop, error_examples(errors)),
        RuleResult("empty_rows", empty, Action.drop),
    ]
    summary = {"movements": frame.height, "inbound": int(frame.get_column("inbound").sum()),
               "outbound": int(frame.get_column("outbound").sum()),
               "products": frame.get_column("sku").n_unique()}
    return Cleansed(FileKind.stock, table.rows, frame.height - len(blocking & set(frame.get_column("line").to_list())),
                    results, [], movements=frame, errors=errors[:MAX_ERRORS], summary=summary)


def _whole_number(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.replace(",", "").strip()
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def error_examples(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Row errors in the shape of every rule's examples: line, the offending value, the message."""
    return [{"line": e["line"], "values": {e["field"]: e["value"]} if e["field"] else {},
             "message": {"ko": e["message"], "en": e["message_en"]}} for e in errors[:EXAMPLES]]


def _error(errors: list, line: int, fld: str, value: Any, ko: str, en: str) -> None:
    errors.append({"line": line, "field": fld, "value": value, "message": ko, "message_en": en})


__all__ = ["STOCK_RULES", "Cleansed", "Context", "RuleResult", "cleanse", "error_examples", "missing_fields", "sku_key"]
