"""The one gold rule, case by case."""

from __future__ import annotations

import pytest

from annotator.gold import Layer, choose, choose_all


def layer(annotator: str, status: str, doc: str = "d") -> Layer[str]:
    return Layer(doc, annotator, status, f"{annotator}/{doc}.yaml")


@pytest.mark.parametrize(
    ("layers", "taken", "reason"),
    [
        ([layer("gold", "done"), layer("alice", "done"), layer("bob", "done")], "gold", "the gold file"),
        ([layer("alice", "done"), layer("detector", "draft")], "alice", "the only done file, by alice"),
        ([layer("alice", "done"), layer("bob", "in_progress")], "alice", "the only done file, by alice"),
        (
            [layer("alice", "done"), layer("bob", "done")],
            None,
            "2 annotators are done (alice, bob) and there is no gold file: adjudicate them",
        ),
        (
            [layer("gold", "in_progress"), layer("alice", "done")],
            None,
            "its gold file is in_progress, not done: adjudication is not finished",
        ),
        ([layer("detector", "draft")], None, "no done file (a detector draft)"),
        ([layer("detector", "done")], None, "no done file (a detector draft)"),  # a draft is never gold
        ([layer("alice", "skipped"), layer("bob", "draft")], None, "no done file (alice: skipped, bob: draft)"),
    ],
)
def test_the_gold_rule(layers: list[Layer[str]], taken: str | None, reason: str) -> None:
    choice = choose("d", layers)
    assert (choice.layer.annotator if choice.layer else None, choice.reason) == (taken, reason)
    assert choice.taken == (taken is not None)


def test_every_article_gets_one_answer_in_id_order() -> None:
    choices = choose_all([layer("alice", "done", "b"), layer("bob", "done", "a"), layer("alice", "draft", "a")])
    assert [(c.doc_id, c.layer.item if c.layer else None) for c in choices] == [
        ("a", "bob/a.yaml"),
        ("b", "alice/b.yaml"),
    ]


def test_a_done_file_with_pending_quotes_is_not_gold() -> None:
    """Done while quotes are still pending is unfinished: never gold, and said why."""
    pending = Layer("d", "alice", "done", "alice/d.yaml", pending=2)
    assert choose("d", [pending]).reason == "no done file (alice: done with 2 pending quotes)"
    assert not choose("d", [pending]).taken
    # another annotator's finished file is then the only done one
    bob = Layer("d", "bob", "done", "bob/d.yaml")
    assert choose("d", [pending, bob]).layer == bob
    gold = Layer("d", "gold", "done", "gold/d.yaml", pending=1)
    choice = choose("d", [gold, bob])
    assert (choice.taken, choice.adjudicate) == (False, True)
    assert choice.reason == "its gold file is done with 1 pending quote, not done: adjudication is not finished"
