"""Honest estimates: how many children a year are likely affected, shown as a band.

Every figure here carries its source (DOMAIN.md, seeds 000 and 003). A wijk has no CBS count
of children 0-17, so the child count itself may be an estimate: the method says how.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner import tekst
from planner.gebieden import gemeente_van
from planner.wijken.cbs import NL_CODE, CbsData

# Geweld hoort nergens thuis (seed 003): 90,000-127,000 children (0-17) a year are victims.
PREVALENTIE_LAAG = 90_000
PREVALENTIE_HOOG = 127_000
PREVALENTIE_BRON = (
    "90.000–127.000 kinderen (0-17 jaar) per jaar slachtoffer van kindermishandeling "
    "(Nationale Prevalentiestudie NPM-2017, zoals genoemd door het programma Geweld hoort "
    "nergens thuis)"
)
# Alink et al. 2011: 34 per 1,000 children a year (older national prevalence study).
PER_1000_2011 = 34
PER_1000_BRON = "34 per 1.000 kinderen (Alink e.a., 2011)"
# CBS 85383NED 2024: inhabitants under 18 in the Netherlands, when the data dir lacks it.
NL_MINDERJARIGEN_2024 = 3_303_345
# Meerdink (2005): EUR 950 million a year at 80,000 abused children (seed 000).
KOSTEN_PER_KIND = 950_000_000 / 80_000
KOSTEN_BRON = "€ 950 miljoen per jaar bij 80.000 mishandelde kinderen (Meerdink, 2005)"
# Seed 003: about one third of the cases is in view of professionals.
IN_BEELD_FRACTIE = 1 / 3

KLEIN = tekst.KLEIN  # counts below this are shown as "< 5"


@dataclass(frozen=True)
class Kinderen:
    """Children 0-17 in an area, with how the number was obtained."""

    aantal: float
    schatting: bool
    methode: str
    bron: str


@dataclass(frozen=True)
class Band:
    """Expected children affected per year and the cost band, with its assumptions."""

    kinderen: Kinderen
    laag: float
    hoog: float
    per_1000_2011: float
    kosten_laag: float
    kosten_hoog: float
    nl_minderjarigen: float

    def aannames(self) -> list[str]:
        return [
            f"Kinderen 0-17 jaar: {fmt_aantal(self.kinderen.aantal)} ({self.kinderen.methode}; "
            f"bron: {self.kinderen.bron}).",
            f"Landelijk {PREVALENTIE_BRON}, gedeeld door {fmt_aantal(self.nl_minderjarigen)} "
            "minderjarigen in Nederland (CBS 85383NED, 2024): "
            f"{fmt_pct(PREVALENTIE_LAAG / self.nl_minderjarigen)} tot "
            f"{fmt_pct(PREVALENTIE_HOOG / self.nl_minderjarigen)} van de kinderen.",
            f"Ter vergelijking: {PER_1000_BRON}.",
            f"Kosten: {KOSTEN_BRON}, ongeveer {fmt_euro(KOSTEN_PER_KIND)} per kind per jaar.",
            "Aangenomen is dat het risico overal gelijk is aan het landelijke gemiddelde; "
            "de werkelijkheid per wijk kan hoger of lager liggen.",
        ]


def kinderen(data: CbsData, code: str) -> Kinderen | None:
    """Children 0-17: counted for NL and gemeenten, estimated for wijken (method stated)."""
    if code == NL_CODE or code.startswith("GM"):
        n = data.value(code, "GF_InwonersJongerDan18")
        if n is not None:
            return Kinderen(n, False, "geteld", _bron(data, "GF_InwonersJongerDan18"))
        if code == NL_CODE:
            return Kinderen(NL_MINDERJARIGEN_2024, False, "geteld", "CBS 85383NED, 2024")
        return None
    k015 = data.value(code, "k_0Tot15Jaar")
    k1525 = data.value(code, "k_15Tot25Jaar")
    gm = gemeente_van(code)
    if k015 is not None and k1525 is not None:
        f, hoe = _aandeel_15_17(data, gm)
        return Kinderen(
            k015 + f * k1525,
            True,
            f"schatting: 0-14 jaar plus {fmt_pct(f)} van de 15-24-jarigen ({hoe})",
            f"{_bron(data, 'k_0Tot15Jaar')}; {_bron(data, 'GF_InwonersJongerDan18')}",
        )
    inw = data.value(code, "AantalInwoners")
    gm_u18 = data.value(gm, "GF_InwonersJongerDan18")
    gm_inw = data.value(gm, "GF_InwonersTotaal")
    if inw is not None and gm_u18 is not None and gm_inw:
        share = gm_u18 / gm_inw
        return Kinderen(
            inw * share,
            True,
            f"schatting: inwoners van de wijk × aandeel 0-17 jaar in de gemeente "
            f"({fmt_pct(share)})",
            f"{_bron(data, 'AantalInwoners')}; {_bron(data, 'GF_InwonersJongerDan18')}",
        )
    return None


# Without gemeente figures: 15, 16 and 17 are three of the ten years 15-24.
AANDEEL_15_17_STANDAARD = 0.3


def _aandeel_15_17(data: CbsData, gm: str) -> tuple[float, str]:
    """Share of the 15-24-year-olds that is 15-17, from the gemeente's own counts.

    In student towns most 15-24-year-olds are adults; a fixed 3/10 would count them as
    children (Groningen's wijken summed to 130% of its under-18s).
    """
    u18 = data.value(gm, "GF_InwonersJongerDan18")
    k015 = data.value(gm, "k_0Tot15Jaar")
    k1525 = data.value(gm, "k_15Tot25Jaar")
    if u18 is not None and k015 is not None and k1525:
        f = min(max((u18 - k015) / k1525, 0.0), 1.0)
        return f, "aandeel 15-17 onder de 15-24-jarigen in de gemeente"
    return AANDEEL_15_17_STANDAARD, "aangenomen 3 van de 10 leeftijdsjaren"


def _bron(data: CbsData, var: str) -> str:
    b = data.bronnen.get(var)
    return b.label() if b else "CBS"


def band(k: Kinderen, nl_minderjarigen: float = NL_MINDERJARIGEN_2024) -> Band:
    """Children x national prevalence, as a band from the 90,000-127,000 range."""
    laag = k.aantal * PREVALENTIE_LAAG / nl_minderjarigen
    hoog = k.aantal * PREVALENTIE_HOOG / nl_minderjarigen
    return Band(
        kinderen=k,
        laag=laag,
        hoog=hoog,
        per_1000_2011=k.aantal * PER_1000_2011 / 1000,
        kosten_laag=laag * KOSTEN_PER_KIND,
        kosten_hoog=hoog * KOSTEN_PER_KIND,
        nl_minderjarigen=nl_minderjarigen,
    )


def band_voor(data: CbsData, code: str) -> Band | None:
    k = kinderen(data, code)
    if k is None:
        return None
    nl = data.value(NL_CODE, "GF_InwonersJongerDan18") or NL_MINDERJARIGEN_2024
    return band(k, nl)


# The formatters live in planner.tekst (one for the whole app); these names forward to it.
def fmt_aantal(x: float) -> str:
    """An estimated count: anything under 5 (also 0,3) is '< 5', never a false '0'."""
    return f"< {KLEIN}" if x < KLEIN else tekst.aantal(x)


fmt_euro = tekst.euro
fmt_pct = tekst.procent


@dataclass(frozen=True)
class VerwachtGesignaleerd:
    """What prevalence predicts for an organisation versus what it actually signalled."""

    kinderen: int
    verwacht_laag: float
    verwacht_hoog: float
    verwacht_2011: float
    gesignaleerd: int
    in_beeld_laag: float  # the third that professionals could see (seed 003)

    @property
    def aandeel_gesignaleerd(self) -> float | None:
        """Signalled as a share of the lower bound of what prevalence predicts (None: n/a)."""
        return self.gesignaleerd / self.verwacht_laag if self.verwacht_laag >= 1 else None


def verwacht_vs_gesignaleerd(
    kinderen: int, gesignaleerd: int, nl_minderjarigen: float = NL_MINDERJARIGEN_2024
) -> VerwachtGesignaleerd:
    if kinderen < 0 or gesignaleerd < 0:
        raise ValueError("Aantallen kunnen niet negatief zijn.")
    b = band(Kinderen(kinderen, False, "opgegeven", "eigen invoer"), nl_minderjarigen)
    return VerwachtGesignaleerd(
        kinderen=kinderen,
        verwacht_laag=b.laag,
        verwacht_hoog=b.hoog,
        verwacht_2011=b.per_1000_2011,
        gesignaleerd=gesignaleerd,
        in_beeld_laag=b.laag * IN_BEELD_FRACTIE,
    )
