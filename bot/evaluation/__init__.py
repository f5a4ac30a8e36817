"""How good the matcher is: a development set it is tuned on and a test set it never sees while tuning.

`allybot eval` prints both side by side (`report.py`), with ablations (without the semantic signal,
without conversation memory) and, with `--baselines`, plain rapidfuzz WRatio and BM25.
"""

from bot.evaluation.cases import Case, Conversation, EvalError, EvalSet, load_eval_set
from bot.evaluation.report import run_evaluation

__all__ = ["Case", "Conversation", "EvalError", "EvalSet", "load_eval_set", "run_evaluation"]
