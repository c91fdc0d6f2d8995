"""The DOCX writer: the documents' HTML walked into Word paragraphs, runs, lists, tables, pictures and footnotes, styled by a reference .docx."""
