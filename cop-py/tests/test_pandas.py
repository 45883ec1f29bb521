"""pandas: Landscape.from_pandas and Landscape.to_pandas."""

from __future__ import annotations

import numpy as np
import pytest

import cop

from conftest import REQUESTS

pd = pytest.importorskip("pandas")


def test_from_pandas_matches_the_csv_import(requests_landscape: cop.Landscape) -> None:
    df = pd.read_csv(REQUESTS)
    landscape = cop.Landscape.from_pandas(df)
    assert landscape.summary() == requests_landscape.summary()
    assert landscape == requests_landscape


def test_from_pandas_with_categoricals_and_datetimes(requests_landscape: cop.Landscape) -> None:
    df = pd.read_csv(REQUESTS)
    df["time"] = pd.to_datetime(df["time"], utc=True)  # time zone aware
    for column in ("member", "kind", "domain", "target"):
        df[column] = df[column].astype("category")
    df["ignored"] = 1
    landscape = cop.Landscape.from_pandas(df)
    assert landscape == requests_landscape


def test_from_pandas_naive_datetimes_and_string_dtype() -> None:
    df = pd.DataFrame(
        {
            "member": pd.array(["ada", "grace", None], dtype="string"),
            "time": pd.to_datetime(["2024-03-01 09:00", "2024-03-01 10:00", "2024-03-02 08:00"]),
            "kind": ["ask", "answer", "review"],
            "target": [None, "ada", np.nan],
        }
    )
    with pytest.raises(cop.RecordError) as caught:
        cop.Landscape.from_pandas(df)
    assert (caught.value.line, caught.value.field) == (3, "member")
    landscape = cop.Landscape.from_pandas(df, skip_bad_records=True)
    assert len(landscape) == 2
    assert landscape.events()["time"].astype("int64").tolist() == [1_709_283_600, 1_709_287_200]


def test_from_pandas_series_in_from_events() -> None:
    df = pd.DataFrame({"who": ["a", "b"], "when": pd.to_datetime(["2024-01-01", "2024-01-02"])})
    landscape = cop.Landscape.from_events(member=df["who"], time=df["when"], kind="ask")
    assert landscape.members.keys() == ["a", "b"]


def test_from_pandas_needs_the_required_columns() -> None:
    df = pd.DataFrame({"member": ["a"], "time": [0]})
    with pytest.raises(cop.InvalidValueError) as caught:
        cop.Landscape.from_pandas(df)
    assert caught.value.field == "kind"
    with pytest.raises(TypeError):
        cop.Landscape.from_pandas(42)


def test_to_pandas(requests_landscape: cop.Landscape) -> None:
    df = requests_landscape.to_pandas()
    assert len(df) == 6513
    assert list(df.columns) == [
        "time", "member", "kind", "domain", "target", "community", "artifact", "weight", "thread"
    ]
    assert str(df["time"].dtype) == "datetime64[s]"
    for column in ("member", "kind", "domain", "target", "community", "artifact"):
        assert isinstance(df[column].dtype, pd.CategoricalDtype), column
    assert df["member"].nunique() == 774
    assert len(df["member"].cat.categories) == 779
    assert df["member"].cat.categories.equals(df["target"].cat.categories)
    counts = df["kind"].value_counts()
    assert (counts["commit"], counts["merge"], counts["coauthor"]) == (5237, 1252, 24)
    assert df["target"].isna().sum() == 6513 - 1252 - 24
    assert df["artifact"].isna().all() and df["weight"].isna().all()
    assert (df["community"] == "default").all()


def test_to_pandas_round_trips_through_from_pandas(requests_landscape: cop.Landscape) -> None:
    df = requests_landscape.to_pandas()
    again = cop.Landscape.from_pandas(df)
    assert again == requests_landscape


def test_to_pandas_of_an_empty_landscape() -> None:
    df = cop.Landscape().to_pandas()
    assert len(df) == 0 and "member" in df.columns


def test_categorical_arrays_and_indexes_in_from_events() -> None:
    members = pd.Categorical(["b", None, "a", "b"])
    kinds = pd.CategoricalIndex(["ask", "answer", "ask", "ask"])
    landscape = cop.Landscape.from_events(
        member=members, time=[0, 1, 2, 3], kind=kinds, domain=pd.Categorical([1, 2, 1, 2]), skip_bad_records=True
    )
    assert len(landscape) == 3
    assert landscape.members.keys() == ["b", "a"]
    assert landscape.domains.keys() == ["1", "2"]


def test_from_pandas_accepts_a_mapping_of_columns() -> None:
    landscape = cop.Landscape.from_pandas({"member": ["a", "b"], "time": [0, 1], "kind": ["ask", "answer"]})
    assert len(landscape) == 2


def test_categorical_columns_record_like_text_columns_bad_rows_included() -> None:
    # Categoricals go through the dictionary-encoded path of the core (each category resolved
    # once); the result and the report must be those of the same keys given as text.
    members = ["ada", "grace", "", "linus", "ada", "margaret"]
    kinds = ["ask", "Bad Kind", "answer", "react", "ask", "answer"]
    targets = [None, "ada", None, "grace", "linus", "margaret"]
    time = [0, 60, 120, 180, 240, 300]
    as_text = cop.Landscape()
    text_report = as_text.record_batch(member=members, time=time, kind=kinds, target=targets, skip_bad_records=True)
    as_categories = cop.Landscape()
    categories_report = as_categories.record_batch(
        member=pd.Categorical(members),
        time=time,
        kind=pd.Categorical(kinds),
        target=pd.Categorical(targets),
        skip_bad_records=True,
    )
    assert as_categories == as_text
    assert categories_report.recorded == text_report.recorded == 4
    assert [(s.line, s.field) for s in categories_report.skipped] == [(2, "kind"), (3, "member")]
    assert [(s.line, s.field) for s in text_report.skipped] == [(2, "kind"), (3, "member")]
    assert as_categories.members.keys() == ["ada", "linus", "grace", "margaret"]


@pytest.mark.parametrize("categories", [5, 300, 70_000])  # int8, int16 and int32 codes
def test_categorical_codes_of_every_width_record_like_text(categories: int) -> None:
    # The common case (codes -1 or in range, no empty category) is taken as a whole column.
    rng = np.random.default_rng(categories)
    members = [f"m{i}" for i in rng.integers(0, categories, 2_000)]
    targets = [None if i % 3 else f"m{i % categories}" for i in range(2_000)]
    time = np.sort(rng.integers(0, 10**8, 2_000)).astype("datetime64[s]")
    as_text = cop.Landscape.from_events(member=members, time=time, kind="ask", target=targets)
    member_codes = pd.Categorical(members, categories=[f"m{i}" for i in range(categories)])
    assert member_codes.codes.dtype.itemsize == {5: 1, 300: 2, 70_000: 4}[categories]
    as_codes = cop.Landscape.from_events(member=member_codes, time=time, kind="ask", target=pd.Categorical(targets))
    assert as_codes == as_text
    assert as_codes.members.keys() == as_text.members.keys()
