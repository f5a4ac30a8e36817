"""Meaning beyond shared words: how close a question is to a fact's phrasings in a static embedding.

The lexical ranking needs a word of the question in the fact; readers say "unterschrieben" where the fact
says "Abkommen", "bound to defend" where it says "mutual assistance". A static embedding (wordllama's
`l2_supercat`, 256 dimensions, 32,000 tokens; its weights and tokenizer ship inside the wordllama wheel,
nothing is downloaded) maps both near each other: a text is the mean of its tokens' vectors. It is
strongest in English, so it only re-ranks facts the lexical side or the named ally already points to,
and adds to their score (`SEMANTIC_WEIGHT`); it never answers a question no word of which the fact base
knows. The weights are memory-mapped: only the rows of tokens actually seen are read.
"""

from __future__ import annotations

import importlib.util
import json
import struct
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

WEIGHTS_FILE = "weights/l2_supercat_256.safetensors"
TOKENIZER_FILE = "tokenizers/l2_supercat_tokenizer_config.json"


@dataclass(frozen=True)
class Embedder:
    """Texts to unit vectors: the mean of their tokens' embeddings (what wordllama's `embed` computes)."""

    table: np.ndarray  # (tokens, dimensions), float16, memory-mapped
    tokenizer: Tokenizer

    def embed(self, texts: list[str]) -> np.ndarray:
        """One float32 unit row per text; a text without tokens gets a zero row (similar to nothing)."""
        rows = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        for row, encoding in zip(rows, self.tokenizer.encode_batch(texts, add_special_tokens=False), strict=True):
            ids = [i for i in encoding.ids if 0 <= i < self.table.shape[0]]
            if ids:
                mean = self.table[ids].astype(np.float32).mean(axis=0)
                norm = float(np.linalg.norm(mean))
                if norm > 0:
                    row[:] = mean / norm
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
    return Embedder(_safetensors_matrix(folder / WEIGHTS_FILE), tokenizer)


def _safetensors_matrix(path: Path) -> np.ndarray:
    """The one tensor of a safetensors file, memory-mapped (8 bytes header length, JSON header, data)."""
    with path.open("rb") as file:
        (length,) = struct.unpack("<Q", file.read(8))
        header = json.loads(file.read(length))
    (tensor,) = (value for name, value in header.items() if name != "__metadata__")
    if tensor["dtype"] != "F16" or len(tensor["shape"]) != 2:
        raise RuntimeError(f"{path}: expected one 2-d float16 tensor, found {tensor['dtype']} {tensor['shape']}")
    start, _ = tensor["data_offsets"]
    return np.memmap(path, dtype=np.float16, mode="r", offset=8 + length + start, shape=tuple(tensor["shape"]))


FULL_SCAN = 20_000
"""Up to this many phrasings, a question is compared with all of them at once (float32, tens of
microseconds); above, only with the candidates' phrasings, kept in float16 to halve the memory."""


@dataclass(frozen=True)
class FactVectors:
    """Per fact, the unit vectors of its phrasings (question variants, topic, answer): rows
    `starts[fact]:starts[fact + 1]` of `vectors`."""

    vectors: np.ndarray
    starts: np.ndarray

    @classmethod
    def build(cls, phrasings: list[list[str]]) -> FactVectors:
        texts = [text for texts in phrasings for text in texts]
        starts = np.zeros(len(phrasings) + 1, dtype=np.int64)
        np.cumsum([len(texts) for texts in phrasings], out=starts[1:])
        vectors = embedder().embed(texts)
        return cls(vectors if len(texts) <= FULL_SCAN else vectors.astype(np.float16), starts)

    def similarity(self, question: str, facts: list[int]) -> list[float]:
        """Per fact, the cosine of the question and the fact's closest phrasing."""
        if not facts:
            return []
        vector = embedder().embed([question])[0]
        if self.vectors.dtype == np.float32:
            nonempty = self.starts[:-1] < self.starts[1:]
            best = np.zeros(len(self.starts) - 1, dtype=np.float32)
            best[nonempty] = np.maximum.reduceat(self.vectors @ vector, self.starts[:-1][nonempty])
            return [float(value) for value in best[facts]]
        found = []
        for fact in facts:
            rows = self.vectors[self.starts[fact]:self.starts[fact + 1]]
            found.append(float((rows.astype(np.float32) @ vector).max()) if len(rows) else 0.0)
        return found
