"""The tabs of the settings section (supervisor only)."""
