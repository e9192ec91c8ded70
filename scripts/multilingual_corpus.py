"""Cuts translated documentation into articles for the multilingual evaluation.

    python3 scripts/multilingual_corpus.py ROOT DIR

ROOT is where debian-handbook and gnome-user-docs were unpacked (dpkg-deb -x);
DIR gets articles/, truth.tsv and SOURCES (see fetch-multilingual-corpus.sh).
A handbook section or a help page is one article: its heading is the title, its
paragraphs the body. Paragraphs left untranslated (the same as in the English
original, or with many English words, or with few letters of the language's
script) are dropped, then articles whose body has under 50 words, then
duplicates.
"""

import glob
import html
import os
import random
import re
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from relevance_languages_queries import script_share, tokens, word_count

# Language (ISO 639-1) -> the handbook's folder, the GNOME help's folder.
LANGUAGES = {
    "ar": ("ar-MA", None),
    "de": ("de-DE", "de"),
    "en": ("en-US", "C"),
    "es": ("es-ES", "es"),
    "fr": ("fr-FR", "fr"),
    "it": ("it-IT", "it"),
    "ja": ("ja-JP", "ja"),
    "ko": ("ko-KR", "ko"),
    "nl": ("nl-NL", "nl"),
    "pt": ("pt-BR", "pt_BR"),
    "ru": ("ru-RU", "ru"),
    "zh": ("zh-CN", "zh_CN"),
}
HANDBOOK = "usr/share/doc/debian-handbook/html"
HELP = "usr/share/help"

MIN_WORDS = 50
# Articles per language and source, at most: enough for a few hundred queries
# per language while the whole evaluation stays within minutes.
CAP = {"debian-handbook": 200, "gnome-user-docs": 100}
# Shorter sections are kept too, a few per language, as articles that no query
# targets: the language detector is measured on them as well.
SHORT_WORDS = 15
SHORT_CAP = 20

# Words that make up a good share of any English paragraph and are not words
# of the other Latin-script languages here.
ENGLISH = frozenset("the and with that this which are from have for you your".split())
SCRIPT_MIN = 0.3
ENGLISH_MAX = 0.08


def normalised(text):
    return " ".join(text.split())


class HandbookPage(HTMLParser):
    """Sections of a DocBook HTML page: [(heading, [paragraph, ...]), ...]."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections = []
        self.heading = None   # text of the heading being read
        self.para = None      # text of the paragraph being read
        self.para_depth = 0   # open divs inside that paragraph
        self.skip = 0         # inside <pre>, <script> or <style>

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag in ("pre", "script", "style"):
            self.skip += 1
        elif tag in ("h1", "h2", "h3", "h4") and "title" in classes and self.para is None:
            self.heading = []
        elif tag == "div" and self.para is not None:
            self.para_depth += 1
        elif tag == "div" and "para" in classes and self.sections:
            self.para, self.para_depth = [], 0

    def handle_endtag(self, tag):
        if tag in ("pre", "script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in ("h1", "h2", "h3", "h4") and self.heading is not None:
            title = re.sub(r"^\s*[\dA-Z]?[\d.]*\d\.?\s+", "", normalised("".join(self.heading)))
            self.sections.append((title, []))
            self.heading = None
        elif tag == "div" and self.para is not None:
            if self.para_depth:
                self.para_depth -= 1
            else:
                self.sections[-1][1].append(normalised("".join(self.para)))
                self.para = None

    def handle_data(self, data):
        if self.skip:
            return
        if self.heading is not None:
            self.heading.append(data)
        elif self.para is not None:
            self.para.append(data)


def handbook(root, folder):
    for path in sorted(glob.glob(os.path.join(root, HANDBOOK, folder, "*.html"))):
        page = HandbookPage()
        with open(path, encoding="utf-8") as f:
            page.feed(f.read())
        yield from page.sections


MAL = "{http://projectmallard.org/1.0/}"


def help_pages(root, folder):
    """(title, [paragraph, ...]) of each GNOME help topic page."""
    for path in sorted(glob.glob(os.path.join(root, HELP, folder, "gnome-help", "*.page"))):
        try:
            page = ET.parse(path).getroot()
        except ET.ParseError:
            continue
        title = page.find(MAL + "title")
        if title is None:
            continue
        info = set()
        for box in page.iter(MAL + "info"):
            info.update(box.iter())
        paragraphs = [normalised("".join(p.itertext())) for p in page.iter(MAL + "p")
                      if p not in info]
        yield normalised("".join(title.itertext())), paragraphs


def english_text(root):
    """Every heading and paragraph of the English originals."""
    seen = set()
    for title, paragraphs in list(handbook(root, "en-US")) + list(help_pages(root, "C")):
        seen.add(title)
        seen.update(paragraphs)
    return seen


def translated(text, language, english):
    """Whether a paragraph reads as written in `language`."""
    if not text or language == "en":
        return bool(text)
    if text in english:
        return False
    words = tokens(text)
    if words and sum(w in ENGLISH for w in words) / len(words) >= ENGLISH_MAX:
        return False
    share = script_share(text, language)
    return share is None or share >= SCRIPT_MIN


def articles(root, language, english):
    """(source, title, body, words) of the language, long ones first then short."""
    folders = LANGUAGES[language]
    sources = [("debian-handbook", handbook(root, folders[0]))]
    if folders[1]:
        sources.append(("gnome-user-docs", help_pages(root, folders[1])))
    for source, sections in sources:
        long_ones, short_ones = [], []
        for title, paragraphs in sections:
            if not title:
                continue
            kept = [p for p in paragraphs if translated(p, language, english)]
            body = "\n\n".join(kept)
            words = word_count(body)
            if words >= MIN_WORDS:
                long_ones.append((source, title, body, words))
            elif words >= SHORT_WORDS:
                short_ones.append((source, title, body, words))
        rng = random.Random(f"{language}:{source}")
        for chosen, cap in ((long_ones, CAP[source]), (short_ones, SHORT_CAP)):
            yield from sorted(rng.sample(chosen, min(cap, len(chosen))), key=lambda a: a[1:])


def as_html(language_tag, title, body):
    e = html.escape
    paragraphs = "\n".join(f"<p>{e(p)}</p>" for p in body.split("\n\n"))
    return (f'<!DOCTYPE html>\n<html lang="{language_tag}"><head><meta charset="utf-8">\n'
            f"<title>{e(title)}</title></head><body>\n<article><h1>{e(title)}</h1>\n"
            f"{paragraphs}\n</article></body></html>\n")


def main():
    root, out = sys.argv[1], sys.argv[2]
    english = english_text(root)
    collected, seen_titles, seen_bodies = [], set(), set()
    for language in sorted(LANGUAGES):
        for source, title, body, words in articles(root, language, english):
            key, start = normalised(title + " " + body), normalised(body)[:300]
            if key in seen_titles or start in seen_bodies:
                continue
            seen_titles.add(key)
            seen_bodies.add(start)
            collected.append((language, source, title, body, words))

    # Numbered in a shuffled order: neither the name nor the place of a file
    # says its language.
    rng = random.Random("multilingual")
    rng.shuffle(collected)
    folder = os.path.join(out, "articles")
    os.makedirs(folder, exist_ok=True)
    rows = ["path\tlanguage\tsource\tformat\twords"]
    counts = {}
    for n, (language, source, title, body, words) in enumerate(collected, 1):
        tagged = rng.random() < 0.5
        if tagged:
            tag = LANGUAGES[language][0] if source == "debian-handbook" else \
                LANGUAGES[language][1].replace("_", "-")
            name, text = f"{n:04d}.html", as_html("en" if tag == "C" else tag, title, body)
        else:
            name, text = f"{n:04d}.txt", f"{title}\n\n{body}\n"
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(text)
        rows.append(f"{name}\t{language}\t{source}\t{'html' if tagged else 'txt'}\t{words}")
        counts[language] = counts.get(language, 0) + 1
    with open(os.path.join(out, "truth.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    print(f"wrote {len(collected)} articles to {folder}: "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
