"""aebook: the helper package of the autoencoder tutorial book.

Each module covers one concern: :mod:`aebook.data` (verified datasets), :mod:`aebook.runtime`
(seeds, device, quick mode), :mod:`aebook.models` (autoencoder builders), :mod:`aebook.losses`
(the SSIM loss), :mod:`aebook.scores` (per-sample anomaly scores), :mod:`aebook.anomaly`
(splits, thresholds, anomaly-class reports), :mod:`aebook.noise`, :mod:`aebook.quality` and
:mod:`aebook.denoisers` (chapter 2's noise, PSNR/SSIM and classical baselines),
:mod:`aebook.plots` (figures), :mod:`aebook.results` (the JSON numbers each chapter records),
:mod:`aebook.benchmark` (each chapter's model timed against the article's recipe),
:mod:`aebook.assignments` (students' copies of the chapters, made with nbgrader) and
:mod:`aebook.sphinx_assets` (a Sphinx extension that writes each of a page's scripts once).
:mod:`aebook.sphinxext` is the book site's Sphinx extension (the landing page's run times).
"""

__version__ = "0.1.0"
