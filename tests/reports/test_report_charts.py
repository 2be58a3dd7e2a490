"""PDF charts are laid out right to left: the first column at the right, bar labels right of their bars,
the pie's legend at the right; numbers in Persian digits. Checked on the drawn words' positions."""

from reports.charts import bar_chart, column_chart, nice_step, pie_chart
from tests.pdf_text import fold, word_boxes


def boxes_of(build_pdf, drawing):
    return {fold(b.text): b for b in word_boxes(build_pdf([drawing]))}


def test_columns_run_from_right_to_left(build_pdf):
    found = boxes_of(build_pdf, column_chart(["08/01", "08/02", "08/03"], [3, 5, 1], 400, 150, "روز"))
    first, last = found["08/01"], found["08/03"]
    assert first.x_min > last.x_max  # the first day is drawn at the right
    assert "5" in found and found["5"].x_min > first.x_min  # the value axis is at the right edge


def test_bar_labels_sit_right_of_the_bars(build_pdf):
    found = boxes_of(build_pdf, bar_chart(["تبریز", "مراغه"], [120, 8], 400))
    tabriz = next(b for k, b in found.items() if k in ("تبریز", "زیربت"))
    assert tabriz.x_min > found["120"].x_max  # label at the right, value at the bar's far (left) end
    assert found["120"].x_min < found["8"].x_min  # the longer bar reaches further left


def test_pie_legend_with_shares(build_pdf):
    found = boxes_of(build_pdf, pie_chart(["شکایت", "درخواست"], [3, 1], 400, 140))
    assert any("75" in k for k in found) and any("25" in k for k in found)


def test_nice_steps():
    assert [nice_step(v) for v in (4, 10, 48, 230, 9_999)] == [1, 2, 10, 50, 2000]
