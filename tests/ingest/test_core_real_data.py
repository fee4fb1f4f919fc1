"""The ingest core on real public data (shared/data, see its SOURCES.md).

Online Retail: every count in the cleansing report must equal the count computed here, directly
from the file with the csv module, under the rule's plain definition. M5 and Store Item Demand:
recognised as sales files with their date, product and quantity columns."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import re
from collections import defaultdict

import pytest

from smartstock.ingest import rules
from smartstock.ingest.cleanse import Context, cleanse
from smartstock.ingest.fields import FileKind
from smartstock.ingest.reader import LINE, read_table
from smartstock.ingest.recognize import recognise
from smartstock.ingest.rules import Action

TODAY = dt.date(2024, 1, 1)
RETAIL_ROWS = 541_909


def gunzip(path) -> bytes:
    return gzip.decompress(path.read_bytes())


# ---------------------------------------------------------------- Online Retail

@pytest.fixture(scope="module")
def retail_bytes(shared_data_dir) -> bytes:
    return gunzip(shared_data_dir / "online_retail" / "online_retail.csv.gz")


@pytest.fixture(scope="module")
def truth(retail_bytes) -> dict:
    """The rows (0-based, after the header) each rule should flag, found without our code."""
    records = list(csv.DictReader(io.StringIO(retail_bytes.decode("utf-8"))))
    non_product_name = re.compile(rules.NON_PRODUCT_NAME)
    flagged = defaultdict(set)
    seen = set()
    for i, r in enumerate(records):
        values = tuple(r.values())
        if values in seen:
            flagged["exact_duplicates"].add(i)
        seen.add(values)
        cancelled = r["InvoiceNo"].startswith("C")
        if cancelled:
            flagged["cancellations"].add(i)
        if int(r["Quantity"]) < 0 and not cancelled:
            flagged["negative_quantity"].add(i)
        if not r["CustomerID"]:
            flagged["missing_customer"].add(i)
        code = r["StockCode"].upper()
        if (code in rules.NON_PRODUCT_CODES or code.startswith(("GIFT_", "TEST"))
                or non_product_name.match(r["Description"])):
            flagged["non_product"].add(i)
    forms = defaultdict(set)
    for r in records:
        forms[r["StockCode"].upper()].add(r["StockCode"])
    return {"records": records, "flagged": flagged,
            "case_variant_codes": sum(1 for f in forms.values() if len(f) > 1)}


@pytest.fixture(scope="module")
def retail(retail_bytes):
    table = read_table(retail_bytes, "online_retail.csv")
    recognition = recognise(table)
    result = cleanse(table, recognition.mapping, recognition.kind, Context(today=TODAY))
    return table, recognition, result


def dropped_by_default(truth, *extra: str) -> set[int]:
    rules_dropped = ("exact_duplicates", "cancellations", "negative_quantity", "non_product", *extra)
    return set().union(*(truth["flagged"][r] for r in rules_dropped))


def test_online_retail_is_read_whole(retail):
    table, _, result = retail
    assert (table.format, table.encoding, table.header_line) == ("csv", "utf-8", 1)
    assert table.headers == ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice",
                             "CustomerID", "Country"]
    assert table.rows == result.rows_read == RETAIL_ROWS
    assert table.frame.get_column(LINE).to_list()[::100_000] == [2, 100_002, 200_002, 300_002, 400_002, 500_002]


def test_online_retail_columns(retail):
    _, recognition, _ = retail
    assert recognition.mapping == {"InvoiceNo": "order_id", "StockCode": "sku", "Description": "name",
                                   "Quantity": "quantity", "InvoiceDate": "date", "UnitPrice": "unit_price",
                                   "CustomerID": "customer_id"}
    assert recognition.kind == FileKind.orders  # an invoice number and a customer id


@pytest.mark.parametrize("rule_id", ["exact_duplicates", "cancellations", "negative_quantity", "missing_customer",
                                     "non_product"])
def test_online_retail_rule_counts_equal_independent_counts(retail, truth, rule_id):
    _, _, result = retail
    assert next(r.count for r in result.rules if r.id == rule_id) == len(truth["flagged"][rule_id])


def test_online_retail_published_figures(truth):
    """SOURCES.md's figures for this file, so that the independent counts are themselves checked."""
    sizes = {rule_id: len(rows) for rule_id, rows in truth["flagged"].items()}
    assert len(truth["records"]) == RETAIL_ROWS
    assert (sizes["exact_duplicates"], sizes["cancellations"], sizes["negative_quantity"],
            sizes["missing_customer"]) == (5_268, 9_288, 1_336, 135_080)
    assert truth["case_variant_codes"] == 112


def test_online_retail_nothing_else_is_dropped_by_default(retail):
    _, _, result = retail
    quiet = {"missing_required", "unparseable_date", "mixed_date_formats", "future_date", "non_numeric_quantity",
             "already_applied"}
    assert {r.id: r.count for r in result.rules if r.id in quiet} == dict.fromkeys(quiet, 0)


def test_online_retail_rows_kept_is_rows_read_minus_the_dropped_ones(retail, truth):
    _, _, result = retail
    assert result.rows_kept == RETAIL_ROWS - len(dropped_by_default(truth))


def test_online_retail_daily_sales_add_up_to_the_kept_lines(retail, truth):
    _, _, result = retail
    dropped = dropped_by_default(truth)
    kept = [r for i, r in enumerate(truth["records"]) if i not in dropped]
    assert result.sales.get_column("quantity").sum() == result.summary["quantity"] == sum(
        int(r["Quantity"]) for r in kept)
    assert result.summary["first_date"] == min(r["InvoiceDate"] for r in kept)[:10] == "2010-12-01"
    assert result.summary["last_date"] == max(r["InvoiceDate"] for r in kept)[:10] == "2011-12-09"
    assert next(r.detail for r in result.rules if r.id == "sku_variants") == {"codes": truth["case_variant_codes"]}


def test_online_retail_dropping_missing_customers_drops_exactly_those_rows(retail, truth):
    table, recognition, _ = retail
    result = cleanse(table, recognition.mapping, recognition.kind,
                     Context(today=TODAY, actions={"missing_customer": Action.drop}))
    assert result.rows_kept == RETAIL_ROWS - len(dropped_by_default(truth, "missing_customer"))


# ---------------------------------------------------------------- M5 and Store Item Demand

@pytest.mark.parametrize(("path", "rows", "expected"), [
    ("m5/sales_CA_1.csv.gz", 53_564, {"date": "date", "item_id": "sku", "sales": "quantity"}),
    ("store_item_demand/train.csv.gz", 913_000, {"date": "date", "item": "sku", "sales": "quantity"}),
])
def test_sales_histories_are_recognised(shared_data_dir, path, rows, expected):
    table = read_table(gunzip(shared_data_dir / path), path)
    assert table.rows == rows
    recognition = recognise(table)
    assert recognition.kind == FileKind.sales
    assert {c: f for c, f in recognition.mapping.items() if f in ("date", "sku", "quantity")} == expected


def test_m5_cleanses_to_one_sale_per_item_and_day(shared_data_dir):
    content = gunzip(shared_data_dir / "m5" / "sales_CA_1.csv.gz")
    records = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    table = read_table(content)
    recognition = recognise(table)
    result = cleanse(table, recognition.mapping, recognition.kind, Context(today=TODAY, file_channel="own_mall"))
    assert result.rows_kept == len(records) == result.summary["days"]
    assert result.summary["products"] == len({r["item_id"] for r in records}) == 28
    assert result.summary["quantity"] == sum(int(r["sales"]) for r in records)
    assert (result.summary["first_date"], result.summary["last_date"]) == ("2011-01-29", "2016-04-24")
