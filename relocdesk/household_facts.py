"""The monitoring object type of a household and the flag it replaced.

The return-to-poverty prevention system names three kinds of monitored household (脱贫不稳定户,
边缘易致贫户, 突发严重困难户, ``enums.MONITOR_TYPE``). Before store migration 0012 a household
had one "monitored" flag. The flag is kept, always in step with the type, because reports,
filters and older devices read it; the type is what people edit. A write that names only the
flag (an older device, a roster's 监测户 column) gets a type from it, the same way the
migration gave one to the flags already stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# type_from_flag in SQL, over a household aliased h: its type, the flag's where it has none
TYPE_SQL = (
    "coalesce(nullif(h.monitor_type, ''), CASE WHEN h.monitored = 1 THEN"
    " CASE WHEN h.formerly_poor = 1 THEN 'unstable' ELSE 'marginal' END END)"
)


def type_from_flag(values: Mapping[str, Any]) -> str | None:
    """The type a monitored household without one is taken to be: 脱贫不稳定户 when it is
    formerly poor, else 边缘易致贫户; None when it is not monitored."""
    if not values.get("monitored"):
        return None
    return "unstable" if values.get("formerly_poor") else "marginal"


def monitor_type(row: Mapping[str, Any]) -> str | None:
    """A stored household's type: its own, else the one its flag implies (a row written by a
    device from before the type, received through sync); none when the flag is off, since
    such a device may have ended the monitoring by the flag alone."""
    if not row.get("monitored"):
        return None
    return row.get("monitor_type") or type_from_flag(row)


def complete(clean: dict[str, Any], old: Mapping[str, Any] | None) -> dict[str, Any]:
    """The flag set from the type when the type is written; the type from the flag when only
    the flag is (a type already recorded is kept while the flag stays on)."""
    if "monitor_type" in clean:
        clean["monitored"] = int(bool(clean["monitor_type"]))
    elif "monitored" in clean:
        # a type is kept only from a household monitored until now, never a stale one
        kept = old.get("monitor_type") if old and old.get("monitored") else None
        clean["monitor_type"] = monitor_type({**(old or {}), **clean, "monitor_type": kept})
    return clean
