"""Verified, offline-friendly loaders for the book's three datasets.

Every file is named in one table, :data:`_REGISTRY`, and obtained through one
function, :func:`_fetch`, which checks a pinned sha256 on every use.  Loaders
such as :func:`load_fashion_mnist` are thin wrappers that parse what
:func:`_fetch` returns.
"""

from __future__ import annotations

import gzip
import hashlib
import numbers
import os
import struct
import warnings
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pooch

from aebook._validation import check_scalar

_MIRROR_ENV = "AEBOOK_DATA_MIRROR"
"""Variable naming a folder laid out as ``fashion-mnist/``, ``mnist/``, ``ecg5000/``."""
_DATA_DIR_ENV = "AEBOOK_DATA_DIR"
"""Variable overriding the download cache, by default ``pooch.os_cache("aebook")``."""
_DEBIAN_FASHION_MNIST_DIR = Path("/usr/share/datasets/fashion-mnist")
"""Where Debian's ``dataset-fashion-mnist`` package installs the four Fashion-MNIST files."""

_KERAS = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
_CVDF = "https://storage.googleapis.com/cvdf-datasets/mnist/"
_UCR_ZIP = "https://www.timeseriesclassification.com/aeon-toolkit/ECG5000.zip"

# name -> canonical URL, optional zip `member`, and the pinned sha256 of WHAT IS READ,
# not of the container, so every valid copy verifies whatever its packaging:
# * IDX files (*.gz): sha256 of the gunzipped bytes, i.e. `hashlib.sha256(gzip.open(path).read())`.
#   Debian's recompressed Fashion-MNIST .gz and the upstream .gz give the same value.
# * ECG5000 tables: sha256 of the parsed numbers, i.e.
#   `hashlib.sha256(np.ascontiguousarray(np.loadtxt(path, dtype="<f8")).tobytes())`, so the mirror's
#   tab-separated .tsv and the archive's space-separated .txt member both verify.  Computed from
#   ../shared/datasets/ecg5000/*.tsv (file sha256 df86ac15... TRAIN, 0192997d... TEST, as its README
#   lists).  The zip download cannot be exercised from the build machines (no internet); if the
#   archive's numbers ever differ, _fetch raises DatasetHashError instead of using them.
# `_payload_sha256(path, kind)` computes either hash.
_REGISTRY: dict[str, dict[str, str]] = {
    "fashion-mnist/train-images-idx3-ubyte.gz": {
        "url": _KERAS + "train-images-idx3-ubyte.gz",
        "sha256": "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    },
    "fashion-mnist/train-labels-idx1-ubyte.gz": {
        "url": _KERAS + "train-labels-idx1-ubyte.gz",
        "sha256": "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    },
    "fashion-mnist/t10k-images-idx3-ubyte.gz": {
        "url": _KERAS + "t10k-images-idx3-ubyte.gz",
        "sha256": "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    },
    "fashion-mnist/t10k-labels-idx1-ubyte.gz": {
        "url": _KERAS + "t10k-labels-idx1-ubyte.gz",
        "sha256": "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
    },
    "mnist/train-images-idx3-ubyte.gz": {
        "url": _CVDF + "train-images-idx3-ubyte.gz",
        "sha256": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    },
    "mnist/train-labels-idx1-ubyte.gz": {
        "url": _CVDF + "train-labels-idx1-ubyte.gz",
        "sha256": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    },
    "mnist/t10k-images-idx3-ubyte.gz": {
        "url": _CVDF + "t10k-images-idx3-ubyte.gz",
        "sha256": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    },
    "mnist/t10k-labels-idx1-ubyte.gz": {
        "url": _CVDF + "t10k-labels-idx1-ubyte.gz",
        "sha256": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    },
    "ecg5000/ECG5000_TRAIN.tsv": {
        "url": _UCR_ZIP,
        "member": "ECG5000_TRAIN.txt",
        "sha256": "123917cea06fe6e10ff4fadd2bd7f80b6b1d1b23962e5476e12ca7df1df147a1",
    },
    "ecg5000/ECG5000_TEST.tsv": {
        "url": _UCR_ZIP,
        "member": "ECG5000_TEST.txt",
        "sha256": "31a5df1aec3d842252f13e76e866ade2933f372f30ee9608fc463691e06f3d58",
    },
}

FASHION_MNIST_CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
ECG5000_CLASSES = {
    1: "Normal",
    2: "R-on-T premature ventricular contraction",
    3: "Premature ventricular contraction",
    4: "Supraventricular premature or ectopic beat",
    5: "Unclassified beat",
}


class DatasetHashError(ValueError):
    """A copy of a dataset file does not match its pinned sha256."""


class DatasetNotFoundError(FileNotFoundError):
    """No copy of a dataset file was found and the download failed."""


def _kind(name: str) -> str:
    return "idx" if name.endswith(".gz") else "table"


def _idx_bytes(path: str | os.PathLike) -> bytes:
    data = Path(path).read_bytes()
    # Gunzip unless a server already undid the compression (Content-Encoding: gzip).
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def _table(path: str | os.PathLike) -> np.ndarray:
    return np.ascontiguousarray(np.loadtxt(path, dtype="<f8", ndmin=2))


def _payload_sha256(path: str | os.PathLike, kind: str) -> str:
    """Return the sha256 of what the loaders read from `path`, as pinned in `_REGISTRY`.

    `kind` is ``"idx"`` (hash of the gunzipped IDX bytes) or ``"table"`` (hash of the
    little-endian float64 bytes of ``np.loadtxt(path)``).
    """
    if kind not in ("idx", "table"):
        raise ValueError(f"Expected kind 'idx' or 'table', got {kind!r}")
    data = _idx_bytes(path) if kind == "idx" else _table(path).tobytes()
    return hashlib.sha256(data).hexdigest()


def _actual_hash(path: Path, kind: str) -> str:
    try:
        return _payload_sha256(path, kind)
    except (OSError, EOFError, ValueError, zlib.error) as err:
        raw = hashlib.sha256(path.read_bytes()).hexdigest()
        return f"{raw} (of the raw file; it cannot be parsed: {type(err).__name__}: {err})"


def _cache_dir() -> Path:
    return Path(os.environ.get(_DATA_DIR_ENV) or pooch.os_cache("aebook")).expanduser()


def _cached(name: str) -> tuple[Path, list[Path]]:
    """Where pooch keeps `name` in the cache, and every file a download of it writes there."""
    folder, entry = _cache_dir() / Path(name).parent, _REGISTRY[name]
    if "member" not in entry:
        path = folder / Path(name).name
        return path, [path]
    archive = folder / Path(entry["url"]).name
    members = [folder / e["member"] for e in _REGISTRY.values() if e["url"] == entry["url"]]
    return folder / entry["member"], [archive, *members]


def _download(name: str) -> Path:
    """Download `name` into the cache with pooch (and unzip its member); return its path."""
    entry, (path, _) = _REGISTRY[name], _cached(name)
    print(f"aebook: downloading {entry['url']} -> {path}")
    logger = pooch.get_logger()
    level = logger.level
    logger.setLevel("WARNING")  # we verify what is read, so pooch's hash notice is noise here
    try:
        files = pooch.retrieve(
            entry["url"],
            known_hash=None,
            fname=Path(entry["url"]).name,
            path=path.parent,
            processor=pooch.Unzip(members=[entry["member"]], extract_dir=".")
            if "member" in entry
            else None,
            downloader=pooch.HTTPDownloader(progressbar=False, timeout=60),
        )
    finally:
        logger.setLevel(level)
    if isinstance(files, list) and not files:  # pooch's Unzip found no such member
        raise KeyError(f"There is no item named {entry['member']!r} in {entry['url']}")
    return Path(files[0] if isinstance(files, list) else files)


_FIXES = {
    "mirror": f"re-copy it from a good source (e.g. ../shared/datasets) or unset ${_MIRROR_ENV}",
    "cache": "it was deleted; the next download replaces it",
    "debian": "reinstall it: apt-get install --reinstall dataset-fashion-mnist",
    "download": f"the server sent other data and nothing was kept; retry or set ${_MIRROR_ENV}",
}


def _fetch(name: str) -> Path:
    """Return the path of a verified local copy of the registry file `name`.

    Parameters
    ----------
    name : str
        A key of :data:`_REGISTRY`, for example ``"fashion-mnist/train-images-idx3-ubyte.gz"``
        or ``"ecg5000/ECG5000_TRAIN.tsv"``.

    Returns
    -------
    path : pathlib.Path
        A file whose payload matches the pinned sha256.

    Raises
    ------
    ValueError
        If `name` is not in :data:`_REGISTRY`.
    DatasetHashError
        If the only copies found, or the downloaded bytes, fail verification. The message names
        each file with its expected and actual sha256 and how to fix it.
    DatasetNotFoundError
        If no copy exists and the download fails; the message lists every place searched.

    Notes
    -----
    Places are tried in order, and each copy found is verified on every call:

    1. the folder named by ``$AEBOOK_DATA_MIRROR``, if set (only read, never written);
    2. the cache, ``$AEBOOK_DATA_DIR`` or else ``pooch.os_cache("aebook")``;
    3. for Fashion-MNIST, :data:`_DEBIAN_FASHION_MNIST_DIR` (package ``dataset-fashion-mnist``);
    4. a download with :func:`pooch.retrieve` into the cache. Pooch writes to a temporary file
       and renames it, and unzips the ECG5000 archive's members beside it; a download that
       fails verification is deleted, so no unverified file is left behind.

    A copy that fails verification is never used and never hides a good source further down.
    It is reported with a warning, and a corrupt cache copy is deleted.

    Examples
    --------
    >>> path = _fetch("mnist/t10k-labels-idx1-ubyte.gz")  # doctest: +SKIP
    >>> path.name  # doctest: +SKIP
    't10k-labels-idx1-ubyte.gz'
    """
    if name not in _REGISTRY:
        raise ValueError(f"Unknown dataset file {name!r}; expected one of: {', '.join(_REGISTRY)}")
    entry, kind = _REGISTRY[name], _kind(name)
    cache, downloads = _cached(name)
    places = [("cache", f"cache (${_DATA_DIR_ENV} or pooch.os_cache('aebook'))", cache)]
    searched: list[str] = []
    if os.environ.get(_MIRROR_ENV):
        mirror = Path(os.environ[_MIRROR_ENV]).expanduser() / name
        places.insert(0, ("mirror", f"mirror (${_MIRROR_ENV})", mirror))
    else:
        searched.append(f"mirror: ${_MIRROR_ENV} is not set")
    if name.startswith("fashion-mnist/"):
        debian = Path(_DEBIAN_FASHION_MNIST_DIR) / Path(name).name
        places.append(("debian", "Debian package dataset-fashion-mnist", debian))
    corrupt: list[tuple[str, str, str]] = []  # (place key, file or URL, actual hash)
    found = None
    for key, label, path in places:
        if not path.is_file():
            searched.append(f"{label}: {path} (not found)")
            continue
        actual = _actual_hash(path, kind)
        if actual == entry["sha256"]:
            found = path
            break
        corrupt.append((key, str(path), actual))
        searched.append(f"{label}: {path} (corrupt)")
        if key == "cache":
            path.unlink()
    if found is None:
        try:
            found = _download(name)
        except (OSError, zipfile.BadZipFile, KeyError) as err:  # requests' errors are OSErrors
            searched.append(f"download: {entry['url']} ({type(err).__name__}: {err})")
        else:
            actual = _actual_hash(found, kind)
            if actual != entry["sha256"]:
                corrupt.append(("download", entry["url"], actual))
                searched.append(f"download: {entry['url']} (corrupt)")
                found = None
        if found is None:
            for path in downloads:
                path.unlink(missing_ok=True)
    report = "".join(
        f"\n  - {where}\n      expected sha256 {entry['sha256']}"
        f"\n      actual   sha256 {actual}\n      fix: {_FIXES[key]}"
        for key, where, actual in corrupt
    )
    if found is None and not corrupt:
        raise DatasetNotFoundError(_not_found_message(name, searched, cache))
    if found is None:
        raise DatasetHashError(
            f"No verified copy of {name!r}; corrupt copies (not used):"
            f"{report}\nPlaces searched:" + "".join(f"\n  - {line}" for line in searched)
        )
    if corrupt:
        warnings.warn(f"Ignored corrupt copies of {name!r}:{report}\nUsing {found}", stacklevel=2)
    return found


def _not_found_message(name: str, searched: list[str], cache: Path) -> str:
    entry = _REGISTRY[name]
    source = entry["url"] + (f" (member {entry['member']})" if "member" in entry else "")
    debian = ", install dataset-fashion-mnist (Debian)" if name.startswith("fashion-mnist") else ""
    return (
        f"Could not find or download {name!r}. Places searched:"
        + "".join(f"\n  - {line}" for line in searched)
        + f"\nFix: set {_MIRROR_ENV} to a folder holding {name} (e.g. a copy of "
        f"../shared/datasets){debian}, or download {source} on a machine with internet "
        f"and copy it to {cache} (or point {_DATA_DIR_ENV} at a folder holding it)."
    )


def _read_idx(path: Path, shape: tuple[int, ...]) -> np.ndarray:
    data = _idx_bytes(path)
    ndim = data[3] if len(data) >= 4 else 0
    if data[:3] != b"\x00\x00\x08" or ndim != len(shape) or len(data) < 4 + 4 * ndim:
        raise ValueError(
            f"{path}: expected an IDX file of unsigned bytes with {len(shape)} "
            f"dimensions, got header {data[:4].hex()!r}"
        )
    dims = struct.unpack(f">{ndim}I", data[4 : 4 + 4 * ndim])
    if dims != shape or len(data) != 4 + 4 * ndim + int(np.prod(shape)):
        raise ValueError(f"{path}: expected shape {shape}, got {dims} and {len(data)} bytes")
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


Split = tuple[np.ndarray, np.ndarray]


def _load_idx(folder: str) -> tuple[Split, Split]:
    splits = []
    for prefix, n in (("train", 60000), ("t10k", 10000)):
        x = _read_idx(_fetch(f"{folder}/{prefix}-images-idx3-ubyte.gz"), (n, 28, 28))
        y = _read_idx(_fetch(f"{folder}/{prefix}-labels-idx1-ubyte.gz"), (n,))
        splits.append((x.astype(np.float32) / np.float32(255), y.astype(np.int64)))
    return splits[0], splits[1]


def load_fashion_mnist() -> tuple[Split, Split]:
    """Load Fashion-MNIST: 70,000 grayscale 28x28 images of 10 kinds of clothing.

    Returns
    -------
    (x_train, y_train), (x_test, y_test) : tuple of (ndarray, ndarray)
        The original split. ``x_train`` of shape (60000, 28, 28) and ``x_test`` of shape
        (10000, 28, 28), float32 in [0, 1] (pixel / 255); ``y_train`` of shape (60000,) and
        ``y_test`` of shape (10000,), int64 labels 0..9 named in :data:`FASHION_MNIST_CLASSES`.

    Raises
    ------
    DatasetHashError, DatasetNotFoundError
        See :func:`_fetch`, which locates and verifies each of the four IDX files.
    ValueError
        If an IDX header or size does not match the expected shape.

    Notes
    -----
    Licence: MIT, (c) Zalando SE. Debian ships the files in ``dataset-fashion-mnist``; the
    canonical download is the Keras mirror (``keras.datasets.fashion_mnist``).

    References
    ----------
    .. [1] H. Xiao, K. Rasul, R. Vollgraf, "Fashion-MNIST: a Novel Image Dataset for
       Benchmarking Machine Learning Algorithms", arXiv:1708.07747, 2017.

    Examples
    --------
    >>> (x_train, y_train), (x_test, y_test) = load_fashion_mnist()  # doctest: +SKIP
    >>> x_train.shape, x_train.dtype, FASHION_MNIST_CLASSES[y_train[0]]  # doctest: +SKIP
    ((60000, 28, 28), dtype('float32'), 'Ankle boot')
    """
    return _load_idx("fashion-mnist")


def load_mnist() -> tuple[Split, Split]:
    """Load MNIST: 70,000 grayscale 28x28 images of handwritten digits.

    Returns
    -------
    (x_train, y_train), (x_test, y_test) : tuple of (ndarray, ndarray)
        The original split. ``x_train`` of shape (60000, 28, 28) and ``x_test`` of shape
        (10000, 28, 28), float32 in [0, 1] (pixel / 255); ``y_train`` of shape (60000,) and
        ``y_test`` of shape (10000,), int64 digits 0..9.

    Raises
    ------
    DatasetHashError, DatasetNotFoundError
        See :func:`_fetch`, which locates and verifies each of the four IDX files.
    ValueError
        If an IDX header or size does not match the expected shape.

    Notes
    -----
    Licence: Creative Commons Attribution-Share Alike 3.0 (CC BY-SA 3.0). Downloaded from the
    CVDF mirror of the original files of Y. LeCun, C. Cortes and C. J. C. Burges.

    References
    ----------
    .. [1] Y. LeCun, C. Cortes, C. J. C. Burges, "The MNIST database of handwritten digits",
       http://yann.lecun.com/exdb/mnist/.
    .. [2] Y. LeCun, L. Bottou, Y. Bengio, P. Haffner, "Gradient-based learning applied to
       document recognition", Proc. IEEE 86(11):2278-2324, 1998.

    Examples
    --------
    >>> (x_train, y_train), (x_test, y_test) = load_mnist()  # doctest: +SKIP
    >>> x_test.shape, y_test[:3]  # doctest: +SKIP
    ((10000, 28, 28), array([7, 2, 1]))
    """
    return _load_idx("mnist")


def load_ecg5000() -> tuple[Split, Split]:
    """Load ECG5000: 5,000 heartbeats of 140 samples, labelled 1 (normal) to 5.

    Returns
    -------
    (x_train, y_train), (x_test, y_test) : tuple of tuples of ndarray
        The UCR archive's own split: ``x_train`` of shape (500, 140) and ``x_test`` of shape
        (4500, 140), float32, each row z-normalised; ``y_train`` of shape (500,) and ``y_test``
        of shape (4500,), int64 classes 1..5 named in :data:`ECG5000_CLASSES` (1 = normal).

    Raises
    ------
    DatasetHashError, DatasetNotFoundError
        See :func:`_fetch`.
    ValueError
        If a table does not have 141 columns, the expected rows, and integer classes 1..5.

    Notes
    -----
    Class counts over both splits are 2919 / 1767 / 96 / 194 / 24.  The beats come from record
    chf07 of PhysioNet's BIDMC Congestive Heart Failure Database, donated to the UCR Time Series
    Classification Archive by Yanping Chen and Eamonn Keogh.  Licence: no explicit licence; the
    archive is free for research use and asks users to cite it [1]_ and the donors' paper [2]_.

    References
    ----------
    .. [1] H. A. Dau, E. Keogh, K. Kamgar, C.-C. M. Yeh, Y. Zhu, S. Gharghabi, C. A. Ratanamahatana,
       Y. Chen, B. Hu, N. Begum, A. Bagnall, A. Mueen, G. Batista, "The UCR Time Series
       Classification Archive", 2018, https://www.cs.ucr.edu/~eamonn/time_series_data_2018/.
    .. [2] Y. Chen, Y. Hao, T. Rakthanmanon, J. Zakaria, B. Hu, E. Keogh, "A general framework
       for never-ending learning from time series streams", Data Min. Knowl. Disc.
       29(6):1622-1664, 2015.
    .. [3] A. L. Goldberger et al., "PhysioBank, PhysioToolkit, and PhysioNet", Circulation
       101(23):e215-e220, 2000.

    Examples
    --------
    >>> (x_train, y_train), (x_test, y_test) = load_ecg5000()  # doctest: +SKIP
    >>> x_train.shape, ECG5000_CLASSES[int(y_train[0])]  # doctest: +SKIP
    ((500, 140), 'Normal')
    """
    splits = []
    for split, rows in (("TRAIN", 500), ("TEST", 4500)):
        path = _fetch(f"ecg5000/ECG5000_{split}.tsv")
        table = _table(path)
        if table.shape != (rows, 141) or not np.isin(table[:, 0], list(ECG5000_CLASSES)).all():
            raise ValueError(
                f"{path}: expected {rows} rows of a class 1..5 then 140 values, "
                f"got shape {table.shape}"
            )
        splits.append((table[:, 1:].astype(np.float32), table[:, 0].astype(np.int64)))
    return splits[0], splits[1]


def make_contaminated_set(x_normal, x_anomalous, *, rate: float, seed: int):
    """Mix a fraction of anomalies into normal samples, as in "n images, m of them digits".

    Parameters
    ----------
    x_normal : ndarray of shape (n_normal, ...)
        All normal samples are kept, e.g. Fashion-MNIST test images.
    x_anomalous : ndarray of shape (n_pool, ...)
        Pool the anomalies are drawn from without replacement, e.g. MNIST test digits.
    rate : float
        Fraction of anomalies in the result, in (0, 1): ``m = round(rate * n_normal / (1 - rate))``.
    seed : int
        Seed of the draw and of the shuffle, so the set is the same on every run.

    Returns
    -------
    x : ndarray of shape (n_normal + m, ...)
        The mixed samples, shuffled, with the dtype of ``x_normal``.
    is_anomaly : ndarray of shape (n_normal + m,), int64
        1 for a sample drawn from ``x_anomalous``, 0 otherwise. Use it only to evaluate.

    Raises
    ------
    ValueError
        If the sample shapes differ, ``rate`` is outside (0, 1), or the pool is too small.
    """
    x_normal, x_anomalous = np.asarray(x_normal), np.asarray(x_anomalous)
    if x_normal.ndim < 1 or x_normal.shape[1:] != x_anomalous.shape[1:]:
        raise ValueError(
            f"Expected samples of the same shape, got {x_normal.shape[1:]} and "
            f"{x_anomalous.shape[1:]}"
        )
    rate = check_scalar(rate, "rate", min_val=0, max_val=1, include_boundaries="neither")
    seed = check_scalar(seed, "seed", numbers.Integral, min_val=0)
    n_anomalies = max(1, round(rate * len(x_normal) / (1 - rate)))
    if n_anomalies > len(x_anomalous):
        raise ValueError(
            f"Expected at least {n_anomalies} anomalies in the pool for rate {rate}, "
            f"got {len(x_anomalous)}"
        )
    rng = np.random.default_rng(seed)
    picked = x_anomalous[rng.choice(len(x_anomalous), size=n_anomalies, replace=False)]
    x = np.concatenate([x_normal, picked.astype(x_normal.dtype)])
    is_anomaly = np.r_[np.zeros(len(x_normal), np.int64), np.ones(n_anomalies, np.int64)]
    order = rng.permutation(len(x))
    return x[order], is_anomaly[order]
