"""One error base for drafter; the CLI turns these into messages and exit codes.

The library never prints and never exits: it raises a subclass of DrafterError
carrying where the problem is (path, line, row, field, template) and how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Location:
    path: Path | str | None = None
    line: int | None = None
    row: int | None = None
    field: str | None = None
    template: str | None = None

    def describe(self) -> str:
        parts: list[str] = []
        if self.path is not None:
            parts.append(str(self.path))
        if self.template is not None:
            parts.append(f"模板 {self.template}")
        if self.line is not None:
            parts.append(f"第 {self.line} 行")
        if self.row is not None:
            parts.append(f"第 {self.row} 行数据")
        if self.field is not None:
            parts.append(f"字段「{self.field}」")
        return "，".join(parts)


def yaml_problem(exc: Exception) -> tuple[str | None, int | None]:
    """What a PyYAML error says is wrong, and the 1-based line it points at
    (the problem's mark, else the context's), for a message that names the line."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return getattr(exc, "problem", None), (mark.line + 1 if mark is not None else None)


class DrafterError(Exception):
    """Base of every error drafter raises on purpose."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        fix: str | None = None,
        path: Path | str | None = None,
        line: int | None = None,
        row: int | None = None,
        field: str | None = None,
        template: str | None = None,
        details: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix
        self.where = Location(path=path, line=line, row=row, field=field, template=template)
        self.details = list(details or [])

    def user_message(self) -> str:
        """The Chinese message a user sees: where, what, and how to fix it."""
        where = self.where.describe()
        head = f"{where}：{self.message}" if where else self.message
        lines = [head]
        lines.extend(f"  - {d}" for d in self.details)
        if self.fix:
            lines.append(f"  解决办法：{self.fix}")
        return "\n".join(lines)


class InputError(DrafterError):
    """A file the user gave cannot be read or understood."""


class FactsError(DrafterError):
    """The facts do not satisfy the type's schema."""


class TemplateError(DrafterError):
    """A template is missing, unknown or broken."""


class OutputError(DrafterError):
    """An output cannot be written (exists without --force, no permission...)."""


class CorpusError(DrafterError):
    """corpus/ is missing, stale or malformed."""
