"""A chapter's reading time, computed from its notebook by the book's one rule.

Not part of the student's package: the site's extension (``aebook_site``) shows it on each
chapter and on the landing page, and ``tests/book`` checks every chapter against the limit.

The rule (CONTRIBUTING.md, "Shape and length"): the words of the Markdown cells, without code fences and
display maths, at 200 words a minute, plus the non-blank lines of the code cells a reader sees
(not tagged ``hide-input``, ``hide-cell``, ``remove-input`` or ``remove-cell``) at 20 lines a
minute. The Exercises section, from its ``## Exercises`` heading to the next second-level
heading, is left out.

Run it as a script to print every chapter's time::

    python book/_ext/reading_time.py book/0*.ipynb
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

WORDS_PER_MINUTE = 200
CODE_LINES_PER_MINUTE = 20
#: The most minutes a chapter may take by the rule above.
MAX_MINUTES = 45
HIDDEN_TAGS = {"hide-input", "hide-cell", "remove-input", "remove-cell"}

_FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$", re.M | re.S)
_DISPLAY_MATH = re.compile(r"\$\$.*?\$\$", re.S)
_H2 = re.compile(r"^## +(.+?)\s*$", re.M)


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def markdown_words(text: str) -> int:
    """Words of a Markdown text without its code fences and display maths.

    >>> markdown_words("Two words\\n\\n```python\\nx = 1\\n```\\n$$a + b$$ and three")
    4
    """
    text = _FENCE.sub(" ", text)
    text = _DISPLAY_MATH.sub(" ", text)
    return len(text.split())


def visible_code_lines(cell: dict) -> int:
    """Non-blank lines of a code cell that the page shows (0 for a hidden or removed one)."""
    if HIDDEN_TAGS & set(cell.get("metadata", {}).get("tags", [])):
        return 0
    return sum(1 for line in _source(cell).splitlines() if line.strip())


def counts(cells: list[dict]) -> tuple[int, int]:
    """(Markdown words, visible code lines) of a notebook's cells, Exercises left out."""
    words = lines = 0
    in_exercises = False
    for cell in cells:
        text = _source(cell)
        if cell["cell_type"] == "markdown":
            # A cell may close the Exercises section and open the next one (## What's next).
            kept = []
            for part in re.split(r"(?m)^(?=## )", text):
                heading = _H2.match(part)
                if heading:
                    in_exercises = heading.group(1).strip().lower() == "exercises"
                if not in_exercises:
                    kept.append(part)
            words += markdown_words("".join(kept))
        elif cell["cell_type"] == "code" and not in_exercises:
            lines += visible_code_lines(cell)
    return words, lines


def reading_minutes(path: str | Path) -> int:
    """A notebook's reading time in whole minutes, rounded up.

    Parameters
    ----------
    path : str or Path
        A chapter's ``.ipynb`` file (or a Markdown page, ``.md``, read as one Markdown cell).

    Raises
    ------
    ValueError
        If a file that is not ``.md`` is not a notebook (JSON with a ``cells`` list).
    """
    path = Path(path)
    if path.suffix == ".md":
        # A Markdown page: all of it is prose (its code fences are left out, as in a notebook).
        cells = [{"cell_type": "markdown", "source": path.read_text(encoding="utf-8")}]
    else:
        try:
            cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise ValueError(f"{path} is not a Jupyter notebook ({err!r})") from None
    words, lines = counts(cells)
    return math.ceil(words / WORDS_PER_MINUTE + lines / CODE_LINES_PER_MINUTE)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        words, lines = counts(
            json.loads(Path(name).read_text(encoding="utf-8"))["cells"]
        )
        print(
            f"{reading_minutes(name):3d} min  {words:6d} words  {lines:4d} code lines  {name}"
        )
