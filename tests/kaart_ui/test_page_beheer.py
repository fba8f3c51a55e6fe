"""AppTest of the beheer page: login, roles, waiting times, conflicts, queues, export."""

from __future__ import annotations

import pytest
from kaartvoorbeeld import XSS, store_voorbeeld
from streamlit.testing.v1 import AppTest

from planner import accounts
from planner.kaart import beheer, repository
from planner.settings import PROJECT_ROOT, Settings
from planner.store import open_store

APP = str(PROJECT_ROOT / "app.py")
WACHTWOORD = "een lang geheim wachtwoord"


@pytest.fixture(autouse=True)
def _clear_caches():
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture
def engine(tmp_path, monkeypatch):
    """The page's store with the test kaart and two accounts (a beheerder, the CJG)."""
    monkeypatch.setenv("PREVENTIEKAART_HOME", str(tmp_path))
    monkeypatch.setenv("PREVENTIEKAART_TILES", "geen")
    monkeypatch.setenv("PREVENTIEKAART_DATA_DIR", str(tmp_path / "geen-cbs"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = Settings.from_env().database_url
    store_voorbeeld(url)
    eng = open_store(url)
    accounts.create_account(eng, "gemeente", WACHTWOORD, "beheerder")
    accounts.create_account(eng, "cjg", WACHTWOORD, "organisatie", "org-cjg")
    yield eng
    eng.dispose()


def _page(account: accounts.Account | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if account is not None:
        at.session_state["account"] = account
    at.run()
    at.switch_page("pages/beheer.py").run()
    assert not at.exception
    return at


def _login(engine, naam: str) -> accounts.Account:
    return accounts.login(engine, naam, WACHTWOORD).account


def _tab_labels(at: AppTest) -> list[str]:
    return [t.label for t in at.tabs]


def test_login_form_refuses_wrong_password_and_accepts_right_one(engine):
    at = _page()
    assert [t.label for t in at.text_input] == ["Naam", "Wachtwoord"]
    at.text_input(key="login_naam").input("cjg")
    at.text_input(key="login_wachtwoord").input("fout fout fout")
    at.button[0].click().run()
    assert any("klopt niet" in e.value for e in at.error)
    assert "account" not in at.session_state
    # Straight away again, even with the right password: slowed down, with the same
    # message (it must not tell that this account exists and is waiting).
    at.text_input(key="login_wachtwoord").input(WACHTWOORD)
    at.button[0].click().run()
    assert any("klopt niet" in e.value for e in at.error)
    assert "account" not in at.session_state
    at = _page()
    at.text_input(key="login_naam").input("gemeente")
    at.text_input(key="login_wachtwoord").input(WACHTWOORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["account"].naam == "gemeente"
    assert "Meldingen" in _tab_labels(at)


def test_session_ends_after_a_password_change(engine):
    account = _login(engine, "gemeente")
    accounts.set_password(engine, "gemeente", WACHTWOORD + " nieuw")
    at = _page(account)
    assert "account" not in at.session_state
    assert any("Log opnieuw in" in w.value for w in at.warning)
    assert [t.label for t in at.text_input] == ["Naam", "Wachtwoord"]


def test_organisation_sees_only_its_own_services_and_no_admin_tabs(engine):
    at = _page(_login(engine, "cjg"))
    assert _tab_labels(at) == [
        "Wachttijd bijwerken",
        "Aanbod bewerken",
        "Niet gecontroleerd",
        "Wachtrij",
    ]
    assert at.selectbox(key="bewerk_id").options == [
        "Centrum voor Jeugd en Gezin Nissewaard (Organisatie)"
    ]


def test_organisation_waiting_time_waits_for_approval(engine):
    at = _page(_login(engine, "cjg"))
    at.number_input(key="wt_weken").set_value(4.0)
    (submit,) = [b for b in at.button if b.proto.form_id == "wachttijd_form"]
    submit.click().run()
    assert not at.exception
    assert any("wacht op goedkeuring" in s.value for s in at.success)
    assert repository.waiting_time_history(engine, "sal-loc-cjg")[0].weken == 1  # unchanged
    (change,) = beheer.pending_changes(engine)

    at = _page(_login(engine, "gemeente"))
    at.button(key=f"ok_{change.id}").click().run()
    assert not at.exception
    assert repository.waiting_time_history(engine, "sal-loc-cjg")[0].weken == 4
    assert beheer.pending_changes(engine) == []


def test_beheerder_waiting_time_applies_at_once(engine):
    at = _page(_login(engine, "gemeente"))
    at.selectbox(key="wt_sal").select("sal-loc-jot")
    at.number_input(key="wt_weken").set_value(9.0)
    (submit,) = [b for b in at.button if b.proto.form_id == "wachttijd_form"]
    submit.click().run()
    assert any(s.value == "Opgeslagen." for s in at.success)
    assert repository.waiting_time_history(engine, "sal-loc-jot")[0].weken == 9


def test_second_editor_gets_a_conflict_message(engine):
    at = _page(_login(engine, "gemeente"))
    at.selectbox(key="bewerk_id").select("cjg").run()
    # Someone else saves the same service after this editor opened the form.
    other = repository.get_service(engine, "cjg")
    from dataclasses import replace

    repository.save_service(engine, replace(other, description="x"), wie="collega")
    at.text_input(key="b_naam_cjg").input("CJG nieuw")
    (submit,) = [b for b in at.button if b.proto.form_id == "bewerk_cjg"]
    submit.click().run()
    assert not at.exception
    assert any("intussen gewijzigd door collega" in e.value for e in at.error)
    assert repository.get_service(engine, "cjg").name == "Centrum voor Jeugd en Gezin Nissewaard"
    # After reloading, the edit goes through.
    at.button(key="herlaad_cjg").click().run()
    at.text_input(key="b_naam_cjg").input("CJG nieuw")
    (submit,) = [b for b in at.button if b.proto.form_id == "bewerk_cjg"]
    submit.click().run()
    assert any(s.value == "Opgeslagen." for s in at.success)
    assert repository.get_service(engine, "cjg").name == "CJG nieuw"


def test_reports_are_listed_escaped_and_can_be_closed(engine):
    beheer.report_incorrect(engine, "vt", "Veilig Thuis", XSS)
    at = _page(_login(engine, "gemeente"))
    shown = "\n".join(m.value for m in at.markdown)
    assert "<script" not in shown and "&lt;script" in shown
    (melding,) = beheer.open_reports(engine)
    at.button(key=f"klaar_{melding.id}").click().run()
    assert beheer.open_reports(engine) == []


def test_not_verified_list_and_exports(engine):
    at = _page(_login(engine, "gemeente"))
    at.number_input(key="maanden").set_value(1).run()
    assert any("8 items" in m.value for m in at.markdown)
    downloads = at.get("download_button")
    assert len(downloads) == 3


def test_entries_without_contact_are_a_data_quality_item(tmp_path, monkeypatch):
    """The shipped sample has three overleggen nobody can call: the beheerder sees exactly those."""
    from planner.kaart.voorbeeld import seed_if_empty

    monkeypatch.setenv("PREVENTIEKAART_HOME", str(tmp_path))
    monkeypatch.setenv("PREVENTIEKAART_DATA_DIR", str(tmp_path / "geen-cbs"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    eng = open_store(Settings.from_env().database_url)
    seed_if_empty(eng)
    accounts.create_account(eng, "gemeente", WACHTWOORD, "beheerder")
    at = _page(_login(eng, "gemeente"))
    (tabel,) = [d.value for d in at.dataframe if list(d.value.columns) == ["aanbod", "organisatie"]]
    assert sorted(tabel["organisatie"]) == [
        "Jeugdbeschermingsplein (JBP)",
        "Lokaal Team Huiselijk Geweld (LTHG)",
        "Zorg Advies Team (ZAT)",
    ]
    assert any("3 items hebben geen telefoon" in m.value for m in at.markdown)
    eng.dispose()
