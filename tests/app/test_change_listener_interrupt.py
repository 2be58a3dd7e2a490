"""Closing the app never waits out a poll interval: a ChangeListener's wait ends when it is interrupted from
another thread, on SQLite (a plain wait) and on PostgreSQL (a select on the connection)."""

import threading

from app.services.admin import changes


def test_a_waiting_listener_ends_at_once_when_interrupted(database_url):
    listener = changes.ChangeListener(database_url)
    returned = []
    try:
        listener.wait(0.05)  # PostgreSQL: connects and starts listening
        waiter = threading.Thread(target=lambda: returned.append(listener.wait(60)), daemon=True)
        waiter.start()
        waiter.join(0.2)
        assert waiter.is_alive()  # it really waits
        listener.interrupt()
        waiter.join(10)  # far less than the 60 s it was asked to wait
        assert not waiter.is_alive() and returned == [False]
        assert listener.wait(60) is False  # once interrupted, later waits return at once too
    finally:
        listener.close()
