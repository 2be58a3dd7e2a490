"""Samad Desk (میز سامد): the domain, storage and services. Never imports Qt."""

import sys

__version__ = "0.1.0"

# peewee imports psycopg2 (its C library with libpq and ssl, and its extras) as it loads itself: 25-30 ms of every
# start of the program (issue 17), for nothing on a PC using SQLite. peewee is first imported here, whichever
# module of the package comes first, with psycopg2 held out (its `import psycopg2` raises ImportError, so it
# records no driver); app.db hands the driver to peewee when a PostgreSQL database is made
# (app.db._give_peewee_psycopg2; tests/app/test_db_driver.py).
_hold_psycopg2 = "psycopg2" not in sys.modules and "peewee" not in sys.modules
if _hold_psycopg2:
    sys.modules["psycopg2"] = None
try:
    import peewee  # noqa: F401
finally:
    if _hold_psycopg2:
        del sys.modules["psycopg2"]
