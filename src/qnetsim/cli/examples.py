"""``qnetsim examples [DIR]``: copy the scenario files shipped inside the package.

An installed qnetsim has no repository next to it, so the README's commands
(``qnetsim run examples/scenarios/my_link.toml``) need the files copied out first:
``qnetsim examples`` writes ``examples/scenarios/`` (the example scenarios) and
``examples/experiments/`` (the published experiments with their reference values, the files
``qnetsim reproduce`` runs) and ``examples/data/`` (measured points for ``qnetsim calibrate``)
into the current directory, the layout of the repository.
"""

from __future__ import annotations

import argparse
import shutil
from importlib import resources
from pathlib import Path

from qnetsim.errors import InvalidParameterError

#: what is copied: target sub-directory -> (package, folder inside it)
SHIPPED = {
    "scenarios": ("qnetsim.scenario", "examples"),
    "experiments": ("qnetsim.experiments", "scenarios"),
    "data": ("qnetsim.experiments", "data"),
}
SUFFIXES = (".toml", ".yaml", ".yml", ".json", ".csv")

EXAMPLE = """examples:
  qnetsim examples                        # into ./examples, the repository's layout
  qnetsim run examples/scenarios/my_link.toml
  qnetsim reproduce examples/experiments/lu2026_diqkd.toml
  qnetsim examples my-copy --force        # overwrite files changed in an earlier copy"""


def shipped_files() -> dict[str, list[Path]]:
    """The shipped scenario files by target sub-directory, sorted by name."""
    out: dict[str, list[Path]] = {}
    for target, (package, folder) in SHIPPED.items():
        source = Path(str(resources.files(package).joinpath(folder)))
        found = source.iterdir() if source.is_dir() else ()
        out[target] = sorted(p for p in found if p.suffix in SUFFIXES)
    return out


def copy_examples(directory: str | Path, *, force: bool = False) -> list[Path]:
    """Copy the shipped scenarios into ``directory`` (created, with its parents' existence
    checked) and return the paths of the copies. A file that exists with other content is
    kept unless ``force``; an identical one is left as it is."""
    root = Path(directory)
    if root.exists() and not root.is_dir():
        raise InvalidParameterError("DIR", str(root), "a directory, new or existing", "a file")
    if not root.exists() and not root.resolve().parent.is_dir():
        raise InvalidParameterError(
            "DIR", str(root), "a directory whose parent exists", "create the parent first"
        )
    plan: list[tuple[Path, Path]] = []
    clashes: list[str] = []
    written: list[Path] = []
    for target, files in shipped_files().items():
        for source in files:
            dest = root / target / source.name
            written.append(dest)
            if dest.exists() and dest.read_bytes() == source.read_bytes():
                continue  # already there (in a clone, examples/ links to these very files)
            if dest.exists() and not force:
                clashes.append(str(dest))
            plan.append((source, dest))
    if clashes:
        more = f" and {len(clashes) - 3} more" if len(clashes) > 3 else ""
        raise InvalidParameterError(
            "DIR",
            str(root),
            "a directory without changed copies of the shipped files, or --force",
            f"it holds {', '.join(clashes[:3])}{more}",
        )
    for source, dest in plan:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, dest)
    return written


def run(args: argparse.Namespace) -> int:
    written = copy_examples(args.dir, force=args.force)
    by_dir: dict[Path, int] = {}
    for path in written:
        by_dir[path.parent] = by_dir.get(path.parent, 0) + 1
    for folder, count in by_dir.items():
        print(f"{folder}/  {count} file{'s' if count != 1 else ''}")
    first = next((p for p in written if p.name == "my_link.toml"), written[0])
    print(f"next: qnetsim run {first}")
    return 0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "examples",
        help="copy the shipped example and experiment scenarios into a directory",
        description="Copy the example scenarios, the published-experiment scenarios and the "
        "measured data shipped with qnetsim into DIR/scenarios, DIR/experiments and DIR/data.",
        epilog=EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "dir", nargs="?", default="examples", metavar="DIR", help="target (default: examples)"
    )
    p.add_argument(
        "--force", action="store_true", help="overwrite files that differ from the shipped ones"
    )
    p.set_defaults(func=run)
