"""Demo users (operators, officials, a supervisor) with the password «samad-demo»."""

from __future__ import annotations

from app.db import database
from app.models import User
from app.services.actor import SYSTEM
from app.services.admin import users

DEMO_PASSWORD = "samad-demo"
DEMO_USERS = [
    ("supervisor", "supervisor", "مریم احمدی", "رئیس دفتر بازرسی، مدیریت عملکرد و امور حقوقی"),
    ("operator1", "operator", "زهرا رحیمی", "کارشناس مرکز ارتباطات مردمی"),
    ("operator2", "operator", "حسین نوروزی", "کارشناس مرکز ارتباطات مردمی"),
    ("operator3", "operator", "فاطمه قاسمی", "کارشناس مرکز ارتباطات مردمی"),
    ("governor", "official", "محمدرضا کریمی", "استاندار آذربایجان شرقی"),
    ("deputy1", "official", "رحیم علیزاده", "معاون سیاسی، امنیتی و اجتماعی استاندار"),
    ("deputy2", "official", "ناصر حسین‌پور", "معاون هماهنگی امور عمرانی استاندار"),
    ("dg1", "official", "اکبر محمدی", "مدیرکل امور اجتماعی و فرهنگی استانداری"),
]


def run(ctx) -> dict:
    made = 0
    with database.atomic():
        for username, role, full_name, title in DEMO_USERS:
            if not User.select().where(User.username == username).exists():
                users._create(SYSTEM, username, role, full_name, title, DEMO_PASSWORD)
                made += 1
    ctx.shared["operators"] = [u.id for u in User.select().where(User.role == "operator")]
    ctx.shared["officials"] = [u.id for u in User.select().where(User.role == "official")]
    return {"users": made}
