"""Dates as people type them: 2024-01-05, 2024/1/5, 2024. 1. 5., 2024년 1월 5일, 20240105, 1/5/2024,
05.01.2024 and Excel serial numbers, each with an optional time. Vectorised with polars.

Day/month order in `a/b/yyyy` is decided per column: day first when some first part exceeds 12,
month first otherwise (and the report says it was assumed).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

# family name → regex capturing (year, month, day) in that order via named groups
_FAMILIES: list[tuple[str, str]] = [
    ("YYYY-MM-DD", r"^(?P<y>\d{4})\s*[-/.년]\s*(?P<m>\d{1,2})\s*[-/.월]\s*(?P<d>\d{1,2})\s*[.일]?(?:[ T].*)?$"),
    ("YYYYMMDD", r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
    ("DD/MM/YYYY", r"^(?P<d>\d{1,2})[-/.](?P<m>\d{1,2})[-/.](?P<y>\d{4})(?:[ T].*)?$"),
    ("MM/DD/YYYY", r"^(?P<m>\d{1,2})[-/.](?P<d>\d{1,2})[-/.](?P<y>\d{4})(?:[ T].*)?$"),
]
_YMD_NAMES = {"-": "YYYY-MM-DD", "/": "YYYY/MM/DD", ".": "YYYY.MM.DD", "년": "YYYY년 MM월 DD일"}
_ISO = r"^\d{4}-\d{2}-\d{2}(?:$|[ T])"
EXCEL_SERIAL = r"^\d{5}(?:\.\d+)?$"  # days since 1899-12-30: 20000 = 1954, 80000 = 2119
EXCEL_EPOCH = pl.date(1899, 12, 30)


@dataclass
class ParsedDates:
    date: pl.Series  # Date, null where the text is not a date
    family: pl.Series  # String: the format each value was written in (null if none)
    day_first: bool  # whether a/b/yyyy values were read as day/month


def parse_dates(text: pl.Series) -> ParsedDates:
    s = text.cast(pl.String).str.strip_chars()
    day_first = _day_first(s)
    # Fast path for the usual ISO form (most exports); the regex families read the rest.
    iso = pl.DataFrame({"s": s}).select(
        pl.when(pl.col("s").str.contains(_ISO)).then(
            pl.col("s").str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d", strict=False))
    ).to_series()
    date = iso.alias("date")
    family = pl.DataFrame({"ok": iso.is_not_null()}).select(
        pl.when(pl.col("ok")).then(pl.lit("YYYY-MM-DD", pl.String))).to_series()
    rest = (iso.is_null() & s.is_not_null()).arg_true()
    if rest.len():
        slow_date, slow_family = _parse_families(s.gather(rest), day_first)
        date = date.scatter(rest, slow_date)
        family = family.cast(pl.String).scatter(rest, slow_family)
    return ParsedDates(date.alias("date"), family.alias("family"), day_first)


def _parse_families(s: pl.Series, day_first: bool) -> tuple[pl.Series, pl.Series]:
    frame = pl.DataFrame({"s": s})
    families = [f for f in _FAMILIES if f[0] != ("MM/DD/YYYY" if day_first else "DD/MM/YYYY")]
    exprs, names = [], []
    for name, pattern in families:
        parts = pl.col("s").str.extract_groups(pattern)
        iso = pl.format("{}-{}-{}", parts.struct.field("y"), parts.struct.field("m").str.zfill(2),
                        parts.struct.field("d").str.zfill(2))
        exprs.append(iso.str.strptime(pl.Date, "%Y-%m-%d", strict=False))
        names.append(name)
    serial_number = pl.col("s").str.extract(r"^(\d+)").cast(pl.Int64, strict=False)
    serial = pl.when(pl.col("s").str.contains(EXCEL_SERIAL) & serial_number.is_between(20_000, 80_000)).then(
        EXCEL_EPOCH + pl.duration(days=serial_number))
    exprs.append(serial.cast(pl.Date))
    names.append("Excel serial")
    out = frame.select([e.alias(f"d{i}") for i, e in enumerate(exprs)])
    date = out.select(pl.coalesce(out.columns)).to_series().alias("date")
    family = out.select(
        pl.coalesce([pl.when(pl.col(c).is_not_null()).then(pl.lit(n)) for c, n in zip(out.columns, names, strict=True)])
    ).to_series().alias("family")
    # Say which separator a year-first date used: 2024-01-05 and 2024. 1. 5. are different habits.
    separator = s.str.extract(r"^\d{4}\s*([-/.년])")
    ymd = family == "YYYY-MM-DD"
    family = (
        pl.DataFrame({"f": family, "sep": separator, "ymd": ymd})
        .select(pl.when(pl.col("ymd")).then(pl.col("sep").replace_strict(_YMD_NAMES, default=pl.col("f")))
                .otherwise(pl.col("f")))
        .to_series().alias("family")
    )
    return date, family


def _day_first(s: pl.Series) -> bool:
    parts = pl.DataFrame({"s": s}).select(
        pl.col("s").str.extract(r"^(\d{1,2})[-/.]\d{1,2}[-/.]\d{4}").cast(pl.Int32, strict=False).alias("first"),
        pl.col("s").str.extract(r"^\d{1,2}[-/.](\d{1,2})[-/.]\d{4}").cast(pl.Int32, strict=False).alias("second"),
    )
    first_over = (parts["first"] > 12).sum()
    second_over = (parts["second"] > 12).sum()
    return first_over > second_over
