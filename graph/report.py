"""What the commands print: the build summary and the validation report, as terminal tables."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table


def _console() -> Console:
    return Console(width=160, highlight=False)


def print_validation(report, console: Console | None = None) -> None:
    console = console or _console()
    if not report.findings:
        console.print("Valid: the graph satisfies every SHACL shape.")
        return
    table = Table("severity", "focus node", "property", "message", "value", header_style="bold")
    for finding in report.findings:
        table.add_row(*(escape(part) for part in (finding.severity, finding.focus, finding.path,
                                                 finding.message, finding.value[:60])))
    console.print(table)
    violations = len(report.violations)
    console.print(f"{violations} violation{'s' if violations != 1 else ''}, "
                  f"{len(report.findings) - violations} warning(s).")


def progress_bar(description: str):
    """Wraps an iterable of documents in a progress bar on stderr (shown when there are more than a few)."""
    def wrap(items):
        from rich.progress import track

        items = list(items)
        if len(items) < 5:
            return items
        return track(items, description=description, console=Console(stderr=True), transient=True)
    return wrap


def print_build(result, out: Path, console: Console | None = None) -> None:
    console = console or _console()
    summary = result.summary
    for problem in result.skipped:
        Console(stderr=True, highlight=False).print(f"skipped: {escape(problem)}")
    if result.report.findings:
        print_validation(result.report, console)
    if result.refused:
        console.print(f"Refused: the graph violates the shapes; nothing was written to {out}/ "
                      "(use --allow-invalid to write it anyway).")
        return
    table = Table("measure", "value", header_style="bold", title="bilat build")
    rows = [("triples (union)", summary["triples"]), ("quads", summary["quads"]),
            ("named graphs", summary["named_graphs"]), ("documents", summary["documents"])]
    rows += [(f"entities: {name}", count) for name, count in summary["entities"].items()]
    rows += [(f"facts: {name}", count) for name, count in summary["facts"].items()]
    rows += [("facts in all", summary["facts_total"]),
             ("facts with source and quote", f"{summary['facts_with_provenance']} "
                                             f"({summary['provenance_share']:.0%})")]
    for measure, value in rows:
        table.add_row(escape(measure), str(value))
    console.print(table)
    for path in result.written:
        console.print(f"wrote {path}")
