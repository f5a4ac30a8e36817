"""The fact base: models, loading and validation (one code path for the bot, `check` and uploads)."""

from bot.knowledge.base import Ally, Entry, KnowledgeBase
from bot.knowledge.errors import KnowledgeError, ValidationReport
from bot.knowledge.loader import DEFAULT_KNOWLEDGE_DIR, load_knowledge
from bot.knowledge.models import LANGS, Fact, Lang, Source

__all__ = [
    "DEFAULT_KNOWLEDGE_DIR",
    "LANGS",
    "Ally",
    "Entry",
    "Fact",
    "KnowledgeBase",
    "KnowledgeError",
    "Lang",
    "Source",
    "ValidationReport",
    "load_knowledge",
]
