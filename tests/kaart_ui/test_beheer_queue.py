"""The approval queue for organisation changes and the "meld onjuiste informatie" queue."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from planner.accounts import Account, AccountFout
from planner.kaart import beheer
from planner.kaart.beheer import GeenToegang

T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
BEHEERDER = Account(1, "gemeente", "beheerder")
ORG_A = Account(2, "cjg", "organisatie", "org-a")
ORG_B = Account(3, "amw", "organisatie", "org-b")


class Recorder:
    """Stands in for the repository write so the queue logic is tested on its own."""

    def __init__(self, fail: Exception | None = None) -> None:
        self.calls: list[tuple[beheer.Wijziging, Account]] = []
        self.fail = fail

    def __call__(self, change: beheer.Wijziging, account: Account, **kw) -> None:
        if self.fail:
            raise self.fail
        self.calls.append((change, account))


def test_organisation_change_waits_until_a_beheerder_approves(engine):
    apply = Recorder()
    status, change = beheer.route_change(
        engine, ORG_A, "wachttijd", "svc-1", "org-a", {"weken": 6}, apply, now=T0
    )
    assert status == "in_wachtrij" and apply.calls == []
    assert [c.id for c in beheer.pending_changes(engine)] == [change.id]
    assert change.gegevens == {"weken": 6} and change.ingediend_door == "cjg"
    with pytest.raises(GeenToegang):
        beheer.approve(engine, change.id, ORG_A, apply)
    done = beheer.approve(engine, change.id, BEHEERDER, apply, now=T0)
    assert done.status == "goedgekeurd" and done.beoordeeld_door == "gemeente"
    assert apply.calls[0][0].gegevens == {"weken": 6}
    assert beheer.pending_changes(engine) == []
    with pytest.raises(AccountFout, match="al beoordeeld"):
        beheer.approve(engine, change.id, BEHEERDER, apply)


def test_beheerder_change_applies_at_once(engine):
    apply = Recorder()
    status, change = beheer.route_change(
        engine, BEHEERDER, "service", "svc-1", "org-b", {"naam": "Nieuw"}, apply
    )
    assert status == "toegepast" and change is None and len(apply.calls) == 1
    assert beheer.pending_changes(engine) == []


def test_organisation_cannot_touch_another_organisation(engine):
    with pytest.raises(GeenToegang):
        beheer.route_change(engine, ORG_B, "service", "svc-1", "org-a", {}, Recorder())
    with pytest.raises(GeenToegang):
        beheer.submit_change(engine, ORG_B, "wachttijd", "svc-1", "org-a", {"weken": 1})


def test_failed_apply_keeps_change_in_queue(engine):
    change = beheer.submit_change(engine, ORG_A, "service", "s", "org-a", {"naam": "x"})
    with pytest.raises(RuntimeError):
        beheer.approve(engine, change.id, BEHEERDER, Recorder(fail=RuntimeError("conflict")))
    assert [c.id for c in beheer.pending_changes(engine)] == [change.id]


def test_reject_and_visibility_per_organisation(engine):
    a = beheer.submit_change(engine, ORG_A, "service", "s1", "org-a", {"naam": "a"})
    b = beheer.submit_change(engine, ORG_B, "service", "s2", "org-b", {"naam": "b"})
    assert [c.id for c in beheer.pending_changes(engine, ORG_A)] == [a.id]
    assert {c.id for c in beheer.pending_changes(engine, BEHEERDER)} == {a.id, b.id}
    with pytest.raises(GeenToegang):
        beheer.reject(engine, a.id, ORG_A)
    rejected = beheer.reject(engine, a.id, BEHEERDER, "klopt niet")
    assert rejected.status == "afgewezen" and rejected.toelichting == "klopt niet"


def test_reports_land_in_queue_and_keep_text_as_typed(engine):
    xss = "<script>alert(1)</script> telefoon klopt niet"
    m = beheer.report_incorrect(engine, "svc-9", "CJG <b>", xss, now=T0)
    assert [r.tekst for r in beheer.open_reports(engine)] == [xss]
    with pytest.raises(GeenToegang):
        beheer.close_report(engine, m.id, ORG_A)
    closed = beheer.close_report(engine, m.id, BEHEERDER)
    assert closed.status == "afgehandeld" and beheer.open_reports(engine) == []


@pytest.mark.parametrize("tekst", ["", "   ", "x" * (beheer.MAX_MELDING + 1)])
def test_report_text_required_and_bounded(engine, tekst):
    with pytest.raises(ValueError):
        beheer.report_incorrect(engine, "s", "n", tekst)


# --- with the real repository ---------------------------------------------------------


def _store_with_service(engine):
    from planner.kaart import repository
    from planner.kaart.model import Location, Organisation, Service, ServiceAtLocation

    repository.save_organisation(engine, Organisation(id="org-a", name="CJG"), wie="test")
    repository.save_location(
        engine, Location(id="loc-1", name="CJG", organization_id="org-a"), wie="test"
    )
    repository.save_service(
        engine,
        Service(id="svc-1", organization_id="org-a", name="Opvoedspreekuur", description="oud"),
        wie="test",
    )
    repository.link_service_location(
        engine, ServiceAtLocation(id="sal-1", service_id="svc-1", location_id="loc-1"), wie="test"
    )
    return repository


def test_approved_waiting_time_reaches_the_kaart_with_its_author(engine):
    repository = _store_with_service(engine)
    gegevens = {"service_at_location_id": "sal-1", "weken": 5, "peildatum": "2026-11-20"}
    apply = beheer.make_apply(engine)
    status, change = beheer.route_change(
        engine, ORG_A, "wachttijd", "svc-1", "org-a", gegevens, apply
    )
    assert status == "in_wachtrij"
    assert repository.waiting_time_history(engine, "sal-1") == []
    beheer.approve(engine, change.id, BEHEERDER, apply)
    (wt,) = repository.waiting_time_history(engine, "sal-1")
    assert wt.weken == 5 and wt.gemeld_door == "cjg"
    assert any(
        "goedgekeurd door gemeente" in r.wie for r in repository.audit_trail(engine, "sal-1")
    )


def test_approval_of_a_stale_change_is_a_conflict_and_stays_queued(engine):
    from planner.kaart.repository import Conflict

    repository = _store_with_service(engine)
    apply = beheer.make_apply(engine)
    service = repository.get_service(engine, "svc-1")
    gegevens = beheer.service_change(service, {**beheer.service_values(service), "name": "Nieuw"})
    assert gegevens == {"name": "Nieuw", "versie": service.versie}
    change = beheer.submit_change(engine, ORG_A, "service", "svc-1", "org-a", gegevens)
    # The beheerder edits the same service directly in the meantime.
    beheer.route_change(
        engine,
        BEHEERDER,
        "service",
        "svc-1",
        "org-a",
        beheer.service_change(service, {"description": "door beheer"}),
        apply,
    )
    assert repository.get_service(engine, "svc-1").description == "door beheer"
    with pytest.raises(Conflict, match="intussen gewijzigd"):
        beheer.approve(engine, change.id, BEHEERDER, apply)
    assert [c.id for c in beheer.pending_changes(engine)] == [change.id]


def test_service_values_round_trip_through_apply():
    from datetime import date

    from planner.kaart.model import Kosten, Phone, Service, Toegang

    s = Service(
        id="s",
        organization_id="o",
        name="A",
        phones=(Phone("010-1"), Phone("010-2")),
        toegang=Toegang.WIJKTEAM,
        kosten=Kosten.GRATIS,
        assured_date=date(2026, 1, 2),
        versie=4,
    )
    waarden = beheer.service_values(s)
    assert beheer.apply_service_values(s, waarden) == s
    nieuw = beheer.apply_service_values(
        s, {"telefoon": "0800-2000", "toegang": "beschikking", "leeftijd_max": "12", "versie": 4}
    )
    assert [p.number for p in nieuw.phones] == ["0800-2000", "010-2"]
    assert nieuw.toegang is Toegang.BESCHIKKING and nieuw.leeftijd_max == 12.0


def test_not_verified_lists_old_and_missing_dates():
    from datetime import date

    from kaartvoorbeeld import dienst

    diensten = [
        dienst("nieuw", "Nieuw", assured=date(2026, 10, 1)),
        dienst("oud", "Oud", assured=date(2025, 1, 1)),
        dienst("nooit", "Nooit", assured=None),
    ]
    oud = beheer.not_verified(diensten, date(2026, 11, 23), maanden=12)
    assert [d.service.id for d in oud] == ["nooit", "oud"]
    assert [d.service.id for d in beheer.not_verified(diensten, date(2026, 11, 23), 1)] == [
        "nooit",
        "oud",
        "nieuw",
    ]


@pytest.mark.parametrize("account", [ORG_A, BEHEERDER])
def test_edit_form_refuses_text_longer_than_the_store_holds(engine, account):
    """A name over the column size is refused in Dutch, queued or direct; nothing changes."""
    repository = _store_with_service(engine)
    apply = beheer.make_apply(engine)
    service = repository.get_service(engine, "svc-1")
    gegevens = beheer.service_change(
        service, {"name": "x" * 301, "url": "https://e.nl/" + "a" * 500}
    )
    with pytest.raises(ValueError) as err:
        beheer.route_change(engine, account, "service", "svc-1", "org-a", gegevens, apply)
    assert "Veld 'naam'" in str(err.value) and "hoogstens 300" in str(err.value)
    assert "Veld 'website'" in str(err.value) and "hoogstens 500" in str(err.value)
    assert beheer.pending_changes(engine) == []
    assert repository.get_service(engine, "svc-1") == service


def test_two_beheerders_approving_at_once_apply_the_change_once(engine):
    """Claim and apply share one transaction: the second approval finds it decided."""
    import threading

    from planner.kaart.repository import waiting_time_history

    _store_with_service(engine)
    gegevens = {"service_at_location_id": "sal-1", "weken": 5, "peildatum": "2026-11-20"}
    change = beheer.submit_change(engine, ORG_A, "wachttijd", "svc-1", "org-a", gegevens)
    echte_apply = beheer.make_apply(engine)
    uitkomsten: list[object] = []
    tweede = BEHEERDER.__class__(9, "gemeente-2", "beheerder")

    def goedkeuren(account):
        try:
            uitkomsten.append(beheer.approve(engine, change.id, account, echte_apply))
        except AccountFout as exc:
            uitkomsten.append(exc)

    andere = threading.Thread(target=goedkeuren, args=(tweede,))

    def apply_met_tweede_beheerder(wijziging, account, **kw):
        echte_apply(wijziging, account, **kw)
        # While this approval is being applied, a colleague approves the same change.
        andere.start()
        andere.join(timeout=1.5)

    goedkeuren_eerst = beheer.approve(engine, change.id, BEHEERDER, apply_met_tweede_beheerder)
    andere.join()
    assert goedkeuren_eerst.status == "goedgekeurd"
    assert len(uitkomsten) == 1 and isinstance(uitkomsten[0], AccountFout)
    assert len(waiting_time_history(engine, "sal-1")) == 1


# --- issue 11: authorisation in the domain layer ------------------------------------------


def _kaart_met_twee_organisaties(engine):
    """Two organisations, each with one service at one location (real store records)."""
    from dataclasses import replace

    from planner.kaart import repository
    from tests.kaart.conftest import make_kaart

    a = make_kaart()
    org_b = replace(a.organisations[0], id="org-b-id", name="Ander")
    svc_b = replace(a.services[0], id="svc-b-id", organization_id="org-b-id", name="Van B")
    loc_b = replace(a.locations[0], id="loc-b-id", organization_id="org-b-id")
    sal_b = replace(
        a.service_at_locations[0], id="sal-b-id", service_id="svc-b-id", location_id="loc-b-id"
    )
    repository.save_kaart(engine, a, wie="t")
    repository.save_kaart(
        engine,
        replace(
            a,
            organisations=(org_b,),
            services=(svc_b,),
            locations=(loc_b,),
            service_at_locations=(sal_b,),
            waiting_times=(),
        ),
        wie="t",
    )
    return a


def test_organisation_cannot_queue_a_change_to_another_organisations_service(engine):
    a = _kaart_met_twee_organisaties(engine)
    eigen = Account(9, "cjg", "organisatie", a.organisations[0].id)
    # The form says "my organisation", the service id is someone else's.
    with pytest.raises(GeenToegang):
        beheer.route_change(
            engine,
            eigen,
            "service",
            "svc-b-id",
            eigen.organisatie_id,
            {"name": "Overgenomen"},
            Recorder(),
        )
    with pytest.raises(GeenToegang):
        beheer.submit_change(
            engine, eigen, "service", "svc-b-id", eigen.organisatie_id, {"name": "x"}
        )
    # Nor a waiting time on another organisation's location via its own service.
    with pytest.raises(GeenToegang):
        beheer.route_change(
            engine,
            eigen,
            "wachttijd",
            a.services[0].id,
            eigen.organisatie_id,
            {"service_at_location_id": "sal-b-id", "weken": 1, "peildatum": "2026-01-05"},
            Recorder(),
        )
    assert beheer.pending_changes(engine) == []
    # Its own service still works.
    status, _ = beheer.route_change(
        engine,
        eigen,
        "service",
        a.services[0].id,
        eigen.organisatie_id,
        {"name": "Nieuw"},
        Recorder(),
    )
    assert status == "in_wachtrij"


def test_stale_session_cannot_act(engine):
    from planner import accounts

    a = _kaart_met_twee_organisaties(engine)
    accounts.create_account(
        engine, "cjg", "een lang geheim wachtwoord", "organisatie", a.organisations[0].id
    )
    sessie = accounts.login(engine, "cjg", "een lang geheim wachtwoord").account
    accounts.set_role(engine, "cjg", "organisatie", "org-b-id")
    with pytest.raises(accounts.SessieVerlopen):
        beheer.route_change(
            engine,
            sessie,
            "service",
            a.services[0].id,
            sessie.organisatie_id,
            {"name": "x"},
            Recorder(),
        )


def test_meld_onjuiste_informatie_is_rate_limited(engine):
    for i in range(beheer.MAX_MELDINGEN_PER_DIENST):
        beheer.report_incorrect(engine, "svc-1", "Aanbod", f"klopt niet {i}", now=T0)
    with pytest.raises(beheer.TeVeelMeldingen, match="over dit aanbod"):
        beheer.report_incorrect(engine, "svc-1", "Aanbod", "nog een", now=T0)
    # Another service can still be reported, and an hour later this one again.
    beheer.report_incorrect(engine, "svc-2", "Ander", "klopt ook niet", now=T0)
    beheer.report_incorrect(
        engine, "svc-1", "Aanbod", "later", now=T0 + beheer.MELDING_VENSTER + timedelta(minutes=1)
    )
    # 500 reports spread over services are cut off at the total limit.
    geweigerd = 0
    for i in range(500):
        try:
            beheer.report_incorrect(engine, f"s{i}", "x", "spam", now=T0)
        except beheer.TeVeelMeldingen:
            geweigerd += 1
    assert len(beheer.open_reports(engine)) <= beheer.MAX_MELDINGEN_TOTAAL + 1
    assert geweigerd >= 500 - beheer.MAX_MELDINGEN_TOTAAL
