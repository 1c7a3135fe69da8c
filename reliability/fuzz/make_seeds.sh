#!/usr/bin/env bash
# Regenerates the seed corpora in reliability/corpus/ (they are kept in git; run this only to
# refresh them). Needs a built exp (EXP=path, default .build/debug/exp), gzip and tar.
#
# Each target's input format is described in its harness (reliability/fuzz/Fuzz*.swift): data
# seeds start with a selector byte (0 CSV, 2 CSV with positive class 1, 1 ARFF), bundle seeds
# with a mode byte (0 .tar.gz, 1 tar, 2 model.json, 3 scaler.json, 4 manifest.json,
# 5 features.json, 6 holdout.csv, 7 imputer.json), http seeds with a route byte and a header
# byte.
set -euo pipefail
cd "$(dirname "$0")/../.."
EXP=${EXP:-.build/debug/exp}
CORPUS=reliability/corpus
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
rm -rf "$CORPUS"/{data,spec,bundle,http}
mkdir -p "$CORPUS"/{data,spec,bundle,http}

seed() { # seed TARGET NAME PREFIX-BYTE-OCTAL FILE|-
  local target=$1 name=$2 prefix=$3 file=$4
  { printf "\\$prefix"; cat "$file"; } >"$CORPUS/$target/$name"
}
text() { # text TARGET NAME PREFIX-OCTAL TEXT
  printf '%b' "$4" >"$WORK/t"
  seed "$1" "$2" "$3" "$WORK/t"
}

# --- data ---
text data csv-basic 000 'a,b,y\n1,2,0\n3,4,1\n5,6,0\n'
text data csv-quoted 000 '"a","b, ""c""\nd",y\r\n"1.5",2,0\r\n3,"4",1\r\n'
text data csv-missing 002 'x,z,label\nNaN,2,0\n3,NA,1\n?,,0\n1e308,-4.9e-324,1\n'
text data csv-bom 000 '\xef\xbb\xbfa,b,y\n1,2,yes\n3,4,no\n'
"$EXP" data synth --out "$WORK/synth.csv" --rows 12 --seed 3 >/dev/null 2>&1
# The harness takes the last column as the label: move Bankrupt? (the first) to the end.
awk -F, -v OFS=, '{ first = $1; for (i = 1; i < NF; i++) $i = $(i + 1); $NF = first; print }' "$WORK/synth.csv" >"$WORK/label-last.csv"
seed data csv-synthetic 000 "$WORK/label-last.csv"
text data arff-basic 001 '@relation r\n@attribute a numeric\n@attribute b real\n@attribute class {0,1}\n@data\n1,2,0\n3,?,1\n'
text data arff-quoted 001 "% comment\n@RELATION 'r x'\n@ATTRIBUTE 'a b' NUMERIC\n@attribute \"c\" integer\n@attribute class {'no way',yes}\n@DATA\n1, 2, 'no way'\n3,4,yes\n"
text data arff-crlf 001 '@relation r\r\n@attribute a numeric\r\n@attribute class {no,yes}\r\n@data\r\n1,no\r\n2,yes\r\n'

# --- spec ---
for f in experiments/*.yaml; do cp "$f" "$CORPUS/spec/$(basename "$f")"; done
printf 'name: grid\ndata:\n  path: builtin:bankruptcy?rows=300\n  holdout: 0.1\nseed: 7\ncv:\n  folds: 3\nmetric: average_precision\nthreshold: 0.4\nsearch:\n  method: grid\n  parameters:\n    hidden_layers: [[8], [16, 8], 4]\n    k_best: [5, all]\n    alpha: [0.0001, 1e-2]\nmodel:\n  max_iter: 5\n  resampling: smote-tomek\n  k_neighbors: 3\n  early_stopping: true\n  early_stopping_metric: log_loss\n' >"$CORPUS/spec/grid.yaml"
printf 'name: random\ndata:\n  path: data/x.csv\n  label: "Bankrupt?"\n  positive: "1"\nsearch:\n  method: random\n  trials: 5\n  parameters:\n    alpha: {min: 0.00001, max: 1, log: true}\n    k_best: {min: 5, max: 95}\n    activation: [relu, tanh]\n    batch_size: [auto, 64]\nmodel:\n  dtype: float32\n  kernel: fused\n' >"$CORPUS/spec/random.yaml"
printf 'name: anchors\ndata: &d\n  path: builtin:bankruptcy\nsearch:\n  parameters:\n    hidden_layers: &h [[8], [16]]\n' >"$CORPUS/spec/anchors.yaml"

# --- bundle: a small real bundle, its tar, and each member ---
printf 'name: seed\ndata:\n  path: builtin:bankruptcy?rows=300\n  holdout: 0.1\nseed: 5\ncv:\n  folds: 3\nmodel:\n  hidden_layers: [3]\n  k_best: 3\n  max_iter: 5\n  resampling: smote\n' >"$WORK/b.yaml"
"$EXP" sweep "$WORK/b.yaml" --store "$WORK/b.sqlite" --workers 1 >/dev/null 2>&1
"$EXP" promote --best --name seed --artifacts "$WORK/art" --store "$WORK/b.sqlite" >/dev/null 2>&1
seed bundle bundle.tar.gz 000 "$WORK/art/seed-v1.tar.gz"
gzip -dc "$WORK/art/seed-v1.tar.gz" >"$WORK/b.tar"
seed bundle bundle.tar 001 "$WORK/b.tar"
mkdir -p "$WORK/m"
tar -xf "$WORK/b.tar" -C "$WORK/m"
seed bundle model.json 002 "$WORK/m/model.json"
seed bundle scaler.json 003 "$WORK/m/scaler.json"
seed bundle manifest.json 004 "$WORK/m/manifest.json"
seed bundle features.json 005 "$WORK/m/features.json"
seed bundle holdout.csv 006 "$WORK/m/holdout.csv"
text bundle imputer.json 007 '{\n  "empty_features" : [\n    2\n  ],\n  "statistics" : [\n    0.5,\n    12,\n    0\n  ],\n  "strategy" : "median"\n}\n'

# --- http: route byte (bits 0-2 path, 0x40 with bit 3-4 method), header byte (0: token, JSON) ---
text http predict-data 000 '{"data": [10, 3, -7, 6]}'
text http predict-selected 000 '{"data": [3, 6]}'
text http predict-features 000 '{"features": {"x3": 6, "x0": 10, "x2": -7, "x1": 3}}'
text http batch-split 001 '{"columns": ["x3", "x1", "x0", "x2"], "data": [[6, 3, 99, 1], [1, 2, 3, 4]]}'
text http batch-instances 001 '{"instances": [[10, 3, -7, 6], [0, 1, 0, 2]]}'
text http batch-records 002 '[{"x0": 1, "x1": 2, "x2": 3, "x3": 4}]'
text http batch-numbers 001 '{"instances": [[1e999, -0.0, 1.5e-300, NaN]], "extra": null, "s": "\\u00e9\\ud83d\\ude00"}'
printf '\000\240{"data": [1, 2, 3, 4]}' >"$CORPUS/http/predict-origin-length"
printf '\103\000' >"$CORPUS/http/health"
printf '\104\000' >"$CORPUS/http/model"
printf '\105\000' >"$CORPUS/http/metrics"
printf '\020\040{}' >"$CORPUS/http/options"

ls -la "$CORPUS"/*
