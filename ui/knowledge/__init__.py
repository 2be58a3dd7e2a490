"""The knowledge base page, its dialogs, and the article suggestions shown beside intake.

May import: PySide6, ui, app.services, app.domain; never the storage."""
