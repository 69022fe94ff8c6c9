"""A SHACL Core validator for the constraints that ontology/shapes.ttl uses, evaluated over a dictionary index of
the data's triples.

pySHACL spends about a second on the seed graph, most of it re-parsing N-Triples into rdflib and walking rdflib's
store term by term; this walks the pyoxigraph terms the build already has. It evaluates a fixed set of SHACL
features (``PARAMETERS``, predicate paths, ``sh:targetClass`` and ``sh:targetSubjectsOf``). A shape that uses
anything else is reported in ``Shapes.unsupported``, and a shape whose value nodes include a typed literal in a
form other than its canonical one raises ``Undecided``: the caller validates those shapes with pySHACL, because
rdflib rewrites such literals (``"05"`` becomes ``"5"``) and judges their well-formedness by rules of its own,
which this module does not imitate. Verdicts are therefore those of pySHACL by construction where they could
differ, and tests/test_validate.py compares the two engines on the seed graph and on injected faults.

Messages are a shape's ``sh:message`` where it has one (as in pySHACL); otherwise a wording of this module's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pyoxigraph as ox

from graph.namespaces import shorten

SH = "http://www.w3.org/ns/shacl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"

TYPE = ox.NamedNode(RDF + "type")
SUBCLASS = ox.NamedNode(RDFS + "subClassOf")
NIL = ox.NamedNode(RDF + "nil")

# Shape parameters this module evaluates; any other sh: predicate on a shape sends the shape to pySHACL.
PARAMETERS = {SH + name for name in (
    "class", "datatype", "minCount", "maxCount", "minInclusive", "maxInclusive", "minLength", "pattern",
    "uniqueLang", "hasValue", "node", "or", "property", "qualifiedValueShape", "qualifiedMinCount")}
ANNOTATIONS = {SH + name for name in ("path", "message", "severity", "targetClass", "targetSubjectsOf",
                                      "name", "description", "order", "group")}

# Lexical forms that rdflib keeps as they are and accepts as well-formed (tests/test_validate.py checks samples
# against rdflib). A typed literal outside them is left to pySHACL: see the module's docstring.
_MONTH, _DAY = r"(0[1-9]|1[0-2])", r"(0[1-9]|[12][0-9]|3[01])"
CANONICAL = {XSD + name: re.compile(pattern) for name, pattern in {
    "boolean": r"true|false",
    "integer": r"-?(0|[1-9][0-9]*)",
    "nonNegativeInteger": r"0|[1-9][0-9]*",
    "decimal": r"-?(0|[1-9][0-9]*)(\.[0-9]+)?",
    "date": rf"[1-9][0-9]{{3}}-{_MONTH}-{_DAY}",
    "gYear": r"[1-9][0-9]{3}",
    "gYearMonth": rf"[1-9][0-9]{{3}}-{_MONTH}",
    "gMonthDay": rf"--{_MONTH}-{_DAY}",
    "gMonth": rf"--{_MONTH}",
}.items()}
PLAIN = {XSD + "string", RDF + "langString"}
NUMERIC = {XSD + "integer", XSD + "nonNegativeInteger", XSD + "decimal"}


class Undecided(Exception):
    """A value whose verdict depends on how rdflib reads literals: the shape goes to pySHACL."""


@dataclass(frozen=True)
class Result:
    severity: str  # "Violation", "Warning" or "Info"
    focus: object
    path: object  # an ox.NamedNode, or None for a node shape's own constraints
    message: str
    value: object  # the value node, or None where SHACL reports none (counts, languages)
    constraint: str  # the constraint component's local name, e.g. "MinCountConstraintComponent"


@dataclass
class Shape:
    node: object
    path: object = None
    severity: str = "Violation"
    message: str | None = None
    constraints: list = field(default_factory=list)  # (parameter local name, argument)
    properties: list = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def references(self):
        """The shapes this one evaluates for conformance (``sh:node``, ``sh:or``, qualified), as opposed to
        ``sh:property``, whose results are its own."""
        for name, argument in self.constraints:
            if name == "node":
                yield argument
            elif name == "or":
                yield from argument
            elif name == "qualifiedValueShape":
                yield argument[0]


@dataclass
class Shapes:
    targeted: list[tuple[Shape, list]]  # each shape with targets, and its targets: ("class"|"subjectsOf", IRI)
    unsupported: dict  # shape node → what this module cannot evaluate in it

    @classmethod
    def parse(cls, text: str) -> Shapes:
        graph: dict = {}
        for triple in ox.parse(text, format=ox.RdfFormat.TURTLE):
            graph.setdefault(triple.subject, {}).setdefault(triple.predicate.value, []).append(triple.object)
        compiled: dict = {}
        targeted = []
        for node in sorted(graph, key=str):
            props = graph[node]
            targets = [(kind, target) for kind, key in (("class", "targetClass"), ("subjectsOf", "targetSubjectsOf"))
                       for target in props.get(SH + key, ())]
            implicit = any(t.value in (RDFS + "Class", "http://www.w3.org/2002/07/owl#Class")
                           for t in props.get(RDF + "type", ()))
            if implicit or any(key.startswith(SH + "target") for key in props):
                shape = _compile(node, graph, compiled)
                if implicit:
                    shape.problems.append("an implicit class target")
                targeted.append((shape, targets))
        unsupported = {}
        for shape, _targets in targeted:
            problems = _problems(shape, set(), conformance=False)
            if problems:
                unsupported[shape.node] = problems
        return cls(targeted=targeted, unsupported=unsupported)

    def predicates(self) -> set:
        """Every predicate the shapes read: their paths, the predicates whose subjects they target, and the
        type and subclass statements that class targets and sh:class follow. Data need index nothing else."""
        found, todo, seen = {TYPE, SUBCLASS}, [shape for shape, _targets in self.targeted], set()
        found |= {target for _shape, targets in self.targeted for kind, target in targets if kind == "subjectsOf"}
        while todo:
            shape = todo.pop()
            if id(shape) in seen:
                continue
            seen.add(id(shape))
            if shape.path is not None:
                found.add(shape.path)
            todo += [*shape.properties, *shape.references()]
        return found


def _compile(node, graph: dict, compiled: dict) -> Shape:
    if node in compiled:
        return compiled[node]
    props = graph.get(node, {})
    shape = compiled[node] = Shape(node=node)
    for key in props:
        if key.startswith(SH) and key not in ANNOTATIONS | PARAMETERS:
            shape.problems.append(f"sh:{key[len(SH):]}")
    if SH + "path" in props:
        path = props[SH + "path"][0]
        if isinstance(path, ox.NamedNode) and len(props[SH + "path"]) == 1:
            shape.path = path
        else:
            shape.problems.append("a path other than one predicate")
    for key, label in ((SH + "message", "message"), (SH + "severity", "severity")):
        values = props.get(key, [])
        if len(values) > 1 or any(isinstance(v, ox.Literal) and v.language for v in values):
            shape.problems.append(f"more than one sh:{label}, or one with a language")
    if SH + "message" in props:
        shape.message = props[SH + "message"][0].value
    if SH + "severity" in props:
        shape.severity = props[SH + "severity"][0].value.removeprefix(SH)
    for key in sorted(PARAMETERS & props.keys()):
        name = key[len(SH):]
        for argument in props[key]:
            if name == "property":
                shape.properties.append(_compile(argument, graph, compiled))
            elif name in ("node", "qualifiedValueShape"):
                inner = _compile(argument, graph, compiled)
                if name == "node":
                    shape.constraints.append((name, inner))
                else:
                    bounds = props.get(SH + "qualifiedMinCount", [])
                    if len(bounds) != 1 or SH + "qualifiedMaxCount" in props:
                        shape.problems.append("a qualified shape without exactly one sh:qualifiedMinCount")
                    else:
                        shape.constraints.append((name, (inner, int(bounds[0].value))))
            elif name == "or":
                shape.constraints.append((name, [_compile(m, graph, compiled) for m in _list(argument, graph)]))
            elif name != "qualifiedMinCount":
                shape.constraints.append((name, _argument(name, argument, shape)))
    if shape.path is None and any(name in ("minCount", "maxCount", "uniqueLang", "qualifiedValueShape", "hasValue")
                                  for name, _argument_ in shape.constraints):
        shape.problems.append("a count, language or value constraint on a node shape")
    return shape


def _argument(name: str, argument, shape: Shape):
    if name in ("minCount", "maxCount", "minLength"):
        return int(argument.value)
    if name in ("minInclusive", "maxInclusive"):
        if not (isinstance(argument, ox.Literal) and _canonical(argument) and argument.datatype.value in NUMERIC):
            shape.problems.append(f"a non-numeric sh:{name}")
            return None
        return Decimal(argument.value)
    if name == "pattern":
        return re.compile(argument.value)
    if name == "uniqueLang":
        if argument.value != "true":
            shape.problems.append("sh:uniqueLang other than true")
        return None
    if name == "datatype" and argument.value not in CANONICAL and argument.value not in PLAIN:
        shape.problems.append(f"sh:datatype {argument.value}")
    if name == "hasValue" and isinstance(argument, ox.Literal) and not _canonical(argument):
        shape.problems.append("sh:hasValue with a literal in other than its canonical form")
    return argument


def _list(head, graph: dict) -> list:
    items = []
    while head != NIL:
        items.append(graph[head][RDF + "first"][0])
        head = graph[head][RDF + "rest"][0]
    return items


def _problems(shape: Shape, stack: set, conformance: bool) -> list[str]:
    """What this module cannot evaluate in ``shape`` and the shapes it reaches. Whether a warning fails a
    conformance check (``sh:node``, ``sh:or``, qualified) is an engine's choice, which this module does not
    imitate: a severity there is left to pySHACL, and so are cycles."""
    if shape.node in stack:
        return ["a recursive shape"]
    problems = list(shape.problems)
    if conformance and shape.severity != "Violation":
        problems.append("a severity inside a conformance check")
    stack = stack | {shape.node}
    for inner in shape.properties:
        problems += _problems(inner, stack, conformance)
    for inner in shape.references():
        problems += _problems(inner, stack, True)
    return problems


def _canonical(literal) -> bool:
    datatype = literal.datatype.value
    if datatype in PLAIN:
        return True
    pattern = CANONICAL.get(datatype)
    if pattern is None or not pattern.fullmatch(literal.value):
        return False
    if datatype == XSD + "date":
        try:
            date.fromisoformat(literal.value)
        except ValueError:
            return False
    return True


class Data:
    """The data graph as subject → predicate → set of objects, each triple once whatever its named graph; only
    the statements of ``predicates`` when given (Shapes.predicates: a quarter of a large graph's statements, the
    quotes' context and attributions among them, are read by no shape)."""

    def __init__(self, quads, predicates: set | None = None):
        index: dict = {}
        for quad in quads:
            predicate = quad.predicate
            if predicates is None or predicate in predicates:
                index.setdefault(quad.subject, {}).setdefault(predicate, set()).add(quad.object)
        self.index = index
        self._subclasses: dict = {}
        self._instances: dict = {}
        parents = [(s, o) for s, props in index.items() for o in props.get(SUBCLASS, ())]
        self._children: dict = {}
        for child, parent in parents:
            self._children.setdefault(parent, set()).add(child)
        self._typed: dict = {}
        for subject, props in index.items():
            for cls in props.get(TYPE, ()):
                self._typed.setdefault(cls, set()).add(subject)

    def values(self, focus, path) -> set:
        return self.index.get(focus, {}).get(path, set())

    def typed(self, cls) -> set:
        """The nodes with an rdf:type statement of ``cls`` itself (no subclass), as a SPARQL pattern reads it."""
        return self._typed.get(cls, set())

    def subclasses(self, cls) -> set:
        """``cls`` and every class below it by rdfs:subClassOf in the data (the ontology is part of it)."""
        found = self._subclasses.get(cls)
        if found is None:
            found, todo = {cls}, [cls]
            while todo:
                for child in self._children.get(todo.pop(), ()):
                    if child not in found:
                        found.add(child)
                        todo.append(child)
            self._subclasses[cls] = found
        return found

    def instances(self, cls) -> set:
        found = self._instances.get(cls)
        if found is None:
            found = set().union(*(self._typed.get(c, set()) for c in self.subclasses(cls)))
            self._instances[cls] = found
        return found

    def is_instance(self, node, cls) -> bool:
        return not isinstance(node, ox.Literal) and node in self.instances(cls)


class Validator:
    def __init__(self, data: Data):
        self.data = data
        self._nested: dict = {}
        self._methods: dict = {}  # by id(shape): the shapes live as long as the validator's caller holds them

    def focus_nodes(self, targets) -> set:
        nodes: set = set()
        for kind, target in targets:
            if kind == "class":
                nodes |= self.data.instances(target)
            else:
                nodes |= {s for s, props in self.data.index.items() if target in props}
        return nodes

    def validate_shape(self, shape: Shape, targets) -> list[Result]:
        """Every result of one targeted shape; raises Undecided where pySHACL must judge."""
        results = []
        for focus in self.focus_nodes(targets):
            results += self.results(shape, focus)
        return results

    def _checks(self, shape: Shape) -> list:
        """The method that evaluates each of the shape's constraints, with its argument: looked up once per shape,
        not once per focus node."""
        found = self._methods.get(id(shape))
        if found is None:
            found = self._methods[id(shape)] = [(getattr(self, "_" + name), argument)
                                                for name, argument in shape.constraints]
        return found

    def nested(self, shape: Shape, node) -> list[Result]:
        """The results of ``node`` against a shape that a constraint refers to; none means it conforms."""
        key = (shape.node, node)
        found = self._nested.get(key)
        if found is None:
            found = self._nested[key] = self.results(shape, node)
        return found

    def conforms(self, shape: Shape, node) -> bool:
        return not self.nested(shape, node)

    def results(self, shape: Shape, focus) -> list[Result]:
        values = {focus} if shape.path is None else self.data.values(focus, shape.path)
        # A loop, not any() over a generator: this runs a million and a half times at 1,000 articles.
        for value in values:
            if isinstance(value, ox.Literal) and not _canonical(value):
                raise Undecided(shape.node)
        found = []

        def fail(constraint: str, default: str, value=None, details=()):
            # A default message names the property: the build's notes on left-out statements quote it alone.
            message = shape.message or (f"{shorten(shape.path.value)}: {default}" if shape.path else default)
            found.append(Result(shape.severity, focus, shape.path, message, value, constraint + "ConstraintComponent"))
            found.extend(details)

        for check, argument in self._checks(shape):
            check(argument, values, fail)
        for inner in shape.properties:
            found += self.results(inner, focus)
        return found

    # One method per parameter: each calls ``fail`` once per result that SHACL defines for it.

    def _minCount(self, n, values, fail):
        if len(values) < n:
            fail("MinCount", f"at least {n} value(s) needed, {len(values)} found")

    def _maxCount(self, n, values, fail):
        if len(values) > n:
            fail("MaxCount", f"at most {n} value(s) allowed, {len(values)} found")

    def _class(self, cls, values, fail):
        for value in values:
            if not self.data.is_instance(value, cls):
                fail("Class", f"the value is not an instance of {shorten(cls.value)}", value)

    def _datatype(self, datatype, values, fail):
        for value in values:
            if not (isinstance(value, ox.Literal) and value.datatype == datatype):
                fail("Datatype", f"the value is not a literal of datatype {shorten(datatype.value)}", value)

    def _minInclusive(self, bound, values, fail):
        self._compare(bound, values, fail, "MinInclusive", lambda number: number >= bound, ">=")

    def _maxInclusive(self, bound, values, fail):
        self._compare(bound, values, fail, "MaxInclusive", lambda number: number <= bound, "<=")

    def _compare(self, bound, values, fail, constraint, holds, sign):
        for value in values:
            if isinstance(value, ox.Literal):
                if value.datatype.value not in NUMERIC:
                    raise Undecided(value)  # rdflib's ordering of other literals decides
                if holds(Decimal(value.value)):
                    continue
            fail(constraint, f"the value is not {sign} {bound}", value)

    def _minLength(self, n, values, fail):
        for value in values:
            if isinstance(value, ox.BlankNode) or len(value.value) < n:
                fail("MinLength", f"the value is shorter than {n} character(s)", value)

    def _pattern(self, pattern, values, fail):
        for value in values:
            if isinstance(value, ox.BlankNode) or not pattern.search(value.value):
                fail("Pattern", f"the value does not match the pattern {pattern.pattern}", value)

    def _uniqueLang(self, _argument, values, fail):
        languages = [v.language.lower() for v in values if isinstance(v, ox.Literal) and v.language]
        for language in sorted({lang for lang in languages if languages.count(lang) > 1}):
            fail("UniqueLang", f"more than one value in language '{language}'")

    def _hasValue(self, expected, values, fail):
        if expected not in values:
            fail("HasValue", f"{_name(expected)} is not among the values")

    def _node(self, inner, values, fail):
        """A value that does not conform brings its own results along, as the details SHACL allows (pySHACL
        lists them as results of their own, and so does the report)."""
        for value in values:
            details = self.nested(inner, value)
            if details:
                fail("Node", f"the value does not conform to {_name(inner.node)}", value, details)

    def _or(self, members, values, fail):
        for value in values:
            if not any(self.conforms(member, value) for member in members):
                fail("Or", "the value conforms to none of the alternatives (sh:or)", value)

    def _qualifiedValueShape(self, argument, values, fail):
        inner, minimum = argument
        count = sum(1 for value in values if self.conforms(inner, value))
        if count < minimum:
            fail("QualifiedMinCount", f"{count} value(s) conform to {_name(inner.node)}, at least {minimum} needed")


def _name(node) -> str:
    return shorten(node.value) if isinstance(node, ox.NamedNode) else "an anonymous shape"
