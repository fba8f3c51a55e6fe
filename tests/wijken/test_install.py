"""`python -m planner.cbs install`: local copy, download from a mirror, all-or-nothing."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest

from planner import cbs as install
from planner.wijken.cbs import CbsDataError


@pytest.fixture
def mirror(cbs_dir):
    """A local HTTP server on 127.0.0.1 serving the shared CBS files."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(cbs_dir))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_download_from_a_mirror_installs_everything(mirror, tmp_path, monkeypatch):
    monkeypatch.setenv("PREVENTIEKAART_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("PREVENTIEKAART_CBS_BASE_URL", mirror)
    assert install.main(["install"]) == 0
    target = tmp_path / "home" / "cbs"
    assert (target / "geo" / "wijk_2024_wgs84.geojson").exists()
    assert len(list(target.rglob("*.csv"))) >= 5


def test_failed_download_leaves_previous_data_untouched(mirror, tmp_path):
    target = tmp_path / "cbs"
    (target / "oud").mkdir(parents=True)
    (target / "oud" / "x.csv").write_text("bewaard", encoding="utf-8")
    missing = install.Bestand("geo/ontbreekt.geojson", f"{mirror}/weg.geojson", "bestand")
    files = [*install.spiegel_bestanden(mirror), missing]
    with pytest.raises(CbsDataError, match=r"ontbreekt\.geojson"):
        install.download(files, target)
    assert (target / "oud" / "x.csv").read_text(encoding="utf-8") == "bewaard"
    assert not (target / "geo").exists()


def test_unusable_download_is_rejected(tmp_path):
    target = tmp_path / "cbs"
    files = [install.Bestand("geo/gemeente_2025.geojson", "mem://x", "bestand")]
    with pytest.raises(CbsDataError, match=r"wijkgrenzen|onleesbaar"):
        install.download(files, target, get=lambda _u: b'{"type": "FeatureCollection"}')
    assert not target.exists()


def test_odata_pages_become_a_statline_csv():
    pages = {
        "u1": {
            "value": [{"ID": 0, "Codering_3": "GM0001    ", "AantalInwoners_5": 10}],
            "odata.nextLink": "u2",
        },
        "u2": {"value": [{"ID": 1, "Codering_3": "WK000101  ", "AantalInwoners_5": None}]},
    }
    data = install.odata_naar_csv("u1", lambda u: json.dumps(pages[u]).encode()).decode()
    lines = data.strip().splitlines()
    assert lines[0] == "ID;Codering_3;AantalInwoners_5"
    assert lines[2] == "1;WK000101  ;"


def test_official_sources_per_year():
    urls = [b.url for b in install.officiele_bestanden("2024")]
    assert any("85984NED" in u for u in urls)
    assert any("wijk_gegeneraliseerd" in u for u in urls)
    with pytest.raises(ValueError, match="kies uit"):
        install.officiele_bestanden("1999")


def test_install_from_local_folder(cbs_dir, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PREVENTIEKAART_HOME", str(tmp_path / "home"))
    target = tmp_path / "doel"
    assert install.main(["install", "--from", str(cbs_dir), "--to", str(target)]) == 0
    assert (target / "geo" / "gemeente_2025_wgs84.geojson").exists()
    assert "geïnstalleerd" in capsys.readouterr().out


def test_install_from_missing_folder_fails_in_dutch(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PREVENTIEKAART_HOME", str(tmp_path / "home"))
    assert install.main(["install", "--from", str(tmp_path / "weg")]) == 1
    assert "bestaat niet" in capsys.readouterr().err


def test_every_mirror_path_exists_in_the_shared_layout(cbs_dir):
    missing = [p for p in install.SPIEGEL if not (Path(cbs_dir) / p).exists()]
    assert missing == []
