"""Words with which people ask for examples, not say what about.

"Beispiele für Hausaufgabenhilfe", "Gibt es Erfahrungen mit Sprachpaten?", "Ideen für
ein Begegnungscafé": the topic is Hausaufgabenhilfe, Sprachpaten, Begegnungscafé. Every
entry of a collection of good-practice examples is an example, a project, an experience;
but a knowledge base of a few hundred entries mentions "Erfahrungen" or "Ideen" in a few
of them by chance, which makes the words look specific, and the search then prefers
entries that say them over entries about the topic (on the relevance set's tuning
queries, "Gibt es Erfahrungen mit …?" fell from nDCG@10 0.93 to 0.49). So these words
are left out of a query that has other words; alone ("Projekte") they are searched. So
are other municipalities asked about ("Was tun andere Kommunen bei …?"): every entry is
another municipality's example.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from indexer.german.analysis import (
    STOP_WORDS,
    TYPOGRAPHIC_QUOTES,
    analyze,
    join_gender_marks,
    typed_spellings,
)

# Hand-written: no word list or library names the words of asking a search for examples.
# Nouns of asking with their plurals, the verbs of "gibt es", "ich suche", "kennt jemand",
# "zeig mir", "… gesucht", "könnt ihr … empfehlen",
# the adjectives of "gute", "bewährte", "erfolgreiche" examples, the generic verbs of
# doing, needing and starting in their forms ("Wer kann uns bei … helfen?", "Worauf muss
# man bei … achten?", "Wie setzen wir … um?"), those of carrying out, running and trying
# ("Wie organisiert man …?", "Hat jemand … ausprobiert?", "Wie führt man … durch?"; not a
# form that is also a noun of a topic: Laufen, Lohn, Betrieb, Stellen, Kosten), and the
# courtesy of a message
# ("Hallo, … bitte, danke").
_WORDS = """
beispiel beispiele beispielen praxisbeispiel praxisbeispiele praxisbeispielen
erfahrung erfahrungen erfahrungsbericht erfahrungsberichte idee ideen anregung anregungen
tipp tipps hinweis hinweise möglichkeit möglichkeiten ansatz ansätze ansätzen lösung lösungen
information informationen info infos empfehlung empfehlungen vorbild vorbilder vorbildern
projekt projekte projekten angebot angebote angeboten maßnahme maßnahmen initiative
initiativen thema themen programm programme programmen konzept konzepte konzepten
modell modelle modellen vorhaben best practice practices
gibt gibts suche suchen sucht gesucht kennt zeig zeige zeigen zeigt zeigst nenne nennen nennt
empfehlen empfiehlt empfohlen
gut gute guten guter gutes bewährt bewährte bewährten erfolgreich erfolgreiche erfolgreichen
erfolgreicher gelungen gelungene gelungenen vorbildlich vorbildliche vorbildlichen
tun tue tust tut tat taten getan helfen helfe hilfst hilft helft half halfen geholfen
brauchen brauche brauchst braucht brauchte brauchten gebraucht
benötigen benötige benötigst benötigt benötigte benötigten
anfangen fangen fange fängst fängt fangt fing fingen angefangen an
beginnen beginne beginnst beginnt begann begannen begonnen
starten starte startest startet startete starteten gestartet
achten achte achtest achtet achtete geachtet beachten beachte beachtest beachtet beachtete
hinbekommen bekommen bekomme bekommst bekommt bekam bekamen hingekriegt hinkriegen hin
schaffen schaffe schaffst schafft schaffte geschafft
umsetzen umzusetzen setzen setze setzt setzte umgesetzt um
gelingen gelingt gelang gelungenes funktionieren funktioniert funktionierte
machen mache machst macht machte machten gemacht klappen klappt klappte geklappt
läuft lief liefen gelaufen organisieren organisiere organisierst organisiert organisierte
organisierten aufbauen aufgebaut aufzubauen ausprobieren probieren probiere probierst
probiert probierte ausprobiert auszuprobieren durchführen durchgeführt durchzuführen
einrichten eingerichtet einzurichten richten richte richtest richtet richtete
angehen angegangen anzugehen vorgehen vorgegangen gehen gehe gehst geht ging gingen
gegangen anpacken packen packe packst packt angepackt kriegen kriege kriegst kriegt
gekriegt managen manage managt gemanagt handhaben handhabt gehandhabt stemmen stemmt
gestemmt realisieren realisiert realisierte etablieren etabliert aufziehen aufgezogen
aufzuziehen gestalten gestalte gestaltest gestaltet gestaltete kümmern kümmert kümmerte
gekümmert lohnen lohnt lohnte gelohnt finde finden findest findet gefunden
führen führe führst führt führte führten
testen teste testest testet testete getestet betreiben betreibe betreibst betreibt
verstetigen verstetigt weiterführen weitergeführt fortführen fortgeführt fortsetzen
fortgesetzt ausweiten ausgeweitet ausbauen ausgebaut erweitern erweitert anschieben
angeschoben anstoßen angestoßen initiieren initiiert übernehmen übernimmt übernommen
dauerhaft langfristig
beste besten bester bestes ungefähr
hallo hi danke bitte vielleicht grüße gruß grüßen
hey hallöchen moin servus bitten gerne gern vorab lg mfg
mal eigentlich eventuell irgendwelche irgendwas irgendetwas
""".split()  # noqa: SIM905 - a word list reads best as text

# A query with syntax says what it wants word for word: it is left as typed.
_SYNTAX = re.compile(r"[\"„“”«»()]|(?<![\w-])[+-](?=\w)|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b|\w:\S")
WORD = re.compile(r"[^\W\d_]+")  # a word of letters, without digits
# A word of its own: not part of a hyphenated word ("Ideen-Börse", "Hin- und Rückfahrt").
_FREE_WORD = re.compile(r"(?<![\w-])[^\W\d_]+(?![\w-])")
_QUOTED = re.compile(r'"[^"]*"')
_LAST_WORD = re.compile(r"([^\W\d_]+) $")  # the word right before another, one space apart
REQUEST_WORDS = typed_spellings(_WORDS)
# Greetings, thanks and closings of a query written like a message ("Hallo zusammen, …
# Viele Grüße"); their single words are request words. Not "Dank" or "Dankeschön" alone:
# thanking volunteers is a topic of its own.
_COURTESY = re.compile(
    r"\b(?:hallo zusammen|guten (?:tag|morgen|abend)|gr(?:ü|ue|u)(?:ß|ss) gott"
    r"|danke sch(?:ö|oe|o)n|vielen (?:lieben )?dank|im voraus"
    r"|(?:mit )?(?:viele|beste|herzliche|liebe|freundliche)n? gr(?:ü|ue|u)(?:ß|ss)en?"
    r"|liebe kolleginnen und kollegen|sehr geehrte damen und herren)\b",
    re.IGNORECASE,
)
# Idioms of setting something up or keeping it going whose single words are no request
# words ("Stellen", "Leben", "Laufen"), also with the verb before the topic ("Wie stellen
# wir … auf die Beine?").
_IDIOM_VERB = (
    r"(?:(?:zu )?stellen|stellt|stelle|stellst|stellte|stellten|gestellt"
    r"|(?:zu )?rufen|ruft|rufe|rief|riefen|gerufen|(?:zu )?halten|hält|hielt|gehalten)"
)
_IDIOMS = re.compile(
    rf"\b(?:auf die beine|ins leben|am laufen)(?: {_IDIOM_VERB})?\b"
    rf"|\b{_IDIOM_VERB}\b(?=.*\b(?:auf die beine|ins leben|am laufen)\b)",
    re.IGNORECASE,
)
# "Beispiele aus der Praxis", "gute Praxis": the practice every entry is; "Praxis" alone
# is also a doctor's ("Praxis weist Geflüchtete ab").
_PRACTICE = re.compile(
    r"\b(?:aus der|f(?:ü|ue|u)r die|gute[nr]?|bew(?:ä|ae|a)hrte[nr]?) praxis\b", re.IGNORECASE
)
# "Wie machen das andere Kommunen?": every entry is another municipality's example.
_OTHER_PLACES = re.compile(
    r"\bandere[nr]?\s+(?:kommunen|gemeinden|st(?:ä|ae|a)dten?|orten?|landkreisen?|kreisen?)\b",
    re.IGNORECASE,
)


# Heads of compounds that name an example, not its topic ("Patenschaftsprojekt"): what
# the modifier names is searched too.
_GENERIC_HEADS = (
    "Projekt", "Angebot", "Initiative", "Maßnahme", "Idee", "Beispiel", "Programm", "Konzept",
    "Modell",
)  # fmt: skip


def is_generic_head(part: str) -> bool:
    """Whether a compound's last part is one of the generic heads, in any form."""
    return tuple(analyze(part)) in _generic_head_terms()


@cache
def _generic_head_terms() -> frozenset[tuple[str, ...]]:
    """Analysed on first use: the word tables load when a search needs them (`Index.warm`)."""
    return frozenset(tuple(analyze(word)) for word in _GENERIC_HEADS)


def has_topic(text: str) -> bool:
    """Whether some word of `text` can say what it is about: no stop or request word."""
    words = (word.lower() for word in WORD.findall(text))
    return any(word not in REQUEST_WORDS and word not in STOP_WORDS for word in words)


def quoted_phrases(text: str) -> tuple[str, list[tuple[int, int]]] | None:
    """(the query with its gender marks joined and its quotes straight, the spans of its
    quoted phrases) when quotes are its only syntax; None when it has none, other syntax
    or a quote left open."""
    plain = join_gender_marks(text).translate(TYPOGRAPHIC_QUOTES)
    spans = [match.span() for match in _QUOTED.finditer(plain)]
    if not spans or plain.count('"') % 2 or _SYNTAX.search(_QUOTED.sub(" ", plain)):
        return None
    return plain, spans


def uses_syntax(text: str) -> bool:
    """Whether the query uses quotes, parentheses, +/-, AND/OR/NOT or a field ("year:…");
    a gender mark ("Helfer:innen") is none."""
    return _SYNTAX.search(join_gender_marks(text)) is not None


def without_request_words(text: str, one_word: Callable[[str], bool] = lambda _: False) -> str:
    """`text` without its request words when some other word says what it is about;
    unchanged when it consists of request and stop words only. For a query without
    syntax (`query_topic`). A request word that `one_word` says forms one word with the
    word before it stays: "Brücken Angebot" is the compound "Brückenangebot" typed apart
    (it was searched as "Brücken")."""
    if not has_topic(text):
        return text
    for phrases in (_COURTESY, _IDIOMS, _OTHER_PLACES, _PRACTICE):
        if has_topic(without := phrases.sub(" ", text)):
            text = without

    def drop(match: re.Match[str]) -> str:
        word = match.group(0)
        if word.lower() not in REQUEST_WORDS:
            return word
        before = _LAST_WORD.search(text, 0, match.start())
        if before and one_word(before.group(1).lower() + word.lower()):
            return word
        return " "

    return " ".join(_FREE_WORD.sub(drop, text).split())
