#!/usr/bin/env bash
# Seeds each fuzz target's corpus from tests/fixtures and the saved regressions,
# then runs the targets one after another for SECONDS each (default 600) and
# prints one line per target. Usage: fuzz/run.sh [SECONDS] [TARGET...]
# Works on a stable toolchain (RUSTC_BOOTSTRAP); SANITIZER=none skips ASan.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-600}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(query txt md html json ndjson feed)
sanitizer=${SANITIZER:-address}
fixtures=../tests/fixtures
export RUSTC_BOOTSTRAP=1

# Copies files into corpus/TARGET, named after their folder so names never clash.
seed() {
  local target=$1 file
  shift
  mkdir -p "corpus/$target"
  for file in "$@"; do
    [ -f "$file" ] && cp "$file" "corpus/$target/$(basename "$(dirname "$file")")-$(basename "$file")"
  done
  return 0
}

seed txt "$fixtures"/text/*.txt ../corpus/*.txt
seed md "$fixtures"/markdown/*.md
seed html "$fixtures"/html/*.html
seed json "$fixtures"/json/*.json
seed ndjson "$fixtures"/json/*.ndjson "$fixtures"/json/*.jsonl
seed feed "$fixtures"/feeds/*
mkdir -p corpus/query
n=0
for query in 'nvidia h100' '"exact phrase"' 'nvidia OR amd' 'nvidia -intel' '(nvidia OR amd) chips' \
  'title:meta' 'source:"Al Jazeera"' 'lang:de' 'nvid*' 'date:[2023-01-01 TO 2023-12-31]' \
  'date:>2023-06-01' 'date:2023-09' '*' 'zuckerbrg' 'cafe prices' 'author:smith body:market'; do
  printf '%s' "$query" > "corpus/query/readme-$n"
  n=$((n + 1))
done
for target in "${targets[@]}"; do
  seed "$target" ../tests/fuzz_regressions/"$target"/*
done

nice -n 19 cargo fuzz build --debug-assertions -s "$sanitizer" >/dev/null
mkdir -p logs
for target in "${targets[@]}"; do
  mkdir -p "artifacts/$target"
  before=$(ls "artifacts/$target")
  log=logs/$target.log
  start=$SECONDS
  nice -n 19 cargo fuzz run --debug-assertions -s "$sanitizer" "$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -dict="dict/$target.dict" >"$log" 2>&1 || true
  found=$(comm -13 <(echo "$before") <(ls "artifacts/$target"))
  count() { grep -cE "^($1)-" <<<"$found" || true; }
  execs=$(grep -o 'number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo '?')
  rate=$(grep -o 'average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo '?')
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 || echo 'cov: ?')
  # Fuzzing time as libFuzzer counts it (the build before it excluded).
  ran=$(grep -o 'runs in [0-9]* second' "$log" | grep -o '[0-9]*' || echo $((SECONDS - start)))
  printf '%-7s %5ss %10s execs %6s/s  %-22s crashes %s  timeouts %s  ooms %s  (%s)\n' \
    "$target" "$ran" "$execs" "$rate" "$cov" \
    "$(count "crash|leak|deadly")" "$(count timeout)" "$(count oom)" "fuzz/$log"
  for file in $found; do echo "        new: fuzz/artifacts/$target/$file"; done
done
