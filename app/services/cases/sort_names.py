"""The agency's and the operator's names kept on each case (cases.agency_name, cases.operator_name; migration
24), so the register sorted by them walks an index. Kept by the services that change them, in their own
transaction: registering (the names of the case's agency and operator), editing a case's agency, renaming an
agency (app.services.admin.reference.rename_item) and changing a user's full name
(app.services.admin.users.update_user). `refill()` sets every case's names from the tables (after the
demo's batched inserts)."""

from __future__ import annotations

from app.db import database
from app.models import Agency, Case, User


def agency_name(agency_id: int | None) -> str:
    if agency_id is None:
        return ""
    return Agency.select(Agency.name).where(Agency.id == agency_id).scalar() or ""


def operator_name(user_id: int) -> str:
    return User.select(User.full_name).where(User.id == user_id).scalar() or ""


def agency_renamed(agency_id: int, name: str) -> int:
    return Case.update(agency_name=name).where(Case.agency == agency_id).execute()


def user_renamed(user_id: int, full_name: str) -> int:
    return Case.update(operator_name=full_name).where(Case.operator == user_id).execute()


def refill() -> None:
    database.execute_sql(
        "UPDATE cases SET agency_name = COALESCE((SELECT a.name FROM agency a WHERE a.id = cases.agency_id), ''), "
        "operator_name = COALESCE((SELECT u.full_name FROM \"user\" u WHERE u.id = cases.operator_id), '')"
    )
