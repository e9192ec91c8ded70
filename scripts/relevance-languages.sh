#!/usr/bin/env bash
# The multilingual known-item evaluation of RELEVANCE.md ("Languages"), from a
# clean clone:
#
#   scripts/relevance-languages.sh
#
# Builds the release binary, fetches the multilingual corpus once (cached in
# target/relevance-languages/corpus), indexes it afresh, exports the text the
# index holds, and runs news-search, SQLite FTS5 (unicode61 and trigram) and
# Xapian on the same generated queries in twelve languages; checks the
# language the index gave each article against the corpus's truth. Prints the
# tables and writes them into RELEVANCE.md; the queries, every system's ranks
# and news-search's misses stay in target/relevance-languages/.
#
# Needs cargo, apt-get and dpkg-deb (for the corpus), python3 with pip (for
# the snowballstemmer package) and, for the Xapian rows, Debian's
# python3-xapian (installed here with apt-get when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."

work=target/relevance-languages
mkdir -p "$work"

nice -n 19 cargo build --release --locked --bin search --example export

if [ ! -f "$work/corpus/truth.tsv" ]; then
  rm -rf "$work/corpus.partial"
  if ! scripts/fetch-multilingual-corpus.sh "$work/corpus.partial" \
    && [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    # A fresh machine may have no package lists yet.
    apt-get update -qq
    rm -rf "$work/corpus.partial"
    scripts/fetch-multilingual-corpus.sh "$work/corpus.partial"
  fi
  [ -f "$work/corpus.partial/truth.tsv" ]
  mv "$work/corpus.partial" "$work/corpus"
fi

rm -rf "$work/index" "$work/xapian"
target/release/search --index "$work/index" index --quiet "$work/corpus/articles"
target/release/examples/export "$work/index" > "$work/articles.ndjson"

. scripts/xapian-python.sh
python=$(xapian_python relevance-languages)

# The Snowball stemmers in pure Python, for the inflected queries: installed
# into the work folder, so that whichever interpreter runs finds them.
pylib=$work/pylib
if ! PYTHONPATH=$pylib "$python" -c 'import snowballstemmer' 2> /dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check --no-deps \
    --target "$pylib" snowballstemmer==3.1.1
fi

PYTHONPATH=$pylib PYTHONDONTWRITEBYTECODE=1 nice -n 19 "$python" scripts/relevance_languages.py \
  --articles "$work/articles.ndjson" \
  --truth "$work/corpus/truth.tsv" \
  --sources "$work/corpus/SOURCES" \
  --search target/release/search \
  --index "$work/index" \
  --work "$work" \
  --report RELEVANCE.md
