"""The ``spinemet`` command. Sub-commands live in modules named for what they serve."""

from __future__ import annotations

from spinemet.cli.app import app, main

__all__ = ["app", "main"]
