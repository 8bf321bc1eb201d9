"""``relocdesk show NO [--reveal]``: one household with its members (by household number, room
or ID). ID numbers are masked unless ``--reveal`` is given; either way the look is written to
the audit trail as one row (a "view", or a "reveal" when the full numbers were shown), under
the ``--as`` person or the operating-system account. The row names the household, and the
member too when the household was found by that member's ID number."""

from __future__ import annotations

import argparse
import unicodedata
from typing import Any

from relocdesk import enums
from relocdesk.cli_support import UserError, open_existing_desk, print_json
from relocdesk.desk import Desk
from relocdesk.store.search import room_key, spoken
from relocdesk.validation import ValidationError, mask_id_number


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("show", help="显示一户及其成员 / show one household and its members")
    p.add_argument(
        "household", help="户号、房号(如 3-2-501)或成员身份证号 / household number, room or ID"
    )
    p.add_argument(
        "--reveal",
        action="store_true",
        help="显示完整身份证号（记入审计）/ show full ID numbers (written to the audit trail)",
    )
    p.add_argument("--json", action="store_true", help="机器可读输出 / machine-readable output")
    p.set_defaults(func=run)


def typed_key(key: str) -> str:
    return unicodedata.normalize("NFKC", key).strip()


def find_household(desk: Desk, key: str) -> dict[str, Any]:
    # An input method in full-width mode types ５２２７３１－０００１: looked up as ASCII too.
    as_typed, key = key.strip(), typed_key(key)
    if not key:
        raise UserError("请输入户号、房号或身份证号 / give a household number, room or ID number")
    found = desk.households.by_number(as_typed) or desk.households.by_number(key)
    if found is None:
        found = desk.households.by_room(key)
    if found is None and len(key.replace(" ", "")) == 18:
        try:
            person = desk.people.by_id_number(key)
        except ValidationError as e:
            raise UserError(
                f"找不到住户“{key}”，且{e.message_zh} / no household matches"
                f" {key!r}, and {e.message_en}"
            ) from None
        found = desk.households.get(person["household_id"]) if person else None
    if found is None:
        raise UserError(
            f"找不到住户“{key}”：请输入户号、房号（如 3-2-501）或成员的身份证号"
            f" / no household matches {key!r}: give a household number, a room such as"
            " 3-2-501 or a member's ID number"
        )
    return found


def run(args: argparse.Namespace) -> int:
    with open_existing_desk(args) as desk:
        hh = find_household(desk, args.household)
        if args.reveal and desk.masks_id_numbers:  # a building head's device
            raise UserError(
                "楼栋长账号不能查看完整身份证号码 / a building head's account may not see full"
                " ID numbers"
            )
        members = desk.households.members(hh["id"])
        building = desk.buildings.get(hh["building_id"]) if hh["building_id"] else None
        numbers = sum(1 for m in members if m["id_number"])
        # Found by a member's ID number: the look was for that person, and the row says so.
        typed = "".join(typed_key(args.household).split()).upper()
        member = next((m["id"] for m in members if (m["id_number"] or "") == typed), None)
        if args.reveal:
            detail = f"relocdesk show: {numbers} ID"
            desk.audit.looked("reveal", "household", hh["id"], detail, person_id=member)
        else:
            desk.audit.looked("view", "household", hh["id"], "relocdesk show", person_id=member)
            members = [{**m, "id_number": mask_id_number(m["id_number"])} for m in members]
    room = room_key(building["number"] if building else None, hh["unit"], hh["room"])
    if args.json:
        print_json({"household": {**hh, "room_key": room}, "members": members})
        return 0
    where = spoken(building["number"] if building else None, hh["unit"], hh["room"])
    print(f"户号 household {hh['household_no']}   住址 address {where or '—'} ({room or '—'})")
    origin = "".join(
        x or "" for x in (hh["origin_county"], hh["origin_township"], hh["origin_village"])
    )
    print(f"迁出地 origin {origin}   入住 moved in {hh['move_in_date'] or '-'}")
    print(f"户籍 registration {enums.label(enums.REGISTRATION_STATUS, hh['registration_status'])}")
    for m in members:
        work = enums.label(enums.EMPLOYMENT_STATUS, m["employment_status"])
        print(
            f"  {m['name']:<6} {enums.label(enums.RELATION, m['relation']):<4}"
            f" {enums.label(enums.GENDER, m['gender'])} {m['birth_date'] or '':<10}"
            f" {m['id_number'] or '':<18} {work}"
        )
    return 0
