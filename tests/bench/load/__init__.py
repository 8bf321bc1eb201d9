"""A load harness that measures the county server, not itself (``tests/bench/bench_load.py``).

- ``county``: the county seeded on PostgreSQL — one demo community pushed through the real
  server, copied to the other communities with ids of their own, users and device tokens in
  the server's own format;
- ``device``: simulated devices speaking raw HTTP/1.1 over asyncio streams, many to a process
  and a few processes, with no SQLite of their own: each keeps only its token, its cursor and
  the clocks of the fields it edits;
- ``watch``: what the server spends — CPU of its processes and of its PostgreSQL backends
  from ``/proc``, connections and lock waits sampled from ``pg_stat_activity``.
"""
