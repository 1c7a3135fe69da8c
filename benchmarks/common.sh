# Sourced by the benchmark scripts (from the repository root): the scikit-learn side's virtual
# environment and the shared reference data.

venv=.venv-bench
data=../shared/data/taiwan_bankruptcy.csv

# Creates .venv-bench with scikit-learn, imbalanced-learn and pandas on first use.
ensure_venv() {
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import sklearn, imblearn, pandas" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet scikit-learn imbalanced-learn pandas
  fi
}

# Exits 0 with a note when the reference data is absent (it lives next to the repository).
require_reference_data() {
  if [ ! -f "$data" ]; then echo "skipped: $data is absent (the reference data lives next to the repository)"; exit 0; fi
}
