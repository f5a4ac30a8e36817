"""The words a follow-up is read by (bot/context.py): those that point back to the last answer, those that
only say how a reader asks, and those that ask for the same again or for what shows it; and what a
follow-up's words alone tell (pure). Folded like questions are, so they meet the reader's words after
`normalize.words`."""

from __future__ import annotations

from bot.knowledge.base import Entry
from bot.knowledge.models import Lang
from bot.matching.lexicon import (
    ADDRESSED,
    ASKS_WHICH_ITEMS,
    ASKS_WHO,
    COUNTRIES,
    DOMAIN,
    EXACTLY,
    STOP_WORDS,
    VISITED,
    word_set,
)
from bot.matching.normalize import CLAUSE_END, is_stop_word, names_the_war, words
from bot.matching.rank import asks_for, asks_which

# Words that point back to what was just said; folded like questions are.
POINTING_BACK = word_set(
    "dort da dahin dorthin darin drin dabei damals davon dazu dafur es ihm ihn ihr ihre ihren ihrem ihrer sein seine "
    "seinen seinem seiner dessen deren denen dies diese dieser dieses jenes "
    "er ihm ihn there it its they their them those then he him his she ones"
)
# 'was bekommt russland von denen?', 'what does russia get from them?': the ally the conversation is about
THEM = word_set("denen ihnen them")
# Words that point back only at the end of a question ("Wann war das?", "Is that true?"); elsewhere they are
# mostly articles ("das Abkommen", "that deal").
POINTING_BACK_LAST = word_set("das dem die that this one")  # 'why that one?', 'wozu braucht Russland die?'
# How a follow-up asks, not what it asks about: "Wann war das?", "Was genau steht da drin?", "Where was that?"
WHY = word_set("warum wieso weshalb weswegen wofur wozu why")
ASKING_ONLY = word_set(
    "wann wo wohin wie wer genau drin steht stand passiert geschehen gesagt "
    "when where how who exactly inside say says said happen happened mean means since seit "
    "woher weiss wissen know knows known quelle source sources beleg belegt beweis evidence proof "
    "sagt sagte sagten sagen more tell manche einige leute people some heisst heissen bedeutet bedeuten konkret "
    "praxis practice soll jahr year datum date monat month tag day come bereich bereiche bereichen area areas "
    "wovon womit worin inwiefern idea idee list liste auflisten aufzahlen nenn nennen name called lange lang long ago "
    "supposed proven proved bewiesen nachgewiesen"
)
# 'was hat er davon?', 'what does he get out of it?': what someone gains
BRINGS = ("hat er davon", "haben sie davon", "hat es davon", "bringt ihm das", "bringt ihnen das", "get out of it",
          "gets out of it", "in it for him", "in it for them")
# Whether what was just said still holds or already does: "gilt der noch?", "still there?", "Sind die schon dort?"
# 'Warum liefert Teheran Drohnen an Moskau?', 'why would tehran send ammo to moscow': why an ally helps Russia at all
HELPING = word_set("liefert liefern lieferte lieferten geliefert schickt schicken schickte schickten geschickt gibt "
                   "geben gab unterstutzt unterstuetzt unterstutzen unterstuetzen hilft helfen half supply supplies "
                   "supplied supplying send sends sent sending give gives gave giving help helps helped helping "
                   "support supports supported supporting arm arms armed provide provides provided")
DOING = word_set("macht machen tut tun do does doing did")  # 'Warum macht Peking das?': why it does what was said
# 'why do they need it?', 'warum brauchen die das?' after Russia's bases: why what was said is needed
NEEDING = word_set("need needs needed brauchen braucht brauchte brauchten want wants wollen will")
# 'more than belarus?' after North Korea's loyalty: another ally named only to compare with the last answer
COMPARED = word_set("mehr weniger besser schlechter naher naeher enger treuer loyaler als more less better worse "
                    "closer loyal loyaler than")
THAN = word_set("als than")
# 'so wie mit Nordkorea?', 'is it the same as with north korea?': the last answer likened to another ally's
LIKE = word_set("wie like as")
LIKE_WITH = word_set("mit bei with in fur for")
STILL_HOLDS = word_set(
    "gilt gelten galt halt haelt noch immer weiterhin still hold holds valid true stimmt case fall so schon bereits "
    "already yet heute today jetzt now inzwischen mittlerweile nowadays currently derzeit changed geändert verändert"
)
# Particles a question may end on after the word that points back: 'gibts die noch?', 'is that still so now?'
TRAILING = word_set("noch denn eigentlich jetzt heute schon wirklich immer mal still now today really")
THERE_IS = word_set("gibt gab geben gabe")  # 'es gibt': there is
# 'Gilt das auch für Vietnam?', 'Is there one with Vietnam too?': the same again, for another ally.
THE_SAME = word_set(
    "auch ebenfalls ebenso genauso gleiche dasselbe sowas so one too also same such similar sieht aussieht aus bei "
    "look looks like regarding case frage question dann then jetzt now next zuletzt lastly finally kind sort format "
    "form way weise start begin anfangen beginnen fang either neither"  # 'Is Belarus the same way?', 'start with china'
)
SOURCE = word_set("quelle quellen source sources link")  # 'quelle?' after an answer
# How a source is asked for: 'Kannst du mir die Quelle dafür nennen?', 'can you give me the source?'
SOURCE_ASKED = word_set("nennen nenn nennst name give gib geben zeig zeigen show tell sag sagen kannst konntest "
                        "koenntest can could would please bitte mal cite provide share")  # 'Please cite your source.'
# What a source is asked for: 'What is the source of that assessment?', 'Quelle für diese Angabe?'
SOURCED = word_set("assessment claim claims info infos information statement aussage aussagen behauptung angabe "
                   "angaben einschatzung einschaetzung")
# 'kürzer bitte', 'shorter please', 'kannst du das kürzer machen, so 3 sätze', 'explain it like I'm five', "what's
# the quote?", 'TL;DR-Style', 'fass das bitte kurz zusammen', "keep it short hey, I'm on the tractor", 'in weniger
# Worten': the last answer, said again
REPHRASED = word_set("kurzer kuerzer shorter einfacher einfachen eifacher simple simpler simply easier leichter "
                     "verstandlicher "
                     "wiederholen repeat zusammenfassen summarize summarise tldr eli5 five quote zitat zitier zitiere "
                     "zitieren cite aufzahlen aufzaehlen order reihenfolge sentence sentences satz satze satzen saetze "
                     "saetzen line lines zeile zeilen tl fass fasse short kurz knapp brief briefly fewer weniger "
                     "zusammengefasst concise concisely succinctly kurzfassung zusammenfassung summary kinderleicht "
                     "kindgerecht simplify simplified vereinfachen vereinfacht vereinfache sum plain plainer plainly "
                     "churz churzer zamefasse zaemefasse")  # Zurich German: 'Chönd Sie das chli churz zämefasse?'
# 'zähl die mal auf': listed again, but only with its 'auf' ('Was zahl ich für ne alte Feldflasche?' pays)
COUNTED_OUT = word_set("zahl zaehl")
# What else such a request may say ('Können Sie das in zwei Sätzen zusammenfassen?'); REPHRASED's words count too
REPHRASING = word_set("bitte please einfach mach machen make kannst can could would sag say worten words version mal "
                      "bit little etwas more mehr explain erklar erklare erklaer erklaere erklaren erklaeren like im m "
                      "whats what was ist is the one einem einen just nur list liste pls plz u folie slide put "
                      "nochmal in it two zwei three drei give gib answer antwort dr style zusammen konnen koennen "
                      "konnten koennten konntest koenntest keep halt halte hey ey provide s bissl bissel bisschen "
                      "bissle bisserl bitteschon bitteschoen bittschon bittschoen state kindly explanation erklarung "
                      "erklaerung "
                      # Low German and Filipino English ask so too: "Kannst dat 'n büschen einfacher sagen?",
                      # 'Kindly explain it in simpler words po.'
                      "sagen dat n buschen bischen beten po one "
                      # and Scots: 'Can ye pit that in plainer words fer an auld crofter?'
                      "ye pit "
                      "wrap up "  # 'wrap it up in one sentence pls'
                      # Palatine 'kannsch des nochmol korz mache', Indian English 'Kindly prepone this to one line'
                      "prepone mache "
                      "erklars erklaers jahrigen jaehrigen jahrige jaehrige"  # "erklär's mir wie einem 10-jährigen"
                      # "Sag's mal aweng kürzer, bittschön", 'Bitte noch einmal ganz einfach erklärt'
                      " aweng weng einmal ganz erklart erklaert"
                      # Hessian, Swabian and New Zealand: 'Babbel mer des nochemal in zwei Sätz', "Des war mir jetz
                      # z'viel, sag's a bissle eifacher", 'chur, can ya make that shorter for my mate'
                      " babbel babbeln mer nochemal jetz z chur ya"
                      # Zurich German: 'Chönd Sie das chli churz zämefasse?'
                      " chond chonnt chonntet chli"
                      " schreib schreibe schreibs write")  # "schreib nochmal einfacher, meine tochter will's wissen"
# 'und welches Land ist am treuesten?', 'which one is more militarised?': which of the allies, not which of the
# last ally's things ('welche Drohnenmodelle?')
OF_THE_ALLIES = word_set("davon denen land staat one country state of")
# 'Explain it like she's 9': the last answer for a child
EXPLAIN = word_set("explain erklar erklare erklaer erklaere erklaren erklaeren erklars erklaers "  # "erklär's mir"
                   "erklart erklaert")  # 'Bitte noch einmal ganz einfach erklärt'
SAID = EXPLAIN | word_set("sag sage sagen sags say")  # what 'einfach' asks for plain words with
# 'Erklär das so, dass es ein Zehnjähriger versteht', 'explain it so my gran gets it': for whom it should be plain
UNDERSTOOD = word_set("versteht verstehen versteh verstehe kapiert kapieren checkt understand understands gets get "
                      "follow follows")
# 'Kannst du das für Dumme erklären?', 'explain it for beginners': for whom an explanation is asked plainly
SIMPLE_AUDIENCE = word_set("dumme dummen dummies dummys doofe doofen laien laie anfanger anfaenger beginner beginners "
                           "noobs kind kinder child children kid kids")
# 'what exactly did he say?' after Assad on the war: his words in the last answer, not another fact about him
SAYING = word_set("say says said sagt sagte sagten sagen gesagt meint meinte")
# 'says who?', 'laut wem?', 'Woher stammt diese Info?': who says the last answer, which its card names
SAYS_WHO = tuple(" ".join(words(phrase)) for phrase in (
    "says who", "who says", "according to whom", "according to who", "where does that come from",
    "where is that from", "laut wem", "sagt wer", "wer sagt das", "woher stammt",
    "woher kommt das", "woher kommt die", "who figured that out", "who found that out", "who reported that",
    "wer hat das herausgefunden", "wer hat das berichtet"))
SAYS_WHO_WORDS = 6  # 'laut wem arbeiten die zusammen'; a longer message asks more than who says it
# 'Woher weiß man das?', 'how do we know?', 'is this proven or only a claim?': what shows the last answer to be so
ASKS_EVIDENCE = ("woher weiss", "woher wissen", "wie weiss", "wie wissen", "woran sieht", "woran erkennt",
                 "woran merkt", "how do we know", "how do you know", "how do they know", "how does anyone know",
                 "how is that known", "how can you tell", "how can we tell", "how can they tell", "beweis", "beleg",
                 "proof", "evidence", "proven", "proved", "bewiesen", "nachgewiesen")
# 'in english please', 'auf Deutsch bitte': the language a reader asks the last answer in
IN_LANGUAGE: dict[Lang, tuple[str, ...]] = {
    "en": tuple(" ".join(words(p)) for p in ("in english", "auf englisch", "english please", "englisch bitte",
                                               "in englisch", "to english", "into english", "ins englische")),
    "de": tuple(" ".join(words(p)) for p in ("in german", "auf deutsch", "german please", "deutsch bitte",
                                               "in deutsch", "to german", "into german", "ins deutsche")),
}
LANGUAGE_NAMES = word_set("english englisch englische german deutsch deutsche")
SAY_AGAIN = word_set("say sagen sag sagst write schreib schreiben please pls bitte answer antworte antworten repeat "
                     "wiederholen wiederhole nochmal again once more that das it es switch change wechseln wechsle "
                     "wechsel translate übersetzen übersetz übersetze weitermachen weiter continue carry go on "
                     "reden sprechen speak talk")
ASIDE_WORDS = 8  # "my eyes aren't what they were", 'das war mir jetzt zu lang': what a reader says beside a request
# Words a reader puts inside a set phrase that change nothing: 'how do we even know?', 'woher weiß man das eigentlich?'
FILLERS = word_set("even actually really eigentlich denn überhaupt")
# 'versteh ich nicht', "I don't get it", 'was meint er damit?', 'what does it say?': the reader did not follow
# the last answer, or asks for what it says once more
NOT_FOLLOWED = tuple(" ".join(words(phrase)) for phrase in (
    "versteh ich nicht", "verstehe ich nicht", "versteh ich das nicht", "ich versteh das nicht",
    "ich verstehe das nicht", "das versteh ich nicht", "das verstehe ich nicht", "i don't get it", "i dont get it",
    "i don't understand", "i dont understand", "don't get it", "was meint er damit", "was meinte er damit",
    "was meinen die damit", "what does he mean", "what did he mean", "what he mean", "what do they mean",
    "what does it say", "what does that say"))
MEANT_BY = word_set("by damit with that this ganz so")
# 'wie kam es dazu?', 'how come?', 'woran liegt das?': why, in words that ask nothing of their own
HOW_COME = tuple(" ".join(words(phrase)) for phrase in (
    "wie kam es dazu", "wie kam das", "wie kommt das", "wie kommt es dazu", "woran liegt das", "woran liegt es",
    "how come", "how did that come about", "how did it come to that", "what is behind that",
    "what's behind that", "was steckt dahinter", "aus welchem grund", "aus welchen grunden", "for what reason"))
# 'why do you say that?', 'wie kommst du darauf?': after an answer, asks what it rests on, not about the bot
ASKS_WHY_SAID = ("why do you say that", "why would you say that", "what makes you say that", "why do you say so",
                 "why do you think so", "why do you think that", "warum sagst du das", "wieso sagst du das",
                 "weshalb sagst du das", "wie kommst du darauf", "wie kommst du auf")
# What a fact that gives evidence says: 'Das zeigen nachrichtendienstliche Erkenntnisse der USA.'
SHOWS = word_set("zeigen zeigt belegen belegt intelligence nachrichtendienstliche geheimdienst shows show")
# Phrases that point back to the ally just talked about.
POINTING_PHRASES = ("das land", "dem land", "diesem land", "that country", "this country", "the country")
# What a fact that gives a reason says: 'wirtschaftlich abhängig', 'because', 'braucht Russlands Hilfe'
GIVES_REASON = word_set(
    "weil abhangig angewiesen braucht brauchen benotigt benotigen grund because dependent depends depend needs need "
    "reason"
) | {"strategischen partner", "strategic partner"}  # 'sieht Russland als strategischen Partner': China's motive
CONTRAST = word_set("but aber jedoch allerdings doch")  # 'Russia was not invited, but...'
NOT = word_set("nicht kein keine keinen nie weder not no never neither nor")  # 'warum nicht?', 'has not'
# 'War Putin da mal?', 'has putin been there?': whether he visited the ally talked about
WENT_THERE = (word_set("war warst been was"), word_set("da dort there"),
              word_set("putin selbst personlich ever himself personally"))
# 'War Putin wirklich in Nordkorea?', 'did putin actually go to pyongyang': whether he visited the ally named
WENT_TO = (VISITED,
           WENT_THERE[2] | word_set("echt wirklich really actually mal schon jemals"),
           # asked with these it asks when, why, on which day, whether again or what was said: more than whether he
           # went ('What did To Lam say to Putin during the visit?')
           word_set("wann wo wohin warum wieso weshalb wie when where why how again wieder nochmal erneut will "
                    "wird tag day jahr year say says said sagt sagte gesagt sagen"))
# 'und umgekehrt?', 'and the other way round?': the last question with its ally and Russia swapped
REVERSED = ("umgekehrt", "andersrum", "andersherum", "vice versa", "other way round", "other way around",
            "the reverse")
ASKS_WHICH_OR_WHERE = word_set("welche welcher welches welchen which wo where")  # 'welche?', 'where?'
# 'wer noch?', 'who else votes that way?', 'which other countries do that?': another ally that does what was said
OTHERS = word_set("else sonst andere anderen anderer andern other others")
ANYONE = word_set("anyone anybody jemand irgendwer irgendjemand")
# 'which countries?', 'welche Länder genau?', 'which places?' after a trip: where it went
PLACES = COUNTRIES | word_set("places orte stationen stops")
WENT_ON_A_TRIP = WENT_TO[0] | word_set("hit stop stopped stops travel travelled traveled reist reiste genau exactly "
                                        "pick picked choose chose")


def asks_what_no_fact_lists(folded: list[str]) -> bool:
    """'welche?', 'where?', 'how many?' with nothing else: which ones, where, or how many of what the last
    answer names; a fact says what happened, seldom the list, the place or the count of it, and readers who
    ask so briefly mean exactly that. A figure the fact gives may count something else ('fifth time')."""
    asked = [word for word in folded if word not in POINTING_BACK and word not in POINTING_BACK_LAST]
    opening = asked[:1]
    asked_for = asks_for(asked)
    if asked_for in ("time", "day"):
        return False  # 'which year was that?' asks when, not which ones
    asks_figure = asked_for in ("count", "quantity")
    return bool(opening) and (opening[0] in ASKS_WHICH_OR_WHERE or asks_figure) and len(asked) <= 3


def asks_which_countries(folded: list[str]) -> bool:
    """'which countries?', 'which countries did he hit?', 'Welche Länder genau?': which places, nothing more."""
    folded = folded[1:] if folded[:1] in (["and"], ["und"]) else folded  # 'And which countries did he pick?'
    return (bool(folded) and folded[0] in ASKS_WHICH_ITEMS and not PLACES.isdisjoint(folded)
            and asks_nothing_new(folded, PLACES | WENT_ON_A_TRIP))


def asks_the_reverse(folded: list[str]) -> bool:
    """'und umgekehrt?', 'and the other way round?', with nothing else asked."""
    text = " ".join(folded)
    found = [phrase for phrase in REVERSED if f" {phrase} " in f" {text} "]
    rest = text
    for phrase in found:
        rest = rest.replace(phrase, " ")
    return bool(found) and all(word in STOP_WORDS or word in POINTING_BACK for word in rest.split())


def asks_for_source(folded: list[str]) -> bool:
    """'quelle?', 'source?', 'und die Quelle?', 'says who?': the last answer's source, which its card names."""
    if len(folded) <= SAYS_WHO_WORDS and any(f" {phrase} " in f" {' '.join(folded)} " for phrase in SAYS_WHO):
        return True
    return not SOURCE.isdisjoint(folded) and all(
        word in SOURCE or word in STOP_WORDS or word in SOURCED or word in POINTING_BACK_LAST or word in SOURCE_ASKED
        for word in folded)


# 'can you say that in english for our international listeners': why the reader wants it so asks nothing more
FOR_WHOM = word_set("for für fer because weil damit")  # not 'so': 'in english, so what does iran send?' asks on


def language_asked(folded: list[str]) -> Lang | None:
    """'can you say that in english please?', 'auf Deutsch bitte': the last answer again, in that language;
    None when the message asks anything else (but for whom or why: 'in english for our listeners')."""
    cut = next((n for n, word in enumerate(folded) if word in FOR_WHOM and n > 1 and any(
        f" {phrase} " in f" {' '.join(folded[:n])} " for phrases in IN_LANGUAGE.values() for phrase in phrases)), None)
    folded = folded[:cut] if cut is not None else folded
    text = f" {' '.join(folded)} "
    asked = [lang for lang, phrases in IN_LANGUAGE.items() if any(f" {phrase} " in text for phrase in phrases)]
    rest = [word for word in folded if word not in STOP_WORDS and word not in SAY_AGAIN and word not in LANGUAGE_NAMES]
    return asked[0] if len(asked) == 1 and not rest else None


def asks_evidence(folded: list[str]) -> bool:
    """'Woher weiß man das?', 'how do you know?', 'how do we even know that?': what shows the last answer to be
    so."""
    text = " ".join(word for word in folded if word not in FILLERS)
    return any(phrase in text for phrase in ASKS_EVIDENCE)


def asks_how_come(folded: list[str]) -> bool:
    """'wie kam es dazu?', 'how come?': why the last answer is so, and nothing else."""
    kept = [word for word in folded if word not in FILLERS]
    pointless = " ".join(word for word in kept if word not in POINTING_BACK_LAST)  # 'how come that?'
    return any(text in (phrase, f"und {phrase}", f"and {phrase}", f"but {phrase}", f"aber {phrase}")
               for phrase in HOW_COME for text in (" ".join(kept), pointless))


def asks_what_it_meant(folded: list[str]) -> bool:
    """'versteh ich nicht, was meint er damit', "I don't get it", 'what does it actually say': the last answer
    again, which the reader did not follow or wants to read once more; nothing else asked."""
    text = f" {' '.join(word for word in folded if word not in FILLERS)} "
    rest = text
    for phrase in NOT_FOLLOWED:
        rest = rest.replace(f" {phrase} ", " ")
    return rest != text and asks_nothing_new(rest.split(), MEANT_BY)


def asks_why_said(folded: list[str]) -> bool:
    """'why do you say that?', 'wie kommst du darauf?': what the last answer rests on (its card names the
    source and quotes it)."""
    text = f" {' '.join(word for word in folded if word not in FILLERS)} "
    return any(f" {phrase} " in text for phrase in ASKS_WHY_SAID)


def asks_who_that_is(folded: list[str]) -> bool:
    """'Wer ist das?', 'wer ist der überhaupt', "who's he?": asks who a person just mentioned is."""
    is_ = folded[1:2] in (["ist"], ["is"], ["s"])  # "who's" reads as 'who s'
    asks_who = bool(folded) and folded[0] in ASKS_WHO and (folded[0] == "whos" or is_)
    return asks_who and asks_nothing_new(folded, frozenset())


def points_back(question: str) -> bool:
    """'dort', 'es', 'that country', 'Wann war das?': the question points at what was just said."""
    folded = _without_impersonal_es(words(question))
    while folded and (folded[-1] in EXACTLY or folded[-1] in TRAILING):  # 'Wann war das genau?', 'gibts die noch?'
        folded = folded[:-1]
    text = " ".join(folded)
    at_end = bool(folded) and folded[-1] in POINTING_BACK_LAST
    return at_end or not POINTING_BACK.isdisjoint(folded) or any(phrase in text for phrase in POINTING_PHRASES)


def _without_impersonal_es(folded: list[str]) -> list[str]:
    """'Welche Sanktionen gibt es?', 'Gab es Proteste?': the 'es' of 'es gibt' points at nothing."""
    def impersonal(n: int) -> bool:
        return folded[n] == "es" and not THERE_IS.isdisjoint(folded[max(0, n - 1):n] + folded[n + 1:n + 2])

    return [word for n, word in enumerate(folded) if not impersonal(n)]


def asks_nothing_new(folded: list[str], also: frozenset[str]) -> bool:
    """The question's words only point back and ask ('Wann war das?', 'wann genau?', 'still there?'), or
    are words of `also`: with nothing of its own to ask about, it is about the last fact itself. Not 'why?':
    the last answer again does not say why."""
    return WHY.isdisjoint(folded) and not names_the_war(folded) and not asks_what_it_brings(folded) and all(
        word in STOP_WORDS or word in POINTING_BACK or word in POINTING_BACK_LAST or word in ASKING_ONLY
        or word in STILL_HOLDS or word in also for word in folded)


def only_compares(unnamed: list[str]) -> bool:
    """'more than belarus?', 'mehr als Nordkorea?': the words besides the ally's name only compare it with what
    was just said."""
    return not THAN.isdisjoint(unnamed) and all(word in COMPARED or word in STOP_WORDS for word in unnamed)


def likens(folded: list[str], named_at: int) -> bool:
    """'so wie mit Nordkorea?', 'ein ähnliches Abkommen wie mit Nordkorea?', 'same as with north korea?': the ally
    named at `named_at` only to liken the last answer to ('same as china then?' asks the same of China)."""
    before = folded[max(0, named_at - 3):named_at]
    while before and before[-1] in STOP_WORDS and before[-1] not in LIKE and before[-1] not in LIKE_WITH:
        before = before[:-1]  # 'wie mit dem Iran'
    return len(before) >= 2 and before[-2] in LIKE and before[-1] in LIKE_WITH  # 'same as china?' asks the same of it


def asks_to_rephrase(folded: list[str]) -> bool:
    """'kürzer bitte', 'repeat that please': the words ask only for the last answer in other words or once more (not
    'wer ist das nochmal?', which asks who); for whom or why the reader wants it asks nothing more ('more simply, for
    ten-year-olds')."""
    cut = next((n for n, word in enumerate(folded) if n > 1 and (
        word in FOR_WHOM or (word in ("so", "way") and not UNDERSTOOD.isdisjoint(folded[n:])))), len(folded))
    folded, for_whom = folded[:cut], folded[cut:]
    plainly = not SIMPLE_AUDIENCE.isdisjoint(for_whom)
    explained = not EXPLAIN.isdisjoint(folded) or (
        for_whom[:1] == ["so"] and for_whom[1:2] != [] and for_whom[1] in EXPLAIN) or (  # 'Kannst du das so erklären'
        plainly and not EXPLAIN.isdisjoint(for_whom)) or (  # 'Kannst du das für Dumme erklären?'
        # 'sag das nochmal für ein kind', 'can you say that in a way a 7 year old gets?'
        not SAID.isdisjoint(folded) and (plainly or not UNDERSTOOD.isdisjoint(for_whom)))
    for_a_child = explained and (plainly or (not LIKE.isdisjoint(folded) and any(map(str.isdigit, folded)))
                                 or not UNDERSTOOD.isdisjoint(for_whom))
    counted_out = "auf" in folded and not COUNTED_OUT.isdisjoint(folded)
    # 'Bitte einfach sagen', 'ok nochmal ganz einfach bitte'; not 'Gib einfach zu'
    said_plainly = "einfach" in folded and (not SAID.isdisjoint(folded) or "nochmal" in folded)
    return (for_a_child or counted_out or said_plainly or not REPHRASED.isdisjoint(folded)) and all(
        word in REPHRASED or word in COUNTED_OUT or word in REPHRASING or word in STOP_WORDS or word in POINTING_BACK
        or word in POINTING_BACK_LAST or word in ADDRESSED or word.isdigit() for word in folded)  # 'simpler, mate'


def asks_to_rephrase_aside(message: str) -> bool:
    """'Simpler please, my eyes aren't what they were.', 'Das war mir jetzt zu lang, bitte einfacher.', 'sorry, say
    it in two lines': one clause asks for the last answer in other words, the others ask nothing ('?') and are
    short asides about the reader."""
    clauses = [clause for clause in CLAUSE_END.split(message) if clause.strip()]
    asking = [n for n, clause in enumerate(clauses) if asks_to_rephrase(words(clause))]
    if len(clauses) < 2 or not asking:
        return False
    others = [clause for n, clause in enumerate(clauses) if n != asking[0]]
    return "?" not in "".join(others) and sum(len(words(clause)) for clause in others) <= ASIDE_WORDS


def asks_which_ally(folded: list[str]) -> bool:
    """'Und welcher davon ist der treueste?', 'which one is more militarised?': a fact of another ally may answer."""
    return asks_which(folded, OF_THE_ALLIES)


def asks_what_it_brings(folded: list[str]) -> bool:
    """'was hat er davon?', 'what does he get out of it?': what someone gains, which the last answer about
    him need not say (the fact about what Kim gets does)."""
    text = f" {' '.join(folded)} "
    return any(f" {phrase} " in text for phrase in BRINGS)


def asks_if_putin_went_there(folded: list[str]) -> bool:
    """'War Putin da mal?', 'has putin ever been there?': a visit, in words no fact's phrasings use."""
    been, there, himself = WENT_THERE
    return ("putin" in folded and not been.isdisjoint(folded) and not there.isdisjoint(folded)
            and asks_nothing_new(folded, been | there | himself))


def asks_if_putin_went_to(unnamed: list[str]) -> bool:
    """'War Putin echt in Nordkorea?', 'was putin in north korea' (the ally's name left out): a visit, asked with no
    word of its own; 'was' opening it is English ('Was Putin in Nordkorea macht' asks what he does there)."""
    went, himself, more = WENT_TO
    if unnamed[:2] == ["was", "putin"]:
        went = went | {"was"}
    return ("putin" in unnamed and not went.isdisjoint(unnamed) and more.isdisjoint(unnamed)
            and asks_nothing_new(unnamed, went | himself))


def asks_why_not(folded: list[str]) -> bool:
    """'warum nicht?', 'why not?', 'wieso eigentlich nicht'."""
    return not WHY.isdisjoint(folded) and not NOT.isdisjoint(folded)


def says_more(entry: Entry) -> bool:
    """Whether a fact's answer goes on past what is not so ('..., but according to DW, China's absence was
    telling'): it says more than the 'no' a 'why not?' asks about."""
    return not CONTRAST.isdisjoint(words(f"{entry.fact.answer.de} {entry.fact.answer.en}"))


def says_not(entry: Entry) -> bool:
    """Whether a fact's answer states that something is not so ('has not condemned', 'neither free nor fair')."""
    return not NOT.isdisjoint(words(f"{entry.fact.answer.de} {entry.fact.answer.en}"))


def asks_for_others(folded: list[str]) -> bool:
    """'else', 'andere', 'wer ... noch': the words `asks_who_else` starts from, cheap to look for first."""
    return not OTHERS.isdisjoint(folded) or ("noch" in folded and not ASKS_WHO.isdisjoint(folded))


def asks_who_else(folded: list[str], said: frozenset[str]) -> bool:
    """'wer noch?', 'who else votes with em', 'any other countries like that?', 'machen das andere auch so?':
    which other ally does what the last answer said; its other words only point back or are the last answer's
    own (`said`), so 'who else sends weapons?' after the UN votes asks something new."""
    return asks_for_others(folded) and WHY.isdisjoint(folded) and all(
        word in OTHERS or word in ASKS_WHO or word in ANYONE or word in ASKS_WHICH_OR_WHERE or word in PLACES
        or word in DOING or word in THE_SAME or word in DOMAIN or word in POINTING_BACK or word in said
        for word in folded if not is_stop_word(word))
