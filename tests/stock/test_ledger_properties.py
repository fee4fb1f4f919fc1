"""Property: any sequence of movements keeps balance == sum of the ledger, never negative unless
the tenant allows it, and undoing any movement takes exactly its quantity back out.

Each example signs up its own tenant (the function-scoped `app` fixture is shared by the
examples of one test, and its transaction is rolled back at the end)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import create_product, move, signup
from tests.kit.support import movements, on_hand

REASONS = ("inbound", "outbound", "adjustment", "stock_count")
operations = st.lists(st.tuples(st.sampled_from(REASONS), st.integers(min_value=-4, max_value=12)),
                      min_size=1, max_size=6)


def expected(balance: int, reason: str, quantity: int, allow_negative: bool) -> tuple[int, int]:
    """(status, new balance) the API must give for one movement."""
    if reason in ("inbound", "outbound") and quantity <= 0 or reason == "adjustment" and quantity == 0 \
            or reason == "stock_count" and quantity < 0:
        return 400, balance
    new = {"inbound": balance + quantity, "outbound": balance - quantity,
           "adjustment": balance + quantity, "stock_count": quantity}[reason]
    if new < 0 and not allow_negative:
        return 409, balance
    return 201, new


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations, allow_negative=st.booleans(), pick=st.integers(min_value=0, max_value=50))
def test_ledger_invariant_and_undo(app, ops, allow_negative, pick):
    client, _ = signup(app)
    if allow_negative:
        client.patch("/api/settings", json={"allow_negative_stock": True})
    pid = create_product(client)["id"]
    balance = 0
    for reason, quantity in ops:
        status, balance_next = expected(balance, reason, quantity, allow_negative)
        r = move(client, pid, reason, quantity, note="property")
        assert r.status_code == status, (reason, quantity, balance, r.text)
        if status == 201:
            assert r.json()[0]["balance_after"] == balance_next
        balance = balance_next

    ledger = movements(client, product_id=pid)["items"]
    assert on_hand(client, pid) == balance == sum(m["quantity"] for m in ledger)
    assert allow_negative or balance >= 0

    if ledger:
        target = ledger[pick % len(ledger)]
        restored = balance - target["quantity"]
        r = client.post(f"/api/stock/movements/{target['id']}/undo", json={})
        if restored < 0 and not allow_negative:
            assert r.status_code == 409
        else:
            assert r.status_code == 201 and r.json()[0]["balance_after"] == restored
            balance = restored
        ledger = movements(client, product_id=pid)["items"]
        assert on_hand(client, pid) == balance == sum(m["quantity"] for m in ledger)
