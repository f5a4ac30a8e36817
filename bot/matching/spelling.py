"""Readers' typos in the words the rules read by ('pasiert', 'zuletz', 'exacty', 'Rusland'), respelt (pure).

The index forgives typos in the words facts use ('Nordkoria'); the rules that read how a reader asks
('Was ist mit Raisi passiert?', 'Wo war er zuletzt?', 'how exactly...?') look words up as written, and a
slip of one letter hid what was asked. A word that is neither common, nor a word a rule reads by, nor known
to the fact base, nor a country's name is respelt as the word one edit away (a letter left out, added,
changed or two swapped) that a rule reads by, the most common one if several are; a word of four or five
letters only for a letter left out or two swapped ('putn', 'waht'). Shorter words stay as typed, and so does
a rare word that is no slip of such a word ('Orban', 'Laos', 'ruble'). Chat shorthand ('abt', 'seit wan?',
'bzw') is written out first (`spelt_out`), for the rules and the embedding alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import cache, lru_cache

from bot.knowledge.models import LANGS, Lang
from bot.matching import lexicon
from bot.matching.allies import Mention
from bot.matching.commonness import zipf_of
from bot.matching.countries import EVERYDAY_SUBJECTS, country_names
from bot.matching.index import Index
from bot.matching.normalize import stem, without_code, words

MIN_LENGTH = 6  # a shorter word is only respelt for a letter left out or two swapped ('putn', 'waht')
SHORTEST = 4  # 'wan', 'ob', 'ur': too short to tell a typo from another word
MIN_PART = 3  # each part of a compound typed as two words ('atom waffen')
COMMON_PART = 5.0  # a word this common stands on its own: 'wieder wahlen' are elections again, no re-election
SHORTHAND = {  # chat shorthand, as readers type it on a phone: 'what did he say abt the war', 'seit wan?'
    "how bout": "how about", "what bout": "what about", "yanks": "Americans", "yankees": "Americans",
    "abt": "about", "bc": "because", "bcs": "because", "cuz": "because", "coz": "because", "ur": "your",
    "pls": "please", "plz": "please", "wht": "what", "tho": "though", "ppl": "people", "govt": "government",
    "thru": "through", "yrs": "years", "wan": "wann", "vllt": "vielleicht", "evtl": "eventuell",
    "bzw": "beziehungsweise", "nich": "nicht", "nix": "nichts", "nen": "einen", "bff": "best friend",
    "bffs": "best friends", "bestie": "best friend", "besties": "best friends", "5th": "fifth", "w": "with",
    "kinda": "kind of", "nabbed": "arrested", "whos": "who's",  # 'whos irans president'
    # 'Did North Korea and Russia become actual military allies?': a pact, as 'military alliance' asks
    "military allies": "a military alliance", "militärische verbündete": "ein Militärbündnis",
    "militärverbündete": "ein Militärbündnis",
    "chopper": "helicopter", "koop": "Kooperation", "in einfach": "einfacher",  # 'Nochmal in einfach bitte'
    "nth": "North",  # 'and Nth Korea?'
    "warum grad": "warum gerade", "wieso grad": "wieso gerade", "warum grade": "warum gerade",
    "wieso grade": "wieso gerade", "nu": "nun",  # 'Warum grad die?', 'wie steht's nu?'
    # the formal name, one word more than any phrasing has: 'relations with the Russian Federation'
    "russian federation": "Russia", "russische föderation": "Russland", "russischen föderation": "Russland",
    # what the press calls the leaders: 'So what did the Kremlin boss get out of his Pyongyang trip?'
    "kremlchef": "Putin", "kremlchefs": "Putins", "kremlin boss": "Putin", "kremlin chief": "Putin",
    "rocket man": "Kim Jong Un",
    "became of": "happened to",  # "what became of Iran's president?" asks what happened to him, not who he is now
    # Bavarian and Austrian forms that are no word of standard German or English: 'wos is mit dem Kim?'
    "wos": "was", "hod": "hat", "ned": "nicht", "derf": "darf", "hob": "habe", "jetz": "jetzt", "mitm": "mit dem",
    "zamm": "zusammen", "vui": "viel", "ois": "alles", "gmacht": "gemacht", "gsagt": "gesagt",
    "ausgstellt": "ausgestellt", "kriag": "Krieg", "spezl": "Freund", "eigentli": "eigentlich",
    "zsamm": "zusammen", "hinfahrn": "hinfahren", "einkastelt": "verhaftet", "einkasteln": "verhaften",
    "alloa": "allein", "wöd": "Welt", "san": "sind", "russn": "Russen", "mitanand": "miteinander", "doa": "tun",
    "obagstürzt": "abgestürzt", "mim": "mit dem", "nimma": "nicht mehr", "fürn": "für ein",
    "hoaßt": "heißt", "gwen": "gewesen", "damois": "damals",
    "umkomma": "umgekommen", "wia": "wie", "sanktiona": "Sanktionen", "kriagt": "kriegt", "eahm": "ihm",
    "eahna": "ihnen", "aa": "auch", "amal": "mal",  # Bavarian: 'Helfen de eahna aa ...?'
    "umanand": "herum", "sog": "sag", "hald": "halt", "gwesn": "gewesen",  # "Sog's a bissl einfacher"
    "oana": "einer", "angriffn": "angegriffen",  # 'Und wos hoast des genau, wenn oana angriffn werd?'
    "kumman": "kommen", "ausm": "aus dem",  # '..., kumman de oiso ausm Iran?'
    "keene": "keine",  # Berlinisch: 'wat is n det mit dem haftbefehl, hab keene ahnung'
    "oans": "eins", "a oans": "auch eins",  # 'und vietnam hod a oans?' after Kim's pact: Vietnam's too
    "spezln": "Freunde",  # 'Ganz ehrlich, san des echte Spezln, Iran und Russland?'
    "wie schauts": "wie sieht es", "wie schaut's": "wie sieht es", "wie schaut’s": "wie sieht es",
    "wia schauts": "wie sieht es", "wia schaut's": "wie sieht es", "wia schaut’s": "wie sieht es",
    # 'Wie siehts mit Syrien aus?', 'wie stehts mit Vietnam?' (not 'stehts' alone, a common misspelling of 'stets')
    "siehts": "sieht es", "wie stehts": "wie steht es",
    # 'Ist Putin in Pjöngjang gewesen vor kurzem?': recently, not short ('kurz' asks for a relationship in short)
    "vor kurzem": "kürzlich", "vor kurzer zeit": "kürzlich",
    # Swiss German: 'wie isch das mit em Putin?'
    "isch": "ist", "gsi": "gewesen", "nöd": "nicht", "nüt": "nichts", "öppis": "etwas", "hät": "hat",
    "dä": "der", "gäge": "gegen", "usgstellt": "ausgestellt", "vo": "von", "sis": "sein",
    "wöue": "gewollt", "döt": "dort", "hüt": "heute", "presidänt": "Präsident", "mitenand": "miteinander",
    "zäme": "zusammen", "wiissrussland": "Weißrussland",
    "gföhrlich": "gefährlich", "wega": "wegen", "schwiiz": "Schweiz",  # 'isch des für China ned gföhrlich?'
    # Basel German: 'Isch Russland an die Konferenz in dr Schwiiz iiglade gsi?'
    "iiglade": "eingeladen", "iiglaade": "eingeladen", "in dr": "in der", "anderi": "andere", "göhn": "gehen",
    "bürgestock": "Bürgenstock", "gliferet": "geliefert", "glieferet": "geliefert", "sit wenn": "seit wann",
    "eso": "so", "hän sie": "haben sie",  # 'und was hän sie konkret gliferet?', 'sit wenn isch das eso eng?'
    # Alemannic and Alsatian: 'Welle Länder het de Putin b'suecht sitt er widder gwählt worre isch?'
    "het": "hat", "hesch": "hast", "kannsch": "kannst", "eifach": "einfach", "eifacher": "einfacher",
    "b'suecht": "besucht", "bsuecht": "besucht", "gwählt": "gewählt", "worre": "worden",
    "welle länder": "welche Länder", "sitt er": "seit er", "nooch": "nach", "sinere": "seiner",
    "uf china": "nach China", "gange": "gegangen", "ebbis": "etwas", "zamme": "zusammen", "schtoht": "steht",
    "un worum": "und warum", "eifacher säge": "einfacher sagen",
    # Nigerian pidgin: 'How far, wetin China dey gain from this friendship with Russia sef?', 'abeg make am short'
    "wetin": "what", "dey gain": "gains", "dey help": "helps", "abeg": "please", "make am short": "make it short",
    # 'Those two countries still dey work together?', 'abeg talk am short', 'explain am simple simple'
    "still dey": "still", "dey work": "work", "dey do": "do", "talk am": "say it", "explain am": "explain it",
    "simple simple": "simply",
    # Swabian and Bavarian: "Ond wer hot dort's Saga?", 'und wos hod da putin do sunst no bsprocha?'
    "saga": "Sagen", "wer hot": "wer hat", "hot dort": "hat dort", "hot der": "hat der", "bsprocha": "besprochen",
    "sunst": "sonst", "ganga": "gegangen", "isch's": "ist es", "dort's": "dort das",
    # Putin by his first name and patronymic: 'Wie hat denn Wladimir Wladimirowitsch darauf reagiert?'
    "wladimir wladimirowitsch": "Putin", "vladimir vladimirovich": "Putin", "wladimir wladimirovich": "Putin",
    # 'why though?', 'why do they bother' after an answer: why, as 'warum?' asks it
    "why though": "why", "why tho": "why", "why do they bother": "why do they", "why bother": "why",
    "since when though": "since when", "since when tho": "since when",
    # Jamaican and Caribbean English: 'wah bout Belarus', 'Putin cyaan travel nowhere again', 'an afta dat whey him go?'
    "wah": "what", "wuh": "what", "bout": "about", "cyaan": "cannot", "whey": "where", "afta": "after",
    "anyting": "anything", "jus": "just", "fren": "friend", "mos": "most", "tink": "think", "yuh": "you",
    "dis": "this", "mek": "make", "outta": "out of",
    # Taglish question words: 'Bakit po tinatawag na puppet state ng Russia ang Belarus?', 'Sino po si Lukashenko?'
    "bakit": "why", "sino": "who", "ano": "what", "paano": "how", "kailan": "when", "ilan": "how many",
    "ng": "of",
    "go-between": "middleman", "go-betweens": "middlemen",  # 'so more like a go-between?' after China's goods
    # Romanian, in the German of a reader learning it: 'Ist das wichtig für Russland? de ce?'
    "de ce": "warum", "adevărat": "stimmt das", "adevarat": "stimmt das",
    # Swabian: 'hend die Iraner em Putin inzwischa au ballistische Raketa gschickt?'
    "hend": "haben", "au": "auch", "gschickt": "geschickt", "ausgmacht": "ausgemacht",
    "abghaua": "abgehauen", "syrie": "Syrien", "wovo": "wovon", "ond": "und", "raketa": "Raketen",
    "drohna": "Drohnen", "bloß no": "nur noch", "gstorba": "gestorben", "gstorbe": "gestorben",
    "hän": "haben", "inzwische": "inzwischen", "gliefert": "geliefert",  # 'hän d Chinese au Waffe gliefert?'
    "gwäa": "gewesen", "waret": "waren", "eiglada": "eingeladen", "woiß": "weiß", "amol": "mal", "woll": "wohl",
    "rausgfunda": "rausgefunden",  # 'isch er au im Iran gwäa?', 'waret die do eiglada?', 'Woher woiß mr des?'
    "oda": "oder", "wichtisch": "wichtig", "richtisch": "richtig",  # Berlin 'oda', Hessian and Kölsch '-isch'
    "hond": "haben", "chinesa": "Chinesen", "dera": "der", "schwiz": "Schweiz", "ou": "auch",  # 'und Nordkorea ou?'
    # Viennese: 'der Putin woar heuer eh scho in China, oder?'
    "woar": "war", "woa": "war", "scho": "schon", "oiso": "also", "heuer": "dieses Jahr",
    # Saxon and northern German: 'Is dor Xi ooch ma in Moskau gewesn?', 'wat is eigentlich aus Assad geworden'
    "dor": "der", "ooch": "auch", "ä": "ein",
    "uff": "auf", "erklärnse": "erklären Sie", "sagense": "sagen Sie", "hockt": "sitzt", "wat": "was", "dat": "das",
    "inne": "in der", "warn": "waren", "ni": "nicht", "sogt": "sagt", "sogn": "sagen",
    # Ruhrpott, g said ch: 'wat hat der zum Putin gesacht?', 'Getz frach ich mich', 'hamm die sowat wie Verträge?'
    "gesacht": "gesagt", "jesacht": "gesagt", "gefracht": "gefragt", "frach": "frag", "getz": "jetzt",
    "sowat": "so was", "hamm die": "haben die", "hamm se": "haben sie", "hamm wir": "haben wir",  # not the city
    # Kölsch, Hessian, Palatine and Berlin forms: 'wat macht'n russland eijentlich in syrien, ick raff det nich'
    "eijentlich": "eigentlich", "eijene": "eigene", "jesaat": "gesagt", "jeliefert": "geliefert", "jehört": "gehört",
    "jewoode": "geworden", "jebaut": "gebaut", "jeholfe": "geholfen", "selvs": "selbst", "atombomme": "Atombomben",
    "wie off": "wie oft",  # Kölsch: 'wie off es dä jetz ald Präsident jewoode?'
    "affjestemmp": "abgestimmt", "kritt": "kriegt", "dofür": "dafür", "nit": "nicht", "mie": "mehr",
    "üvverall": "überall", "üvver": "über", "övver": "über", "vun": "von", "vum": "vom", "zo": "zu",
    "wor": "war", "och": "auch", "anneres": "anderes", "ebbes": "etwas", "odder": "oder", "selwer": "selber",
    "unn": "und", "hoscht": "hast",  # Palatine: 'unn wo hoscht des her?'
    # Hunsrück and Moselle Franconian: 'mir hunn geheert vietnam hätt ebbes mit russland unnerschriwwe'
    "hunn": "haben", "geheert": "gehört", "unnerschriwwe": "unterschrieben", "unnerschribb": "unterschrieben",
    "hen die": "haben die",  # Swabian: 'Hen die do ebbes unterschrieba?'
    "geholpen": "geholfen",  # Dutch German: 'Geholpen um die zu umgehen?'
    "aach": "auch", "korz": "kurz", "nochmol": "nochmal",  # Palatine: 'kannsch des nochmol korz mache'
    "nomoi": "nochmal", "nommoi": "nochmal", "nochamoi": "nochmal",  # Bavarian: 'Wann war des nomoi?'
    # Hessian: 'Ei, fer was braucht de Kim eischentlich de Putin?', 'hawwe die dort aach Atomwaffe?', 'hosde dess?'
    "fer was": "wofür", "eischentlich": "eigentlich", "hawwe": "haben", "hosde": "hast du", "dess": "das",
    "kaaft": "gekauft", "besorcht": "besorgt",
    "mol": "mal", "ick": "ich", "det": "das", "dit": "das", "jemacht": "gemacht", "ausjerufen": "ausgerufen",
    "esu": "so", "dat su": "das so", "saje": "sagen", "eenem": "einem", "eenen": "einen",
    "un seit": "und seit",  # Kölsch: 'Un seit wann jeht dat su?', 'Kannste dat janz kurz saje?'
    # Kölsch: 'Wat hät China dovun, dat et dä Russe esu unger de Ärm jrief?', 'Han die och jet ungerschrevve?'
    "wat es": "was ist", "dovun": "davon", "unger": "unter", "jrief": "greift", "ungerschrevve": "unterschrieben",
    "han die": "haben die", "och jet": "auch etwas", "ärm": "Arme",
    # Kölsch: 'wat sinn dat für Sanktione?', 'Wat hätt dä Kim met dem Putin avjemaach?'
    "sinn": "sind", "jemaach": "gemacht", "avjemaach": "abgemacht",
    "met dem": "mit dem", "dat hä": "dass er",  # 'Wat kritt dä Kim dofür, dat hä dem Putin hilft?'
    "zaldate": "Soldaten", "schecke": "schicken", "künnt": "könnte", "afhängisch": "abhängig", "mieh": "mehr",
    "richtije": "richtige", "fründe": "Freunde",  # Kölsch: 'Künnt Nordkorea och Zaldate en de Ukraine schecke?'
    "jesagt": "gesagt", "jewesen": "gewesen", "jetroffen": "getroffen", "jeschickt": "geschickt",
    "jekauft": "gekauft", "jeflogen": "geflogen", "jereist": "gereist", "jejeben": "gegeben",
    # 'gibts den Assad überhaupt noch?': the contraction said out ("Gibt es Assad noch?")
    "gibts": "gibt es",
    # Berlin g said j beyond participles: 'Bitte mal janz einfach erklärt', 'jibt's da wat jenaueret?'
    "janz": "ganz", "jut": "gut", "jenau": "genau", "jibt": "gibt", "jibts": "gibt es", "jeht": "geht",
    "jejen": "gegen", "jerne": "gerne", "jleich": "gleich", "jrade": "gerade", "jestern": "gestern",
    "un was": "und was", "un wat": "und was", "un wo": "und wo", "un wie": "und wie", "un die": "und die",
    "un der": "und der", "un dä": "und der", "un warum": "und warum", "un wieso": "und wieso",
    "un weshalb": "und weshalb", "un wann": "und wann", "un wer": "und wer", "un wen": "und wen", "un wem": "und wem",
    "un welche": "und welche", "un welcher": "und welcher", "un wozu": "und wozu", "un wohin": "und wohin",
    # 'un iran?' after North Korea's supplies: Iran's, not the UN's votes on Iran
    "un iran": "und Iran", "un china": "und China", "un nordkorea": "und Nordkorea", "un syrien": "und Syrien",
    "un belarus": "und Belarus", "un weißrussland": "und Weißrussland", "un vietnam": "und Vietnam",
    # Low German (Platt): 'Moin, wat hett Putin mit Vietnam afmaakt?', 'Wie alleen steiht Russland?'
    "hett": "hat", "seggt": "sagt", "alleen": "allein", "steiht": "steht", "köpen": "kaufen", "tolaten": "zugelassen",
    "afmaakt": "vereinbart", "wiet": "weit", "segg": "sag", "eenfacher": "einfacher", "worüm": "warum",
    "heet": "heißt", "hebbt": "haben", "besnackt": "besprochen", "för": "für",  # 'un wat heet dat för sien Reisen?'
    "stohn": "stehen", "dor ok": "dort auch",  # 'un Truppen stohn dor ok?'
    # Geordie: 'did putin gan to north korea?', 'an did they sign owt?'
    "gan": "go", "owt": "anything", "nowt": "nothing",
    # Scots: 'whit's the score wi china', 'how's putin still flyin aboot'
    "mony": "many", "sodgers": "soldiers", "sodger": "soldier",  # 'North Korean sodgers in Kursk? how mony?'
    "whit": "what", "aboot": "about", "oot": "out", "roond": "round", "cannae": "cannot", "dinnae": "do not",
    "disnae": "does not", "wi": "with", "tae": "to", "fae": "from", "wis": "was", "yer": "your", "flyin": "flying",
    "maist": "most", "mair": "more", "daein": "doing", "onywey": "anyway", "noo": "now", "ower": "over",
    "helpin": "helping", "sendin": "sending", "gettin": "getting", "doin": "doing", "goin": "going",
    "sayin": "saying", "lookin": "looking", "buyin": "buying", "talkin": "talking", "chummy": "friendly",
    # Geordie: "how d'ye knaa that like?", "what's north korea deein for russia?"
    "d'ye": "do you", "d'ya": "do you", "knaa": "know", "deein": "doing",
    "dae": "do", "oot o": "out of",  # Scots: 'whit dae they get oot o it'
}


class _Phrases:
    """Phrases one pattern finds, and their first words: a text with none of them is left as it is without
    trying the pattern (a long alternation is tried at every word, 20-30 µs a question for the shorthand; the
    guard costs a set look-up)."""

    def __init__(self, phrases: Iterable[str], template: str) -> None:
        phrases = list(phrases)
        self.pattern = re.compile(template.replace("PHRASES", "|".join(phrases)), re.IGNORECASE)
        self.starts = frozenset(_first_word(phrase) for phrase in phrases)

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str, present: frozenset[str]) -> str:
        """`pattern.sub`; `present`: the text's words in lower case, or more."""
        return text if self.starts.isdisjoint(present) else self.pattern.sub(replacement, text)


def _first_word(phrase: str) -> str:
    first = _WORD.match(phrase)
    if first is None:
        raise ValueError(f"a phrase must begin with a word: {phrase!r}")
    return first.group().lower()


_WORD = re.compile(r"\w+")
# apart, so that 'russischen' alone does not try all of the shorthand
_SHORTHAND_WORDS = _Phrases([key for key in SHORTHAND if " " not in key], r"\b(?:PHRASES)\b")
_SHORTHAND_PHRASES = _Phrases([key for key in SHORTHAND if " " in key], r"\b(?:PHRASES)\b")
# '🇰🇵🤝🇷🇺': a flag is the country's name (in German, the language such a message is answered in)
FLAGS = {"KP": "Nordkorea", "CN": "China", "BY": "Belarus", "IR": "Iran", "SY": "Syrien", "VN": "Vietnam",
         "RU": "Russland", "UA": "Ukraine", "US": "USA", "KR": "Südkorea", "IN": "Indien", "HU": "Ungarn",
         "TR": "Türkei", "DE": "Deutschland"}
_FLAG = re.compile("[\U0001F1E6-\U0001F1FF]{2}")
# 'BY abhängig von RU?', 'CN Zwischenhändler für Rüstungsgüter?': the codes of Russia and its allies in capitals,
# in a message that is not all capitals ('SUPPLIED BY IRAN' says 'by'), nor a subject studied ('a friend who
# studies IR': international relations)
_COUNTRY_CODE = re.compile(r"(?<!\bstudies )(?<!\bstudying )(?<!\bstudied )(?<!\bstudy )(?<!\bmajoring in )"
                           r"(?<!\bmajor in )(?<!\bdegree in )\b(KP|CN|BY|IR|SY|VN|RU)\b")
# 'https://www.dw.com/de/wer-steht-noch-an-russlands-seite/a-69442700 welche Länder stehen da drin?': of a pasted
# link the words of its path say what the reader read; its site ('dw') is no question to the bot about DW
_LINK = re.compile(r"\b(?:https?://|www\.)[^/\s]*(\S*)", re.IGNORECASE)
_LINK_WORD = re.compile(r"[^\W\d_]{3,}")
# 'was hat'n der Iran damit zu tun', 'wat macht'n russland da': a question's 'denn' leaned on its verb
_DENN = re.compile(r"\b(\w+)['’]n\b")
# 'nach China gefahren', 'geflogen': a trip said with the means of travel, in the word the facts use for it (not
# English 'flew to': 'could he be arrested if he flew to France?' asks about the warrant, not a trip he made; nor
# 'Warum ist er nach Nordkorea gefahren?', which asks what he wanted there, not which trips he made)
_TRAVELLED = re.compile(r"(?<=\bnach\s)([^\W\d_]+(?:\s[^\W\d_]+)?\s)(?:ge|g|je)(?:fahren|fahre|fahrn|flogen|floge)\b",
                        re.IGNORECASE)


def _numbers_in_words(lang: Lang) -> dict[str, int]:
    """1 to 29 written out: what a year's last two digits are read as ('vierundzwanzig', 'twenty-four')."""
    spelt = {"de": "eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn "
                   "sechzehn siebzehn achtzehn neunzehn zwanzig",
             "en": "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                   "sixteen seventeen eighteen nineteen twenty"}
    named = {word: n for n, word in enumerate(spelt[lang].split(), 1)}
    for word, n in list(named.items())[:9]:
        if lang == "de":
            named[f"{'ein' if n == 1 else word}undzwanzig"] = 20 + n
        else:
            named[f"twenty-{word}"] = named[f"twenty {word}"] = 20 + n
    return named


_NUMBER_WORDS = {lang: _numbers_in_words(lang) for lang in LANGS}
_ANY = {lang: "|".join(sorted(map(re.escape, _NUMBER_WORDS[lang]), key=len, reverse=True)) for lang in LANGS}
_PAST_TEN = {lang: "|".join(sorted((re.escape(word) for word, n in _NUMBER_WORDS[lang].items() if n >= 10), key=len,
                                   reverse=True)) for lang in LANGS}
# 'im Mai zweitausendvierundzwanzig', 'in May twenty twenty-four': a year written out, as the facts write it
_YEAR_IN_WORDS = {
    "de": re.compile(rf"\b(?:zweitausend(?:und)?({_ANY['de']})|zwanzig[- ]?({_PAST_TEN['de']}))\b", re.IGNORECASE),
    "en": re.compile(rf"\b(?:two thousand(?: and)?[- ]({_ANY['en']})|twenty[- ]({_PAST_TEN['en']}))\b", re.IGNORECASE),
}
_YEAR_STARTS = {"de": ("zweitausend", "zwanzig"), "en": ("two thousand", "twenty")}


def _years_as_digits(text: str) -> str:
    """The text with a year written out as digits: only a year in digits finds the facts' years."""
    lower = text.lower()
    for lang, starts in _YEAR_STARTS.items():
        if any(start in lower for start in starts):
            text = _YEAR_IN_WORDS[lang].sub(_year, text)
    return text


def _year(found: re.Match[str]) -> str:
    last_two = (found.group(1) or found.group(2)).lower()
    return str(2000 + (_NUMBER_WORDS["de"].get(last_two) or _NUMBER_WORDS["en"][last_two]))


# 'what does that mean in plain english?': how simply to say it, not what to say or in which language
_PLAINLY = _Phrases(["in (?:plain|simple) (?:english|german|words|terms)", "in einfachen worten", "einfach erklärt"],
                   r"\s*\b(?:PHRASES)\b")
# 'And what about the North Koreans, if I may?': courtesy that asks nothing
_POLITELY = _Phrases(["if i may", "if you don'?t mind", "if you do not mind", "if you know", "if you please",
                     "wenn ich fragen darf", "falls du das weißt", "falls du es weißt", "wenn du das weißt"],
                    r"\s*,?\s*\b(?:PHRASES)\b")
# 'is china lowkey helping russia', 'did assad literally run away', 'does kim support the war 100 percent', 'Belarus
# jus a puppet of Moscow, yeah you right?': slang, emphasis and tags that say how, never what is asked
_SLANG = _Phrases(["lowkey", "low key", "highkey", "literally", "ngl", "tbh", "digga", "bruh", "lan", "wallah",
                  "wallahi", "100 percent", "hundred percent", "100 prozent", "hundertprozentig", "yeah nah",
                  "nah yeah", "sef", "brah", "nko", "cher", "yeah you right",  # pidgins, Cajun
                  "pole",  # Sheng 'sorry': 'Pyongyang and Moscow signed what kind of deal, pole I missed the news'
                  # Dutch, Kurdish and Romanian tags: 'Was hat China mit die Sanktionen gemacht, hoor?', 'Da, frate'
                  "hoor", "heval", "frate",
                  # Taglish particles: 'Grabe, Putin met Kim in May diba?', 'Hello po, ano ba role ng Belarus sa war?'
                  "po", "ba", "naman", "talaga", "diba", "grabe", "yung", "ang", "kasi"],
                 r"\s*\b(?:PHRASES)\b")
# 'btw wer ist aktuell präsident in syrien', 'kurze Frage: ...', 'ok google ...', 'Opa fragt: ...', 'Grüezi, ...',
# 'Ich tätowier grad und mein Kunde will wissen, ob ...' (up to eight words before who wants to know): an
# opening that only says a question comes, or to whom, or whose it is, or greets; the rules that read a question's
# first words ('wer ist', 'who is') read what follows. ('Hallo', 'hi' and 'hey' stay: common words the rules weigh
# lightly, and a greeting before a sentence that asks nothing keeps it small talk)
_OPENING = re.compile(
    r"^\s*(?:btw|by the way|übrigens|uebrigens|kurze frage|quick question|(?:noch )?eine frage|one more question"
    # 'kleine wissensfrage wann war der Xi zuletzt in moskua', 'Quick one, when was Xi in Russia last time?'
    r"|(?:kleine |kurze )?wissensfrage|quick one|quick trivia question"
    # 'Für den Stammtisch: wer hält eigentlich noch zum Putin?', 'For the pub quiz: ...': whom the answer is for
    r"|(?:für (?:den|die|das|mein|meine|meinen|unseren|unsere|unser)|for (?:the|my|our)) [\w-]+(?: [\w-]+)?(?=\s*:)"
    r"|(?:ok(?:ay)?|hey) (?:google|siri)|alexa|ok(?:ay)?|anyway|ähm|aehm|hmm+|wait|frage"
    r"|eli5|(?:explain|erklär|erkläre|erklaer|erklaere)(?: (?:it|this|that|es|das))?(?: (?:to me|mir))?"
    r" (?:like|as if|wie|als ob)(?: [\w']+){1,4}(?=\s*[:;–-])"  # 'explain it like I'm 5: why ...?': how simply
    r"|(?:\w+ ){0,3}(?:fragt|fragen|will wissen|möchte wissen|asks|ask|wants to know|is asking)(?=\s*:)"
    # 'Darf ich dich was fragen: warum reist Putin so wenig?', 'can I ask you something - why...': leave asked
    r"|(?:darf|kann|könnte|dürfte) ich (?:dich |sie |ihnen |euch )?(?:mal )?(?:etwas|was|eine frage)"
    r"(?: (?:fragen|stellen))?(?=\s*[?:,;.!–-])"
    r"|(?:can|may|could) i ask(?: you)?(?: something| a question| a quick question)?(?=\s*[?:,;.!–-])"
    # 'bloß mal so gefragt, wie hat putin reagiert ...', 'just wondering: ...': an aside that only asks lightly
    r"|(?:(?:(?:bloß|bloss|nur) )?(?:mal )?so gefragt|just (?:wondering|asking|curious))(?=\s*[:,;.!–-])"
    # 'Was denkst du, warum Kim so treu zu Putin steht?', 'what do you think, why ...', 'What do you think, would
    # Belarus even survive without Russian money?': the question, not an opinion
    r"|(?:(?:was|wie) (?:denkst|glaubst|meinst|schätzt) du|what(?: do|'d| d'?)? (?:you|u|ya) (?:think|reckon))"
    r"(?=\s*[,:]?\s*(?:warum|wieso|weshalb|wer|wie|was|ob|wann|wo|welche\w*|why|who|how|what|whether|when|where"
    r"|which)\b|\s*[,:]\s*(?:would|will|is|are|does|did|do|has|have|can|could|was|were|ist|sind|hat|haben|wird"
    r"|würde|würden|kann|könnte|gibt|gibts)\b)"
    # 'Ope, sorry to bother ya, where's Putin been traveling lately?', 'Entschuldigung für die Störung, ...'
    r"|(?:ope[,!]? )?(?:sorry|excuse me|pardon me) (?:to|for) (?:bother|trouble|disturb|interrupt|bugg)\w*"
    r" (?:you|ya|ye)(?=\s*[,:;.!–-])"
    r"|(?:entschuldigung|entschuldige|entschuldigen sie|sorry),? (?:für die|dass ich) stör\w*(?=\s*[,:;.!–-])"
    # 'Sorry if this is dumb but does the ICC warrant mean ...?': the reader's question, not a judgement of the bot
    r"|sorry(?: (?:if|for))?(?: (?:this|that|it|the))?(?: (?:is|sounds))?(?: (?:a|so|such a))?"
    r" (?:dumb|stupid|silly|naive)(?: question)?(?:,? but)?"
    # 'Bet you China is neutral on the war, right?': a claim to check; not 'bet you can't tell me' or "bet you're a
    # propaganda bot", which speak to the bot
    r"|(?:i )?bet(?: (?:you|ya))?(?= (?!(?:you|ya|can|cannot|can't|don't|dont|won't|wont|are|have|know|never)\b))"
    # "mate where's putin been travelling this year", 'Alter, wer ist Kim?': the reader's address, not an ally ('mate')
    r"|(?:mate|mates|bro|bruv|dude|pal|lads?|fellas?|alter|kumpel)(?=[\s,]+(?:where|who|what|why|how"
    r"|when|which|is|are|does|did|do|has|have|can|wer|wo|was|warum|wieso|wie|wann|welche\w*|ist|sind|hat|haben)\b)"
    # 'Keine Ahnung ob du das weißt, aber warum gibts Sanktionen gegen Putin?', 'no idea if you know this but ...':
    # modesty about the bot's knowledge, not a question about the bot
    r"|(?:keine ahnung|weiß nicht|weiss nicht|no idea|not sure|dunno) (?:ob|if|whether) (?:du|you|u)"
    r"(?: (?:das|es|this|that))? (?:weißt|weisst|know)(?: (?:this|that|das|es))?(?:,? (?:aber|but)\b)?(?=[\s,:;.!–-])"
    # 'Between you and me, is Iran really helping ...?', 'Unter uns: ...': confiding, not talking about the bot
    r"|(?:(?:just )?between (?:you and me|you and i|us|ourselves)|(?:ganz )?unter uns(?: gesagt)?)(?=\s*[:,;.!–-])"
    r"|(?:[\w'-]+[,.!]? ){0,8}(?:(?:(?:will|möchte|möchten|wollen|wollte|würde|würden)(?: gerne?)? wissen"
    r"|wüssten?(?: gerne?)?|hätten? gerne? gewusst|gestatten sie mir die frage|would you ever tell me|could you clarify"
    r"|(?:want|wants|wanted|would like|'d like|like) to know)(?=[\s,]+(?:(?:von|aus|mit|bei|für|über|from|with|for"
    r"|about) )?(?:ob|if|whether|was|what|wie|how|warum|why"
    r"|wieso|weshalb|wer|who|wann|when|wo|where|welche\w*|which)\b)"
    # 'Steh am Crêpes-Stand und mein Bub fragt, warum ...' (not 'Opa fragt, ob das stimmt': that asks it)
    r"|(?:fragt|fragte|asks|asked|is asking|keeps asking)(?: mich| me)?(?=[\s,]+(?:was|what"
    r"|wie|how|warum|why|wieso|weshalb|wer|who|wann|when|wo|where|welche\w*|which)\b))"
    r"|(?:moin(?:sen)?|servus|grüezi|gruezi|grüß gott|grüss gott|geh bitte|hoi|salam|salut|ahoi|tach|howdy|g'?day"
    r"|(?:ei )?gude|wie jeht et|sa[gch] (?:mal|mol|ens)|sehr geehrte damen und herren)"
    r"(?: (?:zusammen|miteinander|leute|alle|all|everyone|folks|mate|bot))?(?=[\s,:;.!-]*[,:;.!-]))"
    r"\b[\s,:;.!-]*(?=\w.*\s\w)",
    re.IGNORECASE | re.DOTALL)


# 'was ist ein haftbefehl, will er jetzt wissen', 'why did putin go to hanoi, my son asks': who asks, said after
# the question as an opening says it before
_ASKER_AFTER = re.compile(
    r"\s*,\s*(?:(?:fragt|fragte|will|möchte|wollte) (?:er|sie|der kleine|die kleine|mein \w+|meine \w+)"
    r"(?: (?:jetzt|noch|auch|gerade|grad))*(?: wissen)?"
    r"|(?:he|she|my \w+|the kids?) (?:asks|asked|wants to know|is asking))(?=[\s.!?]*$)",
    re.IGNORECASE)


# 'Lukaschenko hat jetzt eigene atomwaffen oder wie war das', 'kim signed a pact or something': a hedge on what the
# reader half remembers, no words of the question
_HEDGED = re.compile(
    r"[\s,]+(?:oder wie war das(?: (?:nochmal|noch mal|gleich|jetzt))?|oder so(?: ähnlich| was)?"
    r"|or (?:something|sth|smth)(?: like that)?|or how was it|or what was it)(?=[\s.!?]*$)",
    re.IGNORECASE)


# 'Welches Land steht am bedingungslosesten hinter Russland? Ich tipp auf Belarus.', 'which country backs russia the
# most on the war, i'm guessin china': the reader's guess at the answer names an ally the question is not about
_GUESSED = re.compile(
    r"(?<=[?,.!])\s*(?:ich (?:tipp|tippe|tipp's|würd|würde) (?:mal |eher |ja )?(?:auf |uff |sagen |mal )?"
    r"|i'?d (?:have )?(?:said|say|guess|guessed) |i'?m guessin[g']? |my guess is |my money'?s on "
    r"|i (?:think|reckon) (?:it'?s |na )?)[^\W\d_]+(?: (?:tbh|abi|lol|eigentlich|ehrlich gesagt))?(?=[\s.!?]*$|[.!?])",
    re.IGNORECASE)


# 'Warum ist China so eng mit Russland? Ich verstehe das nicht.': a last sentence that only says the reader does not
# understand asks nothing more ('verstehe' is no word of the question)
_CLOSING = re.compile(
    r"(?<=[?.!])\s*\([^()?]*\)[\s.!]*$"  # 'Welche Rolle spielt Vietnam? (frage aus der opernpause)': an aside
    r"|(?<=[?.!])\s+(?:ich (?:verstehe|versteh|kapiere|kapier|checke|check) (?:das|es|da) (?:nicht|nich|net|ned)"
    r"(?: (?:so )?(?:gut|ganz|richtig))?|i (?:don'?t|do not) (?:really )?(?:get|understand) (?:it|this|that)"
    r"(?: (?:at all|very well|really))?)[\s.!]*$",
    re.IGNORECASE)


@cache
def rule_words() -> frozenset[str]:
    """Every single word a rule reads by (the word lists of lexicon.py)."""
    found: set[str] = set()
    for value in vars(lexicon).values():
        for group in value.values() if isinstance(value, dict) else [value]:
            if isinstance(group, frozenset):
                found.update(word for word in group if isinstance(word, str) and word.isalpha())
    return frozenset(found)


@cache
def _by_deletion() -> dict[str, frozenset[str]]:
    """Each rule word of SHORTEST letters or more, and each form of it with one letter left out -> the rule
    words it comes from (a few thousand entries, built at the first word that needs it)."""
    found: dict[str, set[str]] = {}
    for word in rule_words():
        if len(word) >= SHORTEST:
            for form in {word, *_deletions(word)}:
                found.setdefault(form, set()).add(word)
    return {form: frozenset(words) for form, words in found.items()}


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


@lru_cache(maxsize=16384)
def respelt(word: str) -> str:
    """The rule word one edit away (a letter left out, added, changed, or two swapped; below MIN_LENGTH
    letters only left out or swapped) from a word that is not common, the most common one if several are;
    the word itself when there is none, or when it is shorter than SHORTEST, common, a rule's, or a
    country's or an everyday subject's name."""
    if (len(word) < SHORTEST or not word.isalpha() or zipf_of(word) > 0 or word in rule_words()
            or word in country_names() or word in EVERYDAY_SUBJECTS):
        return word
    table = _by_deletion()
    near = set(table.get(word, ()))  # a letter left out: 'zuletz', 'putn'
    for form in _deletions(word):
        near.update(table.get(form, ()))  # a letter added, changed ('pasiert' has one left out) or swapped
    short = len(word) < MIN_LENGTH  # 'ruble' is no 'rule' with a letter added, 'orban' no 'urban'
    close = [candidate for candidate in near if _one_edit(word, candidate) and (
        not short or len(candidate) > len(word) or sorted(candidate) == sorted(word))]
    return max(close, key=lambda candidate: (zipf_of(candidate), candidate)) if close else word


def respell(index: Index, question_words: list[str], names: set[int]) -> list[str]:
    """The question's words with a slip in a word a rule reads by respelt; the positions in `names` (an
    ally's name) and words the fact base knows as typed stay."""
    return [word if n in names or known_to(index, word) else respelt(word) for n, word in enumerate(question_words)]


def allies_respelt(index: Index, question: str, raw: list[str], folded: list[str], mentions: list[Mention],
                   lang: Lang) -> str:
    """The question as the embedding should read it: an ally's name typed with a typo ('putin in chna',
    'Nordkoria') written out ('China'), since the embedding knows the name, not the slip; the question
    itself when every name is spelt right. The name is written in the question's language ('Nordkorea')."""
    slips = [m for m in mentions if "".join(folded[m.start:m.end]) not in index.allies.names]
    if not slips:
        return question
    spelt = list(raw)
    for mention in reversed(slips):
        spelt[mention.start:mention.end] = [index.kb.allies[mention.ally].names.get(lang)]
    return " ".join(spelt) + ("?" if question.rstrip().endswith("?") else "")


def joined_compounds(index: Index, raw: list[str], folded: list[str]) -> tuple[list[str], list[str]]:
    """A German compound typed as two words ('friedens konferenz', 'atom waffen') read as the one word the
    facts use, when that word is a term of the fact base and neither part is a stop word or a common word."""
    if len(folded) < 2:
        return raw, folded
    joined_raw: list[str] = []
    joined: list[str] = []
    n = 0
    while n < len(folded):
        first, second = folded[n], folded[n + 1] if n + 1 < len(folded) else ""
        if (len(first) >= MIN_PART and len(second) >= MIN_PART and first.isalpha() and second.isalpha()
                and max(zipf_of(first), zipf_of(second)) < COMMON_PART
                and not lexicon.STOP_WORDS & {first, second} and stem(first + second, "de") in index.postings):
            joined_raw.append(raw[n] + raw[n + 1].lower())
            joined.append(first + second)
            n += 2
            continue
        joined_raw.append(raw[n])
        joined.append(first)
        n += 1
    return joined_raw, joined


def known_to(index: Index, word: str) -> bool:
    """Whether the fact base knows the word under either language's stem ('kursk', 'hmeimim')."""
    return any(stem(word, lang) in index.postings for lang in LANGS)


def _one_edit(word: str, other: str) -> bool:
    """Damerau-Levenshtein distance exactly one."""
    if word == other:
        return False
    if len(word) == len(other):
        differ = [i for i, (a, b) in enumerate(zip(word, other, strict=True)) if a != b]
        return len(differ) == 1 or (len(differ) == 2 and differ[1] == differ[0] + 1
                                    and word[differ[0]] == other[differ[1]] and word[differ[1]] == other[differ[0]])
    shorter, longer = sorted((word, other), key=len)
    return len(longer) == len(shorter) + 1 and shorter in _deletions(longer)


def _flag_named(flag: re.Match[str]) -> str:
    code = "".join(chr(ord(letter) - 0x1F1E6 + ord("A")) for letter in flag.group(0))
    return f" {FLAGS[code]} " if code in FLAGS else flag.group(0)


def _plainly_left_out(text: str, present: frozenset[str]) -> str:
    """'what does that mean in plain english?' asks what it means; 'Sag das mal in einfachen Worten' and 'in
    einfachen Worten bitte' ask nothing else, so they keep that they ask for it more simply, and so does a clause
    that asks nothing else after one about the reader ('Ich versteh nicht ganz, nochmal in einfachen Worten?')."""
    left = _PLAINLY.sub("", text, present)
    if left == text:
        return text
    if len(_WORD.findall(left)) <= _PLAINLY_ALONE:
        return _as_simpler(text, present)
    clauses = _CLAUSE_BREAK.split(text)
    rests = [_PLAINLY.sub("", clause, present) for clause in clauses]
    asking = [rest != clause and 0 < len(_WORD.findall(rest)) <= _PLAINLY_ALONE
              for clause, rest in zip(clauses, rests, strict=True)]
    if not any(asking):
        return left
    return "".join(_as_simpler(clause, present) if asks else rest
                   for clause, rest, asks in zip(clauses, rests, asking, strict=True))


_CLAUSE_BREAK = re.compile(r"([.,;:!?]+\s*)")  # split keeping the breaks, so the clauses join back as written


def _as_simpler(text: str, present: frozenset[str]) -> str:
    return _PLAINLY.sub(lambda found: " simpler" if found.group(0).strip().lower().startswith(("in plain", "in simple"))
                        else " einfacher", text, present)


_PLAINLY_ALONE = 4  # 'can you put that': words around the phrase that ask nothing of their own


_PARTICIPLE_PREFIXES = ("", "hin", "her", "aus", "an", "ab", "mit", "zu", "vor", "rein", "raus", "weg", "ein", "auf")
KNOWN_PARTICIPLE = 3.0  # the Zipf frequency the written-out form must reach: a word readers use, not a rare one
_WORD_TYPED = re.compile(r"\b[^\W\d_]{5,}\b")


@lru_cache(maxsize=16384)
def _participle_written_out(word: str) -> str:
    """A German participle typed as spoken, when only its written form is a word: Berlin 'jeliefert',
    'jefunden' (ge- said je-), Swabian and Swiss 'gliefert', 'ghört' (ge- said g-); the word itself otherwise."""
    lowered = word.lower()
    if zipf_of(lowered) > 0:
        return word
    for prefix in _PARTICIPLE_PREFIXES:
        if lowered.startswith(prefix + "je"):
            written = f"{prefix}ge{lowered[len(prefix) + 2:]}"
            if zipf_of(written) >= KNOWN_PARTICIPLE:
                return word[:len(prefix)] + ("G" if word[len(prefix)] == "J" else "g") + word[len(prefix) + 1:]
    if lowered[0] == "g" and lowered[1] not in "aeiouäöüy" and zipf_of(f"ge{lowered[1:]}") >= KNOWN_PARTICIPLE:
        return word[0] + "e" + word[1:]
    return word


_SPOKEN_WORD = re.compile(r"\b[^\W\d_]{4,}\b")
_VOWELS = frozenset("aeiouäöüy")


@lru_cache(maxsize=16384)
def _spoken_ending_written_out(word: str) -> str:
    """A Bavarian, Austrian or Swabian word typed as said, when only its written form is a word readers use:
    'Soldatn', 'kämpfn' (-en said -n), 'kürza', 'Waffa' (-er or -en said -a), 'Kriag' (ie said ia). Each new
    dialect writer brings words no list of them held ('kürza bitte', 'schickt Russland a Soldatn hin?')."""
    lowered = word.lower()
    if zipf_of(lowered) > 0 or lowered in country_names() or lowered in EVERYDAY_SUBJECTS:
        return word
    forms = []
    if len(lowered) >= 5 and lowered[-1] == "a" and lowered[-2] not in _VOWELS:  # 'Hola', 'Meta' stay
        forms += [lowered[:-1] + "er", lowered[:-1] + "en"]
    if lowered[-1] == "n" and lowered[-2] not in _VOWELS:
        forms.append(lowered[:-1] + "en")
    if "ia" in lowered:
        forms.append(lowered.replace("ia", "ie"))
    written = max(forms, key=zipf_of, default="")
    # checked last, as few words get this far: a slip of a country's name keeps its ending ('iran and russa')
    if (not written or zipf_of(written) < KNOWN_PARTICIPLE
            or any(_one_edit(lowered, name) for name in (*country_names(), "russia"))):
        return word
    return (written[0].upper() if word[0].isupper() else written[0]) + written[1:]


def spelt_out(question: str) -> str:
    """The question with chat shorthand written out, and code pasted into it, courtesy and an opening that only
    announces it left out, so the rules, the embedding and the learned models read the words they know where they
    look for them."""
    plain = _FLAG.sub(_flag_named, without_code(question))
    if not plain.isupper() and _COUNTRY_CODE.search(plain):
        plain = _COUNTRY_CODE.sub(lambda code: FLAGS[code.group(0)], plain)
    if "http" in plain or "www." in plain:
        plain = _LINK.sub(lambda link: " " + " ".join(_LINK_WORD.findall(link.group(1))) + " ", plain).strip() or plain
    if "'n" in plain or "’n" in plain:
        plain = _DENN.sub(r"\1 denn", plain)
    plain = _years_as_digits(plain)
    if "nach" in plain.lower() and lexicon.ASKS_WHY.isdisjoint(words(plain)):
        plain = _TRAVELLED.sub(r"\1gereist", plain)
    present = frozenset(_WORD.findall(plain.lower()))
    written = plain
    for shorthand in (_SHORTHAND_PHRASES, _SHORTHAND_WORDS):
        written = shorthand.sub(lambda found: SHORTHAND[found.group(0).lower()], written, present)
    written = _WORD_TYPED.sub(lambda found: _participle_written_out(found.group(0)), written)
    written = _SPOKEN_WORD.sub(lambda found: _spoken_ending_written_out(found.group(0)), written)
    if written != plain:
        present = frozenset(_WORD.findall(written.lower()))  # what is left out next only takes words away
    written = _SLANG.sub("", _POLITELY.sub("", _plainly_left_out(written, present), present), present)
    opened = _OPENING.sub("", written, count=1)  # 'Guten Tag, ich hätte gern gewusst, ...': two openings
    opened = opened if opened == written else _OPENING.sub("", opened, count=1)
    opened = _GUESSED.sub("", _HEDGED.sub("", _ASKER_AFTER.sub("", opened)))
    return _CLOSING.sub("", opened) if "?" in opened else opened
