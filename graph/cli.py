"""The `bilat` command line: parses options and calls one library function per command.

Heavy libraries are imported inside the commands so that `bilat --help` answers at once.
"""

from __future__ import annotations

from pathlib import Path

import typer

from graph import __version__
from graph.errors import BilatError

app = typer.Typer(
    name="bilat",
    help="Build, validate and query a knowledge graph of bilateral relations from source documents.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

DEFAULT_OUT = Path("out")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bilat {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: bool | None = typer.Option(None, "--version", callback=_version, is_eager=True,
                                           help="Print the version and exit."),
) -> None:
    """Build, validate and query a knowledge graph of bilateral relations from source documents."""


def _fail(error: BilatError) -> None:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(code=2)


@app.command()
def build(
    seeds: Path | None = typer.Option(None, "--seeds", help="Folder of source documents (default: seeds/)."),
    out: Path = typer.Option(DEFAULT_OUT, "--out", help="Folder to write the graph files to."),
    base: str | None = typer.Option(None, "--base", help="Base IRI of the project's identifiers."),
    allow_invalid: bool = typer.Option(False, "--allow-invalid",
                                       help="Write the graph even when it violates the SHACL shapes."),
    curated: Path | None = typer.Option(None, "--curated",
                                        help="Folder of hand-curated facts (default: the package's own)."),
    docs: list[Path] | None = typer.Option(None, "--docs",
                                           help="More documents (file or folder of .txt/.md/.html); repeatable."),
    no_curated: bool = typer.Option(False, "--no-curated", help="Build from machine extraction alone."),
    decisions: Path | None = typer.Option(None, "--decisions", help="Review decisions file (Turtle)."),
) -> None:
    """Assemble ontology, documents and curated facts; validate; write TTL, TriG, JSON-LD and N-Quads."""
    from graph.build import CURATED_DIR, SEEDS_DIR
    from graph.build import build as run_build
    from graph.namespaces import DEFAULT_BASE
    from graph.report import print_build, progress_bar

    try:
        result = run_build(seeds=seeds or SEEDS_DIR, out=out, base=base or DEFAULT_BASE,
                           allow_invalid=allow_invalid, curated=None if no_curated else (curated or CURATED_DIR),
                           docs=tuple(docs or ()), decisions=decisions, progress=progress_bar("extracting"))
    except BilatError as error:
        _fail(error)
    print_build(result, out)
    if result.refused:
        raise typer.Exit(code=1)


@app.command()
def validate(
    path: Path = typer.Argument(DEFAULT_OUT / "graph.trig", help="Graph file to check (.trig, .nq, .ttl, .nt)."),
) -> None:
    """Check a graph against the SHACL shapes; exit 1 on violations."""
    from graph.build import SHAPES_FILE
    from graph.report import print_validation
    from graph.validate import validate_file

    try:
        report = validate_file(path, SHAPES_FILE)
    except BilatError as error:
        _fail(error)
    print_validation(report)
    if not report.conforms:
        raise typer.Exit(code=1)


@app.command()
def query(
    source: str | None = typer.Argument(None, help="A SPARQL query, a .rq file, or a competency question's name."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv, tsv, json or markdown."),
    graph_file: Path = typer.Option(DEFAULT_OUT / "graph.trig", "--graph", help="The built graph (TriG)."),
    list_all: bool = typer.Option(False, "--list", help="List the competency questions and exit."),
) -> None:
    """Run SPARQL on the built graph and print the result."""
    from graph.build import QUERIES_DIR
    from graph.query import list_questions, run_query

    if list_all:
        for question in list_questions(QUERIES_DIR):
            typer.echo(f"{question.name}\t{question.question}")
        return
    if not source:
        _fail(BilatError("give a query, a .rq file or a competency question's name (see --list)"))
    try:
        typer.echo(run_query(source, graph_file, QUERIES_DIR, fmt), nl=False)
    except BilatError as error:
        _fail(error)


def main() -> None:
    app()
