"""The data workspace in the browser: upload a stock file the app only partly recognises, correct
its column mapping, read the cleansing report, apply it (the worker writes the movements), see the
on-hand change on the Stock page, then undo it. Runs against the demo tenant in Debian's Chromium."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import ARTIFACTS, login

WORKER_TIMEOUT = 60_000  # analysis, apply and undo run in the worker process
USED_ELSEWHERE = {"BA-0001", "KT-0002"}  # changed by tests in test_app.py


def _on_hand_via_api(page: Page, sku: str) -> int:
    items = page.request.get(f"/api/stock/balances?q={sku}").json()["items"]
    return next(b["on_hand"] for b in items if b["master_sku"] == sku)


def _expect_on_hand_on_stock_page(page: Page, sku: str, expected: int) -> None:
    """The Stock page's 현재고 cell of `sku` (found with the balance search) shows `expected`."""
    page.get_by_test_id("nav-stock").click()
    page.get_by_test_id("balances-search").fill(sku)
    page.wait_for_url(re.compile(rf".*q={re.escape(sku)}.*"))
    row = page.get_by_test_id("balance-row").filter(has_text=sku)
    expect(row).to_have_count(1)
    # 현재고, maybe followed by the 안전재고 미달 badge
    expect(row.locator("td").nth(4)).to_have_text(re.compile(rf"^{expected:,}(\D|$)"))


def _two_demo_products(page: Page) -> list[str]:
    items = page.request.get("/api/stock/balances?page_size=100").json()["items"]
    skus = [b["master_sku"] for b in items if b["kind"] == "single" and b["on_hand"] >= 20
            and b["master_sku"] not in USED_ELSEWHERE]
    assert len(skus) >= 2, items
    return skus[-2:]


def test_stock_file_with_a_corrected_mapping_is_applied_and_undone(page: Page, tmp_path):
    login(page, "staff@demo.example")
    first, second = _two_demo_products(page)
    before = {sku: _on_hand_via_api(page, sku) for sku in (first, second)}

    # 품번 and 입고수량 are known headers; 비고란 and X열 say nothing (X열 holds the outbound quantities).
    csv = tmp_path / "재고_입출고_e2e.csv"
    csv.write_text(
        "품번,입고수량,비고란,X열\n"
        f"{first},12,e2e 입고,5\n"
        f"{second},3,,\n"
        f"{second},,,\n",
        encoding="utf-8",
    )

    page.get_by_test_id("nav-uploads").click()
    expect(page.get_by_test_id("uploads-page")).to_be_visible()
    expect(page.get_by_test_id("template-download")).to_be_visible()
    page.get_by_test_id("upload-input").set_input_files(str(csv))
    page.wait_for_url(re.compile(r".*/uploads/\d+$"))
    upload_id = int(page.url.rsplit("/", 1)[1])

    # the analysis runs in the worker; the mapping table appears with its result
    mapping = page.get_by_test_id("mapping-table")
    expect(mapping).to_be_visible(timeout=WORKER_TIMEOUT)
    expect(page.get_by_test_id("upload-kind")).to_contain_text("재고 입출고")
    expect(page.get_by_test_id("mapping-select-품번")).to_have_value("sku")
    expect(page.get_by_test_id("mapping-select-입고수량")).to_have_value("inbound")
    expect(page.get_by_test_id("mapping-select-X열")).not_to_have_value("outbound")
    expect(page.get_by_test_id("summary-outbound")).to_contain_text("0")

    # correct the mapping: X열 holds 출고량, 비고란 is a memo; save and wait for the re-analysis
    page.get_by_test_id("mapping-select-X열").select_option("outbound")
    page.get_by_test_id("mapping-select-비고란").select_option("memo")
    expect(page.get_by_test_id("mapping-dirty")).to_be_visible()
    expect(page.get_by_test_id("upload-apply")).to_be_disabled()  # unsaved mapping
    expect(page.get_by_test_id("mapping-remember")).to_be_checked()
    page.get_by_test_id("mapping-save").click()
    expect(page.get_by_test_id("summary-outbound")).to_contain_text("−5", timeout=WORKER_TIMEOUT)
    expect(page.get_by_test_id("upload-status")).to_have_text("반영 대기")
    expect(page.get_by_test_id("mapping-dirty")).to_have_count(0)
    expect(page.get_by_test_id("mapping-select-X열")).to_have_value("outbound")
    expect(page.get_by_test_id("mapping-select-비고란")).to_have_value("memo")

    # the report: two rows with movements (+12 −5 and +3), one empty row, no row errors
    report = page.get_by_test_id("cleansing-report")
    expect(report).to_be_visible()
    expect(page.get_by_test_id("summary-movements")).to_contain_text("2")
    expect(page.get_by_test_id("summary-inbound")).to_contain_text("+15")
    expect(page.get_by_test_id("summary-outbound")).to_contain_text("−5")
    expect(page.get_by_test_id("rule-row_errors")).to_be_visible()
    expect(page.get_by_test_id("rule-count-row_errors")).to_have_text("0건")
    expect(page.get_by_test_id("rule-empty_rows")).to_contain_text("1건")
    expect(page.get_by_test_id("row-errors")).to_have_count(0)
    expect(page.get_by_test_id("row-errors-none")).to_be_visible()
    expect(page.get_by_test_id("report-xlsx")).to_have_attribute("href", f"/api/uploads/{upload_id}/report.xlsx")
    expect(page.get_by_test_id("report-json")).to_have_attribute("href", f"/api/uploads/{upload_id}/report.json")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "uploads-report.png"), full_page=True)

    # apply: the worker records the movements
    expect(page.get_by_test_id("upload-apply")).to_be_enabled()
    page.get_by_test_id("upload-apply").click()
    result = page.get_by_test_id("upload-result")
    expect(result).to_be_visible(timeout=WORKER_TIMEOUT)
    expect(result).to_contain_text("입출고 3건")  # +12 and −5 on the first row, +3 on the second
    expect(page.get_by_test_id("upload-undo")).to_be_visible()
    expect(page.get_by_test_id("upload-delete")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "uploads-applied.png"), full_page=True)

    # the Stock page shows the change: inbound − outbound
    _expect_on_hand_on_stock_page(page, first, before[first] + 12 - 5)
    _expect_on_hand_on_stock_page(page, second, before[second] + 3)
    assert _on_hand_via_api(page, first) == before[first] + 12 - 5
    expect(page.get_by_test_id("movement-row").first).to_contain_text("업로드")

    # the history lists it as applied; open it again and undo
    page.get_by_test_id("nav-uploads").click()
    row = page.get_by_test_id("upload-row").first
    expect(row).to_contain_text(csv.name)
    expect(row.get_by_test_id("upload-status")).to_have_text("반영됨")
    row.click()
    page.wait_for_url(f"**/uploads/{upload_id}")
    page.get_by_test_id("upload-undo").click()
    expect(page.get_by_test_id("upload-undo-dialog")).to_be_visible()
    page.get_by_test_id("upload-undo-confirm").click()
    expect(page.get_by_test_id("upload-status")).to_have_text("되돌림", timeout=WORKER_TIMEOUT)
    expect(page.get_by_test_id("upload-undone")).to_contain_text("입출고 3건 취소")
    _expect_on_hand_on_stock_page(page, first, before[first])
    _expect_on_hand_on_stock_page(page, second, before[second])
    assert _on_hand_via_api(page, first) == before[first]


def test_viewer_sees_uploads_but_cannot_upload(page: Page):
    login(page, "viewer@demo.example")
    page.get_by_test_id("nav-uploads").click()
    expect(page.get_by_test_id("uploads-page")).to_be_visible()
    expect(page.get_by_test_id("uploads-read-only")).to_be_visible()
    expect(page.get_by_test_id("upload-input")).to_have_count(0)
    expect(page.get_by_test_id("template-download")).to_be_visible()
