"""The words a follow-up is read by (bot/context.py): those that point back to the last answer, those that
only say how a reader asks, and those that ask for the same again or for what shows it. Folded like
questions are, so they meet the reader's words after `normalize.words`."""

from __future__ import annotations

from bot.matching.normalize import words

# Words that point back to what was just said; folded like questions are.
POINTING_BACK = frozenset(words(
    "dort da dahin dorthin darin drin dabei damals davon dazu dafur es ihm ihn ihr ihre ihren ihrem ihrer sein seine "
    "seinen seinem seiner dessen deren denen dies diese dieser dieses jenes "
    "er ihm ihn there it its they their them those then he him his she"
))
# Words that point back only at the end of a question ("Wann war das?", "Is that true?"); elsewhere they are
# mostly articles ("das Abkommen", "that deal").
POINTING_BACK_LAST = frozenset(words("das dem that this"))
# How a follow-up asks, not what it asks about: "Wann war das?", "Was genau steht da drin?", "Where was that?"
WHY = frozenset(words("warum wieso weshalb weswegen wofur wozu why"))
ASKING_ONLY = frozenset(words(
    "wann wo wohin wie wer genau drin steht stand passiert geschehen gesagt "
    "when where how who exactly inside say says said happen happened mean means since seit "
    "woher weiss wissen know knows known quelle source sources beleg belegt beweis evidence proof "
    "sagt sagte sagten more tell"
))
# Whether what was just said still holds: "gilt der noch?", "still there?", "does it still hold?"
STILL_HOLDS = frozenset(words("gilt gelten galt noch immer weiterhin still hold holds valid true stimmt"))
THERE_IS = frozenset(words("gibt gab geben gabe"))  # 'es gibt': there is
# 'Gilt das auch für Vietnam?', 'Is there one with Vietnam too?': the same again, for another ally.
THE_SAME = frozenset(words(
    "auch ebenfalls ebenso genauso gleiche dasselbe sowas so one too also same such similar sieht aussieht aus bei "
    "look looks like regarding case"
))
# 'Woher weiß man das?', 'how do we know?': what shows the last answer to be so
ASKS_EVIDENCE = ("woher weiss", "woher wissen", "woran sieht", "woran erkennt", "how do we know", "how do you know",
                 "how is that known", "beweis", "beleg", "proof", "evidence")
# What a fact that gives evidence says: 'Das zeigen nachrichtendienstliche Erkenntnisse der USA.'
SHOWS = frozenset(words("zeigen zeigt belegen belegt intelligence nachrichtendienstliche geheimdienst shows show"))
# Phrases that point back to the ally just talked about.
POINTING_PHRASES = ("das land", "dem land", "diesem land", "that country", "this country", "the country")
# What a fact that gives a reason says: 'wirtschaftlich abhängig', 'because', 'braucht Russlands Hilfe'
GIVES_REASON = frozenset(words(
    "weil abhangig angewiesen braucht brauchen grund because dependent depends depend needs need reason"
))
EXACTLY = frozenset(words("genau exakt exactly exact precisely"))  # 'wann genau?', 'when exactly?'
