"""Drafts from the AI's order proposals: one per supplier, the proposal kept beside the quantity,
all or nothing (a product without a supplier is named and nothing is created)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
import pytest
from sqlalchemy import func, select

from smartstock.db.models import PurchaseOrder, PurchaseOrderLine
from smartstock.kit.errors import BadRequest, Forbidden, NotFound
from smartstock.planning.purchase_orders.service import (
    DraftProposal,
    create_drafts_from_proposals,
    smallest_valid_quantity,
)
from tests.factories import create_product, create_supplier, signup
from tests.kit.support import audit_events, member_client, principal_for
from tests.planning.purchase_orders.support import detail, today


def _count(db, model, tenant_id: int) -> int:
    return db.scalar(select(func.count()).select_from(model).where(model.tenant_id == tenant_id))


def test_one_draft_per_supplier_with_the_proposal_beside_the_quantity(app, db):
    owner, me = signup(app)
    zeta = create_supplier(owner, name="제타상사", default_lead_time_days=14)
    alpha = create_supplier(owner, name="알파유통", default_lead_time_days=5)
    a1 = create_product(owner, supplier_id=alpha["id"], unit_cost="500.00", moq=10, pack_size=5, lead_time_days=3)
    a2 = create_product(owner, supplier_id=alpha["id"], unit_cost=None)
    z1 = create_product(owner, supplier_id=zeta["id"], unit_cost="1200.00")
    order_by = today() + dt.timedelta(days=2)
    snapshot = {"lead_time_demand_p50": Decimal("41.5"), "safety_stock": np.float64(26.2), "reorder_point": 68,
                "z": np.float32(1.65), "service_level": 0.95, "nan": float("nan"), "method": "statistical",
                "explain": ["SS = 1.65 × 4.2 × √14 = 26"], "as_of": today(), "count": np.int64(3)}
    drafts = create_drafts_from_proposals(db, principal_for(db, me["id"]), [
        DraftProposal(product_id=a1["id"], quantity=45, proposed_quantity=40, proposal=snapshot, order_by=order_by,
                      expected_on=order_by + dt.timedelta(days=3)),
        {"product_id": z1["id"], "quantity": 7, "proposed_quantity": 7, "proposal": None, "order_by": None,
         "expected_on": None},
        DraftProposal(product_id=a2["id"], quantity=2, proposed_quantity=0, lead_time_days=9),
    ], note="AI 추천")
    assert [(d.supplier.name, d.status, d.note, d.from_proposals) for d in drafts] == [
        ("알파유통", "draft", "AI 추천", True), ("제타상사", "draft", "AI 추천", True)]
    alpha_po, zeta_po = drafts
    assert alpha_po.po_number != zeta_po.po_number
    assert {alpha_po.po_number[:-4], zeta_po.po_number[:-4]} == {f"PO-{today():%Y%m%d}-"}
    assert alpha_po.ordered_on == order_by and zeta_po.ordered_on == today()

    first, second = alpha_po.lines
    assert (first.product_id, first.quantity, first.proposed_quantity, first.lead_time_days, first.expected_on) == (
        a1["id"], 45, 40, 3, order_by + dt.timedelta(days=3))
    assert first.proposal == {
        "lead_time_demand_p50": 41.5, "safety_stock": pytest.approx(26.2), "reorder_point": 68,
        "z": pytest.approx(1.65), "service_level": 0.95, "nan": None, "method": "statistical",
        "explain": ["SS = 1.65 × 4.2 × √14 = 26"], "as_of": today().isoformat(), "count": 3,
        "order_by": order_by.isoformat(), "expected_on": (order_by + dt.timedelta(days=3)).isoformat(),
    }
    assert first.unit_cost == Decimal("500.00") and first.amount == Decimal("22500.00")
    # the line's lead time is the proposal's; arrival from the planned order date
    assert (second.quantity, second.proposed_quantity, second.lead_time_days, second.expected_on) == (
        2, 0, 9, order_by + dt.timedelta(days=9))
    assert alpha_po.expected_on == order_by + dt.timedelta(days=9)
    [z_line] = zeta_po.lines
    assert (z_line.proposal, z_line.lead_time_days, z_line.expected_on) == (None, 14, today() + dt.timedelta(days=14))

    # the same through the API, and in the audit log
    db.commit()
    assert detail(owner, alpha_po.id)["lines"][0]["proposal"]["reorder_point"] == 68
    created = audit_events(owner, action="create", entity_type="purchase_order")["items"]
    assert len(created) == 2 and created[-1]["after"]["proposed"] == {a1["master_sku"]: 40, a2["master_sku"]: 0}
    assert "AI proposals" in created[-1]["summary"]


def test_a_product_without_supplier_is_named_and_nothing_is_created(app, db):
    owner, me = signup(app)
    supplier = create_supplier(owner)
    fine = create_product(owner, supplier_id=supplier["id"])
    orphan = create_product(owner, name="공급처 없는 컵")
    principal = principal_for(db, me["id"])
    with pytest.raises(BadRequest) as refused:
        create_drafts_from_proposals(db, principal, [DraftProposal(product_id=fine["id"], quantity=3),
                                                     DraftProposal(product_id=orphan["id"], quantity=2)])
    error = refused.value
    assert error.code == "product_without_supplier" and error.extra["master_skus"] == [orphan["master_sku"]]
    assert f"{orphan['master_sku']} 공급처 없는 컵" in error.message("ko") and "공급업체" in error.message("ko")
    assert orphan["master_sku"] in error.message("en") and "no supplier" in error.message("en")
    tenant = me["tenant"]["id"]
    assert _count(db, PurchaseOrder, tenant) == 0 and _count(db, PurchaseOrderLine, tenant) == 0


@pytest.mark.parametrize(("proposal", "code"), [
    ({"quantity": 3}, "below_moq"),
    ({"quantity": 11}, "pack_size"),
    ({"quantity": 0}, "invalid_quantity"),
    ({"quantity": 12.5}, "invalid_proposal"),
    ({"quantity": 12, "proposed_quantity": -1}, "invalid_proposal"),
])
def test_proposals_that_break_the_products_rules_create_nothing(app, db, proposal, code):
    owner, me = signup(app)
    supplier = create_supplier(owner)
    product = create_product(owner, supplier_id=supplier["id"], moq=6, pack_size=6)
    with pytest.raises(BadRequest) as refused:
        create_drafts_from_proposals(db, principal_for(db, me["id"]), [{"product_id": product["id"], **proposal}])
    assert refused.value.code == code
    assert _count(db, PurchaseOrder, me["tenant"]["id"]) == 0


def test_other_refusals(app, db):
    owner, me = signup(app)
    supplier = create_supplier(owner)
    product = create_product(owner, supplier_id=supplier["id"])
    a_set = create_product(owner, kind="set", supplier_id=supplier["id"])
    principal = principal_for(db, me["id"])
    for proposals, error, code in (
        ([], BadRequest, "nothing_to_order"),
        ([DraftProposal(product_id=a_set["id"], quantity=1)], BadRequest, "set_not_orderable"),
        ([DraftProposal(product_id=product["id"], quantity=1)] * 2, BadRequest, "duplicate_product"),
        ([DraftProposal(product_id=999999999, quantity=1)], NotFound, "not_found"),
    ):
        with pytest.raises(error) as refused:
            create_drafts_from_proposals(db, principal, proposals)
        assert refused.value.code == code
    viewer = member_client(app, owner, "viewer")[1]
    with pytest.raises(Forbidden):
        create_drafts_from_proposals(db, principal_for(db, viewer["id"]), [DraftProposal(product["id"], 1)])
    assert _count(db, PurchaseOrder, me["tenant"]["id"]) == 0


def test_numbers_continue_the_days_sequence(app, db):
    owner, me = signup(app)
    supplier = create_supplier(owner)
    products = [create_product(owner, supplier_id=supplier["id"]) for _ in range(3)]
    principal = principal_for(db, me["id"])
    numbers = [create_drafts_from_proposals(db, principal, [DraftProposal(p["id"], 1)])[0].po_number
               for p in products]
    prefix = f"PO-{today():%Y%m%d}-"
    assert numbers == [f"{prefix}0001", f"{prefix}0002", f"{prefix}0003"]


def test_smallest_valid_quantity():
    assert [smallest_valid_quantity(q, 10, 6) for q in (1, 10, 12, 13, 18)] == [12, 12, 12, 18, 18]
    assert [smallest_valid_quantity(q, 1, 1) for q in (0, 1, 7)] == [1, 1, 7]


def test_a_number_taken_meanwhile_is_skipped(app, db, monkeypatch):
    """Two requests can read the same last number; the unique key refuses the second insert,
    which then takes the next number inside its own transaction."""
    from smartstock.planning.purchase_orders.repository import PurchaseOrderRepository

    owner, me = signup(app)
    supplier = create_supplier(owner)
    a, b = (create_product(owner, supplier_id=supplier["id"]) for _ in range(2))
    principal = principal_for(db, me["id"])
    first = create_drafts_from_proposals(db, principal, [DraftProposal(a["id"], 1)])[0]
    monkeypatch.setattr(PurchaseOrderRepository, "last_number", lambda self, prefix: None)  # a stale read
    second = create_drafts_from_proposals(db, principal, [DraftProposal(b["id"], 2)])[0]
    prefix = f"PO-{today():%Y%m%d}-"
    assert (first.po_number, second.po_number) == (f"{prefix}0001", f"{prefix}0002")
    assert [(x.product_id, x.quantity) for x in second.lines] == [(b["id"], 2)]
    assert detail(owner, second.id)["lines"][0]["quantity"] == 2
