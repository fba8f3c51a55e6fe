"""Static pictures for the plan: the step-1 map and monitor charts, as PNG bytes.

Built on ``matplotlib.figure.Figure`` (no pyplot state) so pages and exports can draw in
parallel. Colours are Okabe-Ito (safe for colour blindness) and every meaning is also
carried by a hatch, marker or text label, never by colour alone.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.figure import Figure

from planner.plan.model import Indicator
from planner.plan.monitor import KLEIN_AANTAL, VERBORGEN, is_verborgen, toon_getal, toon_waarde
from planner.plan.registraties import RegistratieVsPrevalentie

OKABE_ITO = {
    "oranje": "#E69F00",
    "hemelsblauw": "#56B4E9",
    "groen": "#009E73",
    "geel": "#F0E442",
    "blauw": "#0072B2",
    "vermiljoen": "#D55E00",
    "paars": "#CC79A7",
    "zwart": "#000000",
}


DPI = 150
# Smallest type on the step-1 map, in points; the slide version is meant to be read from
# the back of the room (>= 18 px on a 1280x720 projector, see the presentation test).
KAART_LETTER = {False: 10, True: 18}


def _png(fig: Figure, dpi: int = DPI) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    return buf.getvalue()


KAART_BRON = "Bron wijkgrenzen: CBS/PDOK, Wijk- en buurtkaart 2024 (CC BY 4.0)"


def kaart_nummers(wijken, signaalcodes: Sequence[str]) -> list[tuple[int, str, str]]:
    """(number, code, name) for the signal wijken, alphabetical: a legend, not a ranking."""
    rijen = wijken[wijken["code"].isin(list(signaalcodes))]
    paren = sorted(zip(rijen["code"], rijen["naam"], strict=True), key=lambda p: p[1].lower())
    return [(i, code, naam) for i, (code, naam) in enumerate(paren, start=1)]


def kaart_png(wijken, signaalcodes: Sequence[str], titel: str, groot: bool = False) -> bytes:
    return _png(kaart_figuur(wijken, signaalcodes, titel, groot))


def kaart_figuur(wijken, signaalcodes: Sequence[str], titel: str, groot: bool = False) -> Figure:
    """Wijken of the plan area; wijken with several signals hatched and numbered.

    Numbers instead of names keep labels from overlapping in small wijken; the names are in
    the list beside the map. ``wijken`` is a GeoDataFrame with ``code``, ``naam`` and
    ``geometry`` (WGS84).
    """
    from matplotlib.patches import Patch

    fig = Figure(figsize=(9, 5.6) if groot else (10, 6))
    ax, lijst = fig.subplots(1, 2, width_ratios=[3, 1.6] if groot else [3, 1.4])
    gdf = wijken.to_crs(28992) if wijken.crs is not None else wijken
    signaal = gdf["code"].isin(list(signaalcodes))
    nummers = kaart_nummers(gdf, signaalcodes)
    gdf[~signaal].plot(ax=ax, facecolor="#F2F2F2", edgecolor="#555555", linewidth=0.6)
    fs = KAART_LETTER[groot]
    if signaal.any():
        gdf[signaal].plot(
            ax=ax,
            facecolor=OKABE_ITO["oranje"],
            edgecolor=OKABE_ITO["zwart"],
            hatch="///",
            linewidth=1.0,
        )
        geometrie = dict(zip(gdf["code"], gdf.geometry, strict=True))
        punten = [geometrie[code].representative_point() for _nr, code, _naam in nummers]
        plekken = _spreid(ax, fig, [(p.x, p.y) for p in punten], fs)
        for (nr, _code, _naam), punt, (x, y) in zip(nummers, punten, plekken, strict=True):
            verschoven = (x, y) != (punt.x, punt.y)
            ax.annotate(
                str(nr),
                (punt.x, punt.y),
                xytext=(x, y),
                ha="center",
                va="center",
                fontsize=fs,
                fontweight="bold",
                bbox={"boxstyle": "circle,pad=0.25", "fc": "white", "ec": "black", "lw": 1},
                # A small wijk's number moved out of a cluster keeps a line to its wijk.
                arrowprops={"arrowstyle": "-", "lw": 1, "color": "black"} if verschoven else None,
                zorder=5,
            )
    ax.set_axis_off()
    ax.set_title(titel, fontsize=fs + 6 if groot else 13)
    ax.legend(
        handles=[
            Patch(
                facecolor=OKABE_ITO["oranje"],
                edgecolor="black",
                hatch="///",
                label="Meerdere cijfers wijzen op extra aandacht",
            ),
            Patch(facecolor="#F2F2F2", edgecolor="#555555", label="Overige wijken"),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        fontsize=fs if groot else fs - 2,
        frameon=True,
    )
    lijst.set_axis_off()
    regels = [f"{nr}  {naam}" for nr, _code, naam in nummers] or [
        "Geen wijken met",
        "meerdere signalen.",
    ]
    lijst.text(
        0.0,
        1.0,
        "Genummerde wijken\n(alfabetisch)\n\n" + "\n".join(regels),
        va="top",
        ha="left",
        fontsize=fs,
        transform=lijst.transAxes,
    )
    fig.text(0.01, 0.005, KAART_BRON, fontsize=12 if groot else 9)
    return fig


def _spreid(
    ax, fig: Figure, punten: list[tuple[float, float]], fs: float
) -> list[tuple[float, float]]:
    """Label positions at least one label apart, each as close to its own wijk as it can.

    Small central wijken sit so close that their numbered circles covered each other. The
    circles are pushed apart (a few hundred small steps, deterministic) and a moved number
    gets a leader line; a label that did not need to move stays exactly on its wijk.
    """
    import math

    if len(punten) < 2:
        return list(punten)
    ax.set_aspect("equal")
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    pos = ax.get_position()
    breedte_pt = pos.width * fig.get_figwidth() * 72
    hoogte_pt = pos.height * fig.get_figheight() * 72
    per_pt = max((x1 - x0) / breedte_pt, (y1 - y0) / hoogte_pt)  # equal aspect: the larger
    afstand = 2.1 * fs * per_pt  # circle diameter of a one- or two-digit number, with margin
    plek = [list(p) for p in punten]
    for _ in range(400):
        bewogen = False
        for i in range(len(plek)):
            for j in range(i + 1, len(plek)):
                dx = plek[j][0] - plek[i][0]
                dy = plek[j][1] - plek[i][1]
                d = math.hypot(dx, dy)
                if d >= afstand:
                    continue
                if d == 0:  # same spot: split along a fixed angle per pair
                    hoek = (i * 7 + j * 3) % 12 * math.pi / 6
                    dx, dy, d = math.cos(hoek), math.sin(hoek), 1.0
                duw = (afstand - d) / 2 + afstand * 0.01
                plek[i][0] -= dx / d * duw
                plek[i][1] -= dy / d * duw
                plek[j][0] += dx / d * duw
                plek[j][1] += dy / d * duw
                bewogen = True
        if not bewogen:
            break
    return [(x, y) for x, y in plek]


def monitor_png(indicator: Indicator, titel: str, groot: bool = False) -> bytes:
    """Measurements against the planned line from baseline to target, as PNG."""
    return _png(monitor_figuur(indicator, titel, groot))


def monitor_figuur(indicator: Indicator, titel: str, groot: bool = False) -> Figure:
    """The monitor chart; a count of 1-4 is drawn as a '< 5' band, never at its own height."""
    fig = Figure(figsize=(10, 5.5) if groot else (7, 4))
    ax = fig.add_subplot()
    fs = 14 if groot else 9
    eenheid = indicator.eenheid

    def zichtbaar(x: float | None) -> bool:
        return x is not None and not is_verborgen(x, eenheid)

    verborgen_data = []

    def band(datum) -> None:
        verborgen_data.append(datum)
        ax.vlines(datum, 0, KLEIN_AANTAL, color=OKABE_ITO["zwart"], linewidth=6, alpha=0.35)
        ax.annotate(
            VERBORGEN,
            (datum, KLEIN_AANTAL),
            textcoords="offset points",
            xytext=(0, 6),
            ha="center",
            fontsize=fs,
        )

    if indicator.metingen:
        x = [m.datum for m in indicator.metingen if zichtbaar(m.waarde)]
        y = [m.waarde for m in indicator.metingen if zichtbaar(m.waarde)]
        for m in indicator.metingen:
            if not zichtbaar(m.waarde):
                band(m.datum)
        if x:
            ax.plot(
                x,
                y,
                marker="o",
                markersize=9 if groot else 6,
                color=OKABE_ITO["blauw"],
                linewidth=2.5,
                label="Gemeten",
            )
        for xi, yi in zip(x, y, strict=True):
            ax.annotate(
                toon_waarde(yi, eenheid),
                (xi, yi),
                textcoords="offset points",
                xytext=(0, 8),
                ha="center",
                fontsize=fs,
            )

    def punt(waarde: float | None, datum, marker: str, maat: int, kleur: str, label: str) -> bool:
        """Baseline or target as one marker, a hidden count as a band; True if drawn."""
        if waarde is None or datum is None:
            return False
        if not zichtbaar(waarde):
            band(datum)
            return False
        ax.plot([datum], [waarde], marker, markersize=maat, color=OKABE_ITO[kleur], label=label)
        return True

    nul_ok = punt(indicator.nulmeting, indicator.nulmeting_datum, "s", 9, "zwart", "Nulmeting")
    ster = ("*", 14, "vermiljoen", "Streefwaarde")
    if punt(indicator.streefwaarde, indicator.streefdatum, *ster) and nul_ok:
        ax.plot(
            [indicator.nulmeting_datum, indicator.streefdatum],
            [indicator.nulmeting, indicator.streefwaarde],
            linestyle="--",
            color=OKABE_ITO["vermiljoen"],
            linewidth=1.5,
            label="Geplande lijn",
        )
    if verborgen_data:
        ax.set_ylim(bottom=0)
        ax.plot(
            [],
            [],
            color=OKABE_ITO["zwart"],
            alpha=0.35,
            linewidth=6,
            label=f"Minder dan {KLEIN_AANTAL} (aantal niet getoond)",
        )
    ax.set_title(titel, fontsize=fs + 4)
    ax.set_ylabel(eenheid or "waarde", fontsize=fs)
    ax.tick_params(labelsize=fs)
    ax.grid(True, alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=fs, loc="best")
    else:
        ax.text(
            0.5,
            0.5,
            "Nog geen gegevens",
            ha="center",
            va="center",
            fontsize=fs + 2,
            transform=ax.transAxes,
        )
    _datumas(ax)
    fig.autofmt_xdate()
    if indicator.bron:
        fig.text(0.01, 0.0, f"Bron: {indicator.bron}", fontsize=fs - 2)
    return fig


MAANDEN = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _datumas(ax) -> None:
    """Dutch month names on a date axis (matplotlib's own follow the system locale)."""
    from matplotlib.dates import AutoDateLocator, num2date
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_locator(AutoDateLocator(maxticks=8))

    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos=None: _datum(num2date(x))))


def _geregistreerd(rijen: Sequence[RegistratieVsPrevalentie]) -> list[float | None]:
    """AMK investigations per 1,000 children; a missing figure is "niet gemeld", never 0."""
    return [
        None if r.amk_onderzoeken is None else r.amk_onderzoeken / r.kinderen * 1000 for r in rijen
    ]


def _verwacht(rijen: Sequence[RegistratieVsPrevalentie]) -> tuple[float, float, float]:
    """The prevalence band (low, high) and Alink's figure, per 1,000 children."""
    if not rijen:
        return 0, 0, 0
    r = rijen[0]
    return tuple(
        x / r.kinderen * 1000 for x in (r.verwacht_laag, r.verwacht_hoog, r.verwacht_alink)
    )


def registratie_png(
    rijen: Sequence[RegistratieVsPrevalentie], groot: bool = False, bron: str = ""
) -> bytes:
    return _png(registratie_figuur(rijen, groot, bron))


def registratie_figuur(
    rijen: Sequence[RegistratieVsPrevalentie], groot: bool = False, bron: str = ""
) -> Figure:
    """AMK investigations per 1,000 children next to the prevalence band: the gap is the point.

    The legend and the source sit in their own panel under the chart (constrained layout),
    so neither can cover the other nor the x-labels; names wrap to short lines.
    """
    import textwrap

    fig = Figure(figsize=(11, 7.5) if groot else (8, 6), layout="constrained")
    ax, onder = fig.subplots(2, 1, height_ratios=[3.0, 1.7])
    fs = 14 if groot else 9
    breedte_naam = max(10, int(66 / max(len(rijen), 1)))
    namen = [
        f"{textwrap.fill(r.gemeente, breedte_naam, break_long_words=False)}\n{r.jaar}"
        for r in rijen
    ]
    geregistreerd = _geregistreerd(rijen)
    laag, hoog, alink = _verwacht(rijen)
    ax.axhspan(
        laag,
        hoog,
        facecolor=OKABE_ITO["hemelsblauw"],
        alpha=0.35,
        hatch="..",
        label=f"Prevalentie: {toon_getal(laag)} tot {toon_getal(hoog)} per 1.000",
    )
    ax.axhline(
        alink,
        color=OKABE_ITO["blauw"],
        linestyle="--",
        label=f"Prevalentie (Alink e.a. 2011): {toon_getal(alink, 0)} per 1.000",
    )
    posities = list(range(len(namen)))
    bekend = [(x, w) for x, w in zip(posities, geregistreerd, strict=True) if w is not None]
    landelijk = [r.gemeente.startswith("Nederland") for r in rijen]
    balken = ax.bar(
        [x for x, _ in bekend],
        [w for _, w in bekend],
        color=[OKABE_ITO["zwart"] if landelijk[x] else OKABE_ITO["oranje"] for x, _ in bekend],
        edgecolor="black",
        hatch="//",
        label="AMK-onderzoeken per 1.000 kinderen van 0-17 (registratie; zwart = Nederland)",
    )
    for balk, (_, waarde) in zip(balken, bekend, strict=True):
        ax.annotate(
            toon_getal(waarde),
            (balk.get_x() + balk.get_width() / 2, waarde),
            textcoords="offset points",
            xytext=(0, 4),
            ha="center",
            fontsize=fs,
        )
    for x, waarde in zip(posities, geregistreerd, strict=True):
        if waarde is None:
            ax.annotate(
                "niet gemeld",
                (x, 0),
                xytext=(0, 4),
                textcoords="offset points",
                ha="center",
                fontsize=fs,
                style="italic",
            )
    ax.set_xticks(posities, namen)
    ax.set_ylabel("per 1.000 kinderen (0-17 jaar, geschat)", fontsize=fs)
    ax.tick_params(labelsize=fs - 1)
    ax.set_ylim(0, max(hoog, *(w for _, w in bekend), 1) * 1.15)
    ax.set_title("Registraties zijn geen prevalentie", fontsize=fs + 4)
    onder.set_axis_off()
    handles, labels = ax.get_legend_handles_labels()
    onder.legend(handles, labels, fontsize=fs - 1, loc="upper left", frameon=False)
    if bron:
        # The source travels with the picture, also when it is copied into slides.
        onder.text(
            0.0,
            0.0,
            textwrap.fill(bron, 120 if groot else 110),
            fontsize=fs - 3,
            va="bottom",
            ha="left",
            transform=onder.transAxes,
        )
    return fig


# --- text alternatives (WCAG 1.1.1): the same figures as the picture, in words -----------


def _datum(d) -> str:
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def kaart_alt(wijken, signaalcodes: Sequence[str], titel: str) -> str:
    """What the step-1 map shows: how many wijken, and which are hatched with which number."""
    nummers = kaart_nummers(wijken, signaalcodes)
    tekst = f"Kaart: {titel}, {len(wijken)} wijken."
    if nummers:
        tekst += (
            f" Gearceerd en genummerd ({len(nummers)}), omdat meerdere cijfers op extra "
            "aandacht wijzen: " + "; ".join(f"{nr} {naam}" for nr, _c, naam in nummers) + "."
        )
    else:
        tekst += " Geen wijk heeft meerdere signalen."
    return f"{tekst} {KAART_BRON}."


def monitor_alt(indicator: Indicator, titel: str) -> str:
    """The monitor chart in words: baseline, each measurement, target (counts < 5 hidden)."""
    eenheid = indicator.eenheid
    delen = [f"Grafiek: {titel} ({eenheid or 'waarde'})."]
    if indicator.nulmeting is not None:
        op = f" op {_datum(indicator.nulmeting_datum)}" if indicator.nulmeting_datum else ""
        delen.append(f"Nulmeting {toon_waarde(indicator.nulmeting, eenheid)}{op}.")
    if indicator.metingen:
        delen.append(
            "Gemeten: "
            + "; ".join(
                f"{_datum(m.datum)}: {toon_waarde(m.waarde, eenheid)}" for m in indicator.metingen
            )
            + "."
        )
    else:
        delen.append("Nog geen metingen.")
    if indicator.streefwaarde is not None:
        op = f" op {_datum(indicator.streefdatum)}" if indicator.streefdatum else ""
        delen.append(f"Streefwaarde {toon_waarde(indicator.streefwaarde, eenheid)}{op}.")
    if indicator.bron:
        delen.append(f"Bron: {indicator.bron}.")
    return " ".join(delen)


def registratie_alt(rijen: Sequence[RegistratieVsPrevalentie], bron: str = "") -> str:
    """The registration chart in words: every bar and the prevalence band and line."""
    if not rijen:
        return "Grafiek: registraties zijn geen prevalentie. Geen gegevens."
    laag, hoog, alink = _verwacht(rijen)
    balken = "; ".join(
        f"{r.gemeente} ({r.jaar}): {'niet gemeld' if w is None else toon_getal(w)}"
        for r, w in zip(rijen, _geregistreerd(rijen), strict=True)
    )
    tekst = (
        "Staafgrafiek: registraties zijn geen prevalentie. AMK-onderzoeken per 1.000 kinderen "
        f"onder 20: {balken}. Verwacht volgens prevalentieonderzoek: {toon_getal(laag)} tot "
        f"{toon_getal(hoog)} per 1.000; volgens Alink e.a. 2011: {toon_getal(alink, 0)} per 1.000."
    )
    return f"{tekst} {bron}".strip()
