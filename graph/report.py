"""What the commands print: the build summary and the validation report, as terminal tables.

Rich is imported where a table is printed, not with the module: the CLI imports this module for its option
choices, and `bilat --help` should not pay for Rich."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from graph.errors import BilatError
from graph.terminal import cell

SCORE_FORMATS = ("table", "json")
REVIEW_STATUSES = ("all", "pending", "accepted", "rejected")

if TYPE_CHECKING:
    from rich.console import Console


def _console() -> Console:
    from rich.console import Console

    return Console(width=160, highlight=False)


def _table(*columns: str, **options):
    from rich.table import Table

    return Table(*columns, header_style="bold", **options)


def print_validation(report, console: Console | None = None) -> None:
    console = console or _console()
    if not report.findings:
        console.print("Valid: the graph satisfies every SHACL shape.")
        return
    table = _table("severity", "focus node", "property", "message", "value")
    for finding in report.findings:
        table.add_row(*(cell(part) for part in (finding.severity, finding.focus, finding.path,
                                               finding.message, finding.value[:60])))
    console.print(table)
    violations = len(report.violations)
    console.print(f"{violations} violation{'s' if violations != 1 else ''}, "
                  f"{len(report.findings) - violations} warning(s).")


def progress_bar(description: str):
    """Wraps an iterable of documents in a progress bar on stderr (shown when there are more than a few)."""
    def wrap(items):
        from rich.console import Console
        from rich.progress import track

        items = list(items)
        if len(items) < 5:
            return items
        return track(items, description=description, console=Console(stderr=True), transient=True)
    return wrap


def print_build(result, out: Path, console: Console | None = None) -> None:
    from rich.console import Console

    console = console or _console()
    summary = result.summary
    for problem in result.skipped:
        Console(stderr=True, highlight=False).print(f"skipped: {cell(problem)}")
    if result.report.findings:
        print_validation(result.report, console)
    if result.refused:
        console.print(f"Refused: the graph violates the shapes; nothing was written to {out}/ "
                      "(use --allow-invalid to write it anyway).")
        return
    table = _table("measure", "value", title="bilat build")
    rows = [("triples (union)", summary["triples"]), ("quads", summary["quads"]),
            ("named graphs", summary["named_graphs"]), ("documents", summary["documents"])]
    rows += [(f"entities: {name}", count) for name, count in summary["entities"].items()]
    rows += [(f"facts: {name}", count) for name, count in summary["facts"].items()]
    rows += [("facts in all", summary["facts_total"]),
             ("facts with source and quote", f"{summary['facts_with_provenance']} "
                                             f"({summary['provenance_share']:.0%})")]
    for measure, value in rows:
        table.add_row(cell(measure), str(value))
    console.print(table)
    if result.up_to_date:
        console.print(f"Up to date: {cell(str(out))}/ holds the build of these inputs, intact; nothing was redone "
                      "(--no-cache rebuilds it all).")
        return
    if result.cache is not None:
        console.print(f"extraction cache {cell(str(result.cache.folder))}: {result.cache.hits} document(s) reused, "
                      f"{result.cache.misses} parsed")
    for path in result.written:
        console.print(f"wrote {path}")


def print_pending(rows, status: str = "all", console: Console | None = None) -> None:
    """The candidate facts of ``status`` (all of them by default) as a table."""
    if status not in REVIEW_STATUSES:
        raise BilatError(f"unknown status {status!r} (use one of {', '.join(REVIEW_STATUSES)})")
    rows = [row for row in rows if status in ("all", row.status)]
    console = console or _console()
    table = _table("id", "status", "kind", "fact", "conf.", "document", "evidence")
    for row in rows:
        table.add_row(*(cell(part) for part in (row.candidate, row.status, row.kind, row.label[:50],
                                               row.confidence, row.document[:12], row.quote[:70])))
    console.print(table)
    console.print(f"{len(rows)} candidate fact(s). Accept: bilat review accept ID; "
                  "reject: bilat review reject ID --reason TEXT")


def print_scores(scores, fmt: str = "table", console: Console | None = None) -> None:
    """Strict precision and recall per kind of fact, the lenient figures beside them where a row has some, and
    each row's matching rule."""
    if fmt not in SCORE_FORMATS:
        raise BilatError(f"unknown format {fmt!r} (use one of {', '.join(SCORE_FORMATS)})")
    console = console or _console()

    def figures(s):
        return {"recalled": s.recalled, "correct": s.correct, "precision": round(s.precision, 3),
                "recall": round(s.recall, 3), "rule": s.rule}

    if fmt == "json":
        import json

        console.print_json(json.dumps([{"kind": s.kind, "curated": s.curated, "extracted": s.extracted,
                                        **figures(s), "lenient": figures(s.lenient) if s.lenient else None}
                                       for s in scores]))
        return
    table = _table("kind of fact", "curated", "extracted", "matched", "precision", "recall", "lenient precision",
                   "lenient recall", title="extraction alone vs. the curated graph of the seeds")
    for s in scores:
        lenient = (f"{s.lenient.precision:.2f}", f"{s.lenient.recall:.2f}") if s.lenient else ("", "")
        table.add_row(s.kind, str(s.curated), str(s.extracted), f"{s.recalled}/{s.correct}",
                      f"{s.precision:.2f}", f"{s.recall:.2f}", *lenient)
    console.print(table)
    console.print("matched = curated items found / extracted items that are right. An extracted item is right when:")
    for s in scores:
        console.print(f"- {s.kind}: {s.rule}" + (f" (lenient: {s.lenient.rule})" if s.lenient else ""))
