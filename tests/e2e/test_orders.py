"""Purchasing (발주) in the browser, on the demo tenant: a manager turns a recommendation into a
draft (with a changed quantity and its reason), approves, sends and receives it with a lot code
and use-by date, and sees it received with its history and the 발주표 download; staff edit a
draft with a reason; a second approval is refused with a clear message; a wrong receipt is
corrected on its order; a viewer reads but has no action."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import ARTIFACTS, login


def _csrf(page: Page) -> dict[str, str]:
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "smartstock_csrf")
    return {"X-CSRF-Token": token}


def _api(page: Page, method: str, path: str, body: dict | None = None) -> dict:
    response = page.request.fetch(path, method=method, data=body, headers=_csrf(page))
    assert response.ok, f"{method} {path}: {response.status} {response.text()}"
    return response.json()


def _draft_via_api(page: Page, skip: int = 0) -> dict:
    """A draft for a demo product that has a supplier: quantity = its MOQ in whole packs."""
    products = _api(page, "GET", "/api/products?kind=single&page_size=100")["items"]
    candidates = [p for p in products if p["supplier_id"] and p["is_active"]]
    product = candidates[skip]
    pack = max(product["pack_size"], 1)
    quantity = -(-max(product["moq"], 1) // pack) * pack
    return _api(page, "POST", "/api/purchase-orders", {
        "supplier_id": product["supplier_id"], "note": "e2e 발주",
        "lines": [{"product_id": product["id"], "quantity": quantity}],
    })


def _open_order(page: Page, po: dict) -> None:
    page.goto("/orders/purchase-orders")
    expect(page.get_by_test_id("orders-page")).to_be_visible()
    page.get_by_test_id("po-search").fill(po["po_number"])
    page.wait_for_url(re.compile(r".*q=PO-.*"))
    rows = page.get_by_test_id("po-row")
    expect(rows).to_have_count(1)
    rows.first.click()
    expect(page.get_by_test_id("po-title")).to_have_text(po["po_number"])


def test_manager_orders_from_the_recommendations_and_receives_the_goods(page: Page):
    login(page, "manager@demo.example")
    page.goto("/orders")
    expect(page.get_by_test_id("orders-page")).to_be_visible()
    expect(page.get_by_test_id("orders-tab-recommendations")).to_have_text("발주 추천")
    page.get_by_test_id("rec-needed-only").click()
    page.wait_for_url(re.compile(r".*needed=1.*"))
    expect(page.locator('[data-testid="rec-row"][data-needed="false"]')).to_have_count(0)
    row = page.locator('[data-testid="rec-row"][data-needed="true"]').filter(
        has=page.locator('[data-testid="rec-select"]:enabled')).first
    expect(row).to_be_visible()
    sku = row.get_by_test_id("rec-sku").inner_text()

    # Why: the row explains each number in one line.
    row.get_by_test_id("rec-expand").click()
    expect(page.get_by_test_id("rec-explain-line").first).to_contain_text("=")

    # Select it, order twice the recommendation: a changed quantity needs a reason.
    row.get_by_test_id("rec-select").click()
    item = page.get_by_test_id("rec-draft-item")
    expect(item).to_have_count(1)
    quantity_box = item.get_by_test_id("rec-draft-quantity")
    proposed = int(quantity_box.input_value())
    assert proposed > 0
    quantity_box.fill(str(proposed * 2))
    page.get_by_test_id("rec-create-drafts").click()
    expect(item).to_contain_text("추천과 다른 수량에는 사유가 필요합니다.")
    item.get_by_test_id("rec-draft-reason").fill("e2e 프로모션 대비")
    page.get_by_test_id("rec-create-drafts").click()

    # The purchase orders tab shows the new draft.
    page.wait_for_url(re.compile(r".*/orders/purchase-orders\?status=draft"))
    created = page.get_by_test_id("po-created")
    expect(created).to_contain_text("발주 초안 1건")
    po_number = re.search(r"PO-\d{8}-\d{4}", created.inner_text()).group(0)
    page.get_by_test_id("po-row").filter(has_text=po_number).click()
    expect(page.get_by_test_id("po-title")).to_have_text(po_number)
    expect(page.get_by_test_id("po-status")).to_have_text("초안")
    line = page.get_by_test_id("po-line").first
    expect(line).to_contain_text(sku)
    expect(line.get_by_test_id("po-line-proposed")).to_have_text(f"{proposed:,}")
    expect(line.get_by_test_id("po-line-quantity")).to_contain_text(f"{proposed * 2:,}")
    expect(line.get_by_test_id("po-line-delta")).to_have_text(f"+{proposed:,}")
    change = page.get_by_test_id("po-change-row").first
    expect(change).to_contain_text("이서준")
    expect(change.get_by_test_id("po-change-reason")).to_have_text("e2e 프로모션 대비")

    page.get_by_test_id("po-approve").click()
    page.get_by_test_id("po-approve-confirm").click()
    expect(page.get_by_test_id("po-status")).to_have_text("승인")
    expect(page.get_by_test_id("po-approved-by")).to_contain_text("이서준")
    expect(page.get_by_test_id("po-edit")).to_have_count(0)

    page.get_by_test_id("po-send").click()
    page.get_by_test_id("po-send-confirm").click()
    expect(page.get_by_test_id("po-status")).to_have_text("발송")

    # Receive with a lot code and a use-by date; more than ordered is refused first.
    page.get_by_test_id("po-receive").click()
    receive_line = page.get_by_test_id("po-receive-line").first
    expect(receive_line.get_by_test_id("po-receive-quantity")).to_have_value(str(proposed * 2))
    receive_line.get_by_test_id("po-receive-quantity").fill(str(proposed * 2 + 1))
    page.get_by_test_id("po-receive-submit").click()
    expect(page.get_by_text("미입고 수량보다 많이 입고할 수 없습니다.")).to_be_visible()
    receive_line.get_by_test_id("po-receive-quantity").fill(str(proposed * 2))
    receive_line.get_by_test_id("po-receive-lot").fill("LOT-E2E-01")
    receive_line.get_by_test_id("po-receive-use-by").fill("2028-03-31")
    page.get_by_test_id("po-receive-submit").click()
    expect(page.get_by_test_id("po-receive-dialog")).to_be_hidden()
    expect(page.get_by_test_id("po-status")).to_have_text("입고 완료")
    expect(page.get_by_test_id("po-line-open").first).to_have_text("0")
    receipt = page.get_by_test_id("po-receipt-row").first
    expect(receipt.get_by_test_id("po-receipt-lot")).to_have_text("LOT-E2E-01")
    expect(receipt).to_contain_text("2028-03-31")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "purchase-order-received.png"), full_page=True)

    # The 발주표 downloads as an Excel file named after the order.
    with page.expect_download() as download:
        page.get_by_test_id("po-export").click()
    assert download.value.suggested_filename == f"{po_number}.xlsx"

    page.get_by_test_id("po-close").click()
    page.get_by_test_id("po-close-confirm").click()
    expect(page.get_by_test_id("po-status")).to_have_text("종결")
    expect(page.get_by_test_id("po-actions").get_by_role("button")).to_have_count(1)  # only the export

    # The Human–AI report lists the line: the AI's proposal, the final quantity, who and why.
    page.get_by_test_id("orders-tab-human-ai").click()
    expect(page.get_by_test_id("human-ai-summary")).to_be_visible()
    report_row = page.get_by_test_id("human-ai-row").filter(has_text=po_number)
    expect(report_row).to_have_count(1)
    expect(report_row.get_by_test_id("human-ai-reason")).to_have_text("e2e 프로모션 대비")
    expect(report_row).to_contain_text(f"{proposed * 2:,}")


def test_a_draft_is_edited_with_a_reason(page: Page):
    login(page, "staff@demo.example")
    po = _draft_via_api(page)
    line = po["lines"][0]
    _open_order(page, po)
    expect(page.get_by_test_id("po-approve")).to_have_count(0)  # staff cannot approve
    page.get_by_test_id("po-edit").click()
    new_quantity = line["quantity"] + max(line["pack_size"], 1)
    page.get_by_test_id("po-edit-quantity").first.fill(str(new_quantity))
    page.get_by_test_id("po-edit-submit").click()
    expect(page.get_by_text("사유를 입력하세요.")).to_be_visible()
    page.get_by_test_id("po-edit-reason").fill("e2e 창고 공간 확보")
    page.get_by_test_id("po-edit-submit").click()
    expect(page.get_by_test_id("po-edit-dialog")).to_be_hidden()
    expect(page.get_by_test_id("po-line-quantity").first).to_contain_text(f"{new_quantity:,}")
    change = page.get_by_test_id("po-change-row").first
    expect(change).to_contain_text("박지민")
    expect(change).to_contain_text(f"{line['quantity']:,}")
    expect(change.get_by_test_id("po-change-reason")).to_have_text("e2e 창고 공간 확보")


def test_a_second_approval_is_refused_clearly(page: Page):
    login(page, "manager@demo.example")
    po = _draft_via_api(page, skip=1)
    _open_order(page, po)
    # Someone else approves it while the page is open.
    _api(page, "POST", f"/api/purchase-orders/{po['id']}/approve", {})
    page.get_by_test_id("po-approve").click()
    page.get_by_test_id("po-approve-confirm").click()
    alert = page.get_by_test_id("error-alert")
    expect(alert).to_contain_text(po["po_number"])
    expect(alert).to_contain_text(re.compile("그사이 변경|이미 승인"))
    # The page reloads the order: it shows approved, without the approve button.
    expect(page.get_by_test_id("po-status")).to_have_text("승인")
    expect(page.get_by_test_id("po-approve")).to_have_count(0)


def test_a_wrong_receipt_is_corrected_on_the_order(page: Page):
    login(page, "manager@demo.example")
    po = _draft_via_api(page, skip=2)
    line = po["lines"][0]
    _api(page, "POST", f"/api/purchase-orders/{po['id']}/approve", {})
    _api(page, "POST", f"/api/purchase-orders/{po['id']}/send", {})
    _api(page, "POST", f"/api/purchase-orders/{po['id']}/receive",
         {"lines": [{"line_id": line["id"], "quantity": line["quantity"], "lot_code": "E2E-WRONG"}]})
    _open_order(page, po)
    expect(page.get_by_test_id("po-status")).to_have_text("입고 완료")
    page.get_by_test_id("po-receipt-reverse").click()
    page.get_by_test_id("po-reverse-submit").click()
    expect(page.get_by_text("사유를 입력하세요.")).to_be_visible()
    page.get_by_test_id("po-reverse-reason").fill("e2e 다른 상품이 입고됨")
    page.get_by_test_id("po-reverse-submit").click()
    expect(page.get_by_test_id("po-reverse-dialog")).to_be_hidden()
    # the order is open again, the receipt marked undone, and nothing is left to correct
    expect(page.get_by_test_id("po-status")).to_have_text("발송")
    expect(page.get_by_test_id("po-receipt-row")).to_contain_text("되돌림")
    expect(page.get_by_test_id("po-receipt-reverse")).to_have_count(0)
    expect(page.get_by_test_id("po-receive")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "purchase-order-receipt-corrected.png"), full_page=True)


def test_manager_sets_the_policy_and_a_category_override(page: Page):
    login(page, "manager@demo.example")
    page.goto("/orders/policy")
    page.get_by_test_id("policy-level-a").fill("98")
    page.get_by_test_id("policy-save").click()
    expect(page.get_by_test_id("policy-defaults")).to_contain_text("정책을 저장했습니다")
    page.reload()
    expect(page.get_by_test_id("policy-level-a")).to_have_value("98")

    page.get_by_test_id("policy-override-add").click()
    page.get_by_test_id("policy-override-save").click()
    expect(page.get_by_test_id("policy-override-dialog")).to_contain_text("카테고리를 선택하세요.")
    page.get_by_test_id("policy-override-category").select_option("욕실용품")
    page.get_by_test_id("policy-override-level").fill("99")
    page.get_by_test_id("policy-override-review").fill("14")
    page.get_by_test_id("policy-override-save").click()
    row = page.get_by_test_id("policy-override-row").filter(has_text="욕실용품")
    expect(row).to_contain_text("99.0%")
    expect(row).to_contain_text("14일")

    # The recommendations follow it: a bathroom product is planned at 99 % from the category.
    page.goto("/orders?category=욕실용품")
    first = page.get_by_test_id("rec-row").first
    expect(first.get_by_test_id("rec-ltd")).to_contain_text("99.0%")
    first.get_by_test_id("rec-expand").click()
    expect(page.get_by_test_id("rec-detail")).to_contain_text("카테고리 설정")

    page.goto("/orders/policy")
    row.get_by_test_id("policy-override-remove").click()
    page.get_by_test_id("policy-override-remove-confirm").click()
    expect(row).to_have_count(0)


def test_a_viewer_reads_orders_without_actions(page: Page):
    login(page, "viewer@demo.example")
    page.goto("/orders")
    expect(page.get_by_test_id("rec-row").first).to_be_visible()
    expect(page.get_by_test_id("rec-read-only")).to_be_visible()
    expect(page.get_by_test_id("rec-select")).to_have_count(0)
    expect(page.get_by_test_id("rec-select-needed")).to_have_count(0)
    page.get_by_test_id("orders-tab-purchase-orders").click()
    rows = page.get_by_test_id("po-row")
    expect(rows.first).to_be_visible()
    page.get_by_test_id("po-status-filter").select_option("open")
    page.wait_for_url(re.compile(r".*status=open.*"))
    expect(rows.first).to_be_visible()
    expect(page.locator('[data-testid="po-row"][data-status="closed"]')).to_have_count(0)
    # Anyone can download the 발주표 of the listed orders (one sheet each).
    with page.expect_download() as download:
        page.get_by_test_id("po-export-list").click()
    assert re.fullmatch(r"purchase-orders-\d{8}\.xlsx", download.value.suggested_filename)
    rows.first.click()
    expect(page.get_by_test_id("po-detail")).to_be_visible()
    expect(page.get_by_test_id("po-read-only")).to_be_visible()
    for action in ("edit", "approve", "send", "receive", "close", "cancel"):
        expect(page.get_by_test_id(f"po-{action}")).to_have_count(0)
    expect(page.get_by_test_id("po-export")).to_be_visible()

    page.goto("/orders/policy")
    expect(page.get_by_test_id("policy-read-only")).to_be_visible()
    expect(page.get_by_test_id("policy-level")).to_be_disabled()
    expect(page.get_by_test_id("policy-save")).to_have_count(0)
    expect(page.get_by_test_id("policy-override-add")).to_have_count(0)
    page.goto("/orders/scenarios")
    expect(page.get_by_test_id("scenario-read-only")).to_be_visible()
    expect(page.get_by_test_id("scenario-start")).to_have_count(0)
    expect(page.get_by_test_id("what-if-form")).to_be_visible()
