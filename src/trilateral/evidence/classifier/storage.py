"""The classifier's disk cache in a format that cannot run code: NumPy arrays and JSON.

A cached model is two files, ``NAME.npz`` (arrays only, read with ``allow_pickle=False``) and
``NAME.json`` (the manifest: model version, training rows, constants, calibration, the TF-IDF
vocabulary and settings, each classifier's classes and the names of its arrays, and the sha256
of the ``.npz`` bytes). Loading parses JSON and reads plain arrays, then rebuilds scikit-learn
objects from them by setting their fitted attributes: no pickle, no import of a stored name.

A manifest that is not what :func:`save` writes, or an ``.npz`` whose sha256 differs from the
manifest's, is refused (:class:`RefusedModel`); the caller then retrains. The hash detects a
changed or truncated file; it is not a signature, but nothing a tampered file holds is ever run.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from trilateral.errors import InputError

FORMAT = "trilateral-classifier/1"
TFIDF_SETTINGS = {"ngram_range": [1, 2], "sublinear_tf": True, "stop_words": "english",
                  "strip_accents": "unicode", "min_df": 1, "max_df": 0.9}


class RefusedModel(InputError):
    """A cached model file that fails its checks; it is never loaded."""


def save(stem: Path, model: Any) -> None:
    """Write ``stem.npz`` and ``stem.json`` atomically (arrays first, manifest last)."""
    arrays, manifest = _to_parts(model)
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    data = buf.getvalue()
    manifest["npz_sha256"] = hashlib.sha256(data).hexdigest()
    stem.parent.mkdir(parents=True, exist_ok=True)
    _atomic(stem.with_suffix(".npz"), data)
    _atomic(stem.with_suffix(".json"), json.dumps(manifest, sort_keys=True).encode("utf-8"))


def load(stem: Path, build: Callable[[dict[str, np.ndarray], dict[str, Any]], Any]
         ) -> Any | None:
    """The model stored at ``stem``, rebuilt by ``build(arrays, manifest)`` (None when absent);
    :class:`RefusedModel` when it fails a check."""
    man_file, npz_file = stem.with_suffix(".json"), stem.with_suffix(".npz")
    if not man_file.exists() or not npz_file.exists():
        return None
    try:
        manifest = json.loads(man_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RefusedModel(f"not a model manifest: {exc}", file=man_file) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RefusedModel(f"not a {FORMAT} manifest", file=man_file, field="format")
    data = npz_file.read_bytes()
    if hashlib.sha256(data).hexdigest() != manifest.get("npz_sha256"):
        raise RefusedModel("sha256 differs from its manifest; refused", file=npz_file)
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        return build(arrays, manifest)
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise RefusedModel(f"unreadable model arrays: {exc}", file=npz_file) from exc


def _atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


# ---------------------------------------------------------------- model <-> parts


def _to_parts(model: Any) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    arrays: dict[str, np.ndarray] = {}
    classifiers = {}
    for name, clf in model.classifiers.items():
        arrays[f"{name}.coef"] = np.asarray(clf.coef_, dtype=np.float64)
        arrays[f"{name}.intercept"] = np.asarray(clf.intercept_, dtype=np.float64)
        classifiers[name] = [str(c) for c in clf.classes_]
    manifest = {
        "format": FORMAT, "version": model.version, "training_rows": model.training_rows,
        "constants": model.constants, "meta": model.meta, "classifiers": classifiers,
        "featurizer": _featurizer_parts(model.featurizer, arrays),
    }
    return arrays, manifest


def _featurizer_parts(featurizer: Any, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    if featurizer.name == "tfidf-logreg":
        vec = featurizer.vectorizer
        terms = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
        arrays["tfidf.idf"] = np.asarray(vec.idf_, dtype=np.float64)
        return {"name": featurizer.name, "settings": TFIDF_SETTINGS, "terms": terms}
    return {"name": featurizer.name, "model_path": featurizer.model_path}
