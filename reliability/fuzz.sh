#!/usr/bin/env bash
# Builds exp's coverage-guided fuzz targets (libFuzzer + AddressSanitizer) and runs each one.
#
#   bash reliability/fuzz.sh [SECONDS] [TARGET...]
#
#   SECONDS  how long each target runs (default 600; CI uses 20)
#   TARGET   data | spec | bundle | http (default: all four)
#
# Environment:
#   EXP_FUZZ_JOBS=2         run two targets at a time (default 1)
#   EXP_FUZZ_BUILD=DIR      build and working-corpus directory (default .build-fuzz)
#   EXP_FUZZ_YAMS=DIR       a checkout of jpsim/Yams (default: found under .build*/checkouts,
#                           else `swift package resolve` fetches it)
#
# The targets are compiled straight from the library sources with swiftc (they are not package
# products, so `swift build` and `swift test` never see them):
#
#   data    CSVReader / ARFFReader → DataLoader (table decoder, labels) → DataQualityReport
#   spec    SweepSpec.parse (Yams + every key check) → validate → materializeTrials
#   bundle  BundleReader.read (gzip limits, ustar, checksums, members) → one prediction; and each
#           member decoder on its own (model.json, scaler.json, manifest.json, …)
#   http    PredictionService.handle: routing, headers, the JSON body parser, scoring, responses
#
# Seeds: reliability/corpus/TARGET (kept in git). New inputs libFuzzer finds go to
# $EXP_FUZZ_BUILD/corpus/TARGET. A crash, a sanitizer report, a timeout (10 s) or an
# out-of-memory (2 GB) is written to reliability/crashes/TARGET/ and the script exits 1; every
# file there is replayed by `swift test --filter FuzzRegressionTests`.
#
# Needs: the Swift toolchain (swiftc, clang and libFuzzer ship with it) and zlib1g-dev.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${1:-600}
if [ $# -gt 0 ]; then shift; fi
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then TARGETS=(data spec bundle http); fi
JOBS=${EXP_FUZZ_JOBS:-1}
OUT=${EXP_FUZZ_BUILD:-.build-fuzz}
ROOT=$(pwd)

for t in "${TARGETS[@]}"; do
  case "$t" in data | spec | bundle | http) ;; *) echo "unknown target '$t' (data, spec, bundle, http)" >&2; exit 64 ;; esac
done
if ! [[ "$SECONDS_PER_TARGET" =~ ^[0-9]+$ ]]; then echo "SECONDS must be a whole number" >&2; exit 64; fi

mkdir -p "$OUT"/{modules,lib,bin,obj,logs}
MODULES="$OUT/modules"
LIB="$OUT/lib"
SAN=(-sanitize=fuzzer,address)
# -package-name: the libraries share `package` declarations (ExpDomain), as SwiftPM compiles them.
SWIFT_FLAGS=(-O -parse-as-library -swift-version 6 -package-name exp -I "$MODULES" "${SAN[@]}")

log() { printf '%s\n' "$*" >&2; }

# A static library and module from Swift sources: lib NAME SOURCES... [-- EXTRA FLAGS...]
swift_library() {
  local name=$1; shift
  local sources=() extra=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do sources+=("$1"); shift; done
  if [ $# -gt 0 ]; then shift; extra=("$@"); fi
  local stamp="$OUT/obj/$name.stamp" newest
  newest=$(ls -t "${sources[@]}" "$0" | head -1)
  if [ -f "$stamp" ] && [ -f "$LIB/lib$name.a" ] && [ "$stamp" -nt "$newest" ]; then return; fi
  log "building $name (${#sources[@]} files)"
  swiftc "${SWIFT_FLAGS[@]}" "${extra[@]}" -module-name "$name" -emit-module \
    -emit-module-path "$MODULES/$name.swiftmodule" -emit-library -static -o "$LIB/lib$name.a" "${sources[@]}"
  touch "$stamp"
}

find_sources() { find "$@" -name '*.swift' | LC_ALL=C sort; }

# --- Yams (for the spec parser) -------------------------------------------------------------
YAMS=${EXP_FUZZ_YAMS:-}
if [ -z "$YAMS" ]; then
  for candidate in .build/checkouts/Yams .build-*/checkouts/Yams; do
    if [ -f "$candidate/Sources/Yams/Node.swift" ]; then YAMS=$candidate; break; fi
  done
fi
if [ -z "$YAMS" ]; then
  log "resolving packages to get Yams' sources"
  swift package resolve >&2
  YAMS=.build/checkouts/Yams
fi
YAMS=$(cd "$YAMS" && pwd)

build_cyaml() {
  local stamp="$OUT/obj/CYaml.stamp"
  if [ -f "$stamp" ] && [ -f "$LIB/libCYaml.a" ]; then return; fi
  log "building CYaml"
  mkdir -p "$OUT/obj/CYaml"
  for c in "$YAMS"/Sources/CYaml/src/*.c; do
    clang -O1 -g -fsanitize=fuzzer-no-link,address -DYAML_DECLARE_STATIC -I "$YAMS/Sources/CYaml/include" \
      -c "$c" -o "$OUT/obj/CYaml/$(basename "$c" .c).o"
  done
  rm -f "$LIB/libCYaml.a"
  ar rcs "$LIB/libCYaml.a" "$OUT"/obj/CYaml/*.o
  touch "$stamp"
}

# --- Libraries ------------------------------------------------------------------------------
mapfile -t CORE < <(find_sources Sources/ExpCore)
swift_library ExpCore "${CORE[@]}"
mapfile -t DOMAIN < <(find_sources Sources/ExpDomain)
swift_library ExpDomain "${DOMAIN[@]}"

needs() { for t in "${TARGETS[@]}"; do for want in "$@"; do [ "$t" = "$want" ] && return 0; done; done; return 1; }

if needs data spec http; then
  mapfile -t DATA < <(find_sources Sources/ExpData)
  swift_library ExpData "${DATA[@]}"
fi
if needs spec; then
  build_cyaml
  mapfile -t YAMS_SOURCES < <(find_sources "$YAMS/Sources/Yams")
  swift_library Yams "${YAMS_SOURCES[@]}" -- -swift-version 5 -D SWIFT_PACKAGE -I "$YAMS/Sources/CYaml/include" -Xcc -DYAML_DECLARE_STATIC
  mapfile -t RUNNER < <(find_sources Sources/ExpRunner)
  swift_library ExpRunner "${RUNNER[@]}" -- -I "$YAMS/Sources/CYaml/include" -Xcc -DYAML_DECLARE_STATIC
fi
if needs bundle; then
  mapfile -t BUNDLE < <(find_sources Sources/ExpBundle)
  swift_library ExpBundle "${BUNDLE[@]}" -- -enable-testing -I Sources/CZlib
fi
if needs http; then
  # The request handling only: leave out the files that need Hummingbird / SwiftNIO.
  mapfile -t SERVER < <(find_sources Sources/ExpServer | while read -r f; do
    grep -Eq '^(public |@preconcurrency )?import (Hummingbird|HummingbirdCore|NIO[A-Za-z]*|HTTPTypes|Logging|ServiceLifecycle|UnixSignals)$' "$f" || echo "$f"
  done)
  swift_library ExpServer "${SERVER[@]}" -- -enable-testing
fi

# --- Fuzz executables -----------------------------------------------------------------------
link_target() {
  local target=$1 harness=$2; shift 2
  local exe="$OUT/bin/fuzz-$target"
  local newest
  newest=$(ls -t "$harness" "$LIB"/*.a | head -1)
  if [ -x "$exe" ] && [ "$exe" -nt "$newest" ]; then return; fi
  log "linking fuzz-$target"
  # The gold linker warns about every ASan helper symbol; keep that out of the way.
  if ! swiftc "${SWIFT_FLAGS[@]}" "$@" -module-name "Fuzz_$target" "$harness" -L "$LIB" -o "$exe" \
      >"$OUT/logs/link-$target.log" 2>&1; then
    grep -v "Cannot export local symbol" "$OUT/logs/link-$target.log" >&2
    exit 1
  fi
}

for t in "${TARGETS[@]}"; do
  case "$t" in
    data) link_target data reliability/fuzz/FuzzData.swift -lExpData -lExpDomain -lExpCore ;;
    spec) link_target spec reliability/fuzz/FuzzSpec.swift -I "$YAMS/Sources/CYaml/include" -Xcc -DYAML_DECLARE_STATIC \
            -lExpRunner -lExpData -lYams -lCYaml -lExpDomain -lExpCore ;;
    bundle) link_target bundle reliability/fuzz/FuzzBundle.swift -I Sources/CZlib -lExpBundle -lExpDomain -lExpCore -lz ;;
    http) link_target http reliability/fuzz/FuzzHTTP.swift -lExpServer -lExpData -lExpDomain -lExpCore ;;
  esac
done

# --- Running --------------------------------------------------------------------------------
run_target() {
  local t=$1
  mkdir -p "$OUT/corpus/$t" "reliability/crashes/$t"
  local logfile="$OUT/logs/$t.log"
  log "fuzzing $t for ${SECONDS_PER_TARGET}s (log: $logfile)"
  # -detect_leaks=0: the Swift runtime's caches look like leaks to LeakSanitizer.
  set +e
  ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 "$OUT/bin/fuzz-$t" "$OUT/corpus/$t" "reliability/corpus/$t" \
    -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="$ROOT/reliability/crashes/$t/" >"$logfile" 2>&1
  local status=$?
  set -e
  echo "$status" >"$OUT/logs/$t.status"
}

pids=()
for t in "${TARGETS[@]}"; do
  run_target "$t" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$JOBS" ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
for pid in "${pids[@]}"; do wait "$pid"; done

failed=0
printf '\n%-8s %8s %14s %10s %s\n' target seconds executions exec/s result
for t in "${TARGETS[@]}"; do
  logfile="$OUT/logs/$t.log"
  execs=$(grep -E '^stat::number_of_executed_units' "$logfile" | awk '{print $2}' | tail -1)
  rate=$(grep -E '^stat::average_exec_per_sec' "$logfile" | awk '{print $2}' | tail -1)
  status=$(cat "$OUT/logs/$t.status")
  result=ok
  if [ "$status" != 0 ]; then
    result="FAILED (exit $status; see $logfile and reliability/crashes/$t/)"
    failed=1
  fi
  printf '%-8s %8s %14s %10s %s\n' "$t" "$SECONDS_PER_TARGET" "${execs:-?}" "${rate:-?}" "$result"
done
exit $failed
