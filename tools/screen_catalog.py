"""Every screen of the app in one list: the main window's sections (each tab of each) and every dialog, built
on a database filled by `samad demo`. The screen-fit test (tests/ui/test_screen_fit.py) and the screenshot
script (tools/screenshots.py) both walk this list, so a new dialog added here is both checked and pictured.

The sizes are the operator's screens: 1366×768 with a taskbar (1366×728 usable) and 1024×768 (1024×700).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QScrollArea, QTabWidget, QWidget

from ui.widgets.fit import READABLE_WIDTH

SCREENS = {"1366x728": QSize(1366, 728), "1024x700": QSize(1024, 700)}


@dataclass(frozen=True)
class Samples:
    """Rows of the demo database that the dialogs open on."""

    case_id: int
    open_case_id: int
    referral_id: int
    letter_ids: list[int]
    article_id: int
    official_id: int
    slot_id: int
    callback_case_id: int
    closed_case_id: int
    registered_case_id: int  # one any role may close (no letter out)


def find_samples() -> Samples:
    from app.models import AgencyResponse, Article, AttendanceSlot, Callback, Case, Letter, Official, Referral

    letters = [
        letter.id for letter in Letter.select().where(Letter.status == "issued").order_by(Letter.id).limit(3)
    ]
    referral = (
        Referral.select()
        .join(AgencyResponse, on=(AgencyResponse.referral == Referral.id))
        .order_by(Referral.id)
        .first()
    )
    answered = Callback.select().order_by(Callback.id).first()
    opened = Case.select().where(Case.status == "new").order_by(Case.id).first()
    closed = Case.select().where(Case.status == "closed").order_by(Case.id).first()
    registered = Case.select().where(Case.status == "registered").order_by(Case.id).first()
    return Samples(
        case_id=Letter.get_by_id(letters[0]).referral.case_id,
        open_case_id=(opened or Case.select().first()).id,
        referral_id=referral.id,
        letter_ids=letters,
        article_id=Article.select().order_by(Article.id).first().id,
        official_id=Official.select().order_by(Official.id).first().id,
        slot_id=AttendanceSlot.select()
        .where(AttendanceSlot.date >= dt.date.today())
        .order_by(AttendanceSlot.id)
        .first()
        .id,
        callback_case_id=answered.case_id if answered else letters[0],
        closed_case_id=(closed or Case.select().first()).id,
        registered_case_id=(registered or Case.select().first()).id,
    )


@dataclass(frozen=True)
class DialogScreen:
    name: str  # also the screenshot's file name
    what: str  # what the picture shows (for the README list)
    build: Callable[[object, Samples, QWidget | None], QWidget]


def _dialogs() -> list[DialogScreen]:
    from app.services.letters import letters
    from ui.admin.first_start_dialog import FirstStartDialog
    from ui.admin.lock_dialog import LockDialog
    from ui.admin.login_dialog import LoginDialog
    from ui.admin.users_tab import AddUserDialog
    from ui.cases.case_dialog import CaseDialog
    from ui.cases.close_case_dialog import CloseCaseDialog
    from ui.cases.reopen_case_dialog import ReopenCaseDialog
    from ui.cases.todays_rings_dialog import TodaysRingsDialog
    from ui.cases.tracking_code_finder import FindCaseDialog
    from ui.followup.callback_dialog import CallbackDialog
    from ui.followup.response_dialog import ResponseDialog
    from ui.knowledge.article_editor_dialog import ArticleEditorDialog
    from ui.knowledge.article_history_dialog import ArticleHistoryDialog
    from ui.knowledge.article_import_dialog import ArticleImportDialog
    from ui.letters.letter_preview_dialog import LetterPreviewDialog
    from ui.letters.referral_order_dialog import ReferralOrderDialog
    from ui.schedule.official_dialog import OfficialDialog
    from ui.schedule.rotation_dialog import RotationDialog
    from ui.schedule.slot_dialog import SlotDialog
    from ui.widgets.pdf_printing import PdfPrintPreview

    today = dt.date.today()
    return [
        DialogScreen(
            "dialog-first-start",
            "first start: the supervisor's account",
            lambda c, s, p: FirstStartDialog("/home/operator/samad.db", p),
        ),
        DialogScreen(
            "dialog-login", "login", lambda c, s, p: LoginDialog("مرکز ارتباطات مردمی", "samad.db", parent=p)
        ),
        DialogScreen("dialog-lock", "the idle lock", lambda c, s, p: LockDialog(c.actor, 15, p)),
        DialogScreen(
            "dialog-case",
            "a case: details, referrals and history",
            lambda c, s, p: CaseDialog(c, s.case_id, p),
        ),
        DialogScreen(
            "dialog-case-closed",
            "a closed case: its outcome, the timeline, and «بازگشایی» instead of a new order",
            lambda c, s, p: CaseDialog(c, s.closed_case_id, p),
        ),
        DialogScreen(
            "dialog-close-case",
            "closing a case: outcome, reason, what happens to its waiting referrals",
            lambda c, s, p: CloseCaseDialog(c, s.registered_case_id, p),
        ),
        DialogScreen(
            "dialog-reopen-case",
            "reopening a closed case with a reason",
            lambda c, s, p: ReopenCaseDialog(c, s.closed_case_id, p),
        ),
        DialogScreen(
            "dialog-find-case", "Ctrl+F: find a case by tracking code", lambda c, s, p: FindCaseDialog(p)
        ),
        DialogScreen(
            "dialog-order",
            "the referral order (one letter per agency)",
            lambda c, s, p: ReferralOrderDialog(c, s.open_case_id, p),
        ),
        DialogScreen(
            "dialog-letter-preview",
            "a letter in the preview, with print and save",
            lambda c, s, p: LetterPreviewDialog.for_letters(c, s.letter_ids, p),
        ),
        DialogScreen(
            "dialog-print-preview",
            "printing: Qt's print preview in the app (its print button opens the print dialog)",
            lambda c, s, p: PdfPrintPreview([letters.letter_pdf(s.letter_ids[0])], "چاپ نامه", p),
        ),
        DialogScreen(
            "dialog-response",
            "an agency's response to a referral",
            lambda c, s, p: ResponseDialog(c, s.referral_id, p),
        ),
        DialogScreen(
            "dialog-callback",
            "calling the citizen back",
            lambda c, s, p: CallbackDialog(c, s.callback_case_id, p),
        ),
        DialogScreen(
            "dialog-article-editor",
            "editing a knowledge-base article",
            lambda c, s, p: ArticleEditorDialog(c, None, p),
        ),
        DialogScreen(
            "dialog-article-history",
            "an article's versions",
            lambda c, s, p: ArticleHistoryDialog(c, s.article_id, p),
        ),
        DialogScreen(
            "dialog-article-import", "importing circulars", lambda c, s, p: ArticleImportDialog(c, p)
        ),
        DialogScreen("dialog-official", "an official", lambda c, s, p: OfficialDialog(c.actor, None, p)),
        DialogScreen(
            "dialog-slot", "one attendance slot", lambda c, s, p: SlotDialog(c.actor, day=today, parent=p)
        ),
        DialogScreen(
            "dialog-rotation",
            "generating the attendance rotation",
            lambda c, s, p: RotationDialog(c.actor, today, today + dt.timedelta(days=30), p),
        ),
        DialogScreen("dialog-add-user", "a new user account", lambda c, s, p: AddUserDialog(c.actor, p)),
        DialogScreen(
            "dialog-todays-rings",
            "today's rings from the phone system, and who is waiting to be called back",
            lambda c, s, p: TodaysRingsDialog(c, p),
        ),
    ]


def dialogs() -> list[DialogScreen]:
    return _dialogs()


def sample_call() -> dict:
    """A realistic call to type into the intake form (for the pictures of a saved call)."""
    from app.models import Agency, Category, County

    return {
        "caller_name": "علی رضایی",
        "national_code": "0499370899",
        "phone": "۰۹۱۲۳۴۵۶۷۸۹",
        "county_id": County.get(County.name == "تبریز").id,
        "request_type": "complaint",
        "category_id": Category.get(Category.name == "آب و فاضلاب").id,
        "subject": "قطعی آب",
        "description": "آب محله سه روز است قطع است و تانکر هم نیامده؛ همسایه‌ها هم همین مشکل را دارند.",
        "channel": "phone",
        "next_step": "refer",
        "agency_id": Agency.get(Agency.name == "شرکت آب و فاضلاب استان آذربایجان شرقی").id,
    }


def intake_scenes(page) -> Iterator[str]:
    """The intake page in the states an operator meets: errors on an empty save, a saved call, then the same caller
    ringing again (the phone filled, their cases beside the form)."""
    page.new_call()
    page.save()
    QApplication.processEvents()
    yield "errors"
    page.form.set_values(sample_call())
    page.save(confirmed_new=True)
    QApplication.processEvents()
    yield "after-save"
    from app.services.cases import rings  # the phone system rings for the same caller

    page.rings.take(rings.record_ring(page.context.actor, sample_call()["phone"], "111"))
    QApplication.processEvents()
    yield "after-ring"
    page.new_call()


DESK_CALLERS = (  # a realistic queue: calls held for the governor this hour
    ("زهرا احمدی", "09141234501", "درخواست دیدار حضوری با استاندار", "تبریز", "ساخت و ساز"),
    ("حسن موسوی", "09141234502", "قطعی مکرر برق روستا", "مراغه", "برق"),
    ("مریم جعفری", "09141234503", "تأخیر در پرداخت تسهیلات ودیعه مسکن", "مرند", "مسکن"),
    ("رضا کاظمی", "09141234504", "خرابی جاده بین دو روستا", "اهر", "راه و ترابری"),
)


def session_desk_scene(official_context) -> QWidget:
    """The governor's desk at 1366×768: checked in, four callers held this hour besides the demo's waiting
    ones, the first caller taken up with an order half written."""
    from app.domain import jalali
    from app.models import Category, County, User
    from app.services.actor import Actor
    from app.services.cases import cases
    from app.services.schedule import officials, schedule, sessions
    from ui.main_window import MainWindow

    actor = official_context.actor
    own = officials.official_for_user(actor.user_id)
    if sessions.current_session(own.id) is None:
        now = jalali.to_local(jalali.now_utc())
        start = (now - dt.timedelta(minutes=15)).replace(second=0, microsecond=0)
        start = start.replace(minute=start.minute - start.minute % 5)
        if start.date() == now.date() and start.hour < 23:  # a slot of an hour holding now, for the clock
            boss = User.select().where(User.role == "supervisor").order_by(User.id).first()
            schedule.add_slot(
                Actor.from_user(boss),
                own.id,
                now.date(),
                start.time(),
                (start + dt.timedelta(hours=1)).time(),
            )
        sessions.check_in(
            actor,
            own.id,
            allow_parallel=True,
            now=(start + dt.timedelta(minutes=3)).astimezone(dt.UTC).replace(tzinfo=None),
        )
    operator = User.select().where(User.role == "operator").order_by(User.id).first()
    op = Actor.from_user(operator)
    for name, phone, subject, county, category in DESK_CALLERS:
        cat = Category.get_or_none(Category.name.contains(category)) or Category.select().first()
        cases.register_call(
            op,
            {
                "caller_name": name,
                "phone": phone,
                "national_code": "",
                "county_id": County.get(County.name == county).id,
                "request_type": "request",
                "category_id": cat.id,
                "subject": subject,
                "description": f"{subject}؛ شهروند خواست موضوع را مستقیم با استاندار در میان بگذارد.",
                "channel": "phone",
                "next_step": "hold",
            },
        )
    window = MainWindow(official_context, "مرکز ارتباطات مردمی استان آذربایجان شرقی")
    page = window.show_section("schedule")
    panel = page.session
    page.tabs.setCurrentWidget(panel)
    panel.reload()
    held = next(i for i, q in enumerate(panel.desk.queue_model.rows) if q.kind == "held")
    panel.desk.select_row(held)
    panel.desk.note.setPlainText(
        "به شهروند گفتم موضوع تا پایان هفته با مدیرعامل پیگیری و نتیجه به او اعلام می‌شود."
    )
    return window


def tab_widgets(root: QWidget) -> list[QTabWidget]:
    return [t for t in root.findChildren(QTabWidget) if t.count() > 1]


def tab_name(widget: QWidget, index: int) -> str:
    """A file-name-friendly name for a tab: its widget's class, e.g. FollowUpTab -> follow-up."""
    import re

    name = widget.objectName() if widget.objectName() and not widget.objectName().startswith("qt_") else ""
    name = name or re.sub(r"(?<!^)(?=[A-Z])", "-", type(widget).__name__).lower()
    name = name.replace("_", "-").removesuffix("-tab").removesuffix("-page")
    return name if name not in ("q-widget", "q-table-widget", "q-table-view") else f"tab{index + 1}"


def walk_tabs(root: QWidget) -> Iterator[str]:
    """Show each tab of each tab widget under `root` in turn (others stay on their first tab); yields a
    name for what is shown ("" for the page as it opens)."""
    yield ""
    seen = set()
    for tabs in tab_widgets(root):
        for index in range(1, tabs.count()):
            tabs.setCurrentIndex(index)
            QApplication.processEvents()
            name = tab_name(tabs.widget(index), index)
            name = name if name not in seen else f"{name}{index + 1}"
            seen.add(name)
            yield name
        tabs.setCurrentIndex(0)


# --- what "fits" means ---------------------------------------------------------------------------------


def fit_problems(window: QWidget, size: QSize) -> list[str]:
    """Why `window` (already resized to `size` and laid out) does not fit: a minimum size larger than the
    screen, a sideways scroll bar, or an essential table column hidden or off the view."""
    problems = []
    hint = window.minimumSizeHint().expandedTo(window.minimumSize())
    if hint.width() > size.width() or hint.height() > size.height():
        problems.append(f"minimum size {hint.width()}×{hint.height()} > {size.width()}×{size.height()}")
    if window.width() > size.width() or window.height() > size.height():
        problems.append(f"window is {window.width()}×{window.height()}")
    for area in window.findChildren(QScrollArea):
        bar = area.horizontalScrollBar()
        if area.isVisibleTo(window) and bar.isVisibleTo(window) and bar.maximum() > 0:
            problems.append(f"{area.objectName() or type(area).__name__} scrolls sideways")
    for view in window.findChildren(QAbstractItemView):
        essential = view.property("essential_columns")
        if not essential or not view.isVisibleTo(window):
            continue
        header = view.horizontalHeader()
        width = view.viewport().width()
        for column in essential:
            name = view.model().headerData(column, header.orientation()) if view.model() else column
            if header.isSectionHidden(column) or header.sectionSize(column) < 24:
                problems.append(f"{view.objectName()}: column «{name}» hidden")
                continue
            stretching = header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch
            if stretching and header.sectionSize(column) < READABLE_WIDTH - 20:
                problems.append(
                    f"{view.objectName()}: column «{name}» squeezed to {header.sectionSize(column)} px"
                )
            left = header.sectionViewportPosition(column)
            if left < 0 or left + header.sectionSize(column) > width + 1:
                problems.append(f"{view.objectName()}: column «{name}» off the view (x {left}, view {width})")
    return problems


# --- shortcuts -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveShortcut:
    keys: str  # portable text, e.g. "Ctrl+N"
    what: str  # the action's text, or the slot's owner
    scope: QWidget  # the window for window-wide ones, else the widget the focus must be in
    window_wide: bool


def live_shortcuts(window: QWidget) -> list[LiveShortcut]:
    """The shortcuts that answer a key press in `window` as it is now (hidden pages' shortcuts sleep)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QShortcut

    wide = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
    found = []
    for shortcut in window.findChildren(QShortcut):
        owner = shortcut.parent()
        if not shortcut.isEnabled() or not isinstance(owner, QWidget) or not owner.isVisible():
            continue
        for key in shortcut.keys():
            found.append(
                LiveShortcut(
                    key.toString(),
                    shortcut.whatsThis() or type(owner).__name__,
                    owner,
                    shortcut.context() in wide,
                )
            )
    for action in window.findChildren(QAction):
        if not action.isEnabled() or not action.shortcuts():
            continue
        owners = [w for w in action.associatedObjects() if isinstance(w, QWidget) and w.isVisible()]
        for owner in owners[:1]:  # one action is one shortcut, however many widgets show it (a tool button)
            for key in action.shortcuts():
                found.append(
                    LiveShortcut(key.toString(), action.text(), owner, action.shortcutContext() in wide)
                )
    from PySide6.QtWidgets import QAbstractButton

    for button in window.findChildren(QAbstractButton):
        if button.isVisible() and button.isEnabled() and not button.shortcut().isEmpty():
            found.append(LiveShortcut(button.shortcut().toString(), button.text(), button, True))
    return found


def shortcut_clashes(window: QWidget) -> list[str]:
    """Pairs of live shortcuts on one key that Qt would find ambiguous (and then fire neither)."""
    live = live_shortcuts(window)
    clashes = []
    for i, a in enumerate(live):
        for b in live[i + 1 :]:
            if a.keys != b.keys:
                continue
            overlap = (
                (a.window_wide and b.window_wide)
                or (a.window_wide and not b.window_wide)
                or (b.window_wide and not a.window_wide)
                or a.scope is b.scope
                or a.scope.isAncestorOf(b.scope)
                or b.scope.isAncestorOf(a.scope)
            )
            if overlap:
                clashes.append(f"{a.keys}: «{a.what}» and «{b.what}»")
    return clashes


# --- digits on screen ----------------------------------------------------------------------------------

# A Latin digit a reader of Persian should not see: one outside a word typed in Latin letters (a product
# code «ADSL-27», a shortcut «Ctrl+F», a path or a URL keep theirs, as app.domain.text.display_digits does).
_LATIN_WORD = r"[A-Za-z0-9][A-Za-z0-9_.:+\-/\\]*[A-Za-z0-9]|[A-Za-z]"


def stray_latin_digits(text: str) -> bool:
    """True when `text` shows an ASCII digit outside a Latin word and outside an isolate (a command, a path or
    an address wrapped in LRI/FSI…PDI is shown as typed)."""
    import re

    text = re.sub("[\u2066\u2067\u2068][^\u2069]*\u2069", "", text or "")
    for word in re.findall(_LATIN_WORD + r"|[0-9]", text):
        if re.search(r"[0-9]", word) and not re.search(r"[A-Za-z]", word):
            return True
    return False


def _typed_into(widget: QWidget) -> bool:
    """A field the user types into (or a value they set): its digits are theirs."""
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit

    w = widget
    while w is not None:
        if isinstance(w, QLineEdit | QPlainTextEdit | QAbstractSpinBox):
            return True
        if isinstance(w, QTextEdit) and not w.isReadOnly():
            return True
        if isinstance(w, QComboBox) and w.isEditable():
            return True
        w = w.parentWidget()
    return False


def latin_digit_problems(root: QWidget, rows: int = 40) -> list[str]:
    """Visible text under `root` that shows Latin digits: labels, buttons, group titles, tab titles, the
    status bar and the cells and headers of the first `rows` rows of every table or list (fields the user
    types into are left alone: input accepts both digit sets)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QHeaderView, QLabel, QTabBar

    problems: list[str] = []

    def seen(widget: QWidget, what: str, text: str) -> None:
        if stray_latin_digits(text):
            name = widget.objectName() or type(widget).__name__
            problems.append(f"{name} {what}: «{text[:80]}»")

    visible = [w for w in root.findChildren(QWidget) if w.isVisibleTo(root) and not _typed_into(w)]
    for widget in visible:
        if isinstance(widget, QLabel):
            seen(widget, "label", widget.text())
        elif isinstance(widget, QAbstractButton):
            seen(widget, "button", widget.text())
        elif isinstance(widget, QGroupBox):
            seen(widget, "group", widget.title())
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                seen(widget, "tab", widget.tabText(i))
        elif isinstance(widget, QComboBox):
            seen(widget, "choice", widget.currentText())
        elif isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView) and widget.model():
            from PySide6.QtCore import QAbstractListModel, QModelIndex

            model = widget.model()
            listed = isinstance(model, QAbstractListModel)
            columns = 1 if listed else max(1, model.columnCount(QModelIndex()))
            heads = [
                (h, o)
                for h, o in (
                    (getattr(widget, "horizontalHeader", lambda: None)(), Qt.Orientation.Horizontal),
                    (getattr(widget, "verticalHeader", lambda: None)(), Qt.Orientation.Vertical),
                    (getattr(widget, "header", lambda: None)(), Qt.Orientation.Horizontal),
                )
                if h is not None and h.isVisibleTo(root)
            ]
            count = model.rowCount(QModelIndex())
            for header, orientation in heads:
                for section in range(min(rows, header.count())):
                    seen(widget, "header", str(model.headerData(section, orientation) or ""))
            for row in range(min(rows, count)):
                for column in range(columns):
                    value = model.index(row, column).data()
                    if isinstance(value, str):
                        seen(widget, f"cell {row},{column}", value)
    return problems
