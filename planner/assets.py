"""Serve every map asset from the app itself: no CDN request may be needed to draw a map.

The files come from the npm packages pinned in package.json (installed with ``npm ci``) and
are copied to ``static/vendor`` where Streamlit's static serving publishes them under
``/app/static/vendor``. Nothing of them is committed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from planner.settings import PROJECT_ROOT

STATIC_DIR = PROJECT_ROOT / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
URL_PREFIX = "/app/static/vendor"

# (package dir in node_modules, files or dirs to copy)
_SOURCES: dict[str, list[str]] = {
    "leaflet": ["dist/leaflet.js", "dist/leaflet.css", "dist/images"],
    "leaflet.markercluster": [
        "dist/leaflet.markercluster.js",
        "dist/MarkerCluster.css",
        "dist/MarkerCluster.Default.css",
    ],
}

# Installed by the same ``npm ci`` but never served: the accessibility tests inject axe-core
# from node_modules into the page (package.json devDependencies).
TEST_PACKAGES = ("axe-core",)

LEAFLET_JS = ("leaflet", f"{URL_PREFIX}/leaflet/leaflet.js")
LEAFLET_CSS = ("leaflet_css", f"{URL_PREFIX}/leaflet/leaflet.css")
MARKERCLUSTER_JS = (
    "markerclusterjs",
    f"{URL_PREFIX}/leaflet.markercluster/leaflet.markercluster.js",
)
MARKERCLUSTER_CSS = [
    ("markerclustercss", f"{URL_PREFIX}/leaflet.markercluster/MarkerCluster.css"),
    (
        "markerclusterdefaultcss",
        f"{URL_PREFIX}/leaflet.markercluster/MarkerCluster.Default.css",
    ),
]

REQUIRED_FILES = [
    VENDOR_DIR / "leaflet" / "leaflet.js",
    VENDOR_DIR / "leaflet" / "leaflet.css",
    VENDOR_DIR / "leaflet.markercluster" / "leaflet.markercluster.js",
]


# Map data (geometry, indicator values) published as static files named by their content:
# the browser fetches each version once and keeps it, every process writes the same name,
# and a newer CBS version simply gets a new name.
KAARTDATA_DIR = STATIC_DIR / "kaartdata"
KAARTDATA_URL = "/app/static/kaartdata"


def publiceer(naam: str, inhoud: str) -> str:
    """Write ``inhoud`` as ``kaartdata/<naam>.js`` (once, atomically); its URL.

    ``naam`` must follow from the content (e.g. a hash of it): a file is never rewritten.

    A unique temporary name plus ``os.replace`` means two processes writing the same file
    at once never leave a half-written file under the final name. Raises OSError when the
    disk refuses (the caller then sends the data inline).
    """
    naam = f"{naam}.js"
    doel = KAARTDATA_DIR / naam
    if not doel.exists():
        KAARTDATA_DIR.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{naam}.", suffix=".tmp", dir=KAARTDATA_DIR)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(inhoud)
            os.chmod(tmp, 0o644)
            os.replace(tmp, doel)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return f"{KAARTDATA_URL}/{naam}"


def missing_assets() -> list[Path]:
    """Which files a map needs but the install step has not put in place."""
    return [p for p in REQUIRED_FILES if not p.exists()]


def install(node_modules: Path | None = None, run_npm: bool = True) -> list[Path]:
    """Copy the pinned npm packages into static/vendor; runs ``npm ci`` if they are absent."""
    modules = node_modules or PROJECT_ROOT / "node_modules"
    if run_npm and not all((modules / pkg).exists() for pkg in (*_SOURCES, *TEST_PACKAGES)):
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError(
                "npm is niet gevonden. Installeer Node.js/npm (Debian: apt-get install npm) "
                "en voer dit commando opnieuw uit."
            )
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=PROJECT_ROOT, check=True)
    copied: list[Path] = []
    for pkg, items in _SOURCES.items():
        target = VENDOR_DIR / pkg
        target.mkdir(parents=True, exist_ok=True)
        for item in items:
            src = modules / pkg / item
            if not src.exists():
                raise RuntimeError(f"Bestand ontbreekt na npm-installatie: {src}")
            dst = target / Path(item).name
            if src.is_dir():
                shutil.copytree(src, dst, dirs_exist_ok=True)
            else:
                shutil.copy2(src, dst)
            copied.append(dst)
    return copied


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] != ["install"]:
        print("Gebruik: python -m planner.assets install", file=sys.stderr)
        return 2
    try:
        files = install()
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        print(f"Kaartbestanden installeren mislukt: {exc}", file=sys.stderr)
        return 1
    print(f"{len(files)} kaartbestanden staan klaar in {VENDOR_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
