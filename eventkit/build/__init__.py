"""Orchestration: which documents and invites a build makes, the manifest of what each file was made from, and the worker processes that render them."""
