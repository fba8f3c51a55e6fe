"""The only place the planner touches the Wijkprofiel's and the sociale kaart's objects.

Everything else in ``planner.plan`` works on plain records (``WijkVraag``, ``Dienst``,
``IndicatorWaarde``) so it can be tested with handmade values; when another part of the
app changes its model, only this module follows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.plan.aanbod import Dienst, WijkVraag
from planner.plan.situatie import IndicatorWaarde, WijkSignalen, wijken_met_meerdere_signalen
from planner.wijken import estimates
from planner.wijken.cbs import NL_CODE, CbsData
from planner.wijken.indicators import Reeks

if TYPE_CHECKING:
    from planner.kaart.model import KaartData, Location, Service

# Indicators that stand for a risk factor of DOMAIN.md (income, benefits, single parents,
# youth care). Demographic ones (density, households with children) describe a wijk but
# do not point at need on their own, so they are not counted as signals.
KERNINDICATOREN: tuple[str, ...] = (
    "laag_inkomen", "sociaal_minimum", "bijstand", "ww_ao", "eenouder", "jeugdzorg",
    "inkomen_per_inwoner",
)  # fmt: skip
REGIO_KOLOM = "centrumgemeente"  # the region gemeenten share for domestic-violence policy


@dataclass(frozen=True)
class Stap1:
    """Step 1 for one or more gemeenten, ready for the page and the exports."""

    gemeenten: tuple[tuple[str, str], ...]  # (code, naam)
    wijken: tuple[WijkVraag, ...]
    waarden: tuple[IndicatorWaarde, ...]
    eenheden: dict[str, str]
    bronnen: tuple[str, ...]
    banden: dict[str, estimates.Band | None]  # per gemeentecode
    signalen: tuple[WijkSignalen, ...]
    kinderen_geschat: bool


def _waarde(reeks: Reeks, code: str) -> float | None:
    if code not in reeks.waarde.index:
        return None
    v = reeks.waarde.at[code]
    return None if v != v else float(v)  # NaN check without numpy


def stap1(data: CbsData, gemeentecodes: Sequence[str], reeksen: dict[str, Reeks]) -> Stap1:
    """Collect indicators per wijk against NL, the estimate bands and the signal wijken."""
    ids = [i for i in KERNINDICATOREN if i in reeksen]
    wijken: list[WijkVraag] = []
    waarden: list[IndicatorWaarde] = []
    geschat = False
    bronnen: list[str] = []
    for gm in gemeentecodes:
        rijen = data.wijken_van(gm).sort_values("naam")
        for code, naam in zip(rijen["code"], rijen["naam"], strict=True):
            k = estimates.kinderen(data, code)
            geschat = geschat or bool(k and k.schatting)
            wijken.append(
                WijkVraag(
                    code,
                    naam,
                    gm,
                    round(k.aantal) if k else None,
                    schatting=bool(k and k.schatting),
                    bron=f"{k.bron} ({k.methode})" if k else "",
                )
            )
            for i in ids:
                r = reeksen[i]
                waarden.append(
                    IndicatorWaarde(
                        code,
                        naam,
                        i,
                        r.indicator.label,
                        _waarde(r, code),
                        _waarde(r, NL_CODE),
                        r.indicator.richting != "laag",
                    )
                )
                bron = r.bron.get(code) if code in r.bron.index else None
                if isinstance(bron, str) and bron and bron not in bronnen:
                    bronnen.append(bron)
    return Stap1(
        gemeenten=tuple((gm, data.gemeente_naam(gm)) for gm in gemeentecodes),
        wijken=tuple(wijken),
        waarden=tuple(waarden),
        eenheden={i: reeksen[i].indicator.eenheid for i in ids},
        bronnen=tuple(bronnen),
        banden={gm: estimates.band_voor(data, gm) for gm in gemeentecodes},
        signalen=tuple(wijken_met_meerdere_signalen(waarden)),
        kinderen_geschat=geschat,
    )


def regio_gemeenten(data: CbsData, gemeentecode: str) -> list[str]:
    """The gemeenten in the same centrumgemeente region (regiovisie), the gemeente itself first."""
    kolom = f"{REGIO_KOLOM}_code"
    if kolom not in data.regio.columns or gemeentecode not in data.regio.index:
        return [gemeentecode]
    regio = data.regio.at[gemeentecode, kolom]
    leden = sorted(c for c in data.regio.index[data.regio[kolom] == regio] if c != gemeentecode)
    return [gemeentecode, *leden]


# CBS 85755NED names a centrumgemeente region after its centrumgemeente; where the region
# calls itself otherwise (its regional plan, the Veilig Thuis and GGD publications), the
# matrix uses that name. Checked against CBS: CE1930 = Nissewaard, Voorne aan Zee,
# Goeree-Overflakkee and Hoeksche Waard, the Zuid-Hollandse Eilanden.
REGIO_NAMEN: dict[str, str] = {"CE1930": "Zuid-Hollandse Eilanden"}


def regio_naam(data: CbsData, gemeentecode: str) -> str | None:
    """The region's own name, else 'regio <centrumgemeente>'."""
    kolom = f"{REGIO_KOLOM}_naam"
    if kolom not in data.regio.columns or gemeentecode not in data.regio.index:
        return None
    code = f"{REGIO_KOLOM}_code"
    if code in data.regio.columns and data.regio.at[gemeentecode, code] in REGIO_NAMEN:
        return REGIO_NAMEN[data.regio.at[gemeentecode, code]]
    return f"regio {data.regio.at[gemeentecode, kolom]}"


# --- sociale kaart -------------------------------------------------------------------------


def dienst_uit_kaart(service: Service, locaties: Iterable[Location] = ()) -> Dienst | None:
    """A sociale-kaart service as a ``Dienst``; None when trede or level is unknown.

    Who it serves comes from ``planner.kaart.regels.bereik_van`` with its locations: the
    same rule the search page uses, so found-for-a-wijk and counted-in-a-wijk agree.
    """
    from planner.kaart.regels import bereik_van

    if getattr(service, "trede", None) is None or getattr(service, "preventieniveau", None) is None:
        return None
    status = getattr(service, "status", None)
    if status is not None and str(status) != "active":
        return None
    bereik = bereik_van(service, locaties)
    return Dienst(
        id=str(service.id),
        naam=service.name,
        trede=int(str(service.trede)),
        niveau=str(service.preventieniveau),
        leeftijd_van=service.leeftijd_min,
        leeftijd_tot=service.leeftijd_max,
        wijken=frozenset(c for c in bereik.codes if not c.startswith("GM")),
        gemeenten=frozenset(c for c in bereik.codes if c.startswith("GM")),
        landelijk=bereik.landelijk,
        omschrijving=" ".join(
            x for x in (service.description, service.interventie, service.doelgroep) if x
        ),
        probleemgebieden=frozenset(str(p) for p in getattr(service, "probleemgebieden", ())),
        gecontroleerd=getattr(service, "assured_date", None),
        voorbeeld=bool(getattr(service, "voorbeeld", False)),
    )


def diensten_uit_kaart(
    services: Iterable[Service], kaart: KaartData | None = None
) -> tuple[list[Dienst], int]:
    """Convert all services; also return how many could not be placed (no trede/level).

    ``kaart`` supplies the locations of services without a werkgebied.
    """
    locaties: dict[str, list[Location]] = {}
    if kaart is not None:
        per_id = {loc.id: loc for loc in kaart.locations}
        for sal in kaart.service_at_locations:
            if sal.location_id in per_id:
                locaties.setdefault(sal.service_id, []).append(per_id[sal.location_id])
    uit: list[Dienst] = []
    overgeslagen = 0
    for s in services:
        d = dienst_uit_kaart(s, locaties.get(str(s.id), ()))
        if d is None:
            overgeslagen += 1
        else:
            uit.append(d)
    return uit, overgeslagen


def kerncijfers(s: Stap1) -> tuple:
    """Key figures with their sources, for the page, the export and the presentation."""
    from planner.plan.export import Kerncijfer

    uit = []
    for code, naam in s.gemeenten:
        band = s.banden.get(code)
        if band is None:
            uit.append(
                Kerncijfer(
                    f"Kinderen die kindermishandeling meemaken – {naam}",
                    "geen schatting mogelijk",
                    "aantal kinderen ontbreekt",
                )
            )
            continue
        laag_hoog = f"{estimates.fmt_aantal(band.laag)} tot {estimates.fmt_aantal(band.hoog)}"
        kosten = (
            f"{estimates.fmt_euro(band.kosten_laag)} tot {estimates.fmt_euro(band.kosten_hoog)}"
        )
        uit += [
            Kerncijfer(
                f"Kinderen 0-17 jaar – {naam}",
                estimates.fmt_aantal(band.kinderen.aantal),
                band.kinderen.bron,
            ),
            Kerncijfer(
                f"Geschat aantal kinderen per jaar dat kindermishandeling meemaakt – {naam}",
                laag_hoog,
                f"{estimates.PREVALENTIE_BRON}; landelijk gemiddelde toegepast op {naam}",
            ),
            Kerncijfer(
                f"Ter vergelijking, oudere studie – {naam}",
                estimates.fmt_aantal(band.per_1000_2011),
                estimates.PER_1000_BRON,
            ),
            Kerncijfer(
                f"Maatschappelijke kosten per jaar (schatting) – {naam}",
                kosten,
                estimates.KOSTEN_BRON,
            ),
        ]
    uit.append(
        Kerncijfer(
            "Wijken waar meerdere cijfers dezelfde kant op wijzen",
            str(len(s.signalen)),
            "; ".join(s.bronnen) or "CBS",
        )
    )
    return tuple(uit)
