"""Every country's name, so that a question about a country the fact base does not know is refused; and the
everyday subjects (weather, recipes) that weigh against an answer the same way.

The names are pycountry's in English and German, shipped as a list (scripts/make_word_lists.py), folded
and joined without spaces ('sudafrika'), so the bot does not load pycountry's databases.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

COUNTRIES_FILE = Path(__file__).with_name("data") / "countries.txt"

# Country names readers use that pycountry's official lists spell differently.
EXTRA_COUNTRIES = ("usa amerika america turkei turkey turkiye england britain grossbritannien holland taiwan kosovo "
                   "sudkorea nordmazedonien emirate emirates")


# Leaders of other countries stand for their country: 'Ist Erdogan ein Putin-Freund?' asks about Turkey.
OTHER_LEADERS = (
    "erdogan modi orban trump biden obama macron scholz merz merkel selenskyj selensky zelensky zelenskyy "
    "lula ramaphosa netanyahu starmer sunak meloni tokajew tokayev mirsijojew mirziyoyev orbans erdogans maduro fico "
    "vucic"
)

# Everyday subjects no fact base about Russia's allies covers: like another country, a question naming one
# is about something else ('whats the weather in moscow today'), unless the fact base knows the word.
_EVERYDAY = (
    "weather wetter forecast wettervorhersage temperature temperatur recipe rezept recipes rezepte football "
    "fussball soccer bundesliga pizza doner kebab burger restaurant hotel movie film netflix horoscope "
    "horoskop lottery lotto zeitverschiebung zeitunterschied uhrzeit timezone"
)
# And subjects of the war itself that no fact covers ('Gibt es inzwischen einen Waffenstillstand?'), weighed alike
_BEYOND = "waffenstillstand waffenruhe ceasefire truce vorbei kriegsende friedensvertrag"  # 'Ist der Krieg vorbei?'
EVERYDAY_SUBJECTS = frozenset(_EVERYDAY.split()) | frozenset(_BEYOND.split())


@cache
def country_names() -> frozenset[str]:
    """A question naming a country the fact base does not know is about something else; the name must
    weigh heavily against an answer instead of being ignored as an unknown word."""
    return frozenset(COUNTRIES_FILE.read_text(encoding="utf-8").split()) | frozenset(OTHER_LEADERS.split())
