"""Commands over the corpus pipeline: corpus build, outline, mine, phrases, structure."""

from __future__ import annotations

from drafter.cli import app  # noqa: F401
