"""Query stage: SPARQL over the built graph, and the competency questions that ship with the ontology.

Queries run on Oxigraph over the store's default graph, which holds the merge of the named graphs (each triple
once; see graph.store.add_union); ``GRAPH`` still reaches each named graph. Inline queries may use the project's
prefixes without declaring them.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from graph.errors import BilatError
from graph.namespaces import DEFAULT_BASE, prefixes_for, serialization_prefixes, shorten, sparql_prologue

FORMATS = ("table", "csv", "tsv", "json", "markdown")
QUESTION_LINE = re.compile(r"^#\s*question:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
NAME_LIKE = re.compile(r"[\w.-]+")

# What a query's text reduces to before its keywords are looked at: string literals, IRIs and comments go, since
# a keyword inside them is not one. IRIREF follows the SPARQL grammar (no spaces inside), so `?a < 3 && ?b > 2`
# is left alone.
_NOT_KEYWORDS = re.compile("|".join((
    r'"""(?:[^"\\]|\\.|"(?!""))*"""',               # long strings
    r"'''(?:[^'\\]|\\.|'(?!''))*'''",
    r'"(?:[^"\\\n]|\\.)*"',                         # short strings
    r"'(?:[^'\\\n]|\\.)*'",
    r'<[^<>"{}|^`\\\x00-\x20]*>',                   # IRIs
    r"#[^\n]*",                                     # comments
)), re.DOTALL)
_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*|BASE\s*)\s*)+", re.IGNORECASE)
_UPDATE_WORDS = {"insert", "delete", "load", "clear", "create", "drop", "copy", "move", "add", "with"}
# SERVICE as a keyword: not a variable (?service), not part of a prefixed name (ex:service, service:x).
_SERVICE = re.compile(r"(?<![\w?$:.-])SERVICE(?![\w:.-])", re.IGNORECASE)


@dataclass(frozen=True)
class Question:
    name: str
    question: str
    path: Path

    @property
    def expected_path(self) -> Path:
        return self.path.with_suffix(".expected.csv")


def list_questions(folder: Path) -> list[Question]:
    questions = []
    for path in sorted(folder.glob("*.rq")):
        match = QUESTION_LINE.search(path.read_text(encoding="utf-8"))
        questions.append(Question(path.stem, match.group(1).strip() if match else "", path))
    return questions


def resolve_query(source: str, questions_dir: Path) -> tuple[str, str]:
    """The query text and where it came from: a competency question's name, a .rq file, or the text itself."""
    by_name = {question.name: question for question in list_questions(questions_dir)}
    if source in by_name:
        return by_name[source].path.read_text(encoding="utf-8"), str(by_name[source].path)
    if source.endswith(".rq"):
        path = Path(source)
        if not path.exists():
            raise BilatError("no such query file (and no competency question of that name)", path)
        return path.read_text(encoding="utf-8"), str(path)
    if NAME_LIKE.fullmatch(source):  # one word is no query: a mistyped question's name
        raise BilatError(f"no competency question named {source!r} (see bilat query --list)")
    return source, "<inline query>"


class UpdateRefused(BilatError):
    """An update sent where only queries are answered."""


def guard(text: str, origin: str, federation: bool = False) -> None:
    """Refuse what a read-only, local query must not do: an update, or — unless ``federation`` — a ``SERVICE``
    call, with which Oxigraph would send requests to whatever address the query names. The check is lexical
    and errs on the side of refusing: a query whose words only look like these keywords is refused, never a
    query that does either let through."""
    # The SPARQL grammar resolves \\u escapes before parsing, so `\\u0053ERVICE` is SERVICE.
    text = _CODEPOINT_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), text)
    words = _NOT_KEYWORDS.sub(" ", text)
    first = _PROLOGUE.sub(" ", words, count=1).split(maxsplit=1)
    if first and first[0].lower() in _UPDATE_WORDS:
        raise UpdateRefused("updates are not accepted: the graph is read-only here (edit the curated files "
                            "and rebuild instead)", origin)
    if not federation and _SERVICE.search(words):
        raise BilatError("SERVICE is not allowed: federated queries would send requests to other addresses "
                         "(enable them with --federation)", origin)


def select(store, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT over the merge of the named graphs, the project's prefixes predeclared; each value is
    the term's lexical form, "" when unbound."""
    results = store.query(sparql_prologue() + query)
    names = [v.value for v in results.variables]
    return [{n: (row[n].value if row[n] is not None else "") for n in names} for row in results]


def execute(store, query: str, origin: str, base: str = DEFAULT_BASE):
    try:
        return store.query(query, prefixes=prefixes_for(base))
    except SyntaxError as error:
        raise BilatError(f"malformed SPARQL: {error}", origin) from None


def rows(results) -> tuple[list[str], list[dict[str, object]]]:
    """Variables and rows of SELECT results, each value an Oxigraph term or None."""
    variables = [variable.value for variable in results.variables]
    return variables, [{name: solution[name] for name in variables} for solution in results]


def run_query(source: str, graph_file: Path | None, questions_dir: Path, fmt: str = "table",
              out: Path = Path("out"), limits=None) -> str:
    """Run a query (inline, file or competency question) on the built graph — the store in ``out``, or
    ``graph_file`` (TriG) loaded into memory — within ``limits`` (time, memory, federation); the formatted
    result."""
    from graph.workers import Limits, QueryWorker, StoreSource

    limits = limits or Limits()
    if fmt not in FORMATS:
        raise BilatError(f"unknown format {fmt!r} (use one of {', '.join(FORMATS)})")
    text, origin = resolve_query(source, questions_dir)
    guard(text, origin, limits.federation)
    store = StoreSource(trig=graph_file) if graph_file is not None else StoreSource(out=out)
    with QueryWorker(store, limits) as worker:
        return worker.call(answer, text, origin, fmt)


def answer(store, text: str, origin: str, fmt: str) -> str:
    """The formatted result of one query on ``store`` (run inside a query worker)."""
    import pyoxigraph as ox

    results = execute(store, text, origin)
    if isinstance(results, ox.QueryBoolean):
        return "true" if bool(results) else "false"
    if isinstance(results, ox.QueryTriples):
        return ox.serialize(list(results), format=ox.RdfFormat.TURTLE, prefixes=serialization_prefixes()).decode()
    if fmt in ("csv", "tsv", "json"):
        chosen = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                  "json": ox.QueryResultsFormat.JSON}[fmt]
        return results.serialize(format=chosen).decode("utf-8")
    variables, table = rows(results)
    return render_markdown(variables, table) if fmt == "markdown" else render_table(variables, table)


def short(term) -> str:
    """A term as a reader wants it: prefixed name for IRIs, the bare value for literals."""
    if term is None:
        return ""
    return shorten(term.value) if type(term).__name__ == "NamedNode" else term.value


def render_table(variables: list[str], table: list[dict]) -> str:
    """A terminal table; document text in it is shown with its control characters escaped (graph.terminal)."""
    from rich.console import Console
    from rich.table import Table

    from graph.terminal import cell

    grid = Table(*variables, show_lines=False, header_style="bold")
    for row in table:
        grid.add_row(*(cell(short(row[name])) for name in variables))
    buffer = io.StringIO()
    Console(file=buffer, width=200, force_terminal=False, color_system=None).print(grid)
    return buffer.getvalue() + f"{len(table)} row{'s' if len(table) != 1 else ''}\n"


def render_markdown(variables: list[str], table: list[dict]) -> str:
    from graph.terminal import printable

    def cell(text: str) -> str:
        return printable(text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " "))
    lines = ["| " + " | ".join(variables) + " |", "|" + "---|" * len(variables)]
    lines += ["| " + " | ".join(cell(short(row[name])) for name in variables) + " |" for row in table]
    return "\n".join(lines) + "\n"

