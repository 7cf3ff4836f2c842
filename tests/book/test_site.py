"""The site a reader uses: launch and download buttons, references, glossary, run times, figures.

The repository checks run without a build. The others read the session's quick-mode build of
the site (the ``quick_site`` fixture in tests/book/conftest.py).
"""

import json
import re
from html import unescape

import aebook_site
import matplotlib.pyplot as plt
import numpy as np
import pytest
import yaml
from reading_time import reading_minutes

from .conftest import CHAPTERS as CHAPTER_RESULTS
from .conftest import CONFIG, QUICK_RESULTS, REPO

CHAPTERS = [page.removeprefix("book/") for page in CHAPTER_RESULTS]

# The works the book must cite, with a fragment of each title as the References page shows it.
REQUIRED_WORKS = {
    "hinton2006reducing": "reducing the dimensionality of data with neural networks",
    "vincent2008extracting": "extracting and composing robust features with denoising",
    "wang2004image": "image quality assessment: from error visibility to structural similarity",
    "bergmann2019improving": "improving unsupervised defect segmentation",
    "chen2015general": "a general framework for never-ending learning from time series",
    "dau2019ucr": "the ucr time series archive",
    "goldberger2000physiobank": "physiobank, physiotoolkit, and physionet",
    "nalisnick2019deep": "do deep generative models know what they don't know?",
    "kingma2015adam": "adam: a method for stochastic optimization",
    "goodfellow2016deep": "deep learning",
}
GLOSSARY_TERMS = [
    "autoencoder",
    "encoder",
    "decoder",
    "code",
    "latent space",
    "bottleneck",
    "reconstruction error",
    "PCA",
    "denoising autoencoder",
    "PSNR",
    "SSIM",
    "anomaly detection",
    "contamination",
    "threshold",
    "AUROC",
    "AUPRC",
    "precision",
    "recall",
]
_CITE = re.compile(r"\{cite:[pt]\}`([^`]+)`")
_TERM = re.compile(r"\{term\}`([^`]+)`")


def _notebook(name):
    return json.loads((REPO / "book" / f"{name}.ipynb").read_text(encoding="utf-8"))


def _markdown(name):
    return "\n".join(
        "".join(cell["source"])
        for cell in _notebook(name)["cells"]
        if cell["cell_type"] == "markdown"
    )


def _cited_keys(text):
    keys = set()
    for group in _CITE.findall(text):
        for key in group.split(","):
            keys.add(re.sub(r"\{[^}]*\}", "", key).strip())  # drop {pre}/{post} notes
    return keys


def _install_cell(name):
    return next(cell for cell in _notebook(name)["cells"] if cell["cell_type"] == "code")


def _repository():
    repo = CONFIG["repository"]
    match = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+)", repo["url"])
    assert match, f"expected a GitHub repository URL in _config.yml, got {repo['url']!r}"
    return match.group(1), match.group(2), repo["branch"]


# --- Repository: configuration, install cell, Binder, references, glossary -----------------


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_first_code_cell_installs_aebook_from_the_configured_repository(chapter):
    source = "".join(_install_cell(chapter)["source"])
    org, repo, branch = _repository()
    assert 'find_spec("aebook") is None' in source
    assert f"git+https://github.com/{org}/{repo}@{branch}" in source, (
        "the install cell and _config.yml's repository disagree; a fork changes both"
    )


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_install_cell_does_nothing_here_and_installs_elsewhere(chapter, monkeypatch):
    """Run the cell as IPython would, with a stand-in for the %pip magic."""
    import importlib.util

    from IPython.core.inputtransformer2 import TransformerManager

    code = TransformerManager().transform_cell("".join(_install_cell(chapter)["source"]))
    calls = []

    class Shell:
        def run_line_magic(self, name, line, _stack_depth=1):
            calls.append((name, line.format(**namespace)))  # IPython expands {name} the same way

    namespace = {"get_ipython": Shell}
    exec(code, namespace)
    assert calls == [], "aebook is installed here: the cell must not run pip"

    real_find_spec = importlib.util.find_spec
    missing = {"aebook", "tensorflow"}
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name in missing else real_find_spec(name),
    )
    namespace = {"get_ipython": Shell}
    exec(code, namespace)
    org, repo, branch = _repository()
    assert calls == [
        ("pip", f'install --quiet "aebook[cpu] @ git+https://github.com/{org}/{repo}@{branch}"')
    ]


def test_binder_builds_the_root_environment_with_aebook():
    # repo2docker reads binder/ or .binder/ instead of the root when either exists.
    assert not (REPO / "binder").exists() and not (REPO / ".binder").exists()
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    pip = next(dep["pip"] for dep in env["dependencies"] if isinstance(dep, dict))
    # A local requirement makes repo2docker copy the whole repository before installing.
    assert any(re.fullmatch(r"(-e|--editable)\s+\.(\[[\w,]+\])?", line) for line in pip)


def test_required_works_are_in_the_bibliography_and_cited_in_the_chapters():
    bib = (REPO / "book" / "references.bib").read_text(encoding="utf-8")
    bib_keys = set(re.findall(r"^@\w+\{([^,]+),", bib, flags=re.M))
    cited = set().union(*(_cited_keys(_markdown(chapter)) for chapter in CHAPTERS))
    assert set(REQUIRED_WORKS) <= bib_keys
    assert set(REQUIRED_WORKS) <= cited, f"not cited: {sorted(set(REQUIRED_WORKS) - cited)}"
    assert cited <= bib_keys, f"cited but not in references.bib: {sorted(cited - bib_keys)}"


def test_glossary_defines_the_key_terms_and_chapters_link_to_it():
    text = (REPO / "book" / "glossary.md").read_text(encoding="utf-8")
    body = text.split("```{glossary}")[1].split("```")[0]
    # Terms start at the line's start; definitions are indented; options start with a colon.
    defined = {line for line in body.splitlines() if line.strip() and line[0] not in " :"}
    assert set(GLOSSARY_TERMS) <= defined, f"missing: {sorted(set(GLOSSARY_TERMS) - defined)}"
    for chapter in CHAPTERS:
        assert _TERM.search(_markdown(chapter)), f"{chapter} links no glossary term"


def test_table_of_contents_has_the_reader_pages():
    toc = (REPO / "_toc.yml").read_text(encoding="utf-8")
    for page in ("book/get-started", "book/glossary", "book/references"):
        assert f"file: {page}" in toc


# --- The built site ----------------------------------------------------------------------------


def _page(site, name):
    return (site / name).read_text(encoding="utf-8")


def _hrefs(html):
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', html)]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_page_has_well_formed_launch_and_download_links(quick_site, chapter):
    org, repo, branch = _repository()
    hrefs = _hrefs(_page(quick_site, f"book/{chapter}.html"))
    path = f"book/{chapter}.ipynb"
    colab = f"https://colab.research.google.com/github/{org}/{repo}/blob/{branch}/{path}"
    binder = f"https://mybinder.org/v2/gh/{org}/{repo}/{branch}?urlpath=lab/tree/{path}"
    assert colab in hrefs
    assert binder in hrefs
    assert f"https://github.com/{org}/{repo}" in hrefs  # the repository button
    downloads = [h for h in hrefs if h.endswith(f"_sources/{path}")]
    assert downloads, "no download link to the chapter's .ipynb"
    notebook = (quick_site / "book" / downloads[0]).resolve()
    assert notebook.is_file(), f"the download link points to a missing file: {downloads[0]}"
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    first_code = next(cell for cell in cells if cell["cell_type"] == "code")
    assert 'find_spec("aebook")' in "".join(first_code["source"])


def test_references_page_lists_the_cited_works(quick_site):
    text = re.sub(
        r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", _page(quick_site, "book/references.html")))
    )
    for key, title in REQUIRED_WORKS.items():
        assert title in text.lower(), f"{key} is not on the References page"
    for chapter in CHAPTERS:
        links = [
            h for h in _hrefs(_page(quick_site, f"book/{chapter}.html")) if "references.html#" in h
        ]
        assert links, f"{chapter} has no citation linking to the References page"


def test_glossary_page_has_the_terms_and_chapters_link_to_them(quick_site):
    glossary = _page(quick_site, "book/glossary.html")
    for term in GLOSSARY_TERMS:
        anchor = "term-" + re.sub(r"\s+", "-", term)
        assert f'id="{anchor}"' in glossary, f"no glossary entry for {term!r}"
    page = _page(quick_site, "book/01-basic-autoencoder.html")
    assert "glossary.html#term-autoencoder" in page


@pytest.mark.parametrize("page", ["book/index.html", "book/results.html"])
def test_run_time_table_shows_each_chapter_from_its_results(quick_site, page):
    html = _page(quick_site, page)  # the site's root index.html redirects to book/index.html
    table = re.search(r'<table class="[^"]*chapter-run-times.*?</table>', html, re.S)
    assert table, f"{page} has no table of chapter run times"
    rows = re.findall(r"<tr.*?</tr>", table.group(0), re.S)[1:]  # less the header
    assert len(rows) == len(CHAPTER_RESULTS)
    records = {}
    for name in CHAPTER_RESULTS.values():
        path = QUICK_RESULTS / f"{name}.json"
        records[name] = json.loads(path.read_text()) if path.exists() else None
    gpu = any(aebook_site.on_gpu(record) for record in records.values())
    assert ("Run time on a GPU" in table.group(0)) is gpu, "a GPU column only when measured"
    for (chapter, name), row in zip(CHAPTER_RESULTS.items(), rows, strict=True):
        assert f'href="{chapter.removeprefix("book/")}.html"' in row
        cells = [
            unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<td.*?</td>", row, re.S)
        ]
        assert cells[1] == f"{reading_minutes(REPO / f'{chapter}.ipynb')} min", chapter
        assert cells[2:] == list(aebook_site.run_time_cells(records[name], gpu_column=gpu))


def test_config_names_every_chapter_in_toc_order():
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    chapters = [f for f in files if (REPO / f"{f}.ipynb").is_file() and f[5:6].isdigit()]
    assert list(CHAPTER_RESULTS) == chapters


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_figure_has_alt_text(quick_site, chapter):
    html = _page(quick_site, f"book/{chapter}.html")
    images = re.findall(r"<img [^>]*>", html)
    figures = [img for img in images if "_images/" in img]
    assert figures, f"no figures on {chapter}"
    for img in figures:
        alt = re.search(r'alt="([^"]*)"', img)
        # Without alt text in the cell's metadata, Sphinx uses the image's file name.
        assert alt and alt.group(1).strip(), f"figure without alt text: {img[:120]}"
        assert "_images" not in alt.group(1) and not alt.group(1).endswith(".png"), img[:120]


def test_figures_are_opaque(quick_site):
    """Transparent figure backgrounds would make dark text vanish on the dark theme."""
    pngs = sorted((quick_site / "_images").glob("*.png"))
    assert pngs
    for png in pngs:
        image = plt.imread(png)
        if image.ndim == 3 and image.shape[2] == 4:
            assert np.all(image[..., 3] == 1.0), f"{png.name} has transparent pixels"
