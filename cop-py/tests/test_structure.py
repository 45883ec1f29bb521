"""The interaction graph's structure, graph measures as columns, and Cohen's kappa."""

from __future__ import annotations

import json

import numpy as np
import pytest

import cop


def test_structure_of_february(february: cop.Landscape) -> None:
    structure = february.structure("2024-02-29T00:00:00Z")
    assert structure["as_of"] == "2024-02-29T00:00:00Z" and structure["window_days"] == 365
    # One tie: ada answers bob. cy only reads.
    assert (structure["connected_members"], structure["ties"]) == (2, 1)
    assert {m["member"] for m in structure["members"]} == {"ada", "bob"}
    ada = next(m for m in structure["members"] if m["member"] == "ada")
    assert (ada["degree"], ada["core_number"], ada["weighted_degree"]) == (1, 1, 28.0)
    assert set(ada) == {"member", "core_number", "pagerank", "degree", "weighted_degree", "eigenvector", "constraint"}
    json.dumps(structure)
    # A window that ends before the first event has no ties.
    assert february.structure("2024-01-01T00:00:00Z", window_days=30)["ties"] == 0
    with pytest.raises(cop.InvalidValueError) as caught:
        february.structure(weight="heavy")
    assert caught.value.field == "weight"


def test_graph_measures(february: cop.Landscape) -> None:
    measures = february.graph_measures("2024-02-29T00:00:00Z", weight="weight")
    assert measures["member"] == ["ada", "bob", "cy"]
    assert measures["degree"].dtype == np.uint32 and list(measures["degree"]) == [1, 1, 0]
    assert list(measures["core_number"]) == [1, 1, 0]
    assert measures["pagerank"].dtype == np.float64
    assert measures["pagerank"].sum() == pytest.approx(1.0)
    assert measures["pagerank"][0] == pytest.approx(measures["pagerank"][1])
    assert measures["pagerank"][2] < measures["pagerank"][0]
    assert np.isnan(measures["constraint"][2])
    assert measures["weighted_degree"][0] > 0


def test_graph_measures_agree_with_the_structure_report(requests_landscape: cop.Landscape) -> None:
    measures = requests_landscape.graph_measures()
    report = requests_landscape.structure()
    index = {key: i for i, key in enumerate(measures["member"])}
    for position in report["members"][:20]:
        i = index[position["member"]]
        assert measures["core_number"][i] == position["core_number"]
        assert measures["pagerank"][i] == pytest.approx(position["pagerank"])
        assert measures["degree"][i] == position["degree"]


def hand_case() -> tuple[list[int], list[int]]:
    """50 items: both 0 on 20, both 1 on 15, a=0/b=1 on 5, a=1/b=0 on 10."""
    a = [0] * 20 + [1] * 15 + [0] * 5 + [1] * 10
    b = [0] * 20 + [1] * 15 + [1] * 5 + [0] * 10
    return a, b


def test_kappa_hand_case() -> None:
    a, b = hand_case()
    # p_o = 35/50 = 0.7; p_e = (25*30 + 25*20) / 2500 = 0.5; kappa = 0.2 / 0.5.
    assert cop.cohen_kappa(a, b) == pytest.approx(0.4, abs=1e-12)
    names = {0: "no", 1: "yes"}
    assert cop.cohen_kappa([names[x] for x in a], [names[x] for x in b]) == pytest.approx(0.4)
    assert cop.cohen_kappa(np.array(a), np.array(b, dtype=np.int8)) == pytest.approx(0.4)
    assert cop.cohen_kappa(np.array([names[x] for x in a]), tuple(names[x] for x in b)) == pytest.approx(0.4)
    assert cop.cohen_kappa(a, a) == 1.0


def test_kappa_of_two_policies(flask_landscape: cop.Landscape) -> None:
    coronet = flask_landscape.participation(policy="coronet").levels()["level"]
    onion = flask_landscape.participation(policy="grimoirelab_onion").levels()["level"]
    kappa = cop.cohen_kappa(coronet, onion)
    assert -1.0 <= kappa <= 1.0
    assert kappa > 0.5  # both are share-of-total policies over event counts


def test_kappa_errors() -> None:
    with pytest.raises(cop.InvalidValueError) as caught:
        cop.cohen_kappa([1, 2], [1])
    assert caught.value.field == "labels" and "2 labels against 1" in str(caught.value)
    with pytest.raises(cop.InvalidValueError):
        cop.cohen_kappa([], [])
    with pytest.raises(TypeError):
        cop.cohen_kappa([0.5, 1.5], [0.5, 1.5])
    with pytest.raises(TypeError):
        cop.cohen_kappa("abc", "abd")
