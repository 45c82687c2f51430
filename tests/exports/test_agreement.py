"""Agreement and divergence between the two groups the facilitator picks (builders/agreement.py)."""

from __future__ import annotations

from workshop.exports.builders import agreement
from workshop.exports.model import Theme

from .synthetic import make_synthesis


def voted(synthesis, dots):  # type: ignore[no-untyped-def]
    """Replace every item's dots: {item id: {group: dots}} in one ballot."""
    for item in synthesis.items:
        item.votes_by_group = {"convergence": dict(dots[item.id])} if item.id in dots else {}
        item.votes = {"convergence": sum(dots[item.id].values())} if item.id in dots else {}
    return synthesis


DOTS = {
    1: {"employee": 10, "customer": 10},  # both give it half of their dots: agree
    2: {"employee": 10, "customer": 0, "partner": 30},  # employees only: diverge
    3: {"employee": 0, "customer": 10},  # customers only: diverge
    4: {"employee": 0, "customer": 0, "partner": 40},  # partners only: not compared
    5: {"employee": 0, "customer": 1},  # too few dots from the two groups to say
}


def rows(found, side):  # type: ignore[no-untyped-def]
    return {r["title"]: r for r in found[side]}


def test_are_agree_and_diverge_disjoint_with_both_groups_shares():
    synthesis = voted(make_synthesis(items=6), DOTS)

    found = agreement.compare(synthesis)

    assert found["groups"] == ["employee", "customer"] and found["minimum"] == 2
    agree, diverge = rows(found, "agree"), rows(found, "diverge")
    titles = {i.id: i.title for i in synthesis.items}
    assert titles[1] in agree and {titles[2], titles[3]} <= set(diverge)
    assert not set(agree) & set(diverge)
    first = agree[titles[1]]
    assert first["shares"] == {"employee": 0.5, "customer": round(10 / 21, 4)}
    assert first["votes"] == {"employee": 10, "customer": 10}
    assert diverge[titles[2]]["gap"] == 1.0


def test_do_other_groups_never_drive_the_score():
    synthesis = voted(make_synthesis(items=6), DOTS)

    found = agreement.compare(synthesis)

    titles = {i.id: i.title for i in synthesis.items}
    listed = {r["title"] for side in ("agree", "diverge") for r in found[side]}
    assert titles[4] not in listed  # only partners voted for it
    assert all(set(r["votes"]) == {"employee", "customer"} for side in ("agree", "diverge")
               for r in found[side])


def test_is_a_row_with_fewer_dots_than_the_minimum_left_out():
    synthesis = voted(make_synthesis(items=6), DOTS)

    found = agreement.compare(synthesis)

    title = next(i.title for i in synthesis.items if i.id == 5)
    assert title not in {r["title"] for side in ("agree", "diverge") for r in found[side]}


def test_does_the_facilitators_choice_of_groups_win():
    synthesis = voted(make_synthesis(items=6), DOTS)
    synthesis.workshop["compare_groups"] = ["employee", "partner"]

    found = agreement.compare(synthesis)

    assert found["groups"] == ["employee", "partner"]
    assert all(set(r["shares"]) == {"employee", "partner"} for side in ("agree", "diverge")
               for r in found[side])


def test_is_a_theme_compared_by_its_contributions_dots():
    synthesis = voted(make_synthesis(items=6), DOTS)
    synthesis.themes = [Theme(key="theme:x", label="Réponse humaine", terms=["réponse"],
                              sources=["c:2", "c:3"], contribution_ids=[2, 3])]

    found = agreement.compare(synthesis)

    (theme,) = [r for side in ("agree", "diverge") for r in found[side] if r["kind"] == "theme"]
    assert theme["title"] == "Réponse humaine"
    assert theme["votes"] == {"employee": 10, "customer": 10}


def test_is_nothing_compared_when_a_group_did_not_vote():
    synthesis = voted(make_synthesis(items=6), {1: {"employee": 5}, 2: {"employee": 3}})

    found = agreement.compare(synthesis)

    assert found["agree"] == [] and found["diverge"] == []


def test_is_a_title_never_on_both_sides():
    synthesis = voted(make_synthesis(items=6), {**DOTS, 6: {"employee": 1, "customer": 9}})
    twin = next(i for i in synthesis.items if i.id == 6)
    twin.title = next(i.title for i in synthesis.items if i.id == 1)  # same words, other item

    found = agreement.compare(synthesis)

    agree, diverge = rows(found, "agree"), rows(found, "diverge")
    assert twin.title in agree and twin.title not in diverge


def test_is_a_choice_naming_a_group_the_workshop_no_longer_has_set_aside():
    synthesis = voted(make_synthesis(items=6), DOTS)
    synthesis.workshop["compare_groups"] = ["employee", "g-board"]  # the board was removed

    found = agreement.compare(synthesis)

    assert found["groups"] == ["employee", "customer"]
