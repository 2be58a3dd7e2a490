"""Gapless serial numbers per Jalali year (tracking codes, letter numbers).

`next_serial` must be called inside the caller's transaction: the counter row is incremented with one
UPDATE ... RETURNING, which holds the row lock (PostgreSQL) or the write lock (SQLite, whose transactions
begin IMMEDIATE) until the caller commits. If the caller's transaction rolls back, so does the number:
no gap, no duplicate, whatever the number of PCs or processes.
"""

from __future__ import annotations

import peewee

from app.db import database
from app.services.admin import audit


def next_serial(counter_model: type[peewee.Model], year: int) -> int:
    table = counter_model._meta.table_name
    p = database.param
    audit.hold_chain()  # the chain's lock before the counter row, as every writer takes them (no deadlock)
    database.execute_sql(
        f'INSERT INTO "{table}" (year, last_serial) VALUES ({p}, 0) ON CONFLICT (year) DO NOTHING', (year,)
    )
    row = database.execute_sql(
        f'UPDATE "{table}" SET last_serial = last_serial + 1 WHERE year = {p} RETURNING last_serial', (year,)
    ).fetchone()
    return row[0]


def reserve_serials(counter_model: type[peewee.Model], year: int, count: int) -> int:
    """Take `count` consecutive serials at once (bulk imports, demo data); returns the first. The same
    locking as next_serial: call it inside the transaction that writes the rows using them."""
    table = counter_model._meta.table_name
    p = database.param
    audit.hold_chain()  # the chain's lock before the counter row, as every writer takes them (no deadlock)
    database.execute_sql(
        f'INSERT INTO "{table}" (year, last_serial) VALUES ({p}, 0) ON CONFLICT (year) DO NOTHING', (year,)
    )
    row = database.execute_sql(
        f'UPDATE "{table}" SET last_serial = last_serial + {p} WHERE year = {p} RETURNING last_serial',
        (count, year),
    ).fetchone()
    return row[0] - count + 1
