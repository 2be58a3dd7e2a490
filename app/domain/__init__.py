"""Plain domain values: Persian text, identifiers and Jalali dates (no Qt, no peewee)."""
