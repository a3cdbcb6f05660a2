"""A gravity specification: estimator, terms, fixed effects, sample filters and clustering."""

from __future__ import annotations

from dataclasses import dataclass, field

from trilateral.errors import InputError
from trilateral.gravity.options import (
    Cluster,
    Estimator,
    FixedEffects,
    SampleFilter,
    check,
)

FE_COLUMNS: dict[str, tuple[str, ...]] = {
    "exporter_year+importer_year": ("exp_year", "imp_year"),
    "exporter_year+importer_year+intra_pair": ("exp_year", "imp_year", "intra_pair"),
    "exporter_year+importer_year+pair": ("exp_year", "imp_year", "pair"),
}
CLUSTER_COLUMNS = {"pair": "pair", "exporter": "exporter", "importer": "importer"}


@dataclass(frozen=True)
class Spec:
    """One regression. ``totals`` name sums of terms reported with delta-method errors."""

    key: str
    estimator: Estimator
    terms: tuple[str, ...]
    fixed_effects: FixedEffects
    sample: tuple[SampleFilter, ...] = ()
    cluster: Cluster = "pair"
    totals: tuple[tuple[str, tuple[str, ...]], ...] = ()
    label: str = ""
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        check(self.estimator, Estimator, "estimator")
        check(self.fixed_effects, FixedEffects, "fixed_effects")
        check(self.cluster, Cluster, "cluster")
        for s in self.sample:
            check(s, SampleFilter, "sample")
        for name, terms in self.totals:
            missing = [t for t in terms if t not in self.terms]
            if missing:
                raise InputError(f"total {name!r} sums terms not in the model: {missing}",
                                 field="totals")

    @property
    def outcome(self) -> str:
        return "log_trade" if self.estimator == "ols" else "trade"

    @property
    def fe_columns(self) -> tuple[str, ...]:
        return FE_COLUMNS[self.fixed_effects]

    def formula(self) -> str:
        """The pyfixest formula, e.g. ``trade ~ rta | exp_year + imp_year + pair``."""
        return f"{self.outcome} ~ {' + '.join(self.terms)} | {' + '.join(self.fe_columns)}"

    def vcov(self) -> str | dict[str, str]:
        if self.cluster == "hetero":
            return "hetero"
        return {"CRV1": CLUSTER_COLUMNS[self.cluster]}

    def columns(self) -> list[str]:
        """Every panel column the fit reads."""
        cols = [self.outcome, *self.terms, *self.fe_columns]
        if self.cluster != "hetero":
            cols.append(CLUSTER_COLUMNS[self.cluster])
        return list(dict.fromkeys(cols))
