"""The cycle collector never runs in a worker thread (a Qt object freed there crashes the process)."""

import gc
import threading

from ui import gc_guard


class Node:
    def __init__(self):
        self.me = self  # a reference cycle: only the cycle collector frees it


def test_application_turns_automatic_collection_off(qapp):
    assert not gc.isenabled()
    assert gc_guard.install(qapp) is gc_guard.install(qapp)  # one collector per application


def test_no_collection_happens_in_a_background_thread(qapp):
    threads: list[str] = []

    def record(phase, info):
        if phase == "start":
            threads.append(threading.current_thread().name)

    def allocate():
        for _ in range(50 * gc.get_threshold()[0]):
            Node()

    gc.callbacks.append(record)
    try:
        worker = threading.Thread(target=allocate, name="worker")
        worker.start()
        worker.join()
    finally:
        gc.callbacks.remove(record)
    assert "worker" not in threads


def test_timer_collects_what_is_due_on_the_interface_thread(qapp, qtbot):
    collector = gc_guard.install(qapp)
    before = len(gc.get_objects(generation=0))
    for _ in range(2 * gc.get_threshold()[0]):
        Node()
    assert gc.get_count()[0] > gc.get_threshold()[0]
    qtbot.waitUntil(lambda: gc.get_count()[0] < gc.get_threshold()[0], timeout=3000)
    assert collector.timer.isActive()
    assert len(gc.get_objects(generation=0)) <= before + gc.get_threshold()[0]
