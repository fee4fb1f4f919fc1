"""A product on a purchase order line cannot be deleted (the line keeps it): a 409 that says which
orders, instead of the database's foreign-key error."""

from tests.factories import signup
from tests.kit.support import error_of
from tests.planning.purchase_orders.support import act, catalog, draft


def test_a_product_on_an_order_is_not_deleted(app):
    owner, _ = signup(app)
    supplier, (product, other) = catalog(owner)
    po = draft(owner, supplier, [(product, 3)])
    act(owner, po, "cancel", reason="취소해도 기록은 남음")
    r = owner.delete(f"/api/products/{product['id']}", headers={"Accept-Language": "ko"})
    assert r.status_code == 409 and error_of(r) == "on_purchase_orders"
    assert po["po_number"] in r.json()["detail"] and r.json()["purchase_orders"] == [po["po_number"]]
    assert owner.get(f"/api/products/{product['id']}").status_code == 200
    assert owner.delete(f"/api/products/{other['id']}").status_code == 204
