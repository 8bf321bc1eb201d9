"""The façade's reads of lists and boards (``queries.lists``, ``queries.boards``,
``queries.building_heads``): part of ``relocdesk.desk.Desk``, which the screens call; kept in
a module of its own so the façade stays one readable file."""

from __future__ import annotations

import datetime
import sqlite3
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relocdesk.queries import boards, building_heads, lists


class ListReads:
    """Reads of the lists and boards, on the desk's connection."""

    conn: sqlite3.Connection

    def list_ids(self, kind: lists.ListKind, query: lists.ListQuery) -> list[int]:
        """An export's reads: every row's rowid in the list's order, rows by rowid."""
        from relocdesk.queries import lists

        return lists.list_ids(self.conn, kind, query)

    def list_rows(self, kind: lists.ListKind, rowids: Sequence[int]) -> Mapping[int, lists.ListRow]:
        from relocdesk.queries import lists

        return lists.list_rows(self.conn, kind, rowids)

    def list_count(self, kind: lists.ListKind, query: lists.ListQuery) -> int:
        """How many rows a list shows; ``list_window``: the rows of one screen of it."""
        from relocdesk.queries import lists

        return lists.list_count(self.conn, kind, query)

    def list_window(self, kind: lists.ListKind, q: lists.ListQuery, at: int, n: int) -> lists.Rows:
        from relocdesk.queries import lists

        return lists.list_window(self.conn, kind, q, at, n)

    def building_choices(self) -> list[building_heads.BuildingChoice]:
        from relocdesk.queries import building_heads

        return building_heads.building_choices(self.conn)

    def building_heads_list(self) -> list[building_heads.BuildingHead]:
        """Building heads by name, with their buildings and active households."""
        from relocdesk.queries import building_heads

        return building_heads.heads(self.conn)

    def buildings_list(self) -> list[building_heads.Building]:
        """Buildings in number order, with their head and active households."""
        from relocdesk.queries import building_heads

        return building_heads.buildings(self.conn)

    def unemployed_board(
        self, on: datetime.date, building_head_id: str | None = None
    ) -> list[boards.UnemployedPerson]:
        """Unemployed people willing to work, against the referrals target as of ``on``."""
        from relocdesk.queries import boards

        return boards.unemployed(self.conn, on, building_head_id)

    def person_referrals(self, person_id: str) -> list[boards.Referral]:
        from relocdesk.queries import boards

        return boards.person_referrals(self.conn, person_id)

    def needs_board(
        self, on: datetime.date, status: str | None = None, household_id: str | None = None
    ) -> list[boards.NeedOnBoard]:
        """Needs of a status (None: all), overdue as of ``on`` first."""
        from relocdesk.queries import boards

        return boards.needs_board(self.conn, on, status, household_id)

    def recent_visits(self, household_id: str | None = None) -> list[boards.VisitInList]:
        from relocdesk.queries import boards

        return boards.recent_visits(self.conn, household_id)

    def household_in_hand(self, household_id: str) -> boards.HouseholdInHand | None:
        """A household's number, address and head, for the visit and need screens."""
        from relocdesk.queries import boards

        return boards.household_in_hand(self.conn, household_id)
