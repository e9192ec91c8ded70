#!/usr/bin/env bash
# Lists the functions a short-lived `search` runs, in the order the linker is
# to lay them out: src/bin/search/hot-functions.txt, which build.rs passes to
# lld (BENCHMARKS.md, "Hot functions together").
#
#   scripts/hot-functions.sh [--source DIR] [--work DIR]
#
# Options:
#   --source DIR  the news the corpus generator resamples (default the
#                 bundled corpus/; scripts/fetch-news-corpus.sh's real news
#                 gives queries closer to a user's)
#   --work DIR    the corpus and its index (default target/hot-functions)
#
# Builds the release binary and the corpus generator, writes a 30 MB corpus,
# indexes it, and runs `search --version` and the benchmark's six kinds of
# query (the generator's queries.json), as text and as JSON, under valgrind's
# callgrind with names left mangled. The binary's functions any run
# executed are the list, sorted by name: the linker lays them out in that
# order, together, and a new list differs from the old by what changed.
#
# Run it again after a toolchain update (names carry the compiler's hashes)
# or a change to what a query runs. The linker passes over names the build
# does not hold, so a stale list costs speed, never a build. Needs valgrind
# and python3.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
source_dir=$root/corpus
work=$root/target/hot-functions
while [ $# -gt 0 ]; do
  case $1 in
    --source) source_dir=$2; shift ;;
    --work) work=$2; shift ;;
    -h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "hot-functions.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for tool in valgrind python3; do
  command -v "$tool" >/dev/null || { echo "hot-functions.sh: needs $tool" >&2; exit 2; }
done

# The binary alone, as `cargo run --release` and `cargo install` build it:
# built with the example, dependencies would take the features of the
# development ones, and the names their hashes.
(cd "$root" && cargo build --release --locked --quiet --example gen_corpus &&
  cargo build --release --locked --quiet --bin search)
search=$root/target/release/search
rm -rf "$work"
mkdir -p "$work/profiles"
"$root/target/release/examples/gen_corpus" --size 30M --seed 1 --source "$source_dir" --no-ndjson \
  "$work/corpus" >/dev/null
"$search" --index "$work/index" index --quiet "$work/corpus"

word() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$work/corpus/queries.json" "$1"; }
runs=(--version)
phrase="\"$(word phrase)\""
for q in "$(word rare)" "$(word common)" "$(word two_words)" "$phrase" "$(word three_words)" "$(word typo)"; do
  runs+=("query $(printf %q "$q")")
done
runs+=("query --json $(printf %q "$(word rare)")" "query --json $(printf %q "$phrase")")
n=0
for run in "${runs[@]}"; do
  n=$((n + 1))
  eval "valgrind --tool=callgrind --demangle=no --callgrind-out-file=$work/profiles/$n.out \
    $search --index $work/index --color never $run" >/dev/null 2>&1
done

python3 - "$search" "$work"/profiles/*.out >"$root/src/bin/search/hot-functions.txt" <<'PY'
# callgrind names each object and function once, "fn=(7) name", then by its
# number alone; "cob="/"cfn=" name callees the same way.
import re, sys
binary, profiles = sys.argv[1], sys.argv[2:]
line_re = re.compile(r"(c?ob|c?fn)=\((\d+)\)(?: (.*))?$")
seen = set()
for profile in profiles:
    objects, functions, current = {}, {}, None
    for line in open(profile, errors="replace"):
        m = line_re.match(line.rstrip("\n"))
        if not m:
            continue
        kind, number, name = m.groups()
        table = objects if kind.endswith("ob") else functions
        if name is not None:
            table[number] = name
        if kind == "ob":
            current = objects.get(number)
        elif kind == "fn" and current == binary:
            # "'2" marks a recursive call's cost, not another function.
            name = re.sub(r"'\d+$", "", functions.get(number, ""))
            if name and not name.startswith(("0x", "(")):
                seen.add(name)
print("\n".join(sorted(seen)))
PY
echo "$(wc -l <"$root/src/bin/search/hot-functions.txt") functions in src/bin/search/hot-functions.txt"
