"""The dashboard's fixtures: a county on a real server on 127.0.0.1 (SQLite and PostgreSQL),
a county account, and a client that signs in the way a browser does (the form, its token
cookie, the session cookie)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import httpx
import pytest

from tests.sync.harness import (
    County,
    MemoryKeyring,
    county,
    db_url,
    memory_keyring,
    pg_county,
    sqlite_county,
)

__all__ = [
    "County",
    "MemoryKeyring",
    "county",
    "db_url",
    "memory_keyring",
    "pg_county",
    "sqlite_county",
]

_seq = itertools.count(1)
PASSWORD = "county view 2026"


class Browser:
    """An HTTP client that keeps cookies and reads forms, as a person's browser would."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.http = httpx.Client(base_url=base, follow_redirects=False, timeout=30)

    def form_token(self, path: str = "/web/login") -> str:
        page = self.http.get(path)
        assert page.status_code == 200, page.text
        found = re.search(r'name="form_token" value="([^"]+)"', page.text)
        assert found is not None
        return found.group(1)

    def sign_in(self, user: str, password: str) -> httpx.Response:
        token = self.form_token()
        return self.http.post(
            "/web/login", data={"user": user, "password": password, "form_token": token}
        )

    def csrf(self, path: str = "/web/overview") -> str:
        page = self.http.get(path)
        found = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert found is not None, page.text[:500]
        return found.group(1)

    def close(self) -> None:
        self.http.close()


def county_user(county: County, code: str = "522731", *, communities: tuple[str, ...] = ()) -> str:
    """A county account of county ``code`` (made, with the fixture's community under it, when
    missing)."""
    storage = county.storage
    if code not in {c.code for c in storage.counties()}:
        storage.create_county(code, "惠水县" if code == "522731" else f"县{code}")
        if code == "522731":  # the fixture's community is this county's
            storage.move_community(county.community_id, code)
    for cid in communities:
        storage.move_community(cid, code)
    name = f"county{next(_seq)}"
    storage.create_county_user(name, PASSWORD, code)
    return name


@pytest.fixture
def browser(county: County) -> Iterator[Browser]:
    b = Browser(county.url)
    yield b
    b.close()
