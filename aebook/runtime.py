"""Run-time set-up shared by every chapter: seeds, device, quick mode and a quiet TensorFlow.

Importing this module imports TensorFlow, filtering the start-up lines that its C++ core writes
straight to the process's standard error (the oneDNN notice, absl's pre-initialisation warning,
CUDA factory registrations). Any other line written during the import is passed on unchanged, so
real warnings stay visible. Import :mod:`aebook` modules before ``keras`` to benefit from this.

Progress bars
-------------
:attr:`Runtime.verbose` is the one switch for Keras's progress output: pass
``verbose=rt.verbose`` to ``fit``. It shows the progress bar when a person is watching (JupyterLab,
Colab, VS Code, a terminal) and keeps builds and tests quiet (nbclient and nbval run cells without
a stdin channel, so nothing can answer ``input()`` there).

Quick mode
----------
Set the environment variable ``AEBOOK_QUICK=1`` to shrink data subsets and epochs, as the tests
do. A notebook never branches on the mode: it declares its knobs once with :meth:`Runtime.pick`,
and every other line runs the same way in both modes.
"""

from __future__ import annotations

import logging
import numbers
import os
import platform
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field

from aebook._validation import check_scalar

_QUICK_ENV = "AEBOOK_QUICK"
_SEED_ENV = "AEBOOK_SEED"
_DEFAULT_SEED = 0

# Start-up lines that carry no information for a reader; matched against whole lines.
_NOISE = re.compile(
    r"oneDNN custom operations are on"
    r"|All log messages before absl::InitializeLog\(\) is called"
    r"|Unable to register cu(DNN|FFT|BLAS) factory"
    r"|computation placer already registered"
    r"|TF-TRT Warning: Could not find TensorRT"
    r"|This TensorFlow binary is optimized to use available CPU instructions"
    r"|To enable the following instructions: .* rebuild TensorFlow"
    r"|Could not find cuda drivers on your machine"
    r"|cuda_executor.cc.*could not open file to read NUMA node"
)


class _DropRetracingNotice(logging.Filter):
    """Drop TensorFlow's "triggered tf.function retracing" notice.

    Chapters build and evaluate several small models in a row; each new model traces its own
    ``predict`` function once, which TensorFlow reports as excessive retracing. That is expected
    here, so only this one message is dropped; every other TensorFlow warning still shows.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "triggered tf.function retracing" not in record.getMessage()


def _import_tensorflow_quietly():
    """Import TensorFlow with its known start-up noise removed from file descriptor 2."""
    if "tensorflow" not in sys.modules:
        # Python-level log level for the parts of TensorFlow that honour it.
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        sys.stderr.flush()
        saved_fd = os.dup(2)
        with tempfile.TemporaryFile(mode="w+b") as captured:
            os.dup2(captured.fileno(), 2)
            try:
                import tensorflow  # noqa: F401
            finally:
                sys.stderr.flush()
                os.dup2(saved_fd, 2)
                os.close(saved_fd)
                captured.seek(0)
                text = captured.read().decode("utf-8", errors="replace")
                # Pass on everything else, also when the import failed: it may say why.
                kept = [ln for ln in text.splitlines() if ln.strip() and not _NOISE.search(ln)]
                if kept:
                    print("\n".join(kept), file=sys.stderr)
    tf = sys.modules["tensorflow"]
    if not any(isinstance(f, _DropRetracingNotice) for f in tf.get_logger().filters):
        tf.get_logger().addFilter(_DropRetracingNotice())
    return tf


tf = _import_tensorflow_quietly()


def _is_quick() -> bool:
    """Return True when quick mode is on (``AEBOOK_QUICK`` set to 1, true, yes or on).

    Raises
    ------
    ValueError
        If the variable holds anything other than a recognised true or false word.
    """
    value = os.environ.get(_QUICK_ENV, "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise ValueError(f"Expected {_QUICK_ENV} to be 1/true/yes/on or 0/false/no/off, got {value!r}")


def _describe_device() -> str:
    """Name the device TensorFlow will use: the first GPU's name, or ``CPU (N threads)``."""
    gpus = tf.config.list_physical_devices("GPU")
    if gpus:
        details = tf.config.experimental.get_device_details(gpus[0])
        name = details.get("device_name", gpus[0].name)
        extra = f" (+{len(gpus) - 1} more)" if len(gpus) > 1 else ""
        return f"GPU: {name}{extra}"
    return f"CPU ({os.cpu_count()} threads)"


def _library_versions() -> dict[str, str]:
    """Versions of Python and the libraries whose numbers the book reports."""
    from importlib.metadata import PackageNotFoundError, version

    import aebook

    versions = {"python": platform.python_version(), "aebook": aebook.__version__}
    for dist in ("tensorflow", "keras", "numpy", "scikit-learn", "scikit-image", "pandas"):
        try:
            versions[dist] = version(dist)
        except PackageNotFoundError:
            # The CPU wheel is published as tensorflow-cpu.
            if dist == "tensorflow":
                versions[dist] = tf.__version__
    return versions


@dataclass(frozen=True)
class Runtime:
    """What :func:`setup` did: the seed, the mode and the device, plus a start time.

    Attributes
    ----------
    seed : int
        The seed given to Python, NumPy and TensorFlow.
    quick : bool
        True in quick mode.
    device : str
        Human-readable device name, as :func:`_describe_device` returns it.
    started : float
        ``time.perf_counter()`` when :func:`setup` ran; :mod:`aebook.results` measures the
        chapter's run time from it.
    """

    seed: int
    quick: bool
    device: str
    started: float = field(default_factory=time.perf_counter)

    @property
    def mode(self) -> str:
        """``"quick"`` or ``"full"``."""
        return "quick" if self.quick else "full"

    def pick(self, *, full, quick):
        """Return ``quick`` in quick mode and ``full`` otherwise.

        Notebooks declare every run-time knob this way, once, near the top::

            EPOCHS = rt.pick(full=20, quick=2)
        """
        return quick if self.quick else full

    def elapsed(self) -> float:
        """Seconds since :func:`setup` ran."""
        return time.perf_counter() - self.started

    @property
    def verbose(self) -> int:
        """Keras's ``verbose`` for this cell: 1 (progress bar) when watched, else 0 (quiet).

        Read it in each training call, ``model.fit(..., verbose=rt.verbose)``; see
        :func:`_is_interactive`.
        """
        return 1 if _is_interactive() else 0


def _is_interactive() -> bool:
    """True when a person watches the output: a notebook front end or a terminal.

    A Jupyter front end that a person uses (JupyterLab, Colab, VS Code) sends each cell with
    ``allow_stdin`` set, so that ``input()`` works; the executors of builds and tests (nbclient,
    which Jupyter Book uses, and nbval) send it unset. Outside a kernel, a terminal on standard
    output counts as watched.
    """
    kernel = getattr(sys.modules.get("ipykernel.kernelapp"), "IPKernelApp", None)
    if kernel is not None and kernel.initialized():
        # ipykernel records the running request's allow_stdin on the kernel.
        return bool(getattr(kernel.instance().kernel, "_allow_stdin", False))
    return sys.stdout.isatty()


class Stopwatch:
    """Wall-clock seconds of a ``with`` block, for timing training and scoring.

    Examples
    --------
    >>> with Stopwatch() as watch:
    ...     total = sum(range(1000))
    >>> watch.seconds >= 0
    True
    """

    def __init__(self) -> None:
        self.seconds = float("nan")
        self._started = 0.0

    def __enter__(self) -> Stopwatch:
        self._started = time.perf_counter()
        return self

    def __exit__(self, *exc_info) -> None:
        self.seconds = time.perf_counter() - self._started


def _set_seed(seed: int) -> int:
    """Seed Python's ``random``, NumPy and TensorFlow in one call.

    ``keras.utils.set_random_seed`` seeds all three; this adds input validation.

    Returns
    -------
    seed : int
        The seed, as a Python int.
    """
    import keras

    seed = check_scalar(seed, "seed", numbers.Integral, min_val=0)
    keras.utils.set_random_seed(seed)
    return seed


def setup(seed: int | None = None, *, verbose: bool = True) -> Runtime:
    """Prepare a chapter: seed everything, let GPU memory grow, report device and mode.

    Parameters
    ----------
    seed : int, optional
        Seed for Python, NumPy and TensorFlow. Defaults to ``AEBOOK_SEED`` if set, else 0.
    verbose : bool, default=True
        Print a one-line summary.

    Returns
    -------
    Runtime
        The seed, mode and device; use :meth:`Runtime.pick` for mode-dependent knobs.

    Raises
    ------
    ValueError
        If the seed is not a non-negative integer, or ``AEBOOK_QUICK`` is not a yes/no word.
    """
    if seed is None:
        raw = os.environ.get(_SEED_ENV, str(_DEFAULT_SEED))
        try:
            seed = int(raw)
        except ValueError:
            raise ValueError(f"Expected {_SEED_ENV} to be an integer, got {raw!r}") from None
    seed = _set_seed(seed)
    for gpu in tf.config.list_physical_devices("GPU"):
        try:
            # Share the GPU politely: take memory as needed rather than all of it up front.
            tf.config.experimental.set_memory_growth(gpu, True)
        except RuntimeError:
            pass  # Already initialised by an earlier call; growth is then fixed.
    runtime = Runtime(seed=seed, quick=_is_quick(), device=_describe_device())
    if verbose:
        print(
            f"TensorFlow {tf.__version__} on {runtime.device} | mode: {runtime.mode}"
            f" | seed: {runtime.seed}"
        )
    return runtime
