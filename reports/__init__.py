"""Persian PDF layer: fonts, right-to-left text layout, tables and QR codes on reportlab (no Qt)."""
