#!/usr/bin/env bash
# Similarity search and code speed, standalone (scripts/bench.sh calls it last): builds the benchmark project
# (tests/DigitalCollections.Benchmarks) in Release and runs it. No node, API or database: it measures the
# in-memory SimilarityIndex and the ISCC code computations directly, and prints a Markdown table of the figures
# next to issue 13's targets. Exits non-zero only on errors (a missed target is not one).
#   1. SimilarityIndex at BENCH_SIM_CODES random 64-bit codes (a near neighbour planted for every query): load time,
#      MemoryBytes and managed heap growth; lookup p50/p99/max for one whole-image code (12 bits) and for
#      BENCH_SIM_REGIONS region codes (2 bits); the same with BENCH_SIM_READERS readers while a writer appends;
#      one Image-Code among variant codes (BENCH_SIM_VARIANTS a work, 10 bits: a copy that is a crop of a registered image);
#   2. Image-Code of a photo-like 4000 × 3000 JPEG drawn at run time (first run and warm median), Data-Code and
#      Instance-Code throughput over random bytes in 80 KiB pieces, Text-Code of a 1 MiB text.
#
#   BENCH_SIM_PART (all)            all | similarity | codes
#   BENCH_SIM_CODES (1000000)       codes in each index          BENCH_SIM_QUERIES (2000)     timed lookups per figure
#   BENCH_SIM_REGIONS (16)          region codes a work holds and a query asks with
#   BENCH_SIM_VARIANTS (17)         variant codes an image work holds
#   BENCH_SIM_READERS (2)           concurrent readers           BENCH_SIM_WRITE_RATE (20000) codes/s the writer appends (0: flat out)
#   BENCH_SIM_DATA_MB (256)         MiB through the Data- and Instance-Code hashers
#   BENCH_SIM_WARM_RUNS (10)        warm runs of the Image- and Text-Code (median reported)
#   BENCH_SIM_SKIP_DOTNET_BUILD (0) 1: use the existing Release build
#   BENCH_SIM_RESULT_FILE           also write the table there
set -euo pipefail
source "$(dirname "$0")/lib.sh"

PART="${BENCH_SIM_PART:-all}"
[[ "$PART" =~ ^(all|similarity|codes)$ ]] || { log "BENCH_SIM_PART must be all, similarity or codes"; exit 2; }

command -v dotnet >/dev/null || { log ".NET 10 SDK is required (dotnet not found)"; exit 1; }
PROJECT="$ROOT/tests/DigitalCollections.Benchmarks"
if [ "${BENCH_SIM_SKIP_DOTNET_BUILD:-0}" != 1 ]; then
  log "dotnet build -c Release tests/DigitalCollections.Benchmarks"
  (cd "$ROOT" && dotnet build -c Release "$PROJECT" -nologo -v q -clp:ErrorsOnly) >&2
fi
DLL="$PROJECT/bin/Release/net10.0/DigitalCollections.Benchmarks.dll"
[ -f "$DLL" ] || { log "no Release build at $DLL"; exit 1; }

log "running ($PART; BENCH_SIM_CODES=${BENCH_SIM_CODES:-1000000}, BENCH_SIM_QUERIES=${BENCH_SIM_QUERIES:-2000}; about 1 minute)"
if [ -n "${BENCH_SIM_RESULT_FILE:-}" ]; then
  dotnet "$DLL" "$PART" | tee "$BENCH_SIM_RESULT_FILE"
else
  dotnet "$DLL" "$PART"
fi
