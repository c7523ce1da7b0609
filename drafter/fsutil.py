"""Writing output files safely: never clobber without --force, never leave half a file.

Every writer goes through `atomic_write` (one file) or `staged_folder` (a folder
replaced as a set). Both write beside the target under a short temporary name
that carries the writer's process id: `.<start of name>.~<pid>.<random>.tmp`.
The name is short whatever the output's, so an output name near the file-system
limit is not refused because of its temporary; the pid lets the next run tell a
temporary left by a killed writer (removed) from one a live writer still owns
(left alone).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import shutil
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from drafter.errors import OutputError

_TEMP_RE = re.compile(r"^\..*\.~(\d+)\.[0-9a-f]{8}\.tmp$", re.DOTALL)
# A temporary whose writer's pid is alive is still stale after this long (pid reuse).
_STALE_AFTER_SECONDS = 24 * 3600
_PREFIX_BYTES = 40


def temp_name(name: str) -> str:
    """`.<start of name>.~<pid>.<random>.tmp`, at most ~70 bytes whatever `name` is."""
    prefix = name.encode("utf-8", "surrogateescape")[:_PREFIX_BYTES].decode("utf-8", "ignore")
    return f".{prefix}.~{os.getpid()}.{secrets.token_hex(4)}.tmp"


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove temporaries left in `folder` by writers that no longer run; return them."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _TEMP_RE.match(entry.name)
        if not match:
            continue
        pid = int(match.group(1))
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if pid == os.getpid() or (_pid_alive(pid) and age < _STALE_AFTER_SECONDS):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    except OSError:
        return False
    return True


def _exists(path: Path) -> bool:
    """Whether anything (a dangling symlink too) occupies `path`; OutputError on a bad name."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        raise OutputError(
            "输出路径中有一段不是文件夹", path=path, fix="检查 -o 后的路径：其中的上级目录是一个文件。"
        ) from None
    except OSError as exc:
        raise _os_error(exc, path) from None
    return True


def _os_error(exc: OSError, path: Path) -> OutputError:
    if exc.errno == errno.ENAMETOOLONG:
        return OutputError(
            "输出文件名太长，超过了文件系统的限制",
            path=_short(path),
            fix="换一个短一些的文件名（一般不超过 80 个汉字）。",
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(
            f"没有写入权限（{exc.strerror}）", path=path, fix="换一个有写入权限的文件夹，或修改文件夹权限。"
        )
    if exc.errno == errno.ENOSPC:
        return OutputError("磁盘空间不足，未写入", path=path, fix="清理磁盘空间后重试；原有文件未被改动。")
    return OutputError(
        f"写入失败（{exc.strerror or exc}）",
        path=path,
        fix="检查磁盘空间和写入权限；若文件正被 Word/WPS 打开，请先关闭。",
    )


def _short(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 120 else text[:60] + "……" + text[-40:]


def check_writable_target(path: Path, *, force: bool) -> None:
    """Refuse a folder, or (without force) anything already at `path`, before work is done."""
    path = Path(path)
    if len(os.fsencode(path.name)) > 255:
        raise _os_error(OSError(errno.ENAMETOOLONG, "File name too long"), path)
    if path.is_dir() if _exists(path) else False:
        raise OutputError(
            "输出路径是一个文件夹，不是文件",
            path=path,
            fix="在 -o 后写一个文件名，例如 -o 汇报.docx。",
        )
    if _exists(path) and not (path.is_symlink() or path.is_file()):
        raise OutputError(
            "输出路径上是一个特殊文件（设备、管道或套接字），不能写入",
            path=path,
            fix="用 -o 指定一个普通文件名。",
        )
    if _exists(path) and not force:
        what = "一个失效的符号链接" if path.is_symlink() and not path.exists() else f"文件已存在：{path.name}"
        raise OutputError(
            f"{what}，未覆盖",
            path=path,
            fix="加 --force 覆盖，或用 -o 换一个输出文件名。",
        )


def atomic_write(path: Path, data: bytes | str, *, force: bool, sweep: bool = True) -> None:
    """Write `data` to `path` all at once (temp file in the same folder, then publish).

    Without `force` the publish is a hard link, which fails if anything appeared at
    `path` meanwhile: of several writers racing for one name exactly one wins.
    With `force` it is os.replace. Creates the parent folder; any failure the
    process can see leaves neither a partial output nor a temp file behind.
    `sweep=False` skips removing stale temporaries from the folder: `drafter batch` does
    that once per run, not once per file of a folder it fills with thousands.
    """
    path = Path(path)
    check_writable_target(path, force=force)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"无法创建输出文件夹 {path.parent}（{exc.strerror or exc}）",
            path=path,
            fix="检查路径是否正确、是否有写入权限。",
        ) from None
    if sweep:
        remove_stale_temps(path.parent)
    tmp = path.parent / temp_name(path.name)
    created = False
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        created = True
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(tmp, path)
        else:
            _publish_exclusive(tmp, path)
        created = False
    except FileExistsError:
        raise OutputError(
            f"文件已存在：{path.name}，未覆盖（可能是同时运行的另一个 drafter 刚写入了它）",
            path=path,
            fix="加 --force 覆盖，或用 -o 换一个输出文件名。",
        ) from None
    except OSError as exc:
        raise _os_error(exc, path) from None
    finally:
        if created:
            _unlink_quietly(tmp)


def _publish_exclusive(tmp: Path, path: Path) -> None:
    """Give `tmp` the name `path` only if nothing is there (FileExistsError otherwise)."""
    try:
        os.link(tmp, path, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        # No hard links here (FAT, some network shares): claim the name with O_EXCL,
        # then swap the content in; the claim is what makes racing writers exclusive.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        os.replace(tmp, path)
        return
    _unlink_quietly(tmp)


def _unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """A temporary folder beside `target`; `replace_folder` publishes it, any exit removes it."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_error(exc, target) from None
    remove_stale_temps(target.parent)
    stage = target.parent / temp_name(target.name)
    try:
        stage.mkdir()
    except OSError as exc:
        raise _os_error(exc, target) from None
    try:
        yield stage
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


def replace_folder(stage: Path, target: Path) -> None:
    """Put the complete folder `stage` at `target`, replacing what was there as a whole.

    The old folder is renamed aside first and removed only after the new one is in
    place, so `target` is only ever the old set, the new set, or (for an instant)
    absent: never a mix. Two writers racing for one target both publish a whole
    set; the later one wins.
    """
    target = Path(target)
    olds: list[Path] = []
    try:
        for _ in range(8):
            # One lstat, not exists() then is_dir(): a racing writer may move the folder
            # aside in between, which is not "a file is in the way".
            try:
                mode: int | None = os.lstat(target).st_mode
            except FileNotFoundError:
                mode = None
            if mode is not None:
                if not stat.S_ISDIR(mode):
                    raise OutputError(
                        "输出路径已存在，且不是文件夹",
                        path=target,
                        fix="语料库要写入一个文件夹：用 -o 换一个文件夹名，或先移走这个文件。",
                    )
                old = target.parent / temp_name(target.name)
                try:
                    os.rename(target, old)
                    olds.append(old)
                except FileNotFoundError:
                    pass  # another writer moved it aside first
            try:
                os.rename(stage, target)
                break
            except OSError as exc:
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                    raise
                # Another writer published in between: move theirs aside too, retry.
        else:
            raise OSError(errno.EEXIST, "target keeps reappearing")
    except OSError as exc:
        if olds and not _exists(target):
            os.rename(olds.pop(0), target)  # put the old set back
        raise _os_error(exc, target) from None
    finally:
        for old in olds:
            shutil.rmtree(old, ignore_errors=True)
