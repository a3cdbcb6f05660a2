"""The coding model: text features (TF-IDF or sentence embeddings) and one linear classifier per
coded field, trained on the ledger plus the codebook's examples, cached on disk.

The path classifier's probabilities are calibrated by temperature scaling: out-of-fold
probabilities of a :data:`CALIBRATION_FOLDS`-fold split of the training rows give the
temperature ``T`` that minimises their log loss, and the model reports ``p ** (1 / T)``,
renormalised. ``T`` below 1 sharpens (the balanced logistic regression spreads its probability
over seven classes), above 1 flattens; the ranking of the classes never changes.

The cache (:mod:`.storage`) holds arrays and JSON only, never a pickle. Its key is the sha256 of the training inputs (ledger bytes, examples bytes), the backend
and :data:`MODEL_VERSION`, so a changed ledger retrains the model on its next use and an
unchanged one loads in well under a second.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from trilateral.errors import EstimationError, InputError

MODEL_VERSION = "1.2"
log = logging.getLogger(__name__)
Backend = Literal["tfidf", "embeddings"]
BACKENDS: tuple[str, ...] = ("tfidf", "embeddings")
FIELDS = ("path", "direction", "level", "domain", "americanization")
MIN_POSITIVE = 5  # americanization is only modelled with at least this many flagged events
CALIBRATED = ("path",)
CALIBRATION_FOLDS = 5


class Featurizer(Protocol):
    name: str

    def fit(self, texts: list[str]) -> Featurizer: ...

    def transform(self, texts: list[str]) -> Any: ...


class TfidfFeaturizer:
    """Word unigrams and bigrams, sublinear term frequency, English stop words removed.

    Fitting uses scikit-learn's analyzer. Transforming uses :class:`KnownTerms`, which yields
    only the fitted vocabulary's terms: a fitted vectorizer counts nothing else, so the matrix
    is the same (``tests/test_classifier_speed.py``), built from a fraction of the strings."""

    name = "tfidf-logreg"

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.vectorizer = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, stop_words="english",
            preprocessor=unaccented_lower, min_df=1, max_df=0.9)
        self._known: tuple[dict[str, int], Any] | None = None  # (vocabulary, its vectorizer)

    def fit(self, texts: list[str]) -> TfidfFeaturizer:
        self.vectorizer.fit(texts)
        return self

    def transform(self, texts: list[str]) -> Any:
        return self.known_terms_vectorizer().transform(texts)

    def known_terms_vectorizer(self) -> Any:
        """A vectorizer with the fitted vocabulary and weights whose analyzer is
        :class:`KnownTerms` (made once per vocabulary)."""
        from sklearn.feature_extraction.text import TfidfVectorizer

        fitted = self.vectorizer
        if self._known is None or self._known[0] is not fitted.vocabulary_:
            known = TfidfVectorizer(
                analyzer=KnownTerms(fitted.vocabulary_, fitted.get_stop_words()),
                vocabulary=fitted.vocabulary_, sublinear_tf=fitted.sublinear_tf,
                norm=fitted.norm, dtype=fitted.dtype)
            known.idf_ = fitted.idf_
            self._known = (fitted.vocabulary_, known)
        return self._known[1]


class KnownTerms:
    """The analyzer of a fitted :class:`TfidfFeaturizer` (:func:`unaccented_lower`,
    :func:`lower_tokens`, English stop words out, unigrams and bigrams) yielding only the terms
    of its ``vocabulary``: a bigram is built only when its first word starts one."""

    def __init__(self, vocabulary: dict[str, int], stop_words: frozenset[str] | None) -> None:
        self.unigrams = frozenset(t for t in vocabulary if " " not in t)
        follow: dict[str, set[str]] = {}
        for term in vocabulary:
            first, _, second = term.partition(" ")
            if second:
                follow.setdefault(first, set()).add(second)
        self.follow = {k: frozenset(v) for k, v in follow.items()}
        self.stop_words = stop_words or frozenset()

    def __call__(self, text: str) -> list[str]:
        words = [w for w in lower_tokens(text) if w not in self.stop_words]
        terms = [w for w in words if w in self.unigrams]
        follow = self.follow
        terms += [f"{a} {b}" for a, b in pairwise(words) if a in follow and b in follow[a]]
        return terms


class _PerCharacter(dict):
    """Each character's replacement by ``rule``, computed on first sight."""

    def __init__(self, rule: Any) -> None:
        super().__init__()
        self.rule = rule

    def __missing__(self, char: str) -> str:
        self[char] = out = self.rule(char)
        return out


def _unaccented(char: str) -> str:
    """scikit-learn's ``strip_accents="unicode"`` rule: NFKD without combining marks."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))


def _word_or_space(char: str) -> str:
    return char if char.isalnum() or char == "_" else " "


def _unaccented_word_or_space(char: str) -> str:
    return "".join(c if c.isascii() else _word_or_space(c) for c in _unaccented(char))


_UNACCENT = _PerCharacter(_unaccented)
_TOKEN_FORM = _PerCharacter(_unaccented_word_or_space)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ASCII_NON_WORD = str.maketrans({c: " " for c in map(chr, range(128)) if _word_or_space(c) == " "})
TOKEN_PATTERN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern


def unaccented_lower(text: str) -> str:
    """Lower case without accents, as ``TfidfVectorizer(strip_accents="unicode")`` does it, but
    replacing only the non-ASCII characters (one in two hundred here: curly quotes, dashes,
    accented letters), each by its cached stripped form, instead of every character."""
    low = text.lower()
    return low if low.isascii() else _NON_ASCII.sub(lambda m: _UNACCENT[m.group(0)], low)


def lower_tokens(text: str) -> list[str]:
    """scikit-learn's default tokens (:data:`TOKEN_PATTERN`'s matches, runs of two or more word
    characters) of ``unaccented_lower(text)``. One pass over the non-ASCII characters turns each
    into its accent-stripped form with non-word characters as spaces; when the word characters
    left are ASCII, the other characters become spaces and the text is split, in C; otherwise
    the pattern runs."""
    low = text.lower()
    if not low.isascii():
        low = _NON_ASCII.sub(lambda m: _TOKEN_FORM[m.group(0)], low)
    return _split_words(low)


def _split_words(text: str) -> list[str]:
    """The tokens of a text whose non-ASCII characters are all word characters."""
    if not text.isascii():
        return TOKEN_PATTERN.findall(text)
    return [w for w in text.translate(_ASCII_NON_WORD).split() if len(w) > 1]


@dataclass
class TrainingSet:
    """Texts and their codes; ``origin`` says where each came from (ledger id or codebook)."""

    texts: list[str]
    codes: list[dict[str, Any]]
    origin: list[str]

    def labels(self, name: str) -> list[Any]:
        return [c[name] for c in self.codes]


def training_set(events: list[dict[str, Any]], examples: list[dict[str, Any]]) -> TrainingSet:
    """Ledger events (title and summary) plus the codebook examples."""
    texts = [f"{e['title']}. {e['summary']}" for e in events] + [x["text"] for x in examples]
    codes = [{f: e[f] for f in FIELDS} for e in events + examples]
    origin = [e["id"] for e in events] + ["codebook"] * len(examples)
    return TrainingSet(texts, codes, origin)


@dataclass
class CodingModel:
    """A featurizer and one classifier per field; ``version`` names model and training data."""

    featurizer: Any
    classifiers: dict[str, Any]
    constants: dict[str, Any]
    version: str
    training_rows: int
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.featurizer.name

    def proba(self, name: str, features: Any, calibrated: bool = True
              ) -> tuple[list[str], np.ndarray]:
        """Class labels and per-row probabilities for one field (temperature-scaled unless
        ``calibrated`` is false). Callers limit BLAS threads once per batch
        (:func:`single_thread`), not per call."""
        if name in self.constants:
            return [self.constants[name]], np.ones((features.shape[0], 1))
        clf = self.classifiers[name]
        proba = clf.predict_proba(features)
        if not calibrated:
            return list(clf.classes_), proba
        return list(clf.classes_), _scaled(proba, self.meta.get("temperature", {}).get(name))

    @property
    def temperature(self) -> dict[str, float]:
        """The calibration temperature of each calibrated field."""
        return dict(self.meta.get("temperature", {}))


def single_thread() -> Any:
    """One BLAS thread for a batch of small problems (more threads only contend)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1)


def fit(train: TrainingSet, featurizer: Any, version: str = MODEL_VERSION) -> CodingModel:
    """Fit the featurizer on all texts and a classifier per field on the rows it applies to."""
    from threadpoolctl import threadpool_limits

    if len(train.texts) < 10:
        raise EstimationError("the classifier needs at least 10 coded texts to train")
    featurizer.fit(train.texts)
    features = featurizer.transform(train.texts)
    with threadpool_limits(1):  # a few hundred rows: BLAS threads only contend (10x slower)
        classifiers, constants = _fit_fields(train, features)
        temperature = {name: _temperature(train.labels(name), features)
                       for name in CALIBRATED if name in classifiers}
    return CodingModel(featurizer, classifiers, constants, version, len(train.texts),
                       meta={"temperature": temperature})


def _fit_fields(train: TrainingSet, features: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """One balanced logistic regression per field; a constant where a field does not vary."""
    coded = np.array([c["path"] != "none" for c in train.codes])
    classifiers: dict[str, Any] = {}
    constants: dict[str, Any] = {}
    for name in FIELDS:
        rows = np.ones(len(train.texts), bool) if name == "path" else coded
        y = np.array([str(v) for v in train.labels(name)], dtype=object)[rows]
        if len(set(y)) < 2 or (name == "americanization" and (y == "True").sum() < MIN_POSITIVE):
            constants[name] = _majority(y)
            continue
        classifiers[name] = _classifier().fit(features[rows], y)
    return classifiers, constants


def _classifier() -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=5.0, class_weight="balanced", max_iter=5000)


def _temperature(labels: list[Any], features: Any) -> float:
    """The temperature that minimises the log loss of out-of-fold probabilities (1.0 when
    some class is too rare to split)."""
    from scipy.optimize import minimize_scalar
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    y = np.array([str(v) for v in labels], dtype=object)
    classes, counts = np.unique(y, return_counts=True)
    folds = min(CALIBRATION_FOLDS, int(counts.min()))
    if folds < 2:
        return 1.0
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    proba = cross_val_predict(_classifier(), features, y, cv=splitter, method="predict_proba")
    truth = np.searchsorted(classes, y)

    def loss(t: float) -> float:
        return float(-np.log(_scaled(proba, t)[np.arange(len(y)), truth] + 1e-12).mean())

    return float(minimize_scalar(loss, bounds=(0.05, 5.0), method="bounded").x)


def _scaled(proba: np.ndarray, temperature: float | None) -> np.ndarray:
    if not temperature or temperature == 1.0:
        return proba
    logits = np.log(np.clip(proba, 1e-12, 1.0)) / temperature
    logits -= logits.max(axis=1, keepdims=True)
    out = np.exp(logits)
    return out / out.sum(axis=1, keepdims=True)


def _majority(values: np.ndarray) -> str:
    labels, counts = np.unique(values, return_counts=True)
    return str(labels[counts.argmax()]) if len(labels) else "False"


# ---------------------------------------------------------------- cache


def make_featurizer(backend: str, model_path: str | None = None) -> Any:
    if backend == "tfidf":
        return TfidfFeaturizer()
    if backend == "embeddings":
        from trilateral.evidence.classifier.embeddings import EmbeddingFeaturizer

        return EmbeddingFeaturizer(model_path)
    raise InputError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}",
                     field="backend")


def cache_key(ledger_bytes: bytes, examples_bytes: bytes, backend: str) -> str:
    h = hashlib.sha256()
    for part in (ledger_bytes, examples_bytes, backend.encode(), MODEL_VERSION.encode()):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


_MEMO: dict[str, CodingModel] = {}


def trained_model(
    backend: str = "tfidf", ledger: str | Path | None = None, *, model_path: str | None = None,
    use_cache: bool = True,
) -> CodingModel:
    """The model for the current ledger: from memory, the disk cache, or trained now."""
    from trilateral.evidence import store
    from trilateral.evidence.codebook import EXAMPLES_FILE, load_examples

    ledger_file = store.ledger_path(ledger)
    ledger_bytes = ledger_file.read_bytes() if ledger_file.exists() else b""
    key = cache_key(ledger_bytes, EXAMPLES_FILE.read_bytes(), backend)
    if use_cache and key in _MEMO:
        return _MEMO[key]
    cached = _cache_file(backend, key)
    model = _load(cached) if use_cache else None
    if model is None:
        train = training_set(store.read_events(ledger_file), load_examples())
        version = f"{MODEL_VERSION}+ledger.{hashlib.sha256(ledger_bytes).hexdigest()[:10]}"
        model = fit(train, make_featurizer(backend, model_path), version)
        if use_cache:
            _save(cached, model)
    _MEMO[key] = model
    return model


def _cache_file(backend: str, key: str) -> Path:
    """The cached model's stem: ``.npz`` arrays and a ``.json`` manifest (see :mod:`.storage`)."""
    from trilateral.config import home

    return home() / "cache" / "classifier" / f"{backend}-{key[:24]}"


def _load(stem: Path) -> CodingModel | None:
    """The cached model, or None when absent; a file failing its checks is refused (never
    loaded), reported once, and the model retrained over it."""
    from trilateral.evidence.classifier import storage

    try:
        return storage.load(stem, _from_parts)
    except storage.RefusedModel as exc:
        log.warning("classifier cache refused and rebuilt: %s", exc)
        return None


def _save(stem: Path, model: CodingModel) -> None:
    from trilateral.evidence.classifier import storage

    try:
        storage.save(stem, model)
    except OSError as exc:  # a read-only or full cache only costs a retrain next time
        log.warning("classifier cache not written: %s", exc)


# ---------------------------------------------------------------- rebuild from arrays and JSON


def _from_parts(arrays: dict[str, np.ndarray], manifest: dict[str, Any]) -> Any:
    featurizer = _featurizer(manifest["featurizer"], arrays)
    classifiers = {name: _logreg(classes, arrays[f"{name}.coef"], arrays[f"{name}.intercept"])
                   for name, classes in manifest["classifiers"].items()}
    return CodingModel(featurizer, classifiers, dict(manifest["constants"]),
                       str(manifest["version"]), int(manifest["training_rows"]),
                       meta=dict(manifest["meta"]))


def _featurizer(parts: dict[str, Any], arrays: dict[str, np.ndarray]) -> Any:
    from trilateral.evidence.classifier import storage

    if parts.get("name") == "tfidf-logreg":
        if parts.get("settings") != storage.TFIDF_SETTINGS:
            raise ValueError("TF-IDF settings differ from this version's")
        terms = [str(t) for t in parts["terms"]]
        idf = arrays["tfidf.idf"]
        if idf.shape != (len(terms),) or not np.isfinite(idf).all():
            raise ValueError("TF-IDF weights do not match the vocabulary")
        feat = TfidfFeaturizer()
        feat.vectorizer.vocabulary_ = {t: i for i, t in enumerate(terms)}
        feat.vectorizer.idf_ = idf
        return feat
    if parts.get("name") == "minilm-logreg":
        from trilateral.evidence.classifier.embeddings import EmbeddingFeaturizer

        return EmbeddingFeaturizer(str(parts["model_path"]))
    raise ValueError(f"unknown featurizer {parts.get('name')!r}")


def _logreg(classes: list[str], coef: np.ndarray, intercept: np.ndarray) -> Any:
    if coef.ndim != 2 or intercept.ndim != 1 or coef.shape[0] != intercept.shape[0]:
        raise ValueError("classifier arrays have the wrong shape")
    if coef.shape[0] != (1 if len(classes) == 2 else len(classes)):
        raise ValueError("classifier arrays do not match its classes")
    clf = _classifier()
    clf.classes_ = np.array(classes, dtype=object)
    clf.coef_, clf.intercept_ = coef, intercept
    clf.n_features_in_ = coef.shape[1]
    clf.n_iter_ = np.zeros(1, dtype=np.int32)
    return clf
