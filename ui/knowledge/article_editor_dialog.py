"""Writing or changing one article (supervisors). Circular fields show only for circulars; every refusal
appears at its field. Saving makes a new version; the old ones stay in the history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.text import to_persian_digits
from app.services.admin import reference
from app.services.errors import Conflict, NotFound, ServiceError, ValidationError
from app.services.knowledge import knowledge
from app.services.knowledge.knowledge import KIND_LABELS, ArticleInfo
from ui import formatting, theme
from ui.errors import FieldErrors, show_error
from ui.widgets.agency_picker import searchable_combo
from ui.widgets.text_box import persian_text_box


def _searchable(combo: QComboBox) -> None:
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = combo.completer()
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)


class ArticleEditorDialog(QDialog):
    def __init__(self, context, article: ArticleInfo | None = None, parent=None):
        super().__init__(parent)
        self.context = context
        self.original = article
        self.article: ArticleInfo | None = None  # the saved result
        self.setWindowTitle("ویرایش مقاله" if article else "مقاله تازه در بانک راهنمایی")
        self.setMinimumSize(720, 620)

        self.kind = QComboBox(objectName="kind")
        for code, label in KIND_LABELS.items():
            self.kind.addItem(label, code)
        self.title = QLineEdit(objectName="title")
        self.number = QLineEdit(objectName="number")
        self.number.setPlaceholderText(to_persian_digits("12345/100"))
        self.issued_on = formatting.jalali_date_edit(self)
        self.issued_on.setObjectName("issued_on")
        self.issuer = QLineEdit(objectName="issuer")
        self.issuer.setPlaceholderText("مثلاً: استانداری آذربایجان شرقی")
        self.agency = QComboBox(objectName="agency")
        self.agency.addItem("— هیچ —", None)
        for item in reference.list_items("agency", active_only=True):
            self.agency.addItem(item.name, item.id)
        searchable_combo(self.agency)  # any part of the name finds it
        self.in_force = QCheckBox("معتبر است (منسوخ نشده)", objectName="in_force")
        self.superseded_by = QComboBox(objectName="superseded_by")
        self.superseded_by.addItem("— جایگزین ندارد —", None)
        for article_id, label in knowledge.circular_choices(article.id if article else None):
            self.superseded_by.addItem(to_persian_digits(label), article_id)
        _searchable(self.superseded_by)
        self.superseded_by.currentIndexChanged.connect(self._superseded_changed)
        self.body = persian_text_box("body")
        self.body.setTabChangesFocus(True)

        self.general_error = QLabel(objectName="general_error")
        self.errors = FieldErrors(self.general_error)
        form = QFormLayout()
        self.circular_rows: list[QWidget] = []
        for name, label, widget in (
            ("kind", "نوع", self.kind),
            ("title", "عنوان", self.title),
            ("number", "شماره بخشنامه", self.number),
            ("issued_on", "تاریخ", self.issued_on),
            ("issuer", "صادرکننده", self.issuer),
            ("agency_id", "دستگاه", self.agency),
            ("in_force", "اعتبار", self.in_force),
            ("superseded_by_id", "جایگزین شده با", self.superseded_by),
            ("body", "متن", self.body),
        ):
            error = QLabel()
            self.errors.add(name, widget, error)
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(widget)
            column.addWidget(error)
            caption = QLabel(label)
            form.addRow(caption, box)
            if name in ("number", "issued_on", "issuer", "in_force", "superseded_by_id"):
                self.circular_rows.extend([caption, box])
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("ذخیره")
        self.save_button.setIcon(theme.icon("fa5s.save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("انصراف")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 1)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._load(article)
        self.title.setFocus()

    def _load(self, article: ArticleInfo | None) -> None:
        self.in_force.setChecked(True)
        if article is None:
            self._kind_changed()
            return
        self.kind.setCurrentIndex(self.kind.findData(article.kind))
        self.kind.setEnabled(False)  # a circular stays a circular: its number and versions belong to it
        self.title.setText(article.title)
        self.number.setText(to_persian_digits(article.number))
        if article.issued_on:
            self.issued_on.setDate(article.issued_on)
        self.issuer.setText(article.issuer)
        self.agency.setCurrentIndex(max(0, self.agency.findData(article.agency_id)))
        self.in_force.setChecked(article.in_force)
        self.superseded_by.setCurrentIndex(max(0, self.superseded_by.findData(article.superseded_by_id)))
        self.body.setPlainText(to_persian_digits(article.body))
        self._kind_changed()

    def _kind_changed(self) -> None:
        circular = self.kind.currentData() == "circular"
        for widget in self.circular_rows:
            widget.setVisible(circular)
        self._superseded_changed()

    def _superseded_changed(self) -> None:
        replaced = self.superseded_by.currentData() is not None
        if replaced:
            self.in_force.setChecked(False)
        self.in_force.setEnabled(not replaced)

    def values(self) -> dict:
        data = {
            "kind": self.kind.currentData(),
            "title": self.title.text(),
            "body": self.body.toPlainText(),
            "agency_id": self.agency.currentData(),
        }
        if data["kind"] == "circular":
            data.update(
                number=self.number.text(),
                issuer=self.issuer.text(),
                issued_on=formatting.to_date(self.issued_on),
                in_force=self.in_force.isChecked(),
                superseded_by_id=self.superseded_by.currentData(),
            )
        return data

    def save(self) -> None:
        self.errors.clear()
        try:
            if self.original is None:
                self.article = knowledge.create_article(self.context.actor, self.values())
            else:
                self.article = knowledge.update_article(
                    self.context.actor,
                    self.original.id,
                    self.values(),
                    expected_version=self.original.version,
                )
        except ValidationError as exc:
            self.errors.show(exc)
            return
        except (Conflict, NotFound) as exc:
            show_error(self, exc)
            return
        except ServiceError as exc:
            self.general_error.setText(exc.message)
            self.general_error.show()
            return
        self.context.events.announce(other=True)
        self.accept()
