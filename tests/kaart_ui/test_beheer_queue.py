"""The approval queue for organisation changes and the "meld onjuiste informatie" queue."""

from __future__ import annotations

from datetime import UTC, datetime

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

    def __call__(self, change: beheer.Wijziging, account: Account) -> None:
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
