"""Student versions of the chapters for course instructors, made with nbgrader.

Each chapter carries nbgrader's markup as it stands: written answers are *manually graded
answer* cells, code exercises are *autograded answer* cells whose reference solution sits
between ``### BEGIN SOLUTION`` and ``### END SOLUTION``, and each is followed by a locked
*autograder tests* cell. :func:`build_assignments` runs nbgrader's own ``generate_assignment``
on a throw-away course directory, so nbgrader clears the solutions, locks the checks and
records the checksums an instructor's autograding needs. The only addition is nbconvert's
``TagRemovePreprocessor``, which drops the cells tagged :data:`REMOVE_TAG`: the cells that
open and close a hidden solution on the web site.

Run it as ``make assignments``, or ``python book/_ext/assignments.py --out DIR NOTEBOOK...``.
A tool of the book's repository, not of the student's package.
"""

import argparse
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

#: Cells with this tag are left out of the student version (they only frame a solution on
#: the web site: sphinx-exercise's ``solution-start`` and ``solution-end``).
REMOVE_TAG = "remove-from-assignment"

_ASSIGNMENT = "aebook"


def _generate(course: Path) -> None:
    """Run nbgrader's generate_assignment on ``course/source/aebook``, without a database."""
    try:
        from nbconvert.preprocessors import TagRemovePreprocessor
        from nbgrader.apps import NbGraderAPI
        from nbgrader.converters import GenerateAssignment
        from traitlets.config import Config
    except ImportError as error:
        raise ImportError(
            f"Building the assignments needs nbgrader ({error}); install the course extra: "
            "pip install -c constraints.txt -e '.[course]'"
        ) from error

    config = Config()
    config.CourseDirectory.root = str(course)
    # nbgrader's --no-db: no gradebook, which an instructor's own course keeps.
    config.GenerateAssignment.no_database = True
    config.SaveCells.enabled = False
    config.GenerateAssignment.preprocessors = [
        TagRemovePreprocessor,
        *GenerateAssignment.class_traits()["preprocessors"].default(),
    ]
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {REMOVE_TAG}
    result = NbGraderAPI(config=config).generate_assignment(
        _ASSIGNMENT, force=True, create=False
    )
    if not result["success"]:
        raise RuntimeError(
            "nbgrader generate_assignment failed:\n"
            f"{result.get('error', '')}\n{result.get('log', '')}"
        )


def build_assignments(
    notebooks: Iterable[str | Path], out_dir: str | Path
) -> list[Path]:
    """Write the student version of each notebook into ``out_dir``, all or nothing.

    Parameters
    ----------
    notebooks : iterable of str or Path
        Chapter notebooks (``.ipynb``) with nbgrader markup; their file names must differ.
    out_dir : str or Path
        Folder for the student notebooks, one per chapter under the chapter's file name.
        It is replaced as a whole, and only once every notebook has been converted: a
        failure leaves the previous folder (or none) in place.

    Returns
    -------
    paths : list of Path
        The student notebooks written, in the order given.

    Raises
    ------
    ValueError
        If no notebook is given, a path is not an existing ``.ipynb`` file, or two share a
        file name.
    ImportError
        If nbgrader is not installed.
    RuntimeError
        If nbgrader fails, for instance on inconsistent nbgrader metadata.
    """
    sources = [Path(p) for p in notebooks]
    if not sources:
        raise ValueError("Expected at least one notebook, got none")
    for path in sources:
        if path.suffix != ".ipynb" or not path.is_file():
            raise ValueError(f"Expected an existing .ipynb file, got {str(path)!r}")
    names = [p.name for p in sources]
    if len(set(names)) != len(names):
        raise ValueError(f"Expected notebooks with distinct file names, got {names}")

    out_dir = Path(out_dir).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    # Work beside the destination, so that the final step is a rename on one file system.
    with tempfile.TemporaryDirectory(
        prefix=f".{out_dir.name}-", dir=out_dir.parent
    ) as tmp:
        course = Path(tmp) / "course"
        source = course / "source" / _ASSIGNMENT
        source.mkdir(parents=True)
        for path in sources:
            shutil.copyfile(path, source / path.name)
        _generate(course)
        release = course / "release" / _ASSIGNMENT
        staged = Path(tmp) / "out"
        staged.mkdir()
        for name in names:
            shutil.copyfile(release / name, staged / name)
        old = Path(tmp) / "old"
        if out_dir.exists():
            out_dir.rename(old)
        staged.rename(out_dir)
    return [out_dir / name for name in names]


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python book/_ext/assignments.py --out DIR NOTEBOOK...``."""
    parser = argparse.ArgumentParser(
        prog="python book/_ext/assignments.py",
        description="Write student versions of the chapters (solutions removed) with nbgrader.",
    )
    parser.add_argument(
        "notebooks", nargs="+", help="chapter notebooks with nbgrader markup"
    )
    parser.add_argument("--out", required=True, help="folder for the student notebooks")
    args = parser.parse_args(argv)
    for path in build_assignments(args.notebooks, args.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
