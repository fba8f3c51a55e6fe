"""Step 3: realisation against targets, CSV import of measurements, small-count display."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from datetime import date, datetime

from planner.csvdialect import Onleesbaar, lees_tekst, scheidingsteken
from planner.fouten import Ongeldig
from planner.plan.model import GekozenActie, Indicator, Meting, Plan
from planner.tekst import getal as _getal
from planner.tekst import lees_getal
from planner.wijken import estimates

# One rule for every display, chart and export: a count of 1-4 could point at a family in a
# small wijk, so it is shown as "< 5" and never as a number, a percentage or a plot position.
KLEIN_AANTAL = estimates.KLEIN

EENHEDEN: tuple[str, ...] = ("aantal", "%", "per 1.000", "dagen", "euro")
# Units that are not counts of people; any other unit ("", "aantal", "gezinnen" …) is a count.
GEEN_TELLING: frozenset[str] = frozenset({"%", "per 1.000", "dagen", "euro"})
VERBORGEN = f"< {KLEIN_AANTAL}"


def is_telling(eenheid: str | None) -> bool:
    """Whether a measurement in this unit counts people; unknown units are treated as counts."""
    return (eenheid or "").strip().lower() not in GEEN_TELLING


def is_verborgen(x: float | int | None, eenheid: str | None = "aantal") -> bool:
    """True for a count of 1-4: its value, its share and its plot position must not show."""
    return x is not None and is_telling(eenheid) and 0 < x < KLEIN_AANTAL


def toon_aantal(n: float | int | None) -> str:
    """Counts 1-4 are shown as '< 5' so no family can be recognised in a small wijk."""
    if n is None:
        return "–"
    if is_verborgen(n):
        return VERBORGEN
    return _getal(n)


def toon_waarde(x: float | None, eenheid: str) -> str:
    """A measured value for display: counts are protected, other units are not counts."""
    if is_telling(eenheid):
        return toon_aantal(x)
    return toon_getal(x, 1)


def toon_getal(x: float | None, decimalen: int = 1) -> str:
    """Dutch number format (comma decimals); forwards to planner.tekst."""
    return _getal(x, decimalen)


@dataclass(frozen=True)
class Realisatie:
    """How far an indicator has moved from baseline to target."""

    laatste: Meting | None
    aandeel: float | None  # 0.0 = baseline, 1.0 = target reached
    verwacht: float | None  # share of the period that has passed at the last measurement
    status: str

    @property
    def procent(self) -> float | None:
        return None if self.aandeel is None else self.aandeel * 100


def realisatie_verborgen(indicator: Indicator) -> bool:
    """A share next to a hidden count (baseline, target or latest) would give the count away."""
    laatste = indicator.metingen[-1].waarde if indicator.metingen else None
    return any(
        is_verborgen(x, indicator.eenheid)
        for x in (indicator.nulmeting, indicator.streefwaarde, laatste)
    )


def toon_realisatie(indicator: Indicator) -> str:
    """The realisation as '38%', '–' when unknown, or a note when it would reveal a count."""
    if realisatie_verborgen(indicator):
        return "niet getoond (kleine aantallen)"
    procent = realisatie(indicator).procent
    return "–" if procent is None else f"{toon_getal(procent, 0)}%"


def realisatie(indicator: Indicator) -> Realisatie:
    """Compare the latest measurement with baseline and target; works for down-goals too."""
    laatste = indicator.metingen[-1] if indicator.metingen else None
    if indicator.nulmeting is None or indicator.streefwaarde is None:
        return Realisatie(laatste, None, None, "nulmeting of streefwaarde ontbreekt")
    if laatste is None:
        return Realisatie(None, None, None, "nog geen meting")
    afstand = indicator.streefwaarde - indicator.nulmeting
    if afstand == 0:
        return Realisatie(laatste, None, None, "streefwaarde is gelijk aan de nulmeting")
    aandeel = (laatste.waarde - indicator.nulmeting) / afstand
    verwacht = None
    if indicator.nulmeting_datum and indicator.streefdatum:
        totaal = (indicator.streefdatum - indicator.nulmeting_datum).days
        if totaal > 0:
            verstreken = (laatste.datum - indicator.nulmeting_datum).days
            verwacht = min(max(verstreken / totaal, 0.0), 1.0)
    if aandeel >= 1:
        status = "streefwaarde gehaald"
    elif verwacht is None:
        status = "onderweg"
    elif aandeel >= verwacht:
        status = "op schema"
    else:
        status = "achter op schema"
    return Realisatie(laatste, aandeel, verwacht, status)


@dataclass(frozen=True)
class MonitorRij:
    """One row of the monitoring table, as shown, exported and put in the Word file.

    ``realisatie_procent`` is None when it would reveal a count under 5 (``verborgen``).
    """

    actie: int
    indicator: str
    eenheid: str
    nulmeting: float | None
    streefwaarde: float | None
    streefdatum: date | None
    laatste_datum: date | None
    laatste_waarde: float | None
    realisatie_procent: float | None
    status: str
    bron: str
    verborgen: bool = False

    @property
    def realisatie_tekst(self) -> str:
        if self.verborgen:
            return "niet getoond (kleine aantallen)"
        if self.realisatie_procent is None:
            return "–"
        return f"{toon_getal(self.realisatie_procent, 0)}%"

    def weergave(self) -> dict[str, str]:
        """The row as the page and the Word/PDF table show it (one builder for both)."""

        def dag(d: date | None) -> str:
            return d.strftime("%d-%m-%Y") if d else ""

        streef = toon_waarde(self.streefwaarde, self.eenheid)
        laatste = "–"
        if self.laatste_datum is not None:
            waarde = toon_waarde(self.laatste_waarde, self.eenheid)
            laatste = f"{waarde} ({dag(self.laatste_datum)})"
        return {
            "Actie": str(self.actie),
            "Indicator": f"{self.indicator} ({self.eenheid})" if self.eenheid else self.indicator,
            "Nulmeting": toon_waarde(self.nulmeting, self.eenheid),
            "Streefwaarde": streef + (f" op {dag(self.streefdatum)}" if self.streefdatum else ""),
            "Laatste meting": laatste,
            "Realisatie": self.realisatie_tekst,
            "Status": self.status,
            "Bron": self.bron or "bron nog niet ingevuld",
        }


def monitortabel(plan: Plan) -> list[MonitorRij]:
    rijen = []
    for actie in plan.acties:
        for ind in actie.indicatoren:
            r = realisatie(ind)
            verborgen = realisatie_verborgen(ind)
            bronnen = [ind.bron] + [m.bron for m in ind.metingen if m.bron]
            rijen.append(
                MonitorRij(
                    actie=actie.nummer,
                    indicator=ind.naam,
                    eenheid=ind.eenheid,
                    nulmeting=ind.nulmeting,
                    streefwaarde=ind.streefwaarde,
                    streefdatum=ind.streefdatum,
                    laatste_datum=r.laatste.datum if r.laatste else None,
                    laatste_waarde=r.laatste.waarde if r.laatste else None,
                    realisatie_procent=None if verborgen else r.procent,
                    status=r.status,
                    bron="; ".join(dict.fromkeys(b for b in bronnen if b)),
                    verborgen=verborgen,
                )
            )
    return rijen


def monitor_weergave(plan: Plan) -> list[dict[str, str]]:
    """The monitoring table for display; page and export both use this."""
    return [r.weergave() for r in monitortabel(plan)]


MONITOR_KOLOMMEN = (
    "actie",
    "indicator",
    "eenheid",
    "nulmeting",
    "streefwaarde",
    "streefdatum",
    "laatste meting (datum)",
    "laatste meting (waarde)",
    "realisatie (%)",
    "status",
    "bron",
)


def _csv_waarde(x: float | None, eenheid: str) -> str:
    if x is None:
        return ""
    return toon_aantal(x) if is_telling(eenheid) else toon_getal(x, 2)


def monitortabel_csv(plan: Plan) -> str:
    """CSV with ';' and decimal commas: opens correctly in Dutch Excel."""
    from planner.kaart.io import formule_veilig

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    w.writerow(MONITOR_KOLOMMEN)
    for r in monitortabel(plan):
        if r.verborgen:
            procent = "niet getoond (kleine aantallen)"
        elif r.realisatie_procent is None:
            procent = ""
        else:
            procent = toon_getal(r.realisatie_procent, 0)
        w.writerow(
            [
                # Names, units and sources are typed by users: never a formula in Excel.
                formule_veilig(r.actie),
                formule_veilig(r.indicator),
                formule_veilig(r.eenheid),
                _csv_waarde(r.nulmeting, r.eenheid),
                _csv_waarde(r.streefwaarde, r.eenheid),
                r.streefdatum.isoformat() if r.streefdatum else "",
                r.laatste_datum.isoformat() if r.laatste_datum else "",
                _csv_waarde(r.laatste_waarde, r.eenheid),
                procent,
                formule_veilig(r.status),
                formule_veilig(r.bron),
            ]
        )
    return buf.getvalue()


# --- CSV import of measurements ------------------------------------------------------------

IMPORT_KOLOMMEN = ("actie", "indicator", "datum", "waarde", "bron")
IMPORT_UITLEG = (
    f"Kolommen: `{';'.join(IMPORT_KOLOMMEN)}`. Datum als JJJJ-MM-DD of DD-MM-JJJJ. "
    "Getallen in Nederlandse notatie: 1.234 (duizendtal) en 1,5 (decimaal). "
    "Eén fout in het bestand betekent dat niets wordt geïmporteerd; u ziet dan per "
    "regel wat er mis is."
)


class MetingImportFout(ValueError):
    """All problems of an import file; nothing is imported when there is one."""

    def __init__(self, fouten: list[str]):
        super().__init__("; ".join(fouten))
        self.fouten = fouten


def _lees_datum(tekst: str) -> date:
    tekst = tekst.strip()
    for formaat in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(tekst, formaat).date()
        except ValueError:
            continue
    raise ValueError(tekst)


def importeer_metingen(plan: Plan, inhoud: str | bytes) -> Plan:
    """Add measurements from CSV (columns actie;indicator;datum;waarde;bron).

    Every row is checked first; one bad field means nothing is imported, and the
    error list names each row and field so the user can fix the file in one go.
    """
    if isinstance(inhoud, bytes):
        try:
            inhoud = lees_tekst(inhoud)[0]  # also Excel's cp1252 and UTF-16
        except Onleesbaar as exc:
            raise MetingImportFout([f"Het bestand is onleesbaar: {exc}"]) from None
    inhoud = inhoud.lstrip("\ufeff")
    if not inhoud.strip():
        raise MetingImportFout(["Het bestand is leeg."])
    lezer = csv.DictReader(io.StringIO(inhoud), delimiter=scheidingsteken(inhoud))
    kolommen = [k.strip().lower() for k in (lezer.fieldnames or [])]
    ontbrekend = [k for k in IMPORT_KOLOMMEN if k != "bron" and k not in kolommen]
    if ontbrekend:
        raise MetingImportFout(
            [f"Kolom ontbreekt: {', '.join(ontbrekend)}. Verwacht: {';'.join(IMPORT_KOLOMMEN)}."]
        )
    fouten: list[str] = []
    nieuw: dict[tuple[int, str], list[Meting]] = {}
    regels = 0
    eerder: dict[tuple[int, str, date], int] = {}
    for rij in lezer:
        regelnummer = lezer.line_num
        plaats = f"Regel {regelnummer}"
        if None in rij:  # csv puts the surplus fields of a row under the key None
            fouten.append(
                f"{plaats}: te veel waarden ({len(kolommen) + len(rij[None])} in plaats van "
                f"{len(kolommen)}). Staat er een scheidingsteken in een waarde?"
            )
            continue
        rij = {(k or "").strip().lower(): (v or "") for k, v in rij.items()}
        if not any(v.strip() for v in rij.values()):
            continue
        regels += 1
        try:
            nummer = int(rij["actie"].strip())
        except ValueError:
            fouten.append(f"{plaats}, kolom 'actie': '{rij['actie']}' is geen actienummer.")
            continue
        gekozen = plan.actie(nummer)
        if gekozen is None:
            fouten.append(f"{plaats}, kolom 'actie': actie {nummer} staat niet in dit plan.")
            continue
        naam = rij["indicator"].strip()
        if naam not in {i.naam for i in gekozen.indicatoren}:
            fouten.append(f"{plaats}, kolom 'indicator': '{naam}' hoort niet bij actie {nummer}.")
        try:
            datum = _lees_datum(rij["datum"])
        except ValueError:
            fouten.append(
                f"{plaats}, kolom 'datum': '{rij['datum']}' is geen datum "
                "(gebruik JJJJ-MM-DD of DD-MM-JJJJ)."
            )
            datum = None
        try:
            waarde = lees_getal(rij["waarde"])
        except Ongeldig as fout:
            fouten.append(f"{plaats}, kolom 'waarde': {fout}.")
            waarde = None
        if datum is not None:
            sleutel = (nummer, naam, datum)
            if sleutel in eerder:
                fouten.append(
                    f"{plaats}: actie {nummer}, '{naam}' op {datum.strftime('%d-%m-%Y')} staat "
                    f"ook op regel {eerder[sleutel]}; laat één van de twee staan."
                )
                continue
            eerder[sleutel] = regelnummer
        if datum is not None and waarde is not None:
            nieuw.setdefault((nummer, naam), []).append(
                Meting(datum, waarde, rij.get("bron", "").strip())
            )
    if not regels and not fouten:
        fouten.append("Het bestand bevat geen metingen.")
    if fouten:
        raise MetingImportFout(fouten)
    return voeg_metingen_toe(plan, nieuw)


def voeg_metingen_toe(plan: Plan, nieuw: dict[tuple[int, str], list[Meting]]) -> Plan:
    """A new plan with the measurements added; a measurement on an existing date replaces it."""

    def bij(actie: GekozenActie) -> GekozenActie:
        indicatoren = []
        for ind in actie.indicatoren:
            extra = nieuw.get((actie.nummer, ind.naam), [])
            per_datum = {m.datum: m for m in ind.metingen}
            per_datum.update({m.datum: m for m in extra})
            metingen = tuple(sorted(per_datum.values(), key=lambda m: m.datum))
            indicatoren.append(replace(ind, metingen=metingen))
        return replace(actie, indicatoren=tuple(indicatoren))

    return replace(plan, acties=tuple(bij(a) for a in plan.acties))


def met_meting(indicator: Indicator, meting: Meting) -> Indicator:
    """The indicator with one more measurement; the same date twice means a correction."""
    per_datum = {m.datum: m for m in indicator.metingen}
    per_datum[meting.datum] = meting
    return replace(indicator, metingen=tuple(sorted(per_datum.values(), key=lambda m: m.datum)))
