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

. scripts/xapian-python.sh
python=$(xapian_python relevance)

PYTHONDONTWRITEBYTECODE=1 nice -n 19 "$python" scripts/relevance.py \
  --articles "$work/articles.ndjson" \
  --search target/release/search \
  --index "$work/index" \
  --work "$work" \
  --report RELEVANCE.md
