"""Model rules: enumerations, validation messages, opening hours, confidential addresses."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

import pytest

from planner.kaart.model import (
    Erkenning,
    Fout,
    Location,
    Preventieniveau,
    Probleemgebied,
    Schedule,
    Service,
    Toegang,
    Trede,
    WaitingTime,
    dag_en_nacht,
    gemeente_van,
    stable_id,
    validate_location,
    validate_service,
    validate_waiting_time,
)

BASE = Service(id="s", organization_id="o", name="Aanbod")


@pytest.mark.parametrize(
    ("cls", "text", "expected"),
    [
        (Toegang, "via wijkteam", Toegang.WIJKTEAM),
        (Toegang, "Via het wijkteam", Toegang.WIJKTEAM),
        (Toegang, "VERWIJZING_HUISARTS", Toegang.HUISARTS),
        (Preventieniveau, "Geïndiceerd", Preventieniveau.GEINDICEERD),
        (Preventieniveau, "geindiceerd", Preventieniveau.GEINDICEERD),
        (Trede, "3", Trede.BEHANDELING),
        (Probleemgebied, "huiselijk geweld", Probleemgebied.HUISELIJK_GEWELD),
        (Erkenning, "effectief volgens goede aanwijzingen", Erkenning.GOEDE_AANWIJZINGEN),
        (Toegang, "op afspraak", None),
        (Trede, "5", None),
        (Toegang, "", None),
    ],
)
def test_choices_parse_codes_and_labels(cls, text, expected):
    assert cls.parse(text) is expected


def test_every_choice_has_a_dutch_label():
    for cls in (Toegang, Probleemgebied, Preventieniveau, Trede, Erkenning):
        for member in cls:
            assert member.label and member.label != "" and str(member) == member.value


@pytest.mark.parametrize(
    ("changes", "veld", "fragment"),
    [
        ({"name": " "}, "naam", "naam van het aanbod ontbreekt"),
        ({"leeftijd_min": -1.0}, "leeftijd_min", "niet tussen 0 en 120"),
        ({"leeftijd_max": 130.0}, "leeftijd_max", "niet tussen 0 en 120"),
        ({"leeftijd_min": 12.0, "leeftijd_max": 4.0}, "leeftijd_max", "lager dan de minimale"),
        ({"email": "geen-mail"}, "email", "geen e-mailadres"),
        ({"werkgebied": ("Nissewaard",)}, "werkgebied", "geen CBS-code"),
        ({"werkgebied": ("GM9999",)}, "werkgebied", "GM9999 bestaat niet"),
        ({"werkgebied": ("WK999901",)}, "werkgebied", "GM9999 bestaat niet"),
        ({"interventie_erkenning": Erkenning.GOED_ONDERBOUWD}, "interventie", "geen interventie"),
    ],
)
def test_service_validation_names_field_and_row(changes, veld, fragment):
    fouten = validate_service(replace(BASE, **changes), rij=7, known_gemeenten={"GM1930"})
    assert [f.veld for f in fouten] == [veld]
    assert fragment in fouten[0].melding
    assert str(fouten[0]).startswith(f"Rij 7, veld '{veld}': ")


def test_valid_service_has_no_errors():
    ok = replace(BASE, leeftijd_min=0.5, leeftijd_max=18, werkgebied=("GM1930", "WK193001"))
    assert validate_service(ok, known_gemeenten={"GM1930"}) == []


@pytest.mark.parametrize(
    ("loc", "veld", "ernst"),
    [
        (Location(id="l", latitude=51.8), "latitude", "fout"),
        (Location(id="l", latitude=100, longitude=101), "latitude", "waarschuwing"),
        (Location(id="l", gemeente_code="1930"), "gemeente", "fout"),
        (Location(id="l", gemeente_code="GM0001"), "gemeente", "fout"),
        (Location(id="l", wijk_code="W1"), "wijk", "fout"),
        (Location(id="l", adres_vertrouwelijk=True), "publieke_contactroute", "fout"),
    ],
)
def test_location_validation(loc, veld, ernst):
    [fout] = validate_location(loc, 3, known_gemeenten={"GM1930"})
    assert (fout.veld, fout.ernst, fout.rij) == (veld, ernst, 3)


def test_waiting_time_validation():
    assert validate_waiting_time(WaitingTime("x", 4, date(2026, 1, 1))) == []
    [fout] = validate_waiting_time(WaitingTime("x", -2, date(2026, 1, 1)), 5)
    assert fout == Fout("wachttijd_weken", fout.melding, 5)
    [fout] = validate_waiting_time(WaitingTime("x", 2, date(2999, 1, 1)))
    assert "toekomst" in fout.melding


def test_waiting_time_age():
    wt = WaitingTime("x", 4, date(2026, 1, 1))
    assert not wt.is_verouderd(date(2026, 3, 1), 60)
    assert wt.is_verouderd(date(2026, 3, 3), 60)


@pytest.mark.parametrize(
    ("schedule", "moment", "open_"),
    [
        (dag_en_nacht(), datetime(2026, 11, 22, 3, 0), True),
        (Schedule(("MO", "TU"), time(9), time(17)), datetime(2026, 11, 23, 9, 0), True),
        (Schedule(("MO", "TU"), time(9), time(17)), datetime(2026, 11, 23, 17, 0), False),
        (Schedule(("MO", "TU"), time(9), time(17)), datetime(2026, 11, 25, 10, 0), False),
        (Schedule(("FR",), time(22), time(6)), datetime(2026, 11, 27, 23, 30), True),
        # Past midnight: the early hours belong to the day the opening started.
        (Schedule(("SU",), time(22), time(6)), datetime(2026, 11, 23, 2, 0), True),  # ma 02:00
        (Schedule(("SU",), time(22), time(6)), datetime(2026, 11, 22, 2, 0), False),  # zo 02:00
        (Schedule(("SU",), time(22), time(6)), datetime(2026, 11, 22, 23, 0), True),  # zo 23:00
        (Schedule(("SU",), time(22), time(6)), datetime(2026, 11, 23, 23, 0), False),  # ma 23:00
        (Schedule(("SU",), time(22), time(6)), datetime(2026, 11, 23, 6, 0), False),  # ma 06:00
        (Schedule(("SU",), time(22), time(6)), datetime(2026, 11, 22, 21, 59), False),
        (Schedule(("FR",), time(22), time(6)), datetime(2026, 11, 28, 5, 59), True),  # za
        (Schedule(("FR",), time(22), time(6)), datetime(2026, 11, 27, 5, 0), False),  # vr
        (Schedule(("FR", "SA"), time(22), time(6)), datetime(2026, 11, 29, 1, 0), True),  # zo
        (Schedule((), time(22), time(6)), datetime(2026, 11, 25, 1, 0), True),  # elke dag
        (Schedule((), time(22), time(6)), datetime(2026, 11, 25, 12, 0), False),
    ],
)
def test_opening_hours(schedule, moment, open_):
    assert schedule.is_open(moment) is open_


def test_service_open_unknown_without_schedules():
    assert BASE.is_open(datetime(2026, 1, 1, 12)) is None
    assert replace(BASE, schedules=(dag_en_nacht(),)).altijd_open


def test_age_fit_uses_decimal_years():
    baby = replace(BASE, leeftijd_min=0.5, leeftijd_max=4)
    assert not baby.past_bij_leeftijd(0.25)
    assert baby.past_bij_leeftijd(0.5) and baby.past_bij_leeftijd(4)
    assert not baby.past_bij_leeftijd(4.5)


def test_public_view_hides_confidential_address():
    loc = Location(
        id="l",
        address_1="Geheim 1",
        postal_code="3200 AA",
        city="Spijkenisse",
        latitude=51.83,
        longitude=4.28,
        locatie_benaderd=True,
        adres_vertrouwelijk=True,
        publieke_contactroute="Via Veilig Thuis 0800-2000",
        gemeente_code="GM1930",
    )
    public = loc.openbaar()
    assert (public.address_1, public.postal_code, public.city) == (None, None, None)
    assert public.publieke_contactroute == "Via Veilig Thuis 0800-2000"
    assert public.latitude == 51.83  # the gemeente centroid may show
    exact = replace(loc, locatie_benaderd=False).openbaar()
    assert exact.latitude is None and exact.longitude is None
    open_loc = replace(loc, adres_vertrouwelijk=False)
    assert open_loc.openbaar() is open_loc


def test_stable_ids():
    assert stable_id("vt-zhz", soort="dienst") == stable_id(" vt-zhz ", soort="dienst")
    assert stable_id("vt-zhz", soort="dienst") != stable_id("vt-zhz", soort="locatie")
    uid = "ac148810-d857-441c-9679-408f346de14b"
    assert stable_id(uid) == uid and stable_id("") is None
    assert gemeente_van("WK193001") == "GM1930" and gemeente_van("GM1924") == "GM1924"
