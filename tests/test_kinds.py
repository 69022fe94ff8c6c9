"""The registry of fact kinds is data the extractor, the RDF writer and the evaluation share; it must agree with
the ontology and the extraction rules."""

from __future__ import annotations

import pytest

from graph.build import ONTOLOGY_FILE
from graph.errors import BilatError
from graph.extraction.rules import Rules
from graph.kinds import kind_of, kinds


def test_every_kind_is_a_class_of_the_ontology():
    ontology = ONTOLOGY_FILE.read_text(encoding="utf-8")
    for kind in kinds():
        assert f"{kind.cls} a owl:Class" in ontology, kind.cls


def test_every_triggered_event_class_has_its_own_kind():
    registered = {kind.cls for kind in kinds()}
    for trigger in Rules.load().triggers:
        assert f"bo:{trigger.cls}" in registered, trigger.cls


def test_a_kind_has_either_direction_or_parties():
    for kind in kinds():
        assert bool(kind.actors and kind.targets) != bool(kind.parties), kind.cls
    assert kind_of("Financing").actors == ("bo:funder",) and not kind_of("Agreement").directed


def test_a_malformed_registry_names_its_file(tmp_path):
    broken = tmp_path / "facts.toml"
    broken.write_text('[[kind]]\nclass = "bo:Meeting"\nactor = ["bo:actor"]\n', encoding="utf-8")
    with pytest.raises(BilatError, match="facts.toml"):
        kinds(broken)


def test_traits_say_how_extraction_reads_a_kind_and_unknown_ones_are_refused(tmp_path):
    """What extraction asks of an event class (symmetric, two-party, actorless …) is the registry's, not a tuple
    in the extractor's code; a trait the extractor does not know is refused with the file's name."""
    assert "symmetric" in kind_of("Meeting").traits and "two-party" in kind_of("Communication").traits
    assert "actorless" in kind_of("Coercion").traits and "actorless" not in kind_of("Visit").traits
    broken = tmp_path / "facts.toml"
    broken.write_text('[[kind]]\nclass = "bo:Meeting"\nlegend = "Meeting"\ntraits = ["shy"]\n', encoding="utf-8")
    with pytest.raises(BilatError, match="facts.toml.*|unknown traits"):
        kinds(broken)


def test_entity_kinds_are_one_registry_for_extraction_summary_page_and_eval(tmp_path):
    """The kinds of entity (mention → candidate class → ontology class, the summary's word, the page's legend,
    whether `bilat eval` compares them) are described once; each of the project's own is a class of its
    ontology (the others are schema.org's and W3C ORG's), and a half-described entry is refused with the file's
    name."""
    from graph.extraction.rules import entity_classes
    from graph.kinds import entity_kinds

    ontology = ONTOLOGY_FILE.read_text(encoding="utf-8")
    for kind in (kind for kind in entity_kinds() if kind.cls.startswith("bo:")):
        assert f"{kind.cls} a owl:Class" in ontology, kind.cls
    assert entity_classes() == {"person": "Person", "organisation": "Organization", "country": "Country",
                                "place": "Place", "group": "Group"}
    broken = tmp_path / "facts.toml"
    broken.write_text('[[entity]]\nclass = "schema:Person"\nlegend = "person"\n', encoding="utf-8")
    with pytest.raises(BilatError, match="facts.toml|legend, colour and shape"):
        entity_kinds(broken)
