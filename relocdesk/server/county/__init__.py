"""The county's view on the server: each community's copy (``copies``), kept fresh by a
``Refresher``, and the figures the dashboard and the county workbook show (``figures``),
computed by the device's own report code over those copies."""

from relocdesk.server.county.copies import Copies, Refresher
from relocdesk.server.county.figures import CommunityRow, CountyFigures, Overview

__all__ = ["CommunityRow", "Copies", "CountyFigures", "Overview", "Refresher"]
