"""Concurrent sessions against 1 and 2 app processes behind nginx (deploy/serve.py).

For N = 1, 5, 10, 20 sessions at once (each its own websocket and affinity cookie, like
N browser tabs) on the Wijkprofiel and on the search page with 10,000 services, prints the
median and p95 time from connecting to a settled page (script finished), the errors, and
the RSS of every app process afterwards. Loopback only, bounded (at most 20 sessions,
300 s per page). The baseline is the same app with 1 process: side by side in one run.

Run: PREVENTIEKAART_DATA_DIR=../shared/data/cbs .venv/bin/python bench/load.py [aantal]
     (DATABASE_URL_TEST: the PostgreSQL server to use; a fresh schema is made and dropped)
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kaartgen import vul_store
from sqlalchemy import text
from stclient import Sessie

from planner.settings import PROJECT_ROOT
from planner.store import make_engine

PG = os.environ.get("DATABASE_URL_TEST", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
SESSIES = (1, 5, 10, 20)
PAGINAS = {"Wijkprofiel": "wijkprofiel", "Zoeken (10k diensten)": "verwijzen"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_stack(processen: int, url: str, home: Path) -> tuple[subprocess.Popen, int, dict]:
    port = _free_port()
    run = home / f"run-{processen}"
    env = dict(os.environ, DATABASE_URL=url, PREVENTIEKAART_HOME=str(home))
    env["PREVENTIEKAART_TILES"] = "geen"
    proc = subprocess.Popen(
        [
            sys.executable,
            str(PROJECT_ROOT / "deploy" / "serve.py"),
            "--processes",
            str(processen),
            "--port",
            str(port),
            "--run-dir",
            str(run),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.time() + 300
    while time.time() < deadline:
        if (run / "processen.json").exists():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    return proc, port, json.loads((run / "processen.json").read_text())
            except OSError:
                pass
        time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGTERM)
    raise SystemExit("De stack kwam niet op")


async def een_sessie(port: int, pagina: str) -> tuple[float, int, int] | None:
    """(seconds to the settled page, bytes received, messages); None on an error."""
    s = Sessie(
        f"ws://127.0.0.1:{port}/_stcore/stream",
        page=pagina,
        cookie=f"pk_instance={uuid.uuid4().hex}",
    )
    t0 = time.perf_counter()
    try:
        await s.connect()
        r = await s.run(timeout=300)
        return None if r.exception else (time.perf_counter() - t0, r.raw_bytes, r.messages)
    except (OSError, TimeoutError, Exception):
        return None
    finally:
        await s.close()


async def ronde(port: int, pagina: str, n: int) -> list[tuple[float, int, int] | None]:
    return await asyncio.gather(*(een_sessie(port, pagina) for _ in range(n)))


def main(aantal: int = 10_000) -> None:
    os.environ.setdefault("PREVENTIEKAART_DATA_DIR", str(PROJECT_ROOT.parent / "shared/data/cbs"))
    schema = f"load_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{PG}?options=-csearch_path%3D{schema}"
    home = Path(tempfile.mkdtemp())
    rows = []
    try:
        t = time.perf_counter()
        vul_store(url, aantal)
        print(f"{aantal:,} diensten in PostgreSQL gezet in {time.perf_counter() - t:.0f} s")
        for processen in (1, 2):
            proc, port, info = start_stack(processen, url, home)
            try:
                for pagina in PAGINAS.values():  # warm: CBS data, index, map files per process
                    asyncio.run(ronde(port, pagina, 2 * processen))
                for label, pagina in PAGINAS.items():
                    for n in SESSIES:
                        tijden = asyncio.run(ronde(port, pagina, n))
                        goed = [t for t in tijden if t is not None]
                        ok = sorted(t[0] for t in goed)
                        # What a session received: the whole page each time (no shortcut).
                        kb = statistics.median(t[1] for t in goed) / 1024 if goed else 0
                        berichten = statistics.median(t[2] for t in goed) if goed else 0
                        p95 = ok[min(len(ok) - 1, int(0.95 * len(ok)))] if ok else float("nan")
                        rss = [rss_mb(a["pid"]) for a in info["apps"]]
                        rows.append(
                            (
                                processen,
                                label,
                                n,
                                statistics.median(ok) if ok else float("nan"),
                                p95,
                                len(tijden) - len(ok),
                                rss,
                                kb,
                                berichten,
                            )
                        )
                        print(f"  {processen} proces(sen), {label}, {n} sessies: klaar", flush=True)
            finally:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(60)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    print("\nTijd tot een klaarstaande pagina bij N gelijktijdige sessies (loopback, nginx)")
    print(
        f"{'processen':>9} {'pagina':24} {'N':>3} {'mediaan s':>10} {'p95 s':>7} {'fouten':>7}"
        f" {'kB/sessie':>9} {'berichten':>9}  RSS per proces (MB)"
    )
    for processen, label, n, med, p95, fout, rss, kb, berichten in rows:
        print(
            f"{processen:>9} {label:24} {n:>3} {med:10.2f} {p95:7.2f} {fout:>7}"
            f" {kb:9.0f} {berichten:9.0f}  " + ", ".join(f"{r:.0f}" for r in rss)
        )
    print(
        "kB/sessie: ontvangen over de websocket (na deflate uitgepakt) tot script_finished; "
        "elke sessie is nieuw en krijgt de hele pagina."
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
