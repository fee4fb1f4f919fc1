"""No data crosses tenants: tenant B's owner walks every route of the API against tenant A's
objects. The table must list every OpenAPI operation, so a new route fails here until it is
covered."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.factories import PASSWORD, create_product, create_supplier, move, signup
from tests.ingest.support import run_jobs
from tests.kit.support import create_member, error_of, login, unique, workbook_bytes
from tests.kit.test_roles import api_operations
from tests.planning.purchase_orders.support import order_for
from tests.planning.scenarios.support import isolation_checks as planning_scenarios

MISSING = 999_999_999
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class World:
    """Tenant A with one object of each kind; tenant B with a product and a set of its own."""

    def __init__(self, app, session_factory):
        self.app, self.session_factory = app, session_factory
        self.a, self.a_me = signup(app)
        self.category = unique("A-전용분류")
        self.supplier = create_supplier(self.a, name=unique("A공급"))
        self.product = create_product(self.a, master_sku=unique("A-SKU"), category=self.category,
                                      supplier_id=self.supplier["id"])
        self.set = create_product(self.a, master_sku=unique("A-SET"), kind="set")
        assert self.a.put(f"/api/products/{self.set['id']}/components",
                          json=[{"component_id": self.product["id"], "quantity": 2}]).status_code == 200
        self.mapping = self.a.post("/api/channel-skus", json={
            "channel": "coupang", "channel_sku": unique("A-CP"), "product_id": self.product["id"]}).json()
        self.movement = move(self.a, self.product["id"], "inbound", 7, lot_code=unique("A-LOT"),
                             use_by="2030-01-31").json()[0]
        self.member = create_member(self.a, "staff")
        r = self.a.post("/api/products/import", files=upload([[unique("A-IMP"), None, "A 가져오기"]]))
        assert r.status_code == 202, r.text
        self.job = r.json()
        sales = f"날짜,상품코드,수량\n2024-01-01,{self.product['master_sku']},3\n".encode()
        self.upload = self.a.post("/api/uploads", files={"file": ("a-sales.csv", sales)}).json()
        run_jobs(session_factory)
        assert self.a.post(f"/api/uploads/{self.upload['id']}/apply").status_code == 202
        run_jobs(session_factory)
        self.run = self.a.post("/api/forecasts/runs", json={"horizon": 7}).json()
        run_jobs(session_factory)
        self.override = self.a.post("/api/forecasts/overrides", json={
            "product_id": self.product["id"], "start_date": "2024-01-02", "end_date": "2024-01-05",
            "quantity": "4", "reason": "A의 행사"}).json()
        self.po = order_for(self.a, self.supplier["id"], self.product["id"], "sent", quantity=4)
        self.policy_override = self.a.put("/api/planning/policy/overrides", json={
            "scope": "category", "category": self.category, "service_level": 0.99}).json()
        self.a_skus = {self.product["master_sku"], self.set["master_sku"]}
        self.a_product_ids = {self.product["id"], self.set["id"]}

        self.b, self.b_me = signup(app)
        self.b_product = create_product(self.b)
        self.b_set = create_product(self.b, kind="set")
        self.b_ids = {self.b_product["id"], self.b_set["id"]}  # every product B makes

    def assert_hidden(self, method: str, template: str, a_id: int, **kwargs) -> None:
        """B gets the same answer for A's object as for an id that does not exist."""
        theirs = self.b.request(method, template.format(a_id), **kwargs)
        missing = self.b.request(method, template.format(MISSING), **kwargs)
        assert theirs.status_code in (403, 404), (template, theirs.status_code, theirs.text)
        assert theirs.status_code == missing.status_code and error_of(theirs) == error_of(missing)
        assert theirs.json()["detail"] == missing.json()["detail"]

    def b_text(self, path: str, **params) -> str:
        r = self.b.get(path, params=params)
        assert r.status_code == 200, (path, r.text)
        return r.text


def upload(rows):
    return {"file": ("products.xlsx", workbook_bytes(rows), XLSX_TYPE)}


# --- one check per route ----------------------------------------------------------------------

def health(w):
    assert w.b.get("/api/health").json() == {"status": "ok"}


def signup_(w):
    c, me = signup(w.app)
    assert me["tenant"]["id"] not in (w.a_me["tenant"]["id"], w.b_me["tenant"]["id"])
    assert c.get("/api/products").json()["total"] == 0
    r = c.post("/api/auth/signup", json={"tenant_name": "x", "email": w.a_me["email"], "password": PASSWORD})
    assert r.status_code == 409  # e-mail addresses are global; nothing of A is returned
    assert set(r.json()) == {"error", "detail"}


def login_(w):
    c, r = login(w.app, w.b_me["email"])
    assert r.json()["tenant"]["id"] == w.b_me["tenant"]["id"]


def logout(w):
    c, _ = login(w.app, w.b_me["email"])
    assert c.post("/api/auth/logout").status_code == 204
    assert w.a.get("/api/auth/me").status_code == 200


def me(w):
    assert w.b.get("/api/auth/me").json()["tenant"] == w.b_me["tenant"]


def password(w):
    r = w.b.post("/api/auth/password", json={"current_password": "wrong-password-1",
                                             "new_password": "another-password-1"})
    assert r.status_code == 400


def language(w):
    assert w.b.put("/api/auth/language", json={"language": "en"}).status_code == 200


def list_members(w):
    ids = {m["id"] for m in w.b.get("/api/members").json()}
    assert ids == {w.b_me["id"]}


def create_member_(w):
    r = w.b.post("/api/members", json={"email": f"{unique('b')}@b.example", "role": "owner", "password": PASSWORD})
    assert r.status_code == 201
    assert r.json()["id"] not in {m["id"] for m in w.a.get("/api/members").json()}


def update_member(w):
    w.assert_hidden("PATCH", "/api/members/{}", w.member["id"], json={"role": "owner"})
    w.assert_hidden("PATCH", "/api/members/{}", w.a_me["id"], json={"is_active": False})


def get_settings(w):
    assert w.b.get("/api/settings").json()["name"] == w.b_me["tenant"]["name"]


def update_settings(w):
    r = w.b.patch("/api/settings", json={"allow_negative_stock": True, "name": "B renamed"})
    assert r.status_code == 200


def list_products(w):
    body = w.b.get("/api/products", params={"page_size": 500}).json()
    assert {p["id"] for p in body["items"]} == w.b_ids and body["total"] == len(w.b_ids)
    body = w.b.get("/api/products", params={"q": w.product["master_sku"]}).json()
    assert [p["id"] for p in body["items"]] == [w.b_copy]  # B's own product with the same SKU only
    for field, value in (("category", w.category), ("supplier_id", w.supplier["id"])):
        body = w.b.get("/api/products", params={field: value}).json()
        assert body["total"] == 0 and body["items"] == [], field


def create_product_(w):
    r = w.b.post("/api/products", json={"master_sku": w.product["master_sku"], "name": "B's own"})
    assert r.status_code == 201  # master SKUs are unique per tenant only
    w.b_copy = r.json()["id"]
    w.b_ids.add(w.b_copy)
    r = w.b.post("/api/products", json={"master_sku": unique("B"), "name": "x", "supplier_id": w.supplier["id"]})
    assert r.status_code == 404 and error_of(r) == "not_found"


def export(w):
    r = w.b.get("/api/products/export.xlsx")
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    names = {cell for row in rows for cell in row}
    assert not (names & {w.product["name"], w.category, w.supplier["name"], w.set["master_sku"]})


def import_(w):
    r = w.b.post("/api/products/import", files=upload([[unique("B-IMP"), None, "B 가져오기"]]))
    assert r.status_code == 202
    w.b_job = r.json()["id"]


def get_product(w):
    w.assert_hidden("GET", "/api/products/{}", w.product["id"])


def update_product(w):
    w.assert_hidden("PATCH", "/api/products/{}", w.product["id"], json={"name": "hijacked"})
    w.assert_hidden("PATCH", "/api/products/{}", w.set["id"], json={"kind": "single"})


def delete_product(w):
    w.assert_hidden("DELETE", "/api/products/{}", w.product["id"])


def set_components(w):
    w.assert_hidden("PUT", "/api/products/{}/components", w.set["id"], json=[])
    r = w.b.put(f"/api/products/{w.b_set['id']}/components", json=[{"component_id": w.product["id"], "quantity": 1}])
    assert r.status_code in (400, 404) and error_of(r) in ("unknown_component", "not_found")
    assert w.b.get(f"/api/products/{w.b_set['id']}").json()["components"] == []


def categories(w):
    assert w.category not in w.b.get("/api/categories").json()


def list_suppliers(w):
    assert w.supplier["id"] not in {s["id"] for s in w.b.get("/api/suppliers").json()}


def create_supplier_(w):
    r = w.b.post("/api/suppliers", json={"name": w.supplier["name"]})
    assert r.status_code == 201  # supplier names are unique per tenant only


def get_supplier(w):
    w.assert_hidden("GET", "/api/suppliers/{}", w.supplier["id"])


def update_supplier(w):
    w.assert_hidden("PATCH", "/api/suppliers/{}", w.supplier["id"], json={"name": "hijacked"})


def delete_supplier(w):
    w.assert_hidden("DELETE", "/api/suppliers/{}", w.supplier["id"])


def list_channel_skus(w):
    assert w.b.get("/api/channel-skus").json() == []
    assert w.b.get("/api/channel-skus", params={"product_id": w.product["id"]}).json() == []


def create_channel_sku(w):
    body = {"channel": "coupang", "channel_sku": w.mapping["channel_sku"]}
    r = w.b.post("/api/channel-skus", json={**body, "product_id": w.product["id"]})
    assert r.status_code == 404 and error_of(r) == "not_found"
    r = w.b.post("/api/channel-skus", json={**body, "product_id": w.b_product["id"]})
    assert r.status_code == 201  # the same channel code in another tenant is not a duplicate


def delete_channel_sku(w):
    w.assert_hidden("DELETE", "/api/channel-skus/{}", w.mapping["id"])


def balances(w):
    items = w.b.get("/api/stock/balances", params={"page_size": 500}).json()["items"]
    assert items and {b["product_id"] for b in items} <= w.b_ids
    body = w.b.get("/api/stock/balances", params={"q": w.product["master_sku"]}).json()
    assert [b["product_id"] for b in body["items"]] == [w.b_copy] and body["items"][0]["on_hand"] == 0
    assert w.b.get("/api/stock/balances", params={"category": w.category}).json()["total"] == 0


def record_movement(w):
    for reason in ("inbound", "outbound", "adjustment", "stock_count"):
        r = move(w.b, w.product["id"], reason, 1, note="x")
        assert r.status_code == 404 and error_of(r) == "not_found", reason
    r = move(w.b, w.set["id"], "outbound", 1)
    assert r.status_code == 404


def list_movements(w):
    body = w.b.get("/api/stock/movements", params={"page_size": 500}).json()
    assert not ({m["product_id"] for m in body["items"]} & w.a_product_ids)
    for field, value in (("product_id", w.product["id"]), ("actor_id", w.a_me["id"])):
        assert w.b.get("/api/stock/movements", params={field: value}).json()["total"] == 0


def undo(w):
    w.assert_hidden("POST", "/api/stock/movements/{}/undo", w.movement["id"], json={})


def lots(w):
    assert w.b.get("/api/stock/lots").json() == []
    assert w.b.get("/api/stock/lots", params={"product_id": w.product["id"]}).json() == []


def audit(w):
    body = w.b.get("/api/audit", params={"page_size": 500}).json()
    a_users = {w.a_me["id"], w.member["id"]}
    assert body["total"] > 0 and not any(e["actor"] and e["actor"]["id"] in a_users for e in body["items"])
    assert w.b.get("/api/audit", params={"actor_id": w.a_me["id"]}).json()["total"] == 0
    assert not any(sku in w.b_text("/api/audit", page_size=500) for sku in w.a_skus - {w.product["master_sku"]})


def list_jobs(w):
    ids = {j["id"] for j in w.b.get("/api/jobs").json()}
    assert w.job["id"] not in ids and w.b_job in ids


def get_job(w):
    w.assert_hidden("GET", "/api/jobs/{}", w.job["id"])


def list_uploads(w):
    assert w.b.get("/api/uploads").json()["total"] == 0


def create_upload(w):
    """The same file in B goes to B's own product of that SKU; it is not "already applied"."""
    sales = f"날짜,상품코드,수량\n2024-01-01,{w.product['master_sku']},3\n".encode()
    r = w.b.post("/api/uploads", files={"file": ("a-sales.csv", sales)})
    assert r.status_code == 202
    run_jobs(w.session_factory)
    report = w.b.get(f"/api/uploads/{r.json()['id']}").json()["report"]
    assert next(x for x in report["rules"] if x["id"] == "already_applied")["count"] == 0
    assert w.b.get(f"/api/uploads/{r.json()['id']}").json()["already_applied_as"] is None
    assert w.b.post(f"/api/uploads/{r.json()['id']}/apply").status_code == 202
    run_jobs(w.session_factory)
    assert w.b.get(f"/api/uploads/{r.json()['id']}").json()["status"] == "applied"


def upload_fields(w):
    assert w.b.get("/api/uploads/fields").status_code == 200


def stock_template(w):
    rows = load_workbook(io.BytesIO(w.b.get("/api/uploads/template.xlsx").content)).worksheets[0].iter_rows(
        values_only=True)
    # B has a product of its own with A's first SKU (create_product_), so only the set's SKU can tell
    assert not ({cell for row in rows for cell in row} & {w.set["master_sku"], w.product["name"]})


def upload_routes(w):
    upload_id = w.upload["id"]
    for method, template, kwargs in (
        ("GET", "/api/uploads/{}", {}), ("PUT", "/api/uploads/{}/mapping", {"json": {"kind": "sales", "columns": {}}}),
        ("PUT", "/api/uploads/{}/actions", {"json": {"actions": {}}}), ("POST", "/api/uploads/{}/apply", {}),
        ("POST", "/api/uploads/{}/undo", {}), ("DELETE", "/api/uploads/{}", {}),
        ("GET", "/api/uploads/{}/report.json", {}), ("GET", "/api/uploads/{}/report.xlsx", {}),
        ("GET", "/api/uploads/{}/original", {}),
    ):
        w.assert_hidden(method, template, upload_id, **kwargs)


def demand(w):
    w.assert_hidden("GET", "/api/products/{}/demand", w.product["id"])


def forecast_runs(w):
    assert w.run["id"] not in [r["id"] for r in w.b.get("/api/forecasts/runs").json()["items"]]
    r = w.b.post("/api/forecasts/runs", json={"horizon": 7})
    if r.status_code == 400:  # B has no sales of its own yet: A's do not count
        assert error_of(r) == "no_sales_history"
        return
    assert r.status_code == 202, r.text
    run_jobs(w.session_factory)
    items = w.b.get("/api/forecasts/products").json()["items"]
    assert not {i["product_id"] for i in items} & w.a_product_ids  # only B's own products


def forecast_run(w):
    w.assert_hidden("GET", "/api/forecasts/runs/{}", w.run["id"])
    w.assert_hidden("GET", "/api/forecasts/accuracy?level=product&run_id={}", w.run["id"])


def forecast_lists(w):
    for path in ("/api/forecasts/products", "/api/forecasts/categories"):
        r = w.b.get(path, params={"page_size": 500})
        if r.status_code == 404:
            assert error_of(r) == "no_forecast"  # B has no forecast; A's is not shown
        else:
            assert not {i["product_id"] for i in r.json()["items"]} & w.a_product_ids
            assert w.category not in r.text
    assert w.run["id"] not in [a["run_id"] for a in w.b.get("/api/forecasts/accuracy").json()]
    assert w.b.get("/api/forecasts/overrides").json() == []
    assert w.b.get("/api/forecasts/overrides", params={"product_id": w.product["id"]}).json() == []


def forecast_details(w):
    w.assert_hidden("GET", "/api/forecasts/products/{}", w.product["id"])
    theirs = w.b.get(f"/api/forecasts/categories/{w.category}")
    assert theirs.status_code == 404 and w.category not in theirs.text  # A's category name is A's alone


def forecast_overrides(w):
    body = {"start_date": "2024-01-02", "end_date": "2024-01-03", "quantity": "1", "reason": "B"}
    theirs = w.b.post("/api/forecasts/overrides", json={**body, "product_id": w.product["id"]})
    missing = w.b.post("/api/forecasts/overrides", json={**body, "product_id": MISSING})
    assert theirs.status_code == missing.status_code == 404
    assert (error_of(theirs), theirs.json()["detail"]) == (error_of(missing), missing.json()["detail"])
    w.assert_hidden("POST", "/api/forecasts/overrides/{}/withdraw", w.override["id"])


def purchase_orders(w):
    assert w.po["id"] not in {po["id"] for po in w.b.get("/api/purchase-orders", params={"page_size": 500}).json()["items"]}
    for params in ({"supplier_id": w.supplier["id"]}, {"q": w.po["po_number"]}, {"late": False}, {"status": "sent"}):
        items = w.b.get("/api/purchase-orders", params=params).json()["items"]
        assert w.po["id"] not in {po["id"] for po in items} and w.supplier["name"] not in str(items), params


def create_purchase_order(w):
    """A's supplier or product in B's order: the same answer as for ones that do not exist."""
    b_supplier = create_supplier(w.b)
    line = {"product_id": w.b_product["id"], "quantity": 1}
    for theirs, missing in (
        ({"supplier_id": w.supplier["id"], "lines": [line]}, {"supplier_id": MISSING, "lines": [line]}),
        ({"supplier_id": b_supplier["id"], "lines": [{"product_id": w.product["id"], "quantity": 1}]},
         {"supplier_id": b_supplier["id"], "lines": [{"product_id": MISSING, "quantity": 1}]}),
    ):
        a, m = w.b.post("/api/purchase-orders", json=theirs), w.b.post("/api/purchase-orders", json=missing)
        assert a.status_code == m.status_code == 404 and a.json() == {**m.json(), "entity_id": a.json()["entity_id"]}
    r = w.b.post("/api/purchase-orders", json={"supplier_id": b_supplier["id"], "lines": [line]})
    assert r.status_code == 201  # numbers are per tenant: B's may equal A's
    w.b_po = r.json()
    # A's line or product on B's own draft is unknown, like a missing one
    for field, a_id in (("update", w.po["lines"][0]["id"]), ("remove", w.po["lines"][0]["id"])):
        items = (lambda i: [{"line_id": i, "quantity": 1}]) if field == "update" else (lambda i: [i])
        theirs = w.b.patch(f"/api/purchase-orders/{w.b_po['id']}/lines", json={"reason": "x", field: items(a_id)})
        missing = w.b.patch(f"/api/purchase-orders/{w.b_po['id']}/lines", json={"reason": "x", field: items(MISSING)})
        assert theirs.status_code == missing.status_code == 400 and error_of(theirs) == error_of(missing) == "unknown_line"
    add = {"reason": "x", "add": [{"product_id": w.product["id"], "quantity": 1}]}
    assert w.b.patch(f"/api/purchase-orders/{w.b_po['id']}/lines", json=add).status_code == 404


def purchase_order_routes(w):
    line = w.po["lines"][0]["id"]
    for method, template, kwargs in (
        ("GET", "/api/purchase-orders/{}", {}), ("GET", "/api/purchase-orders/{}/export.xlsx", {}),
        ("PATCH", "/api/purchase-orders/{}/lines", {"json": {"reason": "x", "update": [{"line_id": line, "quantity": 9}]}}),
        ("POST", "/api/purchase-orders/{}/approve", {"json": {}}), ("POST", "/api/purchase-orders/{}/send", {"json": {}}),
        ("POST", "/api/purchase-orders/{}/receive", {"json": {"lines": [{"line_id": line, "quantity": 1}]}}),
        ("POST", "/api/purchase-orders/{}/close", {"json": {}}),
        ("POST", "/api/purchase-orders/{}/cancel", {"json": {"reason": "x"}}),
    ):
        w.assert_hidden(method, template, w.po["id"], **kwargs)


def purchase_order_exports(w):
    w.assert_hidden("GET", "/api/purchase-orders/export.xlsx?ids={}", w.po["id"])
    r = w.b.get("/api/purchase-orders/export.xlsx", params={"supplier_id": w.supplier["id"]})
    assert r.status_code == 400 and error_of(r) == "nothing_to_export"
    book = load_workbook(io.BytesIO(w.b.get("/api/purchase-orders/export.xlsx").content))
    cells = {cell for ws in book.worksheets for row in ws.iter_rows(values_only=True) for cell in row}
    assert not (cells & {w.supplier["name"], w.product["name"]})


def receipt_reversal(w):
    """A's order and receipt, B's receipt on A's order, A's receipt on B's order: all like missing ones."""
    b_supplier = create_supplier(w.b)
    b_po = order_for(w.b, b_supplier["id"], w.b_product["id"], "received", quantity=1)
    a_receipt = w.a.get(f"/api/purchase-orders/{w.po['id']}").json()["receipts"]
    a_movement = a_receipt[0]["movement_id"] if a_receipt else w.movement["id"]
    b_movement = b_po["receipts"][0]["movement_id"]
    body = {"json": {"reason": "B"}}
    path = "/api/purchase-orders/{}/receipts/{}/reverse"
    missing = w.b.post(path.format(MISSING, MISSING), **body)
    for po_id, movement_id in ((w.po["id"], a_movement), (w.po["id"], b_movement), (b_po["id"], a_movement)):
        theirs = w.b.post(path.format(po_id, movement_id), **body)
        assert theirs.status_code == 404, (po_id, movement_id, theirs.text)
        assert error_of(theirs) == error_of(missing) == "not_found"
    assert w.b.get(f"/api/purchase-orders/{b_po['id']}").json()["status"] == "received"


def on_order(w):
    assert {row["product_id"] for row in w.b.get("/api/purchase-orders/on-order").json()} <= w.b_ids
    assert w.b.get("/api/purchase-orders/on-order", params={"product_id": w.product["id"]}).json() == []


def planning_policy(w):
    """A's product or category in B's overrides: like ones that do not exist; A's settings stay A's."""
    theirs = w.b.put("/api/planning/policy/overrides", json={"scope": "product", "product_id": w.product["id"],
                                                              "service_level": 0.9})
    missing = w.b.put("/api/planning/policy/overrides", json={"scope": "product", "product_id": MISSING,
                                                               "service_level": 0.9})
    assert theirs.status_code == missing.status_code == 404 and error_of(theirs) == error_of(missing)
    r = w.b.put("/api/planning/policy/overrides", json={"scope": "category", "category": w.category,
                                                         "service_level": 0.9})
    assert r.status_code == 400 and error_of(r) == "unknown_category"
    assert w.b.put("/api/planning/policy", json={"service_level": 0.8}).status_code == 200
    w.assert_hidden("DELETE", "/api/planning/policy/overrides/{}", w.policy_override["id"])
    assert w.category not in w.b_text("/api/planning/policy")


def recommendations(w):
    a_ids = {p["id"] for p in w.a.get("/api/products", params={"page_size": 500}).json()["items"]}
    rows = w.b.get("/api/planning/recommendations").json()["rows"]
    assert rows and not {r["product_id"] for r in rows} & a_ids
    for params in ({"supplier_id": w.supplier["id"]}, {"category": w.category}, {"q": w.product["master_sku"]}):
        rows = w.b.get("/api/planning/recommendations", params=params).json()["rows"]
        assert not {r["product_id"] for r in rows} & a_ids, params  # (B may have a SKU equal to A's)
    theirs = w.b.post("/api/planning/recommendations/drafts", json={"items": [{"product_id": w.product["id"]}]})
    missing = w.b.post("/api/planning/recommendations/drafts", json={"items": [{"product_id": MISSING}]})
    assert theirs.status_code == missing.status_code == 404 and theirs.json()["detail"] == missing.json()["detail"]


CHECKS = {
    ("GET", "/api/health"): health,
    ("POST", "/api/auth/signup"): signup_,
    ("POST", "/api/auth/login"): login_,
    ("POST", "/api/auth/logout"): logout,
    ("GET", "/api/auth/me"): me,
    ("POST", "/api/auth/password"): password,
    ("PUT", "/api/auth/language"): language,
    ("GET", "/api/members"): list_members,
    ("POST", "/api/members"): create_member_,
    ("PATCH", "/api/members/{member_id}"): update_member,
    ("GET", "/api/settings"): get_settings,
    ("PATCH", "/api/settings"): update_settings,
    ("POST", "/api/products"): create_product_,
    ("GET", "/api/products"): list_products,
    ("GET", "/api/products/export.xlsx"): export,
    ("POST", "/api/products/import"): import_,
    ("GET", "/api/products/{product_id}"): get_product,
    ("PATCH", "/api/products/{product_id}"): update_product,
    ("DELETE", "/api/products/{product_id}"): delete_product,
    ("PUT", "/api/products/{product_id}/components"): set_components,
    ("GET", "/api/categories"): categories,
    ("GET", "/api/suppliers"): list_suppliers,
    ("POST", "/api/suppliers"): create_supplier_,
    ("GET", "/api/suppliers/{supplier_id}"): get_supplier,
    ("PATCH", "/api/suppliers/{supplier_id}"): update_supplier,
    ("DELETE", "/api/suppliers/{supplier_id}"): delete_supplier,
    ("GET", "/api/channel-skus"): list_channel_skus,
    ("POST", "/api/channel-skus"): create_channel_sku,
    ("DELETE", "/api/channel-skus/{mapping_id}"): delete_channel_sku,
    ("GET", "/api/stock/balances"): balances,
    ("POST", "/api/stock/movements"): record_movement,
    ("GET", "/api/stock/movements"): list_movements,
    ("POST", "/api/stock/movements/{movement_id}/undo"): undo,
    ("GET", "/api/stock/lots"): lots,
    ("GET", "/api/audit"): audit,
    ("GET", "/api/jobs"): list_jobs,
    ("GET", "/api/jobs/{job_id}"): get_job,
    ("GET", "/api/uploads"): list_uploads,
    ("POST", "/api/uploads"): create_upload,
    ("GET", "/api/uploads/fields"): upload_fields,
    ("GET", "/api/uploads/template.xlsx"): stock_template,
    **{(method, path): upload_routes for method, path in (
        ("GET", "/api/uploads/{upload_id}"), ("PUT", "/api/uploads/{upload_id}/mapping"),
        ("PUT", "/api/uploads/{upload_id}/actions"), ("POST", "/api/uploads/{upload_id}/apply"),
        ("POST", "/api/uploads/{upload_id}/undo"), ("DELETE", "/api/uploads/{upload_id}"),
        ("GET", "/api/uploads/{upload_id}/report.json"), ("GET", "/api/uploads/{upload_id}/report.xlsx"),
        ("GET", "/api/uploads/{upload_id}/original"))},
    ("GET", "/api/products/{product_id}/demand"): demand,
    ("POST", "/api/forecasts/runs"): forecast_runs,
    ("GET", "/api/forecasts/runs"): forecast_runs,
    ("GET", "/api/forecasts/runs/{run_id}"): forecast_run,
    ("GET", "/api/forecasts/accuracy"): forecast_run,
    ("GET", "/api/forecasts/products"): forecast_lists,
    ("GET", "/api/forecasts/categories"): forecast_lists,
    ("GET", "/api/forecasts/overrides"): forecast_lists,
    ("GET", "/api/forecasts/products/{product_id}"): forecast_details,
    ("GET", "/api/forecasts/categories/{category}"): forecast_details,
    ("POST", "/api/forecasts/overrides"): forecast_overrides,
    ("POST", "/api/forecasts/overrides/{override_id}/withdraw"): forecast_overrides,
    ("GET", "/api/purchase-orders"): purchase_orders,
    ("POST", "/api/purchase-orders"): create_purchase_order,
    **{(method, path): purchase_order_routes for method, path in (
        ("GET", "/api/purchase-orders/{po_id}"), ("GET", "/api/purchase-orders/{po_id}/export.xlsx"),
        ("PATCH", "/api/purchase-orders/{po_id}/lines"), ("POST", "/api/purchase-orders/{po_id}/approve"),
        ("POST", "/api/purchase-orders/{po_id}/send"), ("POST", "/api/purchase-orders/{po_id}/receive"),
        ("POST", "/api/purchase-orders/{po_id}/close"), ("POST", "/api/purchase-orders/{po_id}/cancel"))},
    ("POST", "/api/purchase-orders/{po_id}/receipts/{movement_id}/reverse"): receipt_reversal,
    ("GET", "/api/purchase-orders/export.xlsx"): purchase_order_exports,
    ("GET", "/api/purchase-orders/on-order"): on_order,
    **{(method, path): planning_scenarios for method, path in (
        ("POST", "/api/planning/scenarios"), ("GET", "/api/planning/scenarios/latest"),
        ("POST", "/api/planning/what-if"), ("GET", "/api/planning/human-ai"))},
    ("GET", "/api/planning/policy"): planning_policy,
    ("PUT", "/api/planning/policy"): planning_policy,
    ("PUT", "/api/planning/policy/overrides"): planning_policy,
    ("DELETE", "/api/planning/policy/overrides/{override_id}"): planning_policy,
    ("GET", "/api/planning/recommendations"): recommendations,
    ("POST", "/api/planning/recommendations/drafts"): recommendations,
}


def test_the_isolation_table_covers_every_route():
    assert api_operations() == set(CHECKS)


def test_another_tenant_sees_and_changes_nothing(app, session_factory):
    w = World(app, session_factory)
    for check in dict.fromkeys(CHECKS.values()):
        check(w)

    # Tenant A is exactly as it was.
    product = w.a.get(f"/api/products/{w.product['id']}").json()
    assert product["name"] == w.product["name"] and product["supplier_id"] == w.supplier["id"]
    assert product["on_hand"] == 7 and product["channel_skus"] == [
        {"id": w.mapping["id"], "channel": "coupang", "channel_sku": w.mapping["channel_sku"]}]
    assert w.a.get(f"/api/products/{w.set['id']}").json()["components"][0]["component_id"] == w.product["id"]
    assert w.a.get(f"/api/suppliers/{w.supplier['id']}").json()["name"] == w.supplier["name"]
    assert w.a.get("/api/stock/movements").json()["items"][0]["undone"] is False
    assert len(w.a.get("/api/stock/lots").json()) == 1
    members = {m["id"]: m for m in w.a.get("/api/members").json()}
    assert set(members) == {w.a_me["id"], w.member["id"]}
    assert members[w.member["id"]]["role"] == "staff" and members[w.a_me["id"]]["is_active"]
    assert w.a.get("/api/settings").json() == {"name": w.a_me["tenant"]["name"], "allow_negative_stock": False,
                                               "default_language": "ko", "timezone": "Asia/Seoul",
                                               "forecast_nightly": True, "retrain_margin": 0.25}
    assert w.a.get("/api/auth/me").json()["language"] == "ko"
    assert w.job["id"] in [j["id"] for j in w.a.get("/api/jobs").json()]
    assert w.a.get(f"/api/uploads/{w.upload['id']}").json()["status"] == "applied"
    assert [d["quantity"] for d in w.a.get(f"/api/products/{w.product['id']}/demand").json()] == [3]
    assert w.a.get("/api/audit", params={"actor_id": w.b_me["id"]}).json()["total"] == 0
    runs = w.a.get("/api/forecasts/runs").json()["items"]
    assert [(r["id"], r["status"]) for r in runs] == [(w.run["id"], "succeeded")]
    overrides = w.a.get("/api/forecasts/overrides").json()
    assert [(o["id"], o["withdrawn_at"]) for o in overrides] == [(w.override["id"], None)]
    assert w.a.get(f"/api/forecasts/products/{w.product['id']}").json()["row"]["overridden"]
    po = w.a.get(f"/api/purchase-orders/{w.po['id']}").json()
    assert (po["status"], po["version"], po["changes"], po["receipts"]) == ("sent", w.po["version"], [], [])
    assert [(x["quantity"], x["received_quantity"]) for x in po["lines"]] == [(4, 0)]
    assert {row["product_id"]: row["quantity"] for row in w.a.get("/api/purchase-orders/on-order").json()} == {
        w.product["id"]: 4}
    policy = w.a.get("/api/planning/policy").json()
    assert policy["defaults"]["service_level"] == 0.95
    assert [(o["id"], o["service_level"]) for o in policy["overrides"]] == [(w.policy_override["id"], 0.99)]
