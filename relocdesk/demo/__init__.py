"""A demo community that looks like the real thing, for first start, training and benchmarks.

Everything is drawn from one ``random.Random(seed)`` and dated relative to ``today``, so a
seed and a date give the same households, names, ID numbers and rooms on every machine
(row clocks and outbox op ids still come from the device). The shares follow the sources:
most households have someone in work, a few percent of those with labour capacity have
nobody, unemployed people get referrals from their building head, a few school-age
children are out of school, a few percent lack medical insurance.

Rows are generated a few thousand households at a time and written with
``RowWriter.insert_many`` in one transaction, so a 100,000-household county fits in memory.

The package's parts, by job: ``draws`` (the weighted tables), ``names`` (names and
texts), ``community`` (the county and small draws), ``people``, ``work``, ``household`` and
``records`` (the parts of one ``home``), ``generator`` (buildings and building heads) and
``writer`` (into the database).
"""

from relocdesk.demo.draws import CHUNK_HOUSEHOLDS, TABLES, Member, Weighted, age_on
from relocdesk.demo.generator import Generator
from relocdesk.demo.home import Home
from relocdesk.demo.writer import DemoSummary, build, ensure_demo

__all__ = [
    "CHUNK_HOUSEHOLDS",
    "TABLES",
    "DemoSummary",
    "Generator",
    "Home",
    "Member",
    "Weighted",
    "age_on",
    "build",
    "ensure_demo",
]
