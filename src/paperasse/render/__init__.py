"""Presentation of a Dossier: HTML (Jinja2), QR codes (SVG) and PDF (WeasyPrint)."""
