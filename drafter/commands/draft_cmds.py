"""Commands that draft and typeset: types, facts, new, render, check, templates."""

from __future__ import annotations

from drafter.cli import app  # noqa: F401
