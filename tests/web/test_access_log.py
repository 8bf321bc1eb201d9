"""The county's access log on the dashboard, over a real server on 127.0.0.1 (SQLite and
PostgreSQL): the audit rows the county's devices synced are listed with whose data they
were (household number, person, masked ID only), filtered by community, staff person, kind
and days, a page at a time; another county's account sees none of them; each view of the
page is itself audited on the server. Every count is checked against the audit rows read
back from the server's own table in plain Python."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from relocdesk.server.web.access_log import PER_PAGE
from relocdesk.validation import make_id_number, mask_id_number
from tests.conftest import add_household
from tests.sync.harness import server_snapshot
from tests.web.conftest import PASSWORD, Browser, County, county_user

ID_HEAD = make_id_number("522731", datetime.date(1970, 3, 4), 11)
ID_WIFE = make_id_number("522731", datetime.date(1972, 7, 8), 22)
TODAY = datetime.date.today()


def _looks(county: County, tmp_path: Path) -> dict[str, Any]:
    """The fixture community's device looks at a family (view, reveal, card, a list export
    and enough prints for a second page); a second community of the county looks once."""
    device = county.device()
    desk = device.desk
    hh = add_household(desk, household_no="H-1", room="501")
    head = desk.people.create(household_id=hh["id"], name="张三", id_number=ID_HEAD)
    wife = desk.people.create(household_id=hh["id"], name="李梅", id_number=ID_WIFE)
    desk.staff.add(county.user, "482913")
    desk.staff.sign_in(county.user, "482913")
    desk.opened_household(hh["id"])
    desk.reveal_id_number(wife["id"], detail=f"asked for {ID_WIFE}")  # never shown in full
    desk.forms.print("household_card", household_no="H-1", out=tmp_path / "card.pdf")
    desk.lists.export("people", tmp_path / "p.xlsx", title="人员", headers=["x"], rows=[["y"]])
    desk.audit.record("print", "person", [head["id"]] * PER_PAGE)
    device.run()

    second = county.new_community("青山社区")
    county.storage.move_community(second, "522731")
    county.storage.create_user("sec-qs", county.password, "secretary", second)
    other = county.device(user="sec-qs")
    home = add_household(other.desk, household_no="Q-7")
    other.desk.staff.add("sec-qs", "482913")
    other.desk.staff.sign_in("sec-qs", "482913")
    other.desk.opened_household(home["id"])
    other.run()
    return {"hh": hh, "head": head, "wife": wife, "second": second}


def _rows(county: County, *communities: str) -> list[dict[str, Any]]:
    """The audit rows on the server, as the devices wrote them (plain Python)."""
    out = []
    for cid in communities:
        for (tbl, _), v in server_snapshot(county.storage, cid).items():
            if tbl == "audit":
                out.append({**v["data"], "community": cid})
    return out


def _total(page: httpx.Response) -> int:
    assert page.status_code == 200, page.text[:300]
    found = re.search(r'<span id="total">(\d+)</span>', page.text)
    assert found is not None
    return int(found.group(1))


def _table(page: httpx.Response) -> list[list[str]]:
    body = re.search(r'<table id="access".*?<tbody>(.*?)</tbody>', page.text, re.S)
    assert body is not None
    rows = re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)
    return [re.findall(r"<td[^>]*>(.*?)</td>", r, re.S) for r in rows]


def test_the_access_log_lists_filters_and_pages_the_countys_looks(
    county: County, tmp_path: Path
) -> None:
    user = county_user(county)
    made = _looks(county, tmp_path)
    cid, second = county.community_id, made["second"]
    every = _rows(county, cid, second)
    browser = Browser(county.url)
    try:
        assert browser.sign_in(user, PASSWORD).status_code == 303
        first = browser.http.get("/web/access")
        assert _total(first) == len(every) == 4 + PER_PAGE + 1
        assert "查看记录" in first.text and 'id="next"' in first.text
        second_page = browser.http.get("/web/access", params={"page": "2"})
        assert 'id="previous"' in second_page.text and 'id="next"' not in second_page.text
        rows = _table(first) + _table(second_page)
        assert len(_table(first)) == PER_PAGE and len(rows) == len(every)
        for page in (first, second_page):
            assert not re.search(r"\b\d{17}[\dXx]\b", page.text)  # no full ID number anywhere
        # newest first: the order of the rows' times
        assert [r[0] for r in rows] == sorted((r[0] for r in rows), reverse=True)
        # the reveal names the household and the person, with the masked ID only
        (reveal,) = [r for r in rows if r[3] == "显示完整身份证号"]
        assert reveal[1:3] == ["锦绣社区", county.user]
        assert reveal[4:7] == ["H-1", "李梅", mask_id_number(ID_WIFE)]
        assert reveal[7] == f"asked for {mask_id_number(ID_WIFE)}"
        (card,) = [r for r in rows if r[3] == "打印" and r[5] == ""]
        assert card[4] == "H-1"
        prints = [r for r in rows if r[3] == "打印" and r[5] == "张三"]
        assert len(prints) == PER_PAGE and {r[6] for r in prints} == {mask_id_number(ID_HEAD)}
        (export,) = [r for r in rows if r[3] == "导出"]
        assert export[4:7] == ["", "", ""]  # a list of the community names no one
        (other,) = [r for r in rows if r[1] == "青山社区"]
        assert other[2:5] == ["sec-qs", "查看", "Q-7"]

        def expect(**f: Any) -> int:
            return sum(
                1
                for r in every
                if all(r[k] == v for k, v in f.items() if k in ("community", "actor", "action"))
                and ("since" not in f or r["at"][:10] >= f["since"])
                and ("until" not in f or r["at"][:10] <= f["until"])
            )

        cases: list[dict[str, str]] = [
            {"community": second},
            {"community": cid, "action": "reveal"},
            {"actor": "sec-qs"},
            {"action": "print"},
            {"since": TODAY.isoformat(), "until": TODAY.isoformat()},
            {"since": (TODAY + datetime.timedelta(days=1)).isoformat()},
        ]
        for f in cases:
            params = {("kind" if k == "action" else k): v for k, v in f.items()}
            got = _total(browser.http.get("/web/access", params=params))
            assert got == expect(**f), f
        assert expect(community=second) == 1 and expect(action="reveal", community=cid) == 1

        bad = browser.http.get("/web/access", params={"since": "2026-02-30"})
        assert bad.status_code == 400 and "日期" in bad.text
        with county.storage.read() as conn:
            a = county.storage.t_web_audit
            logged = conn.execute(select(a).order_by(a.c.id)).all()
        # every view that listed rows wrote one row under the county account
        assert len(logged) == 2 + len(cases)
        assert all(r.what.startswith("access_log") and r.user_name == user for r in logged)
        assert logged[0].community_id == "*" and logged[2].community_id == second
        assert [r.n_rows for r in logged[:2]] == [PER_PAGE, len(every) - PER_PAGE]

        english = browser.http.get("/web/lang/en", params={"next": "/web/access"})
        assert english.status_code == 303
        page = browser.http.get("/web/access", params={"kind": "reveal"})
        assert "Access log" in page.text and "revealed full ID number" in page.text
    finally:
        browser.close()


def test_another_countys_account_sees_none_of_its_rows(county: County, tmp_path: Path) -> None:
    county_user(county)
    made = _looks(county, tmp_path)
    far = county.new_community("远山社区")
    stranger = county_user(county, "522732", communities=(far,))
    browser = Browser(county.url)
    try:
        browser.sign_in(stranger, PASSWORD)
        page = browser.http.get("/web/access")
        assert _total(page) == 0 and _table(page) == [["没有符合条件的记录"]]
        # what the page shows (tags and their attributes gone: a random form token may
        # hold any few letters, "H-1" among them)
        shown = re.sub(r"<[^>]*>", " ", page.text)
        assert "H-1" not in shown and "李梅" not in shown and "锦绣社区" not in shown
        for cid in (county.community_id, made["second"]):
            found = browser.http.get("/web/access", params={"community": cid})
            assert found.status_code == 404
        signed_out = httpx.get(f"{county.url}/web/access", follow_redirects=False)
        assert signed_out.status_code == 303 and "/web/login" in signed_out.headers["location"]
    finally:
        browser.close()
