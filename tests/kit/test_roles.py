"""Which roles may call which route: one table for the whole API, checked against the OpenAPI
document so that a new route cannot be added without deciding who may call it."""

from __future__ import annotations

from tests.factories import PASSWORD, create_product, create_supplier, move
from tests.ingest.support import run_jobs
from tests.kit.support import ROLES, error_of, tenant_with_roles, unique, workbook_bytes
from tests.planning.purchase_orders.support import order_for
from tests.planning.scenarios import support as scenarios

ANY = frozenset(ROLES)
OPERATE = frozenset({"owner", "manager", "staff"})
MANAGE = frozenset({"owner", "manager"})
OWNER = frozenset({"owner"})
PUBLIC = {("GET", "/api/health"), ("POST", "/api/auth/signup"), ("POST", "/api/auth/login")}


class Ctx:
    """Objects of the tenant, made by its owner; `fresh_*` make a new one for each call."""

    def __init__(self, owner, me, session_factory):
        self.owner = owner
        self.session_factory = session_factory
        self.owner_id = me["id"]
        self.supplier = create_supplier(owner)["id"]
        self.product = create_product(owner)["id"]
        self.set = create_product(owner, kind="set")["id"]
        self.member = owner.post("/api/members", json={"email": f"{unique('target')}@x.example",
                                                        "role": "viewer", "password": PASSWORD}).json()["id"]
        self.job = owner.post("/api/products/import", files=_xlsx_upload()).json()["id"]
        self.upload = self.fresh_upload()
        self.run = self._forecast()
        self.po = order_for(owner, self.supplier, self.product)

    def _forecast(self) -> int:
        """A finished forecast run over a month of the product's sales (applied from a file)."""
        sku = self.owner.get(f"/api/products/{self.product}").json()["master_sku"]
        lines = "".join(f"2024-01-{d:02d},{sku},{d % 4}\n" for d in range(1, 32))
        upload_id = self.owner.post("/api/uploads", files={"file": ("s.csv", f"날짜,상품코드,수량\n{lines}".encode())}).json()["id"]
        run_jobs(self.session_factory)
        assert self.owner.post(f"/api/uploads/{upload_id}/apply").status_code == 202
        run_jobs(self.session_factory)
        run = self.owner.post("/api/forecasts/runs", json={"horizon": 7}).json()
        run_jobs(self.session_factory)
        return run["id"]

    def run_request(self):
        """A run can start only when none is going: finish the previous caller's first."""
        run_jobs(self.session_factory)
        return {"json": {"horizon": 7}}

    def override_body(self):
        return {"json": {"product_id": self.product, "start_date": "2024-02-01", "end_date": "2024-02-03",
                         "quantity": "2", "reason": unique("행사")}}

    def fresh_override(self):
        return self.owner.post("/api/forecasts/overrides", **self.override_body()).json()["id"]

    def fresh_upload(self, apply: bool = False):
        """A sales file analysed by the worker (and applied, if asked)."""
        upload_id = self.owner.post("/api/uploads", files=_csv_upload()).json()["id"]
        run_jobs(self.session_factory)
        if apply:
            assert self.owner.post(f"/api/uploads/{upload_id}/apply").status_code == 202
            run_jobs(self.session_factory)
        return upload_id

    def fresh_product(self):
        return create_product(self.owner)["id"]

    def fresh_supplier(self):
        return create_supplier(self.owner)["id"]

    def fresh_mapping(self):
        r = self.owner.post("/api/channel-skus", json={"channel": "coupang", "channel_sku": unique("CP"),
                                                       "product_id": self.product})
        return r.json()["id"]

    def fresh_movement(self):
        return move(self.owner, self.product, "inbound", 1).json()[0]["id"]

    def fresh_po(self, status: str = "draft"):
        return order_for(self.owner, self.supplier, self.product, status)

    def po_body(self):
        return {"json": {"supplier_id": self.supplier, "lines": [{"product_id": self.product, "quantity": 1}]}}

    def po_request(self, status: str, **body):
        return {"po_id": self.fresh_po(status)["id"], "json": body}

    def receipt(self):
        po = self.fresh_po("sent")
        return {"po_id": po["id"], "json": {"lines": [{"line_id": po["lines"][0]["id"], "quantity": 1}]}}

    def fresh_policy_override(self):
        r = self.owner.put("/api/planning/policy/overrides", json={
            "scope": "product", "product_id": self.fresh_product(), "review_period_days": 3})
        return r.json()["id"]

    def drafts_request(self):
        """A product with a supplier, a lead time and a manual safety stock: 5 to order now."""
        product = create_product(self.owner, supplier_id=self.supplier, lead_time_days=3, safety_stock=5)
        return {"json": {"items": [{"product_id": product["id"]}]}}

    def reversal(self):
        po = self.fresh_po("received")
        return {"po_id": po["id"], "movement_id": po["receipts"][0]["movement_id"], "json": {"reason": unique("정정")}}

    def line_edit(self):
        line = self.po["lines"][0]["id"]
        return {"po_id": self.po["id"], "json": {"reason": unique("역할"), "update": [{"line_id": line, "quantity": 3}]}}


def _csv_upload():
    content = f"날짜,상품코드,수량\n2024-01-01,{unique('U')},3\n".encode()
    return {"file": ("sales.csv", content, "text/csv")}


def _xlsx_upload():
    content = workbook_bytes([[unique("IMP"), None, "가져오기 상품"]])
    return {"file": ("products.xlsx", content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}


# (method, path) -> (roles allowed, status an allowed role gets, request(ctx) -> path params and body)
ROUTES = {
    ("GET", "/api/auth/me"): (ANY, 200, lambda c: {}),
    ("POST", "/api/auth/password"): (ANY, 400, lambda c: {"json": {"current_password": "not-the-password",
                                                                  "new_password": "another-password-1"}}),
    ("PUT", "/api/auth/language"): (ANY, 200, lambda c: {"json": {"language": "ko"}}),
    ("GET", "/api/members"): (OWNER, 200, lambda c: {}),
    ("POST", "/api/members"): (OWNER, 201, lambda c: {"json": {
        "email": f"{unique('new')}@x.example", "role": "staff", "password": PASSWORD}}),
    ("PATCH", "/api/members/{member_id}"): (OWNER, 200, lambda c: {"member_id": c.member,
                                                                   "json": {"name": unique("name")}}),
    ("GET", "/api/settings"): (ANY, 200, lambda c: {}),
    ("PATCH", "/api/settings"): (OWNER, 200, lambda c: {"json": {"name": unique("tenant")}}),
    ("GET", "/api/products"): (ANY, 200, lambda c: {}),
    ("POST", "/api/products"): (MANAGE, 201, lambda c: {"json": {"master_sku": unique("R"), "name": "역할"}}),
    ("GET", "/api/products/export.xlsx"): (ANY, 200, lambda c: {}),
    ("POST", "/api/products/import"): (MANAGE, 202, lambda c: {"files": _xlsx_upload()}),
    ("GET", "/api/products/{product_id}"): (ANY, 200, lambda c: {"product_id": c.product}),
    ("PATCH", "/api/products/{product_id}"): (MANAGE, 200, lambda c: {"product_id": c.product,
                                                                      "json": {"name": unique("name")}}),
    ("DELETE", "/api/products/{product_id}"): (MANAGE, 204, lambda c: {"product_id": c.fresh_product()}),
    ("PUT", "/api/products/{product_id}/components"): (MANAGE, 200, lambda c: {
        "product_id": c.set, "json": [{"component_id": c.product, "quantity": 2}]}),
    ("GET", "/api/categories"): (ANY, 200, lambda c: {}),
    ("GET", "/api/suppliers"): (ANY, 200, lambda c: {}),
    ("POST", "/api/suppliers"): (MANAGE, 201, lambda c: {"json": {"name": unique("공급")}}),
    ("GET", "/api/suppliers/{supplier_id}"): (ANY, 200, lambda c: {"supplier_id": c.supplier}),
    ("PATCH", "/api/suppliers/{supplier_id}"): (MANAGE, 200, lambda c: {"supplier_id": c.supplier,
                                                                        "json": {"notes": unique("n")}}),
    ("DELETE", "/api/suppliers/{supplier_id}"): (MANAGE, 204, lambda c: {"supplier_id": c.fresh_supplier()}),
    ("GET", "/api/channel-skus"): (ANY, 200, lambda c: {}),
    ("POST", "/api/channel-skus"): (MANAGE, 201, lambda c: {"json": {
        "channel": "smartstore", "channel_sku": unique("SS"), "product_id": c.product}}),
    ("DELETE", "/api/channel-skus/{mapping_id}"): (MANAGE, 204, lambda c: {"mapping_id": c.fresh_mapping()}),
    ("GET", "/api/stock/balances"): (ANY, 200, lambda c: {}),
    ("GET", "/api/stock/movements"): (ANY, 200, lambda c: {}),
    ("POST", "/api/stock/movements"): (OPERATE, 201, lambda c: {"json": {
        "product_id": c.product, "reason": "inbound", "quantity": 1}}),
    ("POST", "/api/stock/movements/{movement_id}/undo"): (OPERATE, 201, lambda c: {
        "movement_id": c.fresh_movement(), "json": {}}),
    ("GET", "/api/stock/lots"): (ANY, 200, lambda c: {}),
    ("GET", "/api/audit"): (MANAGE, 200, lambda c: {}),
    ("GET", "/api/jobs"): (ANY, 200, lambda c: {}),
    ("GET", "/api/jobs/{job_id}"): (ANY, 200, lambda c: {"job_id": c.job}),
    ("GET", "/api/uploads"): (ANY, 200, lambda c: {}),
    ("POST", "/api/uploads"): (OPERATE, 202, lambda c: {"files": _csv_upload()}),
    ("GET", "/api/uploads/fields"): (ANY, 200, lambda c: {}),
    ("GET", "/api/uploads/template.xlsx"): (ANY, 200, lambda c: {}),
    ("GET", "/api/uploads/{upload_id}"): (ANY, 200, lambda c: {"upload_id": c.upload}),
    ("PUT", "/api/uploads/{upload_id}/mapping"): (OPERATE, 202, lambda c: {"upload_id": c.fresh_upload(), "json": {
        "kind": "sales", "columns": {"날짜": "date", "상품코드": "sku", "수량": "quantity"}}}),
    ("PUT", "/api/uploads/{upload_id}/actions"): (OPERATE, 202, lambda c: {
        "upload_id": c.fresh_upload(), "json": {"actions": {"outliers": "drop"}}}),
    ("POST", "/api/uploads/{upload_id}/apply"): (OPERATE, 202, lambda c: {"upload_id": c.fresh_upload()}),
    ("POST", "/api/uploads/{upload_id}/undo"): (OPERATE, 202, lambda c: {"upload_id": c.fresh_upload(apply=True)}),
    ("DELETE", "/api/uploads/{upload_id}"): (OPERATE, 204, lambda c: {"upload_id": c.fresh_upload()}),
    ("GET", "/api/uploads/{upload_id}/report.json"): (ANY, 200, lambda c: {"upload_id": c.upload}),
    ("GET", "/api/uploads/{upload_id}/report.xlsx"): (ANY, 200, lambda c: {"upload_id": c.upload}),
    ("GET", "/api/uploads/{upload_id}/original"): (OPERATE, 200, lambda c: {"upload_id": c.upload}),
    ("GET", "/api/products/{product_id}/demand"): (ANY, 200, lambda c: {"product_id": c.product}),
    ("POST", "/api/forecasts/runs"): (OPERATE, 202, lambda c: c.run_request()),
    ("GET", "/api/forecasts/runs"): (ANY, 200, lambda c: {}),
    ("GET", "/api/forecasts/runs/{run_id}"): (ANY, 200, lambda c: {"run_id": c.run}),
    ("GET", "/api/forecasts/products"): (ANY, 200, lambda c: {}),
    ("GET", "/api/forecasts/products/{product_id}"): (ANY, 200, lambda c: {"product_id": c.product}),
    ("GET", "/api/forecasts/categories"): (ANY, 200, lambda c: {}),
    ("GET", "/api/forecasts/categories/{category}"): (ANY, 200, lambda c: {"category": "주방용품"}),
    ("GET", "/api/forecasts/overrides"): (ANY, 200, lambda c: {}),
    ("POST", "/api/forecasts/overrides"): (OPERATE, 201, lambda c: c.override_body()),
    ("POST", "/api/forecasts/overrides/{override_id}/withdraw"): (OPERATE, 200, lambda c: {
        "override_id": c.fresh_override()}),
    ("GET", "/api/forecasts/accuracy"): (ANY, 200, lambda c: {}),
    ("GET", "/api/purchase-orders"): (ANY, 200, lambda c: {}),
    ("POST", "/api/purchase-orders"): (OPERATE, 201, lambda c: c.po_body()),
    ("GET", "/api/purchase-orders/on-order"): (ANY, 200, lambda c: {}),
    ("GET", "/api/purchase-orders/export.xlsx"): (ANY, 200, lambda c: {}),
    ("GET", "/api/purchase-orders/{po_id}"): (ANY, 200, lambda c: {"po_id": c.po["id"]}),
    ("GET", "/api/purchase-orders/{po_id}/export.xlsx"): (ANY, 200, lambda c: {"po_id": c.po["id"]}),
    ("PATCH", "/api/purchase-orders/{po_id}/lines"): (OPERATE, 200, lambda c: c.line_edit()),
    ("POST", "/api/purchase-orders/{po_id}/approve"): (MANAGE, 200, lambda c: c.po_request("draft")),
    ("POST", "/api/purchase-orders/{po_id}/send"): (OPERATE, 200, lambda c: c.po_request("approved")),
    ("POST", "/api/purchase-orders/{po_id}/receive"): (OPERATE, 200, lambda c: c.receipt()),
    ("POST", "/api/purchase-orders/{po_id}/close"): (OPERATE, 200, lambda c: c.po_request("received")),
    ("POST", "/api/purchase-orders/{po_id}/receipts/{movement_id}/reverse"): (OPERATE, 200, lambda c: c.reversal()),
    # a draft: cancelling after approval takes a manager (tests/planning/purchase_orders)
    ("POST", "/api/purchase-orders/{po_id}/cancel"): (OPERATE, 200, lambda c: c.po_request("draft", reason="역할")),
    ("GET", "/api/planning/policy"): (ANY, 200, lambda c: {}),
    ("PUT", "/api/planning/policy"): (MANAGE, 200, lambda c: {"json": {"review_period_days": 7}}),
    ("PUT", "/api/planning/policy/overrides"): (MANAGE, 200, lambda c: {"json": {
        "scope": "product", "product_id": c.product, "service_level": 0.97}}),
    ("DELETE", "/api/planning/policy/overrides/{override_id}"): (MANAGE, 204, lambda c: {
        "override_id": c.fresh_policy_override()}),
    ("GET", "/api/planning/recommendations"): (ANY, 200, lambda c: {}),
    ("POST", "/api/planning/recommendations/drafts"): (OPERATE, 201, lambda c: c.drafts_request()),
    ("POST", "/api/planning/scenarios"): (OPERATE, 202, lambda c: scenarios.scenario_request(c)),
    ("GET", "/api/planning/scenarios/latest"): (ANY, 200, lambda c: scenarios.latest_request(c)),
    ("POST", "/api/planning/what-if"): (ANY, 200, lambda c: scenarios.what_if_request(c)),
    ("GET", "/api/planning/human-ai"): (ANY, 200, lambda c: {}),
    # Last: it ends the caller's session.
    ("POST", "/api/auth/logout"): (ANY, 204, lambda c: {}),
}


def api_operations(app=None) -> set[tuple[str, str]]:
    """Every operation of the OpenAPI document (of an app without a database by default)."""
    if app is None:
        from sqlalchemy.orm import sessionmaker

        from smartstock.app import create_app

        app = create_app(session_factory=sessionmaker())
    return {
        (method.upper(), path)
        for path, item in app.openapi()["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    }


def still_there(owner, path: str) -> bool:
    if path.startswith("/api/channel-skus/"):
        return int(path.rsplit("/", 1)[1]) in {m["id"] for m in owner.get("/api/channel-skus").json()}
    if path.startswith("/api/planning/policy/overrides/"):
        overrides = owner.get("/api/planning/policy").json()["overrides"]
        return int(path.rsplit("/", 1)[1]) in {o["id"] for o in overrides}
    return owner.get(path).status_code == 200


def test_the_role_table_covers_every_route():
    assert api_operations() == set(ROUTES) | PUBLIC


def test_each_role_gets_exactly_the_routes_it_is_allowed(app, session_factory):
    clients, me = tenant_with_roles(app)
    ctx = Ctx(clients["owner"], me, session_factory)
    problems = []
    for (method, template), (allowed, ok_status, build) in ROUTES.items():
        refused_request = None  # refused calls change nothing: the refused roles share one object
        for role in ROLES:
            if role in allowed:
                request = build(ctx)
            else:
                request = refused_request = refused_request or build(ctx)
            path = template.format(**{k: v for k, v in request.items() if k not in ("json", "files")})
            kwargs = {k: v for k, v in request.items() if k in ("json", "files")}
            r = clients[role].request(method, path, **kwargs)
            expected = ok_status if role in allowed else 403
            if r.status_code != expected or (expected == 403 and error_of(r) != "forbidden"):
                problems.append(f"{role:8} {method} {path}: {r.status_code} (expected {expected}) {r.text[:120]}")
            if method == "DELETE" and role not in allowed:  # a refused delete deletes nothing
                assert still_there(ctx.owner, path), path
    assert not problems, "\n".join(problems)
