"""Member management (owner only) and the last-owner rule."""

from __future__ import annotations

from tests.factories import PASSWORD, signup
from tests.kit.support import ROLES, audit_events, create_member, error_of, login, member_client, unique


def test_owner_creates_a_member_with_each_role(app):
    owner, me = signup(app)
    for role in ROLES:
        member = create_member(owner, role, name=f"{role} 님")
        assert member["role"] == role and member["is_active"] is True and member["name"] == f"{role} 님"
        assert member["last_login_at"] is None
        client, r = login(app, member["email"])
        assert r.status_code == 200
        assert r.json()["role"] == role and r.json()["tenant"]["id"] == me["tenant"]["id"]
    listed = owner.get("/api/members").json()
    assert [m["role"] for m in listed] == ["owner", *ROLES]
    assert all(m["last_login_at"] for m in listed[1:])
    assert "password_hash" not in listed[0] and "password" not in listed[0]


def test_member_input_errors(app):
    owner, me = signup(app)
    r = owner.post("/api/members", json={"email": me["email"], "role": "staff", "password": PASSWORD})
    assert r.status_code == 409 and error_of(r) == "email_taken"
    r = owner.post("/api/members", json={"email": "a@b.example", "role": "admin", "password": PASSWORD})
    assert r.status_code == 422
    r = owner.post("/api/members", json={"email": "not-an-email", "role": "staff", "password": PASSWORD})
    assert r.status_code == 422
    r = owner.patch("/api/members/999999999", json={"name": "x"})
    assert r.status_code == 404 and error_of(r) == "not_found"
    assert len(owner.get("/api/members").json()) == 1


def test_role_change_takes_effect_on_the_existing_session(app):
    owner, _ = signup(app)
    staff, member = member_client(app, owner, "staff")
    body = {"master_sku": unique("ROLE"), "name": "role change"}
    assert staff.post("/api/products", json=body).status_code == 403
    r = owner.patch(f"/api/members/{member['id']}", json={"role": "manager"})
    assert r.status_code == 200 and r.json()["role"] == "manager"
    assert staff.post("/api/products", json=body).status_code == 201
    assert staff.get("/api/members").status_code == 403  # still not an owner

    events = audit_events(owner, entity_type="member", entity_id=str(member["id"]), action="update")["items"]
    assert events[0]["before"] == {"role": "staff"} and events[0]["after"] == {"role": "manager"}


def test_deactivated_member_is_logged_out_and_cannot_log_in(app):
    owner, _ = signup(app)
    staff, member = member_client(app, owner, "staff")
    r = owner.patch(f"/api/members/{member['id']}", json={"is_active": False})
    assert r.status_code == 200 and r.json()["is_active"] is False
    assert staff.get("/api/auth/me").status_code == 401
    _, r = login(app, member["email"])
    assert r.status_code == 401 and error_of(r) == "account_inactive"
    _, r = login(app, member["email"], "wrong-password-1")
    assert r.status_code == 401 and error_of(r) == "login_failed"  # no hint for a wrong password

    assert owner.patch(f"/api/members/{member['id']}", json={"is_active": True}).status_code == 200
    assert staff.get("/api/auth/me").status_code == 401  # the old session is gone for good
    assert login(app, member["email"])[1].status_code == 200


def test_the_last_owner_cannot_be_demoted_or_deactivated(app):
    owner, me = signup(app)
    for change in ({"role": "manager"}, {"is_active": False}):
        r = owner.patch(f"/api/members/{me['id']}", json=change)
        assert r.status_code == 409 and error_of(r) == "last_owner"
    assert owner.get("/api/auth/me").json()["role"] == "owner"

    # An inactive second owner does not count.
    other = create_member(owner, "owner")
    assert owner.patch(f"/api/members/{other['id']}", json={"is_active": False}).status_code == 200
    r = owner.patch(f"/api/members/{me['id']}", json={"role": "viewer"})
    assert r.status_code == 409 and error_of(r) == "last_owner"

    # With another active owner, the first can step down.
    assert owner.patch(f"/api/members/{other['id']}", json={"is_active": True}).status_code == 200
    r = owner.patch(f"/api/members/{me['id']}", json={"role": "manager"})
    assert r.status_code == 200 and r.json()["role"] == "manager"
    assert owner.get("/api/members").status_code == 403
    second, _ = login(app, other["email"])
    r = second.patch(f"/api/members/{other['id']}", json={"is_active": False})
    assert r.status_code == 409 and error_of(r) == "last_owner"


def test_only_the_owner_manages_members(app):
    owner, me = signup(app)
    target = create_member(owner, "viewer")
    for role in ("manager", "staff", "viewer"):
        client, _ = member_client(app, owner, role)
        assert client.get("/api/members").status_code == 403
        r = client.post("/api/members", json={"email": f"{unique('x')}@x.example", "role": "owner",
                                              "password": PASSWORD})
        assert r.status_code == 403 and error_of(r) == "forbidden"
        assert client.patch(f"/api/members/{target['id']}", json={"role": "owner"}).status_code == 403
        assert client.patch(f"/api/members/{me['id']}", json={"is_active": False}).status_code == 403
    members = {m["id"]: m for m in owner.get("/api/members").json()}
    assert members[target["id"]]["role"] == "viewer" and members[me["id"]]["is_active"] is True
    assert len(members) == 5  # owner, target, and the three role clients: nobody added one


def test_settings(app):
    owner, me = signup(app)
    viewer, _ = member_client(app, owner, "viewer")
    assert viewer.get("/api/settings").json() == {"name": me["tenant"]["name"], "allow_negative_stock": False,
                                                 "default_language": "ko", "timezone": "Asia/Seoul",
                                                 "forecast_nightly": True, "retrain_margin": 0.25}
    r = owner.patch("/api/settings", json={"name": "새 이름", "default_language": "en", "retrain_margin": 0.5})
    assert r.status_code == 200
    assert r.json() == {"name": "새 이름", "allow_negative_stock": False, "default_language": "en",
                        "timezone": "Asia/Seoul", "forecast_nightly": True, "retrain_margin": 0.5}
    assert owner.patch("/api/settings", json={"retrain_margin": 0}).status_code == 422
    assert owner.get("/api/auth/me").json()["tenant"]["name"] == "새 이름"
    new_client_, _ = member_client(app, owner, "staff")
    assert new_client_.get("/api/auth/me").json()["language"] == "en"  # the tenant's default language
    assert owner.patch("/api/settings", json={"name": ""}).status_code == 422
    assert owner.patch("/api/settings", json={"timezone": "Nowhere/City"}).status_code == 422
    event = audit_events(owner, entity_type="settings")["items"][0]
    assert event["before"] == {"name": me["tenant"]["name"], "default_language": "ko", "retrain_margin": 0.25}
    assert event["after"] == {"name": "새 이름", "default_language": "en", "retrain_margin": 0.5}
