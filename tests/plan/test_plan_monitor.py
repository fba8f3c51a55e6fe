"""Monitor calculations, CSV import of measurements, small counts, registration demo."""

from dataclasses import replace
from datetime import date

import pytest

from planner.plan.model import Doel, GekozenActie, Indicator, Meting, Plan
from planner.plan.monitor import (
    MetingImportFout,
    importeer_metingen,
    monitortabel,
    monitortabel_csv,
    realisatie,
    toon_aantal,
)
from planner.plan.registraties import (
    REGISTRATIES,
    UITLEG_GEEN_PREVALENTIE,
    demotabel,
    naar_huidige_gemeenten,
    registratie_vs_prevalentie,
)
from planner.plan.situatie import IndicatorWaarde, wijken_met_meerdere_signalen

START, EIND = date(2026, 1, 1), date(2027, 1, 1)


def ind(nul=10.0, streef=60.0, metingen=(), nul_datum=START, streefdatum=EIND):
    return Indicator("Bereik", nul, nul_datum, streef, streefdatum, "JGZ", "%", tuple(metingen))


@pytest.mark.parametrize(
    ("indicator", "aandeel", "status"),
    [
        (ind(), None, "nog geen meting"),
        (ind(nul=None), None, "nulmeting of streefwaarde ontbreekt"),
        (
            ind(streef=10.0, metingen=[Meting(START, 10)]),
            None,
            "streefwaarde is gelijk aan de nulmeting",
        ),
        (ind(metingen=[Meting(date(2026, 7, 2), 35.0)]), 0.5, "op schema"),
        (ind(metingen=[Meting(date(2026, 10, 1), 20.0)]), 0.2, "achter op schema"),
        (ind(metingen=[Meting(date(2026, 3, 1), 70.0)]), 1.2, "streefwaarde gehaald"),
        # a goal to go down: 40 -> 20, now 30 = halfway
        (ind(nul=40, streef=20, metingen=[Meting(date(2026, 4, 1), 30.0)]), 0.5, "op schema"),
        (ind(metingen=[Meting(date(2026, 4, 1), 35.0)], streefdatum=None), 0.5, "onderweg"),
    ],
)
def test_realisatie(indicator, aandeel, status):
    r = realisatie(indicator)
    assert r.status == status
    if aandeel is None:
        assert r.aandeel is None
    else:
        assert r.aandeel == pytest.approx(aandeel)


def _plan() -> Plan:
    return Plan(
        "P",
        ("GM1930",),
        acties=(GekozenActie(2, Doel(), (ind(metingen=[Meting(date(2026, 3, 1), 15.0, "CJG")]),)),),
    )


def test_monitortabel_and_csv():
    [rij] = monitortabel(_plan())
    assert (rij.actie, rij.indicator, rij.laatste_waarde) == (2, "Bereik", 15.0)
    assert rij.realisatie_procent == pytest.approx(10.0)
    assert rij.bron == "JGZ; CJG"
    tekst = monitortabel_csv(_plan())
    kop, regel = tekst.strip().splitlines()
    assert kop.startswith("actie;indicator;")
    assert regel.split(";")[:4] == ["2", "Bereik", "%", "10"]


def test_import_adds_measurements_sorted():
    csv = (
        "actie;indicator;datum;waarde;bron\n2;Bereik;01-09-2026;40,5;GGD\n2;Bereik;2026-05-01;20;\n"
    )
    nieuw = importeer_metingen(_plan(), csv.encode("utf-8-sig"))
    metingen = nieuw.acties[0].indicatoren[0].metingen
    assert [(m.datum, m.waarde) for m in metingen] == [
        (date(2026, 3, 1), 15.0),
        (date(2026, 5, 1), 20.0),
        (date(2026, 9, 1), 40.5),
    ]


def test_import_reads_an_excel_file_in_cp1252_with_semicolons():
    csv = "actie;indicator;datum;waarde;bron\r\n2;Bereik;01-09-2026;40,5;Wijkteam Zuid – één\r\n"
    nieuw = importeer_metingen(_plan(), csv.encode("cp1252"))
    laatste = nieuw.acties[0].indicatoren[0].metingen[-1]
    assert (laatste.waarde, laatste.bron) == (40.5, "Wijkteam Zuid – één")


def test_import_is_all_or_nothing_with_row_and_field():
    csv = (
        "actie,indicator,datum,waarde,bron\n"
        "2,Bereik,2026-05-01,20,\n"
        "2,Bereik,31-13-2026,20,\n"
        "7,Bereik,2026-05-01,20,\n"
        "2,Onbekend,2026-05-01,abc,\n"
    )
    with pytest.raises(MetingImportFout) as info:
        importeer_metingen(_plan(), csv)
    fouten = info.value.fouten
    assert fouten[0].startswith("Regel 3, kolom 'datum'")
    assert fouten[1] == "Regel 4, kolom 'actie': actie 7 staat niet in dit plan."
    assert "Regel 5, kolom 'indicator'" in fouten[2]
    assert "Regel 5, kolom 'waarde'" in fouten[3]


@pytest.mark.parametrize(
    ("inhoud", "verwacht"),
    [
        ("", "leeg"),
        ("a;b\n1;2\n", "Kolom ontbreekt"),
        ("actie;indicator;datum;waarde\n", "geen metingen"),
    ],
)
def test_import_rejects_empty_or_wrong_files(inhoud, verwacht):
    with pytest.raises(MetingImportFout) as info:
        importeer_metingen(_plan(), inhoud)
    assert verwacht in info.value.fouten[0]


@pytest.mark.parametrize(
    ("n", "tekst"), [(None, "–"), (0, "0"), (1, "< 5"), (4, "< 5"), (5, "5"), (1234, "1.234")]
)
def test_small_counts(n, tekst):
    assert toon_aantal(n) == tekst


def test_herindeling_merges_voorne_aan_zee():
    huidig = {r.gemeente: r for r in naar_huidige_gemeenten()}
    vaz_label = "Hellevoetsluis + Westvoorne + Brielle (nu Voorne aan Zee)"
    assert set(huidig) == {"Nissewaard", vaz_label, "Goeree-Overflakkee"}
    vaz = huidig[vaz_label]
    assert vaz.inwoners[2013] == 39086 + 13890 + 16320
    assert vaz.amk_onderzoeken[2014] == 38 + 9 + 17
    # Two of the three reported ASHG figures: their sum, and the table says Brielle is missing.
    assert vaz.ashg_meldingen_2014 == 283 + 38


def test_demo_rates_per_1000():
    rijen = {(r.gemeente, r.maat, r.jaar): r for r in demotabel(REGISTRATIES)}
    amk = rijen[("Nissewaard", "AMK-onderzoeken", 2013)]
    assert amk.per_1000 == pytest.approx(99 / 18518 * 1000)
    assert amk.noemer == "kinderen onder 20"
    ashg = rijen[("Nissewaard", "ASHG-meldingen", 2014)]
    assert ashg.per_1000 == pytest.approx(712 / 84929 * 1000)
    assert rijen[("Brielle", "Huisverboden", 2014)].per_1000 is None


def test_registrations_are_far_below_prevalence():
    nissewaard = REGISTRATIES[0]
    v = registratie_vs_prevalentie(nissewaard, 2013)
    kinderen_0_17 = round(18518 * 18 / 20)  # prevalence counts 0-17, the thesis under-20s
    assert v.verwacht_alink == pytest.approx(kinderen_0_17 * 0.034)
    assert v.verwacht_laag < v.verwacht_alink < v.verwacht_hoog
    assert v.amk_onderzoeken == 99
    assert v.amk_onderzoeken / v.verwacht_alink < 0.2  # registrations: a fraction in view
    assert "geen prevalentie" in UITLEG_GEEN_PREVALENTIE


def _w(code, naam, ind_, waarde, nl=10.0, hoger=True):
    return IndicatorWaarde(code, naam, ind_, ind_, waarde, nl, hoger)


def test_wijken_with_several_signals_are_alphabetical_not_ranked():
    waarden = [
        _w("W1", "Zuid", "a", 20),
        _w("W1", "Zuid", "b", 30),
        _w("W1", "Zuid", "c", 40),
        _w("W2", "Centrum", "a", 12),
        _w("W2", "Centrum", "b", 5, hoger=False),
        _w("W3", "Noord", "a", 10.5),
        _w("W3", "Noord", "b", 20),
        _w("W4", "Oost", "a", None),
        _w("W4", "Oost", "b", 20),
    ]
    uit = wijken_met_meerdere_signalen(waarden)
    assert [(s.wijknaam, s.indicatoren) for s in uit] == [
        ("Centrum", ("a", "b")),
        ("Zuid", ("a", "b", "c")),
    ]
    assert wijken_met_meerdere_signalen(waarden, minimum=3)[0].wijknaam == "Zuid"


def test_wijktabel_marks_signals_with_symbols():
    from planner.plan.situatie import wijktabel

    rijen = wijktabel(
        [
            _w("W1", "Zuid", "a", 20.0),
            _w("W2", "Alfa", "a", None),
            _w("W1", "Zuid", "b", 5.0, hoger=False),
        ]
    )
    assert rijen[0] == {"Wijk": "Nederland", "a": "10", "b": "10"}
    assert rijen[1] == {"Wijk": "Alfa", "a": "geen gegevens"}
    assert rijen[2] == {"Wijk": "Zuid", "a": "20 ▲", "b": "5 ▼"}


# --- one rule for small counts (displays, charts, exports) ---------------------------------


@pytest.mark.parametrize(
    ("eenheid", "telling"),
    [("aantal", True), ("", True), ("gezinnen", True), ("%", False), ("per 1.000", False)],
)
def test_count_rule_treats_unknown_units_as_counts(eenheid, telling):
    from planner.plan.monitor import is_telling, is_verborgen

    assert is_telling(eenheid) is telling
    assert is_verborgen(3, eenheid) is telling
    assert not is_verborgen(0, eenheid)
    assert not is_verborgen(5, eenheid)


def _klein_plan(eenheid: str) -> Plan:
    klein = Indicator(
        "Gezinnen geholpen",
        0.0,
        START,
        20.0,
        EIND,
        "CJG",
        eenheid,
        (Meting(date(2026, 7, 2), 3.0),),
    )
    return Plan("P", ("GM1930",), acties=(GekozenActie(2, Doel(), (klein,)),))


@pytest.mark.parametrize("eenheid", ["aantal", ""])
def test_small_count_hides_value_and_percentage_everywhere(eenheid):
    from planner.plan.monitor import monitor_weergave

    [rij] = monitortabel(_klein_plan(eenheid))
    assert rij.verborgen and rij.realisatie_procent is None
    [weergave] = monitor_weergave(_klein_plan(eenheid))
    assert weergave["Laatste meting"].startswith("< 5")
    assert weergave["Realisatie"] == "niet getoond (kleine aantallen)"
    regel = monitortabel_csv(_klein_plan(eenheid)).strip().splitlines()[1].split(";")
    assert regel[7] == "< 5"
    assert regel[8] == "niet getoond (kleine aantallen)"
    assert "3,00" not in ";".join(regel) and "15" not in regel[8]


def test_share_is_not_a_count():
    from planner.plan.monitor import monitor_weergave

    [weergave] = monitor_weergave(_klein_plan("%"))
    assert weergave["Laatste meting"].startswith("3 ")
    assert weergave["Realisatie"] == "15%"


@pytest.mark.parametrize("eenheid", ["aantal", ""])
def test_chart_never_plots_a_small_count(eenheid):
    from planner.plan.grafiek import monitor_figuur

    plan = _klein_plan(eenheid)
    ind = replace(plan.acties[0].indicatoren[0], nulmeting=2.0)
    ax = monitor_figuur(ind, "t").axes[0]
    for lijn in ax.lines:
        assert 3.0 not in list(lijn.get_ydata())
        assert 2.0 not in list(lijn.get_ydata())
    teksten = [t.get_text() for t in ax.texts]
    assert "< 5" in teksten
    assert not any(t.strip() in {"3", "2"} for t in teksten)
    assert ax.get_ylim()[0] == 0


def test_chart_dates_are_dutch():
    from planner.plan.grafiek import monitor_figuur

    ind = replace(_klein_plan("%").acties[0].indicatoren[0])
    fig = monitor_figuur(ind, "t")
    fig.canvas.draw()
    labels = " ".join(t.get_text() for t in fig.axes[0].get_xticklabels())
    assert any(m in labels for m in ("jan", "mrt", "mei", "okt"))
    assert not any(m in labels for m in ("Mar", "May", "Oct"))


@pytest.mark.parametrize("tekst", ["nan", "inf", "-Infinity", "NaN"])
def test_import_refuses_nan_and_infinity_per_row(tekst):
    csv = f"actie;indicator;datum;waarde\n2;Bereik;2026-05-01;20\n2;Bereik;2026-06-01;{tekst}\n"
    with pytest.raises(MetingImportFout) as info:
        importeer_metingen(_plan(), csv)
    assert info.value.fouten == [f"Regel 3, kolom 'waarde': '{tekst}' is geen getal."]


def test_import_reports_a_row_with_too_many_values():
    csv = "actie;indicator;datum;waarde\n2;Bereik;2026-05-01;20;extra\n2;Bereik;2026-06-01;1;2\n"
    with pytest.raises(MetingImportFout) as info:
        importeer_metingen(_plan(), csv)
    assert [f.split(":")[0] for f in info.value.fouten] == ["Regel 2", "Regel 3"]
    assert all("te veel waarden" in f for f in info.value.fouten)


@pytest.mark.parametrize(
    ("tekst", "waarde"),
    [("1.234", 1234.0), ("1,5", 1.5), ("1.234,5", 1234.5), ("12", 12.0), ("-3,25", -3.25)],
)
def test_import_reads_dutch_numbers(tekst, waarde):
    csv = f"actie;indicator;datum;waarde\n2;Bereik;2026-05-01;{tekst}\n"
    nieuw = importeer_metingen(_plan(), csv)
    assert nieuw.acties[0].indicatoren[0].metingen[-1].waarde == waarde


@pytest.mark.parametrize(("tekst", "reden"), [("1.5", "onduidelijk"), ("1,234.5", "onduidelijk")])
def test_import_refuses_ambiguous_numbers(tekst, reden):
    csv = f'actie;indicator;datum;waarde\n2;Bereik;2026-05-01;"{tekst}"\n'
    with pytest.raises(MetingImportFout) as info:
        importeer_metingen(_plan(), csv)
    [fout] = info.value.fouten
    assert fout.startswith("Regel 2, kolom 'waarde'") and reden in fout


def test_import_refuses_the_same_indicator_and_date_twice():
    csv = "actie;indicator;datum;waarde\n2;Bereik;2026-05-01;20\n2;Bereik;01-05-2026;30\n"
    with pytest.raises(MetingImportFout) as info:
        importeer_metingen(_plan(), csv)
    assert info.value.fouten == [
        "Regel 3: actie 2, 'Bereik' op 01-05-2026 staat ook op regel 2; laat één van de twee staan."
    ]


def test_wijk_table_puts_the_unit_beside_the_values():
    from planner.plan.situatie import wijktabel

    w = IndicatorWaarde("WK01", "Centrum", "eenouder", "Eenoudergezinnen", 12.0, 10.0)
    nl, rij = wijktabel([w], eenheden={"eenouder": "% van huishoudens"})
    assert rij == {"Wijk": "Centrum", "Eenoudergezinnen (% van huishoudens)": "12 ▲"}
    assert nl["Eenoudergezinnen (% van huishoudens)"] == "10"


def test_demo_table_says_niet_gemeld_and_compares_with_nederland():
    from planner.plan.registraties import demo_weergave

    rijen = {(r["Gemeente"], r["Registratie"], r["Jaar"]): r for r in demo_weergave(REGISTRATIES)}
    brielle = rijen[("Brielle", "ASHG-meldingen", "2014")]
    assert (brielle["Aantal"], brielle["Per 1.000"]) == ("niet gemeld", "niet gemeld")
    nl = rijen[("Nederland (landelijk)", "AMK-onderzoeken", "2013")]
    assert nl["Aantal"] == "19.973" and nl["Per 1.000"] == "5,16"
    assert rijen[("Nederland (landelijk)", "AMK-onderzoeken", "2014")]["Aantal"] == "niet gemeld"
    westvoorne = rijen[("Westvoorne", "Huisverboden", "2014")]  # 2 huisverboden
    assert westvoorne["Aantal"] == "< 5" and "2" not in westvoorne["Per 1.000"]


def test_demo_chart_has_no_zero_bar_for_a_missing_figure():
    from planner.plan.grafiek import registratie_figuur
    from planner.plan.registraties import grafiekrijen

    rijen = grafiekrijen(True)
    assert rijen[-1].gemeente == "Nederland"
    ontbreekt = replace(rijen[0], amk_onderzoeken=None)
    ax = registratie_figuur([ontbreekt, *rijen[1:]]).axes[0]
    balken = [p for p in ax.patches if p.get_width() < 1 and p.get_height() >= 0]
    assert len([b for b in balken if b.get_hatch() == "//"]) == len(rijen) - 1
    assert "niet gemeld" in [t.get_text() for t in ax.texts]
    labels = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]
    assert any("(nu Voorne aan Zee)" in x for x in labels)
    assert not any(x.startswith("Voorne aan Zee") for x in labels)
