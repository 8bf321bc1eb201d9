"""Monitoring and early warning: the indicator catalogue (data) and its evaluation.

``AREAS``, ``LEVELS`` and ``RESPONSIBLE`` map codes to (Chinese, English) names for screens;
``count_warnings`` gives the counts of ``evaluate`` without building the warnings.
"""

from relocdesk.monitoring.catalogue import AREAS, LEVELS, RESPONSIBLE, Catalogue, Indicator, load
from relocdesk.monitoring.evaluate import Warning, acknowledge, evaluate
from relocdesk.monitoring.tables import forget, prepared
from relocdesk.monitoring.tally import WarningCount, count_warnings

__all__ = [
    "AREAS",
    "LEVELS",
    "RESPONSIBLE",
    "Catalogue",
    "Indicator",
    "Warning",
    "WarningCount",
    "acknowledge",
    "count_warnings",
    "evaluate",
    "forget",
    "load",
    "prepared",
]
