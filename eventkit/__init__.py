"""eventkit: one TOML file per event; every document and invite is generated from it."""

__version__ = "0.1.0"
