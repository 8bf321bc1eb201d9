"""``relocdesk import FILE``: roster import with a per-row report.

Exit codes: 0 imported (or a dry run with no errors), 1 refused because of errors in the
data, 2 the file cannot be read as a roster.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relocdesk.cli_support import database_path, open_desk_at, print_json

if TYPE_CHECKING:
    from relocdesk.desk import Desk
    from relocdesk.roster.apply import Mode
    from relocdesk.roster.plan import Duplicates, ImportPlan

ERRORS_SHOWN = 20
NO_COMMUNITY = (
    "错误 / error: 本机还没有社区，花名册无处可导；请先用 relocdesk init --name 社区名称"
    " --county 县 新建社区，或用 relocdesk enroll 登记到县服务器"
    " / there is no community to import into yet: start one with"
    " `relocdesk init --name NAME --county COUNTY`, or enroll with `relocdesk enroll`"
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "import",
        help="导入花名册（.xlsx/.xls/.ods/.csv/.txt，系统导出的网页或 XML 表格）"
        " / import a roster (.xlsx/.xls/.ods/.csv/.txt, a system's web-page or XML export)",
    )
    p.add_argument("file", help="花名册文件 / roster file")
    p.add_argument(
        "--dry-run", action="store_true", help="只检查，不导入 / check only, write nothing"
    )
    p.add_argument("--json", action="store_true", help="机器可读输出 / machine-readable output")
    p.add_argument(
        "--valid-only",
        action="store_true",
        help="只导入正确的行，错误行写入 --rejects 文件 / import the valid rows only",
    )
    p.add_argument(
        "--rejects",
        metavar="FILE",
        help="错误行文件 (.xlsx 或 .csv) / file for the rejected rows "
        "(default with --valid-only: FILE_rejects.xlsx beside the input)",
    )
    p.add_argument(
        "--update-duplicates",
        action="store_true",
        help="身份证号码已存在时更新该人员（默认跳过）/ update people already in the database "
        "(default: skip them)",
    )
    p.add_argument(
        "--values",
        metavar="MAP.json",
        help="取值对照文件 {字段: {原值: 标准值}} / value map {field: {value: known value}} "
        "for words the import does not recognise (see docs/roster.md)",
    )
    p.add_argument(
        "--sheet",
        action="append",
        metavar="NAME",
        help="只读这个工作表（可重复）；默认读有花名册表头的每个工作表 / read only this sheet"
        " (repeatable); by default every sheet with a roster header is read",
    )
    p.add_argument(
        "--errors",
        type=int,
        default=ERRORS_SHOWN,
        metavar="N",
        help=f"显示前 N 个错误行 / show the first N rows with errors (default {ERRORS_SHOWN})",
    )
    p.set_defaults(func=run)


def _interrupted(desk: Desk, plan: ImportPlan) -> int:
    """Ctrl+C during the import: rolled back (nothing was imported), or it came once the
    import was saved, which a clerk told "cancelled" would import again or look for in vain."""
    from relocdesk.roster.plan import database_stamp

    if database_stamp(desk) == plan.stamp:
        raise KeyboardInterrupt  # "cancelled", as any command interrupted
    print(
        "已导入：Ctrl+C 在导入保存之后才按下，数据已保存（可用 relocdesk search 查看）"
        " / imported: Ctrl+C came after the import was saved; the data is kept"
        " (relocdesk search shows it)",
        file=sys.stderr,
    )
    return 0


def run(args: argparse.Namespace) -> int:
    from relocdesk.roster import (
        RosterReadError,
        apply_import,
        plan_import,
        read_table,
        suggest_mapping,
    )
    from relocdesk.roster.values import ValueMapError, read_value_map

    path = Path(args.file)
    try:
        values = read_value_map(args.values) if args.values else {}
        raw = read_table(path, args.sheet)
    except (RosterReadError, ValueMapError) as e:
        code = getattr(e, "code", "value_map")
        if args.json:
            print_json({"error": {"code": code, "zh": e.message_zh, "en": e.message_en}})
        print(f"错误 / error: {e.message_zh} / {e.message_en}", file=sys.stderr)
        return 2
    where = database_path(args)
    if not where.is_file():
        # Nothing to import into, and a dry run must leave no empty database behind.
        print(NO_COMMUNITY, file=sys.stderr)
        return 2
    with open_desk_at(where) as desk:
        if not desk.community_id:
            print(NO_COMMUNITY, file=sys.stderr)
            return 2
        duplicates: Duplicates = "update" if args.update_duplicates else "skip"
        mapping = suggest_mapping(raw.headers)
        plan = plan_import(desk, raw, mapping, duplicates=duplicates, values=values)
        result = None
        if not args.dry_run:
            mode: Mode = "valid_only" if args.valid_only else "all_or_nothing"
            rejects = args.rejects or (
                str(path.with_name(path.stem + "_rejects.xlsx")) if args.valid_only else None
            )
            try:
                result = apply_import(desk, plan, mode=mode, rejects_path=rejects)
            except KeyboardInterrupt:
                return _interrupted(desk, plan)
    if args.json:
        out: dict[str, Any] = plan.to_json(max_rows=None)
        out["dry_run"] = bool(args.dry_run)
        out["result"] = result.to_json() if result else None
        print_json(out)
    else:
        _print_report(plan, args.errors)
        if result is not None:
            print(f"{result.message_zh}\n{result.message_en}")
            if result.rejects_path:
                print(f"错误行已写入 / rejected rows written to: {result.rejects_path}")
    if result is None:
        return 0 if plan.ok else 1
    if not result.applied:
        return 1
    # valid-only with nothing valid imported nothing: that is a refusal too
    written = (
        result.people_created
        + result.people_updated
        + result.people_unchanged
        + result.people_skipped
    )
    return 0 if written or not plan.error_count else 1


def _print_report(plan: Any, shown: int) -> None:
    s = plan.summary()
    print(
        f"文件 / file: {s['file']}"
        + (f"  工作表 / sheet: {s['sheet']}" if s["sheet"] else "")
        + (f"  编码 / encoding: {s['encoding']}" if s["encoding"] else "")
        + f"  表头在第 {s['header_row']} 行 / header at row {s['header_row']}"
    )
    mapped = plan.to_json(max_rows=0)["mapping"]
    # a header typed on two lines in its cell (身份证\n号码) is shown on one
    print("列 / columns: " + "，".join(f"{''.join(h.splitlines())}→{f}" for h, f in mapped.items()))
    for e in plan.problems:
        print(f"  ✗ {e.message_zh} / {e.message_en}")
    print(
        f"共 {s['rows']} 行：正确 {s['valid']}，错误 {s['errors']}；新增 {s['insert']}，"
        f"更新 {s['update']}，跳过(已存在) {s['skip']}，新户 {s['new_households']}\n"
        f"{s['rows']} rows: {s['valid']} valid, {s['errors']} with errors; {s['insert']} to add, "
        f"{s['update']} to update, {s['skip']} skipped (already there), "
        f"{s['new_households']} new households"
    )
    _print_counts(s)
    bad = [r for r in plan.report if r.errors]
    for r in bad[:shown]:
        print(f"{r.place_zh} / {r.place_en}  {r.name} {r.id_number}".rstrip())
        for e in r.errors:
            value = f"“{e.value}”" if e.value else ""
            column = "".join(e.where.splitlines())
            print(f"    {column} {value}: {e.message_zh} / {e.message_en} [{e.code}]")
    if len(bad) > shown:
        print(f"…… 另有 {len(bad) - shown} 行有错误 / {len(bad) - shown} more rows with errors")
    # what the import put right, for the clerk to check (an old ID number made 18 characters)
    notes = [(r, n) for r in plan.report for n in r.notes]
    for r, n in notes[:shown]:
        print(f"  ✓ {r.place_zh} / {r.place_en} {r.name}: {n.message_zh} / {n.message_en}")
    if len(notes) > shown:
        print(f"…… 另有 {len(notes) - shown} 处更正 / {len(notes) - shown} more corrections")


def _print_counts(s: dict[str, Any]) -> None:
    """Rows that are not people, repeats, corrections, rejections by reason, columns left out."""
    from relocdesk.roster.reasons import counted, reason_label, skipped_label

    print(
        f"读取 {s['rows_read']} 行 / rows read；重复 / repeats: {s['repeats']}；"
        f"已更正 / corrected: {s['corrected']}\n"
        f"  非人员行已跳过 / not people, skipped: {counted(s['skipped_rows'], skipped_label)}\n"
        f"  拒绝原因 / rejected by reason: {counted(s['rejected_by_reason'], reason_label)}"
    )
    if len(s["sheets"]) > 1:
        read = "，".join(f"{x['name']} {x['rows']}" for x in s["sheets"])
        print(f"  读取的工作表 / sheets read (rows): {read}")
    if named := "，".join(f"{x['name']} → {x['place']}" for x in s["sheets"] if x["place"]):
        print(f"  楼栋取自工作表名 / building from each sheet's name: {named}")
    for x in s["sheets_not_read"]:
        print(f"  未读取的工作表 / sheet not read: {x['name']}: {x['zh']} / {x['en']}")
    for c in s["ignored_columns"]:
        print(f"  未导入的列 / not imported: {c['column']}: {c['zh']} / {c['en']}")
    for field, found in s["unrecognised_values"].items():
        words = "，".join(f"“{u['value']}” {u['count']}" for u in found)
        print(f"  未识别的值 / values not recognised ({field}, {found[0]['column']}): {words}")
