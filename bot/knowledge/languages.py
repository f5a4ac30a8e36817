"""Languages of sources: ISO 639-1 codes, and the names a card uses for the quote's language.

Generated once from pycountry (a development dependency): the bot does not load its databases at run time.
"""

from __future__ import annotations

from typing import Final

ISO_639_1: Final = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de
dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia
id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo
lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl
ps pt qu rm rn ro ru rw sa sc sd se sg sh si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti
tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu
""".split())  # noqa: SIM905  (a list of 184 quoted codes reads worse)

# code -> (English name, German adjective stem as in "aus dem ___en Artikel", or None where it does not decline so)
LANGUAGE_NAMES: Final[dict[str, tuple[str, str | None]]] = {
    "ar": ("Arabic", "arabisch"),
    "be": ("Belarusian", "belarussisch"),
    "de": ("German", "deutsch"),
    "en": ("English", "englisch"),
    "es": ("Spanish", "spanisch"),
    "fa": ("Persian", "persisch"),
    "fr": ("French", "französisch"),
    "it": ("Italian", "italienisch"),
    "ja": ("Japanese", "japanisch"),
    "ko": ("Korean", "koreanisch"),
    "pl": ("Polish", "polnisch"),
    "pt": ("Portuguese", "portugiesisch"),
    "ru": ("Russian", "russisch"),
    "tr": ("Turkish", "türkisch"),
    "uk": ("Ukrainian", "ukrainisch"),
    "vi": ("Vietnamese", "vietnamesisch"),
    "zh": ("Chinese", "chinesisch"),
}
