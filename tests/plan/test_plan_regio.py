"""The regional matrix of actions per gemeente."""

from planner.plan.model import GekozenActie, Plan
from planner.plan.regio import matrix_tabel, regionale_matrix

GEMEENTEN = [("GM1930", "Nissewaard"), ("GM1992", "Voorne aan Zee"), ("GM1924", "Goeree")]


def _plan(naam, gemeenten, acties, status="concept"):
    return Plan(naam, gemeenten, status=status, acties=tuple(GekozenActie(n) for n in acties))


def test_matrix_combines_own_and_regional_plans():
    plannen = [
        _plan("Nissewaard", ("GM1930",), [2, 3], "vastgesteld"),
        _plan("Regio", ("GM1930", "GM1992"), [3, 7]),
    ]
    rijen = {r.gemeentecode: r for r in regionale_matrix(GEMEENTEN, plannen)}
    nis = rijen["GM1930"]
    assert nis.acties[2] == "vastgesteld"
    assert nis.acties[3] == "vastgesteld"  # settled outranks the regional concept
    assert nis.acties[7] == "concept"
    assert nis.acties[1] is None
    assert nis.aantal_gedekt == 3
    assert rijen["GM1992"].acties[7] == "concept" and rijen["GM1992"].aantal_gedekt == 2
    assert rijen["GM1924"].aantal_gedekt == 0 and rijen["GM1924"].plannen == ()
    assert [r.gemeentecode for r in regionale_matrix(GEMEENTEN, plannen)] == [
        "GM1930",
        "GM1992",
        "GM1924",
    ]


def test_matrix_table_uses_symbols_and_words():
    [rij] = matrix_tabel(regionale_matrix(GEMEENTEN[:1], [_plan("a", ("GM1930",), [1])]))
    assert rij["Gemeente"] == "Nissewaard"
    assert rij["Actie 1"] == "○ concept"
    assert rij["Actie 2"] == "– geen"
    assert rij["Aantal acties"] == "1"


def test_matrix_html_is_large_escaped_and_not_colour_only():
    from planner.plan.regio import matrix_html

    gemeenten = [("GM1930", "Nissewaard <script>")]
    html = matrix_html(
        regionale_matrix(gemeenten, [_plan("a", ("GM1930",), [1], "vastgesteld")]),
        {1: 'Screening "zwanger"'},
    )
    assert "<script>" not in html and "Nissewaard &lt;script&gt;" in html
    # The symbol shows; the word is there for a screen reader (and explained under the table).
    assert '<span aria-hidden="true">✔</span><span class="pk-sr">vastgesteld</span>' in html
    assert '<span aria-hidden="true">–</span><span class="pk-sr">geen</span>' in html
    assert '<span class="pk-sr">Actie </span>1</th>' in html
    assert "font-size:1.5rem" in html
    assert 'title="Screening &quot;zwanger&quot;"' in html
    assert html.count("<tr>") == 2
