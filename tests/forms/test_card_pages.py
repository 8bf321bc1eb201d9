"""A household card is one sheet: the demo's families, up to eight members with their
latest visits, each print on one page (read back with pdfinfo), nothing left for a second."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest

from relocdesk import demo
from relocdesk.desk import Desk
from tests.forms.conftest import page_count, pdftotext


@pytest.fixture(scope="module")
def demo_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    with Desk(tmp_path_factory.mktemp("card") / "community.db") as desk:
        demo.build(desk, 200, seed=3, today=datetime.date(2026, 12, 4))
        yield desk


def test_a_typical_household_card_is_one_page(demo_desk: Desk, tmp_path: Path) -> None:
    sizes = demo_desk.conn.execute(
        "SELECT h.household_no, count(p.id) AS n FROM household h"
        " JOIN person p ON p.household_id = h.id AND p.deleted = 0 GROUP BY h.id ORDER BY n, 1"
    ).fetchall()
    typical = sizes[len(sizes) // 2][0]
    out = tmp_path / "card.pdf"
    demo_desk.forms.print("card", household_no=typical, out=out)
    assert page_count(out) == 1
    assert "填表人" in pdftotext(out)  # the signature line is on that page too


def test_every_demo_card_fits_one_page(demo_desk: Desk, tmp_path: Path) -> None:
    largest = demo_desk.conn.execute(
        "SELECT max(n) FROM (SELECT count(*) AS n FROM person WHERE deleted = 0"
        " GROUP BY household_id)"
    ).fetchone()[0]
    assert largest >= 8  # the big families are there to be printed
    households = demo_desk.conn.execute("SELECT count(*) FROM household").fetchone()[0]
    out = tmp_path / "cards.pdf"
    result = demo_desk.forms.print("card", all_pending=True, out=out)
    assert result.count >= households * 0.9  # every card not printed yet
    assert page_count(out) == result.count
