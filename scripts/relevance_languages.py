"""Known-item relevance in many languages: news-search against SQLite FTS5 and Xapian.

Reads the articles exported from a news-search index of the multilingual
corpus and the corpus's truth.tsv (each file's true language), makes the
queries (relevance_languages_queries.py), runs every system on them, scores
MRR@10 and found-at-1 per language and per kind, checks the language the index
gave each article against the truth, prints the tables and writes them into
the "Languages" part of RELEVANCE.md. Run it through
scripts/relevance-languages.sh, which prepares its inputs.
"""

import argparse
import datetime
import importlib.metadata
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict

from relevance import DEPTH, NewsSearch, git_commit, rank_of, scores, write_misses, write_report
from relevance_languages_queries import (KINDS, MID_BAND, STEMMERS, make_queries,
                                         snowballstemmer, word_count)

try:
    import xapian
except ImportError:
    xapian = None

BEGIN = "<!-- relevance-languages:begin -->"
END = "<!-- relevance-languages:end -->"
NAMES = {"ar": "Arabic", "de": "German", "en": "English", "es": "Spanish", "fr": "French",
         "it": "Italian", "ja": "Japanese", "ko": "Korean", "nl": "Dutch",
         "pt": "Portuguese", "ru": "Russian", "zh": "Chinese"}
# Three-letter codes a detector may give, read as the two-letter ones.
ISO3 = {"ara": "ar", "deu": "de", "ger": "de", "eng": "en", "spa": "es", "fra": "fr",
        "fre": "fr", "ita": "it", "jpn": "ja", "kor": "ko", "nld": "nl", "dut": "nl",
        "por": "pt", "rus": "ru", "zho": "zh", "chi": "zh", "cmn": "zh"}


class Ours:
    """news-search, one process per query; with `lang`, told the query's
    language by `--lang` (when the binary has that flag)."""

    def __init__(self, binary, index, lang=False):
        self.inner = NewsSearch(binary, index)
        self.lang = lang
        self.name = "news-search --lang" if lang else "news-search"
        self.inner.name = self.name

    @property
    def errors(self):
        return self.inner.errors

    def search(self, words, language):
        base = self.inner.command
        if self.lang:
            self.inner.command = base[:4] + ["--lang", language] + base[4:]
        try:
            return self.inner.search(words)
        finally:
            self.inner.command = base


def name_of(language):
    return NAMES.get(language, language)


def has_flag(binary, flag):
    run = subprocess.run([binary, "query", "--help"], capture_output=True, text=True)
    return flag in run.stdout


class Fts5:
    """SQLite FTS5 over title and body, ranked by bm25 with title weight 2."""

    TOKENIZERS = {"unicode61": "unicode61 remove_diacritics 2", "trigram": "trigram"}

    def __init__(self, articles, tokenizer, operator):
        self.name = f"FTS5 {tokenizer} {operator}"
        self.operator = operator
        self.ids = [a["id"] for a in articles]
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body, "
                        f"tokenize='{self.TOKENIZERS[tokenizer]}')")
        with self.db:
            self.db.executemany("INSERT INTO fts(rowid, title, body) VALUES (?, ?, ?)",
                                ((i, a["title"], a["body"]) for i, a in enumerate(articles)))

    def search(self, words, language):
        joiner = " " if self.operator == "AND" else " OR "
        match = joiner.join('"' + w.replace('"', '""') + '"' for w in words)
        rows = self.db.execute("SELECT rowid FROM fts WHERE fts MATCH ? "
                               "ORDER BY bm25(fts, 2.0, 1.0), rowid LIMIT ?", (match, DEPTH))
        return [{"ids": [self.ids[r]]} for (r,) in rows], {}


class Xapian:
    """Xapian as a user of a mixed archive sets it up: one database per
    language, each indexed with its language's stemmer (none where Snowball
    has none) and CJK n-grams on, searched together; the query is parsed with
    the stemmer of the language it is written in."""

    def __init__(self, folder, operator):
        self.name = f"Xapian {operator}"
        self.db = xapian.Database()
        for name in sorted(os.listdir(folder)):
            self.db.add_database(xapian.Database(os.path.join(folder, name)))
        self.operator = (xapian.Query.OP_AND if operator == "AND" else xapian.Query.OP_OR)

    @staticmethod
    def build(articles, folder):
        by_language = defaultdict(list)
        for a in articles:
            by_language[a["truth"]].append(a)
        for language, mine in sorted(by_language.items()):
            db = xapian.WritableDatabase(os.path.join(folder, language),
                                         xapian.DB_CREATE_OR_OVERWRITE)
            generator = xapian.TermGenerator()
            generator.set_stemmer(xapian.Stem(STEMMERS.get(language, "none")))
            generator.set_flags(xapian.TermGenerator.FLAG_CJK_NGRAM)
            db.begin_transaction()
            for a in mine:
                doc = xapian.Document()
                generator.set_document(doc)
                generator.index_text(a["title"], 2)
                generator.increase_termpos()
                generator.index_text(a["body"])
                doc.set_data(a["id"])
                db.add_document(doc)
            db.commit_transaction()
            db.close()

    def search(self, words, language):
        parser = xapian.QueryParser()
        parser.set_stemmer(xapian.Stem(STEMMERS.get(language, "none")))
        parser.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        parser.set_database(self.db)
        parser.set_default_op(self.operator)
        query = parser.parse_query(" ".join(words), xapian.QueryParser.FLAG_DEFAULT
                                   | xapian.QueryParser.FLAG_CJK_NGRAM)
        enquire = xapian.Enquire(self.db)
        enquire.set_query(query)
        return [{"ids": [m.document.get_data().decode()]}
                for m in enquire.get_mset(0, DEPTH)], {}


def run_system(system, queries):
    started = time.monotonic()
    ranks, answers = [], []
    for q in queries:
        hits, extra = system.search(q["query"].split(), q["language"])
        ranks.append(rank_of(q["target"], hits))
        answers.append((hits, extra))
    print(f"{system.name}: {len(queries)} queries in {time.monotonic() - started:.1f} s",
          file=sys.stderr)
    return ranks, answers


def detected(article):
    """The language the index gave the article, as a two-letter code ('' if none)."""
    tag = article.get("language") or article.get("lang") or ""
    primary = tag.replace("_", "-").split("-")[0].lower()
    return ISO3.get(primary, primary)


def detection_table(articles):
    """Accuracy of the index's language per true language: on plain-text
    articles (no hint: the detector alone) of 50+ words and under, on HTML
    articles (their <html lang>), and over all articles."""
    groups = defaultdict(lambda: defaultdict(list))
    for a in articles:
        ok = detected(a) == a["truth"]
        long_enough = word_count(a["body"]) >= 50
        for language in (a["truth"], "all"):
            g = groups[language]
            if a["format"] == "txt":
                g["txt50" if long_enough else "txt_short"].append(ok)
                g["txt_none"].append(detected(a) == "")
            else:
                g["html"].append(ok)
            if long_enough:
                g["all50"].append(ok)
            g["all"].append(ok)

    def cell(values):
        return f"{sum(values) / len(values):.3f} ({len(values)})" if values else "-"

    lines = ["| language | .txt, 50+ words | .txt, under 50 | .txt left empty "
             "| .html with lang | all, 50+ words | all |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for language in sorted(groups, key=lambda k: (k == "all", name_of(k))):
        g = groups[language]
        empty = sum(g["txt_none"])
        lines.append(f"| {name_of(language)} | {cell(g['txt50'])} "
                     f"| {cell(g['txt_short'])} | {empty} | {cell(g['html'])} "
                     f"| {cell(g['all50'])} | {cell(g['all'])} |")
    has_detection = any(detected(a) for a in articles if a["format"] == "txt")
    return "\n".join(lines), has_detection


def write_wrong_languages(path, articles):
    """Every article whose language is not the true one: path, truth, given, words."""
    lines = [f"{a['path']}\t{a['truth']}\t{detected(a) or '-'}\t{a['format']}\t"
             f"{word_count(a['body'])}\t{a['title']}"
             for a in articles if detected(a) != a["truth"]]
    with open(path, "w", encoding="utf-8") as f:
        f.write("path\ttruth\tgiven\tformat\twords\ttitle\n" + "\n".join(lines) + "\n")


def write_every_measure(path, names, ranks, queries):
    """MRR@10, found at 1 and found in the top 10 for every language, kind and system."""
    lines = ["| language | kind | queries | system | MRR@10 | found at 1 | found in 10 |",
             "|---|---|---:|---|---:|---:|---:|"]
    for language in sorted({q["language"] for q in queries}, key=name_of):
        for kind in KINDS:
            idx = [i for i, q in enumerate(queries)
                   if q["language"] == language and q["kind"] == kind]
            for name in names if idx else []:
                mrr, r1, r10 = scores([ranks[name][i] for i in idx])
                lines.append(f"| {name_of(language)} | {kind} | {len(idx)} | {name} "
                             f"| {mrr:.3f} | {r1:.3f} | {r10:.3f} |")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def language_tables(names, ranks, queries):
    """MRR@10 and found-at-1 per language and system, and per kind."""
    languages = sorted({q["language"] for q in queries}, key=name_of)
    groups = [(name_of(k), [i for i, q in enumerate(queries) if q["language"] == k])
              for k in languages]
    groups.append(("all", list(range(len(queries)))))
    kinds = [k for k in KINDS if any(q["kind"] == k for q in queries)]
    by_kind = [(k, [i for i, q in enumerate(queries) if q["kind"] == k]) for k in kinds]
    by_kind.append(("all", list(range(len(queries)))))

    def table(rows, measure):
        out = ["| | queries | " + " | ".join(names) + " |",
               "|---|---:|" + "---:|" * len(names)]
        for label, idx in rows:
            cells = [f"{scores([ranks[n][i] for i in idx])[measure]:.3f}" for n in names]
            out.append(f"| {label} | {len(idx)} | " + " | ".join(cells) + " |")
        return "\n".join(out)

    # Language by kind: news-search's MRR@10, then the best peer's and which.
    peers = [n for n in names if not n.startswith("news-search")]
    grid = ["| language | " + " | ".join(kinds) + " |", "|---|" + "---:|" * len(kinds)]
    for language in languages:
        cells = []
        for kind in kinds:
            idx = [i for i, q in enumerate(queries)
                   if q["language"] == language and q["kind"] == kind]
            if not idx:
                cells.append("-")
                continue
            ours = scores([ranks["news-search"][i] for i in idx])[0]
            best = max(peers, key=lambda n: scores([ranks[n][i] for i in idx])[0],
                       default=None)
            theirs = f" / {scores([ranks[best][i] for i in idx])[0]:.2f}" if best else ""
            cells.append(f"{ours:.2f}{theirs} ({len(idx)})")
        grid.append(f"| {name_of(language)} | " + " | ".join(cells) + " |")
    return (table(groups, 0), table(groups, 1), table(by_kind, 0), "\n".join(grid))


def stemmer_version():
    try:
        return importlib.metadata.version("snowballstemmer")
    except importlib.metadata.PackageNotFoundError:
        return "(version unknown)"


def report_block(args, tables, detection, queries, articles, targets, notes):
    mrr, first, kinds, grid = tables
    det_table, has_detection = detection
    per_language = defaultdict(int)
    for a in articles:
        per_language[a["truth"]] += 1
    sources = open(args.sources, encoding="utf-8").read().split("\n") \
        if args.sources and os.path.exists(args.sources) else []
    lines = [
        BEGIN,
        f"Measured {datetime.date.today().isoformat()} at commit `{git_commit()}` "
        f"with `{args.command}`.",
        "",
        f"- Corpus: {len(articles):,} articles as news-search indexed and exported them ("
        + ", ".join(f"{name_of(k)} {per_language[k]}" for k in sorted(per_language, key=name_of))
        + (f"), from {', '.join(s for s in sources if s)}" if any(sources) else ")")
        + f"; {len(targets):,} have a body of 50+ words and a unique title and body "
        "and can be targets.",
        f"- Queries: {len(queries):,}, at most {args.per_kind} of each kind per language, "
        f"seed {args.seed}; mid_body words are in {MID_BAND[0]:.0%}-{MID_BAND[1]:.0%} "
        "of the language's articles.",
        f"- Peers: SQLite {sqlite3.sqlite_version} FTS5; "
        + (f"Xapian {xapian.version_string()}." if xapian else "Xapian not run.")
        + (f" Inflections found with snowballstemmer {stemmer_version()}."
           if snowballstemmer else ""),
    ]
    lines += [f"- {note}" for note in notes]
    lines += ["", "MRR@10 per language (all kinds of query together):", "", mrr, "",
              "Found at 1 (the share of queries whose target is first):", "", first, "",
              "MRR@10 per kind, all languages together:", "", kinds, "",
              "news-search's MRR@10 / the best peer's, per language and kind "
              "(queries in brackets):", "", grid, "",
              "Language of each article, as the index gives it, against the truth "
              "(accuracy, articles in brackets):", ""]
    if not has_detection:
        lines += ["No detection in this build: a .txt article has no language, an HTML "
                  "page the one its `<html lang>` names.", ""]
    lines += [det_table, END]
    return "\n".join(lines)


def read_articles(path, truth_path):
    truth = {}
    with open(truth_path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            truth[row["path"]] = row
    articles, unknown = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            a = json.loads(line)
            row = truth.get(os.path.basename(a["path"]))
            if row is None:
                unknown += 1
                continue
            a["truth"], a["format"] = row["language"], row["format"]
            articles.append(a)
    if unknown:
        print(f"relevance-languages: {unknown} exported articles not in the truth file",
              file=sys.stderr)
    # The export's order follows the index's segments; the peers break ties
    # by insertion order, so give them one that does not change.
    articles.sort(key=lambda a: (a["path"], a["position"]))
    return articles


def systems_for(args, articles, notes):
    systems = [Ours(args.search, args.index)]
    if has_flag(args.search, "--lang"):
        systems.append(Ours(args.search, args.index, lang=True))
    else:
        notes.append("news-search --lang: not run, `search query` has no such flag yet.")
    systems += [Fts5(articles, t, op) for t in ("unicode61", "trigram") for op in ("AND", "OR")]
    if xapian is None:
        notes.append(f"Xapian: not run, {sys.executable} cannot import xapian "
                     "(Debian's python3-xapian is for the system Python).")
    else:
        folder = os.path.join(args.work, "xapian")
        os.makedirs(folder, exist_ok=True)
        Xapian.build(articles, folder)
        systems += [Xapian(folder, "AND"), Xapian(folder, "OR")]
    return systems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", required=True, help="NDJSON from the export example")
    parser.add_argument("--truth", required=True, help="truth.tsv of the corpus")
    parser.add_argument("--sources", help="SOURCES of the corpus (packages and versions)")
    parser.add_argument("--search", required=True, help="the search binary")
    parser.add_argument("--index", required=True, help="the index the articles came from")
    parser.add_argument("--work", required=True, help="folder for queries, misses, results")
    parser.add_argument("--report", default="RELEVANCE.md")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--per-kind", type=int, default=50)
    parser.add_argument("--command", default="scripts/relevance-languages.sh")
    args = parser.parse_args()

    articles = read_articles(args.articles, args.truth)
    notes = []
    if snowballstemmer is None:
        notes.append("inflected: not made, this Python cannot import snowballstemmer.")
    queries, _, targets = make_queries(articles, args.per_kind, args.seed)
    with open(os.path.join(args.work, "queries.json"), "w", encoding="utf-8") as f:
        json.dump(queries, f, indent=1, ensure_ascii=False)
    print(f"{len(queries)} queries over {len(articles)} articles", file=sys.stderr)

    ranks, answers = {}, {}
    for system in systems_for(args, articles, notes):
        ranks[system.name], answers[system.name] = run_system(system, queries)
        if getattr(system, "errors", 0):
            notes.append(f"{system.name}: {system.errors} queries failed (counted as misses).")

    names = list(ranks)
    tables = language_tables(names, ranks, queries)
    detection = detection_table(articles)
    print("\n\n".join(tables + (detection[0],)))
    write_wrong_languages(os.path.join(args.work, "languages-wrong.tsv"), articles)
    write_every_measure(os.path.join(args.work, "every-measure.md"), names, ranks, queries)
    write_misses(os.path.join(args.work, "misses.txt"), queries,
                 ranks["news-search"], answers["news-search"])
    with open(os.path.join(args.work, "results.json"), "w", encoding="utf-8") as f:
        json.dump({"queries": queries, "ranks": ranks}, f, ensure_ascii=False)
    block = report_block(args, tables, detection, queries, articles, targets, notes)
    write_report(args.report, block, BEGIN, END)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)


if __name__ == "__main__":
    main()
