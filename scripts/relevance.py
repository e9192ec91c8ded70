"""Known-item relevance evaluation: news-search against SQLite FTS5 and Xapian.

Reads the articles exported from a news-search index, makes the queries
(relevance_queries.py), runs every system on them, scores MRR@10, recall@1
and recall@10 per kind, prints the table and writes it into RELEVANCE.md.
Run it through scripts/relevance.sh, which prepares its inputs.
"""

import argparse
import datetime
import json
import os
import sqlite3
import subprocess
import sys
import time

from relevance_queries import KINDS, MID_BAND, make_queries

try:
    import xapian
except ImportError:
    xapian = None

DEPTH = 10
BEGIN = "<!-- relevance:begin -->"
END = "<!-- relevance:end -->"


class NewsSearch:
    """The `search` binary, one process per query, as a user runs it."""

    def __init__(self, binary, index, exact=False):
        self.command = [binary, "--index", index, "query", "--json", "--limit", str(DEPTH)]
        if exact:
            self.command.append("--exact")
        self.name = "news-search --exact" if exact else "news-search"
        self.errors = 0

    def search(self, words):
        """Hits best first, each {ids, title}; `ids` also holds the ids of the
        other places holding the story and of the near-duplicates collapsed
        into the hit, found at its rank."""
        run = subprocess.run(self.command + ["--", " ".join(words)],
                             capture_output=True, text=True)
        if run.returncode not in (0, 1) or not run.stdout.strip():
            if run.returncode != 1:
                self.errors += 1
                # The first few say what goes wrong; the rest are only counted.
                if self.errors > 5:
                    return [], {}
                print(f"{self.name}: {' '.join(words)!r}: exit {run.returncode}: "
                      f"{run.stderr.strip()}", file=sys.stderr)
            return [], {}
        answer = json.loads(run.stdout)
        hits = [{"ids": [h["id"]] + [p["id"] for p in h.get("also_at", [])]
                 + [d["id"] for d in h.get("near_duplicates", [])],
                 "title": h["title"]} for h in answer["hits"]]
        return hits, {"total_hits": answer.get("total_hits"), "relaxed": answer.get("relaxed")}


def has_exact_flag(binary):
    run = subprocess.run([binary, "query", "--help"], capture_output=True, text=True)
    return "--exact" in run.stdout


class Fts5:
    """SQLite FTS5 with the Porter stemmer, ranked by bm25 with title weight 2."""

    def __init__(self, articles, operator):
        self.name = f"SQLite FTS5 {operator}"
        self.operator = operator
        self.ids = [a["id"] for a in articles]
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body, "
                        "tokenize='porter unicode61 remove_diacritics 2')")
        with self.db:
            self.db.executemany("INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
                                ((i, a["title"], a["body"]) for i, a in enumerate(articles)))

    def search(self, words):
        # Quoted, every word is a plain term whatever FTS5's syntax makes of it.
        joiner = " " if self.operator == "AND" else " OR "
        match = joiner.join('"' + w.replace('"', '""') + '"' for w in words)
        rows = self.db.execute("SELECT rowid FROM fts WHERE fts MATCH ? "
                               "ORDER BY bm25(fts, 2.0, 1.0), rowid LIMIT ?", (match, DEPTH))
        return [{"ids": [self.ids[r]]} for (r,) in rows], {}


class Xapian:
    """Xapian with the English stemmer, title terms counted twice."""

    def __init__(self, articles, operator, db):
        self.name = f"Xapian {operator}"
        self.db = db
        self.parser = xapian.QueryParser()
        self.parser.set_stemmer(xapian.Stem("english"))
        self.parser.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        self.parser.set_database(db)
        self.parser.set_default_op(xapian.Query.OP_AND if operator == "AND"
                                   else xapian.Query.OP_OR)

    @staticmethod
    def build(articles, path):
        db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
        generator = xapian.TermGenerator()
        generator.set_stemmer(xapian.Stem("english"))
        db.begin_transaction()
        for a in articles:
            doc = xapian.Document()
            generator.set_document(doc)
            generator.index_text(a["title"], 2)
            generator.increase_termpos()
            generator.index_text(a["body"])
            doc.set_data(a["id"])
            db.add_document(doc)
        db.commit_transaction()
        return db

    def search(self, words):
        enquire = xapian.Enquire(self.db)
        enquire.set_query(self.parser.parse_query(" ".join(words)))
        return [{"ids": [m.document.get_data().decode()]}
                for m in enquire.get_mset(0, DEPTH)], {}


def rank_of(target, hits):
    for rank, hit in enumerate(hits, 1):
        if target in hit["ids"]:
            return rank
    return None


def scores(ranks):
    """MRR@10, recall@1, recall@10 of a list of ranks (None: not in the top 10)."""
    n = len(ranks)
    return (sum(1 / r for r in ranks if r) / n,
            sum(1 for r in ranks if r == 1) / n,
            sum(1 for r in ranks if r) / n)


def run_system(system, queries):
    started = time.monotonic()
    ranks, answers = [], []
    for q in queries:
        hits, extra = system.search(q["query"].split())
        ranks.append(rank_of(q["target"], hits))
        answers.append((hits, extra))
    print(f"{system.name}: {len(queries)} queries in {time.monotonic() - started:.1f} s",
          file=sys.stderr)
    return ranks, answers


def tables(names, ranks, queries):
    """The MRR@10 summary and the table of every measure, as Markdown."""
    groups = [(k, [i for i, q in enumerate(queries) if q["kind"] == k]) for k in KINDS]
    groups.append(("all", list(range(len(queries)))))
    summary = ["| system | " + " | ".join(k for k, _ in groups) + " |",
               "|---|" + "---:|" * len(groups)]
    full = ["| kind | queries | system | MRR@10 | recall@1 | recall@10 |",
            "|---|---:|---|---:|---:|---:|"]
    for name in names:
        cells = [f"{scores([ranks[name][i] for i in idx])[0]:.3f}" for _, idx in groups]
        summary.append(f"| {name} | " + " | ".join(cells) + " |")
    for kind, idx in groups:
        for name in names:
            mrr, r1, r10 = scores([ranks[name][i] for i in idx])
            full.append(f"| {kind} | {len(idx)} | {name} | {mrr:.3f} | {r1:.3f} | {r10:.3f} |")
    return "\n".join(summary), "\n".join(full)


def git_commit():
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True).stdout.strip() or "unknown"
    # Untracked files count: a new script not yet committed changes the result.
    dirty = subprocess.run(["git", "status", "--porcelain"],
                           capture_output=True, text=True).stdout.strip()
    return head + ("-dirty" if dirty else "")


def write_misses(path, queries, ranks, answers):
    """Every news-search query whose target is not first, with what beat it."""
    lines = []
    for q, rank, (hits, extra) in zip(queries, ranks, answers):
        if rank == 1:
            continue
        where = f"rank {rank}" if rank else f"not in top {DEPTH}"
        lines.append(f"[{q['kind']}] {q['query']!r}: {where} "
                     f"(total_hits {extra.get('total_hits')}, relaxed {extra.get('relaxed')})")
        lines.append(f"  target: {q['title']}  [{q['target']}]")
        for i, hit in enumerate(hits[:(rank or DEPTH + 1) - 1], 1):
            lines.append(f"  {i:>2}. {hit['title']}")
        lines.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def report_block(args, summary, full, queries, corpus, targets, notes):
    counts = ", ".join(f"{sum(q['kind'] == k for q in queries)} {k}" for k in KINDS)
    low, high = corpus.mid_band()
    lines = [
        BEGIN,
        f"Measured {datetime.date.today().isoformat()} at commit `{git_commit()}` "
        f"with `{args.command}`.",
        "",
        f"- Corpus: {corpus.size:,} articles (NewsArticles, as news-search indexed and "
        f"exported them); {targets:,} have a unique title and body and can be targets.",
        f"- Queries: {len(queries):,} ({counts}), seed {args.seed}; mid_body words "
        f"are in {low}-{high} articles ({MID_BAND[0]:.1%}-{MID_BAND[1]:.0%}).",
        f"- Peers: SQLite {sqlite3.sqlite_version} FTS5; "
        + (f"Xapian {xapian.version_string()}." if xapian else "Xapian not run."),
    ]
    lines += [f"- {note}" for note in notes]
    lines += ["", "MRR@10:", "", summary, "", "Every measure:", "", full, END]
    return "\n".join(lines)


def write_report(path, block, begin=BEGIN, end=END):
    """Puts `block` (which starts with `begin` and ends with `end`) in place
    of the one between those markers, or at the end of the file."""
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    if begin in text and end in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text + ("\n" if text else "") + block + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def systems_for(args, articles, notes):
    systems = [NewsSearch(args.search, args.index)]
    if has_exact_flag(args.search):
        systems.append(NewsSearch(args.search, args.index, exact=True))
    else:
        notes.append("news-search --exact: not run, `search query` has no such flag yet.")
    systems += [Fts5(articles, "AND"), Fts5(articles, "OR")]
    if xapian is None:
        notes.append(f"Xapian: not run, {sys.executable} cannot import xapian "
                     "(Debian's python3-xapian is for the system Python).")
    else:
        db = Xapian.build(articles, os.path.join(args.work, "xapian"))
        systems += [Xapian(articles, "AND", db), Xapian(articles, "OR", db)]
    return systems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", required=True, help="NDJSON from the export example")
    parser.add_argument("--search", required=True, help="the search binary")
    parser.add_argument("--index", required=True, help="the index the articles came from")
    parser.add_argument("--work", required=True, help="folder for queries, misses, results")
    parser.add_argument("--report", default="RELEVANCE.md")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--per-kind", type=int, default=300)
    parser.add_argument("--command", default="scripts/relevance.sh")
    args = parser.parse_args()

    with open(args.articles, encoding="utf-8") as f:
        articles = [json.loads(line) for line in f if line.strip()]
    # The export's order follows the index's segments; the peers break ties
    # by insertion order, so give them one that does not change.
    articles.sort(key=lambda a: (a["path"], a["position"]))
    queries, corpus, targets = make_queries(articles, args.per_kind, args.seed)
    with open(os.path.join(args.work, "queries.json"), "w", encoding="utf-8") as f:
        json.dump(queries, f, indent=1)
    for kind in KINDS:
        print(f"{sum(q['kind'] == kind for q in queries):>5} {kind} queries", file=sys.stderr)

    notes = []
    ranks, answers = {}, {}
    for system in systems_for(args, articles, notes):
        ranks[system.name], answers[system.name] = run_system(system, queries)
        if getattr(system, "errors", 0):
            notes.append(f"{system.name}: {system.errors} queries failed (counted as misses).")

    names = list(ranks)
    summary, full = tables(names, ranks, queries)
    print(summary + "\n\n" + full)
    write_misses(os.path.join(args.work, "misses.txt"), queries,
                 ranks["news-search"], answers["news-search"])
    with open(os.path.join(args.work, "results.json"), "w", encoding="utf-8") as f:
        json.dump({"queries": queries, "ranks": ranks}, f)
    write_report(args.report, report_block(args, summary, full, queries, corpus, targets, notes))
    for note in notes:
        print(f"note: {note}", file=sys.stderr)


if __name__ == "__main__":
    main()
