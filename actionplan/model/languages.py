"""Language names partners may write instead of a code, and the BCP-47 code meant.

The languages of the programme's area (the EU's official languages, those of the other
Interreg Europe countries, and regional ones in use there), by English name and by their own
name. A small table rather than a locale database: it is read only to word a hint when
`language:` holds a name (`English` → `en`).
"""

_LANGUAGES = {
    "bg": ("Bulgarian", "български"), "ca": ("Catalan", "català"), "cs": ("Czech", "čeština"),
    "cy": ("Welsh", "Cymraeg"), "da": ("Danish", "dansk"), "de": ("German", "Deutsch"),
    "el": ("Greek", "ελληνικά"), "en": ("English", "English"), "es": ("Spanish", "español"),
    "et": ("Estonian", "eesti"), "eu": ("Basque", "euskara"), "fi": ("Finnish", "suomi"),
    "fr": ("French", "français"), "fy": ("Frisian", "Frysk"), "ga": ("Irish", "Gaeilge"),
    "gl": ("Galician", "galego"), "hr": ("Croatian", "hrvatski"), "hu": ("Hungarian", "magyar"),
    "is": ("Icelandic", "íslenska"), "it": ("Italian", "italiano"),
    "lb": ("Luxembourgish", "Lëtzebuergesch"), "lt": ("Lithuanian", "lietuvių"),
    "lv": ("Latvian", "latviešu"), "mt": ("Maltese", "Malti"), "nl": ("Dutch", "Nederlands"),
    "no": ("Norwegian", "norsk"), "pl": ("Polish", "polski"), "pt": ("Portuguese", "português"),
    "ro": ("Romanian", "română"), "sk": ("Slovak", "slovenčina"), "sl": ("Slovenian", "slovenščina"),
    "sq": ("Albanian", "shqip"), "sr": ("Serbian", "српски"), "sv": ("Swedish", "svenska"),
    "tr": ("Turkish", "Türkçe"), "uk": ("Ukrainian", "українська"), "mk": ("Macedonian", "македонски"),
    "bs": ("Bosnian", "bosanski"), "cnr": ("Montenegrin", "crnogorski"),
}

LANGUAGE_CODES = {name.lower(): code for code, names in _LANGUAGES.items() for name in names}
"""Lower-case language name (English or own) → BCP-47 code."""
LANGUAGE_CODES.update({"castellano": "es", "flemish": "nl", "vlaams": "nl", "castilian": "es",
                       "slovene": "sl", "norsk bokmål": "nb", "bokmål": "nb", "nynorsk": "nn"})
