"""Daily demand for forecasting: zero-filled days, per channel, and stock-out days marked from the
sales file's stock column and from the ledger (a zero there is censored demand, not zero demand)."""

from __future__ import annotations

import datetime as dt

from smartstock.history.service import daily_demand
from tests.factories import create_product, move, signup
from tests.ingest.support import act, upload


def _days(frame, column="quantity"):
    return dict(zip([d.isoformat() for d in frame.get_column("date")], frame.get_column(column), strict=True))


def test_days_are_zero_filled_per_channel_and_stockouts_come_from_the_file(app, db, session_factory):
    client, me = signup(app)
    sales = ("날짜,상품코드,수량,채널,재고\n"
             "2024-05-01,D-1,3,쿠팡,10\n"
             "2024-05-03,D-1,2,스마트스토어,0\n"  # sold out that day
             "2024-05-04,D-1,1,쿠팡,5\n").encode()
    u = upload(client, session_factory, sales)
    assert act(client, session_factory, u["id"], "apply")["status"] == "applied"
    tenant = me["tenant"]["id"]
    total = daily_demand(db, tenant)
    assert _days(total) == {"2024-05-01": 3, "2024-05-02": 0, "2024-05-03": 2, "2024-05-04": 1}
    assert _days(total, "stockout") == {"2024-05-01": False, "2024-05-02": False, "2024-05-03": True,
                                        "2024-05-04": False}
    channels = daily_demand(db, tenant, by_channel=True)
    coupang = channels.filter(channels.get_column("channel") == "coupang")
    assert _days(coupang) == {"2024-05-01": 3, "2024-05-02": 0, "2024-05-03": 0, "2024-05-04": 1}
    assert channels.height == 4 + 2  # coupang from 05-01, smartstore from 05-03, both to the last day

    product = client.get("/api/products", params={"q": "D-1"}).json()["items"][0]
    r = client.get(f"/api/products/{product['id']}/demand", params={"days": 2})
    assert r.json() == [{"date": "2024-05-03", "quantity": 2, "stockout": True, "channel": None},
                        {"date": "2024-05-04", "quantity": 1, "stockout": False, "channel": None}]


def test_days_ending_with_nothing_on_hand_are_stockouts_for_products_and_their_sets(app, db, session_factory):
    client, me = signup(app)
    part = create_product(client, master_sku="L-1")
    bundle = create_product(client, master_sku="L-SET", kind="set")
    client.put(f"/api/products/{bundle['id']}/components", json=[{"component_id": part["id"], "quantity": 1}])
    move(client, part["id"], "inbound", 2)
    move(client, part["id"], "outbound", 2)  # nothing left today
    today = dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=9))).date()
    content = f"날짜,상품코드,수량\n{today - dt.timedelta(days=1)},L-1,1\n{today},L-1,0\n{today},L-SET,0\n".encode()
    u = upload(client, session_factory, content)
    assert act(client, session_factory, u["id"], "apply")["status"] == "applied", u
    frame = daily_demand(db, me["tenant"]["id"])
    by_product = {pid: _days(frame.filter(frame.get_column("product_id") == pid), "stockout")
                  for pid in (part["id"], bundle["id"])}
    assert by_product[part["id"]][today.isoformat()] is True
    assert by_product[bundle["id"]][today.isoformat()] is True  # its only component is out
