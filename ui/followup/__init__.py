"""The referrals section: follow-up and deadlines, call backs, agencies' accountability, the response and call-
back dialogs, the overdue indicator.

May import: PySide6, ui, app.services, app.domain; never the storage."""
