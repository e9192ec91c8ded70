"""Known-item queries in many languages, made from exported articles.

Each query names the one article it should find and is written in that
article's language. A seeded random generator over articles in a fixed order
decides everything, so the same export always gives the same queries.
RELEVANCE.md ("Languages") explains the kinds.

Words are split per script: runs of letters and digits, lower-cased, except
that Chinese and Japanese characters (Han, kana) stand on their own. With no
dictionary here, a Chinese or Japanese query word is a run of katakana or a
pair of Han characters that reads as a word (see `Corpus.terms`); Korean
words are taken as spaces delimit them.
"""

import math
import random
import re
from collections import Counter, defaultdict

try:
    import snowballstemmer
except ImportError:
    snowballstemmer = None

KINDS = ("rare_title", "mid_body", "title_typo", "inflected", "cjk_cut")
CJK = frozenset(("zh", "ja"))
# Snowball stemmers (the snowballstemmer package's names) of the languages here.
STEMMERS = {
    "ar": "arabic", "de": "german", "en": "english", "es": "spanish",
    "fr": "french", "it": "italian", "nl": "dutch", "pt": "portuguese",
    "ru": "russian",
}

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA = "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_CJK_CHAR = re.compile(f"[{_HAN}{_KANA}]")
# Characters of one script: a pair that changes script (kanji to kana) or has
# a hiragana (mostly grammar) is seldom a word.
_KATAKANA = "\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_ONE_SCRIPT = re.compile(f"[{_HAN}]+|[{_KATAKANA}]+")
_CJK_RUN = re.compile(f"[{_HAN}{_KANA}]+")
_HAN_CHAR = re.compile(f"[{_HAN}]")
_HANGUL_WORD = re.compile("[\uac00-\ud7af]+")
_PIECE = re.compile(f"[{_HAN}{_KANA}]|[^{_HAN}{_KANA}]+")
# Letters and digits, with the combining marks that may follow them (Arabic
# vowel signs, Latin accents written apart): "الرُّحَّل" is one word, not three.
_MARKS = "\u0300-\u036f\u0483-\u0489\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u3099\u309a"
_WORD = re.compile(f"(?:[^\\W_]|[{_MARKS}])+")
# The letters of each non-Latin language's script.
_SCRIPT = {
    "ar": re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]"),
    "ru": re.compile("[\u0400-\u04ff]"),
    "zh": re.compile(f"[{_HAN}]"),
    "ja": re.compile(f"[{_HAN}{_KANA}]"),
    "ko": re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"),
}

# Words in at least this share of a language's articles, and at most that
# share, make mid_body queries (each language has a few hundred articles).
MID_BAND = (0.01, 0.08)
# A query word is one of a language's when at least this share of the
# articles that hold it are in that language.
OWN_SHARE = 0.8
# A cjk_cut is in at most this many articles.
CUT_MAX_DF = 3
# A title word in more than this share of the language's articles does not
# point at one (it is "the", "von", "une"): rare_title leaves it out.
TITLE_MAX_SHARE = 0.1
# How much of a normalised body two articles must share to count as one.
BODY_PREFIX = 300
MIN_WORDS = 50


def tokens(text):
    """Lower-cased runs of letters and digits; each Chinese or Japanese
    character is a token of its own."""
    out = []
    for run in _WORD.findall(text.lower()):
        if _CJK_CHAR.search(run):
            out.extend(_PIECE.findall(run))
        else:
            out.append(run)
    return out


def word_count(text):
    """Words of other scripts, plus one for every two Chinese or Japanese
    characters (about the length of a word in either)."""
    cjk = sum(len(r) for r in _CJK_RUN.findall(text))
    return sum(1 for t in tokens(text) if not _CJK_CHAR.match(t)) + cjk // 2


def script_share(text, language):
    """The share of the letters that are in the language's script, None for
    a Latin-script language."""
    script = _SCRIPT.get(language)
    if script is None:
        return None
    letters = [c for c in text if c.isalpha()]
    return sum(1 for c in letters if script.match(c)) / len(letters) if letters else 0.0


def one_script(text):
    """All Han, or all katakana."""
    return _ONE_SCRIPT.fullmatch(text) is not None


def hangul_starts(text, sizes):
    """The first `sizes` syllables of every longer Korean word: the word
    without the particle or ending that follows it ("운영체제를" -> "운영체제")."""
    return [w[:n] for w in _HANGUL_WORD.findall(text) for n in sizes if len(w) > n]


def cjk_grams(text, sizes):
    """Every run of `sizes` neighbouring Chinese or Japanese characters."""
    out = []
    for run in _CJK_RUN.findall(text.lower()):
        for n in sizes:
            out.extend(run[i:i + n] for i in range(len(run) - n + 1))
    return out


def _normalised(text):
    return " ".join(tokens(text))


class Corpus:
    """Document frequencies over titles and bodies, per term and language."""

    def __init__(self, articles):
        self.size = Counter(a["truth"] for a in articles)
        self.df = Counter()
        self.holders = defaultdict(Counter)  # term -> language -> articles
        self.cf = Counter()  # occurrences of Chinese and Japanese characters and pairs
        self.stems = defaultdict(set)  # (language, stem) -> words
        self.alphabet = {}
        letters = defaultdict(Counter)
        for a in articles:
            text = a["title"] + "\n" + a["body"]
            self.cf.update(cjk_grams(text, (1, 2)))
            seen = (set(tokens(text)) | set(cjk_grams(text, (2, 3, 4)))
                    | set(_ONE_SCRIPT.findall(text.lower()))
                    | set(hangul_starts(text, (2, 3, 4))))
            self.df.update(seen)
            for t in seen:
                self.holders[t][a["truth"]] += 1
        for t, holders in self.holders.items():
            language, count = holders.most_common(1)[0]
            if not t.isalpha() or count < OWN_SHARE * sum(holders.values()):
                continue
            letters[language].update(set(t))
            if stemmer(language):
                self.stems[(language, stemmer(language).stemWord(t))].add(t)
        # Letters a typo may bring in: those of a fair number of the words.
        self.alphabet = {lang: sorted(c for c, n in counts.items() if n >= 20)
                         for lang, counts in letters.items()}

    def terms(self, text, language):
        """The words a query in `language` may use: tokens, and for Chinese
        and Japanese each run of katakana (a loanword: ファイル) and the
        character pairs of `pairs` in each run of Han characters; kana
        between them (mostly grammar) is left out."""
        words = [t for t in tokens(text) if not _CJK_CHAR.match(t)]
        if language in CJK:
            for run in _ONE_SCRIPT.findall(text.lower()):
                if _HAN_CHAR.match(run):
                    words += self.pairs(run)
                elif len(run) >= 2:
                    words.append(run)
        return words

    def pairs(self, run):
        """The character pairs that read as words in a run of Chinese or
        Japanese characters, with no dictionary: the run is cut into single
        characters and pairs so that the pairs hold together as much as they
        can. A pair holds together when it is seen about as often as its
        characters are: log(cf(ab) / sqrt(cf(a) cf(b))) over the whole
        corpus, which is high for a word and low for a pair straddling two
        words or holding a character as common as 的. On this corpus
        用其他语言进行配置 gives 其他 语言 配置, never 他语 or 行配.""" 
        single = math.log(0.5)
        best = [(0.0, [])]
        for i in range(1, len(run) + 1):
            options = [(best[i - 1][0] + single, best[i - 1][1])]
            pair = run[i - 2:i] if i >= 2 else ""
            if one_script(pair) and self.df[pair] >= 2:
                cohesion = math.log(self.cf[pair]
                                    / math.sqrt(self.cf[pair[0]] * self.cf[pair[1]]))
                options.append((best[i - 2][0] + cohesion, best[i - 2][1] + [pair]))
            best.append(max(options, key=lambda o: o[0]))
        return best[-1][1]

    def eligible(self, term, language):
        """A term a query in `language` may use: most articles that hold it
        are in that language (for a Chinese or Japanese pair: all are in one
        of the two, which share their Han characters), so that no query is
        made of names every translation keeps ("apt", "systemd"); letters
        only, 3 or more (2 in Korean); in Chinese and Japanese a Han pair or a katakana word."""
        holders = self.holders.get(term)
        if not holders:
            return False
        if _CJK_CHAR.match(term):
            word = len(term) == 2 if _HAN_CHAR.match(term) else len(term) >= 2
            return word and language in CJK and one_script(term) and set(holders) <= CJK
        if holders[language] < OWN_SHARE * sum(holders.values()):
            return False
        return term.isalpha() and len(term) >= (2 if language == "ko" else 3)

    def mid_band(self, language):
        low, high = MID_BAND
        n = self.size[language]
        return max(2, math.ceil(low * n)), max(3, math.floor(high * n))


_STEMMERS = {}


def stemmer(language):
    if snowballstemmer is None or language not in STEMMERS:
        return None
    if language not in _STEMMERS:
        _STEMMERS[language] = snowballstemmer.stemmer(STEMMERS[language])
    return _STEMMERS[language]


def _stem(language, word):
    s = stemmer(language)
    return s.stemWord(word) if s else word


def rare_title(corpus, article, rng, count=None):
    """The 2 or 3 rarest title words (ties: in text order), no two of one
    stem nor two character pairs that share a character. None if under 2.

    Chinese and Japanese pairs are those of `Corpus.pairs`: otherwise the
    rarest pairs of a title are the ones that straddle two words ("速感" of
    网速感觉很慢), which nobody types."""
    language = article["truth"]
    count = count or rng.choice((2, 3))
    common = TITLE_MAX_SHARE * corpus.size[language]
    words = list(dict.fromkeys(
        t for t in corpus.terms(article["title"], language)
        if corpus.eligible(t, language) and corpus.df[t] <= common))
    words.sort(key=lambda w: corpus.df[w])
    chosen, stems, chars = [], set(), set()
    for w in words:
        stem = _stem(language, w)
        if stem in stems or (_CJK_CHAR.match(w) and chars & set(w)):
            continue
        chosen.append(w)
        stems.add(stem)
        chars.update(w if _CJK_CHAR.match(w) else "")
    return chosen[:count] if len(chosen) >= 2 else None


def mid_body(corpus, article, rng):
    language = article["truth"]
    low, high = corpus.mid_band(language)
    counts = Counter(corpus.terms(article["body"], language))
    words = sorted(w for w, n in counts.items()
                   if n >= 2 and corpus.eligible(w, language) and low <= corpus.df[w] <= high)
    count = rng.choice((3, 4))
    return rng.sample(words, count) if len(words) >= count else None


def typo(word, rng, alphabet, vocabulary):
    """One edit (substitute, delete, insert, swap neighbours) giving a word
    the corpus does not have, or None after a few tries."""
    for _ in range(20):
        edit = rng.choice(("substitute", "delete", "insert", "swap"))
        i = rng.randrange(len(word))
        if edit == "substitute":
            others = [c for c in alphabet if c != word[i]]
            out = word[:i] + rng.choice(others) + word[i + 1:]
        elif edit == "delete":
            out = word[:i] + word[i + 1:]
        elif edit == "insert":
            out = word[:i] + rng.choice(alphabet) + word[i:]
        else:
            i = min(i, len(word) - 2)
            out = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        if out != word and out not in vocabulary:
            return out
    return None


def title_typo(corpus, article, rng):
    language = article["truth"]
    if language in CJK or language == "ko" or not corpus.alphabet.get(language):
        return None
    words = rare_title(corpus, article, rng)
    if not words:
        return None
    long_words = [i for i, w in enumerate(words) if len(w) >= 5]
    if not long_words:
        return None
    i = rng.choice(long_words)
    wrong = typo(words[i], rng, corpus.alphabet[language], corpus.df)
    return None if wrong is None else words[:i] + [wrong] + words[i + 1:]


def inflected(corpus, article, rng):
    """A rare_title query with one word replaced by another word of the same
    Snowball stem that the language's articles use."""
    language = article["truth"]
    if stemmer(language) is None:
        return None
    words = rare_title(corpus, article, rng)
    if not words:
        return None
    changes = [(i, v) for i, w in enumerate(words)
               for v in sorted(corpus.stems[(language, _stem(language, w))] - {w})
               if corpus.eligible(v, language)]
    if not changes:
        return None
    i, variant = rng.choice(changes)
    return words[:i] + [variant] + words[i + 1:]


def cjk_cut(corpus, article, rng):
    """One query word cut from the title or the body that at most CUT_MAX_DF
    articles hold: in Chinese and Japanese 2 to 4 neighbouring characters,
    all Han or all katakana, as pasted from the text; in Korean the first 2
    to 4 syllables of a longer word, as a word is typed without the particle
    that follows it in the text."""
    language = article["truth"]
    if language not in CJK and language != "ko":
        return None
    size = rng.choice((2, 3, 4))
    places = [article["title"], article["body"]]
    rng.shuffle(places)
    for text in places:
        if language == "ko":
            grams = hangul_starts(text, (size,))
        else:
            grams = [g for g in cjk_grams(text, (size,)) if one_script(g)]
        cuts = sorted(set(g for g in grams if corpus.df[g] <= CUT_MAX_DF
                          and set(corpus.holders[g]) == {language}))
        if cuts:
            return [rng.choice(cuts)]
    return None


MAKERS = {
    "rare_title": rare_title,
    "mid_body": mid_body,
    "title_typo": title_typo,
    "inflected": inflected,
    "cjk_cut": cjk_cut,
}


def unique_targets(articles):
    """Articles whose body has 50+ words, whose title no other article has
    and whose body does not start like another's."""
    titles = Counter(_normalised(a["title"]) for a in articles)
    bodies = Counter(_normalised(a["body"])[:BODY_PREFIX] for a in articles)
    return [a for a in articles
            if a["title"].strip() and a["body"].strip()
            and word_count(a["body"]) >= MIN_WORDS
            and titles[_normalised(a["title"])] == 1
            and bodies[_normalised(a["body"])[:BODY_PREFIX]] == 1]


def make_queries(articles, per_kind, seed):
    """Up to `per_kind` queries of each kind in each language, each
    {language, kind, query, target, title}. Every article has its true
    language in "truth"."""
    corpus = Corpus(articles)
    targets = sorted(unique_targets(articles), key=lambda a: (a["path"], a["position"]))
    queries = []
    for language in sorted(corpus.size):
        mine = [a for a in targets if a["truth"] == language]
        for kind in KINDS:
            rng = random.Random(f"{seed}:{language}:{kind}")
            order = mine[:]
            rng.shuffle(order)
            made = 0
            for article in order:
                if made == per_kind:
                    break
                words = MAKERS[kind](corpus, article, rng)
                if words:
                    queries.append({"language": language, "kind": kind,
                                    "query": " ".join(words), "target": article["id"],
                                    "title": article["title"]})
                    made += 1
    return queries, corpus, targets
