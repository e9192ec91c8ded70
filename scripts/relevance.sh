#!/usr/bin/env bash
# The known-item relevance evaluation of RELEVANCE.md, from a clean clone:
#
#   scripts/relevance.sh
#
# Builds the release binary, fetches the NewsArticles corpus once (cached in
# target/relevance/corpus), indexes it afresh, exports the text the index holds,
# and runs news-search, SQLite FTS5 and Xapian on the same generated queries.
# Prints the table and writes it into RELEVANCE.md; the queries, every
# system's ranks and news-search's misses stay in target/relevance/.
#
# Needs cargo, python3 with pip (for the corpus) and, for the Xapian rows,
# Debian's python3-xapian (installed here with apt-get when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."

work=target/relevance
mkdir -p "$work"

nice -n 19 cargo build --release --locked --bin search --example export

if [ ! -d "$work/corpus/newsarticles" ]; then
  rm -rf "$work/corpus.partial"
  scripts/fetch-news-corpus.sh "$work/corpus.partial"
  mv "$work/corpus.partial" "$work/corpus"
fi

rm -rf "$work/index"
target/release/search --index "$work/index" index --quiet "$work/corpus/newsarticles"
target/release/examples/export "$work/index" > "$work/articles.ndjson"

# Xapian's bindings are Debian's, for the system Python: use whichever
# interpreter has them.
python=
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" > /dev/null && "$candidate" -c 'import xapian' 2> /dev/null; then
    python=$candidate
    break
  fi
done
if [ -z "$python" ] && [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
  echo "relevance: installing python3-xapian for the Xapian rows" >&2
  if apt-get install -y -qq python3-xapian > /dev/null \
    || { apt-get update -qq && apt-get install -y -qq python3-xapian > /dev/null; }; then
    python=/usr/bin/python3
  fi
fi
if [ -z "$python" ]; then
  echo "relevance: no Python with xapian: the Xapian rows are left out" >&2
  python=python3
fi

PYTHONDONTWRITEBYTECODE=1 nice -n 19 "$python" scripts/relevance.py \
  --articles "$work/articles.ndjson" \
  --search target/release/search \
  --index "$work/index" \
  --work "$work" \
  --report RELEVANCE.md
