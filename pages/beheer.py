"""Beheer of the sociale kaart: login, waiting times, edits, checks, queues, import/export."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial

import pandas as pd
import streamlit as st

import ui
from planner import accounts
from planner.kaart import beheer, contact, repository
from planner.kaart.io import ImportGeweigerd, commit_import, export_bytes, preview_import
from planner.kaart.model import Kosten, Toegang
from planner.kaart.search import markdown_tekst
from planner.kaart.velden import label

st.title("Beheer sociale kaart")
engine = ui.kaart_engine()
s = ui.settings()
vandaag = date.today()
account: accounts.Account | None = st.session_state.get("account")
if account is not None and accounts.actueel(engine, account) is None:
    # Password, role or organisation changed, or the account deleted: log in again.
    del st.session_state["account"]
    account = None
    st.warning("Uw account is gewijzigd of verwijderd sinds u inlogde. Log opnieuw in.")

if account is None:
    st.write("Log in om de sociale kaart bij te werken.")
    with st.form("login"):
        naam = st.text_input("Naam", key="login_naam")
        wachtwoord = st.text_input("Wachtwoord", type="password", key="login_wachtwoord")
        if st.form_submit_button("Inloggen"):
            resultaat = accounts.login(engine, naam, wachtwoord)
            if resultaat.gelukt:
                st.session_state["account"] = resultaat.account
                st.rerun()
            st.error(resultaat.melding)
    st.caption(
        "Nog geen account? De gemeente maakt het aan met "
        "`python -m planner.accounts create NAAM --role beheerder|organisatie`."
    )
    st.stop()

rol = "beheerder" if account.is_beheerder else f"organisatie {account.organisatie_id}"
st.write(f"Ingelogd als **{markdown_tekst(account.naam)}** ({markdown_tekst(rol)}).")
if st.button("Uitloggen", key="uitloggen"):
    del st.session_state["account"]
    st.rerun()
if not account.is_beheerder:
    st.info("Uw wijzigingen worden zichtbaar nadat een beheerder van de gemeente ze goedkeurt.")

alle = repository.list_services(engine)
eigen = [d for d in alle if accounts.may_edit(account, d.service.organization_id)]
apply = beheer.make_apply(engine)


def _tekst(
    w: dict, sid: str, veld: str, sleutel: str, vlak: bool = False, label_van: str = ""
) -> str:
    """A field of the edit form; its key starts with ``b_`` so a reload can clear it."""
    invoer = st.text_area if vlak else st.text_input
    return invoer(label(label_van or veld), value=w[veld] or "", key=f"b_{sleutel}_{sid}")


def _keuze(w: dict, sid: str, veld: str, soort: type[Toegang] | type[Kosten]) -> str:
    opties = ["", *(x.value for x in soort)]
    return st.selectbox(
        label(veld),
        opties,
        index=opties.index(w[veld] or ""),
        format_func=lambda v: soort(v).label if v else "onbekend",
        key=f"b_{veld}_{sid}",
    )


def _leeftijd(w: dict, sid: str, veld: str, sleutel: str) -> float | None:
    return st.number_input(
        label(veld),
        min_value=0.0,
        max_value=120.0,
        value=w[veld],
        step=0.5,
        key=f"b_{sleutel}_{sid}",
    )


namen = ["Wachttijd bijwerken", "Aanbod bewerken", "Niet gecontroleerd", "Wachtrij"]
if account.is_beheerder:
    namen += ["Meldingen", "Importeren", "Exporteren"]
tabs = dict(zip(namen, st.tabs(namen), strict=True))

# --- wachttijd bijwerken ---------------------------------------------------------------
with tabs["Wachttijd bijwerken"]:
    vestigingen = {v.service_at_location.id: (d, v) for d in eigen for v in d.vestigingen}
    if not vestigingen:
        st.write("Er is nog geen aanbod met een locatie om een wachttijd voor in te vullen.")
    else:
        with st.form("wachttijd_form", clear_on_submit=False):
            sal_id = st.selectbox(
                "Aanbod en locatie",
                list(vestigingen),
                format_func=lambda i: beheer.vestiging_label(
                    *vestigingen[i], vandaag, s.wachttijd_max_dagen
                ),
                key="wt_sal",
            )
            weken = st.number_input(
                "Wachttijd in weken", min_value=0.0, max_value=520.0, step=1.0, key="wt_weken"
            )
            peildatum = st.date_input(
                "Peildatum (wanneer gold deze wachttijd?)",
                value=vandaag,
                max_value=vandaag,
                format="DD-MM-YYYY",
                key="wt_peildatum",
            )
            if st.form_submit_button("Wachttijd opslaan"):
                d, v = vestigingen[sal_id]
                try:
                    status, _ = beheer.route_change(
                        engine,
                        account,
                        "wachttijd",
                        d.service.id,
                        d.service.organization_id,
                        beheer.wachttijd_gegevens(sal_id, weken, peildatum),
                        apply,
                    )
                    st.success(beheer.UITKOMST[status])
                except (ValueError, repository.NietGevonden) as exc:
                    st.error(str(exc))

# --- aanbod bewerken -------------------------------------------------------------------
with tabs["Aanbod bewerken"]:
    diensten = {d.service.id: d for d in eigen}
    if not diensten:
        st.write("Er is geen aanbod dat u mag bewerken.")
    else:
        sid = st.selectbox(
            "Aanbod",
            list(diensten),
            format_func=lambda i: f"{diensten[i].service.name} ({diensten[i].organisation.name})",
            key="bewerk_id",
        )
        huidig = diensten[sid].service
        # The version the editor started from: a save against a newer one is a conflict.
        basis = st.session_state.setdefault("bewerk_basis", {})
        basis.setdefault(sid, huidig.versie)
        gezien = replace(huidig, versie=basis[sid])
        w = beheer.service_values(huidig)
        with st.form(f"bewerk_{sid}"):
            nieuw = {
                "name": _tekst(w, sid, "name", "naam"),
                "description": _tekst(w, sid, "description", "beschr", vlak=True),
                "application_process": _tekst(w, sid, "application_process", "aanmelden", True),
                "telefoon": _tekst(w, sid, "telefoon", "tel", label_van="phones"),
                "email": _tekst(w, sid, "email", "mail"),
                "url": _tekst(w, sid, "url", "url"),
                "toegang": _keuze(w, sid, "toegang", Toegang),
                "kosten": _keuze(w, sid, "kosten", Kosten),
                "leeftijd_min": _leeftijd(w, sid, "leeftijd_min", "min"),
                "leeftijd_max": _leeftijd(w, sid, "leeftijd_max", "max"),
                "doelgroep": _tekst(w, sid, "doelgroep", "doelgroep"),
            }
            gecontroleerd = st.checkbox(
                "Ik heb alle gegevens gecontroleerd (controledatum wordt vandaag)",
                key=f"b_gecontroleerd_{sid}",
            )
            if st.form_submit_button("Opslaan"):
                if gecontroleerd:
                    nieuw["assured_date"] = vandaag.isoformat()
                gegevens = beheer.service_change(gezien, {**w, **nieuw})
                try:
                    status, _ = beheer.route_change(
                        engine,
                        account,
                        "service",
                        sid,
                        huidig.organization_id,
                        gegevens,
                        apply,
                    )
                    basis.pop(sid, None)
                    st.success(beheer.UITKOMST[status])
                except repository.Conflict as exc:
                    st.error(str(exc))
                except ValueError as exc:
                    st.error(f"Niet opgeslagen: {exc}")
        if st.button("Laad de nieuwste gegevens", key=f"herlaad_{sid}"):
            basis.pop(sid, None)
            for key in [k for k in st.session_state if str(k).startswith("b_")]:
                del st.session_state[key]
            st.rerun()

# --- niet gecontroleerd ----------------------------------------------------------------
with tabs["Niet gecontroleerd"]:
    maanden = st.number_input(
        "Niet gecontroleerd in de laatste … maanden",
        min_value=1,
        max_value=60,
        value=12,
        key="maanden",
    )
    oud = beheer.not_verified(eigen, vandaag, int(maanden))
    st.write(f"{len(oud)} items zijn langer dan {int(maanden)} maanden niet gecontroleerd.")
    if oud:
        st.dataframe(
            pd.DataFrame([beheer.overzicht_rij(d, met_controle=True) for d in oud]), hide_index=True
        )
    zonder = contact.zonder_contact(eigen)
    st.subheader("Contactgegevens ontbreken", anchor=False)
    st.write(
        f"{len(zonder)} items hebben geen telefoon, e-mail, website, bezoekadres of openbare "
        "contactroute. Gebruikers zien daar 'contactgegevens ontbreken'."
    )
    if zonder:
        st.dataframe(
            pd.DataFrame([beheer.overzicht_rij(d) for d in zonder]),
            hide_index=True,
            key="zonder_contact",
        )

# --- wachtrij --------------------------------------------------------------------------
with tabs["Wachtrij"]:
    namen_per_id = {d.service.id: d.service.name for d in alle}
    wachtend = beheer.pending_changes(engine, account)
    if not wachtend:
        st.write("Er wachten geen wijzigingen op goedkeuring.")
    for c in wachtend:
        with st.container(border=True):
            st.markdown(
                f"**{markdown_tekst(beheer.wijziging_kop(c, namen_per_id))}**  \n"
                f"Ingediend door {markdown_tekst(c.ingediend_door)} op "
                f"{c.ingediend_op:%d-%m-%Y %H:%M}"
            )
            st.dataframe(pd.DataFrame(beheer.wijziging_tabel(c)), hide_index=True)
            if account.is_beheerder:
                reden = st.text_input("Reden bij afwijzen", key=f"reden_{c.id}")
                k1, k2 = st.columns(2)
                if k1.button("Goedkeuren", key=f"ok_{c.id}"):
                    try:
                        beheer.approve(engine, c.id, account, apply)
                        st.rerun()
                    except repository.Conflict as exc:
                        st.error(f"{exc} Wijs deze wijziging af en vraag een nieuwe aan.")
                    except (ValueError, repository.NietGevonden, accounts.AccountFout) as exc:
                        st.error(str(exc))
                if k2.button("Afwijzen", key=f"nee_{c.id}"):
                    try:
                        beheer.reject(engine, c.id, account, reden)
                        st.rerun()
                    except accounts.AccountFout as exc:
                        st.error(str(exc))

# --- meldingen -------------------------------------------------------------------------
if "Meldingen" in tabs:
    with tabs["Meldingen"]:
        meldingen = beheer.open_reports(engine)
        if not meldingen:
            st.write("Er zijn geen open meldingen.")
        for m in meldingen:
            with st.container(border=True):
                st.markdown(
                    f"**{markdown_tekst(m.service_naam)}** – gemeld op {m.gemeld_op:%d-%m-%Y}  \n"
                    f"{markdown_tekst(m.tekst)}"
                )
                if st.button("Afgehandeld", key=f"klaar_{m.id}"):
                    beheer.close_report(engine, m.id, account)
                    st.rerun()

# --- importeren ------------------------------------------------------------------------
if "Importeren" in tabs:
    with tabs["Importeren"]:
        st.write(
            "Importeer een CSV (komma of puntkomma), Excel (.xlsx), HSDS-JSON of een "
            "HSDS-tabelpakket (.zip met datapackage.json). U ziet eerst "
            "wat er verandert en welke rijen fouten hebben. Bij één fout wordt niets "
            "geïmporteerd."
        )
        upload = st.file_uploader(
            "Bestand met aanbod", type=["csv", "xlsx", "json", "zip"], key="upload"
        )
        if upload is not None:
            preview = preview_import(
                upload.getvalue(), upload.name, gebieden=ui.kaart_gebieden(), engine=engine
            )
            (st.success if preview.ok else st.error)(preview.samenvatting())
            if preview.fouten:
                st.dataframe(pd.DataFrame(preview.fouten_tabel()), hide_index=True)
            if preview.niet_bewaard:
                st.warning(preview.niet_bewaard_tekst()[0])
                st.dataframe(pd.DataFrame(preview.niet_bewaard_tabel()), hide_index=True)
            if preview.data.services:
                st.dataframe(pd.DataFrame(preview.tabel()).head(50), hide_index=True)
            if st.button("Importeren", key="importeer", disabled=not preview.ok):
                try:
                    res = commit_import(engine, preview, wie=account.naam)
                    st.success(res.tekst())
                except ImportGeweigerd as exc:
                    st.error("Niets geïmporteerd.")
                    st.dataframe(
                        pd.DataFrame([{"melding": str(f)} for f in exc.fouten]), hide_index=True
                    )

# --- exporteren ------------------------------------------------------------------------
if "Exporteren" in tabs:
    with tabs["Exporteren"]:
        st.write("Openbare export: geheime adressen (vrouwenopvang) staan er nooit in.")
        # Made on click, from the kaart as it is then: not three exports on every rerun.
        for kolom, (formaat, soort, naam, mime) in zip(st.columns(3), beheer.EXPORTS, strict=True):
            kolom.download_button(
                f"Download {soort}",
                data=partial(lambda f: export_bytes(repository.load_kaart(engine), f), formaat),
                file_name=naam,
                mime=mime,
                key=f"export_{formaat}",
            )
