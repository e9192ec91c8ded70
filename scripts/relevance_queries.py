"""Known-item queries for the relevance evaluation, made from exported articles.

Each query names the one article it should find. Everything is decided by a
seeded random generator over articles in a fixed order, so the same export
always gives the same queries. RELEVANCE.md explains the four kinds.
"""

import math
import random
import re
from collections import Counter

KINDS = ("rare_title", "mid_body", "title_typo", "title_plural")

# Words in at least this share of the articles, and at most that share, make
# mid_body queries: rarer words would pin the article down on their own,
# commoner ones say next to nothing about it.
MID_BAND = (0.005, 0.05)

# How much of a normalised body two articles must share to count as one story.
BODY_PREFIX = 300

STOP_WORDS = frozenset("""
a about above after again against all also am an and any are aren as at be
because been before being below between both but by can cannot could did
didn do does doesn doing don down during each even ever every few for from
further had hadn has hasn have haven having he her here hers herself him
himself his how however i if in into is isn it its itself just let like ll
may me might more most much must mustn my myself new no nor not now of off
on once only or other ought our ours ourselves out over own re said same
say says shall shan she should shouldn since so some such than that the
their theirs them themselves then there these they this those though
through to too under until up upon us ve very via was wasn we were weren
what when where whether which while who whom whose why will with won would
wouldn yet you your yours yourself yourselves
""".split())

_TOKEN = re.compile(r"[^\W_]+")
_ELIGIBLE = re.compile(r"[a-z]{3,}")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def tokens(text):
    """Lower-cased runs of letters and digits, as the engines split words."""
    return _TOKEN.findall(text.lower())


def eligible(word):
    """A word a query may use: plain ASCII letters, 3 or more, no stop word.

    Tokens with digits ("h100", "2017") or accents are left out, so every
    engine sees the same word whatever it does with numbers and diacritics.
    """
    return _ELIGIBLE.fullmatch(word) is not None and word not in STOP_WORDS


def _normalised(text):
    return " ".join(tokens(text))


def unique_targets(articles):
    """Articles whose title no other article has, and whose body does not
    start like another's: for them, "the one article" is well defined."""
    titles = Counter(_normalised(a["title"]) for a in articles)
    bodies = Counter(_normalised(a["body"])[:BODY_PREFIX] for a in articles)
    return [
        a
        for a in articles
        if a["title"].strip()
        and a["body"].strip()
        and titles[_normalised(a["title"])] == 1
        and bodies[_normalised(a["body"])[:BODY_PREFIX]] == 1
    ]


class Corpus:
    """Document frequencies of words over titles and bodies together."""

    def __init__(self, articles):
        self.size = len(articles)
        self.df = Counter()
        for a in articles:
            self.df.update(set(tokens(a["title"])) | set(tokens(a["body"])))

    def rarest_title_words(self, article, count):
        """The `count` rarest eligible title words, rarest first (ties: a-z);
        one of "shark" and "sharks", not both. None if fewer than 2."""
        words = sorted({w for w in tokens(article["title"]) if eligible(w)})
        words.sort(key=lambda w: self.df[w])
        chosen = []
        for w in words:
            if other_number(w) not in chosen:
                chosen.append(w)
        return chosen[:count] if len(chosen) >= 2 else None

    def mid_band(self):
        low, high = MID_BAND
        return math.ceil(low * self.size), math.floor(high * self.size)


def rare_title(corpus, article, rng):
    return corpus.rarest_title_words(article, rng.choice((2, 3)))


def mid_body(corpus, article, rng):
    low, high = corpus.mid_band()
    counts = Counter(tokens(article["body"]))
    # Words the body repeats are the ones a reader would remember it by.
    words = sorted(
        w for w, n in counts.items()
        if n >= 2 and eligible(w) and low <= corpus.df[w] <= high
    )
    count = rng.choice((3, 4))
    return rng.sample(words, count) if len(words) >= count else None


def typo(word, rng, vocabulary):
    """One edit (substitute, delete, insert, swap neighbours) giving a word
    the corpus does not have, or None after a few tries."""
    for _ in range(20):
        edit = rng.choice(("substitute", "delete", "insert", "swap"))
        i = rng.randrange(len(word))
        if edit == "substitute":
            out = word[:i] + rng.choice(_LETTERS.replace(word[i], "")) + word[i + 1:]
        elif edit == "delete":
            out = word[:i] + word[i + 1:]
        elif edit == "insert":
            out = word[:i] + rng.choice(_LETTERS) + word[i:]
        else:
            i = min(i, len(word) - 2)
            out = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        if out != word and out not in vocabulary:
            return out
    return None


def title_typo(corpus, article, rng):
    words = rare_title(corpus, article, rng)
    if not words:
        return None
    long_words = [i for i, w in enumerate(words) if len(w) >= 5]
    if not long_words:
        return None
    i = rng.choice(long_words)
    wrong = typo(words[i], rng, corpus.df)
    if wrong is None:
        return None
    return words[:i] + [wrong] + words[i + 1:]


def other_number(word):
    """The plural of a singular English noun, or the singular of a plural,
    by the regular rules ("chips" -> "chip", "bank" -> "banks")."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def title_plural(corpus, article, rng):
    words = rare_title(corpus, article, rng)
    if not words:
        return None
    # Only changes that give a word the corpus uses: "chips" -> "chip", never
    # "running" -> "runnings".
    changes = [
        (i, other_number(w)) for i, w in enumerate(words)
        if corpus.df[other_number(w)] > 0 and eligible(other_number(w))
    ]
    if not changes:
        return None
    i, variant = rng.choice(changes)
    return words[:i] + [variant] + words[i + 1:]


MAKERS = {
    "rare_title": rare_title,
    "mid_body": mid_body,
    "title_typo": title_typo,
    "title_plural": title_plural,
}


def make_queries(articles, per_kind, seed):
    """`per_kind` queries of each kind, each {kind, query, target, title}."""
    corpus = Corpus(articles)
    # Ids hash absolute paths; paths relative to the clone are the same in
    # every clone, so the queries are too.
    targets = sorted(unique_targets(articles), key=lambda a: (a["path"], a["position"]))
    queries = []
    for kind in KINDS:
        rng = random.Random(f"{seed}:{kind}")
        order = targets[:]
        rng.shuffle(order)
        made = 0
        for article in order:
            if made == per_kind:
                break
            words = MAKERS[kind](corpus, article, rng)
            if words:
                queries.append({"kind": kind, "query": " ".join(words),
                                "target": article["id"], "title": article["title"]})
                made += 1
    return queries, corpus, len(targets)
