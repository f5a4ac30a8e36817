"""allybot: answers readers' questions about Russia's remaining allies from a sourced fact base."""

__version__ = "0.1.0"
