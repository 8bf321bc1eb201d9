"""Two of the county's staff (or one script run twice) making the same community at the same
instant. Before, each command looked for a namesake, found none, and made its own: two
communities of one name, their devices split between them. The look and the making are now
one transaction, taken in turns, so one is made and the others are told it exists."""

from __future__ import annotations

import threading

from relocdesk.server.storage import Storage

AT_ONCE = 6


def test_one_name_made_at_once_by_several_commands_is_made_once(db_url: str) -> None:
    setup = Storage(db_url)
    setup.create_all()
    setup.close()
    stores = [Storage(db_url) for _ in range(AT_ONCE)]
    start = threading.Barrier(AT_ONCE)
    made: list[str] = []
    refused: list[str] = []

    def make(storage: Storage) -> None:
        start.wait()
        try:
            made.append(
                storage.create_community("锦绣社区", county="惠水县", refuse_namesakes=True)
            )
        except ValueError as e:
            refused.append(str(e))

    threads = [threading.Thread(target=make, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    try:
        assert len(made) == 1, made
        assert len(refused) == AT_ONCE - 1
        assert all(made[0] in message and "--township" in message for message in refused)
        with stores[0].read() as conn:
            names = [r.name for r in conn.execute(stores[0].t_community.select()).all()]
        assert names == ["锦绣社区"]
        # another township's namesake, and a namesake brought under its own id, are made
        other = stores[0].create_community(
            "锦绣社区", county="惠水县", township="濛江街道", refuse_namesakes=True
        )
        assert other != made[0]
        assert stores[1].create_community("锦绣社区", "laptop-id", county="惠水县") == "laptop-id"
    finally:
        for s in stores:
            s.close()
