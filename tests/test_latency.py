"""slakit.latency: nearest-rank percentiles on samples, bucket bounds on histograms, shares.

Expected values are worked by hand from small lists; the property tests compare
with a direct reading of each definition (sorted list, rank = ceil(p × n)).
"""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slakit import LatencyHistogram, LatencySample
from slakit.errors import NaiveDatetimeError, SlakitError, UsageError, WrongTypeError
from slakit.latency import latency_text, merge_histograms, percentile, share_within

MS = timedelta(milliseconds=1)
START, END = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 1, tzinfo=UTC)


def histogram(bounds: tuple[float, ...], counts: tuple[int, ...], total: int) -> LatencyHistogram:
    return LatencyHistogram(
        start=START,
        end=END,
        bounds=tuple(timedelta(seconds=bound) for bound in bounds),
        counts=counts,
        total=total,
    )


# -- samples ---------------------------------------------------------------------------------


def test_nearest_rank_percentiles_worked_by_hand() -> None:
    # Sorted: 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 ms.
    latencies = [ms * MS for ms in (70, 10, 100, 40, 20, 90, 30, 60, 50, 80)]
    assert percentile(latencies, "95%") == 100 * MS  # rank ceil(9.5) = 10
    assert percentile(latencies, "90%") == 90 * MS  # rank 9 exactly
    assert percentile(latencies, "90.1%") == 100 * MS  # rank ceil(9.01) = 10
    assert percentile(latencies, "50%") == 50 * MS
    assert percentile(latencies, "0.1%") == 10 * MS  # rank ceil(0.01) = 1
    assert percentile(latencies, Decimal("1")) == 100 * MS
    assert percentile(latencies, "0.25") == 30 * MS  # a fraction: rank ceil(2.5) = 3


def test_shares_within_a_threshold_count_a_request_at_the_threshold() -> None:
    latencies = [ms * MS for ms in (500, 2000, 2000, 2001, 3000)]
    assert share_within(latencies, timedelta(seconds=2)) == Fraction(3, 5)
    assert share_within(latencies, "2s") == Fraction(3, 5)
    assert share_within(latencies, timedelta(0)) == 0
    assert share_within(latencies, "1h") == 1


def test_samples_and_timedeltas_mix() -> None:
    at = datetime(2026, 10, 5, 9, tzinfo=UTC)
    samples = [LatencySample(at=at, latency=2 * MS), 1 * MS, LatencySample(at=at, latency=3 * MS)]
    assert percentile(samples, "50%") == 2 * MS
    assert share_within(samples, 2 * MS) == Fraction(2, 3)


@pytest.mark.parametrize(
    ("call", "error", "text"),
    [
        (lambda: percentile([], "95%"), UsageError,
         "no latencies: a percentile or share of no requests is undefined"),
        (lambda: share_within([], "2s"), UsageError, "no latencies"),
        (lambda: percentile([MS], "0%"), UsageError,
         "percentile: 0% has no nearest rank; give a percentage above 0%"),
        (lambda: percentile([MS], "101%"), UsageError,
         "percentile: '101%' is not a percentage between 0% and 100%"),
        (lambda: percentile([MS], 0.95), UsageError,
         "percentile: 0.95 is a float; write percentages as text such as '99.9%'"),
        (lambda: percentile([MS, -MS], "50%"), UsageError,
         "latency 1: -1 day, 23:59:59.999000 is negative; a latency is 0 or more"),
        (lambda: percentile([MS, 1.5], "50%"), WrongTypeError,
         "latency 1: 1.5 (float) is not a timedelta or a LatencySample"),
        (lambda: percentile(MS, "50%"), WrongTypeError,
         "latencies must be a list (or other iterable) of timedelta or LatencySample, not "
         "timedelta"),
        (lambda: share_within([MS], -MS), UsageError, "threshold: -1 day, 23:59:59.999000 is "
         "negative"),
        (lambda: share_within([MS], "soon"), UsageError, "threshold: \"soon\" is not a duration"),
        (lambda: share_within([MS], 2), WrongTypeError,
         "threshold must be a timedelta or duration text, not int"),
    ],
)  # fmt: skip
def test_bad_arguments_say_what_is_wrong(call: object, error: type[Exception], text: str) -> None:
    with pytest.raises(error) as raised:
        call()  # type: ignore[operator]
    assert str(raised.value).startswith(text)
    assert isinstance(raised.value, SlakitError)


def test_a_sample_is_validated() -> None:
    at = datetime(2026, 10, 5, 9, tzinfo=UTC)
    with pytest.raises(UsageError, match=r"latency: .* is negative; a latency is a duration"):
        LatencySample(at=at, latency=-MS)
    with pytest.raises(UsageError, match="is longer than 100 years"):
        LatencySample(at=at, latency=timedelta(days=40_000))
    with pytest.raises(NaiveDatetimeError):
        LatencySample(at=datetime(2026, 10, 5, 9), latency=MS)  # noqa: DTZ001
    with pytest.raises(UsageError, match="contracts: 'a b' is not a contract id"):
        LatencySample(at=at, latency=MS, contracts=("a b",))
    sample = LatencySample(at=at, latency=MS, contracts=("acme",), service="api")
    assert LatencySample.model_validate_json(sample.model_dump_json()) == sample
    assert pickle.loads(pickle.dumps(sample)) == sample


durations = st.integers(0, 10_000_000).map(lambda us: timedelta(microseconds=us))
percents = st.integers(1, 100_000).map(lambda n: Decimal(n) / 100_000)


@given(st.lists(durations, min_size=1, max_size=60), percents)
def test_the_percentile_is_the_smallest_latency_that_p_of_the_requests_are_within(
    latencies: list[timedelta], p: Decimal
) -> None:
    value = percentile(latencies, p)
    assert value in latencies
    within = sum(1 for latency in latencies if latency <= value)
    assert Fraction(within, len(latencies)) >= Fraction(p)  # at least p are within it
    below = sum(1 for latency in latencies if latency < value)
    assert Fraction(below, len(latencies)) < Fraction(p)  # and no smaller latency will do
    assert share_within(latencies, value) >= Fraction(p)


# -- histograms ------------------------------------------------------------------------------


def test_histogram_percentiles_are_the_bucket_bound_reached() -> None:
    # 100 requests: 50 within 0.1 s, 90 within 0.5 s, 97 within 2 s, 3 above 2 s.
    hist = histogram((0.1, 0.5, 2), (50, 90, 97), 100)
    assert hist.count == 100
    assert hist.percentile("50%") == 100 * MS  # rank 50, reached at le=0.1
    assert hist.percentile("50.5%") == 500 * MS  # rank 51
    assert hist.percentile("95%") == 2000 * MS  # rank 95, reached at le=2
    assert hist.percentile("97%") == 2000 * MS
    assert hist.percentile("97.01%") is None  # rank 98: only the +Inf bucket reaches it
    assert hist.share_within(timedelta(seconds=2)) == Fraction(97, 100)
    assert hist.share_within("0.5s") == Fraction(9, 10)
    assert hist.share_range("1s") == (Fraction(9, 10), Fraction(97, 100))
    assert hist.share_range("0.05s") == (0, Fraction(1, 2))  # below the first bound
    assert hist.share_range("10s") == (Fraction(97, 100), 1)  # above the last
    assert hist.share_range("2s") == (Fraction(97, 100), Fraction(97, 100))


def test_a_threshold_between_bounds_is_not_decided() -> None:
    hist = histogram((0.1, 0.5, 2), (50, 90, 97), 100)
    with pytest.raises(UsageError) as raised:
        hist.share_within(timedelta(seconds=1))
    assert str(raised.value) == (
        "1s is not a bucket bound of this histogram (its bounds: 0.1s, 0.5s, 2s); the share of "
        "requests within it lies between 9/10 and 97/100, and only a bound decides it: measure "
        "against a bound, or export a bucket at le=1s"
    )
    with pytest.raises(UsageError, match=r"its bounds: none but \+Inf"):
        histogram((), (), 5).share_within("1s")


def test_a_histogram_of_no_requests_has_no_percentile() -> None:
    empty = histogram((1,), (0,), 0)
    for call in (lambda: empty.percentile("95%"), lambda: empty.share_within("1s")):
        with pytest.raises(UsageError, match="counts no requests: a percentile or share"):
            call()


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"counts": (90, 80)}, "counts: the count at le=2s (80) is below the count at le=1s "
         "(90); counts are cumulative (requests within each bound), so they never go down"),
        ({"counts": (90,)}, "2 bounds but 1 counts; give one count per bound"),
        ({"total": 95}, "total: 95 is below the count at le=2s (97); the total (+Inf bucket) "
         "counts every request"),
        ({"counts": (-1, 97)}, "a count is negative"),
        ({"bounds": (timedelta(seconds=2), timedelta(seconds=1))},
         "bounds: le=1s does not come after le=2s; bounds are strictly increasing"),
        ({"bounds": (timedelta(seconds=1), timedelta(seconds=1))}, "does not come after"),
        ({"bounds": (-MS, timedelta(seconds=1))}, "is negative; a bucket bound is a duration"),
        ({"end": START}, "end (2026-10-01T00:00:00+00:00) is not after start"),
        ({"counts": (90.0, 97)}, "counts.0: Input should be a valid integer"),
        ({"total": "100"}, "total: Input should be a valid integer"),
    ],
)  # fmt: skip
def test_a_histogram_is_validated(fields: dict[str, object], problem: str) -> None:
    values: dict[str, object] = {
        "start": START,
        "end": END,
        "bounds": (timedelta(seconds=1), timedelta(seconds=2)),
        "counts": (90, 97),
        "total": 100,
        **fields,
    }
    with pytest.raises(UsageError) as raised:
        LatencyHistogram(**values)  # type: ignore[arg-type]
    assert str(raised.value).startswith("invalid LatencyHistogram: ")
    assert problem in str(raised.value)


def test_histograms_round_trip_and_hit_their_contracts() -> None:
    hist = LatencyHistogram(
        start=START, end=END, bounds=(2000 * MS,), counts=(9,), total=10, contracts=("acme",)
    )
    assert LatencyHistogram.model_validate_json(hist.model_dump_json()) == hist
    assert pickle.loads(pickle.dumps(hist)) == hist
    assert hist.hits("acme") and not hist.hits("globex")
    assert histogram((1,), (1,), 1).hits("anyone")


def test_merging_adds_histograms_with_the_same_buckets() -> None:
    first = LatencyHistogram(start=START, end=START + timedelta(days=7), bounds=(MS, 2 * MS),
                             counts=(1, 5), total=6, contracts=("a",), service="api")  # fmt: skip
    second = LatencyHistogram(start=START + timedelta(days=7), end=END, bounds=(MS, 2 * MS),
                              counts=(2, 2), total=4, contracts=("b", "a"),
                              service="api")  # fmt: skip
    merged = merge_histograms([first, second])
    assert (merged.start, merged.end, merged.counts, merged.total) == (START, END, (3, 7), 10)
    assert (merged.contracts, merged.service) == (("a", "b"), "api")
    everyone = merge_histograms([first, histogram((0.001, 0.002), (0, 0), 0)])
    assert everyone.contracts == () and everyone.service == ""
    with pytest.raises(UsageError) as raised:
        merge_histograms([first, histogram((1,), (1,), 1)])
    assert str(raised.value) == (
        "histogram 1 has the bounds 1s, histogram 0 has 0.001s, 0.002s; only histograms with "
        "the same buckets add up"
    )
    with pytest.raises(UsageError, match="no histograms to merge"):
        merge_histograms([])
    with pytest.raises(WrongTypeError, match="histogram 1 is a str, not a LatencyHistogram"):
        merge_histograms([first, "second"])  # type: ignore[list-item]


BOUNDS = tuple(ms * MS for ms in (5, 10, 25, 50, 100, 250, 500, 1000, 2000))


def of_samples(latencies: list[timedelta]) -> LatencyHistogram:
    """The Prometheus histogram of ``latencies`` (cumulative counts per bound)."""
    counts = tuple(sum(1 for value in latencies if value <= bound) for bound in BOUNDS)
    return LatencyHistogram(
        start=START, end=END, bounds=BOUNDS, counts=counts, total=len(latencies)
    )


@given(st.lists(st.integers(0, 3_000_000).map(lambda us: timedelta(microseconds=us)),
                min_size=1, max_size=80), percents)  # fmt: skip
def test_a_histogram_agrees_with_the_samples_it_counts(
    latencies: list[timedelta], p: Decimal
) -> None:
    hist = of_samples(latencies)
    exact = percentile(latencies, p)
    bound = hist.percentile(p)
    # The bucket bound reached is the smallest bound at or above the exact percentile.
    expected = next((b for b in BOUNDS if b >= exact), None)
    assert bound == expected
    for b in BOUNDS:
        assert hist.share_within(b) == share_within(latencies, b)
    low, high = hist.share_range(777 * MS)
    assert low <= share_within(latencies, 777 * MS) <= high


def test_latency_text_writes_seconds() -> None:
    values = (MS, 250 * MS, timedelta(seconds=10), timedelta(0))
    assert [latency_text(value) for value in values] == [
        "0.001s", "0.25s", "10s", "0s",
    ]  # fmt: skip
    assert latency_text(timedelta(microseconds=1)) == "0.000001s"
