"""Event → HTML → files: document kinds and their templates, what they print of the programme, and the PDF and DOCX writers."""
