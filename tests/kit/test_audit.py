"""The audit log: every change is recorded with who, when, and before/after; filters work."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from tests.factories import create_product, create_supplier, move, signup
from tests.kit.support import audit_events, create_member, member_client


def test_every_change_is_in_the_audit_log(app):
    owner, me = signup(app)
    supplier = create_supplier(owner, name="감사 공급")
    product = create_product(owner, master_sku="AUD-1", name="감사 상품", unit_cost="100.00")
    owner.patch(f"/api/products/{product['id']}", json={"name": "바뀐 이름", "unit_cost": "120.50", "moq": 1})
    owner.patch(f"/api/suppliers/{supplier['id']}", json={"default_lead_time_days": 14})
    mapping = owner.post("/api/channel-skus", json={"channel": "coupang", "channel_sku": "CP-AUD",
                                                    "product_id": product["id"]}).json()
    move(owner, product["id"], "inbound", 10)
    adjusted = move(owner, product["id"], "adjustment", -2, note="파손").json()[0]
    assert owner.post(f"/api/stock/movements/{adjusted['id']}/undo", json={}).status_code == 201
    member = create_member(owner, "staff")
    owner.patch("/api/settings", json={"allow_negative_stock": True})
    owner.delete(f"/api/channel-skus/{mapping['id']}")

    events = audit_events(owner)
    got = [(e["action"], e["entity_type"]) for e in reversed(events["items"])]
    assert got == [
        ("create", "tenant"), ("create", "supplier"), ("create", "product"), ("update", "product"),
        ("update", "supplier"), ("create", "channel_sku"), ("inbound", "stock_movement"),
        ("adjustment", "stock_movement"), ("undo", "stock_movement"), ("create", "member"),
        ("update", "settings"), ("delete", "channel_sku"),
    ]
    assert events["total"] == len(got)
    by_key = {(e["action"], e["entity_type"]): e for e in events["items"]}
    assert all(e["actor"]["id"] == me["id"] for e in events["items"])

    update = by_key["update", "product"]
    assert update["entity_id"] == str(product["id"])
    assert update["before"] == {"name": "감사 상품", "unit_cost": "100.00"}  # only what changed
    assert update["after"] == {"name": "바뀐 이름", "unit_cost": "120.50"}
    assert by_key["update", "supplier"]["before"] == {"default_lead_time_days": 7}
    assert by_key["update", "supplier"]["after"] == {"default_lead_time_days": 14}
    assert by_key["update", "settings"]["before"] == {"allow_negative_stock": False}
    assert by_key["create", "member"]["after"]["email"] == member["email"]
    assert by_key["delete", "channel_sku"]["before"]["channel_sku"] == "CP-AUD"
    adjustment = by_key["adjustment", "stock_movement"]
    assert adjustment["after"]["quantity"] == -2 and adjustment["after"]["product"] == "AUD-1"
    undo = by_key["undo", "stock_movement"]
    assert undo["entity_id"] == str(adjusted["id"])
    assert undo["before"]["quantity"] == -2 and undo["after"]["movements"][0][1:] == [2, 10]
    created_at = dt.datetime.fromisoformat(update["created_at"])
    assert abs(created_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)


def test_audit_filters_and_paging(app):
    owner, me = signup(app)
    manager, manager_user = member_client(app, owner, "manager")
    product = create_product(owner)
    move(owner, product["id"], "inbound", 5)
    move(manager, product["id"], "outbound", 2)
    manager.patch(f"/api/products/{product['id']}", json={"safety_stock": 3})

    by_manager = audit_events(owner, actor_id=manager_user["id"])["items"]
    assert [e["action"] for e in by_manager] == ["update", "outbound"]
    assert by_manager[0]["actor"] == {"id": manager_user["id"], "name": "manager member",
                                      "email": manager_user["email"]}
    assert audit_events(owner, entity_type="product", entity_id=str(product["id"]))["total"] == 2
    assert [e["action"] for e in audit_events(owner, action="inbound")["items"]] == ["inbound"]
    assert audit_events(owner, entity_type="nothing")["total"] == 0

    # the filters take the tenant's days (Asia/Seoul): 23:30 UTC is already tomorrow there
    day = dt.datetime.fromisoformat(by_manager[0]["created_at"]).astimezone(ZoneInfo("Asia/Seoul")).date()
    total = audit_events(owner)["total"]
    assert audit_events(owner, date_from=day, date_to=day)["total"] == total
    assert audit_events(owner, date_to=day - dt.timedelta(days=1))["total"] == 0
    assert audit_events(owner, date_from=day + dt.timedelta(days=1))["total"] == 0

    first = owner.get("/api/audit", params={"page": 1, "page_size": 2}).json()
    second = owner.get("/api/audit", params={"page": 2, "page_size": 2}).json()
    assert first["total"] == total and len(first["items"]) == 2 and first["page_size"] == 2
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}
    assert first["items"][0]["id"] > second["items"][0]["id"]  # newest first


def test_audit_summaries_are_in_the_callers_language(app):
    owner, _ = signup(app)
    create_product(owner, master_sku="LANG-1", name="언어 상품")
    korean = owner.get("/api/audit?entity_type=product", headers={"Accept-Language": "ko"}).json()
    english = owner.get("/api/audit?entity_type=product", headers={"Accept-Language": "en"}).json()
    assert korean["items"][0]["summary"] == "상품 등록: LANG-1 언어 상품"
    assert english["items"][0]["summary"] == "Product created: LANG-1 언어 상품"


def test_day_filters_use_the_tenants_time_zone(app, db):
    """An event at 08:30 KST on the 2nd is 23:30 UTC on the 1st: a Korean seller finds it on the 2nd."""
    from smartstock.db.models import AuditEvent

    owner, me = signup(app)
    create_product(owner, master_sku="TZ-1")
    event = db.query(AuditEvent).filter_by(tenant_id=me["tenant"]["id"], entity_type="product").one()
    event.created_at = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
    db.commit()

    def products_on(day: str, zone: str) -> int:
        assert owner.patch("/api/settings", json={"timezone": zone}).status_code == 200
        return owner.get(f"/api/audit?entity_type=product&date_from={day}&date_to={day}").json()["total"]

    assert products_on("2026-03-02", "Asia/Seoul") == 1
    assert products_on("2026-03-01", "Asia/Seoul") == 0
    assert products_on("2026-03-01", "UTC") == 1
    r = owner.patch("/api/settings", json={"timezone": "Mars/Olympus"})
    assert r.status_code == 422
