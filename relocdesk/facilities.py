"""The site's public facilities (基本公共服务配套): a register of the schools, kindergartens,
clinics and service centres of the "十个一" set, each with its capacity, how many it serves
and whether it is in service. Synced like the households; monitored by the indicators of the
``facilities`` area (a facility out of service, a facility over its capacity)."""

from __future__ import annotations

from typing import Any

from relocdesk.records import Records, Row


class Facilities(Records):
    def create(self, *, name: str, kind: str, **more: Any) -> Row:
        return self.insert({"name": name, "kind": kind, **more})

    def register(self) -> list[Row]:
        """Every facility, by kind and name."""
        cur = self.conn.execute("SELECT * FROM facility WHERE deleted = 0 ORDER BY kind, name")
        return [dict(r) for r in cur]
