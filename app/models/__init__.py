"""All tables. Import models from here."""

from app.models.base import BaseModel, utcnow
from app.models.cases import Case, Citizen, Contact, TrackingCounter
from app.models.knowledge import Article, ArticleVersion, CaseArticle
from app.models.officials import AttendanceSlot, Official, OfficialSession
from app.models.reference import Agency, Category, County, Holiday, HolidayYear, RequestType, Setting
from app.models.referrals import (
    AgencyResponse,
    Attachment,
    Callback,
    Escalation,
    FollowUpDraft,
    Letter,
    LetterCounter,
    Referral,
    Reminder,
)
from app.models.rings import Ring
from app.models.summaries import AccountabilitySummary, CaseSummary
from app.models.users import AuditEntry, LoginSession, User

FOUNDATION_TABLES = [Setting, County, Agency, Category, RequestType, Holiday, User, AuditEntry]
OPERATIONS_TABLES = [
    Official,
    AttendanceSlot,
    OfficialSession,
    Citizen,
    TrackingCounter,
    Case,
    Contact,
    Referral,
    LetterCounter,
    Letter,
    AgencyResponse,
    Attachment,
    Callback,
    Reminder,
    Escalation,
    Article,
    ArticleVersion,
    CaseArticle,
]
LATER_TABLES = [
    HolidayYear,
    Ring,
    LoginSession,
    FollowUpDraft,
    CaseSummary,
    AccountabilitySummary,
]  # created by their own migrations (m0012, m0019, m0021, m0023, m0025)
ALL_TABLES = FOUNDATION_TABLES + OPERATIONS_TABLES + LATER_TABLES

__all__ = [m.__name__ for m in ALL_TABLES] + [
    "BaseModel",
    "utcnow",
    "FOUNDATION_TABLES",
    "OPERATIONS_TABLES",
    "ALL_TABLES",
]
