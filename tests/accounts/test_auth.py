"""Sign-up, log-in/out, lock-out, session expiry, CSRF, password change, /me."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update
from starlette.testclient import TestClient

from smartstock.db.models import AuditEvent, LoginThrottle, Role, Tenant, User, UserSession
from smartstock.kit.auth import CSRF_COOKIE, SESSION_COOKIE
from tests.factories import PASSWORD, ApiClient, new_client, signup
from tests.kit.support import error_of, login, unique


def _cookie_header(response, name: str) -> str:
    return next(c for c in response.headers.get_list("set-cookie") if c.startswith(name + "="))


def test_signup_creates_tenant_and_owner_and_logs_in(app, db):
    client = new_client(app)
    email = f"{unique('boss')}@hanbit.example"
    r = client.post("/api/auth/signup", json={
        "tenant_name": "  한빛상회 ", "email": email.upper(), "password": PASSWORD, "name": "김사장",
    })
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["email"] == email and body["role"] == "owner" and body["name"] == "김사장"
    assert body["tenant"]["name"] == "한빛상회" and body["language"] == "ko"

    session_cookie = _cookie_header(r, SESSION_COOKIE).lower()
    assert "httponly" in session_cookie and "samesite=lax" in session_cookie and "path=/" in session_cookie
    csrf_cookie = _cookie_header(r, CSRF_COOKIE).lower()
    assert "httponly" not in csrf_cookie  # the SPA must be able to read it

    user = db.scalars(select(User).where(User.email == email)).one()
    assert user.role == Role.owner and user.tenant_id == body["tenant"]["id"]
    assert PASSWORD not in user.password_hash and user.password_hash.startswith("$argon2id$")
    assert db.get_one(Tenant, user.tenant_id).name == "한빛상회"
    session_row = db.scalars(select(UserSession).where(UserSession.user_id == user.id)).one()
    assert session_row.token_hash != client.cookies.get(SESSION_COOKIE)  # only the hash is stored
    assert client.get("/api/auth/me").json()["id"] == body["id"]


def test_signup_rejects_duplicate_email_and_short_password(app):
    _, me = signup(app)
    client = new_client(app)
    r = client.post("/api/auth/signup", json={"tenant_name": "Other", "email": me["email"].upper(),
                                              "password": PASSWORD})
    assert r.status_code == 409 and error_of(r) == "email_taken"

    r = client.post("/api/auth/signup", json={"tenant_name": "Short", "email": f"{unique('s')}@x.example",
                                              "password": "123456789"})
    assert r.status_code == 422 and error_of(r) == "invalid_input"
    assert [f["field"] for f in r.json()["fields"]] == ["password"]
    assert client.get("/api/auth/me").status_code == 401  # no session was started


def test_login_and_logout(app, db):
    _, me = signup(app)
    client, r = login(app, me["email"].upper())
    assert r.status_code == 200 and r.json()["id"] == me["id"]
    assert client.get("/api/auth/me").status_code == 200
    token = client.cookies.get(SESSION_COOKIE)

    r = client.post("/api/auth/logout")
    assert r.status_code == 204
    assert client.get("/api/auth/me").status_code == 401
    # The session is gone on the server, not just the cookie.
    replay = new_client(app)
    replay.cookies.set(SESSION_COOKIE, token)
    r = replay.get("/api/auth/me")
    assert r.status_code == 401 and error_of(r) == "not_authenticated"
    assert db.scalar(select(User.last_login_at).where(User.id == me["id"])) is not None


def test_wrong_password_is_401_in_the_callers_language(app):
    _, me = signup(app)
    _, r = login(app, me["email"], "wrong-password-1", language="ko")
    assert r.status_code == 401 and error_of(r) == "login_failed"
    assert r.json()["detail"] == "이메일 또는 비밀번호가 올바르지 않습니다."
    _, r = login(app, me["email"], "wrong-password-1", language="en")
    assert r.status_code == 401 and r.json()["detail"] == "Wrong e-mail or password."
    # An unknown e-mail looks exactly the same.
    _, unknown = login(app, "nobody@nowhere.example", "wrong-password-1", language="en")
    assert unknown.status_code == 401 and unknown.json() == r.json()


def test_lock_out_after_five_failures_even_with_the_right_password(app, db):
    _, me = signup(app)
    for _ in range(5):
        _, r = login(app, me["email"], "wrong-password-1")
        assert r.status_code == 401
    _, r = login(app, me["email"], PASSWORD, language="ko")
    assert r.status_code == 429 and error_of(r) == "account_locked"
    assert "잠겼습니다" in r.json()["detail"]
    _, r = login(app, me["email"], PASSWORD, language="en")
    assert r.status_code == 429 and "locked" in r.json()["detail"]

    # Once the lock has passed, the right password works again.
    db.execute(update(LoginThrottle).values(locked_until=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)))
    db.commit()
    _, r = login(app, me["email"], PASSWORD)
    assert r.status_code == 200


def test_lock_out_tells_nothing_about_which_e_mails_exist(app):
    _, me = signup(app)
    for email in (me["email"], "nobody@nowhere.example"):
        answers = [login(app, email, "wrong-password-1")[1].status_code for _ in range(6)]
        assert answers == [401] * 5 + [429], email


def test_a_lock_out_holds_for_the_address_it_came_from(app):
    _, me = signup(app)
    for _ in range(5):
        login(app, me["email"], "wrong-password-1")
    assert login(app, me["email"])[1].status_code == 429
    elsewhere = ApiClient(app, client=("203.0.113.7", 50000), headers={"Accept-Language": "en"})
    r = elsewhere.post("/api/auth/login", json={"email": me["email"], "password": PASSWORD})
    assert r.status_code == 200


def test_successful_login_resets_the_failure_count(app):
    _, me = signup(app)
    for _ in range(4):
        assert login(app, me["email"], "wrong-password-1")[1].status_code == 401
    assert login(app, me["email"])[1].status_code == 200
    for _ in range(4):
        assert login(app, me["email"], "wrong-password-1")[1].status_code == 401
    assert login(app, me["email"])[1].status_code == 200


def test_expired_session_is_401_session_expired(app, db):
    client, me = signup(app)
    db.execute(update(UserSession).where(UserSession.user_id == me["id"])
               .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    db.commit()
    r = client.get("/api/auth/me")
    assert r.status_code == 401 and error_of(r) == "session_expired"
    assert r.json()["detail"] == "Your session has expired. Please log in again."
    r = client.get("/api/auth/me", headers={"Accept-Language": "ko"})
    assert r.json()["detail"] == "세션이 만료되었습니다. 다시 로그인하세요."
    # Logging in again works and clears the expired row.
    _, r = login(app, me["email"])
    assert r.status_code == 200
    rows = db.scalars(select(UserSession).where(UserSession.user_id == me["id"])).all()
    assert len(rows) == 1 and rows[0].expires_at > dt.datetime.now(dt.UTC)


def test_unsafe_request_without_the_csrf_header_is_403(app):
    client, _ = signup(app)
    plain = TestClient(app, headers={"Accept-Language": "en"})  # sends cookies, not the header
    plain.cookies = client.cookies
    body = {"master_sku": unique("CSRF"), "name": "csrf test"}

    r = plain.post("/api/products", json=body)
    assert r.status_code == 403 and error_of(r) == "csrf_failed"
    r = client.post("/api/products", json=body, headers={"X-CSRF-Token": "forged-token"})
    assert r.status_code == 403 and error_of(r) == "csrf_failed"
    r = client.post("/api/auth/logout", headers={"X-CSRF-Token": ""})
    assert r.status_code == 403 and error_of(r) == "csrf_failed"
    assert plain.get("/api/products").status_code == 200  # reads need no token
    assert client.get("/api/products", params={"q": body["master_sku"]}).json()["total"] == 0
    assert client.post("/api/products", json=body).status_code == 201  # with the right token


def test_password_change(app, db):
    first, me = signup(app)
    second, r = login(app, me["email"])
    assert r.status_code == 200

    r = first.post("/api/auth/password", json={"current_password": "not-my-password", "new_password": "new-password-1"})
    assert r.status_code == 400 and error_of(r) == "wrong_password"
    r = first.post("/api/auth/password", json={"current_password": PASSWORD, "new_password": "short"})
    assert r.status_code == 422
    assert second.get("/api/auth/me").status_code == 200  # failed attempts changed nothing

    r = first.post("/api/auth/password", json={"current_password": PASSWORD, "new_password": "new-password-1"})
    assert r.status_code == 204
    assert first.get("/api/auth/me").status_code == 200  # this session stays
    assert second.get("/api/auth/me").status_code == 401  # the others are ended
    assert login(app, me["email"], PASSWORD)[1].status_code == 401
    assert login(app, me["email"], "new-password-1")[1].status_code == 200
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.tenant_id == me["tenant"]["id"])).all()
    assert "password_change" in actions


def test_me_and_language(app):
    anonymous = new_client(app, "ko")
    r = anonymous.get("/api/auth/me")
    assert r.status_code == 401 and r.json() == {"error": "not_authenticated", "detail": "로그인이 필요합니다."}

    client, me = signup(app, tenant_name="가나다 상회")
    r = client.get("/api/auth/me")
    assert r.status_code == 200
    assert r.json() == {"id": me["id"], "email": me["email"], "name": me["email"].split("@")[0],
                        "role": "owner", "language": "ko",
                        "tenant": {"id": me["tenant"]["id"], "name": "가나다 상회"}}
    r = client.put("/api/auth/language", json={"language": "en"})
    assert r.status_code == 200 and r.json()["language"] == "en"
    assert client.get("/api/auth/me").json()["language"] == "en"
    assert client.put("/api/auth/language", json={"language": "ja"}).status_code == 422
