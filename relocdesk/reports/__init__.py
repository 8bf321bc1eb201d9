"""Statistics: the dashboard's figures and the monthly report (pandas, Excel).

pandas and openpyxl are imported inside the functions that need them, so opening the
dashboard does not pay for them.
"""

from relocdesk.reports.dashboard import dashboard
from relocdesk.reports.figures import BuildingFigures, Dashboard, Figures, MonthPoint
from relocdesk.reports.monthly import SHEETS, monthly, write_monthly_xlsx

__all__ = [
    "SHEETS",
    "BuildingFigures",
    "Dashboard",
    "Figures",
    "MonthPoint",
    "dashboard",
    "monthly",
    "write_monthly_xlsx",
]
