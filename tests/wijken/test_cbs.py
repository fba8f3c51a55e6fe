"""The CBS loader on the real shared files and on small synthetic data dirs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.settings import Settings
from planner.wijken import cbs
from planner.wijken.cbs import CbsDataError, load_cbs, map_oude_gemeente
from planner.wijken.values import GEHEIM, NIET_GELADEN, ONBEKEND


def _count_wijken(cbs_dir: Path, gm: str) -> int:
    raw = json.loads((cbs_dir / "geo" / "wijk_2024_wgs84.geojson").read_text(encoding="utf-8"))
    return sum(1 for f in raw["features"] if f["properties"]["statcode"][2:6] == gm[2:])


@pytest.mark.parametrize("gm", ["GM1930", "GM1992", "GM1924"])
def test_every_wijk_of_the_source_is_loaded(cbs_real, cbs_dir, gm):
    assert len(cbs_real.wijken_van(gm)) == _count_wijken(cbs_dir, gm) > 0


def test_all_gemeenten_and_wijken_have_valid_geometry(cbs_real):
    assert len(cbs_real.gemeenten) == 342
    assert cbs_real.wijken.geometry.is_valid.all()
    assert cbs_real.gemeenten.geometry.is_valid.all()
    assert cbs_real.gemeente_naam("GM1992") == "Voorne aan Zee"


@pytest.mark.parametrize(
    ("code", "var", "expected"),
    [
        ("GM1930", "AantalInwoners", 87639),
        ("WK199200", "AantalInwoners", 4945),
        ("GM1930", "GF_InwonersJongerDan18", 16725),
        ("NL01", "GF_InwonersJongerDan18", 3303345),
        ("GM1930", "GF_Eenouderhuishoudens", 4036),
        ("GM1930", "JZ_TotaalJongerenMetJeugdzorgInNatura", 1835),
        ("WK193002", "JZ_TotaalJongerenMetJeugdzorgInNatura", 55),
        ("WK193002", "JZ_ThuiswonendKindInEenouderhuishouden", 20),
        ("GM1992", "JZ_TotaalJongerenMetJeugdzorgInNatura", 1245),
        ("WK193012", "HuishoudensMetKinderen", 1875),
        ("WK193001", "GemiddeldInkomenPerInwoner", 32.7),
        ("WK192403", "k_0Tot15Jaar", 1240),
        ("WK193001", "INK_PctLaagste40", 54.1),
        ("GM1930", "JZP_Jeugdhulp", 10.1),
    ],
)
def test_known_values_from_provenance(cbs_real, code, var, expected):
    assert cbs_real.value(code, var) == pytest.approx(expected)


def test_jeugdzorg_uses_only_the_newest_period(cbs_real):
    assert cbs_real.bronnen["JZ_TotaalJongerenMetJeugdzorgInNatura"].jaar == "1e halfjaar 2024"


def test_suppressed_small_counts_are_missing_not_zero(cbs_real):
    assert cbs_real.value("WK193002", "JZ_k_0Tot4Jaar") is None
    assert cbs_real.reason("WK193002", "JZ_k_0Tot4Jaar") == GEHEIM


def test_income_dot_marker_is_secret(cbs_real):
    assert cbs_real.value("WK199233", "INK_PctLaagste40") is None
    assert cbs_real.reason("WK199233", "INK_PctLaagste40") == GEHEIM


def test_unloaded_variable_says_so(cbs_real):
    assert cbs_real.reason("WK193001", "HuishOnderOfRondSociaalMinimum") in {ONBEKEND, NIET_GELADEN}
    assert cbs_real.reason("WK193001", "BestaatNiet") == NIET_GELADEN


def test_regions_of_the_example_gemeenten(cbs_real):
    for gm in ("GM1930", "GM1992", "GM1924"):
        row = cbs_real.regio.loc[gm]
        assert row["ggd_regio_code"] == "GG4607" or gm == "GM1924"
        assert row["veilig_thuis_regio_code"].startswith("VT")
    assert cbs_real.regio.loc["GM1930", "veilig_thuis_regio_naam"] == "Rotterdam-Rijnmond"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("GM0501", "GM1992"),
        ("GM0530", "GM1992"),
        ("GM0614", "GM1992"),
        ("Brielle", "GM1992"),
        ("Hellevoetsluis", "GM1992"),
        ("GM1930", "GM1930"),
    ],
)
def test_herindeling_maps_old_gemeenten(old, new):
    assert map_oude_gemeente(old) == new


def test_old_codes_absent_from_current_boundaries(cbs_real):
    assert not set(cbs_real.gemeenten["code"]) & set(cbs.HERINDELING)


def test_synthetic_complete_kwb_lights_up_and_keeps_reasons(synthetic):
    assert synthetic.value("WK999901", "HuishOnderOfRondSociaalMinimum") == 12.0
    assert synthetic.value("WK999902", "HuishOnderOfRondSociaalMinimum") is None
    assert synthetic.reason("WK999902", "HuishOnderOfRondSociaalMinimum") == GEHEIM
    assert synthetic.reason("WK999903", "HuishOnderOfRondSociaalMinimum") == ONBEKEND
    assert synthetic.value("NL01", "AantalInwoners") == 1_000_000


def _settings(tmp_path: Path, data_dir: Path) -> Settings:
    return Settings.from_env(
        {"PREVENTIEKAART_DATA_DIR": str(data_dir), "PREVENTIEKAART_HOME": str(tmp_path / "h")}
    )


def test_missing_dir_gives_dutch_instructions(tmp_path):
    with pytest.raises(CbsDataError, match=r"bestaat niet.*planner\.cbs install"):
        load_cbs(_settings(tmp_path, tmp_path / "nergens"))


def test_empty_dir_gives_dutch_instructions(tmp_path):
    (tmp_path / "leeg").mkdir()
    with pytest.raises(CbsDataError, match="geen CBS-bestanden"):
        load_cbs(_settings(tmp_path, tmp_path / "leeg"))


def test_corrupt_geojson_is_reported_by_name(synthetic_dir, tmp_path):
    (synthetic_dir / "geo" / "wijk_2024.geojson").write_text("{niet: geldig", encoding="utf-8")
    with pytest.raises(CbsDataError, match=r"wijk_2024\.geojson"):
        load_cbs(_settings(tmp_path, synthetic_dir))


def test_without_wijk_boundaries_says_what_is_missing(synthetic_dir, tmp_path):
    (synthetic_dir / "geo" / "wijk_2024.geojson").unlink()
    with pytest.raises(CbsDataError, match="wijkgrenzen"):
        load_cbs(_settings(tmp_path, synthetic_dir))


def test_second_load_comes_from_the_disk_cache(synthetic_dir, tmp_path, monkeypatch):
    s = _settings(tmp_path, synthetic_dir)
    first = load_cbs(s)

    def boom(_files):
        raise AssertionError("parsed again")

    monkeypatch.setattr(cbs, "parse_files", boom)
    again = load_cbs(s)
    assert again.value("WK999901", "AantalInwoners") == first.value("WK999901", "AantalInwoners")


def test_changed_file_invalidates_the_cache(synthetic_dir, tmp_path):
    s = _settings(tmp_path, synthetic_dir)
    load_cbs(s)
    p = synthetic_dir / "kwb" / "kwb_2024_85984NED.csv"
    p.write_text(
        p.read_text(encoding="utf-8-sig").replace(";1000;200;", ";1100;200;"), encoding="utf-8"
    )
    assert load_cbs(s).value("WK999901", "AantalInwoners") == 1100


def test_cp1252_semicolon_table_is_read(synthetic_dir, tmp_path):
    p = synthetic_dir / "kwb" / "kwb_2024_85984NED.csv"
    text = p.read_text(encoding="utf-8-sig").replace("Zuid;", "Zuidkant é;")
    p.write_bytes(text.encode("cp1252"))
    data = load_cbs(_settings(tmp_path, synthetic_dir))
    assert data.value("WK999903", "AantalInwoners") == 500


def test_geopackage_in_rd_new_with_buurten(tmp_path):
    """The CBS wijk- en buurtkaart layout: layers gemeenten/wijken/buurten in EPSG:28992."""
    import geopandas as gpd
    from shapely.geometry import box

    from planner.wijken import weergave

    d = tmp_path / "cbs"
    d.mkdir()
    gpkg = d / "wijkenbuurten_2024_v1.gpkg"
    x0, y0 = 80_000, 430_000
    gpd.GeoDataFrame(
        {"gemeentecode": ["GM9999"], "gemeentenaam": ["Proefdorp"]},
        geometry=[box(x0, y0, x0 + 2000, y0 + 1000)],
        crs=28992,
    ).to_file(gpkg, layer="gemeenten", driver="GPKG")
    gpd.GeoDataFrame(
        {
            "wijkcode": ["WK999901", "WK999902"],
            "wijknaam": ["West", "Oost"],
            "gemeentecode": ["GM9999"] * 2,
        },
        geometry=[box(x0, y0, x0 + 1000, y0 + 1000), box(x0 + 1000, y0, x0 + 2000, y0 + 1000)],
        crs=28992,
    ).to_file(gpkg, layer="wijken", driver="GPKG")
    gpd.GeoDataFrame(
        {"buurtcode": ["BU99990101", "BU99990201"], "buurtnaam": ["Dorp", "Veld"]},
        geometry=[box(x0, y0, x0 + 1000, y0 + 500), box(x0 + 1000, y0, x0 + 2000, y0 + 500)],
        crs=28992,
    ).to_file(gpkg, layer="buurten", driver="GPKG")
    data = load_cbs(_settings(tmp_path, d))
    assert list(data.wijken_van("GM9999")["naam"]) == ["West", "Oost"]
    minx, miny, maxx, maxy = data.gemeenten.total_bounds
    assert 3 < minx < maxx < 8 and 50 < miny < maxy < 54  # reprojected to WGS84
    assert "buurten" in weergave.schalen(data)
    bu = weergave.gebieden(data, "buurten", "GM9999")
    assert list(bu["code"]) == ["BU99990101", "BU99990201"]
    assert set(data.buurten["wijkcode"]) == {"WK999901", "WK999902"}


def test_no_buurt_scale_without_buurt_boundaries(cbs_real):
    from planner.wijken import weergave

    assert "buurten" not in weergave.schalen(cbs_real)


def test_odata_json_page_is_read_like_the_csv(synthetic_dir, tmp_path):
    """A TypedDataSet page as CBS OData serves it (JSON, padded codes, nulls)."""
    page = {
        "odata.metadata": "https://opendata.cbs.nl/ODataApi/odata/85984NED/$metadata",
        "value": [
            {
                "ID": 9,
                "WijkenEnBuurten": "Zuid",
                "SoortRegio_2": "Wijk      ",
                "Codering_3": "WK999903  ",
                "PersonenPerSoortUitkeringBijstand_94": 15,
                "HuishoudensTotaal_29": None,
            },
        ],
    }
    (synthetic_dir / "kwb" / "kwb_2024_85984NED_odata.json").write_text(
        json.dumps(page), encoding="utf-8"
    )
    data = load_cbs(_settings(tmp_path, synthetic_dir))
    assert data.value("WK999903", "PersonenPerSoortUitkeringBijstand") == 15
    assert data.value("WK999903", "HuishoudensTotaal") == 200  # the CSV still fills the gap


def test_unrecognised_file_is_reported_not_fatal(synthetic_dir, tmp_path):
    (synthetic_dir / "kwb" / "iets_anders.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    data = load_cbs(_settings(tmp_path, synthetic_dir))
    assert any("iets_anders.csv" in w for w in data.warnings)


def test_truncated_row_is_refused_with_its_line(synthetic_dir, tmp_path):
    p = synthetic_dir / "kwb" / "kwb_2024_85984NED.csv"
    lines = p.read_text(encoding="utf-8-sig").splitlines()
    lines[3] = lines[3][: lines[3].index(";1000;") + 4]  # the WK999901 row cut mid-number
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CbsDataError, match=r"kwb_2024_85984NED\.csv, regel 4"):
        load_cbs(_settings(tmp_path, synthetic_dir))


def test_garbage_number_is_missing_and_reported(synthetic_dir, tmp_path):
    p = synthetic_dir / "kwb" / "kwb_2024_85984NED.csv"
    p.write_text(p.read_text(encoding="utf-8-sig").replace(";1500;", ";15x0;"), encoding="utf-8")
    data = load_cbs(_settings(tmp_path, synthetic_dir))
    assert data.value("WK999902", "AantalInwoners") is None
    assert any("15x0" in w and "WK999902" in w for w in data.warnings)


def test_missing_core_tables_are_named(synthetic, cbs_real):
    from planner.wijken.cbs import ontbrekende_tabellen

    missing = " ".join(ontbrekende_tabellen(synthetic))
    assert "85383NED" in missing and "85990NED" in missing
    assert ontbrekende_tabellen(cbs_real) == []


def test_odata_keys_instead_of_titles(synthetic_dir, tmp_path):
    """Raw TypedDataSet rows carry keys (2024HJ01, T001, GM codes), not StatLine titles."""
    header = (
        "ID;Vormen;Wijken;Perioden;TotaalJongerenMetJeugdzorgInNatura_1;"
        "Gemeentenaam_18;SoortRegio_19;Codering_20"
    )
    rows = [
        "0;T001;NL01;2024HJ01;400000;;Land;NL01",
        "1;A049;NL01;2024HJ01;380000;;Land;NL01",
        "2;T001;WK999901;2024HJ01;40;Proefdorp;Wijk;WK999901",
        "3;A049;WK999901;2024HJ01;35;Proefdorp;Wijk;WK999901",
        "4;T001;WK999901;2023JJ00;45;Proefdorp;Wijk;WK999901",
    ]
    (synthetic_dir / "jeugdzorg_85990NED.csv").write_text(
        header + "\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    (synthetic_dir / "jeugdzorg_pct_85098NED.csv").write_text(
        "ID;RegioS;Perioden;JongerenMetJeugdhulpInNatura_1;JongerenMetJeugdbescherming_3;"
        "JongerenMetJeugdreclassering_5\n0;GM9999;2024HJ01;9.5;1.0;0.5\n"
        "1;GM9999;2023JJ00;12.0;1.2;0.6\n",
        encoding="utf-8",
    )
    data = load_cbs(_settings(tmp_path, synthetic_dir))
    assert data.value("WK999901", "JZ_TotaalJongerenMetJeugdzorgInNatura") == 40
    assert data.bronnen["JZ_TotaalJongerenMetJeugdzorgInNatura"].jaar == "1e halfjaar 2024"
    assert data.value("GM9999", "JZP_Jeugdhulp") == 9.5


@pytest.mark.parametrize(
    ("key", "title"),
    [
        ("2024JJ00", "2024"),
        ("2024HJ01", "1e halfjaar 2024"),
        ("2023HJ02", "2e halfjaar 2023"),
        ("1e halfjaar 2024", "1e halfjaar 2024"),
    ],
)
def test_period_keys_become_titles(key, title):
    assert cbs.periode_titel(key) == title


def _instellingen(data_dir, home):
    return Settings.from_env(
        {"PREVENTIEKAART_DATA_DIR": str(data_dir), "PREVENTIEKAART_HOME": str(home)}
    )


def test_full_disk_when_writing_the_cache_runs_without_cache(synthetic_dir, tmp_path, monkeypatch):
    """ENOSPC while pickling: the data still loads, and no half-written file stays behind."""
    import errno
    import pickle

    s = _instellingen(synthetic_dir, tmp_path / "h")

    def vol(*_a, **_k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pickle, "dump", vol)
    data = load_cbs(s)
    assert "GM9999" in set(data.gemeenten["code"])
    assert list(s.cache_dir.iterdir()) == []  # neither a cache nor a stray temp file


def test_read_only_cache_dir_runs_without_cache(synthetic_dir, tmp_path):
    home = tmp_path / "h"
    (home / "cache").mkdir(parents=True)
    (home / "cache").chmod(0o500)
    try:
        data = load_cbs(_instellingen(synthetic_dir, home))
    finally:
        (home / "cache").chmod(0o700)
    assert "WK999901" in set(data.wijken["code"])


def test_cache_is_written_under_a_unique_temp_name(synthetic_dir, tmp_path, monkeypatch):
    """Two processes starting together must not write into one shared '.tmp' file."""
    import tempfile

    namen = []
    echt = tempfile.mkstemp

    def volg(*a, **k):
        fd, naam = echt(*a, **k)
        namen.append(naam)
        return fd, naam

    monkeypatch.setattr(tempfile, "mkstemp", volg)
    s = _instellingen(synthetic_dir, tmp_path / "h")
    load_cbs(s, use_cache=True)
    load_cbs(_instellingen(synthetic_dir, tmp_path / "h"), use_cache=True)
    assert len(namen) == 1 and namen[0].endswith(".tmp")
    assert [p.suffix for p in s.cache_dir.iterdir()] == [".pickle"]


def test_truncated_boundary_file_gives_a_dutch_message(synthetic_dir, tmp_path, cbs_dir):
    wijk = synthetic_dir / "geo" / "wijk_2024.geojson"
    wijk.write_bytes((cbs_dir / "geo" / "wijk_2024_wgs84.geojson").read_bytes()[:300_000])
    with pytest.raises(CbsDataError, match=r"wijk_2024.geojson is onleesbaar \(fout bij regel"):
        load_cbs(_instellingen(synthetic_dir, tmp_path / "h"))


def test_truncated_json_gives_a_dutch_message(synthetic_dir, tmp_path):
    (synthetic_dir / "kwb" / "kwb_2024_basis.json").write_text(
        '{"GM9999": {"AantalInwoners_5": 30', encoding="utf-8"
    )
    with pytest.raises(CbsDataError, match=r"kwb_2024_basis\.json is geen geldige JSON"):
        load_cbs(_instellingen(synthetic_dir, tmp_path / "h"))
