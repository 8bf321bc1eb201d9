"""Property: devices editing a shared hot set offline, syncing in any order, end with the
same data as the server; no write is lost and no op is applied twice."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.sync.harness import County, Workload

KINDS = ["sync", "sync", "room", "notes", "unit", "phone", "create", "delete", "visit"]
steps = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(0, 4), st.integers(0, 7), st.integers(0, 99)),
    min_size=5,
    max_size=40,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(devices=st.integers(3, 5), script=steps)
def test_devices_converge(sqlite_county: County, devices: int, script: list) -> None:
    work = Workload(sqlite_county, devices)
    for step in script:
        work.step(*step)
    work.settle()
    work.check()


@pytest.mark.postgres
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(devices=st.integers(3, 5), script=steps)
def test_devices_converge_postgres(pg_county: County, devices: int, script: list) -> None:
    if not pg_county.server.thread.is_alive():
        pg_county.server.start()
    work = Workload(pg_county, devices)
    for step in script:
        work.step(*step)
    work.settle()
    work.check()
