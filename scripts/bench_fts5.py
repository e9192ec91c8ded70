#!/usr/bin/env python3
"""SQLite FTS5, the peer scripts/bench.sh measures, through Python's own sqlite3.

    bench_fts5.py index ARTICLES.ndjson DB   one table, porter tokenizer, one transaction
    bench_fts5.py query DB 'FTS5 QUERY'      10 best hits by bm25(), with snippet()
    bench_fts5.py sql 'FTS5 QUERY'           the same query as SQL, for the sqlite3 shell

The query is FTS5's own syntax: words separated by spaces must all match,
"two words" is a phrase. Kept to the standard library so that a query costs
what a small command-line tool costs to start.
"""

import json
import os
import sqlite3
import sys


def index(ndjson, db):
    if os.path.exists(db):
        os.remove(db)
    con = sqlite3.connect(db)
    con.execute(
        "CREATE VIRTUAL TABLE articles USING fts5("
        "title, body, date UNINDEXED, source UNINDEXED, tokenize='porter unicode61')"
    )
    with open(ndjson, encoding="utf-8") as lines, con:
        rows = ((a["title"], a["body"], a["date"], a["source"]) for a in map(json.loads, lines))
        con.executemany("INSERT INTO articles VALUES (?, ?, ?, ?)", rows)
    con.close()


QUERY = (
    "SELECT title, date, source, snippet(articles, 1, '[', ']', '…', 24), bm25(articles) "
    "FROM articles WHERE articles MATCH {} ORDER BY bm25(articles) LIMIT 10"
)


def query(db, text):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute(QUERY.format("?"), (text,)).fetchall()
    out = sys.stdout
    for rank, (title, date, source, snippet, score) in enumerate(rows, 1):
        out.write(f"{rank}. {title}\n   {date} · {source} · {-score:.2f}\n   {snippet}\n")
    return 0 if rows else 1


def main(argv):
    if len(argv) == 4 and argv[1] == "index":
        index(argv[2], argv[3])
        return 0
    if len(argv) == 4 and argv[1] == "query":
        return query(argv[2], argv[3])
    if len(argv) == 3 and argv[1] == "sql":
        print(QUERY.format("'" + argv[2].replace("'", "''") + "'") + ";")
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
