"""Tests for aebook.runtime: quick mode, seeding, device, versions, stopwatch, quiet import."""

import importlib.abc
import importlib.machinery
import logging
import math
import os
import random
import subprocess
import sys
import time
import types
from pathlib import Path
from unittest import mock

import numpy as np
import pytest

from aebook import runtime

import keras  # isort: skip
import tensorflow as tf  # isort: skip

REPO = Path(__file__).resolve().parents[2]


# --- quick mode -----------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["1", "true", "yes", "on", "TRUE", " Yes ", "On"])
def test_is_quick_true_words(monkeypatch, word):
    monkeypatch.setenv(runtime._QUICK_ENV, word)
    assert runtime._is_quick() is True


@pytest.mark.parametrize("word", ["", "0", "false", "no", "off", "FALSE", " No "])
def test_is_quick_false_words(monkeypatch, word):
    monkeypatch.setenv(runtime._QUICK_ENV, word)
    assert runtime._is_quick() is False


def test_is_quick_unset_is_false(monkeypatch):
    monkeypatch.delenv(runtime._QUICK_ENV, raising=False)
    assert runtime._is_quick() is False


# --- setup and Runtime ----------------------------------------------------------------------


@pytest.mark.parametrize(("word", "quick"), [("1", True), ("0", False)])
def test_setup_pick_follows_mode(monkeypatch, word, quick):
    monkeypatch.setenv(runtime._QUICK_ENV, word)
    rt = runtime.setup(seed=3, verbose=False)
    assert isinstance(rt, runtime.Runtime)
    assert rt.seed == 3
    assert rt.quick is quick
    assert rt.mode == ("quick" if quick else "full")
    assert rt.pick(full=20, quick=2) == (2 if quick else 20)


def test_runtime_pick_and_elapsed():
    rt = runtime.Runtime(seed=0, quick=False, device="CPU (test)")
    assert rt.pick(full="big", quick="small") == "big"
    assert runtime.Runtime(seed=0, quick=True, device="x").pick(full=1, quick=2) == 2
    first = rt.elapsed()
    assert 0.0 <= first <= rt.elapsed()


def test_setup_verbose_prints_one_summary_line(monkeypatch, capsys):
    monkeypatch.setenv(runtime._QUICK_ENV, "1")
    runtime.setup(seed=5)
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    assert f"TensorFlow {tf.__version__}" in out
    assert "mode: quick" in out and "seed: 5" in out


def test_setup_quiet_prints_nothing(monkeypatch, capsys):
    monkeypatch.setenv(runtime._QUICK_ENV, "0")
    runtime.setup(seed=5, verbose=False)
    assert capsys.readouterr().out == ""


def _draws():
    return (
        random.random(),
        np.random.rand(3),  # noqa: NPY002  (the legacy global state is what setup seeds)
        keras.ops.convert_to_numpy(keras.random.uniform((3,))),
        tf.random.uniform((3,)).numpy(),
    )


def test_setup_seeding_is_repeatable():
    runtime.setup(seed=11, verbose=False)
    first = _draws()
    runtime.setup(seed=11, verbose=False)
    second = _draws()
    runtime.setup(seed=12, verbose=False)
    other = _draws()
    assert first[0] == second[0]
    for a, b in zip(first[1:], second[1:], strict=True):
        np.testing.assert_array_equal(a, b)
    for a, c in zip(first[1:], other[1:], strict=True):
        assert not np.array_equal(a, c)


def test_setup_seed_from_environment(monkeypatch):
    monkeypatch.setenv(runtime._SEED_ENV, " 7 ")
    assert runtime.setup(verbose=False).seed == 7
    monkeypatch.delenv(runtime._SEED_ENV)
    assert runtime.setup(verbose=False).seed == runtime._DEFAULT_SEED


def test_setup_accepts_numpy_integer_seed():
    rt = runtime.setup(seed=np.int64(4), verbose=False)
    assert rt.seed == 4 and type(rt.seed) is int


def test_stopwatch_measures_the_block():
    with runtime.Stopwatch() as watch:
        time.sleep(0.01)
    assert watch.seconds >= 0.01
    assert math.isnan(runtime.Stopwatch().seconds)  # not yet started


# --- device and versions --------------------------------------------------------------------


@pytest.fixture
def kernel(monkeypatch):
    """A stand-in for the running ipykernel; set ``kernel._allow_stdin`` as a front end would."""
    state = types.SimpleNamespace(kernel=types.SimpleNamespace(_allow_stdin=False))
    app = types.SimpleNamespace(initialized=lambda: True, instance=lambda: state)
    module = types.ModuleType("ipykernel.kernelapp")
    module.IPKernelApp = app
    monkeypatch.setitem(sys.modules, "ipykernel.kernelapp", module)
    return state.kernel


def test_progress_bar_only_when_a_person_watches(kernel):
    rt = runtime.Runtime(seed=0, quick=True, device="CPU (test)")
    kernel._allow_stdin = True  # JupyterLab, Colab, VS Code: input() can be answered
    assert runtime._is_interactive() and rt.verbose == 1
    kernel._allow_stdin = False  # nbclient (Jupyter Book) and nbval
    assert not runtime._is_interactive() and rt.verbose == 0


def test_outside_a_kernel_a_terminal_counts_as_watched(monkeypatch):
    monkeypatch.delitem(sys.modules, "ipykernel.kernelapp", raising=False)
    for tty in (True, False):
        monkeypatch.setattr(sys.stdout, "isatty", lambda tty=tty: tty)
        assert runtime._is_interactive() is tty


def test_describe_device():
    device = runtime._describe_device()
    assert isinstance(device, str)
    assert device.startswith(("CPU", "GPU"))


def test_library_versions():
    versions = runtime._library_versions()
    assert {"python", "tensorflow", "keras", "numpy"} <= set(versions)
    assert versions["tensorflow"] == tf.__version__
    assert versions["keras"] == keras.__version__
    assert versions["numpy"] == np.__version__
    assert all(isinstance(v, str) and v for v in versions.values())


# --- the quiet TensorFlow import ------------------------------------------------------------


def test_fresh_import_hides_tensorflow_start_up_noise():
    # TF_CPP_MIN_LOG_LEVEL=0 makes TensorFlow print its start-up lines, so the filter must act.
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="0")
    proc = subprocess.run(
        [sys.executable, "-c", "import aebook.runtime"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    for noise in ("oneDNN", "absl::InitializeLog", "rebuild TensorFlow"):
        assert noise not in proc.stderr
    assert proc.stdout == ""


@pytest.mark.parametrize(
    "line",
    [
        "I0000 00:00:1.0  123 port.cc:153] oneDNN custom operations are on. You may see ...",
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
        "E0000 cuda_fft.cc:467] Unable to register cuFFT factory: Attempting to register ...",
        "E0000 cuda_dnn.cc:8579] Unable to register cuDNN factory: Attempting to register ...",
        "E0000 cuda_blas.cc:1407] Unable to register cuBLAS factory: Attempting to register ...",
        "W0000 computation_placer.cc:177] computation placer already registered. Please check",
        "W tensorflow/compiler/tf2tensorrt/utils/py_utils.cc:38] TF-TRT Warning: Could not find TensorRT",
        "I cpu_feature_guard.cc:227] This TensorFlow binary is optimized to use available CPU instructions in performance-critical operations.",
        "To enable the following instructions: AVX2 FMA, in other operations, rebuild TensorFlow with the appropriate compiler flags.",
        "I cuda_gpu_executor.cc:31] Could not find cuda drivers on your machine, GPU will not be used.",
        "I cuda_executor.cc:1001] could not open file to read NUMA node: /sys/bus/pci/devices",
    ],
)
def test_noise_pattern_matches_start_up_lines(line):
    assert runtime._NOISE.search(line)


@pytest.mark.parametrize(
    "line",
    [
        "E real problem: libcudart.so.12: cannot open shared object file",
        "UserWarning: something the reader should see",
        "Could not load dynamic library 'libcudnn.so.9'",
        "To enable the following instructions, read the manual",
    ],
)
def test_noise_pattern_keeps_other_lines(line):
    assert not runtime._NOISE.search(line)


class _FakeTensorFlow(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Stands in for ``tensorflow``: writes to fd 2 during import, then succeeds or fails."""

    LINES = (
        b"I port.cc:153] oneDNN custom operations are on.\nE real problem: libfoo.so not found\n"
    )

    def __init__(self, fail: bool):
        self.fail = fail

    def find_spec(self, name, path, target=None):
        if name == "tensorflow":
            return importlib.machinery.ModuleSpec(name, self)
        return None

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        module.get_logger = lambda: logging.getLogger("aebook-tests-fake-tensorflow")
        os.write(2, self.LINES)
        if self.fail:
            raise ImportError("fake TensorFlow failed to load")


@pytest.fixture
def fake_tensorflow(monkeypatch):
    """Make the next ``import tensorflow`` load a fake; the real module is restored after."""
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "2")
    monkeypatch.delitem(sys.modules, "tensorflow")

    def install(fail):
        monkeypatch.setattr(sys, "meta_path", [_FakeTensorFlow(fail), *sys.meta_path])

    return install


def test_quiet_import_keeps_lines_that_are_not_noise(fake_tensorflow, capfd):
    fake_tensorflow(fail=False)
    module = runtime._import_tensorflow_quietly()
    assert isinstance(module.__spec__.loader, _FakeTensorFlow)
    err = capfd.readouterr().err
    assert "E real problem: libfoo.so not found" in err
    assert "oneDNN" not in err


def test_quiet_import_keeps_diagnostics_when_the_import_fails(fake_tensorflow, capfd):
    fake_tensorflow(fail=True)
    with pytest.raises(ImportError, match="fake TensorFlow failed"):
        runtime._import_tensorflow_quietly()
    assert "E real problem: libfoo.so not found" in capfd.readouterr().err


def test_quiet_import_returns_loaded_module():
    assert runtime._import_tensorflow_quietly() is sys.modules["tensorflow"] is runtime.tf


def test_retracing_notice_is_dropped_other_warnings_kept(caplog):
    logger = tf.get_logger()
    with caplog.at_level(logging.WARNING, logger=logger.name):
        logger.warning(
            "5 out of the last 5 calls to <function f> triggered tf.function retracing. "
            "Tracing is expensive."
        )
        logger.warning("a real TensorFlow warning")
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["a real TensorFlow warning"]


# --- rejected input: one row per kind of mistake, each message shows what was received ----------


def _with_env(name, value, function):
    """`function`, called with the environment variable `name` set to `value`."""

    def call(*args, **kwargs):
        with mock.patch.dict(os.environ, {name: value}):
            return function(*args, **kwargs)

    return call


REJECTIONS = [
    pytest.param(
        _with_env(runtime._QUICK_ENV, "y", runtime._is_quick),
        (),
        {},
        f"Expected {runtime._QUICK_ENV} to be 1/true/yes/on or 0/false/no/off, got 'y'",
        id="quick-unknown-word",
    ),
    pytest.param(
        _with_env(runtime._QUICK_ENV, "sometimes", runtime.setup),
        (),
        {"seed": 0, "verbose": False},
        f"Expected {runtime._QUICK_ENV} to be .*, got 'sometimes'",
        id="setup-quick-unknown-word",
    ),
    *(
        pytest.param(
            runtime.setup, (), {"seed": seed, "verbose": False}, message, id=f"setup-seed-{kind}"
        )
        for kind, seed, message in [
            ("negative", -1, "Expected seed >= 0, got -1"),
            ("float", 1.5, r"Expected seed to be an integer, got 1\.5"),
            ("whole-float", 2.0, r"Expected seed to be an integer, got 2\.0"),
            ("bool", True, "Expected seed to be an integer, got True"),
            ("text", "3", "Expected seed to be an integer, got '3'"),
        ]
    ),
    *(
        pytest.param(runtime._set_seed, (seed,), {}, message, id=f"set-seed-{kind}")
        for kind, seed, message in [
            ("negative", -1, "Expected seed >= 0, got -1"),
            ("float", 0.5, r"Expected seed to be an integer, got 0\.5"),
            ("bool", True, "Expected seed to be an integer, got True"),
        ]
    ),
    *(
        pytest.param(
            _with_env(runtime._SEED_ENV, raw, runtime.setup),
            (),
            {"verbose": False},
            message,
            id=f"seed-env-{kind}",
        )
        for kind, raw, message in [
            ("float", "1.5", f"Expected {runtime._SEED_ENV} to be an integer, got '1.5'"),
            ("empty", "", f"Expected {runtime._SEED_ENV} to be an integer, got ''"),
            ("negative", "-2", "Expected seed >= 0, got -2"),
        ]
    ),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "message"), REJECTIONS)
def test_rejects_bad_input(function, args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        function(*args, **kwargs)
