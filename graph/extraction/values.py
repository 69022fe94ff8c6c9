"""Values: the figures (money, percentages, counts, measures, durations, ages) and dates a text states.

Pure functions over a string; the knowledge they use (currencies, scale and number words, qualifiers, units, month
names) is data in ``graph/rules/values.toml``, read and compiled once, on first use.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path

from graph.corpus import key_line, parse_toml, read_text
from graph.errors import BilatError

RULES_FILE = Path(__file__).resolve().parent.parent / "rules" / "values.toml"
APPROXIMATIONS = ("exact", "about-value", "more-than", "at-least", "at-most", "less-than", "range")
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
YEAR = r"(?:19|20)\d{2}"
MAX_AGE = 110


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    text: str  # text[start:end]: qualifier, currency, number, scale and unit of measure as stated; not a count's noun
    kind: str  # money, percent, count, measure, duration, age, ordinal
    value: Decimal | None  # the number when exact or approximate; None for bounds and ranges
    minimum: Decimal | None
    maximum: Decimal | None
    approximation: str  # one of APPROXIMATIONS
    currency: str | None  # ISO 4217, for money
    unit: str | None  # a count's noun, or the unit of a measure, duration or age, as written (or shared: same_unit_as)
    same_unit_as: int | None = None  # index of the quantity whose kind, currency and unit an elliptical item shares
    conversion_of: int | None = None  # index of the amount this one restates in another currency


@dataclass(frozen=True)
class DateValue:
    start: int
    end: int
    text: str
    value: str  # xsd lexical form at the stated precision: 2013-07-21, 2013-07, 2013, --07-21, --07
    precision: str  # day, month, year, range
    end_value: str | None = None  # a range's last day or year
    note: str = ""  # how the value was completed, when it was


# --- rules -----------------------------------------------------------------------------------------------------------

def _strings(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, str) and item for item in value)


def _table(test):
    return lambda value: isinstance(value, dict) and bool(value) and all(test(v) for v in value.values())


RULE_VALUES = {
    "text": (lambda value: isinstance(value, str) and bool(value), "a non-empty string"),
    "strings": (_strings, "a non-empty array of non-empty strings"),
    "numbers": (_table(lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0),
                "a table of positive integers"),
    "currencies": (_table(lambda v: isinstance(v, str) and re.fullmatch(r"[A-Z]{3}", v) is not None),
                   "a table of ISO 4217 codes (three capital letters)"),
    "approximations": (_table(lambda v: v in APPROXIMATIONS[1:-1]),
                       f"a table whose values are among {', '.join(APPROXIMATIONS[1:-1])}"),
    "months": (_table(lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 12),
               "a table of month numbers (1 to 12)"),
}
# Qualifiers that are also prepositions ("under a grant", "over the project"): a bound only when they do not
# govern a noun the amount qualifies.
PREPOSITIONS = ("under", "over", "below", "above")
RULE_KEYS = {"version": "text", "one_with_scale": "strings", "percent_words": "strings", "duration_units": "strings",
             "measure_units": "strings", "reference_words": "strings", "time_words": "strings",
             "not_units": "strings", "not_plural": "strings", "irregular_plurals": "strings",
             "currency_before": "currencies", "currency_after": "currencies", "scales": "numbers",
             "scale_abbreviations": "numbers", "number_words": "numbers", "qualifiers": "approximations",
             "months": "months", "furniture_words": "strings", "amount_nouns": "strings", "particle_verbs": "strings",
             "period_verbs": "strings",
             "weekdays": "strings"}


def _alternatives(words, glued: bool = False) -> str:
    """A regex alternation of ``words``, longest first so that "more than" wins over "more"; a space matches any
    run of white space. A word matches as a whole word, except that a ``glued`` one may follow a digit ("5km")."""
    parts = []
    for word in sorted(words, key=len, reverse=True):
        pattern = re.escape(word).replace(r"\ ", r"\s+")
        if word[0].isalnum():
            pattern = (r"(?<![A-Za-z])" if glued else r"(?<!\w)") + pattern
        if word[-1].isalnum():
            pattern += r"(?!\w)"
        parts.append(pattern)
    return "(?:" + "|".join(parts) + ")"


def _key(text: str) -> str:
    return " ".join(text.lower().split())


class Rules:
    """values.toml, checked and compiled."""

    def __init__(self, data: dict):
        self.data = d = data
        self.version: str = data["version"]
        words, scales = d["number_words"], d["scales"]
        first = _alternatives([*words, *d["one_with_scale"]])
        multiplier = _alternatives([w for w, v in words.items() if v == 12] + list(scales))
        one = _alternatives(d["one_with_scale"])
        # A phrase of number words: "sixty-four", "two million", "three hundred and twenty", "a dozen".
        # "one"/"a" start one only before a multiplier: alone they are not figures.
        word_phrase = (rf"(?:{one}(?=[\s-]+{multiplier})|(?!{one}){first})"
                       rf"(?:(?:[\s-]+|(?<=hundred)\s+and\s+)(?:{_alternatives([*words, *scales])}))*")
        self.compiled = {
            "number": re.compile(rf"(?<![\w.,:/+])(?<![A-Za-z]-)"
                                 rf"(?:(?P<digits>{DIGITS})|(?i:(?P<words>{word_phrase})))"),
            "currency_before": re.compile(rf"(?i:{_alternatives(d['currency_before'])})"),
            "before": re.compile(
                rf"(?i:(?P<between>\bbetween\s+)|(?P<from>\bfrom\s+))?(?i:(?P<qual>{_alternatives(d['qualifiers'])})\s+)?"
                rf"(?i:(?P<cur>{_alternatives(d['currency_before'])})\s?)?$"),
            "code": re.compile(r"[A-Z]{2,}[A-Z0-9]*"),
            "named": re.compile(r"[A-Z][\w’'-]*,"),
            "line_start": re.compile(r"[ \t•*·–-]*\(?"),
            "abbreviation": re.compile(rf"\s?(?P<abbr>(?i:{_alternatives(d['scale_abbreviations'], glued=True)}))"),
            "scale": re.compile(rf"[\s-]+(?P<scale>(?i:{_alternatives(scales)}))\b"),
            "percent": re.compile(rf"\s*(?i:{_alternatives(d['percent_words'])})"),
            "currency_after": re.compile(rf"[\s-]*(?P<cur>(?i:{_alternatives(d['currency_after'])}))"),
            "time": re.compile(rf"\s*(?:[:.]\d|(?i:{_alternatives(d['time_words'])}))"),
            "ordinal": re.compile(r"(?:st|nd|rd|th)\b"),
            "decade": re.compile(r"s\b"),
            "age": re.compile(r"(?i:[\s-]+years?[\s-]+old)\b"),
            "duration": re.compile(rf"(?i:[\s-]+(?P<unit>{_alternatives(d['duration_units'])}))"),
            "measure": re.compile(rf"(?i:[\s-]*(?P<unit>{_alternatives(d['measure_units'], glued=True)}))"),
            "range": re.compile(r"\s*(?:[-–—]|\bto\b)\s*"),
            "range_and": re.compile(r"\s+and\s+"),
            "list_end": re.compile(r"(?:[.)]\s|[.)]?[ \t]*(?:\n|$))"),
            "age_end": re.compile(r"\s*(?:[,;)]|\s[-–—]\s)"),
            "phone": re.compile(r"\d{2,4}(?:[ -]\d{2,4}){2,}"),
            "of_the": re.compile(r"\s+of\s+(?:the|them|these|those)\s+"),
            "copula": re.compile(r"\s+(?:were|are)\s+(?=[A-Z])"),
            "gap": re.compile(r"[ \t]+\n?[ \t]*|\n[ \t]*"),
            "hyphen": re.compile(r"-(?=[A-Za-z])"),
            "word": re.compile(r"[A-Za-z][A-Za-z’'-]*"),
            # "51 in A, 15 in B", "128,423 visitors compared to Japan's 118,157": a number continuing a list or a
            # comparison shares the unit of the one before
            "list_gap": re.compile(r"[^.;!?\n]*?(?:,|;|\band|\b(?:compared\s+(?:to|with)|against|versus|vs\.?)"
                                   r"(?:\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*[’']s?)?)\s*$"),
            "item_end": re.compile(r"\s+(?:in|at|from|for|by|on|during|to|with|among)\b|\s*(?:[,;.)]|$)"),
            "conversion_gap": re.compile(r"\s*(?:\(|,?\s*or|,?\s*\(or|—|–)\s*$"),
            "reference_list": re.compile(r"\s*(?:,|&|\band\b|[-–]|\bto\b)\s*$"),
        }
        self.lower = {key: {_key(k): v for k, v in d[key].items()} for key in
                      ("currency_before", "currency_after", "scales", "scale_abbreviations", "number_words",
                       "qualifiers")}
        self.sets = {key: frozenset(_key(w) for w in d[key]) for key in
                     ("one_with_scale", "not_units", "not_plural", "irregular_plurals", "reference_words")}
        # The words a qualifier, currency or range opener ends with: only a number after one of them needs the
        # (slower) search for what comes before it.
        self.openers = frozenset(_key(w).split()[-1] for w in [*d["qualifiers"], *d["currency_before"],
                                                               "between", "from"])
        self.no_context = self.compiled["before"].match("")
        self.month_names = frozenset(d["months"])
        self.furniture = tuple(_key(w) for w in d["furniture_words"])
        months = _alternatives(d["months"])
        # the month names' first letters, looked ahead for first: one test at each word instead of one per name
        initials = "".join(sorted({re.escape(m[0]) for m in d["months"]}))
        month = rf"(?P<month>(?=[{initials}]){months})\.?"
        day = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
        year = rf"(?P<year>{YEAR})"
        units = _alternatives([*d["scales"], *d["currency_after"], *d["percent_words"]])
        # Most specific first: a span taken by one pattern is not read again by a later one. A month alone is a date
        # only after a preposition of time ("in July", "mid-July"): "May" alone is as often a verb or a name.
        self.date_patterns = (
            ("iso", re.compile(rf"\b{year}(?P<sep>[-./])(?P<mon>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}})\b")),
            ("days", re.compile(rf"\b(?P<day>\d{{1,2}})\s*[-–]\s*(?P<day2>\d{{1,2}})\s+{month}(?:,?\s+{year})?\b")),
            ("days", re.compile(rf"\b{month}\s+(?P<day>\d{{1,2}})\s*[-–]\s*(?P<day2>\d{{1,2}})(?:,?\s+{year})?\b")),
            ("day", re.compile(rf"\b{month}\s+{day}(?:,?\s+{year})?\b")),
            ("day", re.compile(rf"\b{day}\s+(?:of\s+)?{month}(?:,?\s+{year})?\b")),
            ("month", re.compile(rf"\b{month},?\s+(?:of\s+)?{year}\b")),
            ("years", re.compile(rf"(?i:\b(?:from|between)\s+){year}\s+(?i:to|and|through|until|till|-)\s+"
                                 rf"(?P<year2>{YEAR})\b")),
            ("years", re.compile(rf"(?<![\d.,:/-]){year}\s*[-–/]\s*(?P<year2>(?:19|20)?\d{{2}})\b(?![-./]\d)")),
            ("decade", re.compile(r"(?<![\w.,])(?P<year>(?:19|20)\d0)s\b")),
            ("in-month", re.compile(rf"(?i:\b(?:in|on|since|until|till|by|during|from|before|after|through|early|late|"
                                 rf"mid|end\s+of|beginning\s+of|start\s+of))[\s-]+{month}(?!\s*\d)\b")),
            ("year", re.compile(rf"(?<![\w.,:/$£€¥₩-]){year}\b(?![.,:/-]\d)(?!\s*{units})")),
        )


@cache
def rules() -> Rules:
    """The values rules, read once; a missing or broken file is an error naming the file and line."""
    if not RULES_FILE.is_file():
        raise BilatError("the values rules file is missing", RULES_FILE)
    source = read_text(RULES_FILE)
    data = parse_toml(RULES_FILE, source, "values rules")
    for key in sorted(data.keys() - RULE_KEYS.keys()):
        raise BilatError(f"unknown key {key!r} (known: {', '.join(sorted(RULE_KEYS))})", RULES_FILE,
                         key_line(source, key))
    for key, kind in RULE_KEYS.items():
        test, description = RULE_VALUES[kind]
        if key not in data:
            raise BilatError(f"missing key {key!r}", RULES_FILE)
        if not test(data[key]):
            raise BilatError(f"{key!r} must be {description}", RULES_FILE, key_line(source, key))
    return Rules(data)


# --- figures ---------------------------------------------------------------------------------------------------------

@dataclass
class _Figure:
    """One number as written, with what is attached to it: its scale, a percent sign or a currency."""

    start: int
    end: int
    number: Decimal
    scaled: bool = False
    words: bool = False
    percent: bool = False
    currency: str | None = None
    ordinal: bool = False


def names_a_currency(phrase: str) -> bool:
    """Whether a phrase begins with a currency's name of several words that starts with a state's ("US
    dollars", "Korean won"): the state's word there is the currency's, not the state."""
    words = _key(" ".join(re.findall(r"[^\s.,;:!?)]+", phrase[:60]))).split()
    return any(" ".join(words[:size]) in rules().lower["currency_after"] for size in (3, 2))


def _decimal(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _words_value(phrase: str, r: Rules) -> tuple[Decimal, bool] | None:
    """The value of a phrase of number words and whether it has a scale; None when it is no figure ("a" alone)."""
    total, current, scaled = 0, 0, False
    for word in re.findall(r"[a-z]+", phrase.lower()):
        if word == "and":
            continue
        if word in r.sets["one_with_scale"]:
            current += 1
        elif word in r.lower["number_words"]:
            value = r.lower["number_words"][word]
            current = (current or 1) * value if value == 12 else current + value
        else:
            exponent = r.lower["scales"][word]
            scaled = True
            if exponent == 2:
                current = (current or 1) * 100
            else:
                total, current = total + (current or 1) * 10 ** exponent, 0
    value = total + current
    return (Decimal(value), scaled) if value else None


def _figure(text: str, match: re.Match, currency: str | None, r: Rules) -> _Figure | None:
    """The figure whose number ``match`` found, with its scale, percent and currency; None when the letters glued
    to it make it a code ("4G", "2023H1") or it is a time of day."""
    c = r.compiled
    if match.group("words"):
        parsed = _words_value(match.group("words"), r)
        if parsed is None:
            return None
        figure = _Figure(match.start(), match.end(), parsed[0], scaled=parsed[1], words=True, currency=currency)
    else:
        figure = _Figure(match.start(), match.end(), Decimal(match.group("digits").replace(",", "")),
                         currency=currency)
        if c["time"].match(text, figure.end):
            return None
        end = figure.end
        abbreviation = c["abbreviation"].match(text, end)
        scale = c["scale"].match(text, end)
        after = c["currency_after"].match(text, abbreviation.end()) if abbreviation else None
        if abbreviation and (currency or after):
            figure.number *= 10 ** r.lower["scale_abbreviations"][abbreviation.group("abbr").lower()]
            figure.scaled, figure.end = True, abbreviation.end()
        elif scale:
            figure.number *= 10 ** r.lower["scales"][scale.group("scale").lower()]
            figure.scaled, figure.end = True, scale.end()
        elif end < len(text) and text[end].isalpha():
            ordinal = c["ordinal"].match(text, end)
            if ordinal:
                figure.ordinal, figure.end = True, ordinal.end()
                return figure
            measure = c["measure"].match(text, end)
            if not measure or c["decade"].match(text, end):
                return None
    percent = c["percent"].match(text, figure.end)
    if percent:
        figure.percent, figure.end = True, percent.end()
    elif not currency:
        after = c["currency_after"].match(text, figure.end)
        if after:
            figure.currency, figure.end = r.lower["currency_after"][_key(after.group("cur"))], after.end()
    figure.number = _decimal(figure.number)
    return figure


def _second(text: str, position: int, first: _Figure, r: Rules) -> _Figure | None:
    """The high end of a range whose low end is ``first`` and whose connector ends at ``position``."""
    c = r.compiled
    currency = None
    symbol = c["currency_before"].match(text, position)
    if symbol:
        currency = r.lower["currency_before"][_key(symbol.group())]
        position = symbol.end() + (text[symbol.end():symbol.end() + 1] == " ")
    match = c["number"].match(text, position)
    second = _figure(text, match, currency, r) if match else None
    if second is None or second.ordinal or (first.currency and second.currency
                                            and first.currency != second.currency):
        return None
    if first.percent and second.currency or first.currency and second.percent:
        return None  # "rose 14 percent to $1.2 billion": a change and where it ended, no range
    return second


def _unit(text: str, position: int, r: Rules) -> tuple[str, int] | None:
    """The noun a count counts, written right after it, and where it ends: up to three words, ending at the first
    plural ("3,500 Cambodian migrant workers") or, with none, the first word ("12 Chinese", "a 30-member team")."""
    c = r.compiled
    hyphen = c["hyphen"].match(text, position)
    position = hyphen.end() if hyphen else position
    words: list[re.Match] = []
    while len(words) < 3:
        gap = None if hyphen and not words else c["gap"].match(text, position)
        if gap:
            position = gap.end()
        elif words:
            break
        word = c["word"].match(text, position)
        if not word or _key(word.group()) in r.sets["not_units"] or word.group() in r.month_names:
            break
        words.append(word)
        position = word.end()
        if _plural(word.group(), r):
            return text[words[0].start():word.end()], word.end()
    if not words or re.fullmatch(r"[a-z]+ed", words[0].group()):  # "ten agreed": a verb, not what is counted
        return None
    return words[0].group(), words[0].end()


def _plural(word: str, r: Rules) -> bool:
    word = word.lower()
    return word in r.sets["irregular_plurals"] or (word.endswith("s") and word not in r.sets["not_plural"]
                                                   and not word.endswith("ss"))


def _bounds(approximation: str, value: Decimal) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(value, minimum, maximum) of a figure given with a qualifier."""
    if approximation in ("more-than", "at-least"):
        return None, value, None
    if approximation in ("at-most", "less-than"):
        return None, None, value
    return value, None, None


@dataclass(frozen=True)
class _Before:
    """What the words right before a number say about it."""

    context: re.Match  # groups: qualifier, currency, "between" or "from"
    reference: bool  # "Article", "No.", "#": the number names a thing
    code: bool  # an upper-case word that is no currency: "SDG 18"
    aged: bool
    named: bool  # right after a capitalised word and a comma: "Sok Dara, 35,"
    line_start: bool  # nothing but white space or a bullet since the line began


def _before(text: str, start: int, r: Rules) -> _Before:
    c = r.compiled
    window = text[max(0, start - 40):start]
    tokens = window.split()
    last = tokens[-1] if tokens else ""
    key = last.lower().lstrip("([\"'“‘")
    spaced = window[-1:].isspace()
    context = c["before"].search(window) if key in r.openers or key[-1:] in r.openers else r.no_context
    return _Before(context=context,
                   reference=key.rstrip(".") in r.sets["reference_words"] or last.endswith("#"),
                   code=spaced and c["code"].fullmatch(last) is not None and key not in r.lower["currency_before"],
                   aged=spaced and key == "aged",
                   named=spaced and c["named"].fullmatch(last) is not None,
                   line_start=c["line_start"].fullmatch(text, text.rfind("\n", 0, start) + 1, start) is not None)


def _skip(text: str, match: re.Match, before: _Before, r: Rules) -> bool:
    """A number that is not a figure: a name's or a reference's number, a phone or serial number written with a
    leading zero, list numbering."""
    c = r.compiled
    if match.group("words"):
        return False
    digits = match.group("digits")
    if before.reference or before.code:
        return True
    if digits.startswith("0") and len(digits) > 1 and not digits.startswith("0."):
        return True
    if _key(text[match.end():match.end() + 20]).startswith(r.furniture):
        return True  # "4 min read": the page's furniture, not a fact
    if text[match.end():match.end() + 1] == ")" and "(" not in text[max(0, match.start() - 2):match.start()]:
        return True  # "components: 1) training, 2) loans": list numbering inside a line, not "(2)"
    return bool(before.line_start and c["list_end"].match(text, match.end()))


def find_quantities(text: str) -> list[Quantity]:
    """The figures ``text`` states, in order: money, percentages, counts (with the noun they count), measures,
    durations, ages and ordinals; not the numbers of dates, times, names, codes, references or list items."""
    r = rules()
    c = r.compiled
    dates = [(d.start, d.end) for d in find_dates(text, None)]
    found: list[Quantity] = []
    position = 0
    references_end = -1  # where the last reference's number ended: "articles 597 and 598" names both
    for match in c["number"].finditer(text):
        if match.start() < position or any(s < match.end() and match.start() < e for s, e in dates):
            continue
        before = _before(text, match.start(), r)
        if references_end >= 0 and c["reference_list"].match(text[references_end:match.start()]):
            references_end = match.end()
            continue
        phone = c["phone"].match(text, match.start())
        if phone and phone.end() > match.end():
            position = phone.end()
            continue
        if _skip(text, match, before, r):
            references_end = match.end() if before.reference else -1
            continue
        references_end = -1
        context = before.context
        currency = r.lower["currency_before"][_key(context.group("cur"))] if context.group("cur") else None
        figure = _figure(text, match, currency, r)
        if figure is None:
            continue
        quantity = _quantity(text, match, figure, before, r)
        if quantity is not None:
            found.append(quantity)
            position = quantity.end
    return _link(text, found, r)


def _quantity(text: str, match: re.Match, figure: _Figure, before: _Before, r: Rules) -> Quantity | None:
    c = r.compiled
    context = before.context
    start = match.start() - (len(context.group()) - len(context.group("between") or "")
                             - len(context.group("from") or ""))
    approximation = r.lower["qualifiers"][_key(context.group("qual"))] if context.group("qual") else "exact"
    low = high = None
    end = figure.end
    noun = re.match(r"\s+([a-z]+)", text[end:])
    verb = re.search(r"([A-Za-z]+)\s+$", text[:start])
    spread = context.group("qual") and context.group("qual").lower() == "over" and noun and \
        noun.group(1) in r.data["duration_units"] and bool(
            {w.lower() for w in re.findall(r"[A-Za-z]+", text[:start])[-6:]} & set(r.data["period_verbs"]))
    if context.group("qual") and context.group("qual").lower() in PREPOSITIONS and (
            noun and noun.group(1) in r.data["amount_nouns"]
            or verb and verb.group(1).lower() in r.data["particle_verbs"] or spread):
        # "implemented under 8.95 million USD grant aids": a preposition before a grant, not a bound;
        # "handed over 15 trucks": the particle of a phrasal verb, not a bound; "repay … over 40 years": a period
        approximation = "exact"
        qualifier = re.match(rf"\s*{re.escape(context.group('qual'))}\s+", text[start:match.start()], re.I)
        start += qualifier.end() if qualifier else 0
    if not figure.ordinal and approximation == "exact" and not context.group("from"):
        connector = (c["range_and"] if context.group("between") else c["range"]).match(text, figure.end)
        second = _second(text, connector.end(), figure, r) if connector else None
        if second:
            low = figure.number
            unscaled = _unscaled(text, second, r)
            if second.scaled and not figure.scaled and low < unscaled:  # "5 to 10 million": 5 million
                low = _decimal(low * second.number / unscaled)
            if low < second.number:
                high, end, approximation = second.number, second.end, "range"
                figure.percent = figure.percent or second.percent
                figure.currency = figure.currency or second.currency
                if context.group("between"):
                    start = match.start() - len(context.group())
    if approximation == "range":
        value, minimum, maximum = None, low, high
    else:
        value, minimum, maximum = _bounds(approximation, figure.number)
    kind, unit = "count", None
    if figure.ordinal:
        kind = "ordinal"
    elif figure.percent:
        kind = "percent"
    elif figure.currency:
        kind = "money"
    else:
        kind, unit, end, noun_end = _measured(text, end, before, r)
        if kind == "count" and noun_end is None and figure.words and not figure.scaled:
            return None  # number words are figures only with what they count ("Sixty-four Koreans")
    if figure.ordinal:
        unit = (_unit(text, end, r) or (None, 0))[0]
    return Quantity(start, end, text[start:end], kind, value, minimum, maximum, approximation, figure.currency,
                    unit)


def _unscaled(text: str, figure: _Figure, r: Rules) -> Decimal:
    """The number of a scaled figure as written before its scale word ("10" of "10 million")."""
    match = r.compiled["number"].match(text, figure.start)
    if match.group("words"):
        return Decimal(1)
    return Decimal(match.group("digits").replace(",", ""))


def _measured(text: str, end: int, before: _Before, r: Rules) -> tuple[str, str | None, int, int | None]:
    """(kind, unit, end of the quantity's text, end of a count's noun) of a figure with no currency or percent."""
    c = r.compiled
    age = c["age"].match(text, end)
    if age:
        return "age", "years", age.end(), age.end()
    duration = c["duration"].match(text, end)
    if duration:
        return "duration", duration.group("unit"), duration.end(), duration.end()
    measure = c["measure"].match(text, end)
    if measure:
        return "measure", " ".join(measure.group("unit").split()), measure.end(), measure.end()
    if before.aged or (before.named and c["age_end"].match(text, end)):
        return "age", "years", end, end
    for lead in (c["of_the"], c["copula"]):
        joined = lead.match(text, end)
        if joined:
            unit = _unit(text, joined.end(), r)
            if unit:
                return "count", unit[0], end, unit[1]
    unit = _unit(text, end, r)
    return ("count", unit[0], end, unit[1]) if unit else ("count", None, end, None)


def _link(text: str, found: list[Quantity], r: Rules) -> list[Quantity]:
    """Elliptical list items take the unit of the item they continue ("51 were held in A, 15 in B"), and an amount
    restated in another currency ("$1.95bn (2.2 trillion won)") points at the amount it converts."""
    c = r.compiled
    linked: list[Quantity] = []
    for index, quantity in enumerate(found):
        previous = linked[index - 1] if index else None
        gap = text[previous.end:quantity.start] if previous else ""
        if (previous and quantity.kind == "count" and quantity.unit is None and previous.kind != "ordinal"
                and c["list_gap"].fullmatch(gap) and c["item_end"].match(text, quantity.end)):
            head = previous.same_unit_as if previous.same_unit_as is not None else index - 1
            shared = linked[head]
            quantity = replace(quantity, kind=shared.kind, currency=shared.currency, unit=shared.unit,
                               same_unit_as=head)
        elif (previous and quantity.kind == previous.kind == "money" and quantity.currency != previous.currency
              and c["conversion_gap"].fullmatch(gap)):
            origin = previous.conversion_of if previous.conversion_of is not None else index - 1
            quantity = replace(quantity, conversion_of=origin)
        linked.append(quantity)
    return linked


# --- dates -----------------------------------------------------------------------------------------------------------

def find_dates(text: str, document_date: str | None) -> list[DateValue]:
    """The calendar dates ``text`` states, each at its stated precision. A day or month without a year takes the
    year of ``document_date`` when that date has one (and says so in ``note``); relative dates ("last year", "on
    Tuesday") give nothing, since no day is guessed."""
    r = rules()
    document_year = str(document_date)[:4] if document_date and str(document_date)[:4].isdigit() else None
    found = [date for kind, match in _date_matches(r.date_patterns, text)
             if (date := _date(kind, match, document_year, r))]
    return sorted(found, key=lambda d: d.start)


@lru_cache(maxsize=16)
def _date_matches(patterns: tuple[tuple[str, re.Pattern], ...], text: str) -> tuple[tuple[str, re.Match], ...]:
    """The matches of the date ``patterns`` in ``text`` that no earlier (more specific) pattern's match
    overlaps, whatever the document's year: kept for the next call on the same text (the extractor reads a
    sentence's dates with its document's date, then its figures read them without)."""
    kept: list[tuple[str, re.Match]] = []
    for kind, pattern in patterns:
        for match in pattern.finditer(text):
            if not any(match.start() < m.end() and m.start() < match.end() for _, m in kept):
                kept.append((kind, match))
    return tuple(kept)


def days_named(text: str, day: str) -> list[DateValue]:
    """The mentions of ``day`` (YYYY-MM-DD, the day a dateline gives) that ``text`` makes by its weekday ("held
    talks on Wednesday" in an article datelined that Wednesday) or as "today". Another weekday is left alone: it
    could be the week before or after."""
    weekday = rules().data["weekdays"][datetime.date.fromisoformat(day).weekday()]
    return [DateValue(match.start(), match.end(), match.group(), day, "day",
                      note=f"the dateline's day, which the text calls {match.group()}")
            for match in re.finditer(rf"\b(?:{weekday}|today)\b", text)]


def _date(kind: str, match: re.Match, document_year: str | None, r: Rules) -> DateValue | None:
    groups = match.groupdict()
    start = match.start("month") if kind == "in-month" else match.start()  # "in July": the date is "July"
    span = (start, match.end(), match.string[start:match.end()])
    if kind in ("years", "decade"):
        first = groups["year"]
        last = str(int(first) + 9) if kind == "decade" else groups["year2"]
        last = first[:2] + last if len(last) == 2 else last
        return DateValue(*span, first, "range", last) if first < last else None
    if kind == "year":
        return DateValue(*span, groups["year"], "year")
    month = int(groups["mon"]) if kind == "iso" else r.data["months"][groups["month"]]
    year, note = groups.get("year"), ""
    if not year and document_year:
        year, note = document_year, f"year {document_year} completed from the document's date"
    if not 1 <= month <= 12:
        return None
    prefix = f"{year}-{month:02d}" if year else f"--{month:02d}"
    if kind in ("month", "in-month"):
        return DateValue(*span, prefix, "month", None, note)
    days_in_month = calendar.monthrange(int(year) if year else 2000, month)[1]
    days = [int(groups["day"])] + ([int(groups["day2"])] if kind == "days" else [])
    if not all(1 <= day <= days_in_month for day in days) or days != sorted(set(days)):
        return None
    if kind == "days":
        return DateValue(*span, f"{prefix}-{days[0]:02d}", "range", f"{prefix}-{days[1]:02d}", note)
    return DateValue(*span, f"{prefix}-{days[0]:02d}", "day", None, note)
