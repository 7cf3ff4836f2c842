"""The page a reader sees (CONTRIBUTING.md, "The page a reader sees").

Over the session's quick build of the site (``quick_site``): exercises numbered by chapter, each
with its difficulty and time; no grading markup, no stderr and no empty "Show code cell source"
bar on any page; Styler tables padded by the site's stylesheet; one search box; the landing page
leads with the three ways in; the Sources section and the Results page's caveats. Without a
build: every chapter within the reading-time limit, the front door's files, and no page or test
that cites a file outside the repository.
"""

import json
import re

import pytest
import yaml
from bs4 import BeautifulSoup
from reading_time import MAX_MINUTES, reading_minutes

from .conftest import CHAPTERS, CONFIG, QUICK_RESULTS, REPO

TOC = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
PAGES = ["book/index", "book/get-started", "book/instructors", "book/results", *CHAPTERS]
SOURCE_KEYS = (
    "sarkar2021anomaly",
    "badr2019autoencoder",
    "tensorflow2024intro",
    "zen2023autoencoder",
)
DIFFICULTY = re.compile(r"Difficulty (★{1,3})(☆{0,2}) · Time about \d+ min")


def _soup(site, page):
    return BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")


def _article(site, page):
    """The page's own content, without the navigation around it."""
    return _soup(site, page).select_one("article.bd-article")


def _chapter_number(page):
    """The number the numbered Chapters part of _toc.yml gives a chapter (1, 2, ...)."""
    (part,) = [part for part in TOC["parts"] if part.get("numbered")]
    files = [chapter["file"] for chapter in part["chapters"]]
    return files.index(page) + 1


def _markdown(page):
    cells = json.loads((REPO / f"{page}.ipynb").read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def _text(node):
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


# --- Exercises ----------------------------------------------------------------------------------


def test_the_chapters_part_of_the_toc_is_numbered():
    numbered = [part for part in TOC["parts"] if part.get("numbered")]
    assert [part["caption"] for part in numbered] == ["Chapters"]
    assert [c["file"] for c in numbered[0]["chapters"]] == list(CHAPTERS)


@pytest.mark.parametrize("page", list(CHAPTERS))
def test_exercises_are_numbered_with_their_chapter_number(quick_site, page):
    number = _chapter_number(page)
    titles = [
        _text(span)
        for span in _article(quick_site, page).select(
            "div.exercise p.admonition-title span.caption-number"
        )
    ]
    assert titles, f"{page}: no numbered exercise"
    expected = [f"Exercise {number}.{k}" for k in range(1, len(titles) + 1)]
    assert titles == expected


@pytest.mark.parametrize("page", list(CHAPTERS))
def test_prose_cites_exercises_by_reference_not_by_typed_number(page):
    # {ref}`ex-...` renders "Exercise 4.2"; a typed "exercise 2" or "Exercises 1 to 4" goes stale.
    prose = re.sub(r"\{ref\}`[^`]*`", "", _markdown(page))
    typed = re.findall(r"\b[Ee]xercises? \d[\d.]*", prose)
    assert not typed, f"{page}: typed exercise numbers {typed}; cite with {{ref}}`ex-...`"


@pytest.mark.parametrize("page", list(CHAPTERS))
def test_every_exercise_starts_with_its_difficulty_and_time(quick_site, page):
    exercises = _article(quick_site, page).select("div.exercise")
    assert exercises
    for exercise in exercises:
        title = _text(exercise.select_one("p.admonition-title"))
        first = next(
            p for p in exercise.find_all("p") if "admonition-title" not in p.get("class", [])
        )
        match = DIFFICULTY.fullmatch(_text(first))
        assert match, f"{page}, {title}: starts with {_text(first)[:80]!r}"
        assert len(match.group(1)) + len(match.group(2)) == 3, f"{page}, {title}: three stars"


# --- Clean pages --------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
def test_no_grading_markup_on_the_page(quick_site, page):
    text = _article(quick_site, page).get_text()
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text


@pytest.mark.parametrize("page", list(CHAPTERS))
def test_no_empty_show_code_cell_source_bar(quick_site, page):
    """A hidden-input cell whose output is empty shows a bar that opens onto plumbing."""
    empty = []
    for cell in _article(quick_site, page).select("div.cell.tag_hide-input"):
        output = cell.select_one("div.cell_output")
        if output is None or not (
            output.get_text(strip=True) or output.find(["img", "table", "svg", "iframe"])
        ):
            empty.append(_text(cell.select_one("div.cell_input") or cell)[:80])
    assert not empty, f"{page}: {len(empty)} empty bar(s); tag such cells remove-cell: {empty}"


def test_stderr_is_removed_from_pages_and_fails_the_build():
    # The quick build runs with -W, so the warning "remove-warn" logs fails it.
    assert CONFIG["sphinx"]["config"]["nb_output_stderr"] == "remove-warn"


def test_tensorflow_is_first_imported_by_aebook_runtime():
    """aebook.runtime sets TF_CPP_MIN_LOG_LEVEL and filters TensorFlow's start-up lines, which
    works only when it is what imports TensorFlow: every chapter imports aebook before Keras,
    and every aebook module that imports Keras imports aebook.runtime first."""
    for page in CHAPTERS:
        cells = json.loads((REPO / f"{page}.ipynb").read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        first_tf = re.search(r"^(?:import|from) (?:keras|tensorflow)\b", code, re.M)
        first_aebook = re.search(r"^from aebook import", code, re.M)
        assert first_aebook, f"{page} does not import aebook"
        if first_tf:
            before = code[first_aebook.start() : first_tf.start()]
            assert re.search(r"\b(runtime|models)\b", before), (
                f"{page} imports Keras or TensorFlow before aebook.runtime"
            )
    for module in sorted((REPO / "aebook").glob("*.py")):
        lines = module.read_text(encoding="utf-8").splitlines()
        tf = [
            i for i, line in enumerate(lines) if re.match(r"(import|from) (keras|tensorflow)", line)
        ]
        if tf and module.stem != "runtime":
            quiet = [
                i for i, line in enumerate(lines) if line.startswith("from aebook import runtime")
            ]
            assert quiet and quiet[0] < tf[0], f"{module.name} imports Keras before aebook.runtime"


@pytest.mark.parametrize("page", list(CHAPTERS))
def test_no_stderr_output_on_the_page(quick_site, page):
    blocks = _article(quick_site, page).select(".stderr")
    assert not blocks, f"{page}: stderr on the page: {_text(blocks[0])[:200]}"


def test_styler_tables_are_padded(quick_site):
    css = (quick_site / "_static" / "aebook.css").read_text(encoding="utf-8")
    rule = re.search(
        r"\.bd-content div\.cell_output table th,\s*\.bd-content div\.cell_output table td\s*"
        r"\{[^}]*padding:\s*(?!0;)[^;]+;",
        css,
    )
    assert rule, "aebook.css pads the cells of every table in a cell's output"
    stylers = 0
    for page in CHAPTERS:
        soup = _soup(quick_site, page)
        links = [link.get("href", "") for link in soup.find_all("link", rel="stylesheet")]
        assert any(href.split("?")[0].endswith("_static/aebook.css") for href in links), page
        for table in soup.select('table[id^="T_"]'):  # pandas Styler's tables
            stylers += 1
            assert table.find_parent("div", class_="cell_output"), f"{page}: {table['id']}"
    assert stylers, "no Styler table in the book: check the selector still finds them"


@pytest.mark.parametrize("page", ["book/index", "book/01-basic-autoencoder"])
def test_one_search_box(quick_site, page):
    """The theme shows the sidebar's field on a wide screen and the header's button on a narrow
    one (sphinx-book-theme's CSS switches at its lg breakpoint); nothing else may add a third."""
    soup = _soup(quick_site, page)
    fields = soup.select("button.search-button-field")
    assert len(fields) == 1 and fields[0].find_parent(class_="bd-sidebar-primary"), fields
    buttons = soup.select("button.search-button:not(.search-button-field)")
    assert len(buttons) == 1 and buttons[0].find_parent(class_="article-header-buttons")


# --- Reading time -------------------------------------------------------------------------------


@pytest.mark.parametrize("page", list(CHAPTERS))
def test_chapter_reads_within_the_limit(page):
    minutes = reading_minutes(REPO / f"{page}.ipynb")
    assert minutes <= MAX_MINUTES, f"{page} reads in {minutes} min (limit {MAX_MINUTES})"


@pytest.mark.parametrize("page", list(CHAPTERS))
def test_chapter_states_its_computed_reading_time(page):
    assert "{reading-time}`this chapter`" in _markdown(page)


# --- The front door ------------------------------------------------------------------------------


def _repository():
    repo = CONFIG["repository"]
    return repo["url"].removeprefix("https://github.com/"), repo["branch"]


def test_landing_page_leads_with_the_three_ways_in(quick_site):
    article = _article(quick_site, "book/index")
    html = str(article)
    first_part = html[: html.index('id="what-you-will-learn"')]
    text = _text(BeautifulSoup(first_part, "html.parser"))
    slug, branch = _repository()
    colab = (
        f"https://colab.research.google.com/github/{slug}/blob/{branch}/"
        "book/01-basic-autoencoder.ipynb"
    )
    hrefs = [a.get("href") for a in BeautifulSoup(first_part, "html.parser").find_all("a")]
    assert colab in hrefs, "a link that opens chapter 1 in Colab"
    read, cloud, local = (text.find(s) for s in ("Read it here", "Colab", "quick mode"))
    assert 0 <= read < cloud < local, "read here, then Colab, then quick mode on a laptop"
    assert re.search(r"AEBOOK_QUICK ?= ?1", text) and "make install" in text
    assert "chapter-run-times" in first_part, "reading and run times side by side"


def test_readme_and_landing_page_name_the_configured_repository():
    slug, branch = _repository()
    for path in (REPO / "README.md", REPO / "book" / "index.md"):
        text = path.read_text(encoding="utf-8")
        for found in re.findall(
            r"(?<!colab\.research\.google\.com/)github\.com/([\w.-]+/[\w-]+)", text
        ):
            assert found == slug, f"{path.name} names {found}, _config.yml {slug}"
        colab = re.findall(
            r"colab\.research\.google\.com/github/([\w.-]+/[\w-]+)/blob/([\w.-]+)/", text
        )
        assert colab, f"{path.name} opens chapter 1 in Colab"
        assert set(colab) == {(slug, branch)}, f"{path.name}: {colab}"


def test_readme_first_screen_serves_a_newcomer():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    first_screen = "\n".join(readme.splitlines()[:40])
    for needed in ("Colab", "make book", "make test", "01-basic-autoencoder"):
        assert needed in first_screen, needed
    for page in CHAPTERS:
        assert f"{page}.ipynb" in readme, f"the README's chapter list lacks {page}"
    assert "CONTRIBUTING.md" in readme


def test_contributing_carries_the_rules():
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for rule in (
        "make test",
        "make bench",
        "constraints.txt",
        "Reading time is computed",
        f"at most {MAX_MINUTES} minutes",
        "remove-cell",
        "**Difficulty**",
        "{ref}",
        "AEBOOK_SEED=1",
    ):
        assert rule in text, rule


def test_instructors_page_is_in_the_toc_and_says_what_it_must(quick_site):
    files = [c["file"] for part in TOC["parts"] for c in part["chapters"]]
    assert "book/instructors" in files
    text = _text(_article(quick_site, "book/instructors"))
    for needed in (
        "make assignments",
        "nbgrader",
        "autograde",
        "JupyterHub",
        "The Littlest JupyterHub",
        "exchange",
        "AEBOOK_QUICK=1",
        "holds the solutions",
    ):
        assert needed in text, needed


def test_no_page_or_test_cites_a_file_outside_the_repository():
    # The dataset mirror beside a clone (../shared/datasets) is a place, not a citation.
    outside = re.compile(r"EDITORIAL|STYLE\.md|FRAME\.md|shared/reference|\.\./shared/(?!datasets)")
    paths = [
        *REPO.glob("book/*.md"),
        *REPO.glob("book/*.ipynb"),
        *REPO.glob("book/_ext/*.py"),
        *REPO.glob("tests/**/*.py"),
        REPO / "README.md",
        REPO / "CONTRIBUTING.md",
    ]
    me = "tests/book/test_pages.py"
    cited = [
        f"{path.relative_to(REPO)}: {match.group(0)}"
        for path in paths
        if path.relative_to(REPO).as_posix() != me
        for match in outside.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not cited, cited


# --- Sources, and the Results page's caveats ----------------------------------------------------


def _bib_urls():
    bib = (REPO / "book" / "references.bib").read_text(encoding="utf-8")
    urls = {}
    for key in SOURCE_KEYS:
        entry = re.search(rf"@\w+\{{{key},(.*?)\n\}}", bib, re.S)
        assert entry, f"{key} is not in references.bib"
        url = re.search(r"url\s*=\s*\{([^}]+)\}", entry.group(1))
        urls[key] = url.group(1) if url else None
    return urls


@pytest.mark.parametrize("page", ["book/index", "book/references"])
def test_sources_section_names_every_source_article(quick_site, page):
    article = _article(quick_site, page)
    section = article.select_one("section#sources")
    assert section, f"{page} has no Sources section"
    text = _text(section)
    for author in ("Sarkar", "Badr", "The TensorFlow Authors", "禅与计算机程序设计艺术"):
        assert author in text, author
    hrefs = {a.get("href") for a in section.find_all("a")}
    for key, url in _bib_urls().items():
        if url:
            assert url in hrefs, f"{page}: the Sources section does not link {key}'s {url}"
    assert text.count("What the book does differently") == len(SOURCE_KEYS)


def test_landing_page_does_not_promise_a_grid_without_holes():
    text = (REPO / "book" / "index.md").read_text(encoding="utf-8")
    assert "without holes" not in text and "fewer holes" in text


def test_results_page_shows_each_bench_caveat(quick_site):
    # Sphinx's smart quotes turn the note's ' into ’ on the page.
    text = _text(_article(quick_site, "book/results")).replace("’", "'")
    for path in sorted(QUICK_RESULTS.glob("*.json")):
        note = json.loads(path.read_text(encoding="utf-8")).get("bench", {}).get("note")
        if note:
            assert re.sub(r"\s+", " ", note).strip() in text, f"{path.stem}'s caveat"
