"""Tests for aebook.data; none of them needs the network.

Real-data tests read the dataset mirror named by $AEBOOK_DATA_MIRROR, or else
<repo>/../shared/datasets, and skip when it is absent.  Download tests use a local
HTTP server on 127.0.0.1; every registry URL is otherwise pointed at a closed port.
"""

import functools
import gzip
import hashlib
import http.server
import os
import shutil
import socket
import threading
import zipfile
from pathlib import Path

import numpy as np
import pytest

from aebook import data

MIRROR = Path(
    os.environ.get(data._MIRROR_ENV) or Path(__file__).resolve().parents[2] / "shared" / "datasets"
)
needs_mirror = pytest.mark.skipif(
    not MIRROR.is_dir(), reason=f"dataset mirror not found at {MIRROR}; set AEBOOK_DATA_MIRROR"
)
LABELS = "mnist/t10k-labels-idx1-ubyte.gz"  # the smallest IDX file (4.5 kB)
FASHION_LABELS = "fashion-mnist/t10k-labels-idx1-ubyte.gz"


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"  # nothing listens there once the socket is closed


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch):
    """Isolate every test: a tmp cache, no mirror, no Debian dir, no reachable URL."""
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv(data._DATA_DIR_ENV, str(cache_dir))
    monkeypatch.delenv(data._MIRROR_ENV, raising=False)
    monkeypatch.setattr(data, "_DEBIAN_FASHION_MNIST_DIR", tmp_path / "no-debian")
    dead = closed_port_url()
    for name, entry in data._REGISTRY.items():
        monkeypatch.setitem(entry, "url", dead + name)
    return cache_dir


@pytest.fixture
def real_mirror(monkeypatch):
    if not MIRROR.is_dir():
        pytest.skip(f"dataset mirror not found at {MIRROR}; set AEBOOK_DATA_MIRROR")
    monkeypatch.setenv(data._MIRROR_ENV, str(MIRROR))
    return MIRROR


def copy_from_mirror(name: str, root: Path) -> Path:
    dest = root / name
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(MIRROR / name, dest)
    return dest


def flip_payload_byte(path: Path) -> str:
    """Change one byte of the IDX payload, keep a valid gzip; return the new payload hash."""
    payload = bytearray(gzip.decompress(path.read_bytes()))
    payload[100] ^= 0xFF
    path.write_bytes(gzip.compress(bytes(payload)))
    return hashlib.sha256(payload).hexdigest()


def truncate(path: Path) -> str:
    path.write_bytes(path.read_bytes()[:1000])
    return hashlib.sha256(path.read_bytes()).hexdigest()


def edit_ecg_number(path: Path) -> str:
    path.write_text(path.read_text().replace("-0.11252183", "-0.11252184", 1))
    return data._payload_sha256(path, "table")


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def server(tmp_path):
    """A real HTTP server on 127.0.0.1 serving tmp_path / "served"; yields (root, base URL)."""
    root = tmp_path / "served"
    root.mkdir()

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


# --- real data ------------------------------------------------------------------------


@needs_mirror
@pytest.mark.parametrize("name", list(data._REGISTRY))
def test_pinned_hashes_match_mirror(name):
    assert data._payload_sha256(MIRROR / name, data._kind(name)) == data._REGISTRY[name]["sha256"]


@needs_mirror
def test_ecg_mirror_files_are_the_ones_hashed():
    # File sha256 values from the mirror's README: the pinned parse hashes came from these.
    readme = {
        "ECG5000_TRAIN.tsv": "df86ac15d7e283e731db6be7865f5004b65bc639014cb8b9753c26e24a9092a1",
        "ECG5000_TEST.tsv": "0192997dd1793880633bfb34ae3ad5129c09a8e0f210c469225451b92cdd8548",
    }
    for fname, digest in readme.items():
        raw = (MIRROR / "ecg5000" / fname).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == digest


def check_idx_split(split, n):
    x, y = split
    assert x.shape == (n, 28, 28) and x.dtype == np.float32
    assert y.shape == (n,) and y.dtype == np.int64
    assert x.min() == 0.0 and x.max() == 1.0
    return np.bincount(y, minlength=10)


def test_load_fashion_mnist(real_mirror):
    train, test = data.load_fashion_mnist()
    assert check_idx_split(train, 60000).tolist() == [6000] * 10
    assert check_idx_split(test, 10000).tolist() == [1000] * 10
    assert len(data.FASHION_MNIST_CLASSES) == 10
    assert data.FASHION_MNIST_CLASSES[9] == "Ankle boot"


def test_load_mnist(real_mirror):
    train, test = data.load_mnist()
    assert check_idx_split(train, 60000).tolist() == [
        5923,
        6742,
        5958,
        6131,
        5842,
        5421,
        5918,
        6265,
        5851,
        5949,
    ]
    assert check_idx_split(test, 10000).tolist() == [
        980,
        1135,
        1032,
        1010,
        982,
        892,
        958,
        1028,
        974,
        1009,
    ]


def test_load_ecg5000(real_mirror):
    (x_train, y_train), (x_test, y_test) = data.load_ecg5000()
    assert x_train.shape == (500, 140) and x_test.shape == (4500, 140)
    assert x_train.dtype == x_test.dtype == np.float32
    assert y_train.dtype == y_test.dtype == np.int64
    counts = np.bincount(np.concatenate([y_train, y_test]), minlength=6)[1:]
    assert counts.tolist() == [2919, 1767, 96, 194, 24]
    assert sorted(data.ECG5000_CLASSES) == [1, 2, 3, 4, 5]
    assert data.ECG5000_CLASSES[1] == "Normal"


def test_mirror_is_used_first_and_nothing_is_cached(real_mirror, cache):
    assert data._fetch(LABELS) == MIRROR / LABELS
    assert files_under(cache) == []


# --- corrupt copies -----------------------------------------------------------------


@pytest.mark.parametrize(
    "bad_value",
    [b"\x00\x00\x09\x01" + b"\x00" * 8, b"\x00\x00\x08\x01\x00\x00\x00\x05abc", b"\x00\x00"],
    ids=["wrong-type-code", "too-short", "no-header"],
)
def test_bad_idx_header_is_a_clear_error(tmp_path, bad_value):
    path = tmp_path / "bad-idx1-ubyte.gz"
    path.write_bytes(gzip.compress(bad_value))
    with pytest.raises(ValueError, match="bad-idx1-ubyte.gz: expected"):
        data._read_idx(path, (5,))


@needs_mirror
@pytest.mark.parametrize(
    "name, corrupt",
    [
        (LABELS, flip_payload_byte),
        (FASHION_LABELS, truncate),
        ("ecg5000/ECG5000_TRAIN.tsv", edit_ecg_number),
    ],
    ids=["flipped-byte", "truncated", "edited-number"],
)
def test_corrupt_mirror_file_raises_hash_error(tmp_path, monkeypatch, name, corrupt):
    mirror = tmp_path / "mirror"
    bad = copy_from_mirror(name, mirror)
    actual = corrupt(bad)
    monkeypatch.setenv(data._MIRROR_ENV, str(mirror))
    with pytest.raises(data.DatasetHashError) as info:
        data._fetch(name)
    message = str(info.value)
    for part in (str(bad), data._REGISTRY[name]["sha256"], actual, data._MIRROR_ENV):
        assert part in message
    assert isinstance(info.value, ValueError)


@needs_mirror
def test_corrupt_mirror_file_is_skipped_for_a_good_cache_copy(tmp_path, monkeypatch, cache):
    mirror = tmp_path / "mirror"
    flip_payload_byte(copy_from_mirror(LABELS, mirror))
    good = copy_from_mirror(LABELS, cache)
    monkeypatch.setenv(data._MIRROR_ENV, str(mirror))
    with pytest.warns(UserWarning, match="corrupt"):
        assert data._fetch(LABELS) == good


@needs_mirror
def test_corrupt_cache_copy_is_reported_and_debian_copy_used(tmp_path, monkeypatch, cache):
    debian = tmp_path / "debian"
    good = copy_from_mirror(FASHION_LABELS, tmp_path / "src")
    debian.mkdir()
    shutil.copyfile(good, debian / good.name)
    monkeypatch.setattr(data, "_DEBIAN_FASHION_MNIST_DIR", debian)
    bad = copy_from_mirror(FASHION_LABELS, cache)
    flip_payload_byte(bad)
    with pytest.warns(UserWarning, match=f"(?s)corrupt.*{bad.name}"):
        path = data._fetch(FASHION_LABELS)
    assert path == debian / good.name
    assert not bad.exists()  # the corrupt cache copy is gone, never returned
    assert data._fetch(FASHION_LABELS) == path  # and the next call is quiet


@pytest.mark.parametrize("mirror_set", [True, False])
def test_absent_dataset_lists_every_place_searched(tmp_path, monkeypatch, cache, mirror_set):
    mirror = tmp_path / "empty-mirror"
    mirror.mkdir()
    if mirror_set:
        monkeypatch.setenv(data._MIRROR_ENV, str(mirror))
    with pytest.raises(data.DatasetNotFoundError) as info:
        data._fetch(FASHION_LABELS)
    message = str(info.value)
    places = [
        str(cache / FASHION_LABELS),
        str(tmp_path / "no-debian" / "t10k-labels-idx1-ubyte.gz"),
        data._REGISTRY[FASHION_LABELS]["url"],
        "ConnectionError",
        "AEBOOK_DATA_MIRROR",
        "dataset-fashion-mnist",
    ]
    places.append(str(mirror / FASHION_LABELS) if mirror_set else "AEBOOK_DATA_MIRROR is not set")
    for part in places:
        assert part in message
    assert isinstance(info.value, FileNotFoundError)
    assert files_under(tmp_path / "cache") == []


# --- downloads from a local server ------------------------------------------------------


@needs_mirror
def test_download_lands_verified_in_cache(server, monkeypatch, cache):
    root, url = server
    copy_from_mirror(LABELS, root)
    monkeypatch.setitem(data._REGISTRY[LABELS], "url", url + LABELS)
    path = data._fetch(LABELS)
    assert path == cache / LABELS
    assert data._payload_sha256(path, "idx") == data._REGISTRY[LABELS]["sha256"]
    assert files_under(cache) == [path]  # no temporary leftovers
    assert data._fetch(LABELS) == path  # served from the cache next time


@needs_mirror
def test_download_replaces_corrupt_cache_copy(server, monkeypatch, cache):
    root, url = server
    copy_from_mirror(LABELS, root)
    flip_payload_byte(copy_from_mirror(LABELS, cache))
    monkeypatch.setitem(data._REGISTRY[LABELS], "url", url + LABELS)
    with pytest.warns(UserWarning, match="corrupt"):
        path = data._fetch(LABELS)
    assert path == cache / LABELS
    assert data._payload_sha256(path, "idx") == data._REGISTRY[LABELS]["sha256"]


@needs_mirror
def test_corrupt_download_leaves_no_file(server, monkeypatch, cache):
    root, url = server
    actual = flip_payload_byte(copy_from_mirror(LABELS, root))
    monkeypatch.setitem(data._REGISTRY[LABELS], "url", url + LABELS)
    with pytest.raises(data.DatasetHashError) as info:
        data._fetch(LABELS)
    assert actual in str(info.value) and url + LABELS in str(info.value)
    assert files_under(cache) == []


def test_http_error_is_dataset_not_found(server, monkeypatch, cache):
    _, url = server
    monkeypatch.setitem(data._REGISTRY[LABELS], "url", url + "missing.gz")
    with pytest.raises(data.DatasetNotFoundError, match="404"):
        data._fetch(LABELS)
    assert files_under(cache) == []


@pytest.fixture(scope="module")
def ucr_txt(tmp_path_factory):
    """The mirror's ECG tables written as UCR's space-separated .txt (%.7e), built once."""
    if not MIRROR.is_dir():
        pytest.skip(f"dataset mirror not found at {MIRROR}; set AEBOOK_DATA_MIRROR")
    folder = tmp_path_factory.mktemp("ucr")
    for split in ("TRAIN", "TEST"):
        table = np.loadtxt(MIRROR / "ecg5000" / f"ECG5000_{split}.tsv")
        np.savetxt(folder / f"ECG5000_{split}.txt", table, fmt="%16.7e", delimiter="")
    return folder


@pytest.fixture
def ecg_zip(server, ucr_txt, monkeypatch):
    """Serve ECG5000.zip with members ECG5000_TRAIN.txt and ECG5000_TEST.txt."""
    root, url = server
    with zipfile.ZipFile(root / "ECG5000.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for txt in sorted(ucr_txt.iterdir()):
            zf.write(txt, txt.name)
            shutil.copyfile(txt, root / txt.name)
    for split in ("TRAIN", "TEST"):
        entry = data._REGISTRY[f"ecg5000/ECG5000_{split}.tsv"]
        monkeypatch.setitem(entry, "url", url + "ECG5000.zip")
    return root


def test_ecg_zip_member_download(ecg_zip, cache):
    (x_train, y_train), (x_test, _) = data.load_ecg5000()
    assert x_train.shape == (500, 140) and x_test.shape == (4500, 140)
    assert y_train.dtype == np.int64
    # Pooch keeps the archive, with the two members unzipped beside it.
    assert files_under(cache) == [
        cache / "ecg5000" / "ECG5000.zip",
        cache / "ecg5000" / "ECG5000_TEST.txt",
        cache / "ecg5000" / "ECG5000_TRAIN.txt",
    ]


def test_ecg_zip_with_wrong_numbers_leaves_no_file(ecg_zip, cache):
    txt = ecg_zip / "ECG5000_TRAIN.txt"
    txt.write_text(txt.read_text().replace("-1.1252183e-01", "-1.1252184e-01", 1))
    with zipfile.ZipFile(ecg_zip / "ECG5000.zip", "w") as zf:
        zf.write(txt, txt.name)
    with pytest.raises(data.DatasetHashError, match="ECG5000.zip"):
        data._fetch("ecg5000/ECG5000_TRAIN.tsv")
    # Checked here too: the next failure's clean-up removes the same archive and members.
    assert files_under(cache) == []
    with pytest.raises(data.DatasetNotFoundError, match="KeyError"):
        data._fetch("ecg5000/ECG5000_TEST.tsv")  # member missing from this zip
    assert files_under(cache) == []


# --- rejected input: one row per kind of mistake, each message shows what was received ----------

REJECTIONS = [
    pytest.param(
        data._fetch,
        ("mnist/nope",),
        {},
        r"Unknown dataset file 'mnist/nope'; expected one of: .*ECG5000_TRAIN",
        id="_fetch-unknown-name",
    ),
    pytest.param(
        data._payload_sha256,
        ("x.csv", "csv"),
        {},
        "Expected kind 'idx' or 'table', got 'csv'",
        id="hash-unknown-kind",
    ),
]


@pytest.mark.parametrize(("function", "args", "kwargs", "message"), REJECTIONS)
def test_rejects_bad_input(function, args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        function(*args, **kwargs)
