"""Mixed-type tables: ConditionalGANSampler beside CTGAN, in the same run.

Tables with categorical, boolean, integer, bounded and skewed columns:

- penguins (``palmerpenguins``; the rows with missing measurements dropped,
  the 9 missing ``sex`` values kept as a category; the two integral
  measurements and ``year`` as int64); class: species;
- loans (``sklgan.datasets.make_mixed_table``, 2,000 rows): a category, a
  string and a bool column, counts full of zeros, a share in [0, 1] with
  exact zeros, a long-tailed amount and the rule ``n_late <= 2 *
  n_accounts``; class: risk (60 / 25 / 15%);
- loans-missing: the same table with missing values, as real tables have
  them: ``amount`` missing in 40% of the high-risk rows and 5% of the
  others (missing depending on the class), ``usage`` in 30% of the rows
  not employed and 3% of the others (depending on another column), and
  ``age`` (pandas' nullable ``Int64``) in 10% of all rows;
- seattle (``vega_datasets``' Seattle weather, 1,461 days of 2012 to 2015):
  the date (``datetime64``), precipitation (zero on half of the days), the
  day's highest and lowest temperature and wind; class: the weather
  (sun and rain 44% each, fog 7%, drizzle 4%, snow 2%).

Each of ``--splits`` stratified 75/25 splits trains every method on the
training rows. Methods: ``ConditionalGANSampler()`` with its defaults
(``numeric_transform="range"``), with ``numeric_transform="quantile"`` and
with ``numeric_transform="mode"`` (CTGAN's mode-specific normalisation);
CTGAN 0.12.1 at its
defaults (300 epochs) as shipped, the same model sampled after
``model._generator.eval()`` (CTGAN samples with its generator in training
mode), and CTGAN at 1,500 epochs with that fix. CTGAN learns the class as
one more discrete column and samples a class through
``condition_column``; its generated floats are rounded to the decimals of
their column, as sklgan's encoder rounds its own. CTGAN refuses missing
values in numeric columns, so
there each is filled with its median and its missingness is one more
discrete column, turned back into missing values after sampling (the
encoding sklgan uses inside).

Printed (mean +- std over the splits):

- class fidelity: accuracy, on 200 generated rows per class, of a random
  forest trained on the real training rows (one-hot categories);
- TSTR: the same forest trained on as many generated rows as the training
  split (classes in training proportions), tested on the real test rows;
  TRTR beside it;
- quality: ``sklgan.metrics.tabular_quality_score`` of those generated rows
  against the real training rows, with its two parts (mean
  ``column_distances``, mean ``association_difference``), and SDMetrics'
  quality score where ``sdmetrics`` is installed;
- dtype round trip: share of columns generated with the training dtype;
  integral: share of generated values of integer columns that are integers;
  out of range: share of generated numeric values outside the training
  rows' range; unseen: share of categorical values not seen in training;
- loans only: share of exact zeros of ``n_late``, skew and maximum of
  ``amount`` (of its observed values), share of rows where the rule holds;
- tables with dates: the share of generated dates in whole days (as the
  real ones are), and whether the highest temperature follows the season
  (its correlation with the day's distance from mid-July, real about -0.8);
- tables with missing values: the share of missing values of each column
  that has some, and for loans-missing, the share of ``amount`` missing in
  the high-risk rows and of ``usage`` missing in the rows not employed;
- fit time.

    pip install ".[benchmarks]"
    python benchmarks/tabular.py                  # 3 splits, all three tables
    python benchmarks/tabular.py --splits 1 --tables loans --no-ctgan-long
    python benchmarks/tabular.py --tables loans-missing --no-ctgan-long
"""

import argparse
import time

import numpy as np
import pandas as pd
import torch
from scipy.stats import skew
from sklearn.compose import make_column_transformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

from sklgan import ConditionalGANSampler
from sklgan._tabular import (
    TabularTransformer,
    _decimals,
    _time_ns,
    _time_resolution,
    _time_seconds,
    categorical_mask,
)
from sklgan.datasets import make_mixed_table
from sklgan.metrics import association_difference, column_distances, tabular_quality_score


def load_penguins():
    from palmerpenguins import load_penguins as load

    df = load().dropna(subset=["bill_length_mm", "body_mass_g"]).reset_index(drop=True)
    for column in ("flipper_length_mm", "body_mass_g", "year"):
        df[column] = df[column].astype(np.int64)
    y = df.pop("species").to_numpy()
    return df, y


def load_loans_missing():
    """The loans table with values missing at random (given the class or
    another column) and completely at random."""
    X, y = make_mixed_table(2000, random_state=0)
    rng = np.random.RandomState(0)
    X["amount"] = X["amount"].mask(
        rng.uniform(size=len(X)) < np.where(y == "high", 0.4, 0.05))
    X["usage"] = X["usage"].mask(
        rng.uniform(size=len(X)) < np.where(X["employed"], 0.03, 0.3))
    X["age"] = X["age"].astype("Int64").mask(rng.uniform(size=len(X)) < 0.1)
    return X, y


def load_seattle():
    from vega_datasets import local_data

    X = local_data.seattle_weather()
    return X, X.pop("weather").to_numpy()


TABLES = {"penguins": load_penguins,
          "loans": lambda: make_mixed_table(2000, random_state=0),
          "loans-missing": load_loans_missing,
          "seattle": load_seattle}


def categorical_columns(X):
    """Names of the columns that the package reads as categorical
    (``categorical_features="from_dtype"``), for the peers' own arguments."""
    return list(X.columns[categorical_mask(X, "from_dtype")])


def as_strings(X, columns):
    """Categorical columns as strings (missing: "nan") for the judging
    forest, so that every method's output is read the same way; nullable
    numeric columns (pandas' NA) as floats with NaN, which it reads; dates
    as seconds."""
    X = X.copy()
    for c in X.columns:
        if c in columns:
            X[c] = X[c].astype(object).where(X[c].notna(), "nan").astype(str)
        elif X[c].dtype.kind in "mM":
            X[c] = _time_seconds(X[c])
        elif isinstance(X[c].dtype, pd.api.extensions.ExtensionDtype):
            X[c] = X[c].astype(np.float64)
    return X


def judge(columns):
    return make_pipeline(
        make_column_transformer(
            (OneHotEncoder(handle_unknown="ignore"), columns), remainder="passthrough"),
        RandomForestClassifier(n_estimators=200, random_state=0, n_jobs=1))


# -- the methods ----------------------------------------------------------
class Sklgan:
    def __init__(self, seed, **params):
        self.model = ConditionalGANSampler(random_state=seed, **params)

    def fit(self, X, y):
        self.model.fit(X, y)
        return self

    def sample(self, labels, seed):
        X, _ = self.model.sample(len(labels), y=labels, random_state=seed)
        return X


class CTGANMethod:
    def __init__(self, seed, epochs, eval_fix):
        self.seed, self.epochs, self.eval_fix = seed, epochs, eval_fix

    def fit(self, X, y, model=None):
        from ctgan import CTGAN

        self.columns = list(X.columns)
        self.dtypes = X.dtypes
        self.missing = [c for c in X.columns
                        if c not in categorical_columns(X) and X[c].isna().any()]
        # CTGAN reads no dates: seconds in, and back in the column's dtype,
        # rounded to its unit as sklgan's encoder rounds them
        self.times = {c: _time_resolution(_time_ns(X[c])[0]) for c in X.columns
                      if X[c].dtype.kind in "mM"}
        # and its floats are rounded to the decimals of the column, as
        # sklgan's encoder (and SDV's, around CTGAN) rounds them
        self.decimals = {c: _decimals(X[c].dropna().to_numpy(np.float64), X[c].dtype)
                         for c in X.columns if X[c].dtype.kind == "f"}
        if model is None:
            data = X.copy()
            for c in categorical_columns(X):  # CTGAN reads category as object
                if isinstance(data[c].dtype, pd.CategoricalDtype):
                    data[c] = data[c].astype(object)
            # CTGAN refuses missing values in numeric columns: each is filled
            # with its median, and whether it is missing becomes one more
            # discrete column, which sample() turns back into missing values
            # (the encoding sklgan uses inside)
            for c in self.missing:
                data[c + "__missing"] = data[c].isna()
                filled = data[c].astype(np.float64)
                filled = filled.fillna(filled.median())
                data[c] = (filled.round().astype(np.int64)
                           if X[c].dtype.kind in "iu" else filled)
            for c in self.times:
                data[c] = _time_seconds(X[c])
            data["__label"] = y
            model = CTGAN(epochs=self.epochs, verbose=False)
            model.set_random_state(self.seed)
            model.fit(data, discrete_columns=categorical_columns(X) + ["__label"]
                      + [c + "__missing" for c in self.missing])
        self.model = model
        return self

    def sample(self, labels, seed):
        self.model.set_random_state(seed)
        if self.eval_fix:
            self.model._generator.eval()
        else:
            self.model._generator.train()
        parts = []
        values, counts = np.unique(labels, return_counts=True)
        for value, count in zip(values, counts):
            rows = self.model.sample(int(count), condition_column="__label",
                                     condition_value=value)
            parts.append(rows.drop(columns="__label"))
        out = pd.concat(parts, ignore_index=True)
        for c in self.missing:
            out[c] = out[c].mask(out.pop(c + "__missing").astype(bool))
            out[c] = out[c].astype(self.dtypes[c])
        for c, unit in self.times.items():
            out[c] = TabularTransformer._time_values(
                out[c].to_numpy(np.float64), unit, self.dtypes[c])
        for c, decimals in self.decimals.items():
            if decimals is not None:
                out[c] = out[c].round(decimals)
        # rows in the order of labels (sorted by class, like np.unique)
        order = np.argsort(np.argsort(labels, kind="stable"), kind="stable")
        return out.iloc[order].reset_index(drop=True)[self.columns]


# -- measures -------------------------------------------------------------
def sdmetrics_quality(real, synthetic, cat_columns):
    """SDMetrics' quality score: the unified report of newer versions (the
    same score for one table), else the single-table report that they
    deprecate."""
    metadata = {"columns": {c: {"sdtype": "categorical" if c in cat_columns
                                else "numerical"} for c in real.columns}}
    real = as_strings(real, cat_columns)
    synthetic = as_strings(synthetic, cat_columns)
    try:
        from sdmetrics.reports import QualityReport
        data = ({"table": real}, {"table": synthetic},
                {"tables": {"table": metadata}})
    except ImportError:
        try:
            from sdmetrics.reports.single_table import QualityReport
        except ImportError:
            return np.nan
        data = (real, synthetic, metadata)
    report = QualityReport()
    report.generate(*data, verbose=False)
    return report.get_score()


def numbers(X, column):
    """A numeric column as float64, missing values (pandas' NA too) as NaN
    (values that are not numbers as NaN too)."""
    return pd.to_numeric(X[column], errors="coerce").astype(np.float64).to_numpy()


def measures(X_train, y_train, X_test, y_test, X_fid, y_fid, X_syn, y_syn, name):
    cats = categorical_columns(X_train)
    numeric = [c for c in X_train.columns if c not in cats]
    integer = [c for c in numeric if X_train[c].dtype.kind in "iu"]
    forest = judge(cats).fit(as_strings(X_train, cats), y_train)
    out = {"class fidelity (%)": 100 * forest.score(as_strings(X_fid, cats), y_fid),
           "TSTR accuracy (%)": 100 * judge(cats).fit(as_strings(X_syn, cats), y_syn)
           .score(as_strings(X_test, cats), y_test)}
    out["quality (sklgan.metrics)"] = tabular_quality_score(X_train, X_syn)
    out["  mean column distance"] = float(np.mean(column_distances(X_train, X_syn)))
    pairs = association_difference(X_train, X_syn)
    out["  mean association diff"] = float(np.nanmean(
        pairs[np.triu_indices(len(pairs), k=1)]))
    out["quality (SDMetrics)"] = sdmetrics_quality(X_train, X_syn, cats)
    same = [str(X_syn[c].dtype) == str(X_train[c].dtype) for c in X_train.columns]
    out["dtype round trip (%)"] = 100 * np.mean(same)
    values = [v[~np.isnan(v)] for v in (numbers(X_syn, c) for c in integer)]
    out["integral ints (%)"] = 100 * np.mean(np.concatenate(
        [v == np.round(v) for v in values])) if values else np.nan
    outside = [(numbers(X_syn, c) < numbers(X_train, c).min())
               | (numbers(X_syn, c) > numbers(X_train, c).max()) for c in numeric]
    out["out of range (%)"] = 100 * np.mean(np.concatenate(outside))
    unseen = [~X_syn[c].astype(object).isin(set(X_train[c].astype(object)))
              & X_syn[c].notna() for c in cats]
    out["unseen categories (%)"] = (100 * np.mean(np.concatenate(unseen))
                                    if unseen else np.nan)
    if name.startswith("loans"):
        late, accounts, amount = (numbers(X_syn, c)
                                  for c in ("n_late", "n_accounts", "amount"))
        out["n_late exact zeros (%)"] = 100 * np.mean(late == 0)
        out["n_late < 0 (%)"] = 100 * np.mean(late < 0)
        out["amount skew"] = float(skew(amount, nan_policy="omit"))
        out["amount max"] = float(np.nanmax(amount))
        out["rule n_late <= 2 n_accounts (%)"] = 100 * np.mean(late <= 2 * accounts)
    out.update(missing_shares(X_train, X_syn, y_syn, name))
    out.update(date_measures(X_syn))
    return out


def date_measures(X):
    """For a table with a ``date`` column (seattle): the share of dates in
    whole days, and the correlation of the highest temperature with the
    day's distance (in days of the year) from mid-July."""
    if "date" not in X.columns or X["date"].dtype.kind != "M":
        return {}
    date = X["date"]
    from_july = np.abs(date.dt.dayofyear.to_numpy() - 196)
    return {"dates in whole days (%)": 100 * np.mean(date == date.dt.normalize()),
            "temp_max ~ days from July (r)": float(np.corrcoef(
                from_july, numbers(X, "temp_max"))[0, 1])}


def missing_shares(X_train, X, y, name):
    """Shares of missing values (%) of the columns that miss some in
    ``X_train``, of ``X`` (classes ``y``)."""
    out = {f"{c} missing (%)": 100 * X[c].isna().mean()
           for c in X_train.columns if X_train[c].isna().any()}
    if name == "loans-missing":
        high = np.asarray(y) == "high"
        idle = X["employed"].astype(str).to_numpy() == "False"
        out["amount missing | high risk (%)"] = 100 * X["amount"][high].isna().mean()
        out["usage missing | not employed (%)"] = 100 * X["usage"][idle].isna().mean()
    return out


def real_reference(X_train, y_train, X_test, y_test, name):
    cats = categorical_columns(X_train)
    out = {"TSTR accuracy (%)": 100 * judge(cats).fit(as_strings(X_train, cats), y_train)
           .score(as_strings(X_test, cats), y_test)}
    if name.startswith("loans"):
        out["n_late exact zeros (%)"] = 100 * np.mean(X_train.n_late == 0)
        out["amount skew"] = float(skew(X_train.amount.dropna()))
        out["amount max"] = float(X_train.amount.max())
    out.update(missing_shares(X_train, X_train, y_train, name))
    out.update(date_measures(X_train))
    return out


def run_table(name, splits, methods_wanted, out_lines):
    X, y = TABLES[name]()
    results = {}
    for split in range(splits):
        X_train, X_test, y_train, y_test = train_test_split(
            X, y, test_size=0.25, stratify=y, random_state=split)
        X_train, X_test = X_train.reset_index(drop=True), X_test.reset_index(drop=True)
        classes = np.unique(y_train)
        y_fid = np.repeat(classes, 200)
        rng = np.random.RandomState(split)
        y_syn = rng.permutation(y_train)
        results.setdefault("real data", []).append(
            real_reference(X_train, y_train, X_test, y_test, name))
        ctgan_fits = {}
        for method in methods_wanted:
            start = time.perf_counter()
            if method.startswith("sklgan"):
                params = {"numeric_transform": method.split()[1]}
                model = Sklgan(split, **params).fit(X_train, y_train)
                fit_time = time.perf_counter() - start
            else:
                epochs = 1500 if "1500" in method else 300
                model = CTGANMethod(split, epochs, eval_fix="eval" in method)
                if epochs in ctgan_fits:  # the same fit, sampled the other way
                    model.fit(X_train, y_train, model=ctgan_fits[epochs][0])
                    fit_time = ctgan_fits[epochs][1]
                else:
                    model.fit(X_train, y_train)
                    fit_time = time.perf_counter() - start
                    ctgan_fits[epochs] = (model.model, fit_time)
            X_fid = model.sample(y_fid, seed=1000 + split)
            X_syn = model.sample(y_syn, seed=2000 + split)
            row = measures(X_train, y_train, X_test, y_test, X_fid, y_fid, X_syn,
                           y_syn, name)
            row["fit (s)"] = fit_time
            results.setdefault(method, []).append(row)
            print(f"  {name} split {split}: {method} done ({fit_time:.1f} s)",
                  flush=True)
    n_train = len(X) - int(np.ceil(0.25 * len(X)))
    out_lines.append(f"\n{name} ({n_train} training rows, {X.shape[1]} columns: "
                     f"{', '.join(f'{c} {X[c].dtype}' for c in X.columns)}), "
                     f"{splits} splits")
    names = list(results)
    keys = []
    for rows in results.values():
        for key in rows[0]:
            if key not in keys:
                keys.append(key)
    widths = [max(16, len(n) + 2) for n in names]
    out_lines.append(" " * 33 + "".join(f"{n:>{w}}" for n, w in zip(names, widths)))
    for key in keys:
        cells = []
        for n, w in zip(names, widths):
            values = [r[key] for r in results[n] if key in r]
            values = [v for v in values if v == v]
            if not values:
                cells.append(" " * w)
                continue
            mean, std = np.mean(values), np.std(values)
            digits = 3 if any(w in key for w in ("quality", "diff", "distance", "(r)")) \
                else 1
            if key == "amount max":
                digits = 0
            cells.append(f"{mean:.{digits}f} +- {std:.{digits}f}".rjust(w))
        out_lines.append(f"{key:<33}" + "".join(cells))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--splits", type=int, default=3)
    parser.add_argument("--tables", nargs="+", default=list(TABLES), choices=TABLES)
    parser.add_argument("--no-ctgan-long", action="store_true",
                        help="skip CTGAN at 1,500 epochs")
    parser.add_argument("--no-ctgan", action="store_true")
    args = parser.parse_args(argv)
    torch.set_num_threads(2)
    methods = ["sklgan quantile", "sklgan range", "sklgan mode"]
    if not args.no_ctgan:
        methods += ["CTGAN", "CTGAN eval"]
        if not args.no_ctgan_long:
            methods += ["CTGAN-1500 eval"]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; "
          f"mean +- std over {args.splits} stratified 75/25 splits", flush=True)
    lines = []
    for name in args.tables:
        run_table(name, args.splits, methods, lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
