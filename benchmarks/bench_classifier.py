"""Classifier throughput against a plain TF-IDF (1-2-gram) + logistic-regression baseline.

Both code the same corpus documents (``../shared/corpus/whitehouse-2021-2022``, 155 Markdown
files, or ``--corpus DIR``) in one run. Both models are trained first and the files are read and parsed once (none of
this timed); then each codes every parsed document, best of ``--rounds`` (the machine may be
shared):

* ``baseline``: one TF-IDF (1-2-gram) transform of the whole texts and one ``predict_proba``
  of a logistic regression trained on the same ledger and codebook examples (path only);
* ``trilateral``: :func:`trilateral.evidence.classifier.predict.classify_documents`, the full
  pipeline (gate, chunks, cue rules, path, direction, level, domain, the americanization flag).

It prints documents per second for each and their ratio, and exits non-zero when the ratio is
below ``--min-ratio`` (default 2).

    python benchmarks/bench_classifier.py [--rounds 3] [--min-ratio 2]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path


def best_of(rounds: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def baseline(train_texts: list[str], labels: list[str]) -> Callable[[list], object]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    clf = LogisticRegression(max_iter=2000).fit(vec.fit_transform(train_texts), labels)

    def run(docs: list) -> object:
        return clf.predict_proba(vec.transform([f"{d.title or ''}\n{d.text}" for d in docs]))

    return run


def main(argv: list[str] | None = None) -> int:
    from trilateral.evidence import store
    from trilateral.evidence.classifier.model import trained_model, training_set
    from trilateral.evidence.classifier.predict import classify_documents
    from trilateral.evidence.codebook import load_examples
    from trilateral.evidence.documents import read_document

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--min-ratio", type=float, default=2.0)
    args = ap.parse_args(argv)
    from trilateral.evidence.classifier.evaluate import default_corpus_dir

    corpus = args.corpus or default_corpus_dir() or Path("corpus-not-found")
    files = sorted(corpus.glob("[0-9]*.md"))  # the documents, not PROVENANCE.md
    if not files:
        print(f"no documents in {corpus} (pass --corpus DIR or set TRILATERAL_CORPUS)", file=sys.stderr)
        return 2
    train = training_set(store.read_events(), load_examples())
    base = baseline(train.texts, train.labels("path"))
    model = trained_model("tfidf")  # train (or load) outside the timing
    docs = [read_document(f) for f in files]
    classify_documents(docs[:2], model, "tfidf")
    t_base = best_of(args.rounds, lambda: base(docs))
    t_ours = best_of(args.rounds, lambda: classify_documents(docs, model, "tfidf"))
    n = len(files)
    ratio = t_base / t_ours
    print(f"documents: {n} ({corpus})")
    print(f"baseline tf-idf(1-2)+logreg, path only: {n / t_base:8.1f} docs/s ({t_base:.3f} s)")
    print(f"trilateral classify, all fields:        {n / t_ours:8.1f} docs/s ({t_ours:.3f} s)")
    print(f"ratio: {ratio:.2f}x (goal >= {args.min_ratio:g}x)")
    return 0 if ratio >= args.min_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
