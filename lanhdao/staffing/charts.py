"""Trend charts of staffing as inline SVG, drawn on the server: no JavaScript library, nothing from the internet, and
no `style` attribute (the CSP allows styles from the stylesheet only) — colours and strokes are SVG attributes.

The functions compute coordinates; the templates `staffing/_trend.html` and `_spark.html` draw them. Every
coordinate leaves here as a string with a dot for decimals (`c()`): the template's number formatting follows the
language, and Vietnamese would write 12,5, which SVG reads as two numbers.
"""

import dataclasses
import math

from .selectors import Figures, Progress

ASSIGNED_COLOUR = "#0b57a4"
HEADCOUNT_COLOUR = "#c25e00"
TARGET_COLOUR = "#6b6b70"


def c(value: float) -> str:
    """A coordinate for an SVG attribute."""
    return f"{value:.1f}".removesuffix(".0")


@dataclasses.dataclass
class Point:
    x: str
    y: str
    value: int
    year: int


@dataclasses.dataclass
class Series:
    name: str
    colour: str
    points: list[Point]

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


def axis(low: int, high: int, ticks: int = 4) -> tuple[int, int, int]:
    """A y axis around [low, high]: (bottom, top, step) on round numbers (1, 2 or 5 times a power of ten). It need
    not start at zero: a 10 % cut would be a flat line on an axis from zero."""
    span = max(high - low, 1)
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * power for m in (1, 2, 5, 10) if raw <= m * power)
    bottom, top = (low // step) * step, -(-high // step) * step
    if top == bottom:
        top = bottom + step
    return bottom, top, step


def trend_chart(
    trend: list[tuple[int, Figures]],
    progress: Progress | None = None,
    *,
    width: int = 640,
    height: int = 240,
    labels: dict[str, str] | None = None,
) -> dict:
    """Quota assigned and headcount, year by year, with the target's limit as a dashed line over its years."""
    labels = labels or {}
    left, right, top, bottom = 48, 16, 16, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    years = [y for y, _f in trend]
    limit = progress.limit if progress is not None and progress.known else None
    values = [v for _y, f in trend if f.rows for v in (f.assigned, f.headcount)] + (
        [limit] if limit is not None else []
    )
    low, high, step = axis(min(values, default=0), max(values, default=0))

    def x_of(year: int) -> float:
        if len(years) == 1:
            return left + plot_w / 2
        return left + plot_w * (year - years[0]) / (years[-1] - years[0])

    def y_of(value: float) -> float:
        return top + plot_h * (1 - (value - low) / (high - low))

    def line(name: str, colour: str, attribute: str) -> Series:
        return Series(
            name,
            colour,
            [
                Point(c(x_of(y)), c(y_of(getattr(f, attribute))), getattr(f, attribute), y)
                for y, f in trend
                if f.rows  # a year without rows is a gap, not a zero
            ],
        )

    target = None
    if limit is not None and years:
        first, last = max(progress.target.base_year, years[0]), min(progress.target.target_year, years[-1])
        if first <= last:
            target = {
                "x1": c(x_of(first)),
                "x2": c(x_of(last)),
                "y": c(y_of(limit)),
                "value": limit,
                "year": progress.target.target_year,
            }
    return {
        "width": c(width),
        "height": c(height),
        "left": c(left),
        "right": c(width - right),
        "bottom": c(top + plot_h),
        "tick_x": c(left - 6),
        "year_y": c(top + plot_h + 18),
        "ticks": [{"y": c(y_of(v)), "value": v} for v in range(low, high + 1, step)],
        "years": [{"x": c(x_of(y)), "year": str(y)} for y in years],
        "series": [
            line(labels.get("assigned", "assigned"), ASSIGNED_COLOUR, "assigned"),
            line(labels.get("headcount", "headcount"), HEADCOUNT_COLOUR, "headcount"),
        ],
        "target": target,
        "target_colour": TARGET_COLOUR,
        "empty": not any(f.rows for _y, f in trend),
    }


def sparkline(trend: list[tuple[int, Figures]], *, width: int = 96, height: int = 24) -> dict:
    """A small line of the quota and one of the headcount over the years, for a table row."""
    years = [y for y, _f in trend]
    values = [v for _y, f in trend if f.rows for v in (f.assigned, f.headcount)]
    # from at most 80 % of the peak: a change of one person in twenty stays small
    high = max(values, default=0)
    low = min([*values, high * 0.8], default=0)
    high = high if high > low else low + 1
    pad = 2

    def x_of(i: int) -> float:
        return pad + (width - 2 * pad) * (i / (len(years) - 1) if len(years) > 1 else 0.5)

    def y_of(value: int) -> float:
        return pad + (height - 2 * pad) * (1 - (value - low) / (high - low))

    def line(colour: str, attribute: str) -> Series:
        points = [
            Point(c(x_of(i)), c(y_of(getattr(f, attribute))), getattr(f, attribute), y)
            for i, (y, f) in enumerate(trend)
            if f.rows
        ]
        return Series(attribute, colour, points)

    return {
        "width": c(width),
        "height": c(height),
        "series": [line(ASSIGNED_COLOUR, "assigned"), line(HEADCOUNT_COLOUR, "headcount")],
        "empty": not any(f.rows for _y, f in trend),
    }
