"""The settings section and its tabs (center, reference data, users, database, backup, audit), first start, login
and the idle lock.

May import: PySide6, ui, app.services, app.domain; never the storage."""
