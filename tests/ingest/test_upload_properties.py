"""Properties of applying uploads, on every database: applying then undoing leaves every balance
and the sales history as they were; applying the same file twice equals applying it once."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import create_product, move, signup
from tests.ingest.support import act, upload
from tests.ingest.test_uploads_api import _filled_template
from tests.kit.support import on_hand

SKUS = ("P-1", "P-2", "P-3")
PROPERTY = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

stock_rows = st.fixed_dictionaries({sku: st.tuples(st.integers(0, 30), st.integers(0, 5)) for sku in SKUS})
sales_rows = st.lists(st.tuples(st.sampled_from(SKUS), st.integers(1, 28), st.integers(-2, 9),
                                st.sampled_from(["쿠팡", "자사몰", "스마트스토어"])), min_size=1, max_size=25)


def _history(client) -> dict:
    out = {}
    for p in client.get("/api/products", params={"page_size": 100}).json()["items"]:
        for d in client.get(f"/api/products/{p['id']}/demand", params={"by_channel": True}).json():
            out[(p["master_sku"], d["date"], d["channel"])] = d["quantity"]
    return out


@PROPERTY
@given(rows=stock_rows)
def test_stock_upload_undo_restores_balances_and_twice_is_once(app, session_factory, rows):
    client, _ = signup(app)
    ids = {sku: create_product(client, master_sku=sku)["id"] for sku in SKUS}
    move(client, ids["P-1"], "inbound", 5)
    before = {sku: on_hand(client, pid) for sku, pid in ids.items()}
    content = _filled_template(client, {sku: (i or None, o or None) for sku, (i, o) in rows.items()})
    u = upload(client, session_factory, content, "template.xlsx")
    expected = {sku: before[sku] + rows[sku][0] - rows[sku][1] for sku in SKUS}
    if any(v < 0 for v in expected.values()):  # outbound beyond stock: the report blocks, nothing is booked
        assert u["report"]["blocking"]
        assert client.post(f"/api/uploads/{u['id']}/apply").status_code == 400
        assert {sku: on_hand(client, pid) for sku, pid in ids.items()} == before
        return
    u = act(client, session_factory, u["id"], "apply")
    if u["report"]["summary"]["movements"] == 0:
        return
    assert {sku: on_hand(client, pid) for sku, pid in ids.items()} == expected
    again = upload(client, session_factory, content, "again.xlsx")
    assert client.post(f"/api/uploads/{again['id']}/apply").status_code == 409
    assert {sku: on_hand(client, pid) for sku, pid in ids.items()} == expected
    act(client, session_factory, u["id"], "undo")
    assert {sku: on_hand(client, pid) for sku, pid in ids.items()} == before


@PROPERTY
@given(rows=sales_rows)
def test_sales_upload_undo_restores_history_and_twice_is_once(app, session_factory, rows):
    client, _ = signup(app)
    create_product(client, master_sku="P-1")
    first = "날짜,상품코드,수량,채널\n2024-01-02,P-1,4,쿠팡\n".encode()
    act(client, session_factory, upload(client, session_factory, first)["id"], "apply")
    before = _history(client)
    content = ("날짜,상품코드,수량,채널\n" + "".join(f"2024-01-{d:02d},{s},{q},{c}\n" for s, d, q, c in rows)).encode()
    u = act(client, session_factory, upload(client, session_factory, content, "b.csv")["id"], "apply")
    assert u["status"] == "applied"
    once = _history(client)
    again = upload(client, session_factory, content, "b-again.csv")
    assert client.post(f"/api/uploads/{again['id']}/apply").status_code == 409
    assert _history(client) == once
    assert act(client, session_factory, u["id"], "undo")["status"] == "undone"
    assert _history(client) == before
