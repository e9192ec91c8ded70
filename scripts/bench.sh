#!/usr/bin/env bash
# Benchmarks news-search against its peers on a generated news corpus, all in
# one run on one machine, and writes the tables into BENCHMARKS.md.
#
#   scripts/bench.sh            corpora of 1G and 3G; peers at 1G (about 15 GB of disk)
#   scripts/bench.sh --quick    corpora of 50M and 150M; peers at 50M: a few minutes
#
# Options:
#   --work DIR      corpora, peers, indexes and raw results (default target/bench;
#                   corpora are cached by size, seed, source and generator code)
#   --seed N        the corpus generator's seed (default 1)
#   --runs N        timed runs per query (default 30; 20 with --quick)
#   --sizes "A B"   corpus sizes instead of the defaults: news-search indexes and
#                   queries each one, and the report compares each to the peers' size
#   --peers-at SIZE the size the peers and the re-index run at (default 1G when
#                   --sizes holds it, else the first size): `--sizes "1G 3G 10G"
#                   --peers-at 1G` grows ours to 10G with the peers at 1G only
#   --skip "P Q"    peers to leave out (rg fts5 xapian tantivy), noted in the report
#   --fresh-peers   build the peers' indexes again instead of taking them from
#                   the cache (kept per corpus and peer version under --work)
#
# Every timed step (index, re-index, query) first reads every file the tool
# will read, its input and its index, with one function (warm), for every tool
# alike: idle file cache is paged out within seconds on some machines.
# Run it on a quiet machine: anything else running skews the figures.
#
# Peers, installed with the ordinary package clients and skipped with a note
# when they cannot be had: ripgrep, SQLite FTS5 (Python's sqlite3,
# scripts/bench_fts5.py), Xapian (omindex and quest), tantivy-cli. Needs cargo,
# python3, and apt-get (as root or through sudo) for what is not installed yet.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
command_line="scripts/bench.sh$(printf ' %q' "$@")"
quick=0
work=$root/target/bench
seed=1
runs=
sizes=
peer_size=
skip=
fresh_peers=0
while [ $# -gt 0 ]; do
  case $1 in
    --quick) quick=1 ;;
    --work) work=$2; shift ;;
    --seed) seed=$2; shift ;;
    --runs) runs=$2; shift ;;
    --sizes) sizes=$2; shift ;;
    --peers-at) peer_size=$2; shift ;;
    --fresh-peers) fresh_peers=1 ;;
    --skip) skip=" $2 "; shift ;;
    -h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
if [ "$quick" = 1 ]; then
  sizes=${sizes:-50M 150M}
  runs=${runs:-20}
  label=quick
else
  sizes=${sizes:-1G 3G}
  runs=${runs:-30}
  label=full
fi
read -r -a sizes <<<"$sizes"
if [ -z "$peer_size" ]; then
  peer_size=${sizes[0]}
  case " ${sizes[*]} " in *" 1G "*) peer_size=1G ;; esac
fi
case " ${sizes[*]} " in
  *" $peer_size "*) ;;
  *) echo "bench.sh: --peers-at $peer_size is not one of --sizes \"${sizes[*]}\"" >&2; exit 2 ;;
esac
mkdir -p "$work"
work=$(cd "$work" && pwd)
run=$work/run-$label
rm -rf "$run"
mkdir -p "$run"
results=$run/results.tsv
: >"$results"
started=$(date +%s)
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

say() { printf 'bench: %s\n' "$*" >&2; }
note() { say "$*"; printf 'note\t%s\n' "$*" >>"$results"; }
record() { (IFS=$'\t'; printf '%s\n' "$*") >>"$results"; }
have() { command -v "$1" >/dev/null 2>&1; }
skipped() { # skipped PEER: true (with a note) when --skip names it
  case $skip in *" $1 "*) note "$1 left out of this run (--skip)"; return 0 ;; esac
  return 1
}

# --- tools ---------------------------------------------------------------
apt_updated=0
apt_install() { # apt_install PACKAGE...: true when they are installed afterwards
  local sudo=
  [ "$(id -u)" = 0 ] || { have sudo && sudo=sudo; } || return 1
  have apt-get || return 1
  if [ "$apt_updated" = 0 ]; then
    $sudo apt-get update -qq >/dev/null 2>&1 || true
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" \
    >"$run/apt-$1.log" 2>&1
}
need() { # need COMMAND PACKAGE: installs the package when the command is missing
  have "$1" || apt_install "$2" || true
  have "$1"
}

have python3 || { echo "bench.sh: python3 is needed (FTS5 peer, tables)" >&2; exit 2; }
# The interpreter itself: a version manager's shim (pyenv) costs 100 ms a start.
py=$(python3 -c 'import sys; print(sys.executable)')
have cargo || { echo "bench.sh: cargo is needed" >&2; exit 2; }
[ -x /usr/bin/time ] || apt_install time || { echo "bench.sh: /usr/bin/time is needed (apt package time)" >&2; exit 2; }
if ! need hyperfine hyperfine; then
  say "hyperfine is not packaged here: cargo install hyperfine"
  cargo install --locked --quiet --root "$work/tools" hyperfine
  PATH=$work/tools/bin:$PATH
fi

# --- our binary and the generator ----------------------------------------
say "building the release binary and the corpus generator"
(cd "$root" && cargo build --release --locked --quiet --bin search --example gen_corpus)
search=$root/target/release/search
gen=$root/target/release/examples/gen_corpus
# The in-process latency program (examples/latency.rs): `NEWS_QUERIES=JSON
# latency INDEX RUNS` opens the index once, runs each query of the JSON object
# (kind -> query text as `search query` takes it) RUNS times, and prints one
# line per kind: kind, p50 ms, p95 ms, min ms, the query, its hits.
latency=
if [ -f "$root/examples/latency.rs" ]; then
  if (cd "$root" && cargo build --release --locked --quiet --example latency); then
    latency=$root/target/release/examples/latency
  else
    note "examples/latency did not build: no in-process figures"
  fi
else
  note "this checkout has no examples/latency.rs: no in-process figures"
fi

# --- source text and corpora ---------------------------------------------
source_dir=$work/source
if [ ! -d "$source_dir/bbc" ]; then
  say "fetching the real news corpus to resample (scripts/fetch-news-corpus.sh)"
  rm -rf "$source_dir"
  if ! "$root/scripts/fetch-news-corpus.sh" "$source_dir" >"$run/fetch.log" 2>&1; then
    rm -rf "$source_dir"
  fi
fi
if [ -d "$source_dir/bbc" ]; then
  source_kind=real
else
  source_dir=$root/corpus
  source_kind=bundled
  note "the real corpus could not be fetched (see $run/fetch.log): resampling the bundled article"
fi

# Cached by size, seed, source and the generator's code.
generator_hash=$(cat "$root"/examples/gen_corpus/*.rs | sha256sum | cut -c1-8)
corpus_of() { echo "$work/corpus-$1-seed$seed-$source_kind-$generator_hash"; }
for size in "${sizes[@]}"; do
  corpus=$(corpus_of "$size")
  # Only the peers read the NDJSON copy, which doubles the disk a corpus
  # takes: the other sizes go without it.
  ndjson=(--no-ndjson)
  [ "$size" = "$peer_size" ] && ndjson=()
  if [ ! -f "$corpus/manifest.json" ] || { [ "$size" = "$peer_size" ] && [ ! -f "$corpus/articles.ndjson" ]; }; then
    say "generating the $size corpus"
    rm -rf "$corpus"
    /usr/bin/time -f '%e' -o "$run/gen-$size.time" \
      "$gen" --size "$size" --seed "$seed" --source "$source_dir" "${ndjson[@]}" "$corpus"
  fi
  record corpus "$size" "$corpus/manifest.json"
done
peer_corpus=$(corpus_of "$peer_size")
queries_json=$peer_corpus/queries.json
kinds=(rare common two_words phrase three_words typo)
query_word() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# --- the peers -------------------------------------------------------------
peers=()
if skipped rg; then :
elif need rg ripgrep; then peers+=(rg); record peer rg "$(rg --version | head -1)"; else note "ripgrep skipped: apt-get install ripgrep failed"; fi
if skipped fts5; then :
elif "$py" -c 'import sqlite3; sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(a)")' 2>/dev/null; then
  peers+=(fts5)
  record peer fts5 "SQLite $("$py" -c 'import sqlite3; print(sqlite3.sqlite_version)') through Python $("$py" -c 'import platform; print(platform.python_version())')'s sqlite3 (scripts/bench_fts5.py)"
  if need sqlite3 sqlite3; then
    record peer fts5sh "$(sqlite3 --version | cut -d' ' -f1-2), the sqlite3 shell, on the same database"
  else
    note "the sqlite3 shell could not be installed: FTS5 queries through Python only"
  fi
else
  note "SQLite FTS5 skipped: this Python's sqlite3 has no FTS5"
fi
if skipped xapian; then :
elif need omindex xapian-omega && need quest xapian-tools; then
  peers+=(xapian); record peer xapian "$(omindex --version | head -1); $(quest --version | head -1)"
else
  note "Xapian skipped: apt-get install xapian-omega xapian-tools failed"
fi
tantivy=$work/peers/tantivy-cli/bin/tantivy
if ! skipped tantivy; then
  if [ ! -x "$tantivy" ]; then
    say "installing tantivy-cli (cargo install, a few minutes the first time)"
    mkdir -p "$work/peers"
    # 0.24.0's lock file pins traitobject 0.1.0, which current Rust rejects
    # (E0119); without --locked cargo picks the fixed 0.1.1. One build folder
    # for both tries, so the second reuses the first's work, removed after.
    install=(cargo install --quiet --root "$work/peers/tantivy-cli" --target-dir "$work/peers/build" tantivy-cli)
    if ! "${install[@]}" --locked >"$run/tantivy-install.log" 2>&1; then
      "${install[@]}" >>"$run/tantivy-install.log" 2>&1 || true
    fi
    rm -rf "$work/peers/build"
  fi
  if [ -x "$tantivy" ]; then
    peers+=(tantivy); record peer tantivy "$("$tantivy" --version | head -1)"
  else
    note "tantivy-cli skipped: cargo install tantivy-cli failed (see $run/tantivy-install.log)"
  fi
fi
record peer ours "$("$search" --version | head -1)"

# --- measuring -------------------------------------------------------------
# warm PATH...: reads every file under each PATH (a file or a folder) once, so
# that every tool's timed step starts with what it reads in the file cache.
# Called right before each timed step, for every tool alike: some kernels page
# out file cache left idle for a few seconds (DAMON reclaim), so a step that
# waited behind another tool's would otherwise start cold.
warm() {
  local path
  for path in "$@"; do
    [ -e "$path" ] || continue
    find "$path" -type f -print0 | xargs -0 -r cat >/dev/null
  done
}

# measure SIZE TOOL PHASE INDEX INPUT COMMAND...: wall, CPU and peak RSS of one
# run, and the size of INDEX on disk afterwards. INPUT and INDEX are warmed first.
measure() {
  local size=$1 tool=$2 phase=$3 index=$4 input=$5
  shift 5
  local base=$run/$tool-$phase-$size
  say "$tool: $phase ($size)"
  warm "$input" "$index"
  if /usr/bin/time -v -o "$base.time" "$@" >"$base.log" 2>&1; then
    record index "$size" "$tool" "$phase" "$base.time" "$(du -sb "$index" | cut -f1)"
  else
    note "$tool $phase at $size failed: see $base.log"
    return 1
  fi
}

# time_query SIZE TOOL KIND WARM COMMAND: whole-process latency, with WARM (the
# index, or what the tool reads) warmed first, then hyperfine's warm-up runs.
time_query() {
  local size=$1 tool=$2 kind=$3 warm_path=$4 cmd=$5 shell=-N
  local json=$run/query-$tool-$kind-$size.json
  case $cmd in *'|'*) shell= ;; esac
  warm "$warm_path"
  if hyperfine $shell -i --style none --warmup 3 --runs "$runs" --export-json "$json" \
    --command-name "$kind" "$cmd" >"$run/query-$tool-$kind-$size.log" 2>&1; then
    record query "$size" "$tool" "$kind" "$json"
  else
    note "$tool query $kind at $size failed: see $run/query-$tool-$kind-$size.log"
  fi
}

# The query of each kind, in each tool's own syntax.
query_text() { # query_text TOOL KIND WORDS
  local tool=$1 kind=$2 words=$3
  if [ "$kind" = phrase ]; then
    echo "\"$words\""
  elif [ "$tool" = tantivy ]; then
    # tantivy's query parser joins words with OR: ask for all of them.
    echo "+${words// / +}"
  else
    echo "$words"
  fi
}
ours_query() { query_text ours "$2" "$(query_word "$(corpus_of "$1")/queries.json" "$2")"; }

# mutate DIR: changes 1% of the files, deletes 0.1%, adds 0.1% (copies under
# a new headline). Writes new files and renames them, so a tree of hard links
# to the pristine corpus leaves the corpus untouched.
mutate() {
  local dir=$1 files n i f
  mapfile -t files < <(find "$dir" -type f -name '*.txt' | LC_ALL=C sort)
  n=${#files[@]}
  mkdir -p "$dir/new"
  for ((i = 50; i < n; i += 100)); do
    f=${files[i]}
    { cat "$f"; printf '\nUpdate: this article was corrected after publication (%d).\n' "$i"; } >"$f.new"
    mv "$f.new" "$f"
  done
  for ((i = 500; i < n; i += 1000)); do rm "${files[i]}"; done
  for ((i = 250; i < n; i += 1000)); do
    f=${files[i]}
    { printf 'Follow-up: '; cat "$f"; } >"$dir/new/$(basename "$f")"
  done
}

segments() { # segments SIZE PHASE INDEX: the segment count the step left
  local n
  n=$("$search" --index "$3" stats --json 2>/dev/null |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["segments"])' 2>/dev/null) || n='?'
  record segments "$1" "$2" "$n"
}

ours_queries() { # ours_queries SIZE INDEX: every kind, whole process and in-process
  local size=$1 index=$2 kind q json queries=$run/queries-$1.json
  printf '{}' >"$queries"
  for kind in "${kinds[@]}"; do
    q=$(ours_query "$size" "$kind")
    json=$("$search" --index "$index" query --json --limit 1 "$q" 2>/dev/null || true)
    record hits "$size" "$kind" "$q" \
      "$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["total_hits"])' "$json" 2>/dev/null || echo '?')"
    time_query "$size" ours "$kind" "$index" "$search --index $index --color never query --limit 10 '$q'"
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d[sys.argv[2]]=sys.argv[3]; json.dump(d, open(sys.argv[1], "w"), indent=1)' \
      "$queries" "$kind" "$q"
  done
  [ -n "$latency" ] || return 0
  # One process opens the index once and times every kind: p50 and p95 in ms.
  say "ours: in-process latency ($size)"
  warm "$index"
  # Its columns: kind, p50 ms, p95 ms, min ms, the query, the hits.
  if NEWS_QUERIES=$queries "$latency" "$index" 200 >"$run/latency-$size.txt" 2>"$run/latency-$size.log"; then
    awk -v size="$size" '$2 ~ /^[0-9.]+$/ && $3 ~ /^[0-9.]+$/ {
      print "inproc\t" size "\t" $1 "\t" $2 / 1000 "\t" $3 / 1000 }' "$run/latency-$size.txt" >>"$results"
  else
    note "examples/latency failed at $size: see $run/latency-$size.log"
  fi
}

# Growth: our full index and queries at every size but the peers' one.
for size in "${sizes[@]}"; do
  [ "$size" = "$peer_size" ] && continue
  index=$run/ours-$size.index
  corpus_txt=$(corpus_of "$size")/txt
  if measure "$size" ours full "$index" "$corpus_txt" "$search" --index "$index" index --quiet "$corpus_txt"; then
    segments "$size" full "$index"
    ours_queries "$size" "$index"
  fi
  rm -rf "$index"
done

# The peers' full indexes take long (omindex: about 35 minutes a gigabyte), so
# each is kept per corpus and peer version and taken from there on the next
# run, unless --fresh-peers. peer_cache TOOL VERSION: its folder.
peer_cache() {
  echo "$work/peer-cache/$(basename "$peer_corpus")/$1-$(printf '%s' "$2" | sha256sum | cut -c1-8)"
}
# cached PEER CACHE: true (recording the cached figures) when CACHE holds a
# finished index; otherwise empties CACHE for a new one.
cached() {
  local tool=$1 cache=$2
  if [ "$fresh_peers" = 0 ] && [ -f "$cache/built" ]; then
    say "$tool: full index ($peer_size) taken from $cache"
    record index "$peer_size" "$tool" full "$cache/index.time" "$(du -sb "$cache/index" | cut -f1)" "$(cat "$cache/built")"
    return 0
  fi
  rm -rf "$cache"
  mkdir -p "$cache"
  return 1
}
# keep PEER CACHE: marks the full index just measured as finished.
keep() {
  cp "$run/$1-full-$peer_size.time" "$2/index.time"
  date -u +%Y-%m-%dT%H:%MZ >"$2/built"
}

# At the peers' size: the incremental tools index a tree of hard links to the
# corpus, re-index it unchanged, then after mutate. Xapian's re-index runs on a
# copy of its cached database (cp -a), so the cache stays as built.
tree=$run/tree
cp -al "$peer_corpus/txt" "$tree"
index=$run/ours.index
measure "$peer_size" ours full "$index" "$tree" "$search" --index "$index" index --quiet "$tree" || true
segments "$peer_size" full "$index"
measure "$peer_size" ours unchanged "$index" "$tree" "$search" --index "$index" index --quiet || true
xdb=$run/xapian.db
if [[ " ${peers[*]} " == *" xapian "* ]]; then
  xcache=$(peer_cache xapian "$(omindex --version | head -1)")
  if cached xapian "$xcache" ||
    { measure "$peer_size" xapian full "$xcache/index" "$tree" omindex --db "$xcache/index" --url / "$tree" &&
      keep xapian "$xcache"; }; then
    cp -a "$xcache/index" "$xdb"
    measure "$peer_size" xapian unchanged "$xdb" "$tree" omindex --db "$xdb" --url / "$tree" || true
  else
    peers=("${peers[@]/xapian/}")
  fi
fi
say "changing 1% of the files, deleting 0.1%, adding 0.1%"
mutate "$tree"
measure "$peer_size" ours changed "$index" "$tree" "$search" --index "$index" index --quiet || true
segments "$peer_size" changed "$index"
if [[ " ${peers[*]} " == *" xapian "* ]]; then
  measure "$peer_size" xapian changed "$xdb" "$tree" omindex --db "$xdb" --url / "$tree" || true
fi
# Queries run on these indexes, of the tree as changed: 0.2% of the articles
# differ from the corpus the other peers index, which does not move a query's cost.
ours_queries "$peer_size" "$index"

# Where a query's time goes: start-up alone, and the query without its page
# of hits (no passages to build, no stored text to read).
time_query "$peer_size" ours version "$search" "$search --version"
for kind in rare phrase; do
  time_query "$peer_size" ours "$kind-limit0" "$index" \
    "$search --index $index --color never query --limit 0 '$(ours_query "$peer_size" "$kind")'"
done

for peer in "${peers[@]}"; do
  case $peer in
    rg)
      dir=$peer_corpus/txt
      for kind in "${kinds[@]}"; do
        read -r -a words <<<"$(query_word "$queries_json" "$kind")"
        if [ "$kind" = phrase ]; then
          cmd="rg -i -l -F '${words[*]}' $dir"
        else # every word: each rg keeps the files the previous one listed
          cmd="rg -i -l -F -0 '${words[0]}' $dir"
          for w in "${words[@]:1}"; do cmd+=" | xargs -0 -r rg -i -l -F -0 '$w'"; done
        fi
        time_query "$peer_size" rg "$kind" "$dir" "$cmd | head -n 10"
      done
      time_query "$peer_size" rg common-all "$dir" "rg -i -l -F -c '$(query_word "$queries_json" common)' $dir"
      ;;
    fts5)
      fcache=$(peer_cache fts5 "$("$py" -c 'import sqlite3; print(sqlite3.sqlite_version)') $(sha256sum <"$root/scripts/bench_fts5.py")")
      db=$fcache/index
      if ! cached fts5 "$fcache"; then
        measure "$peer_size" fts5 full "$db" "$peer_corpus/articles.ndjson" \
          "$py" "$root/scripts/bench_fts5.py" index "$peer_corpus/articles.ndjson" "$db" &&
          keep fts5 "$fcache"
      fi
      [ -f "$fcache/built" ] || continue
      for kind in "${kinds[@]}"; do
        q=$(query_text fts5 "$kind" "$(query_word "$queries_json" "$kind")")
        time_query "$peer_size" fts5 "$kind" "$db" "$py $root/scripts/bench_fts5.py query $db '$q'"
        # The same query from the sqlite3 shell: no interpreter to start.
        if have sqlite3; then
          "$py" "$root/scripts/bench_fts5.py" sql "$q" >"$run/fts5-$kind.sql"
          time_query "$peer_size" fts5sh "$kind" "$db" "sqlite3 -readonly $db '.read $run/fts5-$kind.sql'"
        fi
      done
      ;;
    xapian)
      time_query "$peer_size" xapian version "$(command -v quest)" "quest --version"
      for kind in "${kinds[@]}"; do
        q=$(query_text xapian "$kind" "$(query_word "$queries_json" "$kind")")
        time_query "$peer_size" xapian "$kind" "$xdb" "quest -d $xdb -o and -m 10 '$q'"
        case $kind in rare | phrase)
          time_query "$peer_size" xapian "$kind-limit0" "$xdb" "quest -d $xdb -o and -m 0 '$q'" ;;
        esac
      done
      ;;
    tantivy)
      # `tantivy new` only asks for the schema on stdin: title and body stored,
      # indexed with positions (en_stem); date and source stored.
      schema=(title Text y n y y y y y body Text y n y y y y y date Text y n n y source Text y n n n)
      tcache=$(peer_cache tantivy "$("$tantivy" --version | head -1) ${schema[*]}")
      tdir=$tcache/index
      if ! cached tantivy "$tcache"; then
        printf '%s\n' "${schema[@]}" |
          timeout 60 "$tantivy" new -i "$tdir" >"$run/tantivy-new.log" 2>&1 || true
        measure "$peer_size" tantivy full "$tdir" "$peer_corpus/articles.ndjson" \
          "$tantivy" index -i "$tdir" -f "$peer_corpus/articles.ndjson" -t 2 &&
          keep tantivy "$tcache"
      fi
      [ -f "$tcache/built" ] || continue
      for kind in "${kinds[@]}"; do
        q=$(query_text tantivy "$kind" "$(query_word "$queries_json" "$kind")")
        time_query "$peer_size" tantivy "$kind" "$tdir" "$tantivy search -i $tdir -q '$q'"
      done
      ;;
  esac
done
rm -rf "$tree" "$xdb"

# --- the report --------------------------------------------------------------
record meta label "$label"
record meta command "$command_line"
record meta date "$(date -u +%Y-%m-%dT%H:%MZ)"
record meta commit "$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . 2>/dev/null || echo ' (with uncommitted changes)')"
record meta cpus "$(nproc)"
record meta cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
record meta memory_kb "$(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)"
# shellcheck source=/dev/null
record meta os "$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"), Linux $(uname -r)"
record meta runs "$runs"
record meta peer_size "$peer_size"
record meta source "$source_kind"
record meta elapsed_s "$(($(date +%s) - started))"
record meta load "$load_at_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
"$py" "$root/scripts/bench_report.py" "$results" "$root/BENCHMARKS.md"
say "done in $(($(date +%s) - started)) s; tables in BENCHMARKS.md, raw results in $run"
