"""Orders and letters: the letters tab, the referral order and letter preview dialogs, the letter settings tab.

May import: PySide6, ui, app.services, app.domain; never the storage."""
