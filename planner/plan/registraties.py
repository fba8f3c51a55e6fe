"""Worked monitor demo: the seed region's registration figures of 2013/2014.

The figures are registrations (what organisations wrote down), not prevalence (how often
abuse happens). The demo puts both side by side so a meeting sees the difference.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.wijken import estimates
from planner.wijken.cbs import huidige_naam

BRON = (
    "Trimbos-instituut, project 'Zicht op Zorgen Thuis', regio Zuid-Hollandse Eilanden, "
    "tabel 3 (cijfers AMK, ASHG, LTHG en huisverboden: gemeente Nissewaard; "
    "landelijk AMK-cijfer 2013)"
)

# Prevalence benchmarks come from the Wijkprofiel's estimates, so both pages use one set.
PREVALENTIE_ALINK_PER_1000 = float(estimates.PER_1000_2011)
PREVALENTIE_ALINK_BRON = estimates.PER_1000_BRON
PREVALENTIE_BAND = (estimates.PREVALENTIE_LAAG, estimates.PREVALENTIE_HOOG)
KINDEREN_NL_0_17_2024 = estimates.NL_MINDERJARIGEN_2024
PREVALENTIE_BAND_BRON = estimates.PREVALENTIE_BRON
GRAFIEK_BRON = (
    "Bron registraties (2013): Trimbos-instituut, Zicht op Zorgen Thuis, regio "
    f"Zuid-Hollandse Eilanden, tabel 3. Prevalentie: {PREVALENTIE_BAND_BRON}; "
    f"{PREVALENTIE_ALINK_BRON}."
)


@dataclass(frozen=True)
class Registratie:
    """One gemeente's row; None where the source has '-' (not reported)."""

    gemeente: str
    inwoners: dict[int, int]
    kinderen_onder_20: dict[int, int]
    amk_onderzoeken: dict[int, int | None]
    ashg_meldingen_2014: int | None
    lthg_trajecten_2014: int | None
    huisverboden_2014: int | None


REGISTRATIES: tuple[Registratie, ...] = (
    Registratie(
        "Nissewaard",
        {2013: 84773, 2014: 84929},
        {2013: 18518, 2014: 18327},
        {2013: 99, 2014: 94},
        712,
        305,
        29,
    ),
    Registratie(
        "Hellevoetsluis",
        {2013: 39086, 2014: 38953},
        {2013: 8663, 2014: 8583},
        {2013: 38, 2014: 38},
        283,
        19,
        5,
    ),
    Registratie(
        "Westvoorne",
        {2013: 13890, 2014: 13964},
        {2013: 2891, 2014: 2803},
        {2013: 6, 2014: 9},
        38,
        3,
        2,
    ),
    Registratie(
        "Brielle",
        {2013: 16320, 2014: 16312},
        {2013: 3504, 2014: 3413},
        {2013: 6, 2014: 17},
        None,
        None,
        None,
    ),
    Registratie(
        "Goeree-Overflakkee",
        {2013: 48259, 2014: 48245},
        {2013: 11460, 2014: 11311},
        {2013: 86, 2014: 63},
        None,
        None,
        None,
    ),
)
NEDERLAND = Registratie(
    "Nederland",
    {2013: 16779575, 2014: 16829289},
    {2013: 3870773, 2014: 3846040},
    {2013: 19973, 2014: None},
    None,
    None,
    None,
)


def per_1000(aantal: int | None, noemer: int | None) -> float | None:
    if aantal is None or not noemer:
        return None
    return aantal / noemer * 1000


def _som(waarden: list[int | None]) -> int | None:
    """A sum is only given when every part is known; a partial sum would mislead."""
    if any(w is None for w in waarden):
        return None
    return sum(w for w in waarden if w is not None)


def naar_huidige_gemeenten(rijen: tuple[Registratie, ...] = REGISTRATIES) -> list[Registratie]:
    """Merge the former gemeenten into today's (Voorne aan Zee, GM1992) for comparison."""
    groepen: dict[str, list[Registratie]] = {}
    for r in rijen:
        nieuw = huidige_naam(r.gemeente)
        groepen.setdefault(nieuw, []).append(r)
    uit = []
    for naam, delen in groepen.items():
        jaren = (2013, 2014)
        # The figures are of the former gemeenten: say so, never "Voorne aan Zee 2013".
        label = naam if len(delen) == 1 else f"{' + '.join(d.gemeente for d in delen)} (nu {naam})"
        uit.append(
            Registratie(
                label,
                {j: sum(d.inwoners[j] for d in delen) for j in jaren},
                {j: sum(d.kinderen_onder_20[j] for d in delen) for j in jaren},
                {j: _som([d.amk_onderzoeken[j] for d in delen]) for j in jaren},
                _som([d.ashg_meldingen_2014 for d in delen]),
                _som([d.lthg_trajecten_2014 for d in delen]),
                _som([d.huisverboden_2014 for d in delen]),
            )
        )
    return uit


NIET_GEMELD = "niet gemeld"


@dataclass(frozen=True)
class DemoRij:
    gemeente: str
    maat: str
    jaar: int
    aantal: int | None
    noemer: str
    per_1000: float | None

    @property
    def aantal_tekst(self) -> str:
        if self.aantal is None:
            return NIET_GEMELD
        return estimates.fmt_aantal(self.aantal)

    @property
    def per_1000_toonbaar(self) -> float | None:
        """A rate from a count under 5 would give the count away, so it is not shown."""
        if self.aantal is not None and self.aantal < estimates.KLEIN:
            return None
        return self.per_1000


def demotabel(rijen: list[Registratie] | tuple[Registratie, ...]) -> list[DemoRij]:
    """Every figure as a rate: AMK per 1,000 children <20, the others per 1,000 inhabitants."""
    uit: list[DemoRij] = []
    for r in rijen:
        for jaar in (2013, 2014):
            uit.append(
                DemoRij(
                    r.gemeente,
                    "AMK-onderzoeken",
                    jaar,
                    r.amk_onderzoeken.get(jaar),
                    "kinderen onder 20",
                    per_1000(r.amk_onderzoeken.get(jaar), r.kinderen_onder_20[jaar]),
                )
            )
        for maat, aantal in (
            ("ASHG-meldingen", r.ashg_meldingen_2014),
            ("LTHG-trajecten", r.lthg_trajecten_2014),
            ("Huisverboden", r.huisverboden_2014),
        ):
            uit.append(
                DemoRij(
                    r.gemeente, maat, 2014, aantal, "inwoners", per_1000(aantal, r.inwoners[2014])
                )
            )
    return uit


def demo_weergave(
    rijen: list[Registratie] | tuple[Registratie, ...], met_nederland: bool = True
) -> list[dict[str, str]]:
    """The demo table as page rows; the national row is there for comparison."""
    from planner.plan.monitor import toon_getal

    alle = [*rijen, NEDERLAND] if met_nederland else list(rijen)
    uit = []
    for r in demotabel(alle):
        per = r.per_1000_toonbaar
        if r.aantal is None:
            per_tekst = NIET_GEMELD
        elif per is None:
            per_tekst = "niet getoond (kleine aantallen)"
        else:
            per_tekst = toon_getal(per, 2)
        uit.append(
            {
                "Gemeente": "Nederland (landelijk)"
                if r.gemeente == NEDERLAND.gemeente
                else r.gemeente,
                "Registratie": r.maat,
                "Jaar": str(r.jaar),
                "Aantal": r.aantal_tekst,
                "Per 1.000": per_tekst,
                "Per 1.000 …": r.noemer,
            }
        )
    return uit


def grafiekrijen(huidige_gemeenten: bool) -> list[RegistratieVsPrevalentie]:
    """AMK 2013 per gemeente (then or now) and the national row, for the demo chart."""
    rijen = naar_huidige_gemeenten() if huidige_gemeenten else list(REGISTRATIES)
    return [registratie_vs_prevalentie(r, 2013) for r in [*rijen, NEDERLAND]]


@dataclass(frozen=True)
class RegistratieVsPrevalentie:
    """AMK investigations against what prevalence studies predict for the same children."""

    gemeente: str
    jaar: int
    kinderen: int
    amk_onderzoeken: int | None
    verwacht_alink: float
    verwacht_laag: float
    verwacht_hoog: float

    @property
    def aandeel_in_beeld(self) -> float | None:
        """Registrations as a share of the Alink estimate."""
        if self.amk_onderzoeken is None:
            return None
        return self.amk_onderzoeken / self.verwacht_alink


def registratie_vs_prevalentie(r: Registratie, jaar: int) -> RegistratieVsPrevalentie:
    """Children <20 times the prevalence rates; an approximation because studies use 0-17."""
    kinderen = r.kinderen_onder_20[jaar]
    laag = kinderen * PREVALENTIE_BAND[0] / KINDEREN_NL_0_17_2024
    hoog = kinderen * PREVALENTIE_BAND[1] / KINDEREN_NL_0_17_2024
    return RegistratieVsPrevalentie(
        r.gemeente,
        jaar,
        kinderen,
        r.amk_onderzoeken.get(jaar),
        kinderen * PREVALENTIE_ALINK_PER_1000 / 1000,
        laag,
        hoog,
    )


UITLEG_GEEN_PREVALENTIE = (
    "Registraties zijn geen prevalentie. Ze tellen alleen de gezinnen die bij een "
    "organisatie in beeld kwamen. Onderzoek naar hoe vaak kindermishandeling echt voorkomt, "
    "komt op veel hogere aantallen. Een stijging van het aantal meldingen kan dus ook "
    "betekenen dat professionals beter signaleren."
)
