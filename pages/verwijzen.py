"""Waar verwijs ik naar? Filters, results as list and map, and a verwijskaart to hand over."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

import streamlit as st

import ui
from planner.gebieden import keuze_naam
from planner.kaart import beheer, contact, kaartlaag, verwijskaart
from planner.kaart.model import Preventieniveau, Probleemgebied, Toegang, Trede
from planner.kaart.search import (
    VOORBEELD_LABEL,
    Zoekvraag,
    alternatief_tekst,
    alternatives,
    bedoelt_u,
    heeft_lange_wachttijd,
    label_tekst,
    markdown_tekst,
    search,
    treffers_voor,
    voorbeeld_melding,
    wijken_in,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAX_IN_LIJST = 50
MAX_OP_KAART = 500  # more markers make the page slow to send and to draw
SORTERING = {
    "wachttijd": "Kortste wachttijd eerst",
    "afstand": "Dichtstbij eerst (kies een punt op de kaart)",
    "naam": "Naam (A-Z)",
    "relevantie": "Beste match met de zoekwoorden",
}

st.title("Waar verwijs ik naar?")
# 112 and Veilig Thuis stand in the help bar above every page (ui.sidebar), with tel: links.

s = ui.settings()
engine = ui.kaart_engine()
index, voorbeeld = ui.kaart_index()
gemeente_keuzes, taal_keuzes, taalnamen = ui.kaart_keuzes()
nu = datetime.now(AMSTERDAM)
vandaag = nu.date()

voorbeeld_tekst = voorbeeld_melding(index) if voorbeeld else None
if voorbeeld_tekst:
    st.warning(voorbeeld_tekst, icon=":material/info:")
if len(index) == 0:
    st.info("De sociale kaart is nog leeg. Een beheerder kan aanbod importeren bij Beheer.")

st.session_state.setdefault(verwijskaart.GEKOZEN, [])
namen, wijken_per_gemeente = ui.gebiedsnamen()
_naam = partial(keuze_naam, namen)


def _meerkeuze(label: str, soort: type, key: str) -> list:
    return st.multiselect(
        label, list(soort), format_func=lambda m: m.label, key=key, placeholder="Kies een of meer"
    )


# --- filters ---------------------------------------------------------------------------
tekst = st.text_input(
    "Zoek op woord",
    key="tekst",
    placeholder="bijvoorbeeld: opvoeden, schulden, huiselijk geweld",
    help=(
        "Typefouten, meervouden, samenstellingen en gewone woorden mogen: 'opvoedprobleem', "
        "'geldzorgen', 'ruzie thuis' of een interventie als 'Triple P'."
    ),
)
c1, c2, c3 = st.columns(3)
with c1:
    gemeente = st.selectbox("Gemeente", ["", *gemeente_keuzes], format_func=_naam, key="gemeente")
    wijkcodes = wijken_per_gemeente.get(gemeente) or wijken_in(index, gemeente) if gemeente else []
    wijk = st.selectbox("Wijk", ["", *sorted(wijkcodes)], format_func=_naam, key="wijk")
    rond_punt = st.checkbox(
        "Zoek rond een punt op de kaart",
        key="rond_punt",
        help="Klik op de kaart om het punt te kiezen. Zonder muis: kies een gemeente of wijk.",
    )
    straal = st.slider("Straal rond het punt (km)", 1, 50, 10, key="straal")
with c2:
    leeftijd = st.number_input(
        "Leeftijd van het kind in jaren (0,5 is zes maanden)",
        min_value=0.0,
        max_value=30.0,
        value=None,
        step=0.5,
        key="leeftijd",
    )
    probleem = _meerkeuze("Probleem", Probleemgebied, "probleem")
    toegang = _meerkeuze("Toegang", Toegang, "toegang")
    max_wacht = st.number_input(
        "Maximale wachttijd in weken",
        min_value=0.0,
        max_value=104.0,
        value=None,
        step=1.0,
        key="max_wacht",
        help="Aanbod zonder actuele wachttijd valt dan weg.",
    )
with c3:
    treden = _meerkeuze("Trede", Trede, "trede")
    niveaus = _meerkeuze("Preventieniveau", Preventieniveau, "niveau")
    taal = st.selectbox(
        "Taal",
        ["", *taal_keuzes],
        format_func=lambda c: taalnamen.get(c, c) if c else "Alle",
        key="taal",
    )
    gratis = st.checkbox("Alleen gratis", key="gratis")
    open_nu = st.checkbox("Nu open", key="open_nu")
    altijd = st.checkbox("Dag en nacht bereikbaar (24/7)", key="altijd")
sorteer = st.selectbox(
    "Sorteer op", list(SORTERING), format_func=SORTERING.__getitem__, key="sorteer"
)

punt = st.session_state.get("punt") if rond_punt else None
vraag = Zoekvraag(
    tekst=tekst,
    gemeente=gemeente or None,
    wijk=wijk or None,
    punt=punt,
    straal_km=float(straal) if punt else None,
    leeftijd=leeftijd,
    probleemgebieden=tuple(probleem),
    treden=tuple(treden),
    preventieniveaus=tuple(niveaus),
    toegang=tuple(toegang),
    alleen_gratis=gratis,
    taal=taal or None,
    open_op=nu.replace(tzinfo=None) if open_nu else None,
    alleen_24_7=altijd,
    max_wachttijd_weken=max_wacht,
    sorteer=sorteer,
)
treffers = search(index, vraag, vandaag, s.wachttijd_max_dagen)
if rond_punt and punt is None:
    st.caption("Klik op de kaart om het punt te kiezen; tot dan zoekt u zonder straal.")


# --- results -------------------------------------------------------------------------
st.subheader(f"{len(treffers)} resultaten", anchor=False)
lijst, kaart = st.columns([3, 2])
with lijst:
    if not treffers:
        st.write("Geen aanbod gevonden. Maak de filters ruimer, of bel Veilig Thuis: 0800-2000.")
        voorstellen = bedoelt_u(index, tekst) if tekst.strip() else []
        if voorstellen:
            st.markdown("**Bedoelt u …?**")
            for i, voorstel in enumerate(voorstellen):
                st.button(
                    voorstel,
                    key=f"bedoelt_{i}",
                    on_click=st.session_state.__setitem__,
                    args=("tekst", voorstel),
                    help=f"Zoek op '{voorstel}'",
                )
    if len(treffers) > MAX_IN_LIJST:
        st.caption(f"De eerste {MAX_IN_LIJST} staan hieronder; verfijn de filters voor de rest.")
    for t in treffers[:MAX_IN_LIJST]:
        d = t.dienst
        sv = d.service
        with st.container(border=True):
            st.markdown(f"**{markdown_tekst(sv.name)}**  \n{markdown_tekst(d.organisation.name)}")
            if t.voorbeeld:
                st.caption(
                    f"{VOORBEELD_LABEL}: een voorbeeld, geen echt aanbod. De wachttijd is "
                    "geen echte meting."
                )
            st.markdown("  \n".join(contact.naar_markdown(contact.kaartregels(t))))
            if heeft_lange_wachttijd(t):
                # Same child, same problem, serving the family's area, a current shorter wait.
                alt = alternatives(index, t, vandaag, s.wachttijd_max_dagen, vraag=vraag)
                if alt:
                    st.markdown("Kortere wachttijd in de buurt, voor hetzelfde kind en probleem:")
                for a in alt:
                    st.markdown("- " + markdown_tekst(alternatief_tekst(a, namen)))
                    if a.id in st.session_state[verwijskaart.GEKOZEN]:
                        st.caption(f"{markdown_tekst(a.naam)} staat op de verwijskaart.")
                    else:
                        st.button(
                            f"Zet {label_tekst(a.naam)} op de verwijskaart",
                            key=f"alt_{sv.id}_{a.id}",
                            on_click=verwijskaart.kies,
                            args=(st.session_state, a.id),
                        )
            naam_md = label_tekst(sv.name)  # no escapes a screen reader would read out
            # The name is in every label, so a screen reader's list of controls says which
            # result each checkbox and report form belongs to.
            st.checkbox(
                f"Zet {naam_md} op de verwijskaart",
                value=sv.id in st.session_state[verwijskaart.GEKOZEN],
                key=f"kies_{sv.id}",
                on_change=verwijskaart.wissel,
                args=(st.session_state, sv.id),
            )
            # The report form is drawn only while its expander is open: 50 closed forms
            # cost nothing, 50 drawn text areas make every rerun of the list slow.
            melden = st.expander(
                f"Meld onjuiste informatie over {naam_md}",
                key=f"meldopen_{sv.id}",
                on_change="rerun",
            )
            if not melden.open:
                continue
            with melden, st.form(f"meld_{sv.id}", clear_on_submit=True):
                melding = st.text_area(
                    "Wat klopt er niet? Schrijf geen gegevens over een gezin of cliënt.",
                    key=f"meldtekst_{sv.id}",
                    max_chars=beheer.MAX_MELDING,
                )
                if st.form_submit_button(f"Melding over {naam_md} versturen"):
                    try:
                        beheer.report_incorrect(engine, sv.id, sv.name, melding)
                        st.success("Dank u. De beheerder van de sociale kaart kijkt ernaar.")
                    except ValueError as exc:
                        st.error(str(exc))

with kaart:
    if ui.map_assets_ok():
        m = kaartlaag.result_map(
            ui.resultaat_markers(treffers[:MAX_OP_KAART], vandaag, s.wachttijd_max_dagen),
            tiles=s.tiles,
            punt=punt,
            straal_km=float(straal) if punt else None,
        )
        if len(treffers) > MAX_OP_KAART:
            st.caption(f"De kaart toont de eerste {MAX_OP_KAART} resultaten.")
        # Only a point search needs the click; otherwise panning or clicking reruns nothing.
        returned = ui.folium_map(
            m,
            key="resultatenkaart",
            height=520,
            returned_objects=("last_clicked",) if rond_punt else (),
        )
        gekozen_punt = kaartlaag.clicked_point(returned)
        if gekozen_punt and rond_punt and gekozen_punt != st.session_state.get("punt"):
            st.session_state["punt"] = gekozen_punt
            st.rerun()
        st.caption(
            "Alle resultaten staan ook in de lijst. Een adres dat geheim is (vrouwenopvang) "
            "staat niet op de kaart."
        )

# --- verwijskaart --------------------------------------------------------------------
st.subheader("Verwijskaart", anchor=False)
gekozen = treffers_voor(
    index, st.session_state[verwijskaart.GEKOZEN], vandaag, s.wachttijd_max_dagen, punt=punt
)
if not gekozen:
    st.write("Vink bij een resultaat 'Zet … op de verwijskaart' aan om het op de kaart te zetten.")
else:
    st.markdown(verwijskaart.gekozen_markdown(gekozen))
    st.caption(verwijskaart.GEEN_GEZINSGEGEVENS + " Voeg zelf geen namen of notities toe.")
    kaart_items = verwijskaart.items(gekozen)
    k1, k2, k3 = st.columns(3)
    k1.download_button(
        "Download verwijskaart (afdrukbare pagina)",
        data=verwijskaart.to_html(kaart_items, vandaag),
        file_name="verwijskaart.html",
        mime="text/html",
        key="download_html",
    )
    k2.download_button(
        "Download verwijskaart (PDF)",
        # Made only on click (embedding and shaping the fonts takes a second or two), so
        # ticking a result does not slow every rerun of the page.
        data=lambda: verwijskaart.to_pdf(kaart_items, vandaag),
        file_name="verwijskaart.pdf",
        mime="application/pdf",
        key="download_pdf",
    )
    k3.button(
        "Verwijskaart leegmaken",
        key="leegmaken",
        on_click=verwijskaart.leeg,
        args=(st.session_state,),
    )
