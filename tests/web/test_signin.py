"""Signing in to the dashboard on a real server (SQLite and PostgreSQL): only county accounts,
the enrollment's throttle, cookies a script cannot read, a form token on every form, sign-out,
expiry, and the language switch."""

from __future__ import annotations

import re

import pytest

from relocdesk.server import throttle
from relocdesk.server.web import sessions as web_sessions
from relocdesk.server.web.render import safe_next
from tests.web.conftest import PASSWORD, Browser, County, county_user


def _cookie_header(response: object, name: str) -> str:
    headers = response.headers.get_list("set-cookie")  # type: ignore[attr-defined]
    (found,) = [h for h in headers if h.startswith(name + "=")]
    return str(found)


def test_a_county_account_signs_in_sees_its_community_and_signs_out(
    county: County, browser: Browser
) -> None:
    assert browser.http.get("/web/overview").headers["location"] == "/web/login"
    user = county_user(county)
    signed = browser.sign_in(user, PASSWORD)
    assert signed.status_code == 303 and signed.headers["location"] == "/web/overview"
    cookie = _cookie_header(signed, web_sessions.COOKIE).lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/web/" in cookie
    assert "secure" not in cookie  # plain http on 127.0.0.1; TLS sets it (render.secure)
    page = browser.http.get("/web/overview")
    assert page.status_code == 200 and "锦绣社区" in page.text and user in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    # The session's token is kept only hashed.
    token = browser.http.cookies[web_sessions.COOKIE]
    with county.storage.read() as conn:
        stored = [r.token_hash for r in conn.execute(county.storage.t_web_session.select())]
    assert len(stored) == 1 and token not in stored[0]

    csrf = browser.csrf()
    refused = browser.http.post("/web/logout", data={"csrf": "forged"})
    assert refused.status_code == 403
    assert browser.http.get("/web/overview").status_code == 200  # still signed in
    out = browser.http.post("/web/logout", data={"csrf": csrf})
    assert out.status_code == 303 and "signed_out" in out.headers["location"]
    assert browser.http.get("/web/overview").headers["location"].startswith("/web/login")
    with county.storage.read() as conn:
        assert conn.execute(county.storage.t_web_session.select()).first() is None


def test_community_staff_cannot_sign_in_even_with_the_right_password(
    county: County, browser: Browser
) -> None:
    county_user(county)  # the county exists; its secretary is still a community account
    refused = browser.sign_in(county.user, county.password)  # the fixture's secretary
    assert refused.status_code == 401
    assert "不是县级账号" in refused.text
    assert web_sessions.COOKIE not in browser.http.cookies
    wrong = browser.sign_in("nobody-here", "whatever it is")
    assert wrong.status_code == 401 and "用户名或密码不正确" in wrong.text
    # a county account enrolls no device either: the two doors stay apart
    assert county.storage.county_account(county.user) is None


def test_wrong_passwords_are_throttled_like_enrollment(county: County, browser: Browser) -> None:
    user = county_user(county)
    # Enrollment's failures and the dashboard's count together: one throttle, one table.
    for _ in range(throttle.LIMIT - 1):
        county.storage.record_failure(user, "10.1.2.3")
    assert browser.sign_in(user, "wrong password 1").status_code == 401
    stopped = browser.sign_in(user, PASSWORD)
    assert stopped.status_code == 429 and "分钟后再试" in stopped.text
    assert web_sessions.COOKIE not in browser.http.cookies
    with county.storage.write() as conn:
        conn.execute(county.storage.t_login_failure.delete())
    assert browser.sign_in(user, PASSWORD).status_code == 303


def test_forms_without_their_token_or_from_another_site_are_refused(
    county: County, browser: Browser
) -> None:
    user = county_user(county)
    no_token = browser.http.post("/web/login", data={"user": user, "password": PASSWORD})
    assert no_token.status_code == 403 and "表单已过期" in no_token.text
    token = browser.form_token()
    elsewhere = browser.http.post(
        "/web/login",
        data={"user": user, "password": PASSWORD, "form_token": token},
        headers={"Origin": "http://evil.example"},
    )
    assert elsewhere.status_code == 403
    too_big = browser.http.post(
        "/web/login", data={"user": user, "password": "x" * 20000, "form_token": token}
    )
    assert too_big.status_code == 403
    assert web_sessions.COOKIE not in browser.http.cookies


def test_sessions_expire_when_idle_or_when_the_account_is_disabled(
    county: County, browser: Browser
) -> None:
    user = county_user(county)
    browser.sign_in(user, PASSWORD)
    sessions = county.server.server.config.app.state.web_sessions
    start = sessions.clock()
    try:
        sessions.clock = lambda: start + web_sessions.IDLE - 5
        assert browser.http.get("/web/overview").status_code == 200  # used: idle time restarts
        sessions.clock = lambda: start + 2 * web_sessions.IDLE - 10
        assert browser.http.get("/web/overview").status_code == 200
        sessions.clock = lambda: start + 3 * web_sessions.IDLE + 60
        ended = browser.http.get("/web/overview")
        assert ended.status_code == 303 and "session_ended" in ended.headers["location"]
    finally:
        sessions.clock = web_sessions.Sessions.clock
    browser.sign_in(user, PASSWORD)
    assert browser.http.get("/web/overview").status_code == 200
    county.storage.disable_user(user)
    assert browser.http.get("/web/overview").status_code == 303
    assert browser.sign_in(user, PASSWORD).status_code == 401


def test_chinese_by_default_english_when_chosen(county: County, browser: Browser) -> None:
    assert "登录" in browser.http.get("/web/login").text
    switched = browser.http.get("/web/lang/en", params={"next": "/web/login"})
    assert switched.status_code == 303 and switched.headers["location"] == "/web/login"
    page = browser.http.get("/web/login").text
    assert "Sign in" in page and "登录" not in page.replace('lang="en"', "")
    assert re.search(r'<html lang="en">', page)
    # A language link never leads off the site.
    away = browser.http.get("/web/lang/zh", params={"next": "https://evil.example/x"})
    assert away.headers["location"] == "/web/overview"


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/web/community/abc?sort=x", "/web/community/abc?sort=x"),
        ("//evil.example/web/", "/web/overview"),
        ("https://evil.example/web/", "/web/overview"),
        ("/v1/pull", "/web/overview"),
        ("/web/../v1/pull", "/web/overview"),
        ("/web/\\evil", "/web/overview"),
        ("", "/web/overview"),
        (None, "/web/overview"),
    ],
)
def test_only_the_dashboards_own_pages_are_followed(target: str | None, expected: str) -> None:
    assert safe_next(target, "/web/overview") == expected


def test_echarts_is_served_from_the_package_with_its_licence(browser: Browser) -> None:
    js = browser.http.get("/web/static/echarts.min.js")
    assert js.status_code == 200 and len(js.content) > 500_000
    assert b"echarts" in js.content[:5000].lower() or b"Apache" in js.content[:5000]
    licence = browser.http.get("/web/static/ECHARTS-LICENSE")
    assert licence.status_code == 200 and "Apache License" in licence.text
