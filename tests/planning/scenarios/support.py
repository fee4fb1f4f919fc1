"""Helpers for the role table and the tenant walk over the scenario, what-if and Human–AI routes."""

from __future__ import annotations

import datetime as dt

from tests.planning.support import add_forecast, add_sales


# --- for the role table (tests/kit/test_roles.py) and the tenant walk (tests/kit/test_tenant_isolation.py)

def _planning_product(ctx) -> dict:
    """Once per tenant: a product with a lead time, 60 days of sales to yesterday, and a forecast
    from today (`ctx` has `owner` and `session_factory`)."""
    if getattr(ctx, "planning_product", None) is None:
        from tests.factories import create_product
        from tests.planning.purchase_orders.support import today

        product = create_product(ctx.owner, lead_time_days=3)
        tenant_id = ctx.owner.get("/api/auth/me").json()["tenant"]["id"]
        with ctx.session_factory() as session:
            add_sales(session, tenant_id, product["id"], [2] * 60, today() - dt.timedelta(days=1))
            add_forecast(session, tenant_id, today(), {product["id"]: ([2.0] * 14, [2.0] * 14)})
        ctx.planning_product = product
    return ctx.planning_product


def scenario_request(ctx) -> dict:
    """A scenario can start only when none is queued: finish the previous caller's first."""
    from tests.ingest.support import run_jobs

    _planning_product(ctx)
    run_jobs(ctx.session_factory)
    return {"json": {"days": 30}}


def latest_request(ctx) -> dict:
    """At least one finished scenario."""
    from tests.ingest.support import run_jobs

    if ctx.owner.get("/api/planning/scenarios/latest").status_code == 404:
        run_jobs(ctx.session_factory)
        assert ctx.owner.post("/api/planning/scenarios", **scenario_request(ctx)).status_code == 202
        run_jobs(ctx.session_factory)
    return {}


def what_if_request(ctx) -> dict:
    return {"json": {"product_id": _planning_product(ctx)["id"], "quantity": 5}}


def isolation_checks(w) -> None:
    """Tenant B against tenant A's planning data (w: tests/kit/test_tenant_isolation.World): A has a
    finished scenario and a sent order line with an AI proposal; B sees neither, and what-if on A's
    product is a 404 like a product that does not exist."""
    from sqlalchemy import select

    from smartstock.db.models import DailySales, Job, JobStatus
    from smartstock.planning.purchase_orders.service import DraftProposal, create_drafts_from_proposals
    from tests.kit.support import principal_for
    from tests.planning.purchase_orders.support import advance

    missing = 999_999_999
    with w.session_factory() as session:
        [draft] = create_drafts_from_proposals(session, principal_for(session, w.a_me["id"]), [DraftProposal(
            product_id=w.product["id"], quantity=3, proposed_quantity=3, proposal={"on_hand": 1})])
        session.add(Job(tenant_id=w.a_me["tenant"]["id"], kind="planning.scenarios", status=JobStatus.succeeded,
                        params={}, result={"secret": "A"}, created_by_id=w.a_me["id"]))
        session.commit()
    advance(w.a, draft.model_dump(mode="json"), "sent")
    assert [x["po_id"] for x in w.a.get("/api/planning/human-ai").json()["lines"]] == [draft.id]

    body = w.b.get("/api/planning/human-ai").json()
    assert body["lines"] == [] and body["summary"]["lines"] == 0
    r = w.b.get("/api/planning/scenarios/latest")
    assert r.status_code == 404 and r.json()["error"] == "no_scenario_result"
    with w.session_factory() as session:  # B's own sales span (A's are not B's history)
        days = session.execute(select(DailySales.sale_date).where(
            DailySales.tenant_id == w.b_me["tenant"]["id"])).scalars().all()
    r = w.b.post("/api/planning/scenarios", json={})
    assert r.status_code == 400
    if days:
        assert r.json()["error"] == "history_too_short"
        assert r.json()["history_days"] == (max(days) - min(days)).days + 1
    else:
        assert r.json()["error"] == "no_sales_history"
    theirs = w.b.post("/api/planning/what-if", json={"product_id": w.product["id"], "quantity": 5})
    other = w.b.post("/api/planning/what-if", json={"product_id": missing, "quantity": 5})
    assert theirs.status_code == other.status_code == 404
    assert (theirs.json()["error"], theirs.json()["detail"]) == (other.json()["error"], other.json()["detail"])
    # A's order is withdrawn again: the rest of the walk expects A's orders as they were
    assert w.a.post(f"/api/purchase-orders/{draft.id}/cancel", json={"reason": "테스트"}).status_code == 200
