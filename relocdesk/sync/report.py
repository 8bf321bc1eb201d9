"""What one sync did, as the CLI prints it and the Sync page shows it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from relocdesk.sync import scope


@dataclass
class SyncReport:
    pushed: int = 0  # ops the server acknowledged
    pulled: int = 0  # rows received and stored
    conflicts: int = 0  # conflict rows new to this device
    open_conflicts: int = 0
    held: int = 0  # server rows the local schema refused, kept aside
    verified: bool | None = None  # digest compared: equal / different; None: not compared
    full_download: bool = False
    reconciled: int = 0  # local rows the server lacked (after a restore) and took back
    cursor: int = 0
    seconds: float = 0.0
    left: int = 0  # households that left this building head's buildings, removed here
    kept_back: int = 0  # unsent changes to such households: kept, not sent (sync.scope)
    refused: int = 0  # ops set aside this sync: refused by the server, or damaged (refused)
    redated: int = 0  # ops saved under a wrong date, given true clocks (sync.redate)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        parts = [
            f"上传 {self.pushed} 项 / {self.pushed} changes up",
            f"下载 {self.pulled} 条 / {self.pulled} rows down",
            f"新冲突 {self.conflicts} / {self.conflicts} new conflicts"
            f"（待处理 {self.open_conflicts} / {self.open_conflicts} open）",
        ]
        if self.held:
            parts.append(f"暂存 {self.held} 条 / {self.held} rows held")
        if self.reconciled:
            parts.append(
                f"补传服务器缺少的 {self.reconciled} 条 / {self.reconciled} rows the server"
                " lacked sent back"
            )
        if self.refused:
            parts.append(
                f"另存未上传的修改 {self.refused} 项（见同步页）/ {self.refused} changes set"
                " aside, not sent (see the Sync page)"
            )
        if self.redated:
            parts.append(
                f"按正确日期重新标记时间的修改 {self.redated} 项 / {self.redated} changes saved"
                " under a wrong date stamped with the true date"
            )
        if self.full_download:
            parts.append("已完整重新下载 / full re-download done")
        if self.left or self.kept_back:
            parts.append(scope.summary(self.left, self.kept_back))
        return "; ".join(parts)
