"""GET /api/planning/human-ai on every database: sent orders' lines with an AI proposal, scored on
the demand that followed (the windows are the hand-worked ones of test_human_ai_scoring)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from smartstock.db.models import PurchaseOrder
from smartstock.planning.purchase_orders.service import DraftProposal, create_drafts_from_proposals
from tests.factories import add_member, create_product, create_supplier, signup
from tests.kit.support import principal_for
from tests.planning.purchase_orders.support import advance, order_for, today
from tests.planning.support import add_sales

SNAPSHOT = {"on_hand": 5, "on_order": 0, "mu": 2.5, "lead_time_demand": 6, "review_period_days": 4,
            "lead_time_days": 3, "safety_stock": 3.0}


def proposals(db, me, items, **kw) -> list[dict]:
    """Drafts from AI proposals, made as the planning service makes them."""
    drafts = create_drafts_from_proposals(db, principal_for(db, me["id"]), [
        DraftProposal(product_id=p["id"], quantity=q, proposed_quantity=q, proposal=snap) for p, q, snap in items], **kw)
    db.commit()
    return [d.model_dump(mode="json") for d in drafts]


def ordered(db, po: dict, day: dt.date) -> None:
    """The order went out on `day` (the past this test looks back on)."""
    db.execute(update(PurchaseOrder).where(PurchaseOrder.id == po["id"]).values(ordered_on=day))
    db.commit()


@pytest.fixture
def history(app, db):
    owner, me = signup(app)
    staff = add_member(owner, app, "staff")
    t = today()
    supplier, other_supplier = create_supplier(owner), create_supplier(owner)
    a, b = (create_product(owner, master_sku=f"HA-{x}", supplier_id=supplier["id"], lead_time_days=3) for x in "AB")
    c = create_product(owner, master_sku="HA-C", supplier_id=other_supplier["id"], lead_time_days=3)
    # 60 days of sales to yesterday; A sold 2 2 2 4 4 4 4 in the week from 20 days ago, else 3 a day
    a_sales = [3] * 60
    a_sales[40:47] = [2, 2, 2, 4, 4, 4, 4]
    add_sales(db, me["tenant"]["id"], a["id"], a_sales, t - dt.timedelta(days=1))
    add_sales(db, me["tenant"]["id"], b["id"], [1] * 60, t - dt.timedelta(days=1))
    add_sales(db, me["tenant"]["id"], c["id"], [1] * 60, t - dt.timedelta(days=1))

    # 20 days ago: A and B proposed at 20 each; staff cut both to 10 before approval
    [po1] = proposals(db, me, [(a, 20, SNAPSHOT), (b, 20, {**SNAPSHOT, "mu": 1, "lead_time_demand": 3})])
    lines = {line["master_sku"]: line["id"] for line in po1["lines"]}
    r = staff.patch(f"/api/purchase-orders/{po1['id']}/lines", json={
        "reason": "재고 과다 우려", "update": [{"line_id": lines["HA-A"], "quantity": 10},
                                         {"line_id": lines["HA-B"], "quantity": 10}]})
    assert r.status_code == 200, r.text
    advance(owner, po1, "sent")
    ordered(db, po1, t - dt.timedelta(days=20))
    # 10 days ago: A as proposed
    [po4] = proposals(db, me, [(a, 6, SNAPSHOT)])
    advance(owner, po4, "received")
    ordered(db, po4, t - dt.timedelta(days=10))
    # 3 days ago: C raised from 8 to 12 (the reason given when the draft was made)
    [po3] = proposals(db, me, [(c, 8, SNAPSHOT)])
    r = owner.patch(f"/api/purchase-orders/{po3['id']}/lines", json={
        "reason": "행사 예정", "update": [{"line_id": po3["lines"][0]["id"], "quantity": 12}]})
    assert r.status_code == 200, r.text
    advance(owner, po3, "sent")
    ordered(db, po3, t - dt.timedelta(days=3))
    # not in the report: a draft with a proposal, a cancelled one, and a sent order entered by hand
    proposals(db, me, [(b, 5, SNAPSHOT)])
    [cancelled] = proposals(db, me, [(c, 5, SNAPSHOT)])
    owner.post(f"/api/purchase-orders/{cancelled['id']}/cancel", json={"reason": "취소"})
    order_for(owner, supplier["id"], a["id"], "sent", quantity=9)
    return owner, staff, me, {"po1": po1, "po3": po3, "po4": po4}


def test_verdicts_against_what_happened(history):
    owner, staff, me, pos = history
    t = today()
    r = owner.get("/api/planning/human-ai")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["as_of"] == str(t - dt.timedelta(days=1))
    lines = [(x["po_id"], x["master_sku"]) for x in body["lines"]]
    assert lines == [(pos["po3"]["id"], "HA-C"), (pos["po4"]["id"], "HA-A"), (pos["po1"]["id"], "HA-A"),
                     (pos["po1"]["id"], "HA-B")]
    c, a_same, a_cut, b_cut = body["lines"]

    # A, cut from 20 to 10 before a week of 2 2 2 4 4 4 4: the AI was right
    assert a_cut["ordered_on"] == str(t - dt.timedelta(days=20)) and a_cut["lead_time_days"] == 3
    assert (a_cut["proposed_quantity"], a_cut["final_quantity"], a_cut["window_days"]) == (20, 10, 7)
    assert a_cut["changed_by"]["name"].startswith("staff") and a_cut["reason"] == "재고 과다 우려"
    assert (a_cut["forecast_lead_time_demand"], a_cut["actual_lead_time_demand"]) == (16, 22)
    assert a_cut["fill_rate_ai"] == pytest.approx(21 / 22) and a_cut["fill_rate_final"] == pytest.approx(15 / 22)
    assert (a_cut["ending_stock_ai"], a_cut["ending_stock_final"], a_cut["verdict"]) == (4, 0, "ai")
    # B, cut from 20 to 10 before a week of 1 a day: the same service with 10 fewer units
    assert (b_cut["fill_rate_ai"], b_cut["fill_rate_final"]) == (1, 1)
    assert (b_cut["ending_stock_ai"], b_cut["ending_stock_final"], b_cut["verdict"]) == (18, 8, "human")
    assert (b_cut["forecast_lead_time_demand"], b_cut["actual_lead_time_demand"]) == (7, 7)
    # A as proposed, 10 days ago: 3 a day over the week
    assert (a_same["verdict"], a_same["changed_by"], a_same["reason"]) == ("same", None, None)
    assert (a_same["actual_lead_time_demand"], a_same["forecast_lead_time_demand"]) == (21, 16)
    # C, raised 3 days ago: its week is not over
    assert c["verdict"] == "pending" and c["actual_lead_time_demand"] is None and c["fill_rate_ai"] is None
    assert c["changed_by"]["id"] == me["id"] and c["reason"] == "행사 예정"

    # WAPE over the scored lines: (|22 − 16| + |7 − 7| + |21 − 16|) / (22 + 7 + 21)
    assert body["summary"] == {"lines": 4, "changed": 3, "human_better": 1, "ai_better": 1, "pending": 1,
                               "forecast_wape": pytest.approx(11 / 50)}
    assert body["lessons"] == []  # one decided change per side: too few to draw a lesson
    # any member reads it; another tenant sees nothing (tests/kit covers the roles and tenants too)
    assert staff.get("/api/planning/human-ai").json()["summary"]["lines"] == 4


def test_an_empty_report(app):
    owner, _ = signup(app)
    body = owner.get("/api/planning/human-ai").json()
    assert body == {"as_of": None, "lines": [], "lessons": [],
                    "summary": {"lines": 0, "changed": 0, "human_better": 0, "ai_better": 0, "pending": 0,
                                "forecast_wape": None}}


def test_a_decision_made_on_the_recommendations_page(app):
    """Drafts from the recommendations with the user's own figure and reason: the report shows who
    changed the AI's proposal and why, to be scored once the window has passed."""
    owner, me = signup(app)
    supplier = create_supplier(owner)
    product = create_product(owner, master_sku="HA-REC", supplier_id=supplier["id"], lead_time_days=3, safety_stock=5)
    r = owner.get("/api/planning/recommendations")
    assert r.status_code == 200, r.text
    proposed = next(x for x in r.json()["rows"] if x["product_id"] == product["id"])["order_qty"]
    r = owner.post("/api/planning/recommendations/drafts", json={
        "items": [{"product_id": product["id"], "quantity": proposed + 4, "reason": "묶음 할인"}]})
    assert r.status_code == 201, r.text
    advance(owner, r.json()[0], "sent")
    [line] = owner.get("/api/planning/human-ai").json()["lines"]
    assert (line["proposed_quantity"], line["final_quantity"]) == (proposed, proposed + 4)
    assert line["changed_by"]["id"] == me["id"] and line["reason"] == "묶음 할인"
    assert line["ordered_on"] == str(today()) and line["verdict"] == "pending"


def test_a_lesson_says_what_people_did_and_how_often_it_was_right():
    from smartstock.planning.core.human_ai import Lesson
    from smartstock.planning.scenarios.service import _lesson_out

    out = _lesson_out(Lesson("욕실", decided=6, human_better=5, ai_better=1, mean_change=0.3, winner="human"))
    assert out.message_ko.startswith("'욕실'에서 사람이 AI 제안을 평균 30% 늘려 바꾼 6건 중 5건이 더 나았습니다.")
    assert "raised the AI's proposal by 30%" in out.message_en and "5 of 6" in out.message_en
    out = _lesson_out(Lesson("", decided=3, human_better=0, ai_better=3, mean_change=-0.5, winner="ai"))
    assert out.category is None and "분류 없는 상품" in out.message_ko and "lowered" in out.message_en
    assert "3 of 3" in out.message_en
