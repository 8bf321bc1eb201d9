"""Thresholds a county publishes: the indicator parameters (the income monitoring line, the
visit intervals, ...) every community of the county then applies.

A published value is named by the indicator's parameter, ``INC-01.line`` or ``INT-04.days``,
or by the catalogue's setting name that several parameters share (``income_line`` is the
line of INC-01 and INC-03). It must be a number, not negative, for a parameter the catalogue
has. Devices receive their county's values on every sync (``"published"`` on a pull's last
page) and apply them over the catalogue's and their own settings; the county's copies of the
communities take them the same way.
"""

from __future__ import annotations

from typing import Any

from relocdesk.monitoring.tables import MAX_DAYS, MAX_THRESHOLD, usable
from relocdesk.server.database import Database, now
from relocdesk.validation import ValidationError


def _catalogue_keys() -> dict[str, tuple[str, float]]:
    """Every name a county may publish, with its label and the catalogue's value."""
    from relocdesk.monitoring import load

    keys: dict[str, tuple[str, float]] = {}
    for ind in load().indicators:
        for name, value in ind.params.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                keys[f"{ind.code}.{name}"] = (f"{ind.code} {ind.name_zh}", float(value))
        for name, setting in ind.settings.items():
            keys.setdefault(setting, (setting, float(ind.params[name])))
    return keys


def _param_of(key: str) -> str:
    """The parameter a published name sets: ``days`` of ``INT-04.days``, and ``line`` of
    the setting ``income_line`` (the line of INC-01 and INC-03)."""
    from relocdesk.monitoring import load

    if "." in key:
        return key.rsplit(".", 1)[1]
    for ind in load().indicators:
        for name, setting in ind.settings.items():
            if setting == key:
                return name
    return key


def publishable() -> dict[str, tuple[str, float]]:
    """name -> (label, the catalogue's value)."""
    return _catalogue_keys()


def check(key: str, value: str | float) -> str:
    """The value as stored, or a ``ValidationError`` naming the field."""
    if key not in _catalogue_keys():
        raise ValidationError(
            "key",
            "unknown",
            f"没有可发布的阈值“{key}”（应为如 INC-01.line、INT-04.days 或 income_line）",
            f"no threshold {key!r} can be published (e.g. INC-01.line, INT-04.days, income_line)",
        )
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = float("nan")
    if number != number or number < 0 or number in (float("inf"), float("-inf")):
        raise ValidationError(
            "value",
            "not_a_number",
            f"阈值“{key}”应为不小于 0 的数字：{value!r}",
            f"threshold {key} must be a number not below 0: {value!r}",
        )
    # Every laptop of the county evaluates with it: one past what an evaluation can use
    # (a slip of zeros in a day count) would fail the warnings of them all.
    name = _param_of(key)
    if not usable(name, number):
        limit = MAX_DAYS if name == "days" else MAX_THRESHOLD
        raise ValidationError(
            "value",
            "too_large",
            f"阈值“{key}”不能大于 {limit:,}：{value!r}",
            f"threshold {key} may not be above {limit:,}: {value!r}",
        )
    return f"{number:g}"


_PUBLISHED_FOR = (
    'SELECT p."key", p.value FROM rd_county_param p'
    " JOIN rd_community c ON c.county_id = p.county_id WHERE c.id = {}"
)


class Published(Database):
    def publish(self, county_code: str, key: str, value: str | float, by: str) -> str:
        """Set one threshold for the whole county; the value as stored."""
        stored = check(key, value)
        county_id = self._county_id(county_code)
        p = self.t_county_param
        with self.write() as conn:
            found = conn.execute(
                p.select().where(p.c.county_id == county_id, p.c.key == key)
            ).first()
            values = {"value": stored, "set_at": now(), "set_by": by}
            if found is None:
                conn.execute(p.insert().values(county_id=county_id, key=key, **values))
            else:
                conn.execute(
                    p.update().where(p.c.county_id == county_id, p.c.key == key).values(**values)
                )
        return stored

    def unpublish(self, county_code: str, key: str) -> bool:
        """Withdraw a threshold: the catalogue's (or each device's own) value applies again."""
        county_id = self._county_id(county_code)
        p = self.t_county_param
        with self.write() as conn:
            res = conn.execute(p.delete().where(p.c.county_id == county_id, p.c.key == key))
        return bool(res.rowcount)

    def published(self, county_code: str) -> list[dict[str, Any]]:
        """The county's thresholds: key, value, when and by whom."""
        county_id = self._county_id(county_code)
        p = self.t_county_param
        with self.read() as conn:
            rows = conn.execute(p.select().where(p.c.county_id == county_id).order_by(p.c.key))
            return [
                {"key": r.key, "value": r.value, "set_at": r.set_at, "set_by": r.set_by}
                for r in rows
            ]

    def published_for(self, conn: Any, community_id: str) -> dict[str, str]:
        """The thresholds of the community's county (none outside a county), inside a
        transaction already open (a pull's)."""
        rows = self.raw_rows(conn, _PUBLISHED_FOR, (community_id,))
        return {str(key): str(value) for key, value in rows}

    def _county_id(self, code: str) -> str:
        from sqlalchemy import select

        k = self.t_county
        with self.read() as conn:
            found = conn.execute(select(k.c.id).where(k.c.code == code)).scalar()
        if found is None:
            raise LookupError(f"没有此县 / no county with code {code}")
        return str(found)
