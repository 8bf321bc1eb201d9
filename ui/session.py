"""Who is signed in at this desk, as the screens see it.

The database worker's desk knows it too (``desk.actor``, set by ``desk.staff.sign_in``):
that is the name audit rows are written under. The screens keep a copy to fill in the
visitor of a visit or who recorded a step, without a round trip to the worker.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Session:
    name: str = ""
    role: str = ""


SIGNED_IN = Session()


def signed_in_name() -> str:
    return SIGNED_IN.name


def set_signed_in(name: str, role: str) -> None:
    SIGNED_IN.name, SIGNED_IN.role = name, role
