"""One self-contained HTML file a person can browse: :class:`HtmlReport`.

Everything is inline: the style sheet, the figures as SVG (text kept as text), the tables;
the page loads nothing from anywhere and runs no script, so it opens offline, in a mail
attachment or from a CI artifact alike. Text is escaped with :func:`html.escape`; tables
come from pandas (:func:`qnetsim.report.tables.frame_html`).

Examples:
    >>> r = HtmlReport("Demo")
    >>> r.heading("Results"); r.paragraph("F = 0.9 < 1 & more")
    >>> "<h2>Results</h2>" in r.render() and "F = 0.9 &lt; 1 &amp; more" in r.render()
    True
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qnetsim import __version__
from qnetsim.report.figure_style import figure_svg
from qnetsim.report.tables import frame_html

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["REPORT_NAME", "HtmlReport"]

#: The file name :meth:`HtmlReport.write` gives the report in its directory.
REPORT_NAME = "report.html"

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 75em; color: #222;
       padding: 0 1em; line-height: 1.4; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }
table.qnetsim { border-collapse: collapse; margin: 0.8em 0; font-size: 0.85em; }
table.qnetsim caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
table.qnetsim th, table.qnetsim td { border: 1px solid #ddd; padding: 0.2em 0.5em;
       text-align: left; vertical-align: top; font-variant-numeric: tabular-nums; }
table.qnetsim td:last-child { max-width: 40em; }
table.qnetsim th { background: #f4f4f4; }
table.qnetsim td.differs { color: #a00; font-weight: bold; }
.warning { background: #fff3f3; border-left: 4px solid #c00; padding: 0.5em 1em; }
.ok { background: #f3fff3; border-left: 4px solid #080; padding: 0.5em 1em; }
.note { color: #555; font-size: 0.9em; }
figure { margin: 1em 0; } figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.9em; color: #444; }
pre { background: #f7f7f7; padding: 0.8em; overflow-x: auto; font-size: 0.8em; }
footer { margin-top: 3em; font-size: 0.8em; color: #777; }
"""


@dataclass
class HtmlReport:
    """An HTML page built part by part, in order; :meth:`render` gives the whole page."""

    title: str
    parts: list[str] = field(default_factory=list)
    figures: int = 0
    tables: int = 0

    def heading(self, text: str, level: int = 2) -> None:
        self.parts.append(f"<h{level}>{html.escape(text)}</h{level}>")

    def paragraph(self, text: str, css_class: str = "") -> None:
        cls = f' class="{css_class}"' if css_class else ""
        self.parts.append(f"<p{cls}>{html.escape(text)}</p>")

    def warning(self, text: str) -> None:
        """A paragraph marked for the eye (a pair that is not entangled, a value that
        differs from its publication)."""
        self.paragraph(text, "warning")

    def items(self, lines: list[str], css_class: str = "note") -> None:
        if lines:
            body = "".join(f"<li>{html.escape(x)}</li>" for x in lines)
            self.parts.append(f'<ul class="{css_class}">{body}</ul>')

    def table(self, frame: pd.DataFrame, caption: str = "") -> None:
        self.tables += 1
        self.parts.append(frame_html(frame, caption))

    def raw_table(self, table_html: str) -> None:
        """A table already rendered by :mod:`qnetsim.report.tables` (e.g. with marks)."""
        self.tables += 1
        self.parts.append(table_html)

    def figure(self, fig: Any, caption: str) -> None:
        """``fig`` (a matplotlib Figure) inline as SVG, under ``caption``."""
        self.figures += 1
        self.parts.append(
            f"<figure>{figure_svg(fig)}<figcaption>{html.escape(caption)}</figcaption></figure>"
        )

    def preformatted(self, text: str, summary: str) -> None:
        """``text`` verbatim in a folded block headed ``summary`` (e.g. the input file)."""
        self.parts.append(
            f"<details><summary>{html.escape(summary)}</summary>"
            f"<pre>{html.escape(text)}</pre></details>"
        )

    def render(self) -> str:
        body = "\n".join(self.parts)
        return (
            "<!DOCTYPE html>\n"
            '<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(self.title)}</title><style>{_STYLE}</style></head>\n"
            f"<body><h1>{html.escape(self.title)}</h1>\n{body}\n"
            f"<footer>Made by qnetsim {html.escape(__version__)}. Self-contained: no network "
            "access needed.</footer></body></html>\n"
        )

    def write(self, directory: str | Path) -> Path:
        """Write the page to ``directory/report.html`` (the directory is created if its
        parent exists); returns the file."""
        out = Path(directory)
        out.mkdir(exist_ok=True)
        path = out / REPORT_NAME
        path.write_text(self.render(), encoding="utf-8")
        return path
