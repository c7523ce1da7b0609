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


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's own settings or user templates, or writes their cache."""
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("DRAFTER_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(home / "cache"))
    for var in ("DRAFTER_SETTINGS", "DRAFTER_TEMPLATES", "DRAFTER_CORPUS"):
        monkeypatch.delenv(var, raising=False)
