"""The `bilat` command line: parses options and calls one library function per command.

Heavy libraries are imported inside the commands so that `bilat --help` answers at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import typer
from typer.core import TyperGroup

from graph import __version__
from graph.errors import BilatError
from graph.extract_report import FORMATS as EXTRACT_FORMATS
from graph.report import REVIEW_STATUSES, SCORE_FORMATS
from graph.terminal import printable


class _Commands(TyperGroup):
    """The one place where the project's errors become a message and an exit code, for every command and
    subcommand (a subcommand runs inside its parent group's ``invoke``)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except BilatError as error:
            typer.echo(f"error: {printable(str(error))}", err=True)
            raise typer.Exit(code=error.exit_code) from None
        except OSError as error:
            # A file that cannot be read or written (permissions, a full disk, a folder where a file should be).
            where = f"{error.filename}: " if error.filename else ""
            typer.echo(printable(f"error: {where}{error.strerror or error}"), err=True)
            raise typer.Exit(code=2) from None


app = typer.Typer(
    cls=_Commands,
    name="bilat",
    help="Build, validate and query a knowledge graph of bilateral relations from source documents.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

DEFAULT_OUT = Path("out")
DEFAULT_GRAPH = DEFAULT_OUT / "graph.trig"


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
    cache: Path | None = typer.Option(None, "--cache",
                                      help="Folder of the extraction cache (default: $BILAT_CACHE, else "
                                           "$XDG_CACHE_HOME/bilat or ~/.cache/bilat; BILAT_CACHE=off: none)."),
    no_cache: bool = typer.Option(False, "--no-cache",
                                  help="Parse every document and redo every stage, even when the output folder is "
                                       "up to date; read and write no cache."),
    profile: bool = typer.Option(False, "--profile",
                                 help="Print the wall and CPU time of each stage (read, extract, assemble, "
                                      "validate, serialize, render, store) after the build."),
    max_document_size: str = typer.Option("2MiB", "--max-document-size",
                                          help="Skip, unread, any document file larger than this (2MiB = 2,097,152 "
                                               "bytes; also 500kB, 10MB, or bytes)."),
    jobs: int | None = typer.Option(None, "--jobs", min=1,
                                    help="Processes that parse documents (default: the CPUs available; used "
                                         "when there are dozens of documents to parse)."),
) -> None:
    """Assemble ontology, documents and curated facts; validate; write TTL, TriG, JSON-LD and N-Quads."""
    from graph.build import CURATED_DIR, SEEDS_DIR
    from graph.build import build as run_build
    from graph.cache import default_folder
    from graph.corpus import parse_size
    from graph.namespaces import DEFAULT_BASE
    from graph.report import print_build, progress_bar

    result = run_build(seeds=seeds or SEEDS_DIR, out=out, base=base or DEFAULT_BASE,
                       allow_invalid=allow_invalid, curated=None if no_curated else (curated or CURATED_DIR),
                       docs=tuple(docs or ()), decisions=decisions, progress=progress_bar("extracting"),
                       cache=None if no_cache else (cache or default_folder()),
                       max_document_bytes=parse_size(max_document_size), jobs=jobs)
    print_build(result, out)
    if profile:
        from graph.stages import print_stages

        print_stages(result.stages)
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

    report = validate_file(path, SHAPES_FILE)
    print_validation(report)
    if not report.conforms:
        raise typer.Exit(code=1)


def _limits(timeout: float, memory: int, federation: bool):
    from graph.workers import Limits

    return Limits(timeout=timeout, memory_mib=memory, federation=federation)


TIMEOUT_OPTION = typer.Option(30.0, "--timeout", help="Seconds after which a query is stopped.")
MEMORY_OPTION = typer.Option(2048, "--memory", help="MiB of memory a query may use before it is stopped.")
FEDERATION_OPTION = typer.Option(False, "--federation",
                                 help="Allow SERVICE, which sends (sub)queries to the addresses a query names.")


@app.command()
def query(
    source: str | None = typer.Argument(None, help="A SPARQL query, a .rq file, or a competency question's name."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv, tsv, json or markdown."),
    out: Path = typer.Option(DEFAULT_OUT, "--out", help="The build folder whose store is queried."),
    graph_file: Path | None = typer.Option(None, "--graph", help="Query this TriG file instead of the store."),
    list_all: bool = typer.Option(False, "--list", help="List the competency questions and exit."),
    timeout: float = TIMEOUT_OPTION,
    memory: int = MEMORY_OPTION,
    federation: bool = FEDERATION_OPTION,
) -> None:
    """Run SPARQL (read-only) on the built graph and print the result."""
    from graph.build import QUERIES_DIR
    from graph.query import list_questions, run_query

    if list_all:
        for question in list_questions(QUERIES_DIR):
            typer.echo(f"{question.name}\t{question.question}")
        return
    if not source:
        raise BilatError("give a query, a .rq file or a competency question's name (see --list)")
    typer.echo(run_query(source, graph_file, QUERIES_DIR, fmt, out, _limits(timeout, memory, federation)), nl=False)


@app.command()
def render(
    graph_file: Path = typer.Option(DEFAULT_OUT / "graph.trig", "--graph", help="The built graph (TriG)."),
    output: Path = typer.Option(DEFAULT_OUT / "graph.html", "--output", "-o", help="The HTML file to write."),
) -> None:
    """Write the interactive network as one offline HTML page (bilat build writes it too)."""
    from graph.render import render_file

    typer.echo(f"wrote {render_file(graph_file, output)}")


@app.command()
def serve(
    out: Path = typer.Option(DEFAULT_OUT, "--out", help="The build folder whose store is served."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
    port: int = typer.Option(7878, "--port", help="Port to listen on."),
    timeout: float = TIMEOUT_OPTION,
    memory: int = MEMORY_OPTION,
    federation: bool = FEDERATION_OPTION,
    workers: int = typer.Option(2, "--workers", help="Queries evaluated at once, each in its own process."),
) -> None:
    """Serve the built graph as a read-only SPARQL 1.1 endpoint until Ctrl-C."""
    from graph.endpoint import serve as run_server

    run_server(out, host, port, _limits(timeout, memory, federation), workers, announce=typer.echo)


@app.command()
def push(
    endpoint: str = typer.Option(..., "--endpoint", help="Graph Store Protocol URL (e.g. http://host:7878/store)."),
    graph_file: Path = typer.Option(DEFAULT_OUT / "graph.trig", "--graph", help="The built graph (TriG)."),
) -> None:
    """Upload every named graph to a SPARQL 1.1 Graph Store Protocol endpoint, replacing each graph.

    Credentials come from the environment: BILAT_PUSH_TOKEN (bearer), or BILAT_PUSH_USER and
    BILAT_PUSH_PASSWORD (Basic or Digest, as the server asks)."""
    from graph.store import push as run_push

    pushed = run_push(graph_file, endpoint)
    for name, count in pushed:
        typer.echo(f"{count:>7} triples  {name}")
    typer.echo(f"pushed {len(pushed)} graphs to {endpoint}")


@app.command()
def extract(
    path: Path = typer.Argument(..., help="A document (.txt, .md or .html)."),
    fmt: Literal[EXTRACT_FORMATS] = typer.Option("table", "--format", "-f", help="table or trig."),
) -> None:
    """Show what extraction finds in one document: candidate facts with their sentences."""
    from graph.extract_report import extract_document

    typer.echo(extract_document(path, fmt), nl=False)


review_app = typer.Typer(help="List machine-extracted candidate facts and accept or reject them.",
                         invoke_without_command=True, no_args_is_help=False)
app.add_typer(review_app, name="review")


@review_app.callback()
def review_list(
    context: typer.Context,
    graph_file: Path | None = typer.Option(None, "--graph",
                                           help="The built graph (TriG; default out/graph.trig); for accept and "
                                                "reject too."),
    status: Literal[REVIEW_STATUSES] = typer.Option("all", "--status", help="all, pending, accepted or rejected."),
) -> None:
    """List candidate facts with their evidence and review status."""
    # accept and reject read this --graph from the context: `bilat review --graph X accept ID` must not
    # quietly decide on out/graph.trig.
    context.obj = {"graph": graph_file}
    if context.invoked_subcommand:
        return
    from graph.report import print_pending
    from graph.review import DECISIONS_FILE, pending

    print_pending(pending(graph_file or DEFAULT_GRAPH, DECISIONS_FILE), status)


def _decide(context: typer.Context, candidate: str, verdict: str, reason: str, reviewer: str | None,
            graph_file: Path | None, decisions: Path | None) -> None:
    from graph.review import DECISIONS_FILE, record

    outer = (context.obj or {}).get("graph")
    if outer and graph_file and outer != graph_file:
        raise BilatError(f"two different --graph files ({outer} and {graph_file}): give one")
    graph_file = graph_file or outer or DEFAULT_GRAPH
    decision = record(decisions or DECISIONS_FILE, graph_file, candidate, verdict, reason, reviewer)
    typer.echo(f"{decision.verdict} {decision.candidate} (by {decision.reviewer} at {decision.when}); "
               "rebuild to apply.")


@review_app.command("accept")
def review_accept(
    context: typer.Context,
    candidate: str = typer.Argument(..., help="The candidate's id (see `bilat review`)."),
    reason: str = typer.Option("", "--reason", help="Why (optional)."),
    reviewer: str | None = typer.Option(None, "--reviewer", help="Who decides (default: the user name)."),
    graph_file: Path | None = typer.Option(None, "--graph",
                                           help="The built graph (TriG; default out/graph.trig)."),
    decisions: Path | None = typer.Option(None, "--decisions", help="Decisions file (Turtle)."),
) -> None:
    """Accept a candidate fact: it is kept, with its evidence, even if the extractor changes."""
    _decide(context, candidate, "accepted", reason, reviewer, graph_file, decisions)


@review_app.command("reject")
def review_reject(
    context: typer.Context,
    candidate: str = typer.Argument(..., help="The candidate's id (see `bilat review`)."),
    reason: str = typer.Option(..., "--reason", help="Why it is wrong."),
    reviewer: str | None = typer.Option(None, "--reviewer", help="Who decides (default: the user name)."),
    graph_file: Path | None = typer.Option(None, "--graph",
                                           help="The built graph (TriG; default out/graph.trig)."),
    decisions: Path | None = typer.Option(None, "--decisions", help="Decisions file (Turtle)."),
) -> None:
    """Reject a candidate fact: it never enters the graph again."""
    _decide(context, candidate, "rejected", reason, reviewer, graph_file, decisions)


@app.command(name="eval")
def evaluate(
    seeds: Path | None = typer.Option(None, "--seeds", help="Folder of source documents (default: seeds/)."),
    fmt: Literal[SCORE_FORMATS] = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    """Compare extraction alone with the curated graph of the seeds: precision and recall per kind of fact."""
    from graph.build import CURATED_DIR, SEEDS_DIR
    from graph.evaluate import evaluate as run_eval
    from graph.report import print_scores

    scores = run_eval(seeds or SEEDS_DIR, CURATED_DIR)
    print_scores(scores, fmt)


def main() -> None:
    app()
