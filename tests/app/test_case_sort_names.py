"""The register sorted by agency or operator walks the names kept on each case (migration 24): they always
equal the agency's and the user's current names, through registration, a case's new agency, an agency renamed
and a user renamed, and the sorted register is the order of those names (then the id), on both databases."""

from app.models import Agency, Case, User
from app.services.admin import reference, users
from app.services.cases import case_edit, case_query, cases
from tests.app.call_data import call


def _names_match() -> None:
    for case in Case.select():
        agency = Agency.get_by_id(case.agency_id).name if case.agency_id else ""
        assert (case.agency_name, case.operator_name) == (agency, User.get_by_id(case.operator_id).full_name)


def _expected(key) -> list[int]:
    return [c.id for c in sorted(Case.select(), key=lambda c: (key(c), c.id))]


def test_names_follow_every_change_and_the_register_sorts_by_them(operator, official, supervisor):
    agencies = [a.id for a in Agency.select().where(Agency.active).order_by(Agency.id)][:4]
    for i in range(8):
        actor = operator if i % 2 else official
        cases.register_call(
            actor,
            call(agency_id=None, next_step="hold", subject=f"موضوع {8 - i}")
            if i == 3  # a case with no agency (not referred): its sort name is empty
            else call(agency_id=agencies[i % 4], subject=f"موضوع {8 - i}"),
        )
    _names_match()
    first = Case.select().order_by(Case.id).first()
    detail = cases.case_detail(first.id)
    case_edit.edit_case(operator, first.id, detail.version, {"agency_id": agencies[3]})
    reference.rename_item(supervisor, "agency", agencies[3], "الف: دستگاهی با نام تازه")
    users.update_user(supervisor, "operator1", full_name="یاسمن بابایی")
    _names_match()
    for sort, key in [
        ("agency", lambda c: c.agency_name),
        ("operator", lambda c: c.operator_name),
        ("subject", lambda c: c.subject),
    ]:
        listed = [r.id for r in case_query.list_cases(sort=sort, descending=False, limit=100)]
        assert listed == _expected(key), sort
        assert [r.id for r in case_query.list_cases(sort=sort, descending=True, limit=100)] == listed[::-1]
