"""Event → HTML → files: document kinds and templates, Markdown, the PDF and DOCX writers, the build."""
