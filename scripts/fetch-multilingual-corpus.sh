#!/usr/bin/env bash
# Builds the multilingual evaluation corpus of RELEVANCE.md ("Languages") from
# translated documentation that ships inside Debian packages. Nothing it writes
# is committed: the text belongs to its authors and translators.
#
#   scripts/fetch-multilingual-corpus.sh DIR
#
# DIR/articles/   one article per file: a section of The Debian Administrator's
#                 Handbook (debian-handbook) or a page of the GNOME help
#                 (gnome-user-docs), heading as title, its paragraphs as body,
#                 in Arabic, Chinese, Dutch, English, French, German, Italian,
#                 Japanese, Korean, Portuguese, Russian and Spanish. Half are
#                 HTML pages with <html lang="..">, half plain .txt with no hint
#                 of their language; the file names say nothing either.
# DIR/truth.tsv   path (relative to DIR/articles), language (ISO 639-1),
#                 source, format, words: what the evaluation checks the
#                 language detector against. The indexer never sees it.
# DIR/SOURCES     the packages and versions the text came from.
#
# Needs apt-get (the package lists: run `apt-get update` once as root if
# `apt-get download` finds nothing), dpkg-deb and python3; no root.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
out=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Pinned, so that the same corpus (and so the same queries) comes back; the
# version a newer Debian serves is taken when the pinned one is gone.
packages=(debian-handbook=11.20220922 gnome-user-docs=43.0-2)
for pinned in "${packages[@]}"; do
  (cd "$work" && { apt-get download -q "$pinned" 2> /dev/null \
    || apt-get download -q "${pinned%%=*}"; }) > /dev/null
done
for deb in "$work"/*.deb; do
  dpkg-deb -x "$deb" "$work/root"
done

mkdir -p "$out"
for deb in "$work"/*.deb; do
  dpkg-deb --showformat='${Package} ${Version}\n' -W "$deb"
done > "$out/SOURCES"

python3 "$here/multilingual_corpus.py" "$work/root" "$out"
