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


def _fake_wfs(features: list[dict], matched: int | None):
    def get(url: str) -> bytes:
        start = int(url.split("startIndex=")[1])
        count = int(url.split("count=")[1].split("&")[0])
        page = {"type": "FeatureCollection", "features": features[start : start + count]}
        if matched is not None:
            page["numberMatched"] = matched
        return json.dumps(page).encode()

    return get


def test_wfs_is_fetched_page_by_page():
    feats = [{"type": "Feature", "id": i} for i in range(5)]
    out = json.loads(install.wfs_alle("http://x/wfs?a=1", _fake_wfs(feats, 5), pagina=2))
    assert [f["id"] for f in out["features"]] == [0, 1, 2, 3, 4]


def test_incomplete_wfs_is_refused():
    feats = [{"type": "Feature", "id": i} for i in range(3)]
    with pytest.raises(CbsDataError, match="3 van 5"):
        install.wfs_alle("http://x/wfs?a=1", _fake_wfs(feats, 5), pagina=3)


def _fake_odata(rows: list[dict], count: int, dims: dict[str, dict[str, str]]):
    base = "https://cbs.test/ODataFeed/odata/85990NED"

    def get(url: str) -> bytes:
        if url == f"{base}/TypedDataSet?$format=json":
            return json.dumps({"value": rows[:1], "odata.nextLink": f"{base}/p2"}).encode()
        if url == f"{base}/p2":
            return json.dumps({"value": rows[1:]}).encode()
        if url.endswith("/$count"):
            return str(count).encode()
        if "DataProperties" in url:
            return json.dumps({"value": [{"Key": k, "Type": "Dimension"} for k in dims]}).encode()
        key = url.split("/")[-1].split("?")[0]
        return json.dumps(
            {"value": [{"Key": k, "Title": t} for k, t in dims[key].items()]}
        ).encode()

    return f"{base}/TypedDataSet?$format=json", get


def test_odata_feed_resolves_dimension_keys_and_checks_the_count():
    rows = [
        {"ID": 0, "Vormen": "T001  ", "Perioden": "2024HJ01", "X_1": 5},
        {"ID": 1, "Vormen": "A049  ", "Perioden": "2024HJ01", "X_1": 3},
    ]
    dims = {
        "Vormen": {"T001": "Totaal alle jeugdzorg in natura", "A049": "Jeugdhulp"},
        "Perioden": {"2024HJ01": "1e halfjaar 2024"},
    }
    url, get = _fake_odata(rows, 2, dims)
    text = install.odata_naar_csv(url, get).decode()
    assert "Totaal alle jeugdzorg in natura;1e halfjaar 2024;5" in text
    url, get = _fake_odata(rows, 3, dims)
    with pytest.raises(CbsDataError, match="2 van 3 rijen"):
        install.odata_naar_csv(url, get)


def test_failed_swap_restores_the_previous_data(mirror, tmp_path, monkeypatch):
    target = tmp_path / "cbs"
    (target / "oud").mkdir(parents=True)
    (target / "oud" / "x.csv").write_text("bewaard", encoding="utf-8")
    real_rename = Path.rename

    def rename(self, dest):
        if Path(dest) == target and self.name == "cbs" and self.parent != tmp_path:
            raise OSError("schijf vol")
        return real_rename(self, dest)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(CbsDataError, match="niets gewijzigd"):
        install.download(install.spiegel_bestanden(mirror), target)
    assert (target / "oud" / "x.csv").read_text(encoding="utf-8") == "bewaard"


def test_unwritable_target_gives_a_dutch_message(tmp_path, monkeypatch, capsys, cbs_dir):
    monkeypatch.setenv("PREVENTIEKAART_HOME", str(tmp_path / "home"))
    (tmp_path / "eenbestand").write_text("x", encoding="utf-8")
    code = install.main(
        ["install", "--from", str(cbs_dir), "--to", str(tmp_path / "eenbestand" / "cbs")]
    )
    assert code == 1
    assert "mislukt" in capsys.readouterr().err
