#!/usr/bin/env python3
"""Turns the raw results of scripts/bench.sh into Markdown tables in BENCHMARKS.md.

    bench_report.py RESULTS.tsv BENCHMARKS.md

The tables replace what stands between the run's markers
(<!-- bench:quick:begin --> ... <!-- bench:quick:end -->, or bench:full), so
the prose around them stays; the section is appended when the markers are missing.
"""

import json
import math
import re
import sys
from collections import defaultdict

TOOLS = {
    "ours": "news-search",
    "rg": "ripgrep",
    "fts5": "SQLite FTS5 (Python)",
    "fts5sh": "SQLite FTS5 (sqlite3 shell)",
    "xapian": "Xapian",
    "tantivy": "tantivy-cli",
}
KINDS = {
    "rare": "rare word",
    "common": "common word",
    "two_words": "two words",
    "phrase": "phrase",
    "three_words": "three words",
    "typo": "word with a typo",
    "common-all": "common word, every matching file",
}


def read(path):
    r = defaultdict(list)
    meta, notes, peers, corpora = {}, [], {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            kind, *fields = line.rstrip("\n").split("\t")
            if kind == "meta":
                meta[fields[0]] = fields[1]
            elif kind == "note":
                notes.append(fields[0])
            elif kind == "peer":
                peers[fields[0]] = fields[1]
            elif kind == "corpus":
                with open(fields[1], encoding="utf-8") as m:
                    corpora[fields[0]] = json.load(m)
            else:
                r[kind].append(fields)
    index = {}
    for size, tool, phase, timefile, size_bytes in r["index"]:
        index[size, tool, phase] = dict(time_v(timefile), bytes=int(size_bytes))
    queries = {}
    for size, tool, kind, path in r["query"]:
        with open(path, encoding="utf-8") as f:
            times = sorted(json.load(f)["results"][0]["times"])
        queries[size, tool, kind] = (percentile(times, 50), percentile(times, 95))
    hits = {(size, kind): (text, n) for size, kind, text, n in r["hits"]}
    return meta, notes, peers, corpora, index, queries, hits


def time_v(path):
    """Wall, CPU and peak RSS from the report of GNU time -v."""
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, _, value = line.strip().rpartition(": ")
            values[key] = value
    wall = 0.0
    for part in values["Elapsed (wall clock) time (h:mm:ss or m:ss)"].split(":"):
        wall = wall * 60 + float(part)
    cpu = float(values["User time (seconds)"]) + float(values["System time (seconds)"])
    return {"wall": wall, "cpu": cpu, "rss": int(values["Maximum resident set size (kbytes)"]) * 1024}


def percentile(sorted_values, p):
    """Nearest-rank percentile."""
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def seconds(s):
    if s is None:
        return "–"
    if s < 1:
        ms = s * 1000
        return f"{ms:.2f} ms" if ms < 10 else f"{ms:.1f} ms" if ms < 100 else f"{ms:.0f} ms"
    return f"{s:.2f} s" if s < 100 else f"{s:.0f} s"


def mib(n):
    return f"{n / 2**20:,.1f} MiB" if n < 2**30 else f"{n / 2**30:,.2f} GiB"


def ratio(peer, ours):
    if peer is None or not ours:
        return ""
    r = peer / ours
    return f" (×{r:.2g})" if r < 10 else f" (×{r:,.0f})"


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out)


def section(meta, notes, peers, corpora, index, queries, hits):
    label = meta["label"]
    sizes = list(corpora)
    peer_size = sizes[-1]
    corpus = corpora[peer_size]
    title = "Quick run" if label == "quick" else "Full run"
    out = [f"### {title}: {peer_size} corpus, {meta['date']}", ""]
    if label == "quick":
        out += [
            "A `--quick` run proves the script end to end on a small corpus. Its figures are",
            "small-corpus figures from whatever machine ran it; the targets are for the full",
            "1 GB run.",
            "",
        ]
    gib = int(meta["memory_kb"]) * 1024 / 2**30
    source = {"real": "headlines and sentences of the fetched real corpus",
              "bundled": "the bundled article (the real corpus could not be fetched)"}[meta["source"]]
    out += [
        f"- Command: `{meta['command']}` (took {int(meta['elapsed_s']) // 60} min {int(meta['elapsed_s']) % 60} s)",
        f"- Machine: {meta['cpus']} cores ({meta['cpu']}), {gib:.0f} GiB RAM, {meta['os']}",
        f"- Load average (1, 5, 15 min): {meta.get('load', 'not recorded')}; "
        "anything else running slows every figure",
        f"- Commit: {meta['commit']} ({peers.get('ours', 'search')})",
        f"- Corpus: {corpus['articles']:,} articles in {mib(corpus['text_bytes'])} of text files "
        f"({mib(corpus['ndjson_bytes'])} as NDJSON), about "
        f"{corpus['source_vocabulary'] + corpus['synthetic_vocabulary']:,} distinct words; "
        f"seed {corpus['seed']}; resampled from {source}",
        f"- Queries: whole processes, warm cache, 3 warm-up runs then {meta['runs']} timed; "
        "10 hits (with snippets where the tool makes them)",
        "",
    ]
    out += index_tables(peer_size, index)
    out += query_table(peer_size, queries, hits)
    if len(sizes) > 1:
        out += scaling_table(sizes, corpora, index, queries)
    out += ["**Peers**", ""]
    out += [f"- {TOOLS[t]}: {v}" for t, v in peers.items() if t != "ours"]
    out += [f"- note: {n}" for n in notes]
    return "\n".join(out) + "\n"


def index_tables(size, index):
    ours = index.get((size, "ours", "full"))
    rows = []
    for tool in ("ours", "fts5", "xapian", "tantivy"):
        m = index.get((size, tool, "full"))
        if m is None:
            continue
        rows.append([
            TOOLS[tool],
            seconds(m["wall"]) + (ratio(m["wall"], ours["wall"]) if tool != "ours" and ours else ""),
            seconds(m["cpu"]),
            mib(m["rss"]),
            mib(m["bytes"]),
        ])
    out = ["**Full index from scratch** (×: the peer's figure ÷ ours)", "",
           table(["tool", "wall", "CPU (user + sys)", "peak RSS", "index on disk"], rows), ""]
    rows = []
    for tool in ("ours", "xapian"):
        cells = [TOOLS[tool]]
        for phase in ("unchanged", "changed"):
            m, o = index.get((size, tool, phase)), index.get((size, "ours", phase))
            cells.append("–" if m is None else
                         seconds(m["wall"]) + (ratio(m["wall"], o["wall"]) if tool != "ours" and o else "")
                         + f", {mib(m['rss'])} RSS")
        if len(cells) > 1 and any(c != "–" for c in cells[1:]):
            rows.append(cells)
    out += ["**Re-index** (wall, peak RSS; tools that update an index from a folder)", "",
            table(["tool", "nothing changed", "1% changed, 0.1% deleted, 0.1% added"], rows), ""]
    return out


def query_table(size, queries, hits):
    tools = [t for t in TOOLS if any(k[0] == size and k[1] == t for k in queries)]
    header = ["query", "news-search query", "hits"] + [f"{TOOLS[t]} p50 / p95" for t in tools]
    rows = []
    for kind in KINDS:
        if not any((size, t, kind) in queries for t in tools):
            continue
        text, n = hits.get((size, kind.removesuffix("-all")), ("", ""))
        ours = queries.get((size, "ours", kind))
        cells = [KINDS[kind], f"`{text}`" if text else "", f"{int(n):,}" if n.isdigit() else n]
        for t in tools:
            q = queries.get((size, t, kind))
            cells.append("–" if q is None else
                         f"{seconds(q[0])} / {seconds(q[1])}" + (ratio(q[0], ours[0]) if t != "ours" and ours else ""))
        rows.append(cells)
    return ["**Query latency**, whole process (×: the peer's p50 ÷ ours)", "", table(header, rows), ""]


def scaling_table(sizes, corpora, index, queries):
    header = ["corpus", "articles", "index wall", "CPU", "peak RSS", "index on disk"] + \
        [f"{KINDS[k]} p50" for k in list(KINDS)[:6]]
    rows = []
    for size in sizes:
        m = index.get((size, "ours", "full"))
        if m is None:
            continue
        cells = [size, f"{corpora[size]['articles']:,}", seconds(m["wall"]), seconds(m["cpu"]),
                 mib(m["rss"]), mib(m["bytes"])]
        cells += [seconds((queries.get((size, "ours", k)) or (None,))[0]) for k in list(KINDS)[:6]]
        rows.append(cells)
    return ["**Scaling** (news-search alone)", "", table(header, rows), ""]


def main(results, markdown):
    data = read(results)
    label = data[0]["label"]
    begin, end = f"<!-- bench:{label}:begin -->", f"<!-- bench:{label}:end -->"
    body = section(*data)
    try:
        with open(markdown, encoding="utf-8") as f:
            text = f.read()
    except FileNotFoundError:
        text = "# Benchmarks\n"
    block = f"{begin}\n{body}{end}"
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    with open(markdown, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main(*sys.argv[1:3])
