"""Baseline for benchmarks/ingest.py: the sales cleansing rules written straightforwardly in pandas.

`pd.read_csv` (C engine, every column text) and then the same rules as the SmartStock core
(smartstock.ingest.cleanse), with the default action of each rule, implemented independently
with plain pandas idioms. Only the *lists* the rules use (non-product codes and names, the
cancellation pattern, channel names) are imported from smartstock, so both sides apply the same
definitions. The column mapping is given: pandas has nothing like `recognise`.

    .venv/bin/python benchmarks/ingest_baseline_pandas.py FILE --input online_retail|synthetic

prints the rule counts and totals as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import warnings

import numpy as np
import pandas as pd

from smartstock.ingest.fields import channel_of
from smartstock.ingest.rules import (
    CANCELLED_ORDER_ID,
    CANCELLED_STATUS,
    NON_PRODUCT_CODE_PREFIXES,
    NON_PRODUCT_CODES,
    NON_PRODUCT_NAME,
)

OUTLIER_MIN_LINES = 20

# column → field, per benchmark input (what `recognise` finds for them)
MAPPINGS: dict[str, dict[str, str]] = {
    "online_retail": {"InvoiceNo": "order_id", "StockCode": "sku", "Description": "name", "Quantity": "quantity",
                      "InvoiceDate": "date", "UnitPrice": "unit_price", "CustomerID": "customer_id"},
    "synthetic": {"주문일": "date", "상품코드": "sku", "상품명": "name", "수량": "quantity", "판매채널": "channel",
                  "결제금액": "revenue", "주문상태": "status"},
}

# (family, strptime format), tried in order on the values no earlier format could read
DATE_FORMATS: list[tuple[str, str]] = [
    ("YYYY-MM-DD", "%Y-%m-%d"), ("YYYY-MM-DD", "%Y-%m-%d %H:%M:%S"), ("YYYY-MM-DD", "%Y-%m-%d %H:%M"),
    ("YYYY/MM/DD", "%Y/%m/%d"), ("YYYY/MM/DD", "%Y/%m/%d %H:%M:%S"), ("YYYY/MM/DD", "%Y/%m/%d %H:%M"),
    ("YYYY.MM.DD", "%Y.%m.%d"), ("YYYY.MM.DD", "%Y. %m. %d."), ("YYYY.MM.DD", "%Y. %m. %d"),
    ("YYYY.MM.DD", "%Y.%m.%d."), ("YYYY.MM.DD", "%Y. %m. %d. %H:%M:%S"), ("YYYY.MM.DD", "%Y. %m. %d. %H:%M"),
    ("YYYY년 MM월 DD일", "%Y년 %m월 %d일"), ("YYYYMMDD", "%Y%m%d"),
]


def parse_dates(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(day as datetime64 or NaT, format family or None) for each value."""
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    family = pd.Series(None, index=text.index, dtype=object)
    a_b = text.str.extract(r"^(\d{1,2})[-/.](\d{1,2})[-/.]\d{4}").astype(float)
    day_first = (a_b[0] > 12).sum() > (a_b[1] > 12).sum()
    formats = DATE_FORMATS + ([("DD/MM/YYYY", f"%d{s}%m{s}%Y") for s in "/-."] if day_first
                              else [("MM/DD/YYYY", f"%m{s}%d{s}%Y") for s in "/-."])
    for name, fmt in formats:
        todo = text.notna() & parsed.isna()
        if not todo.any():
            break
        got = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        got = got[got.notna()]
        parsed.loc[got.index] = got.dt.normalize()
        family.loc[got.index] = name
    todo = text.notna() & parsed.isna() & text.str.fullmatch(r"\d{5}(\.\d+)?", na=False).astype(bool)
    if todo.any():  # Excel serial numbers
        days = pd.to_numeric(text[todo].str.extract(r"^(\d+)", expand=False))
        days = days[(days >= 20_000) & (days <= 80_000)]
        parsed.loc[days.index] = pd.Timestamp("1899-12-30") + pd.to_timedelta(days, unit="D")
        family.loc[days.index] = "Excel serial"
    return parsed, family


def _contains(series: pd.Series, pattern: str) -> pd.Series:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "pattern has match groups"
        return series.str.contains(pattern, regex=True, na=False).astype(bool)


def cleanse_file(path: str, mapping: dict[str, str], today: dt.date, quantile: str = "linear") -> dict:
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    for column in df.columns:  # cells are trimmed; a blank cell is missing
        df[column] = df[column].str.strip().replace("", np.nan)
    df = df.dropna(how="all").reset_index(drop=True)
    rows_read = len(df)
    col = {fld: column for column, fld in mapping.items()}
    get = lambda fld: df[col[fld]] if fld in col else pd.Series(np.nan, index=df.index, dtype=object)  # noqa: E731
    date, sku, qty = get("date"), get("sku"), get("quantity")
    counts: dict[str, int] = {}
    details: dict[str, object] = {}

    dup = df.duplicated(keep="first")
    counts["exact_duplicates"] = int(dup.sum())
    missing = date.isna() | sku.isna() | qty.isna()
    counts["missing_required"] = int(missing.sum())

    day, family = parse_dates(date)
    unparseable = date.notna() & day.isna()
    counts["unparseable_date"] = int(unparseable.sum())
    families = family.value_counts()
    mixed = (family.notna() & (family != families.index[0])) if len(families) > 1 else pd.Series(False, index=df.index)
    counts["mixed_date_formats"] = int(mixed.sum())
    details["date_formats"] = {k: int(v) for k, v in families.items()}
    future = day > pd.Timestamp(today)
    counts["future_date"] = int(future.sum())

    qty_text = qty.str.replace(r"[,\s]", "", regex=True)
    plain = qty_text.str.fullmatch(r"-?\d+(\.0+)?", na=False).astype(bool)
    number = pd.to_numeric(qty_text.str.extract(r"(-?\d+(?:\.\d+)?)", expand=False), errors="coerce")
    non_numeric = qty.notna() & ~plain
    unreadable = non_numeric & number.isna()
    counts["non_numeric_quantity"] = int(non_numeric.sum())
    details["unreadable_quantity"] = int(unreadable.sum())
    q = number.round(0)  # fix: the number in the text, rounded (NaN when there is none)

    cancelled = pd.Series(False, index=df.index)
    if "status" in col:
        cancelled |= _contains(get("status"), CANCELLED_STATUS)
    if "order_id" in col:
        cancelled |= _contains(get("order_id"), CANCELLED_ORDER_ID)
    counts["cancellations"] = int(cancelled.sum())
    negative = (q < 0) & ~cancelled
    counts["negative_quantity"] = int(negative.sum())

    code = sku.str.upper()
    non_product = code.isin(NON_PRODUCT_CODES) | code.str.startswith(NON_PRODUCT_CODE_PREFIXES, na=False).astype(bool)
    if "name" in col:
        non_product |= _contains(get("name"), NON_PRODUCT_NAME)
    counts["non_product"] = int(non_product.sum())

    # SKU codes that differ only in case or spacing: the most frequent spelling wins (ties: the smallest)
    key = sku.str.replace(r"\s+", "", regex=True).str.upper()
    forms = (pd.DataFrame({"key": key, "raw": sku}).dropna().value_counts().rename("n").reset_index()
             .sort_values(["key", "n", "raw"], ascending=[True, False, True]))
    canonical = forms.drop_duplicates("key").set_index("key")["raw"]
    n_forms = forms.groupby("key").size()
    variant = key.map(n_forms).gt(1) & (sku != key.map(canonical))
    counts["sku_variants"] = int(variant.sum())
    details["variant_codes"] = int((n_forms > 1).sum())
    merged = key.map(canonical)
    counts["unknown_sku"] = int(merged.notna().sum())  # no product master in this benchmark

    # outliers per product among its lines with a positive quantity (every line of the file)
    lines = pd.DataFrame({"sku": merged, "q": q})[q > 0]
    by = lines.groupby("sku")["q"]
    median = by.median()
    mad = (lines["q"] - lines["sku"].map(median)).abs().groupby(lines["sku"]).median()
    p99 = by.quantile(0.99, interpolation=quantile)
    cap = np.maximum(median + 12 * np.maximum(1.4826 * mad, 1.0), p99)
    n = by.size()
    outlier = merged.map(n).ge(OUTLIER_MIN_LINES) & (q > merged.map(cap))
    counts["outliers"] = int(outlier.sum())
    if "customer_id" in col:
        counts["missing_customer"] = int(get("customer_id").isna().sum())
    counts["already_applied"] = 0  # an empty sales history

    if "channel" in col:
        names = get("channel")
        channel = names.map({v: channel_of(v) or "other" for v in names.dropna().unique()}).fillna("other")
    else:
        channel = pd.Series("other", index=df.index)
    if "revenue" in col:
        revenue = pd.to_numeric(get("revenue").str.replace(r"[,\s₩원$£€]", "", regex=True), errors="coerce")
    elif "unit_price" in col:
        revenue = pd.to_numeric(get("unit_price").str.replace(r"[,\s₩원$£€]", "", regex=True), errors="coerce") * q
    else:
        revenue = pd.Series(np.nan, index=df.index)

    drop = (dup | missing | unparseable | future | unreadable | cancelled | negative | non_product
            | day.isna() | q.isna() | merged.isna())
    kept = pd.DataFrame({"sku": merged, "channel": channel, "date": day, "quantity": q, "revenue": revenue})[~drop]
    daily = kept.groupby(["sku", "channel", "date"], sort=True)[["quantity", "revenue"]].sum(min_count=1).reset_index()
    return {
        "rows_read": rows_read, "rows_kept": int((~drop).sum()), "rules": counts, "details": details,
        "daily_rows": len(daily), "products": int(daily["sku"].nunique()),
        "quantity": int(daily["quantity"].sum()), "revenue": round(float(daily["revenue"].sum()), 2),
        "first_date": daily["date"].min().date().isoformat() if len(daily) else None,
        "last_date": daily["date"].max().date().isoformat() if len(daily) else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--input", choices=sorted(MAPPINGS), required=True)
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--quantile", default="linear", help="interpolation of the 99th percentile")
    args = parser.parse_args()
    print(json.dumps(cleanse_file(args.file, MAPPINGS[args.input], args.today, args.quantile), indent=2,
                     ensure_ascii=False))


if __name__ == "__main__":
    main()
