"""The live preview: `eventkit preview EVENT` serves the documents' HTML on 127.0.0.1 and reloads the open page
when the event file, a Markdown file beside it or a template changes (state.py: what is shown; watch.py: the
file watcher; server.py: the HTTP server and its server-sent events)."""
