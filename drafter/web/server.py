"""Running the web app under uvicorn: bind first (so a taken port is a clear message
and port 0 gives a real address to print), then serve until Ctrl-C."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from drafter.errors import DrafterError


class ServeError(DrafterError):
    """The server cannot start (port taken, address unknown)."""


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or ServeError saying how to fix it."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        # proto=IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they
        # are TCP. Without it each response (headers, then body) waited ~40 ms on Nagle's
        # algorithm and the client's delayed ACK: GET /api/types took 44 ms instead of 2.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    except OSError as exc:
        raise ServeError(f"无法创建网络连接（{exc.strerror or exc}）", fix="检查 --host 是否是本机的地址。") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            raise ServeError(
                f"端口 {port} 已被占用",
                fix=f"换一个端口，例如 `drafter serve --port {port + 1}`；或先关闭占用它的程序。",
            ) from None
        raise ServeError(
            f"无法在 {host}:{port} 上启动（{exc.strerror or exc}）",
            fix="检查 --host 是否是本机的地址；端口小于 1024 需要管理员权限。",
        ) from None
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(
    *,
    host: str,
    port: int,
    search_path: tuple[Path, ...],
    corpus_dir: Path | None,
    open_browser: bool,
    announce: Callable[[str], None],
) -> None:
    """Serve the page until interrupted."""
    import uvicorn

    from drafter.web.app import create_app

    from drafter.web.app import LOCAL_NAMES

    app = create_app(search_path, corpus_dir, local_only=host in LOCAL_NAMES)
    sock = bind(host, port)
    url = url_of(sock)
    announce(url)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    config = uvicorn.Config(app, log_level="warning", access_log=False, server_header=False, timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


class BackgroundServer:
    """The app served from a thread on a free 127.0.0.1 port (tests, bench, screenshots):
    `with BackgroundServer(app) as url: ...` and the server is stopped on exit."""

    def __init__(self, app: Any, host: str = "127.0.0.1") -> None:
        self.app = app
        self.host = host
        self.url = ""
        self._server: object = None
        self._thread: object = None

    def __enter__(self) -> str:
        import threading
        import time

        import uvicorn

        sock = bind(self.host, 0)
        self.url = url_of(sock).rstrip("/")
        config = uvicorn.Config(self.app, log_level="warning", access_log=False, lifespan="off")
        server = uvicorn.Server(config)
        self._server = server
        self._sock = sock
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        self._thread = thread
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("测试服务器未能启动")
            time.sleep(0.01)
        return self.url

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True  # type: ignore[attr-defined]
        self._thread.join(timeout=10)  # type: ignore[attr-defined]
        self._sock.close()
