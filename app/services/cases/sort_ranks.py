"""Sort ranks: the register sorted by agency or operator walks a small integer index, not the names.

Each agency and each user has a rank (agency.sort_rank, user.sort_rank; migration 35): a positive integer whose
order is the order of the names as the database sorts them (`ORDER BY name`, the order the register showed when
it sorted the names themselves, migration 24), equal names having equal ranks. Each case keeps its agency's and
its operator's rank (cases.agency_rank, 0 for a case with no agency, so those come first as their empty name
did; cases.operator_rank), indexed with the id as (agency_rank, id) and (operator_rank, id). Sorting the cases
by (rank, id) is therefore sorting them by (name, id); the names are read from agency and user for display.

Ranks are spaced GAP apart, so a new agency or user (which has no cases yet) takes a free rank between its
neighbours' and no case changes. A rename keeps the rank while it still lies between the new neighbours', or
takes a free one there (then only the renamed row's cases change); when the neighbours are adjacent integers,
every rank of that table is numbered again GAP apart and the cases of each row whose rank changed follow. All of
it runs in the caller's transaction: adding an agency (app.services.admin.reference.add_item, load_seed) or a
user (app.services.admin.users), renaming either (reference.rename_item, users.update_user), and a case taking
its agency's and operator's ranks (registering, editing its agency). A row inserted behind the services' back
(rank 0) is placed the first time a case needs its rank. `refill()` numbers every rank again and sets every
case's (after the demo's batched inserts); `reorder()` numbers them again where they are out of this
database's name order (after `samad migrate-to` copied them from another database). On PostgreSQL, placing takes a transaction-scoped advisory lock per
table, so two sessions placing at once do not pick the same free rank for different names.
"""

from __future__ import annotations

import peewee

from app.db import database, is_postgres
from app.models import Agency, Case, User

GAP = 1024


def _kind(model) -> tuple:
    """(the name field, the case's foreign key, the case's rank column) of Agency or User."""
    if model is Agency:
        return Agency.name, Case.agency, Case.agency_rank
    return User.full_name, Case.operator, Case.operator_rank


def agency_rank(agency_id: int | None) -> int:
    return 0 if agency_id is None else _rank_of(Agency, agency_id)


def operator_rank(user_id: int) -> int:
    return _rank_of(User, user_id)


def _rank_of(model, row_id: int) -> int:
    rank = model.select(model.sort_rank).where(model.id == row_id).scalar()
    if rank is None:  # no such row: the case's foreign key refuses it
        return 0
    return rank or place(model, row_id)


def agency_placed(agency_id: int) -> int:
    """After an agency is added or renamed."""
    return place(Agency, agency_id)


def user_placed(user_id: int) -> int:
    """After a user is added or their full name changes."""
    return place(User, user_id)


def _lock(model) -> None:
    if is_postgres():
        database.execute_sql(
            "SELECT pg_advisory_xact_lock(hashtext(%s || current_schema()))",
            (f"samad-sort-rank:{model._meta.table_name}:",),
        )


def place(model, row_id: int) -> int:
    """Give the row a rank that keeps rank order equal to name order (after it was added or renamed), changing
    the cases of every row whose rank changed. Returns the row's rank."""
    name_field, _, _ = _kind(model)
    with database.atomic():
        _lock(model)
        name, current = model.select(name_field, model.sort_rank).where(model.id == row_id).tuples().get()
        others = model.select(model.sort_rank).where(model.id != row_id, model.sort_rank > 0)
        same = others.where(name_field == name).limit(1).scalar()
        if same is not None:
            rank = same
        else:
            below = others.where(name_field < name).select(peewee.fn.MAX(model.sort_rank)).scalar() or 0
            above = others.where(name_field > name).select(peewee.fn.MIN(model.sort_rank)).scalar()
            if below < current and (above is None or current < above):
                rank = current
            elif above is None:
                rank = below + GAP
            elif above - below >= 2:
                rank = (below + above) // 2
            else:
                return renumber(model)[row_id]
        if rank != current:
            _set(model, {row_id: rank})
        return rank


def renumber(model, *, cases: bool = True) -> dict[int, int]:
    """Every rank of the table again, GAP apart in name order; with `cases`, the cases of each row whose rank
    changed follow. Returns {id: rank}."""
    name_field, _, _ = _kind(model)
    ranks, changed, rank, last = {}, {}, 0, None
    rows = model.select(model.id, name_field, model.sort_rank).order_by(name_field, model.id).tuples()
    for row_id, name, old in rows:
        if rank == 0 or name != last:
            rank, last = rank + GAP, name
        ranks[row_id] = rank
        if rank != old:
            changed[row_id] = rank
    _set(model, changed, cases=cases)
    return ranks


def _set(model, ranks: dict[int, int], *, cases: bool = True) -> None:
    _, case_fk, case_rank = _kind(model)
    for row_id, rank in ranks.items():
        model.update(sort_rank=rank).where(model.id == row_id).execute()
        if cases:
            Case.update({case_rank: rank}).where(case_fk == row_id).execute()


def reorder() -> None:
    """Number a table's ranks again, its cases following, when they are not in this database's name order: rows
    copied from another database (app.services.admin.transfer) carry ranks in the source's order, and another
    database's collation may order the names otherwise (SQLite compares code points, a PostgreSQL server often
    its locale's). Changes nothing when they are in order."""
    with database.atomic():
        for model in (Agency, User):
            _lock(model)
            if not _in_order(model):
                renumber(model)


def _in_order(model) -> bool:
    name_field, _, _ = _kind(model)
    last_name, last_rank = None, 0
    for name, rank in model.select(name_field, model.sort_rank).order_by(name_field, model.id).tuples():
        if rank <= 0 or (last_rank and not (rank == last_rank if name == last_name else rank > last_rank)):
            return False
        last_name, last_rank = name, rank
    return True


def refill() -> None:
    """Every agency's and user's rank numbered again, and every case's set from them (after batched inserts)."""
    with database.atomic():
        for model in (Agency, User):
            _lock(model)
            renumber(model, cases=False)
        database.execute_sql(
            "UPDATE cases SET "
            "agency_rank = COALESCE((SELECT a.sort_rank FROM agency a WHERE a.id = cases.agency_id), 0), "
            'operator_rank = COALESCE((SELECT u.sort_rank FROM "user" u WHERE u.id = cases.operator_id), 0)'
        )
