"""The whole site builds in quick mode with warnings as errors, and records each chapter's results."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "_build" / "quick"
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


@pytest.fixture(scope="module")
def quick_build():
    """Build the book in quick mode into _build/quick/_build/html (re-executing every notebook)."""
    results_dir = OUT / "results"
    # Start cold: a warm execution cache would skip notebooks and so never rewrite the results.
    shutil.rmtree(OUT, ignore_errors=True)
    env = dict(os.environ, AEBOOK_QUICK="1", AEBOOK_RESULTS_DIR=str(results_dir))
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    cmd = [
        str(jupyter_book),
        "build",
        str(REPO),
        "--path-output",
        str(OUT),
        "--all",
        "-W",
        "-n",
        "--keep-going",
    ]
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, (
        f"jupyter-book build failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-3000:]}"
    )
    return OUT / "_build" / "html", results_dir


def test_site_has_every_page(quick_build):
    html, _ = quick_build
    for page in (
        "index.html",
        "book/01-basic-autoencoder.html",
        "book/02-denoising-autoencoder.html",
        "book/03-ssim-anomaly-detection.html",
        "book/04-ecg-anomaly-detection.html",
        "book/results.html",
    ):
        assert (html / page).is_file(), f"missing {page}"


def test_chapter_page_shows_figures_and_outputs(quick_build):
    html, _ = quick_build
    page = (html / "book" / "01-basic-autoencoder.html").read_text(encoding="utf-8")
    assert page.count("<img") >= 8, "expected the chapter's figures in the page"
    assert "test MSE" in page
    assert "Traceback" not in page and "oneDNN" not in page


@pytest.mark.parametrize("chapter", sorted(CHAPTERS))
def test_chapter_records_results(quick_build, chapter):
    _, results_dir = quick_build
    record = json.loads((results_dir / f"{chapter}.json").read_text())
    assert record["mode"] == "quick"
    for key in ("device", "seconds", "versions", "seed"):
        assert key in record
    for metric in CHAPTERS[chapter]:
        value = record["metrics"][metric]
        if "psnr" in metric:
            assert 0.0 < value < 100.0, f"{metric} = {value} dB"  # finite, in decibels
        else:
            assert 0.0 < value < 1.0, f"{metric} = {value}"  # MSE of images in [0, 1]


def test_results_page_shows_the_recorded_numbers(quick_build):
    html, results_dir = quick_build
    page = (html / "book" / "results.html").read_text(encoding="utf-8")
    record = json.loads((results_dir / "basic-autoencoder.json").read_text())
    assert "dense64_test_mse" in page
    assert f"{record['metrics']['dense64_test_mse']:.5g}" in page
