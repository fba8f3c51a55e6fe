"""Zorgen over een kind? The meldcode route per beroepsgroep, ending in local help or a melding.

Only choices from lists (beroep, ja/nee, gemeente, leeftijd, probleem): there is no text
field, so nothing about a child or family can reach the store, the log or a cookie.
"""

from __future__ import annotations

from datetime import date
from functools import partial

import streamlit as st

import ui
from planner import meldcode
from planner.gebieden import keuze_naam
from planner.kaart import contact
from planner.kaart.model import Probleemgebied
from planner.kaart.search import VOORBEELD_LABEL, markdown_tekst

MAX_AANBOD = 10

st.title("Zorgen over een kind?")
st.markdown(
    "Maakt u zich als professional zorgen over de veiligheid van een kind? Hier staan de "
    "stappen van de meldcode, de afwegingsvragen en wie u nu belt. U vult hier niets in over "
    "het kind of het gezin, en deze pagina bewaart niets."
)

try:
    mc = meldcode.laad()
except meldcode.MeldcodeFout as exc:
    st.error(
        f"De route kan nu niet worden getoond. {exc} Bel bij twijfel Veilig Thuis: "
        "[0800-2000](tel:08002000). Bij acuut gevaar: [112](tel:112)."
    )
    st.stop()

# --- wie bel ik nu? -------------------------------------------------------------------
st.subheader("Wie belt u nu?", anchor=False)
for b in mc.bellen:
    nummer = f" [{b.nummer}]({contact.tel_link(b.nummer)})" if b.nummer else ""
    st.markdown(f"**{b.wie}**{nummer}  \n{b.wanneer}")

# --- beroepsgroep ---------------------------------------------------------------------
groepen = {g.id: g for g in mc.beroepsgroepen}
beroep = st.selectbox(
    "Wat is uw beroep?",
    list(groepen),
    format_func=lambda i: groepen[i].naam,
    key="zorgen_beroep",
    help="Het afwegingskader verschilt per beroepsgroep. Kies de groep die het best past.",
)
groep = groepen[beroep]
with st.container(border=True):
    st.markdown("**Let op bij uw beroep**")
    st.markdown("\n".join(f"- {tekst}" for tekst in groep.bijzonder))

# --- de vijf stappen ------------------------------------------------------------------
st.subheader("De vijf stappen van de meldcode", anchor=False)
for s in mc.stappen:
    extra = f"  \nOverleg in uw beroep met: {groep.overleg}." if s.nummer == 2 else ""
    st.markdown(f"**Stap {s.nummer}. {s.titel}**  \n{s.uitleg}{extra}")

with st.expander(mc.kindcheck.titel, expanded=groep.kindcheck):
    st.markdown(mc.kindcheck.uitleg)
    st.markdown("\n".join(f"- {v}" for v in mc.kindcheck.vragen))
    st.markdown(mc.kindcheck.vervolg)

# --- afwegingsvragen (stap 4 en 5) ----------------------------------------------------
st.subheader("Stap 4 en 5: de vijf afwegingsvragen", anchor=False)
st.caption("Beantwoord de vragen na stap 1 tot en met 3. Twijfelt u? Bel Veilig Thuis.")
antwoorden: list[bool | None] = []
positie = meldcode.route(mc, antwoorden)
while positie.vraag is not None:
    v = positie.vraag
    keuze = st.radio(
        f"Vraag {v.nummer}. {v.vraag}",
        ["ja", "nee"],
        format_func=str.capitalize,
        index=None,
        horizontal=True,
        key=f"afweging_{v.nummer}",
    )
    st.caption(v.uitleg)
    antwoorden.append(None if keuze is None else keuze == "ja")
    positie = meldcode.route(mc, antwoorden)
    if keuze is None:
        break

uitkomst = positie.uitkomst
if uitkomst is not None:
    tekst = f"**{uitkomst.titel}**  \n{uitkomst.uitleg}"
    if uitkomst.id == "melden":
        st.error(tekst + "  \n[Bel Veilig Thuis: 0800-2000](tel:08002000)", icon=":material/call:")
    elif uitkomst.id == "hulp":
        st.success(tekst, icon=":material/diversity_1:")
    else:
        st.info(tekst)

# --- passend aanbod uit de sociale kaart ----------------------------------------------
if uitkomst is not None and uitkomst.id == "hulp":
    st.subheader("Passend aanbod in de buurt", anchor=False)
    index, _ = ui.kaart_index()
    namen, _ = ui.gebiedsnamen()
    c1, c2 = st.columns(2)
    gemeente = c1.selectbox(
        "Gemeente",
        ["", *ui.kaart_keuzes()[0]],
        format_func=partial(keuze_naam, namen),
        key="zorgen_gemeente",
    )
    leeftijd = c2.number_input(
        "Leeftijd van het kind in jaren",
        min_value=0.0,
        max_value=23.0,
        value=None,
        step=0.5,
        key="zorgen_leeftijd",
    )
    probleem = st.multiselect(
        "Waar helpt de hulp bij?",
        list(Probleemgebied),
        default=list(groep.probleemgebieden),
        format_func=lambda m: m.label,
        key="zorgen_probleem",
    )
    treffers = meldcode.lokaal_aanbod(
        index,
        gemeente=gemeente or None,
        leeftijd=leeftijd,
        probleemgebieden=probleem,
        vandaag=date.today(),
        max_dagen=ui.settings().wachttijd_max_dagen,
    )
    st.write(f"{len(treffers)} passend aanbod gevonden, kortste wachttijd eerst.")
    for t in treffers[:MAX_AANBOD]:
        with st.container(border=True):
            d = t.dienst
            st.markdown(
                f"**{markdown_tekst(d.service.name)}**  \n{markdown_tekst(d.organisation.name)}"
            )
            if t.voorbeeld:
                st.caption(f"{VOORBEELD_LABEL}: een voorbeeld, geen echt aanbod.")
            regels = contact.naar_markdown(
                contact.contactregels(d.service, d.organisation, t.locatie)
            )
            wacht = t.wachttijd.tekst() if t.wachttijd else "onbekend, vraag het na"
            regels.append("Wachttijd: " + markdown_tekst(wacht))
            st.markdown("  \n".join(regels))
    if not treffers:
        st.write(
            "Geen passend aanbod gevonden. Kies minder problemen of een andere gemeente, of "
            "bel Veilig Thuis voor advies: [0800-2000](tel:08002000)."
        )
    st.page_link(
        "pages/verwijzen.py",
        label="Meer zoeken en een verwijskaart maken",
        icon=":material/search:",
    )

# --- bronnen --------------------------------------------------------------------------
st.subheader("Bronnen", anchor=False)
st.markdown(
    "\n".join(f"- {b.titel}. {b.uitgever}: <{b.url}>" for b in mc.bronnen)
    + "\n\nDe tekst op deze pagina is in eigen woorden geschreven. Bij verschil geldt de "
    "meldcode van uw eigen organisatie."
)
