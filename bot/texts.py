"""Every sentence the bot says to readers, in one place per language."""

from __future__ import annotations

from typing import Final

from bot.knowledge.languages import LANGUAGE_NAMES
from bot.knowledge.models import Lang

_MONTHS: Final = {
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}

TEXTS: Final[dict[Lang, dict[str, str]]] = {
    "de": {
        "as_of": "Stand: {date}",
        "as_of_stale": "⚠️ Stand: {date} – das kann sich seither geändert haben.",
        "source": "Quelle",
        "quote_from_edition": "Das Zitat stammt aus der englischen Ausgabe des Artikels:",
        "quote_in": "Zitat aus dem {language} Artikel",
        "quote_in_code": "Zitat aus dem Artikel (Sprache: {code})",
        "how_was_it": "Wie war es im {when}?",
        "how_was_it_year": "Wie war es {when}?",
        "newer_button": "Neuerer Stand: {when}",
        "superseded": "🕰 Das war der Stand im {when}. Neuer ist: {topic} ({newer})",
        "superseded_year": "🕰 Das war der Stand {when}. Neuer ist: {topic} ({newer})",
        "time_before": "Aus {asked} habe ich dazu nichts; das ist der früheste Stand ({when}).",
        "time_after": "Für {asked} habe ich dazu nichts Neueres als {when}.",
        "time_between": "Aus {asked} habe ich dazu nichts; das ist der Stand davor ({when}).",
        "changed_since": "Neuere Fakten seit {when}:",
        "original": "Deutsches Original",
        "as_of_reviewed": "Stand: {date} – ✅ geprüft am {reviewed}",
        "ally_intro": "Das weiß ich über {name}. Wählen Sie ein Thema:",
        "overview_intro": "Allgemeiner Hintergrund. Wählen Sie ein Thema:",
        "assumed_ally": "Zu {name}:",
        "no_answer": "Zu „{question}“ habe ich leider keinen Fakt.",
        "source_of_last": "Meine letzte Antwort („{topic}“) stützt sich auf diese Quelle:",
        "no_answer_empty": "Dazu habe ich leider keinen Fakt.",
        "suggest": "Vielleicht passt eines der Themen unten.",
        "browse": "Oder stöbern Sie in den Verbündeten: /allies",
        "greeting": (
            "Hallo! Ich beantworte Fragen dazu, wer noch an Russlands Seite steht: China, Nordkorea, "
            "Belarus, Iran, Syrien und Vietnam. Jede Antwort mit Zitat, Quelle und Stand."
        ),
        "help": (
            "So geht's: Stellen Sie eine Frage in eigenen Worten, z. B. „Liefert der Iran Drohnen?“ oder "
            "„Was hat Belarus Russland erlaubt?“. Ein Ländername allein zeigt alle Themen dazu.\n"
            "/allies – die Verbündeten · /lang – Sprache wechseln · /privacy – Ihre Daten · /help – diese Hilfe"
        ),
        "thanks": "Gern geschehen! Fragen Sie gern weiter.",
        "goodbye": "Tschüss, bis zum nächsten Mal! 👋",
        "about_bot": (
            "Ich bin allybot, ein Bot mit einer von Redakteuren gepflegten Faktensammlung zu Russlands Verbündeten. "
            "Sie beginnt mit einem DW-Artikel vom Juni 2024 und wird mit neueren Berichten fortgeschrieben: Jede "
            "Antwort nennt ihre Quelle mit wörtlichem Zitat und Stand."
        ),
        "doubt": (
            "Jede meiner Antworten zitiert die Quelle wörtlich und verlinkt sie, mit dem Datum, für das sie gilt – "
            "dort können Sie es nachlesen."
        ),
        "chatter": "Fragen Sie mich gern etwas über Russlands Verbündete, z. B. „Was liefert Nordkorea?“",
        "choose_ally": "Über welchen Verbündeten möchten Sie etwas wissen?",
        "overview_button": "Überblick",
        "all_allies_button": "Alle Verbündeten",
        "feedback_thanks": "Danke für Ihre Rückmeldung!",
        "lang_set": "Ich antworte jetzt auf Deutsch.",
        "non_text": "Ich verstehe nur Textnachrichten. Schreiben Sie mir eine Frage, z. B. „Was liefert Nordkorea?“",
        "too_long": (
            "Diese Nachricht ist zu lang ({length} Zeichen). Bitte fragen Sie kürzer (höchstens {limit} Zeichen)."
        ),
        "flood": "Bitte etwas langsamer – ich beantworte gleich wieder Ihre Fragen.",
        "error": "Entschuldigung, da ist etwas schiefgegangen. Bitte versuchen Sie es noch einmal.",
        "stale_button": "Diese Schaltfläche ist veraltet. Bitte fragen Sie neu oder nutzen Sie /allies.",
        "not_your_card": "Diese Antwort gehört zur Frage von jemand anderem. Fragen Sie mich gern selbst!",
        "inline_flood": "Zu viele Anfragen – bitte kurz warten",
        "unknown_command": "Diesen Befehl kenne ich nicht. /help zeigt, was ich kann.",
        "lang_usage": "Mit /lang de antworte ich auf Deutsch, mit /lang en auf Englisch.",
        "cmd_start": "Begrüßung und die Verbündeten",
        "cmd_help": "So stellen Sie Fragen",
        "cmd_allies": "Die Verbündeten zum Antippen",
        "cmd_lang": "Sprache wechseln (Deutsch/English)",
        "cmd_privacy": "Was ich über Sie speichere",
        "cmd_forget": "Alles löschen, was ich über Sie speichere",
        "privacy": (
            "Was ich über Sie speichere:\n"
            "• Ihre Fragen (auch in Gruppen und im Inline-Modus), wie Sie sie geschrieben haben, mit der "
            "gefundenen Antwort – damit die Redaktion sieht, was fehlt;\n"
            "• Ihre 👍/👎 zu einer Antwort;\n"
            "• Ihre Sprachwahl mit /lang.\n"
            "Ihre Telegram-ID speichere ich dabei nie, nur einen daraus berechneten Hash (HMAC-SHA256 mit einem "
            "geheimen Schlüssel, der auf dem Server bleibt). Fragen und Bewertungen lösche ich nach {days} Tagen, die "
            "Sprachwahl {days} Tage nach Ihrer letzten Nachricht. Die Redaktion sieht Fragen ohne Absender. "
            "Eine eingehende Nachricht liegt nur, bis sie beantwortet ist, vollständig auf dem Server.\n"
            "/forget löscht sofort alles, was ich über Sie gespeichert habe. Den Chatverlauf selbst speichert "
            "Telegram; den können Sie in der App löschen."
        ),
        "forget_confirm": (
            "Soll ich alles löschen, was ich über Sie gespeichert habe (Fragen, Bewertungen, Sprachwahl)? "
            "Das lässt sich nicht rückgängig machen."
        ),
        "forget_yes": "Ja, alles löschen",
        "forget_no": "Abbrechen",
        "forgotten": "Erledigt: Ihre Fragen, Bewertungen und Ihre Sprachwahl sind gelöscht.",
        "forget_cancelled": "Abgebrochen – nichts wurde gelöscht.",
        "forget_failed": "Das Löschen hat gerade nicht geklappt. Bitte versuchen Sie /forget später noch einmal.",
        "terminal_privacy": "Im Terminal speichere ich nichts: keine Fragen, keine Bewertungen, keine Einstellungen.",
        "terminal_hint": "Frage stellen oder Nummer wählen; /help zeigt die Befehle, Ctrl-D beendet.",
        "terminal_choice": "Bitte wählen Sie eine Nummer von 1 bis {count} oder stellen Sie eine Frage.",
    },
    "en": {
        "as_of": "As of {date}",
        "as_of_stale": "⚠️ As of {date} – this may have changed since.",
        "source": "Source",
        "quote_from_edition": "The quote is from the German edition of the article:",
        "quote_in": "Quote from the {language} article",
        "quote_in_code": "Quote from the article (language: {code})",
        "how_was_it": "What was it in {when}?",
        "how_was_it_year": "What was it in {when}?",
        "newer_button": "Newer: {when}",
        "superseded": "🕰 This was the state of things in {when}. Newer: {topic} ({newer})",
        "superseded_year": "🕰 This was the state of things in {when}. Newer: {topic} ({newer})",
        "time_before": "I have nothing on this from {asked}; this is the earliest I know ({when}).",
        "time_after": "For {asked} I have nothing on this newer than {when}.",
        "time_between": "I have nothing on this from {asked}; this is how it was before ({when}).",
        "changed_since": "Newer facts since {when}:",
        "as_of_reviewed": "As of {date} – ✅ checked on {reviewed}",
        "original": "English original",
        "ally_intro": "Here is what I know about {name}. Pick a topic:",
        "overview_intro": "General background. Pick a topic:",
        "assumed_ally": "About {name}:",
        "no_answer": "I have no fact on “{question}”, sorry.",
        "source_of_last": "My last answer (“{topic}”) rests on this source:",
        "no_answer_empty": "I have no fact on that, sorry.",
        "suggest": "Perhaps one of the topics below fits.",
        "browse": "Or browse the allies: /allies",
        "greeting": (
            "Hello! I answer questions about who still stands by Russia: China, North Korea, Belarus, Iran, "
            "Syria and Vietnam. Every answer comes with a quote, its source and the date it holds for."
        ),
        "help": (
            "How it works: ask in your own words, e.g. “Does Iran send drones?” or “What did Belarus allow "
            "Russia to do?”. A country's name alone shows all its topics.\n"
            "/allies – the allies · /lang – switch language · /privacy – your data · /help – this help"
        ),
        "thanks": "You're welcome! Ask me anything else.",
        "goodbye": "Bye, see you next time! 👋",
        "about_bot": (
            "I'm allybot, a bot with a fact base on Russia's allies kept by editors. It began with a DW article "
            "of June 2024 and is kept up to date from newer reports: every answer names its source with a "
            "verbatim quote and the date it holds for."
        ),
        "doubt": (
            "Each of my answers quotes its source word for word and links to it, with the date it holds for – "
            "you can check it there."
        ),
        "chatter": "Feel free to ask me about Russia's allies, e.g. “What does North Korea supply?”",
        "choose_ally": "Which ally would you like to know about?",
        "overview_button": "Overview",
        "all_allies_button": "All allies",
        "feedback_thanks": "Thanks for your feedback!",
        "lang_set": "I will answer in English now.",
        "non_text": "I only understand text messages. Send me a question, e.g. “What does North Korea supply?”",
        "too_long": "That message is too long ({length} characters). Please keep it under {limit} characters.",
        "flood": "Please slow down a little – I'll answer your questions again in a moment.",
        "error": "Sorry, something went wrong. Please try again.",
        "stale_button": "This button has expired. Please ask again or use /allies.",
        "not_your_card": "This card answers someone else's question. Ask me yourself to get your own!",
        "inline_flood": "Too many requests – please wait a moment",
        "unknown_command": "I don't know that command. /help shows what I can do.",
        "lang_usage": "Use /lang en for English or /lang de for German.",
        "cmd_start": "Greeting and the allies",
        "cmd_help": "How to ask questions",
        "cmd_allies": "The allies as buttons",
        "cmd_lang": "Switch language (English/Deutsch)",
        "cmd_privacy": "What I store about you",
        "cmd_forget": "Delete everything I store about you",
        "privacy": (
            "What I store about you:\n"
            "• your questions (in groups and inline mode too) as you wrote them, with the answer found – so the "
            "editors see what is missing;\n"
            "• your 👍/👎 on an answer;\n"
            "• your language choice from /lang.\n"
            "I never store your Telegram id, only a keyed hash of it (HMAC-SHA256 with a secret key kept on the "
            "server). Questions and votes are deleted after {days} days, the language choice {days} days after "
            "your last message. The editors see questions without who asked them. An incoming message is kept "
            "whole on the server only until it is answered.\n"
            "/forget deletes everything I have stored about you at once. The chat history itself is kept by "
            "Telegram; you can delete it in the app."
        ),
        "forget_confirm": (
            "Shall I delete everything I have stored about you (questions, votes, language choice)? "
            "This cannot be undone."
        ),
        "forget_yes": "Yes, delete everything",
        "forget_no": "Cancel",
        "forgotten": "Done: your questions, votes and language choice are deleted.",
        "forget_cancelled": "Cancelled – nothing was deleted.",
        "forget_failed": "Deleting did not work just now. Please try /forget again later.",
        "terminal_privacy": "In the terminal I store nothing: no questions, no votes, no settings.",
        "terminal_hint": "Ask a question or pick a number; /help shows the commands, Ctrl-D quits.",
        "terminal_choice": "Please pick a number from 1 to {count}, or ask a question.",
    },
}


def t(lang: Lang, key: str, **values: object) -> str:
    """The text `key` in `lang`, with `values` filled in."""
    return TEXTS[lang][key].format(**values)


def month_name(month: int, lang: Lang) -> str:
    """6 -> 'Juni' / 'June'."""
    return _MONTHS[lang][month - 1]


def quote_language(code: str, lang: Lang) -> str:
    """'Zitat aus dem englischen Artikel' / 'Quote from the German article' for a quote in `code`,
    so a reader knows the quote is not a translation (the bot translates nothing)."""
    english, german = LANGUAGE_NAMES.get(code, (None, None))
    if lang == "en" and english:
        return t(lang, "quote_in", language=english)
    if lang == "de" and german:
        return t(lang, "quote_in", language=german + "en")
    return t(lang, "quote_in_code", code=code)


def format_date(value: str, lang: Lang) -> str:
    """'2024-06-20' -> '20.06.2024' / '20 June 2024'; '2024-06' -> 'Juni 2024' / 'June 2024'; '2024' -> '2024'."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{_MONTHS[lang][parts[1] - 1]} {parts[0]}"
    year, month, day = parts
    return f"{day:02d}.{month:02d}.{year}" if lang == "de" else f"{day} {_MONTHS[lang][month - 1]} {year}"
