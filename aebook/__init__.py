"""aebook: the helper package of the autoencoder tutorial book.

Each module covers one concern: :mod:`aebook.data` (verified datasets), :mod:`aebook.runtime`
(seeds, device, quick mode), :mod:`aebook.models` (autoencoder builders), :mod:`aebook.scores`
(per-sample reconstruction errors), :mod:`aebook.plots` (figures) and :mod:`aebook.results`
(the JSON numbers each chapter records).
"""

__version__ = "0.1.0"
