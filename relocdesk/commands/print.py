"""``relocdesk print KIND (--person ID | --household NO | --all-pending) -o FILE.pdf``.

``--household`` takes what ``relocdesk show`` takes: household number, room or a member's ID.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from relocdesk.cli_support import (
    UserError,
    file_error,
    open_existing_desk,
    output_file,
    print_json,
)
from relocdesk.commands.show import find_household
from relocdesk.validation import ValidationError

KIND_HELP = (
    "residence_permit (permit) 居住证申领登记表, household_card (card) 户情卡, "
    "referral 就业推荐表, visit_record (visit) 入户走访记录表, "
    "visit_form (blank_visit) 空白入户走访记录表, monthly_summary (monthly) 月度工作汇总表"
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("print", help="打印表格为 PDF / print forms into one PDF")
    p.add_argument("kind", help=KIND_HELP)
    who = p.add_mutually_exclusive_group()
    who.add_argument(
        "--person",
        metavar="ID_NUMBER",
        help="一人：身份证号码（或不重名的姓名）/ one person: ID number (or a name no one shares)",
    )
    who.add_argument(
        "--household",
        metavar="NO",
        help="一户：户号、房号(如 3-2-501)或成员身份证号 / one household: number, room or ID",
    )
    who.add_argument(
        "--all-pending",
        action="store_true",
        help="全部尚未打印的 / everything not yet printed (permits to apply, referrals "
        "awaiting an outcome, visits of the last 90 days, cards new or changed since printed)",
    )
    p.add_argument("--month", metavar="YYYY-MM", help="月度汇总的月份 / month of the summary")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help="输出文件 / output")
    p.add_argument("--json", action="store_true", help="机器可读输出 / machine-readable output")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from relocdesk.forms.printing import kind_code

    kind = kind_code(args.kind)  # an unknown form is told before anything is looked up
    if args.month and kind != "monthly_summary":
        raise ValidationError(
            "month",
            "not_monthly",
            "只有月度汇总表需要月份（--month）",
            "only the monthly summary takes --month",
        )
    out = output_file(args.output, ".pdf")
    with open_existing_desk(args) as desk:
        # A clerk knows the door (3-2-501) or a member's ID card better than the household number.
        household_no = (
            None if args.household is None else find_household(desk, args.household)["household_no"]
        )
        with audited_output(out) as part:
            result = desk.forms.print(
                args.kind,
                person_id_number=args.person,
                household_no=household_no,
                all_pending=args.all_pending,
                month=args.month,
                out=part,
                actor=desk.actor or _who(),  # --as NAME, else cli:USER
                progress=None if args.json or not sys.stderr.isatty() else _progress,
            )
    if result.missing:
        sys.stderr.write(
            f"注意：字库中没有这些字，已印成方框，请手写补上：{result.missing}"
            f" / note: no bundled font has {result.missing}; printed as boxes, write them in\n"
        )
    if args.json:
        print_json(
            {
                "missing_characters": result.missing,
                "kind": result.kind,
                "path": str(out),
                "pages": result.pages,
                "count": result.count,
                "subject_table": result.subject_table,
                "subject_ids": list(result.subject_ids),
            }
        )
    else:
        print(
            f"已打印 {result.count} 份，共 {result.pages} 页 / printed {result.count} forms, "
            f"{result.pages} pages: {out}"
        )
    return 0


@contextlib.contextmanager
def audited_output(out: Path) -> Iterator[Path]:
    """A hidden file beside ``out`` that becomes ``out`` only once the forms are complete and
    their printing audited: a print that fails (a full disk, the database held by another
    program when the audit row is written) leaves no PDF that looks printed and is not."""
    part = out.with_name(f".{out.name}.{os.getpid()}.printing")
    try:
        yield part
        os.replace(part, out)
    except ValidationError as e:
        # The person chose ``out``, not the hidden file: name theirs. A file that cannot be
        # written is a folder or disk that cannot be used (exit 3), as for every command.
        zh, en = (m.replace(str(part), str(out)) for m in (e.message_zh, e.message_en))
        if e.field == "output":
            raise UserError(f"{zh} / {en}", exit_code=3) from e
        raise ValidationError(e.field, e.code, zh, en) from e
    except OSError as e:
        raise file_error(e, out) from e
    finally:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)


def _who() -> str:
    """The audit's "who printed": the account at the terminal, since the command has no login."""
    import getpass

    try:
        return f"cli:{getpass.getuser()}"
    except (OSError, KeyError):  # no user name in the environment or the password database
        return "cli"


def _progress(done: int, total: int) -> None:
    sys.stderr.write(f"\r{done}/{total}")
    if done == total:
        sys.stderr.write("\n")
