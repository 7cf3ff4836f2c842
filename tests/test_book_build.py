"""The whole site builds in quick mode with warnings as errors, and records each chapter's results.

The build itself is the session fixture ``quick_site`` (tests/conftest.py), shared with the
browser test.
"""

import json

import pytest
from conftest import QUICK_OUT, log_warnings

RESULTS_DIR = QUICK_OUT / "results"
CHAPTERS = {
    "basic-autoencoder": ["dense64_test_mse", "pca64_test_mse"],
    "denoising": [
        "best_psnr_fmnist_0.2",
        "best_classical_psnr_fmnist_0.2",
        "tutorial_psnr_fmnist_0.2",
    ],
    "ssim-anomaly": [
        "best_auroc",
        "ssim_trained_ssim_score_auroc",
        "mse_trained_mse_score_auroc",
        "pca_auroc",
    ],
    "ecg-anomaly": [
        "best_auroc_mean",
        "best_accuracy",
        "recipe_accuracy",
        "recipe_auroc",
        "pca_auroc",
    ],
}


def test_build_log_has_no_warnings(quick_site):
    command, _, log = (QUICK_OUT / "build.log").read_text(encoding="utf-8").partition("\n")
    # Warnings are errors, and nitpicky mode checks every internal reference.
    assert {"-W", "-n", "--keep-going"} <= set(command.split()), command
    warnings = log_warnings(log)
    listing = "\n".join(warnings)
    assert not warnings, f"{len(warnings)} warning line(s) in the build log:\n{listing}"


def test_site_has_every_page(quick_site):
    html = quick_site
    for page in (
        "index.html",
        "book/01-basic-autoencoder.html",
        "book/02-denoising-autoencoder.html",
        "book/03-ssim-anomaly-detection.html",
        "book/04-ecg-anomaly-detection.html",
        "book/results.html",
    ):
        assert (html / page).is_file(), f"missing {page}"


def test_chapter_page_shows_figures_and_outputs(quick_site):
    html = quick_site
    page = (html / "book" / "01-basic-autoencoder.html").read_text(encoding="utf-8")
    assert page.count("<img") >= 8, "expected the chapter's figures in the page"
    assert "test MSE" in page
    assert "Traceback" not in page and "oneDNN" not in page


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_chapter_records_results(quick_site, chapter):
    record = json.loads((RESULTS_DIR / f"{chapter}.json").read_text())
    assert record["mode"] == "quick"
    for key in ("device", "seconds", "versions", "seed"):
        assert key in record
    for metric in CHAPTERS[chapter]:
        value = record["metrics"][metric]
        if "psnr" in metric:
            assert 0.0 < value < 100.0, f"{metric} = {value} dB"  # finite, in decibels
        else:
            assert 0.0 < value < 1.0, f"{metric} = {value}"  # MSE of images in [0, 1]


def test_results_page_shows_the_recorded_numbers(quick_site):
    html = quick_site
    page = (html / "book" / "results.html").read_text(encoding="utf-8")
    record = json.loads((RESULTS_DIR / "basic-autoencoder.json").read_text())
    assert "dense64_test_mse" in page
    assert f"{record['metrics']['dense64_test_mse']:.5g}" in page
