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
    for size, tool, phase, timefile, size_bytes, *cached in r["index"]:
        index[size, tool, phase] = dict(time_v(timefile), bytes=int(size_bytes),
                                        cached=cached[0] if cached else None)
    queries = {}
    for size, tool, kind, path in r["query"]:
        with open(path, encoding="utf-8") as f:
            times = sorted(json.load(f)["results"][0]["times"])
        queries[size, tool, kind] = (percentile(times, 50), percentile(times, 95))
    hits = {(size, kind): (text, n) for size, kind, text, n in r["hits"]}
    # In-process p50 and p95 (examples/latency) under the tool name "inproc".
    for size, kind, p50, p95 in r["inproc"]:
        queries[size, "inproc", kind] = (float(p50), float(p95))
    segments = {(size, phase): n for size, phase, n in r["segments"]}
    return Run(meta, notes, peers, corpora, index, queries, hits, segments)


class Run:
    """What one run of scripts/bench.sh measured."""

    def __init__(self, meta, notes, peers, corpora, index, queries, hits, segments):
        self.meta, self.notes, self.peers, self.corpora = meta, notes, peers, corpora
        self.index, self.queries, self.hits, self.segments = index, queries, hits, segments
        self.sizes = list(corpora)
        self.base = meta.get("peer_size", self.sizes[-1])

    def p50(self, tool, kind, size=None):
        q = self.queries.get((size or self.base, tool, kind))
        return None if q is None else q[0]


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


def section(run):
    meta, peers, index, queries = run.meta, run.peers, run.index, run.queries
    label, size = meta["label"], run.base
    corpus = run.corpora[size]
    title = "Quick run" if label == "quick" else "Full run"
    out = [f"### {title}: peers at {size}, {meta['date']}", ""]
    if label == "quick":
        out += [
            "A `--quick` run proves the script end to end on small corpora. Its figures are",
            "small-corpus figures from whatever machine ran it; the targets are for the full",
            "1 GB run (here scaled to the corpus where they are per gigabyte).",
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
        f"- Queries: whole processes, every tool's index read into the file cache right before "
        f"its step, then 3 warm-up runs and {meta['runs']} timed; "
        "10 hits (with snippets where the tool makes them)",
        "",
    ]
    loads = [float(x) for x in re.findall(r"\d+\.\d+", meta.get("load", ""))]
    if loads and max(loads) > int(meta["cpus"]):
        out += ["**This run shared the machine with other work** (load average above the number of "
                "cores): every figure is slower and noisier than on a quiet machine; read the ratios "
                "within the run, not the absolute figures.", ""]
    out += targets_table(run)
    out += peer_ratios(run)
    out += breakdown_table(run)
    out += index_tables(size, index)
    out += query_table(size, queries, run.hits)
    if len(run.sizes) > 1:
        out += growth_table(run)
    out += ["**Peers**", ""]
    out += [f"- {TOOLS[t]}: {v}" for t, v in peers.items() if t != "ours"]
    out += [f"- note: {n}" for n in run.notes]
    return "\n".join(out) + "\n"


def over(value, limit, unit=""):
    """The met column: yes, or no with how far over."""
    if value is None or limit is None:
        return "not measured"
    return "yes" if value <= limit else f"**no**: {value / limit:.2f}× the target{unit}"


def mb(n):
    return f"{n / 1e6:,.0f} MB"


def targets_table(run):
    """Issue 17's targets, met or not, from this run's own figures."""
    size, corpus = run.base, run.corpora[run.base]
    gb = corpus["size"] / 2**30
    per_gb = "" if abs(gb - 1) < 0.01 else f" (×{gb:.3g} for this corpus)"
    rows = []
    for kind in KINDS:
        if kind == "common-all":
            continue
        ours, quest = run.p50("ours", kind), run.p50("xapian", kind)
        miss = " (the peers find nothing)" if kind == "typo" else ""
        rows.append([f"{KINDS[kind]}, whole process{miss}", "≤ Xapian quest",
                     f"{seconds(ours)} (quest {seconds(quest)})", over(ours, quest)])
    ours, fts = run.p50("ours", "rare"), run.p50("fts5sh", "rare")
    rows.append(["rare word, whole process", "≤ SQLite FTS5 shell",
                 f"{seconds(ours)} (FTS5 shell {seconds(fts)})", over(ours, fts)])
    for kind, limit in (("rare", 0.0003), ("phrase", 0.003)):
        p = run.p50("inproc", kind)
        rows.append([f"{KINDS[kind]}, in-process p50", f"≤ {seconds(limit)}",
                     seconds(p) if p is not None else "–", over(p, limit)])
    full = run.index.get((size, "ours", "full"))
    if full:
        rows.append(["full index from the folder, wall", f"≤ 30 s a GB{per_gb}",
                     seconds(full["wall"]), over(full["wall"], 30 * gb)])
        rows.append(["full index, peak RSS", "≤ 400 MB", mb(full["rss"]), over(full["rss"], 400e6)])
        rows.append(["index on disk", f"≤ 850 MB a GB{per_gb}", mb(full["bytes"]),
                     over(full["bytes"], 850e6 * gb)])
    for phase, what, limit in (("unchanged", "re-index, nothing changed", 1.0),
                               ("changed", "re-index, 1% changed", 3.0)):
        m = run.index.get((size, "ours", phase))
        rows.append([what, f"≤ {seconds(limit)}", seconds(m and m["wall"]), over(m and m["wall"], limit)])
    for big in run.sizes:
        g = growth(run, big)
        if g is None or g["size_ratio"] <= 1:
            continue
        limit = 1.1 * g["size_ratio"]
        rows.append([f"growth to {big}: index wall", f"≤ {limit:.2f}× {size}'s (1.1 × the size)",
                     f"{g['wall']:.2f}×", over(g["wall"], limit)])
        rows.append([f"growth to {big}: peak RSS", f"the same as {size}'s (≤ 1.1×)",
                     f"{g['rss']:.2f}×", over(g["rss"], 1.1)])
        if g["p50"]:
            kind, worst = max(g["p50"].items(), key=lambda kv: kv[1])
            rows.append([f"growth to {big}: query p50s", f"≤ 1.3× {size}'s",
                         f"at most {worst:.2f}× ({KINDS[kind]})", over(worst, 1.3)])
    return [f"**Against the targets** (issue 17's, computed from this run at {size}; "
            "MB = 10⁶ bytes)", "", table(["figure", "target", "this run", "met"], rows), ""]


def peer_ratios(run):
    """Each kind's p50 against quest and the sqlite3 shell: ours ÷ theirs, below 1 we are faster."""
    rows = []
    for kind in KINDS:
        if kind == "common-all":
            continue
        ours, quest, fts = (run.p50(t, kind) for t in ("ours", "xapian", "fts5sh"))
        inproc = run.queries.get((run.base, "inproc", kind))
        rows.append([KINDS[kind], seconds(ours), seconds(quest), quotient(ours, quest),
                     seconds(fts), quotient(ours, fts),
                     "–" if inproc is None else f"{seconds(inproc[0])} / {seconds(inproc[1])}"])
    return ["**Against Xapian and SQLite FTS5, same run** (p50, whole process; "
            "the ratios are ours ÷ theirs: below 1 news-search is faster)", "",
            table(["query", "news-search", "Xapian quest", "ours ÷ quest", "FTS5 sqlite3 shell",
                   "ours ÷ FTS5 shell", "news-search in-process p50 / p95"], rows), ""]


def quotient(a, b):
    return "–" if a is None or not b else f"{a / b:.2f}"


def breakdown_table(run):
    rows = []
    for label, kind in (("start-up alone: `--version`", "version"),
                        ("rare word, no page of hits (`--limit 0`; quest `-m 0`)", "rare-limit0"),
                        ("rare word, 10 hits", "rare"),
                        ("phrase, no page of hits", "phrase-limit0"),
                        ("phrase, 10 hits", "phrase")):
        ours, quest = run.p50("ours", kind), run.p50("xapian", kind)
        rows.append([label, seconds(ours), seconds(quest), quotient(ours, quest)])
    seg = [f"{run.segments[run.base, phase]} after the {what}"
           for phase, what in (("full", "full index"), ("changed", "re-index of the changed tree"))
           if (run.base, phase) in run.segments]
    out = ["**Where a query's time goes** (p50, whole process)", "",
           table(["step", "news-search", "Xapian quest", "ours ÷ quest"], rows), ""]
    if seg:
        out += [f"Segments the run leaves at {run.base}: " + "; ".join(seg) + ".", ""]
    return out


def index_tables(size, index):
    ours = index.get((size, "ours", "full"))
    rows, cached = [], []
    for tool in ("ours", "fts5", "xapian", "tantivy"):
        m = index.get((size, tool, "full"))
        if m is None:
            continue
        if m["cached"]:
            cached.append(f"{TOOLS[tool]}'s full index was taken from the cache of the run of {m['cached']} "
                          "(same corpus and version); its figures are that run's.")
        rows.append([
            TOOLS[tool] + (" (cached)" if m["cached"] else ""),
            seconds(m["wall"]) + (ratio(m["wall"], ours["wall"]) if tool != "ours" and ours else ""),
            seconds(m["cpu"]),
            mib(m["rss"]),
            mib(m["bytes"]),
        ])
    out = ["**Full index from scratch** (×: the peer's figure ÷ ours)", "",
           table(["tool", "wall", "CPU (user + sys)", "peak RSS", "index on disk"], rows), ""]
    out += [" ".join(cached), ""] if cached else []
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
    out += ["**Re-index** (wall, peak RSS; tools that update an index from a folder; "
            "Xapian on a copy of its full index)", "",
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


def growth(run, size):
    """Our figures at SIZE against those at the peers' size, as ratios."""
    m, b = run.index.get((size, "ours", "full")), run.index.get((run.base, "ours", "full"))
    if m is None or b is None:
        return None
    p50 = {}
    for kind in list(KINDS)[:6]:
        q, qb = run.p50("ours", kind, size), run.p50("ours", kind)
        if q is not None and qb:
            p50[kind] = q / qb
    return {"size_ratio": run.corpora[size]["size"] / run.corpora[run.base]["size"],
            "wall": m["wall"] / b["wall"], "rss": m["rss"] / b["rss"], "p50": p50}


def growth_table(run):
    kinds = list(KINDS)[:6]
    header = ["corpus", "articles", "index wall", "CPU", "peak RSS", "index on disk", "segments"] + \
        [f"{KINDS[k]} p50" for k in kinds]
    rows = []
    for size in run.sizes:
        m, g = run.index.get((size, "ours", "full")), growth(run, size)
        if m is None:
            continue
        x = (lambda r: "") if size == run.base or g is None else (lambda r: f" (×{r:.2f})")
        cells = [size, f"{run.corpora[size]['articles']:,}", seconds(m["wall"]) + x(g and g["wall"]),
                 seconds(m["cpu"]), mib(m["rss"]) + x(g and g["rss"]), mib(m["bytes"]),
                 run.segments.get((size, "full"), "?")]
        cells += [seconds(run.p50("ours", k, size)) +
                  (x(g["p50"][k]) if g and k in g["p50"] else "") for k in kinds]
        rows.append(cells)
    return [f"**Growth** (news-search alone; ×: the figure ÷ the one at {run.base})", "",
            table(header, rows), ""]


def main(results, markdown):
    run = read(results)
    label = run.meta["label"]
    begin, end = f"<!-- bench:{label}:begin -->", f"<!-- bench:{label}:end -->"
    body = section(run)
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
