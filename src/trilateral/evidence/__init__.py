"""The evidence ledger: coded events, their codebook, and a classifier that codes new documents.

Modules:

* :mod:`.schema`: the codebook's vocabularies and the rules one event must satisfy;
* :mod:`.records`: reading and writing events as JSONL or CSV rows;
* :mod:`.store`: the ledger file, with locked, atomic, all-or-nothing writes;
* :mod:`.ledger`: the public API (``events``, ``validate``, ``add``, ``import_files``);
* :mod:`.momentum`: counts, net direction and momentum per path and year;
* :mod:`.reliability`: Krippendorff's alpha between two independent codings;
* :mod:`.documents`: front matter, cleaning and chunking of real documents;
* :mod:`.classifier`: the text classifier (TF-IDF default, optional sentence embeddings);
* :mod:`.queue`: the review queue of model-proposed entries.
"""
