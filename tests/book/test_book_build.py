"""The whole site builds in quick mode with warnings as errors, and records each chapter's results.

The build itself is the session fixture ``quick_site`` (tests/book/conftest.py), shared with the
site, browser and reproducibility tests.
"""

import json
import re

import pytest

from .conftest import CHAPTERS, QUICK_OUT, QUICK_RESULTS, REPO, log_warnings

# Headline metrics each chapter must record, as the issues name them.
REQUIRED_METRICS = {
    "basic-autoencoder": [
        "dense64_test_mse",
        "pca64_test_mse",
        "mnist_bce_test_mse",
        "mnist_mse_test_mse",
        "conv64_params",
        "dense64_params",
    ],
    "denoising": [
        "best_psnr_fmnist_0.2",
        "best_classical_psnr_fmnist_0.2",
        "tutorial_psnr_fmnist_0.2",
        "bottleneck_psnr_fmnist_0.2",
        "mnist_pooling_psnr_0.2",
    ],
    "ssim-anomaly": [
        "best_auroc",
        "ssim_trained_ssim_score_auroc",
        "mse_trained_mse_score_auroc",
        "pca_auroc",
        "pixel_knn_auroc",
        "heldout_class_auroc",
        "recipe_budget",
        "texture_image_auroc_mse",
        "texture_image_auroc_ssim",
        "texture_pixel_auroc_mse",
        "texture_pixel_auroc_ssim",
        "random_image_score",
    ],
    "ecg-anomaly": [
        "best_auroc_mean",
        "best_accuracy",
        "recipe_accuracy",
        "recipe_auroc",
        "pca_auroc",
        "ae_auroc_split_mean",
        "ae_auroc_split_std",
        "lof_auroc_split_mean",
        "pca_auroc_split_mean",
        "ae_f1_split_mean",
        "lof_f1_split_mean",
        "pca_f1_split_mean",
    ],
    "vae": ["elbo_auroc_mnist", "corrected_auroc_mnist"],
}


def test_build_log_has_no_warnings(quick_site):
    warnings = log_warnings((QUICK_OUT / "build.log").read_text(encoding="utf-8"))
    listing = "\n".join(warnings)
    assert not warnings, f"{len(warnings)} warning line(s) in the build log:\n{listing}"


def test_site_has_every_page(quick_site):
    pages = ["index.html", "book/results.html", *(f"{page}.html" for page in CHAPTERS)]
    for page in pages:
        assert (quick_site / page).is_file(), f"missing {page}"


def test_chapter_page_shows_figures_and_outputs(quick_site):
    page = (quick_site / "book" / "01-basic-autoencoder.html").read_text(encoding="utf-8")
    assert page.count("<img") >= 8, "expected the chapter's figures in the page"
    assert "test MSE" in page
    assert "Traceback" not in page and "oneDNN" not in page


def test_every_chapter_names_its_results_file():
    """_config.yml names each chapter's results file; the chapter must save under that name."""
    for page, name in CHAPTERS.items():
        cells = json.loads((REPO / f"{page}.ipynb").read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        assert re.search(rf'save_results\(\s*"{name}"', code), f"{page} saves no {name}.json"


@pytest.mark.parametrize("chapter", sorted(REQUIRED_METRICS))
def test_chapter_records_results(quick_site, chapter):
    record = json.loads((QUICK_RESULTS / f"{chapter}.json").read_text())
    assert record["mode"] == "quick"
    for key in ("device", "seconds", "versions", "seed"):
        assert key in record
    assert set(record["labels"]) == set(record["metrics"]), "every metric has its label"
    for metric in REQUIRED_METRICS[chapter]:
        value = record["metrics"][metric]
        if "psnr" in metric:
            assert 0.0 < value < 100.0, f"{metric} = {value} dB"  # finite, in decibels
        elif metric.endswith(("_params", "_budget")):
            # weights, or image passes (images x epochs) of a training budget
            assert value >= 1 and float(value).is_integer(), f"{metric} = {value}"
        else:
            assert 0.0 < value < 1.0, f"{metric} = {value}"  # an MSE of images in [0, 1], an AUROC


def test_results_page_shows_labels_in_book_order(quick_site):
    page = (quick_site / "book" / "results.html").read_text(encoding="utf-8")
    record = json.loads((QUICK_RESULTS / "basic-autoencoder.json").read_text())
    label = record["labels"]["dense64_test_mse"]["label"]
    assert label in page and "dense64_test_mse" not in page, "labels, not raw keys"
    assert f"{record['metrics']['dense64_test_mse']:.4g}" in page
    article = page[page.index("<article") :]  # the page itself, not the navigation
    positions = [article.find(f'href="{name.split("/")[-1]}.html"') for name in CHAPTERS]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), "book order"
    assert "Target: at most" in page, "a sentence for each benchmark target"


@pytest.mark.parametrize("page", list(CHAPTERS))
def test_builds_show_no_training_progress(quick_site, page):
    """Training cells pass verbose=rt.verbose: quiet in a build, a progress bar for a person."""
    html = (quick_site / f"{page}.html").read_text(encoding="utf-8")
    # Keras's progress bar ("1688/1688 ━━━━ 5s 3ms/step") or its one line per epoch ("- 5s -").
    assert not re.search(r"\d+/\d+ (━|- \d)", html), "Keras's training output in the built page"
