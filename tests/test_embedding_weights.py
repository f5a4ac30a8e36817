"""The embedding's 16 MB table stays on disk: the bot reads the rows of a text's tokens as it needs them
(`bot.matching.semantic.WeightRows`). Memory-mapped, it crept back into the bot's resident memory as readers
asked (the kernel maps a cached file's neighbouring pages with each one touched), and set its peak while a fact
base was embedded."""

from __future__ import annotations

import importlib.util
import json
import struct
from pathlib import Path

import numpy as np

from bot.context import understand
from bot.matching import Index
from bot.matching.semantic import WEIGHTS_FILE, embedder


def _whole_table() -> np.ndarray:
    """The table as the safetensors format lays it out, read in one piece (what the bot must not hold)."""
    spec = importlib.util.find_spec("wordllama")
    assert spec is not None and spec.submodule_search_locations
    path = Path(next(iter(spec.submodule_search_locations))) / WEIGHTS_FILE
    data = path.read_bytes()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    (tensor,) = (value for name, value in header.items() if name != "__metadata__")
    start, end = tensor["data_offsets"]
    return np.frombuffer(data[8 + length + start:8 + length + end], dtype=np.float16).reshape(tensor["shape"])


def test_a_text_is_embedded_from_the_rows_its_tokens_have_in_the_table() -> None:
    table = _whole_table()
    rows = embedder().table
    assert (rows.count, rows.dimensions) == table.shape
    ids = [0, 17, 17, 31_999, 4_242, 17]  # repeats and the last row included, out of order
    assert np.array_equal(rows.take(ids), table[ids])
    assert np.array_equal(rows.gather(np.array(ids)), table[ids])
    text = "Was haben Putin und Kim Jong Un unterschrieben?"
    tokens = embedder().tokenizer.encode(text, add_special_tokens=False).ids
    expected = table[tokens].sum(axis=0, dtype=np.float32)
    expected /= np.linalg.norm(expected)
    assert np.allclose(embedder().embed_one(text), expected, atol=1e-6)
    assert np.allclose(embedder().embed([text, ""])[0], expected, atol=1e-6)
    assert not embedder().embed([""]).any()  # a text without tokens is similar to nothing


def test_answering_readers_keeps_no_part_of_the_weights_file_mapped(shipped_index: Index) -> None:
    for question in ("Liefert der Iran Drohnen an Russland?", "Is Pyongyang now bound to defend Russia?",
                     "Wie sehr hängt Minsk am russischen Tropf?"):
        assert understand(shipped_index, question, None, None, 0.0).match.kind == "answer"
    mapped = Path("/proc/self/maps")
    if mapped.exists():  # Linux, where the bot runs
        assert Path(WEIGHTS_FILE).name not in mapped.read_text()
