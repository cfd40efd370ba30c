"""Request latency: exact samples and Prometheus-style histograms, their percentiles and shares.

Samples are exact durations, one per request; a percentile of samples is
exact, by the **nearest rank** (the usual contractual reading): sorted
ascending, the value at rank ``ceil(p × n)``. A histogram is what a
monitoring system exports: for each bucket upper bound ``le``, the number of
requests with latency ``<= le``, **cumulative** (as Prometheus
``_bucket{le="..."}`` series are), and the total (the ``+Inf`` bucket). A
histogram only knows which bucket a request fell in, so its percentile is
the **smallest bucket upper bound whose cumulative count reaches the rank**,
and the share of requests within a threshold is exact only when the
threshold is a bucket bound.

"Within" means ``<=``: a request of exactly 2 s is within 2 s, as a Prometheus
``le="2"`` bucket counts it (and as slakit reads "< 15 min" for tickets).

>>> from datetime import UTC, datetime, timedelta
>>> ms = timedelta(milliseconds=1)
>>> samples = [120 * ms, 80 * ms, 300 * ms, 2500 * ms, 95 * ms]
>>> percentile(samples, "80%"), share_within(samples, timedelta(seconds=2))
(datetime.timedelta(microseconds=300000), Fraction(4, 5))
>>> histogram = LatencyHistogram(
...     start=datetime(2026, 10, 1, tzinfo=UTC), end=datetime(2026, 11, 1, tzinfo=UTC),
...     bounds=(100 * ms, 500 * ms, 2000 * ms), counts=(50, 90, 97), total=100)
>>> histogram.percentile("95%"), histogram.share_within(timedelta(seconds=2))
(datetime.timedelta(seconds=2), Fraction(97, 100))
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, ClassVar

from pydantic import AwareDatetime, Strict, field_validator, model_validator

from slakit._model import ContractIds, SlakitModel
from slakit._text import shown
from slakit._time import to_us
from slakit.durations import MAX_DURATION, parse_duration
from slakit.errors import SlakitError, UsageError, WrongTypeError
from slakit.percent import parse_percent

__all__ = [
    "LatencyHistogram",
    "LatencySample",
    "latency_text",
    "merge_histograms",
    "percentile",
    "share_within",
]

_Count = Annotated[int, Strict()]
_ZERO = timedelta(0)


def _check_latency(value: timedelta, what: str = "latency") -> timedelta:
    if value < _ZERO:
        raise ValueError(f"{value} is negative; a {what} is a duration of 0 or more")
    if value > MAX_DURATION:
        raise ValueError(f"{value} is longer than 100 years, the longest duration slakit accepts")
    return value


def latency_text(value: timedelta) -> str:
    """A latency as seconds, as monitoring systems write it: ``2s``, ``0.25s``.

    >>> latency_text(timedelta(milliseconds=250)), latency_text(timedelta(seconds=2))
    ('0.25s', '2s')
    """
    seconds = Decimal(value // timedelta(microseconds=1)).scaleb(-6).normalize()
    return f"{seconds:f}s"


class LatencySample(SlakitModel):
    """One request: when it was served, how long it took, the contracts it counts for.

    ``contracts`` names the contracts whose requests it was; none (the
    default) means every contract, as an outage that names none hits every
    contract. ``service`` is free text (the API or endpoint).

    >>> from datetime import UTC, datetime, timedelta
    >>> sample = LatencySample(at=datetime(2026, 10, 5, 9, tzinfo=UTC),
    ...                        latency=timedelta(milliseconds=250), contracts=("acme",))
    >>> sample.hits("acme"), sample.hits("globex")
    (True, False)
    >>> LatencySample(at=datetime(2026, 10, 5, 9, tzinfo=UTC), latency=timedelta(seconds=-1))
    Traceback (most recent call last):
    ...
    slakit.errors.UsageError: invalid LatencySample: latency: -1 day, 23:59:59 is negative; a \
latency is a duration of 0 or more
    """

    _error: ClassVar[type[SlakitError]] = UsageError

    at: AwareDatetime
    latency: timedelta
    contracts: ContractIds = ()
    service: str = ""

    @field_validator("latency")
    @classmethod
    def _latency(cls, value: timedelta) -> timedelta:
        return _check_latency(value)

    def hits(self, contract_id: str) -> bool:
        """Whether this request counts for ``contract_id``: it names it, or names none."""
        return not self.contracts or contract_id in self.contracts


def _fraction(p: object) -> Fraction:
    """A percentile's ``p`` as an exact fraction in (0, 1]: ``"95%"``, ``Decimal("0.95")``."""
    try:
        value = parse_percent(p)
    except SlakitError as error:
        raise UsageError(f"percentile: {error}") from None
    if value == 0:
        raise UsageError("percentile: 0% has no nearest rank; give a percentage above 0%")
    return Fraction(value)


def _rank(p: Fraction, count: int) -> int:
    """The nearest rank of ``p`` among ``count`` values: ``ceil(p × count)``, 1-based."""
    return -((-p.numerator * count) // p.denominator)


def _latency_us(items: Iterable[timedelta | LatencySample]) -> list[int]:
    if isinstance(items, str | bytes | timedelta | LatencySample):
        raise WrongTypeError(
            f"latencies must be a list (or other iterable) of timedelta or LatencySample, "
            f"not {type(items).__name__}"
        )
    found = []
    one = timedelta(microseconds=1)
    for index, item in enumerate(items):
        value = item.latency if isinstance(item, LatencySample) else item
        if not isinstance(value, timedelta):
            raise WrongTypeError(
                f"latency {index}: {shown(value)} ({type(value).__name__}) is not a timedelta "
                "or a LatencySample"
            )
        if value < _ZERO:
            raise UsageError(f"latency {index}: {value} is negative; a latency is 0 or more")
        found.append(value // one)
    if not found:
        raise UsageError("no latencies: a percentile or share of no requests is undefined")
    return found


def _threshold(value: timedelta | str) -> timedelta:
    if isinstance(value, str):
        try:
            value = parse_duration(value)
        except SlakitError as error:
            raise UsageError(f"threshold: {error}") from None
    if not isinstance(value, timedelta):
        raise WrongTypeError(
            f"threshold must be a timedelta or duration text, not {type(value).__name__}"
        )
    if value < _ZERO:
        raise UsageError(f"threshold: {value} is negative; give a duration of 0 or more")
    return value


def percentile(latencies: Iterable[timedelta | LatencySample], p: Decimal | str) -> timedelta:
    """The ``p`` percentile of exact latencies, by the nearest rank.

    Sorted ascending, the value at rank ``ceil(p × n)`` (1-based): the
    smallest latency that at least ``p`` of the requests are within. It is
    always one of the latencies given, never an interpolation.

    >>> from datetime import timedelta
    >>> latencies = [timedelta(milliseconds=ms) for ms in (300, 100, 200, 400)]
    >>> percentile(latencies, "50%"), percentile(latencies, "51%"), percentile(latencies, "1")
    (datetime.timedelta(microseconds=200000), datetime.timedelta(microseconds=300000), \
datetime.timedelta(microseconds=400000))

    Args:
        latencies: ``timedelta`` values or :class:`LatencySample` values.
        p: a percentage above 0 and at most 100%: ``"95%"``, ``"99.9%"``, or a
            fraction ``Decimal("0.95")`` / ``"0.95"`` (never a float).

    Raises:
        UsageError: no latencies, a negative latency, or ``p`` not in (0%, 100%].
        WrongTypeError: an item is neither a timedelta nor a sample.
    """
    fraction = _fraction(p)
    values = sorted(_latency_us(latencies))
    return timedelta(microseconds=values[_rank(fraction, len(values)) - 1])


def share_within(
    latencies: Iterable[timedelta | LatencySample], threshold: timedelta | str
) -> Fraction:
    """The exact share of requests whose latency is within ``threshold`` (``<=``).

    >>> from datetime import timedelta
    >>> share_within([timedelta(seconds=s) for s in (1, 2, 3)], "2s")
    Fraction(2, 3)

    Args:
        latencies: ``timedelta`` values or :class:`LatencySample` values.
        threshold: a ``timedelta`` or duration text (``"2s"``, ``"500ms"`` is not
            accepted: write ``"0.5s"``).

    Raises:
        UsageError: no latencies, a negative latency or threshold.
        WrongTypeError: an item is neither a timedelta nor a sample.
    """
    limit = _threshold(threshold) // timedelta(microseconds=1)
    values = _latency_us(latencies)
    return Fraction(sum(1 for value in values if value <= limit), len(values))


class LatencyHistogram(SlakitModel):
    """Request latencies counted in buckets over a window ``[start, end)``, as Prometheus does.

    ``bounds`` are the finite bucket upper bounds (``le``), strictly
    increasing; ``counts[i]`` is the **cumulative** number of requests with
    latency ``<= bounds[i]``; ``total`` is every request (the ``+Inf``
    bucket). ``contracts`` names the contracts the requests were for; none
    (the default) means every contract. ``service`` is free text.

    >>> from datetime import UTC, datetime, timedelta
    >>> LatencyHistogram(start=datetime(2026, 10, 1, tzinfo=UTC),
    ...                  end=datetime(2026, 11, 1, tzinfo=UTC),
    ...                  bounds=(timedelta(seconds=1), timedelta(seconds=2)),
    ...                  counts=(90, 80), total=100)
    Traceback (most recent call last):
    ...
    slakit.errors.UsageError: invalid LatencyHistogram: counts: the count at le=2s (80) is \
below the count at le=1s (90); counts are cumulative (requests within each bound), so they \
never go down
    """

    _error: ClassVar[type[SlakitError]] = UsageError

    start: AwareDatetime
    end: AwareDatetime
    bounds: tuple[timedelta, ...]
    counts: tuple[_Count, ...]
    total: _Count
    contracts: ContractIds = ()
    service: str = ""

    @model_validator(mode="after")
    def _buckets(self) -> LatencyHistogram:
        # Instants, not datetimes: two in one zone compare by wall time, ignoring DST folds.
        if to_us(self.end, "end") <= to_us(self.start, "start"):
            raise ValueError(
                f"end ({self.end.isoformat()}) is not after start ({self.start.isoformat()})"
            )
        if len(self.bounds) != len(self.counts):
            raise ValueError(
                f"{len(self.bounds)} bounds but {len(self.counts)} counts; give one count per bound"
            )
        for index, bound in enumerate(self.bounds):
            _check_latency(bound, "bucket bound")
            if index and bound <= self.bounds[index - 1]:
                raise ValueError(
                    f"bounds: le={latency_text(bound)} does not come after le="
                    f"{latency_text(self.bounds[index - 1])}; bounds are strictly increasing"
                )
        if any(count < 0 for count in (*self.counts, self.total)):
            raise ValueError("a count is negative; counts are numbers of requests, 0 or more")
        for index in range(1, len(self.counts)):
            if self.counts[index] < self.counts[index - 1]:
                raise ValueError(
                    f"counts: the count at le={latency_text(self.bounds[index])} "
                    f"({self.counts[index]}) is below the count at le="
                    f"{latency_text(self.bounds[index - 1])} ({self.counts[index - 1]}); "
                    "counts are cumulative (requests within each bound), so they never go down"
                )
        if self.counts and self.total < self.counts[-1]:
            raise ValueError(
                f"total: {self.total} is below the count at le={latency_text(self.bounds[-1])} "
                f"({self.counts[-1]}); the total (+Inf bucket) counts every request"
            )
        return self

    @property
    def count(self) -> int:
        """How many requests the histogram counts (its ``+Inf`` bucket)."""
        return self.total

    def hits(self, contract_id: str) -> bool:
        """Whether these requests count for ``contract_id``: it names it, or names none."""
        return not self.contracts or contract_id in self.contracts

    def _requests(self) -> int:
        if not self.total:
            raise UsageError(
                f"the histogram of {self.start.isoformat()} to {self.end.isoformat()} counts "
                "no requests: a percentile or share of no requests is undefined"
            )
        return self.total

    def percentile(self, p: Decimal | str) -> timedelta | None:
        """The smallest bucket upper bound whose cumulative count reaches the nearest rank.

        The rank is ``ceil(p × total)``, as for samples. The true percentile
        lies in that bucket, at most its bound. ``None`` when only the
        ``+Inf`` bucket reaches the rank: the percentile is above the largest
        finite bound, by how much the histogram cannot say.

        >>> from datetime import UTC, datetime, timedelta
        >>> histogram = LatencyHistogram(
        ...     start=datetime(2026, 10, 1, tzinfo=UTC), end=datetime(2026, 11, 1, tzinfo=UTC),
        ...     bounds=(timedelta(seconds=1),), counts=(90,), total=100)
        >>> histogram.percentile("90%"), histogram.percentile("91%")
        (datetime.timedelta(seconds=1), None)

        Raises:
            UsageError: the histogram counts no requests, or ``p`` is not in (0%, 100%].
        """
        fraction = _fraction(p)
        rank = _rank(fraction, self._requests())
        for bound, count in zip(self.bounds, self.counts, strict=True):
            if count >= rank:
                return bound
        return None

    def share_range(self, threshold: timedelta | str) -> tuple[Fraction, Fraction]:
        """The least and the most the share of requests within ``threshold`` can be.

        The low end counts the requests within the largest bound at or below
        ``threshold`` (none if there is none); the high end those within the
        smallest bound at or above it (every request if there is none). They
        are equal when ``threshold`` is a bound.

        >>> from datetime import UTC, datetime, timedelta
        >>> histogram = LatencyHistogram(
        ...     start=datetime(2026, 10, 1, tzinfo=UTC), end=datetime(2026, 11, 1, tzinfo=UTC),
        ...     bounds=(timedelta(seconds=1), timedelta(seconds=5)), counts=(90, 99), total=100)
        >>> histogram.share_range("2s")
        (Fraction(9, 10), Fraction(99, 100))

        Raises:
            UsageError: the histogram counts no requests, or a negative threshold.
        """
        limit = _threshold(threshold)
        total = self._requests()
        low = max((c for b, c in zip(self.bounds, self.counts, strict=True) if b <= limit),
                  default=0)  # fmt: skip
        high = min((c for b, c in zip(self.bounds, self.counts, strict=True) if b >= limit),
                   default=total)  # fmt: skip
        return Fraction(low, total), Fraction(high, total)

    def share_within(self, threshold: timedelta | str) -> Fraction:
        """The exact share of requests within ``threshold``, which must be a bucket bound.

        >>> from datetime import UTC, datetime, timedelta
        >>> histogram = LatencyHistogram(
        ...     start=datetime(2026, 10, 1, tzinfo=UTC), end=datetime(2026, 11, 1, tzinfo=UTC),
        ...     bounds=(timedelta(seconds=1), timedelta(seconds=5)), counts=(90, 99), total=100)
        >>> histogram.share_within("5s")
        Fraction(99, 100)
        >>> histogram.share_within("2s")
        Traceback (most recent call last):
        ...
        slakit.errors.UsageError: 2s is not a bucket bound of this histogram (its bounds: \
1s, 5s); the share of requests within it lies between 9/10 and 99/100, and only a bound \
decides it: measure against a bound, or export a bucket at le=2s

        Raises:
            UsageError: ``threshold`` is not a bound (the message gives the range the
                share lies in; see :meth:`share_range`), or the histogram counts no
                requests.
        """
        limit = _threshold(threshold)
        low, high = self.share_range(limit)
        if limit not in self.bounds:
            bounds = ", ".join(latency_text(bound) for bound in self.bounds) or "none but +Inf"
            raise UsageError(
                f"{latency_text(limit)} is not a bucket bound of this histogram (its bounds: "
                f"{bounds}); the share of requests within it lies between {low} and {high}, "
                "and only a bound decides it: measure against a bound, or export a bucket "
                f"at le={latency_text(limit)}"
            )
        return low


def merge_histograms(histograms: Iterable[LatencyHistogram]) -> LatencyHistogram:
    """Histograms with the same bounds added up: their counts and totals summed.

    The window runs from the earliest start to the latest end (the windows
    are not checked for gaps or overlaps: give each request's bucket once).
    ``contracts`` is every contract named, or none if one of them names none
    (every contract); ``service`` is the common one, or ``""``.

    >>> from datetime import UTC, datetime, timedelta
    >>> def week(day, counts, total):
    ...     return LatencyHistogram(start=datetime(2026, 10, day, tzinfo=UTC),
    ...                             end=datetime(2026, 10, day + 7, tzinfo=UTC),
    ...                             bounds=(timedelta(seconds=2),), counts=counts, total=total)
    >>> merged = merge_histograms([week(1, (95,), 100), week(8, (50,), 50)])
    >>> merged.counts, merged.total, merged.end.day
    ((145,), 150, 15)

    Raises:
        UsageError: no histograms, or two with different bounds.
        WrongTypeError: an item is not a :class:`LatencyHistogram`.
    """
    items: Sequence[Any] = list(histograms)
    if not items:
        raise UsageError("no histograms to merge")
    for index, item in enumerate(items):
        if not isinstance(item, LatencyHistogram):
            raise WrongTypeError(
                f"histogram {index} is a {type(item).__name__}, not a LatencyHistogram"
            )
    first: LatencyHistogram = items[0]
    for index, item in enumerate(items[1:], start=1):
        if item.bounds != first.bounds:
            mine = ", ".join(latency_text(bound) for bound in item.bounds)
            theirs = ", ".join(latency_text(bound) for bound in first.bounds)
            raise UsageError(
                f"histogram {index} has the bounds {mine or 'none'}, histogram 0 has "
                f"{theirs or 'none'}; only histograms with the same buckets add up"
            )
    contracts: tuple[str, ...] = ()
    if all(item.contracts for item in items):
        contracts = tuple(dict.fromkeys(name for item in items for name in item.contracts))
    services = {item.service for item in items}
    return LatencyHistogram(
        start=min(items, key=lambda item: to_us(item.start, "start")).start,
        end=max(items, key=lambda item: to_us(item.end, "end")).end,
        bounds=first.bounds,
        counts=tuple(sum(column) for column in zip(*(item.counts for item in items), strict=True)),
        total=sum(item.total for item in items),
        contracts=contracts,
        service=services.pop() if len(services) == 1 else "",
    )
