"""Rendering of review reports: a plain `ReportDocument` to DOCX (Party format), PDF (through LibreOffice) and XLSX."""
