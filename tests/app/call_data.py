"""A valid call for the intake tests: every field filled, overridable by keyword."""

from app.models import Agency, Category, County


def call(**over) -> dict:
    data = {
        "caller_name": "علي رضايي",
        "national_code": "0499370899",
        "phone": "۰۹۱۲ ۳۴۵ ۶۷۸۹",
        "county_id": County.get(County.name == "تبریز").id,
        "request_type": "complaint",
        "category_id": Category.get(Category.name == "آب و فاضلاب").id,
        "subject": "قطعی آب",
        "description": "آب محله سه روز است قطع است.",
        "channel": "phone",
        "next_step": "refer",
        "agency_id": Agency.get(Agency.name == "شرکت آب و فاضلاب استان آذربایجان شرقی").id,
    }
    data.update(over)
    return data
