"""Reading the graph's dates and amounts for tables and charts, without losing what the sources left vague.

Dates keep the precision their source gave (xsd:date, xsd:gYearMonth, xsd:gYear, and from extraction xsd:gMonth
"--06" or xsd:gMonthDay "--06-14" when the document has no date to take a year from): ``year`` places each on a
year or says it cannot. Amounts may be bounds ("over $300 million" is schema:minValue with bo:more-than):
``Amount`` keeps the bound and writes it as one ("> 300 million USD").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_WITH_YEAR = re.compile(r"(-?\d{4,})(?:-\d{2}){0,2}(?:T[\d:.]+)?(?:Z|[+-]\d{2}:\d{2})?")
_WITHOUT_YEAR = re.compile(r"--\d{2}(?:-\d{2})?(?:Z|[+-]\d{2}:\d{2})?")


def year(value, document_date=None) -> int | None:
    """The year of a date literal at any precision. A date without a year takes its document's year, as the
    extractor itself completes dates; with no document date either (or no date at all) it has no year: None."""
    text = _text(value)
    if text is None:
        return None
    found = _WITH_YEAR.fullmatch(text)
    if found:
        return int(found.group(1))
    if _WITHOUT_YEAR.fullmatch(text) and _WITH_YEAR.fullmatch(_text(document_date) or ""):
        return year(document_date)
    return None


# Each approximation (ontology/bilat.ttl, scheme bo:Approximations) with the sign it is written with.
SIGNS = {"exact": "", "about-value": "≈ ", "more-than": "> ", "at-least": "≥ ", "less-than": "< ", "at-most": "≤ "}


@dataclass(frozen=True)
class Amount:
    """A figure as the graph states it: an exact or approximate value, or one or two bounds."""

    value: float | None = None
    minimum: float | None = None
    maximum: float | None = None
    approximation: str = "exact"  # local name in bo:Approximations
    currency: str = ""

    @classmethod
    def of(cls, value=None, minimum=None, maximum=None, approximation=None, currency=None) -> Amount:
        """From a query's strings (missing values may be None or pandas' NaN; the approximation may be a prefixed
        name such as "bo:more-than")."""
        kind = (_text(approximation) or "exact").rsplit(":", 1)[-1].rsplit("#", 1)[-1]
        return cls(_number(value), _number(minimum), _number(maximum), kind, _text(currency) or "")

    @property
    def low(self) -> float:
        """What the amount is at least (0 when only an upper bound is known): the part a chart draws solid."""
        if self.value is not None:
            return self.value
        return self.minimum if self.minimum is not None else 0.0

    @property
    def high(self) -> float | None:
        """What the amount is at most; None when it is open-ended ("over …") or not a number at all."""
        if self.value is not None:
            return self.value
        return self.maximum

    @property
    def is_bound(self) -> bool:
        return self.value is None

    def text(self) -> str:
        """The amount with its bound written as one: "> 300 million USD", "30–40 million USD", "≈ 200 million"."""
        unit = f" {self.currency}" if self.currency else ""
        if self.approximation == "unquantified" or (self.value is None and self.minimum is None
                                                     and self.maximum is None):
            return "unquantified"
        if self.value is None and self.minimum is not None and self.maximum is not None:
            return f"{_scaled(self.minimum, self.maximum)}–{_scaled(self.maximum)}{unit}"
        number = next(n for n in (self.value, self.minimum, self.maximum) if n is not None)
        return f"{SIGNS.get(self.approximation, '')}{_scaled(number)}{unit}"


_SCALES = ((1e9, "billion"), (1e6, "million"))


def _scaled(number: float, scale_of: float | None = None) -> str:
    """A number in words of its scale ("1.5 billion", "300 million", "52"); ``scale_of`` sets the scale from
    another number, so both ends of a range read alike ("30–40 million", not "30 million–40 million")."""
    reference = abs(scale_of if scale_of is not None else number)
    for size, word in _SCALES:
        if reference >= size:
            shown = f"{number / size:,.2f}".rstrip("0").rstrip(".")
            return shown if scale_of is not None else f"{shown} {word}"
    return f"{number:,.0f}" if number == int(number) else f"{number:,}"


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value).strip() or None


def _number(value) -> float | None:
    text = _text(value)
    return None if text is None else float(text)
