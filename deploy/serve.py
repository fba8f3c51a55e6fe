"""Run N Preventiekaart processes behind nginx on one machine (``scripts/serve.sh``).

Every process is a plain ``streamlit run app.py`` on 127.0.0.1 and its own free port; they
share the store (``DATABASE_URL``, PostgreSQL for more than one process), the home
directory (CBS cache, map data files) and one cookie secret, so a session's XSRF cookie
is valid on any process. nginx (``deploy/nginx.conf.template``) keeps each browser on
one process. A process that stops is started again; the others keep serving meanwhile.
The read-only HSDS API (``python -m planner.api``) runs beside them as one more process on
the same store; nginx routes ``/api/`` to it. Writes ``<run>/processen.json`` (pids and
ports) for tests and monitoring.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_binary() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if found:
        return found
    subprocess.run(["bash", str(ROOT / "deploy" / "install-nginx.sh")], check=True)
    return shutil.which("nginx") or "/usr/sbin/nginx"


API_PREFIX = "/api"


def render_config(listen: str, ports: list[int], run: Path, api_port: int | None = None) -> Path:
    mime = next(
        (
            p
            for p in ("/etc/nginx/mime.types", "/usr/local/nginx/conf/mime.types")
            if Path(p).exists()
        ),
        None,
    )
    if mime is None:
        raise SystemExit(
            "nginx is geïnstalleerd maar mime.types ontbreekt (/etc/nginx/mime.types)."
        )
    upstreams = "\n".join(
        f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in ports
    )
    # Without the API process (--geen-api) nginx itself answers 404 on /api/.
    api = f"server 127.0.0.1:{api_port};" if api_port else "server 127.0.0.1:9 down;"
    api_proxy = "proxy_pass http://hsds_api/;" if api_port else "return 404;"
    tekst = (
        TEMPLATE.read_text(encoding="utf-8")
        .replace("@LISTEN@", listen)
        .replace("@UPSTREAMS@", upstreams)
        .replace("@API_UPSTREAM@", api)
        .replace("@API_PROXY@", api_proxy)
        .replace("@STATIC@", str(ROOT / "static"))
        .replace("@RUN@", str(run))
        .replace("@MIME@", mime)
    )
    conf = run / "nginx.conf"
    conf.write_text(tekst, encoding="utf-8")
    return conf


def start_app_command(port: int) -> list[str]:
    """``streamlit run app.py`` on 127.0.0.1:``port``, set up for many sessions at once."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        # Production: no watching of source files. Streamlit otherwise walks every loaded
        # module's path (realpath) on the event loop after each script run of each session.
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
    ]


def start_app(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        start_app_command(port), cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT
    )


def start_api(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    """The HSDS API on the same store; nginx strips ``/api`` and the API puts it in links."""
    cmd = [
        sys.executable,
        "-m",
        "planner.api",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--root-path",
        API_PREFIX,
    ]
    return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT)


def wait_healthy(port: int, timeout: float = 120, path: str = "/_stcore/health") -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def warm(port: int, pages: tuple[str, ...] = ("", "wijkprofiel", "verwijzen")) -> None:
    """Run each page once before nginx sends visitors: imports, CBS data and search index
    are loaded by one script run instead of by the first visitors all at once."""
    import asyncio

    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    async def one(page: str) -> None:
        async with websockets.connect(
            f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=None
        ) as ws:
            msg = BackMsg()
            msg.rerun_script.page_name = page
            await ws.send(msg.SerializeToString())
            while True:
                fm = ForwardMsg()
                fm.ParseFromString(await asyncio.wait_for(ws.recv(), 600))
                if fm.WhichOneof("type") == "script_finished":
                    return

    for page in pages:
        try:
            asyncio.run(one(page))
        except (OSError, TimeoutError, websockets.WebSocketException):
            return


class Herstart:
    """When a stopped process may start again: at once after a long run, slower each time
    it falls over right after starting (a broken config must not spin the machine)."""

    KORT_S = 30.0  # a run shorter than this counts as "fell over at once"
    MAX_S = 60.0

    def __init__(self) -> None:
        self.gestart: dict[str, float] = {}
        self.wacht: dict[str, float] = {}
        self.niet_voor: dict[str, float] = {}

    def start(self, naam: str, nu: float) -> None:
        self.gestart[naam] = nu

    def mag(self, naam: str, nu: float) -> bool:
        """Called while ``naam`` is down; True when it may start now."""
        if naam not in self.niet_voor:
            liep = nu - self.gestart.get(naam, nu)
            vorig = self.wacht.get(naam, 0.0)
            self.wacht[naam] = min(max(vorig * 2, 1.0), self.MAX_S) if liep < self.KORT_S else 0.0
            self.niet_voor[naam] = nu + self.wacht[naam]
        if nu < self.niet_voor[naam]:
            return False
        del self.niet_voor[naam]
        return True


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Preventiekaart: N processen achter nginx")
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--port", type=int, default=int(os.environ.get("PREVENTIEKAART_PORT", "8080")))
    ap.add_argument("--address", default=os.environ.get("PREVENTIEKAART_ADDRESS", "127.0.0.1"))
    ap.add_argument("--run-dir", type=Path, default=None)
    ap.add_argument("--geen-api", action="store_true", help="start de HSDS-API (/api/) niet mee")
    args = ap.parse_args(argv)
    if args.processes < 1:
        ap.error("--processes moet minstens 1 zijn")

    env = dict(os.environ)
    url = env.get("DATABASE_URL", "")
    if args.processes > 1 and not url.startswith("postgresql"):
        print(
            "Let op: meerdere processen horen één PostgreSQL-database te delen "
            "(DATABASE_URL=postgresql+psycopg://…); nu gebruiken ze "
            f"{url or 'de SQLite-database in PREVENTIEKAART_HOME'}.",
            file=sys.stderr,
        )
    # One secret for all processes: cookies (XSRF for uploads) are valid on each of them.
    env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_urlsafe(32))
    home = Path(env.get("PREVENTIEKAART_HOME", ROOT / "var"))
    run = args.run_dir or home / f"serve-{args.port}"
    run.mkdir(parents=True, exist_ok=True)

    nginx = nginx_binary()
    ports = [_free_port() for _ in range(args.processes)]
    api_port = None if args.geen_api else _free_port()
    conf = render_config(f"{args.address}:{args.port}", ports, run, api_port)
    check = subprocess.run(
        [nginx, "-t", "-q", "-p", str(run), "-c", str(conf)], capture_output=True, text=True
    )
    if check.returncode != 0:
        print(f"De nginx-configuratie {conf} is ongeldig:\n{check.stderr}", file=sys.stderr)
        return 1
    apps = [start_app(p, env, run / f"app-{i}.log") for i, p in enumerate(ports)]
    api = start_api(api_port, env, run / "api.log") if api_port else None
    proxy = subprocess.Popen([nginx, "-p", str(run), "-c", str(conf)])

    def info() -> None:
        (run / "processen.json").write_text(
            json.dumps(
                {
                    "nginx": proxy.pid,
                    "listen": f"{args.address}:{args.port}",
                    "apps": [{"pid": a.pid, "port": p} for a, p in zip(apps, ports, strict=True)],
                    "api": {"pid": api.pid, "port": api_port} if api else None,
                }
            ),
            encoding="utf-8",
        )

    stopping = False

    def stop(*_a) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        for p in ports:
            wait_healthy(p)
        if api_port:
            wait_healthy(api_port, path="/")
        for p in ports:
            warm(p)
        if proxy.poll() is not None:
            print("nginx start niet; zie " + str(run / "error.log"), file=sys.stderr)
            return 1
        info()
        herstart = Herstart()
        for naam in [*(f"app-{i}" for i in range(len(apps))), "api"]:
            herstart.start(naam, time.monotonic() - Herstart.KORT_S)  # a first stop: at once
        print(
            f"Preventiekaart draait op http://{args.address}:{args.port} "
            f"({args.processes} processen achter nginx"
            + ("" if api is None else f"; HSDS-API op {API_PREFIX}/")
            + ")",
            flush=True,
        )
        while not stopping:
            time.sleep(0.5)
            if proxy.poll() is not None and not stopping:
                print("nginx is gestopt; zie " + str(run / "error.log"), file=sys.stderr)
                return 1
            nu = time.monotonic()
            for i, a in enumerate(apps):
                if a.poll() is not None and not stopping and herstart.mag(f"app-{i}", nu):
                    print(
                        f"Proces {i} (poort {ports[i]}) gestopt; opnieuw gestart.", file=sys.stderr
                    )
                    apps[i] = start_app(ports[i], env, run / f"app-{i}.log")
                    herstart.start(f"app-{i}", nu)
                    info()
            if api is not None and api.poll() is not None and not stopping and herstart.mag(
                "api", nu
            ):
                print(f"De HSDS-API (poort {api_port}) gestopt; opnieuw gestart.", file=sys.stderr)
                api = start_api(api_port, env, run / "api.log")  # type: ignore[arg-type]
                herstart.start("api", nu)
                info()
    finally:
        eigen = [*apps, *([api] if api else [])]
        for a in eigen:
            if a.poll() is None:
                a.terminate()
        if proxy.poll() is None:
            proxy.terminate()
        for a in [*eigen, proxy]:
            try:
                a.wait(timeout=10)
            except subprocess.TimeoutExpired:
                a.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
