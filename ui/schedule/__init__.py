"""The officials' schedule: month view, attendance, officials, the session panel and their dialogs.

May import: PySide6, ui, app.services, app.domain; never the storage."""
