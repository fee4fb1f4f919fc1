"""parse_dates and cleanse on small hand-made tables: what each rule counts, what each action does
to the daily sales, stock files' blocking errors, and that personal data stays out of the output."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartstock.ingest.dates import parse_dates
from smartstock.ingest.fields import FileKind
from smartstock.ingest.recognize import recognise
from smartstock.ingest.rules import RULES, SALES_RULES, Action
from tests.ingest.core_support import daily, rule, run, table

D1, D2 = "2024-01-05", "2024-01-06"
H = ["date", "sku", "quantity"]

# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(("text", "expected", "family"), [
    ("2024-01-05", dt.date(2024, 1, 5), "YYYY-MM-DD"),
    ("2024-01-05 13:22:01", dt.date(2024, 1, 5), "YYYY-MM-DD"),
    ("2024-01-05T13:22:01+09:00", dt.date(2024, 1, 5), "YYYY-MM-DD"),
    ("2024/1/5", dt.date(2024, 1, 5), "YYYY/MM/DD"),
    ("2024. 1. 5.", dt.date(2024, 1, 5), "YYYY.MM.DD"),
    ("2024.01.05", dt.date(2024, 1, 5), "YYYY.MM.DD"),
    ("2024년 1월 5일", dt.date(2024, 1, 5), "YYYY년 MM월 DD일"),
    ("20240105", dt.date(2024, 1, 5), "YYYYMMDD"),
    ("1/5/2024", dt.date(2024, 1, 5), "MM/DD/YYYY"),  # month first unless the column says otherwise
    ("45000", dt.date(2023, 3, 15), "Excel serial"),
    ("45000.75", dt.date(2023, 3, 15), "Excel serial"),
    ("2024-02-29", dt.date(2024, 2, 29), "YYYY-MM-DD"),
])
def test_each_date_family_parses(text, expected, family):
    parsed = parse_dates(pl.Series([text]))
    assert (parsed.date[0], parsed.family[0], parsed.day_first) == (expected, family, False)


@pytest.mark.parametrize("text", ["2024-02-30", "2023-02-29", "2024-13-01", "13/13/2024", "99999", "123",
                                  "어제", "", None])
def test_impossible_or_unreadable_dates_are_null(text):
    parsed = parse_dates(pl.Series([text], dtype=pl.String))
    assert (parsed.date[0], parsed.family[0]) == (None, None)


def test_a_day_above_12_makes_the_whole_column_day_first():
    parsed = parse_dates(pl.Series(["13/01/2024", "1/5/2024", "05.02.2024"]))
    assert parsed.day_first
    assert parsed.date.to_list() == [dt.date(2024, 1, 13), dt.date(2024, 5, 1), dt.date(2024, 2, 5)]
    assert set(parsed.family.to_list()) == {"DD/MM/YYYY"}


FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y. %m. %d.", "%Y년 %m월 %d일", "%Y%m%d", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31)), min_size=1, max_size=20),
       st.sampled_from(FORMATS))
def test_dates_written_in_one_format_read_back(days, fmt):
    parsed = parse_dates(pl.Series([d.strftime(fmt) for d in days]))
    assert parsed.date.to_list() == days
    assert parsed.family.n_unique() == 1


# ---------------------------------------------------------------- each rule's count

# rule → (header and rows, context, the lines it must flag). Line 1 is the header.
RULE_CASES = {
    "exact_duplicates": ([H, [D1, "P-1", "1"], [D1, "P-1", "1"], [D1, "P-2", "1"], [D1, "P-1", "1"]], {}, [3, 5]),
    "missing_required": ([H, ["", "P-1", "1"], [D1, "", "1"], [D1, "P-1", ""], [D1, "P-1", "2"]], {}, [2, 3, 4]),
    "unparseable_date": ([H, ["어제", "P-1", "1"], ["2024-02-30", "P-1", "1"], [D1, "P-1", "1"]], {}, [2, 3]),
    "mixed_date_formats": ([H, [D1, "P-1", "1"], [D2, "P-1", "1"], ["2024/1/7", "P-1", "1"],
                            ["2024-01-08", "P-1", "1"], ["20240109", "P-1", "1"]], {}, [4, 6]),
    "future_date": ([H, ["2024-06-30", "P-1", "1"], ["2024-07-01", "P-1", "1"], ["2031-01-01", "P-1", "1"]],
                    {}, [3, 4]),
    "non_numeric_quantity": ([H, [D1, "P-1", "3개"], [D1, "P-1", "1,200"], [D1, "P-1", "1.5"], [D1, "P-1", "많이"],
                              [D1, "P-1", "-2"], [D1, "P-1", " 4 "]], {}, [2, 4, 5]),
    "cancellations": ([["date", "order_id", "sku", "quantity", "status"],
                       [D1, "1001", "P-1", "2", "배송완료"], [D1, "1002", "P-1", "1", "취소완료"],
                       [D1, "C1003", "P-1", "-1", ""], [D1, "1004", "P-1", "1", "반품요청"],
                       [D1, "1005", "P-1", "1", "Refunded"], [D1, "CX-1", "P-1", "1", ""]], {}, [3, 4, 5, 6]),
    "negative_quantity": ([["date", "order_id", "sku", "quantity"], [D1, "1", "P-1", "-2"], [D1, "C2", "P-1", "-1"],
                           [D1, "3", "P-1", "0"], [D1, "4", "P-1", "2"]], {}, [2]),
    "non_product": ([["date", "sku", "name", "quantity"], [D1, "POST", "POSTAGE", "1"], [D1, "gift_0001_10", "", "1"],
                     [D1, "TEST-3", "x", "1"], [D1, "P-4", "배송비", "1"], [D1, "P-5", "추가 배송비 (제주)", "1"],
                     [D1, "P-6", "배송비를 아끼는 파우치", "1"], [D1, "P-7", "무선 마우스", "1"], [D1, " m ", "", "1"]],
                    {}, [2, 3, 4, 5, 6, 9]),
    "sku_variants": ([H, [D1, "ab-1", "1"], [D1, "AB-1", "2"], [D2, "AB-1", "4"], [D2, "AB-2", "1"]], {}, [2]),
    "unknown_sku": ([H, [D1, "P-1", "1"], [D1, "p-2", "1"], [D1, "P-3", "1"]], {"known_skus": {"P-1": "P-1"}},
                    [3, 4]),
    "outliers": ([H, *[[f"2024-01-{d:02d}", "P-1", str(d % 3 + 1)] for d in range(1, 25)], ["2024-01-25", "P-1", "500"],
                  *[[f"2024-02-{d:02d}", "P-2", "1"] for d in range(1, 11)], ["2024-02-11", "P-2", "900"]], {}, [26]),
    "missing_customer": ([["date", "sku", "quantity", "customer_id"], [D1, "P-1", "1", "17850"], [D1, "P-1", "1", ""],
                          [D2, "P-1", "1", "13047"], [D2, "P-1", "2", ""]], {}, [3, 5]),
    "already_applied": ([["date", "sku", "quantity", "channel"], [D1, "P-1", "1", "쿠팡"], [D1, "P-1", "2", "자사몰"],
                         [D2, "P-1", "1", "쿠팡"]],
                        {"existing_days": pl.DataFrame({"sku": ["P-1"], "channel": ["coupang"],
                                                        "date": [dt.date(2024, 1, 5)]})}, [2]),
}


def test_every_sales_rule_has_a_case():
    assert set(RULE_CASES) == {r.id for r in SALES_RULES}


@pytest.mark.parametrize("rule_id", RULE_CASES)
def test_rule_counts_and_shows_the_rows_it_flags(rule_id):
    rows, context, flagged = RULE_CASES[rule_id]
    result = run(rows, **context)
    found = rule(result, rule_id)
    assert found.count == len(flagged)
    assert [e["line"] for e in found.examples] == flagged[:5]  # the first five as examples
    assert found.action == RULES[rule_id].default


def test_rows_kept_counts_each_dropped_row_once():
    # line 3 is a duplicate, a cancellation and negative; line 4 a non-product line in the future
    rows = [["date", "order_id", "sku", "quantity"], [D1, "C1", "P-1", "-1"], [D1, "C1", "P-1", "-1"],
            ["2030-01-01", "7", "POST", "1"], [D1, "8", "P-2", "2"]]
    result = run(rows)
    counts = {r.id: r.count for r in result.rules if r.count}
    assert counts == {"exact_duplicates": 1, "cancellations": 2, "future_date": 1, "non_product": 1, "unknown_sku": 4}
    assert (result.rows_read, result.rows_kept) == (4, 1)


# ---------------------------------------------------------------- what each action does

# rule → (rows, context, {action: daily sales {(sku, date): quantity}})
ACTION_CASES = {
    "exact_duplicates": ([H, [D1, "P-1", "2"], [D1, "P-1", "2"], [D1, "P-1", "2"]], {},
                         {"drop": {("P-1", D1): 2}, "keep": {("P-1", D1): 6}}),
    "mixed_date_formats": ([H, [D1, "P-1", "1"], [D2, "P-1", "1"], ["2024/1/6", "P-1", "5"]], {},
                           {"fix": {("P-1", D1): 1, ("P-1", D2): 6}, "drop": {("P-1", D1): 1, ("P-1", D2): 1}}),
    "future_date": ([H, ["2024-06-30", "P-1", "1"], ["2024-07-01", "P-1", "2"]], {},
                    {"drop": {("P-1", "2024-06-30"): 1}, "keep": {("P-1", "2024-06-30"): 1, ("P-1", "2024-07-01"): 2}}),
    "non_numeric_quantity": ([H, [D1, "P-1", "3개"], [D1, "P-2", "1,200"], [D1, "P-3", "2.5 EA"], [D1, "P-4", "많이"],
                              [D1, "P-5", "4"]], {},
                             {"fix": {("P-1", D1): 3, ("P-2", D1): 1200, ("P-3", D1): 2, ("P-5", D1): 4},
                              "drop": {("P-2", D1): 1200, ("P-5", D1): 4}}),
    "cancellations": ([["date", "order_id", "sku", "quantity"], [D1, "536365", "P-1", "5"],
                       [D1, "C536379", "P-1", "-2"]], {}, {"drop": {("P-1", D1): 5}, "keep": {("P-1", D1): 3}}),
    "negative_quantity": ([H, [D1, "P-1", "5"], [D1, "P-1", "-2"]], {},
                          {"drop": {("P-1", D1): 5}, "keep": {("P-1", D1): 3}}),
    "non_product": ([["date", "sku", "name", "quantity"], [D1, "P-1", "무선 마우스", "1"], [D1, "SHIP", "택배비", "1"]], {},
                    {"drop": {("P-1", D1): 1}, "keep": {("P-1", D1): 1, ("SHIP", D1): 1}}),
    "sku_variants": ([H, [D1, "ab-1", "1"], [D1, "AB-1", "2"], [D2, " Ab-1", "4"], [D2, "AB-1", "8"]], {},
                     {"fix": {("AB-1", D1): 3, ("AB-1", D2): 12},
                      "keep": {("ab-1", D1): 1, ("AB-1", D1): 2, ("Ab-1", D2): 4, ("AB-1", D2): 8}}),
    "unknown_sku": ([H, [D1, "p-1", "1"], [D1, "P-2", "2"]], {"known_skus": {"P-1": "P-1"}},
                    {"fix": {("P-1", D1): 1, ("P-2", D1): 2}, "drop": {("P-1", D1): 1}}),
    "outliers": ([H, *[[f"2024-01-{d:02d}", "P-1", "2"] for d in range(1, 21)], ["2024-01-21", "P-1", "500"]], {},
                 {"keep": {("P-1", "2024-01-21"): 500}, "fix": {("P-1", "2024-01-21"): 14}, "drop": {}}),
    "missing_customer": ([["date", "sku", "quantity", "customer_id"], [D1, "P-1", "1", "17850"], [D1, "P-1", "2", ""]],
                         {}, {"keep": {("P-1", D1): 3}, "drop": {("P-1", D1): 1}}),
    "already_applied": ([H, [D1, "P-1", "1"], [D2, "P-1", "2"]],
                        {"file_channel": "coupang", "existing_days": pl.DataFrame(
                            {"sku": ["P-1"], "channel": ["coupang"], "date": [dt.date(2024, 1, 5)]})},
                        {"drop": {("P-1", D2): 2}, "keep": {("P-1", D1): 1, ("P-1", D2): 2}}),
}


@pytest.mark.parametrize(("rule_id", "action"), [(r, a) for r, case in ACTION_CASES.items() for a in case[2]])
def test_action_changes_the_daily_sales(rule_id, action):
    rows, context, expected = ACTION_CASES[rule_id]
    result = run(rows, actions={rule_id: Action(action)}, **context)
    assert rule(result, rule_id).action == action
    got = daily(result)
    if rule_id == "outliers":  # the ordinary days are the same under every action
        got = {k: v for k, v in got.items() if k[1] == "2024-01-21"}
    assert got == expected[action]


def test_every_allowed_action_has_a_case():
    missing = {(r.id, a.value) for r in SALES_RULES for a in r.actions if len(r.actions) > 1} - {
        (r, a) for r, case in ACTION_CASES.items() for a in case[2]}
    assert missing == set()


def test_an_action_a_rule_does_not_allow_falls_back_to_its_default():
    result = run([H, [D1, "P-1", "1"], [D1, "P-1", "1"]], actions={"exact_duplicates": Action.fix})
    assert rule(result, "exact_duplicates").action == Action.drop
    assert daily(result) == {("P-1", D1): 1}


def test_known_skus_map_to_the_master_form_and_only_unknown_ones_are_new_products():
    rows = [["date", "sku", "name", "quantity"], [D1, "mouse-bk", "마우스", "1"], [D2, " MOUSE- BK ", "마우스", "2"],
            [D1, "MOUSE_BK", "마우스", "4"], [D1, "pad-1", "패드", "8"], [D2, "PAD-1", "마우스 패드", "1"],
            [D2, "PAD-1", "마우스 패드", "2"]]
    result = run(rows, known_skus={"MOUSE-BK": "Mouse-BK"})
    assert daily(result) == {("Mouse-BK", D1): 1, ("Mouse-BK", D2): 2, ("MOUSE_BK", D1): 4, ("PAD-1", D1): 8,
                             ("PAD-1", D2): 3}
    assert result.new_products.to_dicts() == [{"sku": "MOUSE_BK", "name": "마우스", "category": None},
                                              {"sku": "PAD-1", "name": "마우스 패드", "category": None}]
    assert rule(result, "unknown_sku").detail == {"products": 2}


def test_a_new_products_name_is_its_most_common_then_its_first_name():
    rows = [H[:2] + ["name", "quantity"], [D1, "P-1", "패드", "1"], [D2, "P-1", "마우스 패드", "1"],
            [D1, "P-2", "컵", "1"], [D2, "P-2", "머그컵", "1"], [D2, "P-2", "머그컵", "2"]]
    for _ in range(5):  # ties must not depend on hashing
        assert run(rows).new_products.get_column("name").to_list() == ["패드", "머그컵"]


def test_no_code_column_makes_name_and_option_the_code():
    rows = [["date", "name", "option", "quantity"], [D1, "티셔츠", "M", "1"], [D1, "티셔츠", "L", "2"],
            [D1, "", "L", "4"], [D1, "양말", "", "8"]]
    result = run(rows)
    assert daily(result) == {("티셔츠 / M", D1): 1, ("티셔츠 / L", D1): 2, ("양말", D1): 8}
    assert rule(result, "missing_required").count == 1


def test_daily_sales_columns():
    rows = [["date", "sku", "quantity", "unit_price", "channel", "promotion", "stock"],
            [D1, "P-1", "2", "1,500", "쿠팡", "Y", "3"], [D1, "P-1", "1", "1500", "쿠팡", "", "0"],
            [D1, "P-1", "4", "", "네이버 스마트스토어", "N", ""], [D2, "P-1", "1", "₩2,000", "", "행사", "5"]]
    result = run(rows, file_channel="own_mall")
    assert result.sales.to_dicts() == [
        {"sku": "P-1", "channel": "coupang", "date": dt.date(2024, 1, 5), "quantity": 3, "revenue": 4500.0,
         "promotion": True, "stockout": True},
        {"sku": "P-1", "channel": "own_mall", "date": dt.date(2024, 1, 6), "quantity": 1, "revenue": 2000.0,
         "promotion": True, "stockout": False},
        {"sku": "P-1", "channel": "smartstore", "date": dt.date(2024, 1, 5), "quantity": 4, "revenue": None,
         "promotion": False, "stockout": False},
    ]
    assert result.summary == {"products": 1, "new_products": 1, "days": 3, "first_date": D1, "last_date": D2,
                              "quantity": 8, "channels": ["coupang", "own_mall", "smartstore"]}


def test_two_memo_columns_keep_the_first():
    raw = table([["날짜", "상품코드", "수량", "메모", "비고"], [D1, "P-1", "3", "a", "b"]])
    recognition = recognise(raw)
    assert list(recognition.mapping.values()).count("memo") == 2
    result = run([["날짜", "상품코드", "수량", "메모", "비고"], [D1, "P-1", "3", "a", "b"]], mapping=recognition.mapping)
    assert daily(result) == {("P-1", D1): 3}


def test_a_required_field_without_a_column_blocks_the_file():
    result = run([["date", "name"], [D1, "마우스"]])
    assert (result.missing_fields, result.blocking, result.rows_kept, result.sales) == (["quantity"], True, 0, None)


# ---------------------------------------------------------------- personal data

PERSONAL = {"김민준", "010-1234-5678", "minjun@example.com", "서울특별시 강남구 테헤란로 152", "06236", "buyer-77"}


def test_personal_data_stays_out_of_examples_and_output():
    headers = ["주문번호", "주문일자", "상품코드", "상품명", "수량", "구매자명", "연락처", "이메일", "주소", "우편번호", "구매자ID"]
    person = ["김민준", "010-1234-5678", "minjun@example.com", "서울특별시 강남구 테헤란로 152", "06236", "buyer-77"]
    rows = [headers,
            ["1", D1, "P-1", "마우스", "2", *person], ["1", D1, "P-1", "마우스", "2", *person],  # duplicate
            ["C2", D1, "P-1", "마우스", "-1", *person], ["3", "2030-01-01", "POST", "배송비", "1", *person],
            ["4", "2024/1/5", "p-1", "마우스", "3개", *person], ["5", "어제", "P-2", "패드", "", *person]]
    raw = table(rows)
    recognition = recognise(raw)
    assert recognition.kind == FileKind.orders
    result = run(rows, kind=recognition.kind, mapping=recognition.mapping)
    flagged = {r.id for r in result.rules if r.examples}
    assert {"exact_duplicates", "cancellations", "future_date", "non_product", "sku_variants",
            "non_numeric_quantity", "unparseable_date", "missing_required"} <= flagged
    shown = repr([(r.examples, r.detail) for r in result.rules]) + repr(result.sales.to_dicts()) + repr(
        result.new_products.to_dicts()) + repr(result.summary)
    assert [value for value in PERSONAL if value in shown] == []
    assert daily(result) == {("P-1", D1): 5}


# ---------------------------------------------------------------- stock files

STOCK = ["sku", "inbound", "outbound", "use_by", "memo"]
KNOWN = {"A-1": "A-1", "B-2": "B-2", "SET-1": "SET-1"}


def run_stock(*rows):
    return run([STOCK, *rows], kind=FileKind.stock, known_skus=KNOWN, set_skus=frozenset({"SET-1"}))


def test_stock_file_without_errors_becomes_movements():
    result = run_stock(["a-1", "5", "", "2025-01-31", "첫 입고"], ["B-2", "1,200", "2", "", ""],
                       ["SET-1", "", "1", "", ""], ["B-2", "", "", "", "재고 확인"])
    assert (result.errors, result.blocking, result.rows_kept) == ([], False, 3)
    assert result.movements.to_dicts() == [
        {"line": 2, "sku": "A-1", "inbound": 5, "outbound": 0, "use_by": dt.date(2025, 1, 31), "date": None,
         "memo": "첫 입고"},
        {"line": 3, "sku": "B-2", "inbound": 1200, "outbound": 2, "use_by": None, "date": None, "memo": None},
        {"line": 4, "sku": "SET-1", "inbound": 0, "outbound": 1, "use_by": None, "date": None, "memo": None},
    ]
    assert {r.id: r.count for r in result.rules} == {"row_errors": 0, "empty_rows": 1}
    assert result.summary == {"movements": 3, "inbound": 1205, "outbound": 3, "products": 3}


def test_stock_row_errors_block_the_file_with_their_lines():
    result = run_stock(["A-1", "5", "", "", ""],  # line 2: fine
                       ["Z-9", "1", "", "", ""],  # unknown SKU
                       ["A-1", "다섯", "", "", ""],  # text
                       ["B-2", "", "-3", "", ""],  # negative
                       ["SET-1", "2", "", "", ""],  # a set cannot be received
                       ["A-1", "1.5", "", "", ""],  # not whole
                       ["A-1", "1", "", "내일", ""])  # use-by unreadable
    assert result.blocking
    assert [(e["line"], e["field"], e["value"]) for e in result.errors] == [
        (3, "sku", "Z-9"), (4, "inbound", "다섯"), (5, "outbound", "-3"), (6, "inbound", "2"), (7, "inbound", "1.5"),
        (8, "use_by", "내일")]
    assert all(e["message"] and e["message_en"] for e in result.errors)
    assert rule(result, "row_errors").count == 6
    assert result.rows_kept == 1


# ---------------------------------------------------------------- properties

SALE_ROWS = st.lists(st.tuples(st.sampled_from([D1, D2, "2024-01-07"]), st.sampled_from(["P-1", "p-1", "P-2", "Q-9"]),
                               st.integers(1, 40)), min_size=1, max_size=15)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SALE_ROWS, st.integers(2, 4), st.booleans())
def test_repeating_every_row_changes_nothing_when_duplicates_are_dropped(rows, copies, interleaved):
    once = [[d, s, str(q)] for d, s, q in rows]
    repeated = [r for r in once for _ in range(copies)] if interleaved else once * copies
    keep = {"exact_duplicates": Action.keep}
    base, dropped = run([H, *once]), run([H, *repeated])
    assert daily(dropped) == daily(base)
    assert dropped.rows_kept == base.rows_kept
    assert daily(run([H, *repeated], actions=keep)) == {
        k: v * copies for k, v in daily(run([H, *once], actions=keep)).items()}


def test_every_status_column_counts_for_cancellations():
    """SmartStore's 주문상태 and 클레임상태 are both read; Coupang's 취소여부 is a Y/N flag."""
    rows = [["date", "sku", "quantity", "주문상태", "클레임상태", "취소여부"],
            ["2024-01-01", "A", "2", "배송중", "", "N"],
            ["2024-01-01", "A", "1", "배송중", "취소완료", "N"],
            ["2024-01-02", "A", "4", "결제완료", "", "Y"]]
    mapping = {"date": "date", "sku": "sku", "quantity": "quantity", "주문상태": "status", "클레임상태": "status",
               "취소여부": "status"}
    result = run(rows, mapping=mapping)
    assert [e["line"] for e in rule(result, "cancellations").examples] == [3, 4]
    assert daily(result) == {("A", "2024-01-01"): 2}
