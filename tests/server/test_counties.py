"""Counties on the server (issue 13, item 1): a county owns communities; a county account is
bound to its county, reads all of its communities and nothing of another county, writes
nothing and enrolls no device; user names are unique across the server; the admin commands
make counties, move communities and create county users."""

from __future__ import annotations

import pytest

from relocdesk.server import cli as server_cli
from relocdesk.server import migrate
from relocdesk.sync.protocol import SyncError
from tests.server.test_migrate import schema
from tests.sync.harness import County

PASSWORD = "county-view 2026"


def _admin(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> str:
    assert server_cli.main(["admin", *args[:1], "--db", url, *args[1:]]) == 0, capsys.readouterr()
    return capsys.readouterr().out


def test_a_county_account_reads_its_county_only(county: County) -> None:
    s = county.storage
    hs = s.create_county("522731", "惠水县")
    other = s.create_county("522732", "三都县")
    mine = [county.community_id, s.create_community("新民社区")]
    theirs = s.create_community("城南社区")
    for cid in mine:
        s.move_community(cid, hs.code)
    s.move_community(theirs, other.code)
    s.create_county_user("huishui-view", PASSWORD, hs.code)
    account = s.county_sign_in("huishui-view", PASSWORD, "10.0.0.9")
    assert account.county == hs
    assert sorted(m["id"] for m in s.county_communities(hs.id)) == sorted(mine)
    assert all(s.sees_community(account, cid) for cid in mine)
    assert not s.sees_community(account, theirs)
    assert not s.sees_community(account, "no-such-community")
    # moved to the other county, it is no longer this county's
    s.move_community(mine[1], other.code)
    assert not s.sees_community(account, mine[1])


def test_who_may_sign_in_to_the_county(county: County) -> None:
    s = county.storage
    s.create_county("522731", "惠水县")
    s.create_county_user("hs-view", PASSWORD, "522731")
    # a community's own account, with its right password, is not a county account
    with pytest.raises(SyncError) as e:
        s.county_sign_in(county.user, county.password)
    assert e.value.status == 401
    with pytest.raises(SyncError):
        s.county_sign_in("hs-view", "wrong password 1")
    # a disabled county account signs in no more
    s.disable_user("hs-view")
    with pytest.raises(SyncError):
        s.county_sign_in("hs-view", PASSWORD)


def test_a_county_account_enrolls_no_device(county: County) -> None:
    county.storage.create_county("522731", "惠水县")
    county.storage.create_county_user("hs-view", PASSWORD, "522731")
    with pytest.raises(SyncError) as e:
        county.storage.enroll("hs-view", PASSWORD, "dev-1", "laptop")
    assert e.value.status == 403 and "dashboard" in str(e.value.args) + e.value.en


def test_names_are_unique_across_the_server(county: County) -> None:
    s = county.storage
    s.create_county("522731", "惠水县")
    with pytest.raises(ValueError, match="already taken"):
        s.create_county_user(county.user, PASSWORD, "522731")
    s.create_county_user("hs-view", PASSWORD, "522731")
    with pytest.raises(ValueError, match="already taken"):
        s.create_user("hs-view", PASSWORD, "secretary", county.community_id)
    with pytest.raises(ValueError, match="already taken"):
        s.create_county("522731", "另一个县")
    with pytest.raises(ValueError, match="county code"):
        s.create_county("52 27", "空格县")
    with pytest.raises(LookupError):
        s.move_community(county.community_id, "999999")
    with pytest.raises(LookupError):
        s.move_community("no-such-community", "522731")


def test_the_admin_commands(
    county: County, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    import orjson

    url = county.storage.url
    assert "522731" in _admin(capsys, url, "create-county", "--code", "522731", "--name", "惠水县")
    _admin(capsys, url, "move-community", "--community", county.community_id, "--county", "522731")
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    user = ["--county", "522731", "--name", "hs-view", "--password-stdin"]
    _admin(capsys, url, "create-county-user", *user)
    listed = orjson.loads(_admin(capsys, url, "list-counties", "--json"))
    assert listed == [
        {
            "code": "522731",
            "name": "惠水县",
            "communities": [{"id": county.community_id, "name": "锦绣社区"}],
        }
    ]
    assert county.storage.county_sign_in("hs-view", PASSWORD).county.code == "522731"
    # a mistake is said plainly, with no traceback
    args = ["admin", "move-community", "--db", url, "--community", "x", "--county", "000000"]
    assert server_cli.main(args) == 2
    err = capsys.readouterr().err
    assert "没有此县" in err and "Traceback" not in err


def test_the_revision_adds_counties_to_an_older_database(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from alembic import command

    from relocdesk.server.database import engine_for

    engine = engine_for(db_url)
    with engine.connect() as conn:
        config = migrate._config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0004")
        conn.commit()
    engine.dispose()
    assert "rd_county" not in schema(db_url)
    assert server_cli.main(["migrate", "--db", db_url]) == 0
    tables = schema(db_url)
    assert {"id", "code", "name"} <= tables["rd_county"]
    assert "county_id" in tables["rd_community"] and "county_id" in tables["rd_user"]
