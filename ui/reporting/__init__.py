"""The dashboard and the reports page with their charts and table models.

May import: PySide6, ui, app.services, app.domain; never the storage."""
