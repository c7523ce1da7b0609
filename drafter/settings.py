"""User settings: fonts, page margins, and default facts (单位, 上级, 主送).

GB/T 9704-2012 names font categories; the fonts written by default are the
names Chinese offices use (仿宋_GB2312, 方正小标宋简体 ...). Machines that lack
them, or offices with their own habits, name others in YAML:

    fonts:
      body: 仿宋
    margins:          # 毫米
      top: 37
    defaults:         # 事实文件没写（或留空）时使用的事实
      单位: 某某县商务局

Precedence, applied per value in `load_settings` (the most specific wins):

1. an explicit path passed to `load_settings` (must exist), else the file named by
   the environment variable DRAFTER_SETTINGS (must exist when set),
2. ./drafter.yaml in the current folder,
3. settings.yaml in the user's config folder (drafter.paths.user_config_dir()),
4. the built-in defaults.

So a user file can set the fonts once and a project's drafter.yaml only its 单位.
The default facts layer *under* a facts file: a fact the file gives always wins
(applied in drafter.draft.draft).
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
BUILT_IN = "内置默认值"


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
    # 发文机关标志 (版头); 小标宋 like the title, unless an office uses its own.
    issuer: str = "方正小标宋简体"

    def for_heading(self, level: int) -> str:
        return (self.heading1, self.heading2, self.heading3, self.heading4)[level - 1]


@dataclass(frozen=True)
class Margins:
    """Page margins in millimetres (GB/T 9704: 天头 37, 订口 28, text block 156 × 225)."""

    top: float = 37.0
    bottom: float = 35.0
    left: float = 28.0
    right: float = 26.0

    def twips(self, side: str) -> int:
        # gbt9704.md's 56.7 twips a millimetre: 37 -> 2098, 28 -> 1588, 26 -> 1474, 35 -> 1984.
        return round(float(getattr(self, side)) * 56.7)


# Facts a settings file may give defaults for (the ones an office repeats in every document).
DEFAULT_FACTS: tuple[str, ...] = ("单位", "上级", "主送")
MARGIN_RANGE_MM = (5.0, 80.0)


@dataclass(frozen=True)
class Settings:
    fonts: Fonts = field(default_factory=Fonts)
    margins: Margins = field(default_factory=Margins)
    # Default facts as (name, value) pairs, in DEFAULT_FACTS order.
    defaults: tuple[tuple[str, str], ...] = ()
    # Where each value that is not built-in came from: ("fonts.body", "/path/drafter.yaml").
    sources: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    # The settings files read, least specific first.
    files: tuple[Path, ...] = field(default=(), compare=False)

    @property
    def source(self) -> Path | None:
        """The most specific settings file read (None: built-in defaults only)."""
        return self.files[-1] if self.files else None

    @property
    def default_facts(self) -> dict[str, str]:
        return dict(self.defaults)

    def origin(self, key: str) -> str:
        """Where the effective value of `key` ("fonts.body", "defaults.单位") came from."""
        return dict(self.sources).get(key, BUILT_IN)

    def layout_key(self) -> tuple[Fonts, Margins]:
        """What the typeset .docx depends on (default facts do not change the layout)."""
        return (self.fonts, self.margins)


FONT_KEYS: tuple[str, ...] = tuple(f.name for f in fields(Fonts))
MARGIN_KEYS: tuple[str, ...] = tuple(f.name for f in fields(Margins))
TOP_KEYS: tuple[str, ...] = ("fonts", "margins", "defaults")


def settings_files(cwd: Path | None = None, explicit: Path | None = None) -> list[tuple[Path, bool]]:
    """The settings files that apply, least specific first, each with whether DRAFTER_SETTINGS named it.

    Order: the user file, ./drafter.yaml, then `explicit` or else DRAFTER_SETTINGS.
    The last one is listed whether or not it exists: a settings file someone
    named that is missing is an error (load_settings), never a silent fallback.
    """
    found: list[tuple[Path, bool]] = []
    user = user_config_dir() / USER_FILE_NAME
    if user.is_file():
        found.append((user, False))
    local = (cwd or Path.cwd()) / LOCAL_FILE
    if local.is_file():
        found.append((local, False))
    env = os.environ.get(ENV_VAR)
    if explicit is not None:
        found.append((Path(explicit), False))
    elif env:
        found.append((Path(env), True))
    return found


def load_settings(path: Path | None = None, *, cwd: Path | None = None) -> Settings:
    """The effective settings: built-in < user file < ./drafter.yaml < `path` or DRAFTER_SETTINGS."""
    settings = Settings()
    for chosen, from_env in settings_files(cwd, path):
        settings = parse_settings(_read(chosen, from_env), source=chosen, base=settings)
    return settings


def _read(chosen: Path, from_env: bool) -> str:
    try:
        return Path(chosen).read_text(encoding="utf-8-sig")
    except (FileNotFoundError, NotADirectoryError):
        where = f"环境变量 {ENV_VAR} 指向的" if from_env else ""
        fix = f"检查文件路径，或删去环境变量 {ENV_VAR} 以使用默认设置。" if from_env else "检查文件路径。"
        raise InputError(f"找不到{where}设置文件", path=chosen, fix=fix) from None
    except IsADirectoryError:
        raise InputError("设置文件的位置是一个文件夹", path=chosen, fix="给出一个 .yaml 文件。") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"无法读取设置文件（{exc.__class__.__name__}）",
            path=chosen,
            fix="确认文件是 UTF-8 编码的 YAML 文本且有读取权限。",
        ) from None


def parse_settings(text: str, *, source: Path | None = None, base: Settings | None = None) -> Settings:
    """Parse settings YAML over `base`; every problem names the file, the line and a fix."""
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
    settings = base or Settings()
    if root is None:
        return replace(settings, files=settings.files + ((source,) if source is not None else ()))
    origin = str(source) if source is not None else "（文本）"
    fonts, margins = settings.fonts, settings.margins
    defaults = dict(settings.defaults)
    sources = dict(settings.sources)
    for key_node, value_node in _mapping(root, source, "设置文件的顶层"):
        key = _key(key_node)
        if key not in TOP_KEYS:
            raise _unknown_key(key, key_node, source, TOP_KEYS)
        for sub_node, sub_value in _mapping(value_node, source, key):
            sub = _key(sub_node)
            if key == "fonts":
                if sub not in FONT_KEYS:
                    raise _unknown_key(sub, sub_node, source, FONT_KEYS, parent=key)
                fonts = replace(fonts, **{sub: _font_name(sub_value, source, sub)})
            elif key == "margins":
                if sub not in MARGIN_KEYS:
                    raise _unknown_key(sub, sub_node, source, MARGIN_KEYS, parent=key)
                margins = replace(margins, **{sub: _millimetres(sub_value, source, sub)})
            else:
                if sub not in DEFAULT_FACTS:
                    raise _unknown_key(sub, sub_node, source, DEFAULT_FACTS, parent=key)
                defaults[sub] = _fact_text(sub_value, source, sub)
            sources[f"{key}.{sub}"] = origin
    ordered = tuple((name, defaults[name]) for name in DEFAULT_FACTS if name in defaults)
    files = settings.files + ((source,) if source is not None else ())
    return Settings(
        fonts=fonts, margins=margins, defaults=ordered, sources=tuple(sorted(sources.items())), files=files
    )


def effective_values(settings: Settings) -> list[tuple[str, str, str]]:
    """Every setting as (key, value, where it came from), for `drafter settings show`."""
    rows: list[tuple[str, str, str]] = []
    for name in FONT_KEYS:
        rows.append((f"fonts.{name}", getattr(settings.fonts, name), settings.origin(f"fonts.{name}")))
    for name in MARGIN_KEYS:
        value = float(getattr(settings.margins, name))
        rows.append((f"margins.{name}", f"{value:g} 毫米", settings.origin(f"margins.{name}")))
    given = settings.default_facts
    for name in DEFAULT_FACTS:
        rows.append((f"defaults.{name}", given.get(name, "（未设置）"), settings.origin(f"defaults.{name}")))
    return rows


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


def _scalar_text(node: Any) -> str | None:
    import yaml

    if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str) and node.value.strip():
        return str(node.value).strip()
    return None


def _font_name(node: Any, source: Path | None, key: str) -> str:
    value = _scalar_text(node)
    if value is None:
        raise InputError(
            "字体名应当是非空文本",
            path=source,
            line=node.start_mark.line + 1,
            field=f"fonts.{key}",
            fix=f"写一个字体名，例如：{key}: {getattr(Fonts(), key)}",
        )
    return value


def _millimetres(node: Any, source: Path | None, key: str) -> float:
    low, high = MARGIN_RANGE_MM
    text = _scalar_text(node) or ""
    try:
        value = float(text.removesuffix("mm").removesuffix("毫米").strip())
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        raise InputError(
            f"页边距应当是 {low:g} 到 {high:g} 之间的毫米数，这里是「{text or '空'}」",
            path=source,
            line=node.start_mark.line + 1,
            field=f"margins.{key}",
            fix=f"写一个数字（毫米），例如：{key}: {getattr(Margins(), key):g}",
        )
    return value


def _fact_text(node: Any, source: Path | None, key: str) -> str:
    value = _scalar_text(node)
    if value is None:
        raise InputError(
            "默认事实应当是非空文本",
            path=source,
            line=node.start_mark.line + 1,
            field=f"defaults.{key}",
            fix=f"写一行文字，例如：{key}: 某某县商务局" if key == "单位" else f"写一行文字，例如：{key}: 县委、县政府",
        )
    return value


def _unknown_key(
    key: str, node: Any, source: Path | None, allowed: tuple[str, ...], parent: str | None = None
) -> InputError:
    import difflib

    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f"是否想写「{close[0]}」？" if close else ""
    return InputError(
        f"未知的设置项「{f'{parent}.{key}' if parent else key}」",
        path=source,
        line=node.start_mark.line + 1,
        field=f"{parent}.{key}" if parent else key,
        fix=f"{hint}可用的设置项：{'、'.join(allowed)}。",
    )
