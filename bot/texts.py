"""Every sentence the bot says to readers, in one place per language."""

from __future__ import annotations

from typing import Final

from bot.knowledge.models import Lang

_MONTHS: Final = {
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}

TEXTS: Final[dict[Lang, dict[str, str]]] = {
    "de": {
        "as_of": "Stand",
        "source": "Quelle",
        "stale": "⚠️ Das kann sich seit dem {date} geändert haben.",
        "reviewed": "✅ Geprüft am {date}",
        "quote_marker": "Zitat aus dem Artikel",
        "original": "Englisches Original",
        "ally_intro": "Das weiß ich über {name}. Wählen Sie ein Thema:",
        "overview_intro": "Allgemeiner Hintergrund. Wählen Sie ein Thema:",
        "no_answer": "Zu „{question}“ habe ich leider keinen Fakt.",
        "no_answer_empty": "Dazu habe ich leider keinen Fakt.",
        "suggest": "Meinten Sie vielleicht:",
        "browse": "Oder stöbern Sie in den Verbündeten: /allies",
        "greeting": (
            "Hallo! Ich beantworte Fragen dazu, wer noch an Russlands Seite steht: China, Nordkorea, "
            "Belarus, Iran, Syrien und Vietnam. Jede Antwort mit Zitat und Quelle (DW)."
        ),
        "help": (
            "So geht's: Stellen Sie eine Frage in eigenen Worten, z. B. „Liefert der Iran Drohnen?“ oder "
            "„Was hat Belarus Russland erlaubt?“. Ein Ländername allein zeigt alle Themen dazu.\n"
            "/allies – die Verbündeten · /lang – Sprache wechseln · /help – diese Hilfe"
        ),
        "thanks": "Gern geschehen! Fragen Sie gern weiter.",
        "choose_ally": "Über welchen Verbündeten möchten Sie etwas wissen?",
        "overview_button": "Überblick",
        "all_allies_button": "Alle Verbündeten",
        "more_topics": "Weitere Themen",
        "feedback_thanks": "Danke für Ihre Rückmeldung!",
        "lang_set": "Ich antworte jetzt auf Deutsch.",
        "non_text": "Ich verstehe nur Textnachrichten. Schreiben Sie mir eine Frage, z. B. „Was liefert Nordkorea?“",
        "too_long": (
            "Diese Nachricht ist zu lang ({length} Zeichen). Bitte fragen Sie kürzer (höchstens {limit} Zeichen)."
        ),
        "flood": "Bitte etwas langsamer – ich beantworte gleich wieder Ihre Fragen.",
        "error": "Entschuldigung, da ist etwas schiefgegangen. Bitte versuchen Sie es noch einmal.",
        "stale_button": "Diese Schaltfläche ist veraltet. Bitte fragen Sie neu oder nutzen Sie /allies.",
        "inline_empty": "Keine passende Antwort",
        "unknown_command": "Diesen Befehl kenne ich nicht. /help zeigt, was ich kann.",
        "lang_usage": "Mit /lang de antworte ich auf Deutsch, mit /lang en auf Englisch.",
        "cmd_start": "Begrüßung und die Verbündeten",
        "cmd_help": "So stellen Sie Fragen",
        "cmd_allies": "Die Verbündeten zum Antippen",
        "cmd_lang": "Sprache wechseln (Deutsch/English)",
    },
    "en": {
        "as_of": "As of",
        "source": "Source",
        "stale": "⚠️ This may have changed since {date}.",
        "reviewed": "✅ Checked on {date}",
        "quote_marker": "Quote from the German article",
        "original": "English original",
        "ally_intro": "Here is what I know about {name}. Pick a topic:",
        "overview_intro": "General background. Pick a topic:",
        "no_answer": "I have no fact on “{question}”, sorry.",
        "no_answer_empty": "I have no fact on that, sorry.",
        "suggest": "Did you mean:",
        "browse": "Or browse the allies: /allies",
        "greeting": (
            "Hello! I answer questions about who still stands by Russia: China, North Korea, Belarus, Iran, "
            "Syria and Vietnam. Every answer comes with a quote and its source (DW)."
        ),
        "help": (
            "How it works: ask in your own words, e.g. “Does Iran send drones?” or “What did Belarus allow "
            "Russia to do?”. A country's name alone shows all its topics.\n"
            "/allies – the allies · /lang – switch language · /help – this help"
        ),
        "thanks": "You're welcome! Ask me anything else.",
        "choose_ally": "Which ally would you like to know about?",
        "overview_button": "Overview",
        "all_allies_button": "All allies",
        "more_topics": "More topics",
        "feedback_thanks": "Thanks for your feedback!",
        "lang_set": "I will answer in English now.",
        "non_text": "I only understand text messages. Send me a question, e.g. “What does North Korea supply?”",
        "too_long": "That message is too long ({length} characters). Please keep it under {limit} characters.",
        "flood": "Please slow down a little – I'll answer your questions again in a moment.",
        "error": "Sorry, something went wrong. Please try again.",
        "stale_button": "This button has expired. Please ask again or use /allies.",
        "inline_empty": "No matching answer",
        "unknown_command": "I don't know that command. /help shows what I can do.",
        "lang_usage": "Use /lang en for English or /lang de for German.",
        "cmd_start": "Greeting and the allies",
        "cmd_help": "How to ask questions",
        "cmd_allies": "The allies as buttons",
        "cmd_lang": "Switch language (English/Deutsch)",
    },
}


def t(lang: Lang, key: str, **values: object) -> str:
    """The text `key` in `lang`, with `values` filled in."""
    return TEXTS[lang][key].format(**values)


def format_date(value: str, lang: Lang) -> str:
    """'2024-06-20' -> '20.06.2024' / '20 June 2024'; '2024-06' -> 'Juni 2024' / 'June 2024'."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 2:
        return f"{_MONTHS[lang][parts[1] - 1]} {parts[0]}"
    year, month, day = parts
    return f"{day:02d}.{month:02d}.{year}" if lang == "de" else f"{day} {_MONTHS[lang][month - 1]} {year}"
