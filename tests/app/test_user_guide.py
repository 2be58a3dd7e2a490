"""The user's guide is one Markdown source: every page has its title and screens, every image it names exists,
the shortcuts block takes the window's own shortcuts, and its HTML reads right to left."""

import re

from app.services import user_guide


def test_every_page_has_a_title_and_every_image_exists():
    pages = user_guide.pages()
    assert [p.key for p in pages] == list(user_guide.ORDER)
    for page in pages:
        assert page.title != page.key and re.search("[\u0600-\u06ff]", page.title), page.key
        for image in page.images:
            assert (user_guide.GUIDE_DIR / image).is_file(), (page.key, image)
    named = {image for page in pages for image in page.images}
    assert len(named) >= 10  # the day's tasks are shown, not only told
    assert {p.key for p in pages if p.images} >= {
        "start",
        "intake",
        "letters",
        "followup",
        "sessions",
        "knowledge",
        "reports",
        "settings",
    }


def test_a_page_for_each_screen_and_for_a_tab():
    pages = user_guide.pages()
    assert user_guide.page_for_screen("intake", pages).key == "intake"
    assert user_guide.page_for_screen("calls", pages).key == "intake"
    assert user_guide.page_for_screen("referrals", pages).key == "letters"
    assert user_guide.page_for_screen("referrals.followup", pages).key == "followup"
    assert user_guide.page_for_screen("schedule.anything", pages).key == "sessions"
    assert user_guide.page_for_screen("no-such-screen", pages).key == "start"


def test_the_shortcuts_block_takes_the_windows_shortcuts():
    page = next(p for p in user_guide.pages() if p.key == user_guide.SHORTCUTS)
    assert "<!-- window-actions -->" in page.markdown
    table = user_guide.with_window_actions(
        page.markdown, [("راهنمای همین صفحه", "F1"), ("قفل کردن", "Ctrl+L")]
    )
    assert "| راهنمای همین صفحه | F1 |" in table and "| قفل کردن | Ctrl+L |" in table
    assert "window-actions" not in table
    assert user_guide.with_window_actions(page.markdown, []) == page.markdown


def test_html_is_right_to_left_with_mirrored_table_columns():
    html = user_guide.to_html(
        "1. Ctrl+N را بزنید.\n\n| صفحه | کلید |\n| --- | --- |\n| ثبت تماس | Ctrl+N |\n\n"
        "![رسید](images/intake.png)\n"
    )
    assert '<li dir="rtl">' in html and '<ol dir="rtl">' in html
    row = re.search(r"<tr>(.*?)</tr>", html.split("<tbody>")[1], re.S).group(1)
    assert row.index("Ctrl+N") < row.index("ثبت تماس")  # the first column is drawn last (at the right)
    assert f'<img width="{user_guide.IMAGE_WIDTH}" src="images/intake.png"' in html
