"""The PDF writer: the documents' HTML through WeasyPrint, tagged PDF/UA-1 (or PDF/A-3b)."""
