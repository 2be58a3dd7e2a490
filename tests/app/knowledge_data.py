"""Articles for the knowledge-base tests."""

from app.models import Agency
from app.services.knowledge import knowledge

WATER = "شرکت آب و فاضلاب استان آذربایجان شرقی"


def agency_id(name: str = WATER) -> int:
    return Agency.get(Agency.name == name).id


def circular(actor, **over):
    data = {
        "kind": "circular",
        "number": "۱۲۳۴۵/۱۰۰",
        "issued_on": "۱۴۰۳/۰۵/۱۲",
        "issuer": "شرکت آب و فاضلاب",
        "title": "تقسیط بدهی قبوض آب",
        "body": "مشترکان خانگی می‌توانند بدهی خود را در دوازده قسط بپردازند.",
    }
    data.update(over)
    return knowledge.create_article(actor, data)


def answer(actor, title: str, body: str, **over):
    return knowledge.create_article(actor, {"kind": "answer", "title": title, "body": body, **over})


def mission(actor, agency: str = WATER, **over):
    data = {
        "kind": "mission",
        "title": "شرح وظایف شرکت آب و فاضلاب",
        "body": "تأمین و توزیع آب آشامیدنی، واگذاری انشعاب و رسیدگی به حوادث شبکه.",
        "agency_id": agency_id(agency),
    }
    data.update(over)
    return knowledge.create_article(actor, data)


def call(**over):
    from app.models import Agency, County

    data = {
        "caller_name": "علی رضایی",
        "national_code": "0499370899",
        "phone": "09123456789",
        "county_id": County.get(County.name == "تبریز").id,
        "request_type": "question",
        "category_id": 1,
        "subject": "بدهی قبض آب",
        "description": "می‌خواهم بدهی آب را قسطی بپردازم.",
        "channel": "phone",
        "next_step": "refer",
        "agency_id": Agency.get(Agency.name == "شرکت آب و فاضلاب استان آذربایجان شرقی").id,  # refer names it
    }
    data.update(over)
    return data
