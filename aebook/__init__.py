"""aebook: the helper package of the autoencoder tutorial book.

What a chapter imports, one module per concern. The model a chapter teaches, its loss and its
training call are written out in the chapter; this package holds the plumbing around them.

- :mod:`aebook.data`: the three datasets, verified against pinned hashes, offline-friendly;
- :mod:`aebook.runtime`: seeds, device, quick mode, the progress-bar switch, a stopwatch;
- :mod:`aebook.models`: autoencoder builders, for chapters that need many networks of a kind
  another chapter wrote out;
- :mod:`aebook.noise`, :mod:`aebook.quality` and :mod:`aebook.denoisers`: seeded corruption,
  PSNR and SSIM per image (one SSIM, TensorFlow's), and the classical denoisers (chapter 2);
- :mod:`aebook.defects`: seeded local defects with their pixel masks (chapter 3's textures);
- :mod:`aebook.scores` and :mod:`aebook.anomaly`: per-sample anomaly scores, splits, thresholds
  and the anomaly class's metrics (chapters 3 and 4);
- :mod:`aebook.streams`: windows with a stride over one long signal, a stream built from
  beats, flagged ranges and event-level recall, false alarms and delay (chapter 6);
- :mod:`aebook.features`: a sparse autoencoder's dictionary metrics (explained variance, L0,
  dead latents), top-activating samples, class purity and galleries (chapter 7);
- :mod:`aebook.plots`: figures in one style;
- :mod:`aebook.results`: the numbers each chapter records, with their labels, and ``glue``.

The site's and the course's tooling (Sphinx extension, assignment builder, benchmark runner)
lives beside the book in ``book/_ext``, not here.
"""

__version__ = "0.2.0"
