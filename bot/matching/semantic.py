"""Meaning beyond shared words: how close a question is to a fact's phrasings in a static embedding.

The lexical ranking needs a word of the question in the fact; readers say "unterschrieben" where the fact
says "Abkommen", "bound to defend" where it says "mutual assistance". A static embedding (wordllama's
`l2_supercat`, 256 dimensions, 32,000 tokens; its weights and tokenizer ship inside the wordllama wheel,
nothing is downloaded) maps both near each other: a text is the mean of its tokens' vectors. It is
strongest in English, so it only re-ranks facts the lexical side or the named ally already points to,
and adds to their score (`SEMANTIC_WEIGHT`); it never answers a question no word of which the fact base
knows. The 16 MB table is never in the bot's memory: the rows of a text's tokens are read from the file as
they are needed (`WeightRows`).
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import re
import struct
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from itertools import chain
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer
from tokenizers.models import Model

from bot.knowledge.models import LANGS
from bot.matching.lexicon import ASKS_WHY, STOP_WORDS
from bot.matching.normalize import stem, words

WEIGHTS_FILE = "weights/l2_supercat_256.safetensors"
TOKENIZER_FILE = "tokenizers/l2_supercat_tokenizer_config.json"
_BATCH = 64  # texts embedded at once: their token vectors are gathered (float16) and summed (float32)
# together, ~2 MB for the shipped fact base's phrasings at this size, ~100 MB at 2,048


class WeightRows:
    """The embedding table's rows, read from its file when asked for. Memory-mapped, the table's pages stayed
    in the bot's resident memory: embedding a fact base touches nearly all of them, and the kernel maps a
    cached file's neighbouring pages with each one a question touches (fault-around, which MADV_RANDOM does
    not stop), so 16 MB crept back as readers asked. A question's dozen rows cost a dozen `pread`s."""

    def __init__(self, path: Path, offset: int, count: int, dimensions: int) -> None:
        self.count, self.dimensions = count, dimensions
        self._offset, self._size = offset, dimensions * 2  # float16
        self._fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))

    def take(self, ids: list[int]) -> np.ndarray:
        """The rows of `ids`, in their order (repeats included), as a (len(ids), dimensions) float16 array."""
        read, fd, offset, size = os.pread, self._fd, self._offset, self._size
        data = b"".join([read(fd, size, offset + token * size) for token in ids])
        if len(data) != size * len(ids):
            raise RuntimeError(f"the embedding's weights file ended early ({len(data)} of {size * len(ids)} bytes)")
        return np.frombuffer(data, dtype=np.float16).reshape(len(ids), self.dimensions)

    def gather(self, ids: np.ndarray) -> np.ndarray:
        """`take` for many texts' tokens at once: each distinct row read once."""
        distinct, where = np.unique(ids, return_inverse=True)
        return self.take(distinct.tolist())[where]


@dataclass(frozen=True)
class Embedder:
    """Texts to unit vectors: the mean of their tokens' embeddings (what wordllama's `embed` computes)."""

    table: WeightRows  # (tokens, dimensions), float16, read as needed
    tokenizer: Tokenizer
    # The tokenizer's normalizer and model, when `encode` is only they on the whole text (no pre-tokenizer),
    # and its added tokens, which it would find in a text first.
    normalize: Callable[[str], str] | None = None
    model: Model | None = None
    specials: tuple[str, ...] = ()

    def embed(self, texts: list[str]) -> np.ndarray:
        """One float32 unit row per text; a text without tokens gets a zero row (similar to nothing)."""
        rows = np.zeros((len(texts), self.table.dimensions), dtype=np.float32)
        for start in range(0, len(texts), _BATCH):
            rows[start:start + _BATCH] = self._embed_batch(texts[start:start + _BATCH])
        return rows

    def embed_one(self, text: str) -> np.ndarray:
        """`embed` of one text, without the batch bookkeeping (a question: a few microseconds count)."""
        ids = self._ids(text)
        if not ids:
            return np.zeros(self.table.dimensions, dtype=np.float32)
        last = self.table.count - 1
        if max(ids) > last:  # as wordllama clips; never for its own tokenizer, and np.clip on a list is slow
            ids = [min(token, last) for token in ids]
        total = self.table.take(ids).sum(axis=0, dtype=np.float32)
        norm = math.sqrt(float(total @ total))  # rounded to float32 for the division: np.sqrt's float32 root
        return np.divide(total, norm, out=total) if norm > 0 else total

    def _ids(self, text: str) -> list[int]:
        """The text's tokens, as `encode` gives them without special tokens. That builds an Encoding too
        (offsets, masks, the tokens' strings), which a question does not need: the normalizer and the
        model called directly take a third to half the time, when `encode` is no more than they."""
        if self.normalize is None or self.model is None or any(special in text for special in self.specials):
            return self.tokenizer.encode(text, add_special_tokens=False).ids
        return [token.id for token in self.model.tokenize(self.normalize(text))]

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        # one by one: `encode_batch` starts a pool of threads (rayon) whose stacks and malloc arenas stay
        # with the bot (3 MB), for no time saved on a fact base's few thousand short texts
        encoded = [self._ids(text) for text in texts]
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(texts))
        ids = np.fromiter(chain.from_iterable(encoded), dtype=np.int64)
        np.clip(ids, 0, self.table.count - 1, out=ids)  # as wordllama does
        rows = np.zeros((len(texts), self.table.dimensions), dtype=np.float32)
        spoken = lengths > 0
        if not spoken.any():
            return rows
        starts = (np.cumsum(lengths) - lengths)[spoken]  # texts without tokens add no rows between them
        sums = np.add.reduceat(self.table.gather(ids).astype(np.float32), starts, axis=0)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)  # the mean's direction is the sum's
        rows[spoken] = np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0)
        return rows


@cache
def embedder() -> Embedder:
    """The embedding shipped in the wordllama package (found without importing it: its import pulls in
    a download client the bot never uses)."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the wordllama package is not installed (it ships the embedding): run `uv sync`")
    folder = Path(next(iter(spec.submodule_search_locations)))
    tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    table = _safetensors_rows(folder / WEIGHTS_FILE)
    specials = tuple(token.content for token in tokenizer.get_added_tokens_decoder().values())
    direct = tokenizer.pre_tokenizer is None  # else `encode` splits the text before the model
    return Embedder(table, tokenizer, _normalizing(tokenizer) if direct else None, tokenizer.model, specials)


_SENTENCEPIECE = {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"},
                                                      {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]}


def _normalizing(tokenizer: Tokenizer) -> Callable[[str], str] | None:
    """The tokenizer's normalizer as a function; wordllama's (a '▁' before a text that is not empty and
    for every space, as SentencePiece writes them) in Python, a tenth of the time of calling it."""
    normalizer = tokenizer.normalizer
    if normalizer is None:
        return None
    if json.loads(normalizer.__getstate__()) == _SENTENCEPIECE:
        return _sentencepiece
    return normalizer.normalize_str


def _sentencepiece(text: str) -> str:
    return "▁" + text.replace(" ", "▁") if text else text


def _safetensors_rows(path: Path) -> WeightRows:
    """The one tensor of a safetensors file (8 bytes header length, JSON header, data), read row by row."""
    with path.open("rb") as file:
        (length,) = struct.unpack("<Q", file.read(8))
        header = json.loads(file.read(length))
    (tensor,) = (value for name, value in header.items() if name != "__metadata__")
    if tensor["dtype"] != "F16" or len(tensor["shape"]) != 2:
        raise RuntimeError(f"{path}: expected one 2-d float16 tensor, found {tensor['dtype']} {tensor['shape']}")
    start, end = tensor["data_offsets"]
    rows, columns = tensor["shape"]
    if end - start != rows * columns * 2 or path.stat().st_size < 8 + length + end:
        raise RuntimeError(f"{path}: its tensor's size does not match its shape {tensor['shape']}")
    return WeightRows(path, 8 + length + start, rows, columns)


WORD_FOR_WORD = 0.95  # cosine of a question to a question beside a fact that it asks all but word for word
# Below the bar, a question asks one beside a fact when at least BESIDE_FLOOR close to it, BESIDE_MARGIN closer to it
# than to any of the fact's phrasings, and less than BESIDE_FAR close to them: a short question ('was kam bei der
# konferenz raus'), which lands far from everything; one that close to a phrasing is read by the phrasings.
BESIDE_FLOOR = 0.55
BESIDE_MARGIN = 0.05
BESIDE_FAR = 0.63
FULL_SCAN = 20_000
"""Up to this many phrasings, they are kept in float32; above, in float16 to halve the memory (a question
reads only its candidates' rows, converted as they are read)."""


@dataclass(frozen=True)
class FactVectors:
    """Per fact, the unit vectors of its phrasings (question variants, topic, answer): rows
    `starts[fact]:starts[fact + 1]` of `vectors`; and of the questions beside it that it does not answer
    (`not_answered` in the fact base), rows `beside_starts[fact]:beside_starts[fact + 1]` of `beside`."""

    vectors: np.ndarray
    starts: np.ndarray
    casing: dict[str, str]  # a lower-case word -> how the phrasings write it most often ('kim' -> 'Kim')
    places: dict[str, str]  # a lower-case place name -> the ally's name ('minsk' -> 'Belarus'), allies.py
    beside: np.ndarray
    beside_starts: np.ndarray
    beside_words: list[frozenset[str]]  # per row of `beside`, its stems that none of the fact's phrasings has
    beside_why: list[bool]  # per row of `beside`, whether it asks for a reason (ASKS_WHY)
    _recent: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)
    _bounds: list[int] = field(init=False, compare=False, repr=False)  # `starts` as Python ints: cheaper to slice by

    def __post_init__(self) -> None:
        object.__setattr__(self, "_bounds", self.starts.tolist())

    @classmethod
    def build(cls, phrasings: list[list[str]], places: dict[str, str], not_answered: list[list[str]]
              ) -> FactVectors:
        texts = [text for texts in phrasings for text in texts]
        beside = [text for texts in not_answered for text in texts]
        own = [frozenset().union(*map(_stems, texts)) for texts, besides in zip(phrasings, not_answered, strict=True)
               for _ in besides]
        meaning = embedder()
        vectors = meaning.embed(texts)
        casing = _casing(texts)
        # a question beside a fact is a reader's question: embedded as one is ('welche länder waren denn...'
        # cased, its fillers left out), else a reader who asks it word for word lands far from it
        beside_vectors = meaning.embed([_as_written(text, casing, places) for text in beside])
        kept = vectors if len(texts) <= FULL_SCAN else vectors.astype(np.float16)
        return cls(kept, _starts(phrasings), casing, places, beside_vectors, _starts(not_answered),
                   [_new_stems(text, words) for text, words in zip(beside, own, strict=True)],
                   [not ASKS_WHY.isdisjoint(words(text)) for text in beside])

    def asks_beside(self, question: str, fact: int, closeness: float, near: float = 0.0) -> bool:
        """Whether the question asks one of the questions the fact does not answer: at least `closeness`
        to it and closer than to any of the fact's own phrasings, and sharing a word with it that none of
        them has ('heißen' in 'Wie heißen die iranischen Drohnen?', where 'iran drones' shares none), or
        all but word for word when it has no such word. A short question lands far from every phrasing: 'was kam
        bei der konferenz raus' is 0.63 from 'Was kam bei der Friedenskonferenz heraus?' but 0.45 from the peace
        conference's own phrasings, so clearly closer to the question beside it (BESIDE_MARGIN) is enough.
        `near`: how close the question came to a fact this one supersedes, the fact it was found by."""
        start, end = self.beside_starts[fact], self.beside_starts[fact + 1]
        if start == end:
            return False
        asked = _stems(question)  # the cheap test first: most questions share no such word
        why = not ASKS_WHY.isdisjoint(words(question))
        candidates = [row for row in range(start, end) if why or not self.beside_why[row]]
        rows = [row for row in candidates if not asked.isdisjoint(self.beside_words[row])]
        # one whose words the phrasings all have ('why did raisis helicopter crash' beside his death) is
        # asked only when asked all but word for word
        unworded = [row for row in candidates if not self.beside_words[row]]
        if not rows and not unworded:
            return False
        vector = self.vector(question)
        if unworded and bool((self.beside[unworded] @ vector >= WORD_FOR_WORD).any()):
            return True
        if not rows:
            return False
        own = max(near, self.similarity(question, [fact])[0])
        closeness_of = {row: float(self.beside[row] @ vector) for row in rows}
        if max(closeness_of.values()) >= max(closeness, own):
            return True
        # the lower bar only for a word of substance in common ('kam', not 'hat' or 'was')
        worded = [row for row in rows if any(word not in STOP_WORDS for word in asked & self.beside_words[row])]
        return own < BESIDE_FAR and any(closeness_of[row] >= max(BESIDE_FLOOR, own + BESIDE_MARGIN) for row in worded)

    def similarity(self, question: str, facts: list[int]) -> list[float]:
        """Per fact, the cosine of the question and the fact's closest phrasing. Only the candidates' rows are
        read (a fifth of all, typically), fact by fact with `vecdot` (row by row): a matrix product that
        size goes to BLAS threads, which on a shared machine can wait milliseconds for a busy core."""
        if not facts:
            return []
        vector = self.vector(question)
        vectors, bounds = self.vectors, self._bounds
        found = []
        for fact in facts:
            start, end = bounds[fact], bounds[fact + 1]
            # max of a list: ndarray.max's own overhead is half the cost of a fact's few dozen rows
            found.append(max(np.vecdot(vectors[start:end], vector).tolist()) if end > start else 0.0)
        return found

    def vector(self, question: str) -> np.ndarray:
        """The question's unit vector; the last few are kept, as one question is often compared twice."""
        vector = self._recent.get(question)
        if vector is None:
            if len(self._recent) >= _RECENT:
                self._recent.clear()
            vector = self._recent[question] = embedder().embed_one(_as_written(question, self.casing, self.places))
        return vector


_RECENT = 8
# Chat fillers and German particles say nothing the phrasings say and pull a short question away from them
# ('lmao ok whats he get out of it', 'Was will Russland eigentlich...'): left out of what is embedded
_FILLERS = frozenset({"lol", "lmao", "rofl", "ok", "okay", "yo", "tbh", "ngl", "bro", "pls", "plz", "haha",
                      "hahaha", "hmm", "tho", "rn", "fr", "eigentlich", "denn", "mal", "halt", "eben", "bloss",
                      "überhaupt", "ueberhaupt", "eig"})
# English contractions typed without the apostrophe: 'whats in it for china' lands far from "What's in it for
# China?" (cosine 0.69 against 0.92); the embedding's tokens need the apostrophe
_APOSTROPHE_LEFT_OUT = {
    "whats": "what's", "whos": "who's", "hows": "how's", "wheres": "where's", "thats": "that's", "dont": "don't",
    "doesnt": "doesn't", "didnt": "didn't", "isnt": "isn't", "arent": "aren't", "wasnt": "wasn't", "cant": "can't",
    "hasnt": "hasn't", "havent": "haven't", "wouldnt": "wouldn't", "couldnt": "couldn't",
    "ive": "I've", "youre": "you're", "theyre": "they're", "whys": "why's",
}
_WORD = re.compile(r"\w+")


def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(word, lang) for word in words(text) for lang in LANGS)


def _new_stems(text: str, known: frozenset[str]) -> frozenset[str]:
    """The stems of the text's words that `known` has under neither language's stem ('iranischen' is
    'iranisch' in German, known from 'iranische', though English leaves it whole)."""
    return frozenset(stem(word, lang) for word in words(text) if all(stem(word, other) not in known for other in LANGS)
                     for lang in LANGS)


def _starts(groups: list[list[str]]) -> np.ndarray:
    """Where each group's rows begin in the stacked rows of all groups (and, last, where they end)."""
    starts = np.zeros(len(groups) + 1, dtype=np.int64)
    np.cumsum([len(group) for group in groups], out=starts[1:])
    return starts


def _casing(texts: list[str]) -> dict[str, str]:
    """How the fact base writes each word most often: the embedding's tokens are cased, and 'kim', 'iran'
    or a German noun typed in lower case ('abkommen') land far from 'Kim', 'Iran', 'Abkommen'."""
    forms: Counter[str] = Counter(match.group() for text in texts for match in _WORD.finditer(text))
    best: dict[str, tuple[int, str]] = {}
    for form, count in forms.items():
        key = form.lower()
        if key not in best or count > best[key][0]:
            best[key] = (count, form)
    return {key: form for key, (_, form) in best.items() if form != key}


def _as_written(question: str, casing: dict[str, str], places: dict[str, str]) -> str:
    """A question typed in lower case, its words cased as the fact base writes them and its first letter
    capital; a word the reader capitalized stays as it is. A place stands for its ally: 'Minsk' -> 'Belarus'."""
    def written(match: re.Match[str]) -> str:
        word = match.group()
        place = places.get(word.lower())
        if place is None:
            place = _APOSTROPHE_LEFT_OUT.get(word.lower(), "" if word.lower() in _FILLERS else None)
        return place if place is not None else casing.get(word, word)

    cased = _WORD.sub(written, question)
    return cased[:1].upper() + cased[1:]
