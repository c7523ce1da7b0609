from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# Property tests stay quick by default; HYPOTHESIS_PROFILE=thorough digs deeper.
settings.register_profile("default", max_examples=60, deadline=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def seed_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """corpus/ built once from seeds/ for every test that reads it."""
    from drafter.corpus import build_corpus

    out = tmp_path_factory.mktemp("corpus")
    build_corpus(SEEDS, out)
    return out
