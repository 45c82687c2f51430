"""The embeddings cache: computed once per contribution, again only when its text changes."""

from __future__ import annotations

import numpy as np
import pytest
import sqlalchemy as sa

from workshop.extensions import db
from workshop.models import Contribution, ContributionEmbedding, ContributionKind
from workshop.sense import embed, encoder, vectors_for


@pytest.fixture
def model_calls(monkeypatch):
    """The texts each call to the model was given."""
    calls: list[list[str]] = []
    real = encoder.embed

    def counting(texts):  # type: ignore[no-untyped-def]
        calls.append(list(texts))
        return real(texts)

    monkeypatch.setattr(encoder, "embed", counting)
    return calls


@pytest.fixture
def contributions(make_facilitator, make_workshop) -> list[int]:
    workshop = make_workshop(make_facilitator())
    with db.unit_of_work() as session:
        rows = [
            Contribution(workshop_id=workshop.id, kind=ContributionKind.TOPIC, title=title,
                         details=details)
            for title, details in (("Télétravail le vendredi", ""),
                                   ("Customer service response time", "Days, not hours"))
        ]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def load(ids: list[int]) -> list[Contribution]:
    return [db.session.get(Contribution, i) for i in ids]


def test_is_the_model_called_once_for_unchanged_contributions(contributions, model_calls):
    with db.unit_of_work() as session:
        first = vectors_for(session, load(contributions))
    with db.unit_of_work() as session:
        second = vectors_for(session, load(contributions))

    texts = ["Télétravail le vendredi", "Customer service response time\nDays, not hours"]
    assert model_calls == [texts]
    assert np.array_equal(first, second)
    assert np.allclose(first, embed(texts))


def test_is_an_edited_contribution_embedded_again_and_only_it(contributions, model_calls):
    with db.unit_of_work() as session:
        before = vectors_for(session, load(contributions))
    with db.unit_of_work():
        load(contributions)[0].title = "Remote work on Fridays"
    with db.unit_of_work() as session:
        after = vectors_for(session, load(contributions))

    assert model_calls[1:] == [["Remote work on Fridays"]]
    assert not np.array_equal(before[0], after[0])
    assert np.array_equal(before[1], after[1])


def test_is_a_vector_made_by_another_model_made_again(contributions, model_calls):
    with db.unit_of_work() as session:
        vectors_for(session, load(contributions))
        session.execute(sa.update(ContributionEmbedding)
                        .where(ContributionEmbedding.contribution_id == contributions[0])
                        .values(model="older-model"))
    with db.unit_of_work() as session:
        vectors_for(session, load(contributions))

    assert model_calls[1:] == [["Télétravail le vendredi"]]
    stored = db.session.get(ContributionEmbedding, contributions[0])
    assert stored.model == encoder.MODEL


def test_does_deleting_a_contribution_delete_its_vector(contributions):
    with db.unit_of_work() as session:
        vectors_for(session, load(contributions))
    with db.unit_of_work() as session:
        session.delete(load(contributions)[0])

    remaining = db.session.scalars(sa.select(ContributionEmbedding.contribution_id)).all()
    assert remaining == [contributions[1]]


def test_do_no_contributions_give_no_rows_and_no_model_call(app, model_calls):
    with db.unit_of_work() as session:
        assert vectors_for(session, []).shape == (0, encoder.DIMENSIONS)
    assert model_calls == []
