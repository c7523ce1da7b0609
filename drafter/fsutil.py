"""Writing output files safely: never clobber without --force, never leave half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from drafter.errors import OutputError


def atomic_write(path: Path, data: bytes | str, *, force: bool) -> None:
    """Write `data` to `path` all at once (temp file in the same folder + os.replace).

    Refuses to replace an existing file unless `force`; creates the parent folder;
    a failure leaves neither a partial output nor a temp file behind.
    """
    path = Path(path)
    if path.is_dir():
        raise OutputError(
            "输出路径是一个文件夹，不是文件",
            path=path,
            fix="在 -o 后写一个文件名，例如 -o 汇报.docx。",
        )
    if path.exists() and not force:
        raise OutputError(
            f"文件已存在：{path.name}，未覆盖",
            path=path,
            fix="加 --force 覆盖，或用 -o 换一个输出文件名。",
        )
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"无法创建输出文件夹 {path.parent}（{exc.strerror or exc}）",
            path=path,
            fix="检查路径是否正确、是否有写入权限。",
        ) from None
    tmp_name: str | None = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as tmp:
            tmp_name = tmp.name
            tmp.write(payload)
            tmp.flush()
            os.fsync(tmp.fileno())
        # mkstemp creates 0600; give the output the permissions a plain open() would.
        os.chmod(tmp_name, 0o666 & ~_umask())
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as exc:
        raise OutputError(
            f"写入失败（{exc.strerror or exc}）",
            path=path,
            fix="检查磁盘空间和写入权限；若文件正被 Word/WPS 打开，请先关闭。",
        ) from None
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
