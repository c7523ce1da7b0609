"""User settings: which fonts the typeset .docx names.

GB/T 9704-2012 names font categories; the fonts written by default are the
names Chinese offices use (仿宋_GB2312, 方正小标宋简体 ...). Machines that lack
them can name others in a YAML file. Where settings come from, first match wins:

1. an explicit path passed to `load_settings` (must exist),
2. the environment variable DRAFTER_SETTINGS (must exist when set),
3. ./drafter.yaml in the current folder,
4. settings.yaml in the user's config folder (drafter.paths; ~/.config/drafter on Linux),
5. the built-in defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from drafter.errors import InputError, yaml_problem
from drafter.paths import user_config_dir

ENV_VAR = "DRAFTER_SETTINGS"
LOCAL_FILE = "drafter.yaml"
USER_FILE_NAME = "settings.yaml"  # inside drafter.paths.user_config_dir()


@dataclass(frozen=True)
class Fonts:
    """East Asian font names per document part, plus the Latin font for digits."""

    title: str = "方正小标宋简体"
    body: str = "仿宋_GB2312"
    heading1: str = "黑体"
    heading2: str = "楷体_GB2312"
    heading3: str = "仿宋_GB2312"
    heading4: str = "仿宋_GB2312"
    latin: str = "Times New Roman"
    page_number: str = "宋体"

    def for_heading(self, level: int) -> str:
        return (self.heading1, self.heading2, self.heading3, self.heading4)[level - 1]


@dataclass(frozen=True)
class Settings:
    fonts: Fonts = field(default_factory=Fonts)
    # Where these settings were read from (None: built-in defaults).
    source: Path | None = None


FONT_KEYS: tuple[str, ...] = tuple(f.name for f in fields(Fonts))
TOP_KEYS: tuple[str, ...] = ("fonts",)


def default_settings_path(cwd: Path | None = None) -> Path | None:
    """The settings file that applies when no explicit path is given, or None."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    local = (cwd or Path.cwd()) / LOCAL_FILE
    if local.is_file():
        return local
    user = user_config_dir() / USER_FILE_NAME
    if user.is_file():
        return user
    return None


def load_settings(path: Path | None = None) -> Settings:
    """Read settings from `path` or the first file found (see module doc)."""
    chosen = path if path is not None else default_settings_path()
    if chosen is None:
        return Settings()
    try:
        text = Path(chosen).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        where = f"环境变量 {ENV_VAR} 指向的" if path is None else ""
        raise InputError(
            f"找不到{where}设置文件",
            path=chosen,
            fix="检查文件路径，或删去该设置以使用默认字体。",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"无法读取设置文件（{exc.__class__.__name__}）",
            path=chosen,
            fix="确认文件是 UTF-8 编码的 YAML 文本且有读取权限。",
        ) from None
    return parse_settings(text, source=Path(chosen))


def parse_settings(text: str, *, source: Path | None = None) -> Settings:
    """Parse settings YAML; every problem names the file, the line and a fix."""
    import yaml

    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        problem, line = yaml_problem(exc)
        raise InputError(
            f"设置文件不是合法的 YAML：{problem or exc}",
            path=source,
            line=line,
            fix="检查该行的缩进、冒号和引号，例如：fonts:\\n  body: 仿宋",
        ) from None
    if root is None:
        return Settings(source=source)
    top = _mapping(root, source, "设置文件的顶层")
    fonts = Fonts()
    for key_node, value_node in top:
        key = _key(key_node)
        if key not in TOP_KEYS:
            raise _unknown_key(key, key_node, source, TOP_KEYS)
        for font_key_node, font_value_node in _mapping(value_node, source, "fonts"):
            font_key = _key(font_key_node)
            if font_key not in FONT_KEYS:
                raise _unknown_key(font_key, font_key_node, source, FONT_KEYS, parent="fonts")
            value = _font_name(font_value_node, source, font_key)
            fonts = replace(fonts, **{font_key: value})
    return Settings(fonts=fonts, source=source)


def _mapping(node: Any, source: Path | None, what: str) -> list[tuple[Any, Any]]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        raise InputError(
            f"{what}应当是“键: 值”的映射",
            path=source,
            line=node.start_mark.line + 1,
            fix="按如下格式书写：fonts:\\n  body: 仿宋",
        )
    return list(node.value)


def _key(node: Any) -> str:
    return str(node.value)


def _font_name(node: Any, source: Path | None, key: str) -> str:
    import yaml

    value = node.value if isinstance(node, yaml.ScalarNode) else None
    if not isinstance(value, str) or not value.strip():
        raise InputError(
            "字体名应当是非空文本",
            path=source,
            line=node.start_mark.line + 1,
            field=f"fonts.{key}",
            fix=f"写一个字体名，例如：{key}: {getattr(Fonts(), key)}",
        )
    return value.strip()


def _unknown_key(
    key: str, node: Any, source: Path | None, allowed: tuple[str, ...], parent: str | None = None
) -> InputError:
    import difflib

    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f"是否想写「{close[0]}」？" if close else ""
    return InputError(
        f"未知的设置项「{key}」",
        path=source,
        line=node.start_mark.line + 1,
        field=f"{parent}.{key}" if parent else key,
        fix=f"{hint}可用的设置项：{'、'.join(allowed)}。",
    )
