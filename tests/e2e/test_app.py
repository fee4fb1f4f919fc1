"""What a user does in the browser: log in, edit a product, move stock, manage members, switch
language, sign up a new seller. Runs against the demo tenant in Debian's Chromium."""

from __future__ import annotations

import itertools
import re

from playwright.sync_api import expect

from tests.e2e.conftest import login

_n = itertools.count(1)


def test_owner_sees_every_tab_in_korean(page):
    login(page, "owner@demo.example")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    for tab in ("products", "stock", "members", "settings", "audit", "dashboard", "uploads", "forecasts",
                "orders", "alerts"):
        expect(page.get_by_test_id(f"nav-{tab}")).to_be_visible()
    expect(page.get_by_test_id("nav-products")).to_have_text(re.compile("상품"))
    expect(page.get_by_test_id("tenant-name")).to_have_text("한빛리빙 (데모)")
    expect(page.get_by_test_id("product-row").first).to_be_visible()


def test_manager_edits_a_product(page):
    login(page, "manager@demo.example")
    page.get_by_test_id("nav-products").click()
    page.get_by_test_id("products-search").fill("BA-0001")
    page.wait_for_url(re.compile(r".*q=BA-0001.*"))
    expect(page.get_by_test_id("product-row")).to_have_count(1)
    page.get_by_test_id("product-row").first.click()
    page.wait_for_url(re.compile(r".*/products/\d+$"))
    new_name = f"규조토 발매트 (개정 {next(_n)})"
    page.get_by_test_id("product-name").fill(new_name)
    page.get_by_test_id("product-safety_stock").fill("15")
    page.get_by_test_id("product-submit").click()
    expect(page.get_by_test_id("product-title")).to_have_text(new_name)
    page.reload()
    expect(page.get_by_test_id("product-title")).to_have_text(new_name)
    expect(page.get_by_test_id("product-safety_stock")).to_have_value("15")
    # the change is in the audit log with the manager as actor
    page.get_by_test_id("nav-audit").click()
    expect(page.get_by_test_id("audit-row").first).to_contain_text("BA-0001")


def test_staff_records_inbound_and_outbound_and_sees_who_did_it(page):
    login(page, "staff@demo.example")
    page.get_by_test_id("nav-stock").click()
    form = page.get_by_test_id("movement-form")
    page.get_by_test_id("movement-product-input").fill("KT-0002")
    page.get_by_test_id("movement-product").get_by_test_id("product-option").first.click()
    page.get_by_test_id("movement-reason").select_option("inbound")
    page.get_by_test_id("movement-quantity").fill("37")
    page.get_by_test_id("movement-note").fill("입고 테스트")
    page.get_by_test_id("movement-submit").click()
    expect(form.get_by_role("status")).to_contain_text("KT-0002")
    first = page.get_by_test_id("movement-row").first
    expect(first).to_contain_text("+37")
    expect(first).to_contain_text("KT-0002")
    expect(first).to_contain_text("입고 테스트")
    staff_name = page.request.get("/api/auth/me").json()["name"]
    expect(first).to_contain_text(staff_name)
    # an outbound larger than the stock is refused with a clear Korean message
    page.get_by_test_id("movement-reason").select_option("outbound")
    page.get_by_test_id("movement-quantity").fill("9999999")
    page.get_by_test_id("movement-submit").click()
    expect(form).to_contain_text("재고가 부족합니다")


def test_members_tab_is_for_the_owner_only(page):
    login(page, "owner@demo.example")
    page.get_by_test_id("nav-members").click()
    email = f"new-manager-{next(_n)}@demo.example"
    page.get_by_test_id("member-add").click()
    page.get_by_test_id("member-email").fill(email)
    page.get_by_test_id("member-name").fill("박매니저")
    page.get_by_test_id("member-new-role").select_option("manager")
    page.get_by_test_id("member-password").fill("manager-password-1")
    page.get_by_test_id("member-submit").click()
    expect(page.get_by_test_id("member-row").filter(has_text=email)).to_have_count(1)
    page.get_by_test_id("logout").click()
    page.wait_for_url("**/login")
    page.get_by_test_id("login-email").fill(email)
    page.get_by_test_id("login-password").fill("manager-password-1")
    page.get_by_test_id("login-submit").click()
    page.wait_for_url(lambda url: "/login" not in url)
    expect(page.get_by_test_id("nav-products")).to_be_visible()
    expect(page.get_by_test_id("nav-members")).to_have_count(0)
    page.goto("/members")
    expect(page.get_by_test_id("forbidden")).to_be_visible()


def test_viewer_reads_but_cannot_change(page):
    login(page, "viewer@demo.example")
    expect(page.get_by_test_id("nav-members")).to_have_count(0)
    page.get_by_test_id("nav-products").click()
    expect(page.get_by_test_id("product-row").first).to_be_visible()
    expect(page.get_by_test_id("product-new")).to_have_count(0)
    page.get_by_test_id("nav-stock").click()
    expect(page.get_by_test_id("balance-row").first).to_be_visible()
    expect(page.get_by_test_id("movement-form")).to_have_count(0)


def test_language_switch_to_english_and_back(page):
    page.goto("/login")
    page.get_by_test_id("login-email").fill("owner@demo.example")
    page.get_by_test_id("login-password").fill("wrong-password-0")
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("error-alert")).to_contain_text("이메일 또는 비밀번호가 올바르지 않습니다")
    login(page, "owner@demo.example")
    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("nav-products")).to_have_text(re.compile("Products"))
    expect(page.get_by_test_id("nav-stock")).to_have_text(re.compile("Stock"))
    page.get_by_test_id("nav-forecasts").click()
    expect(page.get_by_test_id("page")).to_be_visible()
    page.get_by_test_id("lang-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_test_id("nav-products")).to_have_text(re.compile("상품"))


def test_new_seller_signs_up_to_an_empty_tenant(page):
    n = next(_n)
    page.goto("/signup")
    page.get_by_test_id("signup-tenant").fill(f"새싹상점 {n}")
    page.get_by_test_id("signup-name").fill("최사장")
    page.get_by_test_id("signup-email").fill(f"seller{n}@new.example")
    page.get_by_test_id("signup-password").fill("new-seller-pass-1")
    page.get_by_test_id("signup-submit").click()
    page.wait_for_url("**/products")
    expect(page.get_by_test_id("tenant-name")).to_have_text(f"새싹상점 {n}")
    expect(page.get_by_test_id("product-row")).to_have_count(0)
    page.get_by_test_id("nav-stock").click()
    expect(page.get_by_test_id("balance-row")).to_have_count(0)
    # the demo tenant's products are not reachable by URL either
    response = page.request.get("/api/products/1")
    assert response.status == 404


def test_product_master_excel_round_trip_runs_in_the_worker(page, tmp_path):
    """Export the demo's product master, change a cell, import it back: the worker applies it,
    the dialog shows progress and the result; a broken sheet lists its row errors."""
    from openpyxl import load_workbook

    login(page, "manager@demo.example")
    page.get_by_test_id("nav-products").click()
    with page.expect_download() as download:
        page.get_by_test_id("products-export").click()
    exported = tmp_path / "products.xlsx"
    download.value.save_as(exported)
    workbook = load_workbook(exported)
    sheet = workbook.active
    assert sheet["A1"].value == "마스터 SKU" and sheet.max_row > 150
    sku = sheet["A2"].value
    sheet["I2"] = 77  # 안전재고
    workbook.save(exported)

    page.get_by_test_id("products-import").click()
    page.get_by_test_id("import-file").set_input_files(str(exported))
    page.get_by_test_id("import-submit").click()
    expect(page.get_by_test_id("import-status")).to_have_text("완료", timeout=60_000)
    expect(page.get_by_test_id("import-result")).to_contain_text(f"수정 {sheet.max_row - 1}건")
    product = page.request.get(f"/api/products?q={sku}").json()["items"][0]
    assert product["safety_stock"] == 77

    sheet["G3"] = "열개"  # MOQ as text
    workbook.save(exported)
    page.get_by_role("button", name="다른 파일 가져오기").click()
    page.get_by_test_id("import-file").set_input_files(str(exported))
    page.get_by_test_id("import-submit").click()
    expect(page.get_by_test_id("import-status")).to_have_text("실패", timeout=60_000)
    expect(page.get_by_test_id("import-errors")).to_contain_text("3")
