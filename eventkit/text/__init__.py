"""Markdown in the event file's text fields: parsing, footnotes, images, and the lint that finds what would print as raw syntax."""
