"""Per-user folders, in one place so settings, user templates and caches agree.

platformdirs gives each operating system's convention (~/.config/drafter on Linux,
honouring XDG_CONFIG_HOME; %APPDATA%\\drafter on Windows). DRAFTER_CONFIG_DIR and
DRAFTER_CACHE_DIR override them, which tests and locked-down machines need.
"""

from __future__ import annotations

import os
from pathlib import Path

CONFIG_ENV = "DRAFTER_CONFIG_DIR"
CACHE_ENV = "DRAFTER_CACHE_DIR"


def user_config_dir() -> Path:
    """Where the user's settings.yaml and templates/ live (not created here)."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("drafter", appauthor=False))


def user_cache_dir() -> Path:
    """Where caches (jieba's dictionary cache) go: never a shared temp folder."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("drafter", appauthor=False))


def configure_jieba() -> None:
    """Point jieba's dictionary cache at the user's cache folder.

    jieba's default is the shared temp folder, where another user's jieba.cache
    makes it print a traceback and leave a 9 MB temp file behind. Its own log is
    silenced: a cache it cannot write only costs the next start-up a second.
    """
    import logging

    import jieba

    folder = user_cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    jieba.dt.tmp_dir = str(folder)
    jieba.setLogLevel(logging.CRITICAL)
