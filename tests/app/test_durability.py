"""Power cuts: every connection the program opens to SQLite syncs the log at each commit
(synchronous=FULL), so a confirmed commit survives a power cut; before it was NORMAL (1)."""

import threading

from app.db import database


def test_every_sqlite_connection_syncs_each_commit(sqlite_db):
    assert database.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    seen = []

    def other_thread():  # a worker thread gets a connection of its own, with the same pragmas
        seen.append(database.execute_sql("PRAGMA synchronous").fetchone()[0])
        database.close()

    t = threading.Thread(target=other_thread)
    t.start()
    t.join()
    assert seen == [2]
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
