"""Worked monitor demo: the seed region's registration figures of 2013/2014 (seed 004).

The figures are registrations (what organisations wrote down), not prevalence (how often
abuse happens). The demo puts both side by side so a meeting sees the difference.

Source: a master's thesis (Universiteit Utrecht) written within the Trimbos-instituut
project "Zicht op Zorgen Thuis" for the region Zuid-Hollandse Eilanden, tables 3 and 4.
Every count below is copied from those tables; every percentage and rate is computed here
from the counts, and :data:`REKENCONTROLE` lists where the thesis's own percentages differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from planner import tekst
from planner.wijken import estimates
from planner.wijken.cbs import huidige_naam

SCRIPTIE = (
    "masterscriptie (Universiteit Utrecht), uitgevoerd binnen het project 'Zicht op Zorgen "
    "Thuis' van het Trimbos-instituut, regio Zuid-Hollandse Eilanden"
)
BRON = (
    f"{SCRIPTIE}, tabel 3. Registraties van AMK, ASHG, LTHG en huisverboden: gemeente "
    "Nissewaard (landelijk AMK-cijfer 2013); inwoners en kinderen onder 20: CBS StatLine. "
    "Percentages en cijfers per 1.000 zijn door de app uit de aantallen berekend"
)
BRON_TABEL4 = f"{SCRIPTIE}, tabel 4 (cijfers: CBS StatLine, 2015)"

# Prevalence benchmarks come from the Wijkprofiel's estimates, so both pages use one set.
PREVALENTIE_ALINK_PER_1000 = float(estimates.PER_1000_2011)
PREVALENTIE_ALINK_BRON = estimates.PER_1000_BRON
PREVALENTIE_BAND = (estimates.PREVALENTIE_LAAG, estimates.PREVALENTIE_HOOG)
KINDEREN_NL_0_17_2024 = estimates.NL_MINDERJARIGEN_2024
PREVALENTIE_BAND_BRON = estimates.PREVALENTIE_BRON
# The thesis counts children under 20; prevalence studies count 0-17. Without the CBS
# age table of 2013 the app takes 18 of the 20 age years (the bands are nearly flat).
AANDEEL_0_17_VAN_ONDER_20 = 18 / 20
KINDEREN_0_17_METHODE = (
    "kinderen van 0-17 jaar geschat als 18 van de 20 leeftijdsjaren van de kinderen onder 20 "
    "(CBS StatLine, zoals in de scriptie)"
)
GRAFIEK_BRON = (
    f"Bron registraties (2013): {SCRIPTIE}, tabel 3. Prevalentie: {PREVALENTIE_BAND_BRON}; "
    f"{PREVALENTIE_ALINK_BRON}; toegepast op {KINDEREN_0_17_METHODE}."
)
GRAFIEK_BIJSCHRIFT = (
    "AMK-onderzoeken per 1.000 kinderen van 0-17 jaar (2013) naast wat onderzoek "
    "naar prevalentie verwacht."
)
HUIDIG_LABEL = (
    "Toon de gemeenten van nu (Hellevoetsluis, Westvoorne en Brielle samen als Voorne aan Zee)"
)
JAREN = (2013, 2014)


def bronnen_tekst() -> str:
    """Sources of the demo table, and why some totals count fewer gemeenten."""
    return (
        f"Bron registraties: {BRON}. Bron prevalentie: {PREVALENTIE_BAND_BRON}; "
        f"{PREVALENTIE_ALINK_BRON}; toegepast op {KINDEREN_0_17_METHODE}. Aantallen onder 5 "
        "staan als '< 5'. ASHG-meldingen, LTHG-trajecten en huisverboden zijn alleen voor 2014 "
        "bekend en ontbreken in de bron voor Brielle en Goeree-Overflakkee ('niet gemeld'); een "
        "totaal telt alleen de gemeenten die ze meldden (zie de toelichting). De rij Nederland "
        "is het landelijke cijfer."
    )


@dataclass(frozen=True)
class Registratie:
    """One gemeente's row of table 3; None where the source has no figure ('niet gemeld').

    A merged row (a gemeente of today, the regional total) keeps its parts, so every rate
    is computed over the gemeenten that actually reported that figure.
    """

    gemeente: str
    inwoners: dict[int, int]
    kinderen_onder_20: dict[int, int]
    amk_onderzoeken: dict[int, int | None]
    ashg_meldingen_2014: int | None
    lthg_trajecten_2014: int | None
    huisverboden_2014: int | None
    delen: tuple[Registratie, ...] = field(default=(), compare=False)

    def onderdelen(self) -> tuple[Registratie, ...]:
        return self.delen or (self,)


# Per gemeente: inwoners, kinderen onder 20 en AMK-onderzoeken per jaar; dan ASHG-meldingen,
# LTHG-trajecten en huisverboden (alleen 2014 bekend).
REGISTRATIES: tuple[Registratie, ...] = (
    Registratie("Nissewaard", {2013: 84773, 2014: 84929}, {2013: 18518, 2014: 18327},
                {2013: 99, 2014: 94}, 712, 305, 29),
    Registratie("Hellevoetsluis", {2013: 39086, 2014: 38953}, {2013: 8663, 2014: 8583},
                {2013: 38, 2014: 38}, 283, 19, 5),
    Registratie("Westvoorne", {2013: 13890, 2014: 13964}, {2013: 2891, 2014: 2803},
                {2013: 6, 2014: 9}, 38, 3, 2),
    Registratie("Brielle", {2013: 16320, 2014: 16312}, {2013: 3504, 2014: 3413},
                {2013: 6, 2014: 17}, None, None, None),
    Registratie("Goeree-Overflakkee", {2013: 48259, 2014: 48245}, {2013: 11460, 2014: 11311},
                {2013: 86, 2014: 63}, None, None, None),
)  # fmt: skip
NEDERLAND = Registratie(
    "Nederland", {2013: 16779575, 2014: 16829289}, {2013: 3870773, 2014: 3846040},
    {2013: 19973, 2014: None}, None, None, None,
)  # fmt: skip
# The "Totaal gemeenten" column of table 3, as printed: the merge below must reproduce it.
TOTAAL_IN_BRON = {
    "inwoners": {2013: 202328, 2014: 202403},
    "kinderen_onder_20": {2013: 45036, 2014: 44437},
    "amk_onderzoeken": {2013: 235, 2014: 221},
    "ashg_meldingen_2014": 1033,
    "lthg_trajecten_2014": 327,
    "huisverboden_2014": 36,
}
REGIO_NAAM = "Regio Zuid-Hollandse Eilanden (5 gemeenten)"

MATEN = ("AMK-onderzoeken", "ASHG-meldingen", "LTHG-trajecten", "Huisverboden")


def per_1000(aantal: int | None, noemer: int | None) -> float | None:
    if aantal is None or not noemer:
        return None
    return aantal / noemer * 1000


def _aantal(r: Registratie, maat: str, jaar: int) -> int | None:
    if maat == "AMK-onderzoeken":
        return r.amk_onderzoeken.get(jaar)
    if jaar != 2014:
        return None
    return {
        "ASHG-meldingen": r.ashg_meldingen_2014,
        "LTHG-trajecten": r.lthg_trajecten_2014,
        "Huisverboden": r.huisverboden_2014,
    }[maat]


@dataclass(frozen=True)
class Telling:
    """A figure of a (possibly merged) row: the count over the parts that reported it."""

    aantal: int | None
    inwoners: int | None  # of the parts that reported
    kinderen_onder_20: int | None
    gemeld_door: tuple[str, ...]
    niet_gemeld: tuple[str, ...]


def telling(r: Registratie, maat: str, jaar: int) -> Telling:
    """Sum what the parts reported; the denominators only cover those same parts."""
    gemeld = [d for d in r.onderdelen() if _aantal(d, maat, jaar) is not None]
    niet = tuple(d.gemeente for d in r.onderdelen() if _aantal(d, maat, jaar) is None)
    if not gemeld:
        return Telling(None, None, None, (), niet)
    return Telling(
        sum(_aantal(d, maat, jaar) or 0 for d in gemeld),
        sum(d.inwoners[jaar] for d in gemeld),
        sum(d.kinderen_onder_20[jaar] for d in gemeld),
        tuple(d.gemeente for d in gemeld),
        niet,
    )


def samenvoegen(naam: str, delen: Sequence[Registratie]) -> Registratie:
    """One row for several gemeenten: counts are summed over those that reported."""
    tmp = Registratie(naam, {}, {}, {}, None, None, None, tuple(delen))
    return Registratie(
        naam,
        {j: sum(d.inwoners[j] for d in delen) for j in JAREN},
        {j: sum(d.kinderen_onder_20[j] for d in delen) for j in JAREN},
        {j: telling(tmp, "AMK-onderzoeken", j).aantal for j in JAREN},
        telling(tmp, "ASHG-meldingen", 2014).aantal,
        telling(tmp, "LTHG-trajecten", 2014).aantal,
        telling(tmp, "Huisverboden", 2014).aantal,
        tuple(delen),
    )


def naar_huidige_gemeenten(rijen: tuple[Registratie, ...] = REGISTRATIES) -> list[Registratie]:
    """Merge the former gemeenten into today's (Voorne aan Zee, GM1992) for comparison."""
    groepen: dict[str, list[Registratie]] = {}
    for r in rijen:
        groepen.setdefault(huidige_naam(r.gemeente), []).append(r)
    uit = []
    for naam, delen in groepen.items():
        if len(delen) == 1:
            uit.append(delen[0])
            continue
        # The figures are of the former gemeenten: say so, never "Voorne aan Zee 2013".
        uit.append(samenvoegen(f"{' + '.join(d.gemeente for d in delen)} (nu {naam})", delen))
    return uit


def regio_totaal(rijen: Sequence[Registratie] = REGISTRATIES) -> Registratie:
    """The regional total row of table 3 (the five gemeenten of the study)."""
    return samenvoegen(REGIO_NAAM, [d for r in rijen for d in r.onderdelen()])


NIET_GEMELD = "niet gemeld"


@dataclass(frozen=True)
class DemoRij:
    gemeente: str
    maat: str
    jaar: int
    aantal: int | None
    noemer: str
    per_1000: float | None
    toelichting: str = ""

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


def _toelichting(t: Telling) -> str:
    if t.aantal is None or not t.niet_gemeld:
        return ""
    return f"alleen {_opsomming(t.gemeld_door)}; {_opsomming(t.niet_gemeld)} niet gemeld"


def _opsomming(namen: Sequence[str]) -> str:
    return namen[0] if len(namen) == 1 else f"{', '.join(namen[:-1])} en {namen[-1]}"


def demotabel(rijen: list[Registratie] | tuple[Registratie, ...]) -> list[DemoRij]:
    """Every figure as a rate: AMK per 1,000 children <20, the others per 1,000 inhabitants."""
    uit: list[DemoRij] = []
    for r in rijen:
        for maat in MATEN:
            for jaar in JAREN if maat == "AMK-onderzoeken" else (2014,):
                t = telling(r, maat, jaar)
                kind = maat == "AMK-onderzoeken"
                uit.append(
                    DemoRij(
                        r.gemeente,
                        maat,
                        jaar,
                        t.aantal,
                        "kinderen onder 20" if kind else "inwoners",
                        per_1000(t.aantal, t.kinderen_onder_20 if kind else t.inwoners),
                        _toelichting(t),
                    )
                )
    return uit


def demo_weergave(
    rijen: list[Registratie] | tuple[Registratie, ...],
    met_nederland: bool = True,
    met_regio: bool = True,
) -> list[dict[str, str]]:
    """The demo table as page rows: the regional total and the national row for comparison."""
    alle = list(rijen)
    if met_regio:
        alle.append(regio_totaal(rijen))
    if met_nederland:
        alle.append(NEDERLAND)
    uit = []
    for r in demotabel(alle):
        per = r.per_1000_toonbaar
        if r.aantal is None:
            per_tekst = NIET_GEMELD
        elif per is None:
            per_tekst = "niet getoond (kleine aantallen)"
        else:
            per_tekst = tekst.getal(per, 2)
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
                "Toelichting": r.toelichting,
            }
        )
    return uit


def grafiekrijen(huidige_gemeenten: bool) -> list[RegistratieVsPrevalentie]:
    """AMK 2013 per gemeente (then or now), the region and NL, for the demo chart."""
    rijen = naar_huidige_gemeenten() if huidige_gemeenten else list(REGISTRATIES)
    return [registratie_vs_prevalentie(r, 2013) for r in [*rijen, regio_totaal(), NEDERLAND]]


@dataclass(frozen=True)
class RegistratieVsPrevalentie:
    """AMK investigations against what prevalence studies predict for the same children.

    ``kinderen`` is the estimated number of 0-17-year-olds, the age group the prevalence
    studies count; ``kinderen_onder_20`` is the thesis's own count.
    """

    gemeente: str
    jaar: int
    kinderen: int
    amk_onderzoeken: int | None
    verwacht_alink: float
    verwacht_laag: float
    verwacht_hoog: float
    kinderen_onder_20: int = 0


def registratie_vs_prevalentie(r: Registratie, jaar: int) -> RegistratieVsPrevalentie:
    """Estimated children 0-17 times the prevalence rates (which count 0-17, not under-20s)."""
    onder_20 = r.kinderen_onder_20[jaar]
    kinderen = round(onder_20 * AANDEEL_0_17_VAN_ONDER_20)
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
        onder_20,
    )


UITLEG_GEEN_PREVALENTIE = (
    "Registraties zijn geen prevalentie. Ze tellen alleen de gezinnen die bij een "
    "organisatie in beeld kwamen. Onderzoek naar hoe vaak kindermishandeling echt voorkomt, "
    "komt op veel hogere aantallen. Een stijging van het aantal meldingen kan dus ook "
    "betekenen dat professionals beter signaleren."
)


# --- table 4: risk factors (CBS StatLine 2015, as printed in the thesis) -------------------


@dataclass(frozen=True)
class Risicofactoren:
    """One column of table 4: counts as printed; the percentages are computed from them."""

    gemeente: str
    inwoners: int
    huishoudens_met_kinderen: int
    beroepsbevolking: int  # rounded to thousands in the source
    werklozen: int
    eenoudergezinnen: int
    bijstandsuitkeringen: int

    @property
    def eenouder_pct(self) -> float:
        return self.eenoudergezinnen / self.huishoudens_met_kinderen * 100

    @property
    def werkloosheid_pct(self) -> float:
        return self.werklozen / self.beroepsbevolking * 100

    @property
    def bijstand_pct(self) -> float:
        return self.bijstandsuitkeringen / self.beroepsbevolking * 100


TABEL4: tuple[Risicofactoren, ...] = (
    Risicofactoren("Nissewaard", 84929, 13940, 47000, 3510, 3505, 2420),
    Risicofactoren("Hellevoetsluis", 38953, 6311, 21000, 1386, 1320, 910),
    Risicofactoren("Westvoorne", 13964, 2042, 7000, 350, 353, 130),
    Risicofactoren("Brielle", 16312, 2516, 9000, 513, 510, 240),
    Risicofactoren("Goeree-Overflakkee", 48245, 7301, 25000, 1275, 948, 430),
)
TABEL4_NEDERLAND = Risicofactoren("Nederland", 16829289, 2569868, 8867000, 718227, 535870, 418230)
# Percentages as printed in table 4 (werkloosheid, eenoudergezinnen, bijstand).
TABEL4_PCT_IN_BRON: dict[str, tuple[float, float, float]] = {
    "Nederland": (8.1, 20.85, 4.72),
    "Nissewaard": (7.5, 25.14, 6.05),
    "Hellevoetsluis": (6.6, 20.92, 4.33),
    "Westvoorne": (5.3, 17.29, 1.86),
    "Brielle": (5.7, 20.27, 2.67),
    "Goeree-Overflakkee": (5.1, 12.98, 1.72),
    REGIO_NAAM: (6.45, 20.67, 3.79),
}
TABEL4_UITLEG = (
    "Percentages berekend uit de aantallen in de tabel. Werkloosheid en bijstand zijn gedeeld "
    "door de beroepsbevolking, die de bron op duizendtallen afrondt. De scriptie noemt ook "
    "het aandeel inwoners met een niet-westerse migratieachtergrond; dat laat de app weg, "
    "omdat herkomst geen risicofactor is: het hogere risico wordt verklaard door "
    "opleidingsniveau."
)


def tabel4_samenvoegen(naam: str, delen: Sequence[Risicofactoren]) -> Risicofactoren:
    return Risicofactoren(
        naam,
        sum(d.inwoners for d in delen),
        sum(d.huishoudens_met_kinderen for d in delen),
        sum(d.beroepsbevolking for d in delen),
        sum(d.werklozen for d in delen),
        sum(d.eenoudergezinnen for d in delen),
        sum(d.bijstandsuitkeringen for d in delen),
    )


def tabel4_rijen(huidige_gemeenten: bool = False) -> list[Risicofactoren]:
    """Table 4 with the regional total and NL; optionally with Voorne aan Zee merged."""
    rijen = list(TABEL4)
    if huidige_gemeenten:
        groepen: dict[str, list[Risicofactoren]] = {}
        for r in TABEL4:
            groepen.setdefault(huidige_naam(r.gemeente), []).append(r)
        rijen = [
            d[0]
            if len(d) == 1
            else tabel4_samenvoegen(f"{' + '.join(x.gemeente for x in d)} (nu {n})", d)
            for n, d in groepen.items()
        ]
    return [*rijen, tabel4_samenvoegen(REGIO_NAAM, TABEL4), TABEL4_NEDERLAND]


def tabel4_weergave(huidige_gemeenten: bool = False) -> list[dict[str, str]]:
    return [
        {
            "Gemeente": r.gemeente,
            "Inwoners": tekst.aantal(r.inwoners),
            "Huishoudens met kinderen": tekst.aantal(r.huishoudens_met_kinderen),
            "Eenoudergezinnen": tekst.aantal(r.eenoudergezinnen),
            "Eenoudergezinnen (% van huishoudens met kinderen)": tekst.getal(r.eenouder_pct, 1),
            "Beroepsbevolking": tekst.aantal(r.beroepsbevolking),
            "Werklozen": tekst.aantal(r.werklozen),
            "Werkloosheid (%)": tekst.getal(r.werkloosheid_pct, 1),
            "Bijstandsuitkeringen": tekst.aantal(r.bijstandsuitkeringen),
            "Bijstand (% van beroepsbevolking)": tekst.getal(r.bijstand_pct, 1),
        }
        for r in tabel4_rijen(huidige_gemeenten)
    ]


# --- where the thesis's own percentages do not follow from its counts ----------------------


@dataclass(frozen=True)
class Rekenfout:
    """A printed percentage that does not follow from the printed counts."""

    tabel: int
    regel: str
    gemeente: str
    in_bron: str  # as printed in the thesis
    berekend: float
    uitleg: str

    def rij(self) -> dict[str, str]:
        return {
            "Tabel": str(self.tabel),
            "Regel": self.regel,
            "Gemeente": self.gemeente,
            "In de scriptie": self.in_bron,
            "Berekend uit de aantallen": tekst.getal(self.berekend, 2),
            "Waarom": self.uitleg,
        }


def _rekencontrole() -> tuple[Rekenfout, ...]:
    """Each item is recomputed from the counts above; the printed value is kept beside it."""
    per = {r.gemeente: r for r in REGISTRATIES}
    h, n = per["Hellevoetsluis"], per["Nissewaard"]
    drie = samenvoegen("drie", [per["Nissewaard"], h, per["Westvoorne"]])
    volw = {r.gemeente: r.inwoners[2014] - r.kinderen_onder_20[2014] for r in REGISTRATIES}
    t4 = {r.gemeente: r for r in TABEL4}
    assert h.lthg_trajecten_2014 and h.ashg_meldingen_2014 and n.ashg_meldingen_2014
    assert drie.ashg_meldingen_2014
    return (
        Rekenfout(
            3,
            "Percentage doorverwijzing (LTHG-trajecten van de ASHG-meldingen)",
            "Hellevoetsluis",
            "9,51",
            h.lthg_trajecten_2014 / h.ashg_meldingen_2014 * 100,
            "19 van 283 is 6,71%; 9,51 is het percentage huisverboden van Nissewaard.",
        ),
        Rekenfout(
            3,
            "Percentage AMK van het inwoneraantal, 2014",
            "Hellevoetsluis",
            "0,11",
            38 / h.inwoners[2014] * 100,
            "38 van 38.953 inwoners is 0,10%.",
        ),
        Rekenfout(
            3,
            "Percentage kinderen onder 20 van het inwoneraantal, 2013",
            "Hellevoetsluis",
            "22,17",
            h.kinderen_onder_20[2013] / h.inwoners[2013] * 100,
            "Afrondingsverschil: 8.663 van 39.086 is 22,16%.",
        ),
        Rekenfout(
            3,
            "Percentage kinderen onder 20 van het inwoneraantal, 2014",
            "Nederland",
            "22,86",
            NEDERLAND.kinderen_onder_20[2014] / NEDERLAND.inwoners[2014] * 100,
            "Afrondingsverschil: 3.846.040 van 16.829.289 is 22,85%.",
        ),
        Rekenfout(
            3,
            "Percentage ASHG-meldingen (2014) van de kinderen onder 20",
            "Nissewaard",
            "3,84",
            n.ashg_meldingen_2014 / n.kinderen_onder_20[2014] * 100,
            "De scriptie deelt de meldingen van 2014 door de kinderen van 2013.",
        ),
        Rekenfout(
            3,
            "Percentage ASHG-meldingen van de volwassenen, totaal",
            REGIO_NAAM,
            "0,7",
            drie.ashg_meldingen_2014
            / sum(volw[g] for g in ("Nissewaard", "Hellevoetsluis", "Westvoorne"))
            * 100,
            "Alleen Nissewaard, Hellevoetsluis en Westvoorne meldden ASHG-cijfers; over hun "
            "volwassenen (2014) is het 0,96%. Over alle vijf gemeenten zou het 0,65% zijn.",
        ),
        Rekenfout(
            3,
            "Percentage ASHG-meldingen van de kinderen onder 20, totaal",
            REGIO_NAAM,
            "2,3",
            drie.ashg_meldingen_2014 / drie.kinderen_onder_20[2014] * 100,
            "De scriptie deelt door de kinderen van alle vijf gemeenten (2013), ook die zonder "
            "ASHG-cijfer; over de drie gemeenten die meldden (2014) is het 3,48%.",
        ),
        Rekenfout(
            4,
            "Bijstandsuitkeringen, percentage van de beroepsbevolking",
            "Nissewaard",
            "6,05",
            t4["Nissewaard"].bijstand_pct,
            "2.420 van 47.000 is 5,15%; 6,05% hoort bij een beroepsbevolking van 40.000.",
        ),
        Rekenfout(
            4,
            "Werkloosheidspercentage",
            "Westvoorne",
            "5,3",
            t4["Westvoorne"].werkloosheid_pct,
            "350 van 7.000 is 5,0%; de bron rondt de beroepsbevolking af op duizendtallen, "
            "dus het verschil kan uit die afronding komen.",
        ),
    )


REKENCONTROLE: tuple[Rekenfout, ...] = _rekencontrole()
REKENCONTROLE_UITLEG = (
    "Waar de percentages in de scriptie niet uit haar eigen aantallen volgen, rekent de app "
    "met de aantallen. Deze tabel laat de verschillen zien."
)
