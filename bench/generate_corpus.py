"""Generate a synthetic German knowledge base in the entry format, for benchmarks.

Sentences come from templates filled with real domain words (compounds, inflected forms,
gender forms such as "Teilnehmer*innen"), drawn with Zipf-like frequencies so that query
words have realistic hit counts: a few words occur in most entries, most in few. The
output is deterministic for a given seed.

    python bench/generate_corpus.py --out /tmp/kb10k --count 10000 --seed 1
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TAXONOMY = REPO / "kb" / "taxonomy.yaml"


def _groups(block: str) -> dict[str, list[str]]:
    """Parse lines "key: a, b, c" of a word table; indented lines continue the key above."""
    groups: dict[str, list[str]] = {}
    key = ""
    for line in block.strip("\n").splitlines():
        items = line
        if not line[:1].isspace():
            key, _, items = line.partition(": ")
            groups[key] = []
        groups[key] += [item.strip() for item in items.split(",") if item.strip()]
    return groups


def _words(block: str) -> list[str]:
    return [item.strip() for item in block.split(",") if item.strip()]


def _split(items: list[str]) -> list[tuple[str, ...]]:
    """Split each "Kurs/Kurse/m" into ("Kurs", "Kurse", "m")."""
    return [tuple(item.split("/")) for item in items]


def _table(block: str) -> list[tuple[str, ...]]:
    return _split(_words(block))


THEMES = (
    "Arbeit", "Bildung", "Teilhabe", "Sprache", "Kinder und Jugend", "Ehrenamt", "Wohnen",
    "Gesundheit", "Kultur", "Sport", "Verwaltung", "Flüchtlingshilfe",
)  # fmt: skip
TYPES = ("Praxisbeispiel", "Projekt", "Konferenzdokumentation", "Leitfaden")
TYPE_WEIGHTS = (60, 20, 10, 10)
FUNDING = ("Gemeinsam in Vielfalt", "Pakt für Integration mit den Kommunen")

# Real towns of Baden-Württemberg by district (as written in kb/taxonomy.yaml).
_TOWNS_BY_DISTRICT = _groups("""
Stuttgart: Stuttgart
Landkreis Esslingen: Esslingen am Neckar, Nürtingen, Kirchheim unter Teck, Filderstadt,
    Leinfelden-Echterdingen, Ostfildern, Wendlingen am Neckar, Plochingen, Wernau,
    Denkendorf, Neuhausen auf den Fildern, Aichwald, Großbettlingen
Landkreis Ludwigsburg: Ludwigsburg, Bietigheim-Bissingen, Kornwestheim, Vaihingen an der Enz,
    Remseck am Neckar, Ditzingen, Marbach am Neckar, Besigheim, Sachsenheim,
    Freiberg am Neckar, Asperg, Gerlingen, Korntal-Münchingen, Bönnigheim
Landkreis Böblingen: Böblingen, Sindelfingen, Leonberg, Herrenberg, Weil der Stadt,
    Renningen, Holzgerlingen, Gärtringen, Ehningen, Magstadt
Rems-Murr-Kreis: Waiblingen, Schorndorf, Fellbach, Backnang, Winnenden, Weinstadt,
    Schwaikheim, Murrhardt, Welzheim, Kernen im Remstal
Landkreis Göppingen: Göppingen, Geislingen an der Steige, Eislingen/Fils, Uhingen, Donzdorf,
    Ebersbach an der Fils
Ostalbkreis: Aalen, Schwäbisch Gmünd, Ellwangen (Jagst), Bopfingen, Heubach, Lorch,
    Neresheim, Oberkochen
Landkreis Heidenheim: Heidenheim an der Brenz, Giengen an der Brenz, Herbrechtingen,
    Gerstetten
Landkreis Schwäbisch Hall: Schwäbisch Hall, Crailsheim, Gaildorf, Ilshofen
Hohenlohekreis: Künzelsau, Öhringen, Neuenstein, Niedernhall
Heilbronn: Heilbronn
Landkreis Heilbronn: Neckarsulm, Eppingen, Bad Rappenau, Weinsberg, Gundelsheim,
    Brackenheim, Bad Friedrichshall, Lauffen am Neckar, Möckmühl, Schwaigern
Main-Tauber-Kreis: Tauberbischofsheim, Wertheim, Bad Mergentheim, Lauda-Königshofen,
    Külsheim
Neckar-Odenwald-Kreis: Mosbach, Buchen (Odenwald), Walldürn, Osterburken, Adelsheim
Heidelberg: Heidelberg
Mannheim: Mannheim
Rhein-Neckar-Kreis: Weinheim, Sinsheim, Wiesloch, Schwetzingen, Leimen, Hockenheim,
    Walldorf, Eberbach, Neckargemünd, Schriesheim, Ladenburg, Hemsbach
Karlsruhe: Karlsruhe
Landkreis Karlsruhe: Bruchsal, Ettlingen, Bretten, Stutensee, Rheinstetten, Waghäusel,
    Philippsburg, Pfinztal, Walzbachtal, Östringen
Pforzheim: Pforzheim
Enzkreis: Mühlacker, Niefern-Öschelbronn, Tiefenbronn, Knittlingen, Maulbronn, Remchingen,
    Birkenfeld, Neuenbürg
Baden-Baden: Baden-Baden
Landkreis Rastatt: Rastatt, Gaggenau, Gernsbach, Bühl, Kuppenheim, Durmersheim
Landkreis Calw: Calw, Nagold, Bad Liebenzell, Bad Wildbad, Altensteig, Wildberg
Landkreis Freudenstadt: Freudenstadt, Horb am Neckar, Baiersbronn, Loßburg, Dornstetten
Ortenaukreis: Offenburg, Lahr/Schwarzwald, Kehl, Achern, Oberkirch, Haslach im Kinzigtal,
    Gengenbach, Wolfach
Landkreis Emmendingen: Emmendingen, Waldkirch, Kenzingen, Denzlingen, Herbolzheim
Freiburg im Breisgau: Freiburg im Breisgau
Breisgau-Hochschwarzwald: Müllheim, Titisee-Neustadt, Breisach am Rhein, Bad Krozingen,
    Staufen im Breisgau, Kirchzarten, Gundelfingen, Heitersheim
Landkreis Lörrach: Lörrach, Weil am Rhein, Rheinfelden (Baden), Schopfheim, Grenzach-Wyhlen
Landkreis Waldshut: Waldshut-Tiengen, Bad Säckingen, Laufenburg (Baden), Wehr, Jestetten
Schwarzwald-Baar-Kreis: Villingen-Schwenningen, Donaueschingen, St. Georgen im Schwarzwald,
    Furtwangen im Schwarzwald, Bad Dürrheim, Blumberg
Landkreis Rottweil: Rottweil, Schramberg, Oberndorf am Neckar, Sulz am Neckar
Landkreis Tuttlingen: Tuttlingen, Spaichingen, Trossingen, Mühlheim an der Donau
Landkreis Konstanz: Konstanz, Singen (Hohentwiel), Radolfzell am Bodensee, Stockach, Engen
Bodenseekreis: Friedrichshafen, Überlingen, Markdorf, Meckenbeuren, Tettnang
Landkreis Ravensburg: Ravensburg, Weingarten, Wangen im Allgäu, Leutkirch im Allgäu,
    Bad Waldsee, Isny im Allgäu
Landkreis Sigmaringen: Sigmaringen, Pfullendorf, Bad Saulgau, Meßkirch, Ostrach
Landkreis Biberach: Biberach an der Riß, Laupheim, Riedlingen, Ochsenhausen,
    Bad Schussenried
Ulm: Ulm
Alb-Donau-Kreis: Ehingen (Donau), Blaubeuren, Laichingen, Langenau, Dietenheim
Landkreis Reutlingen: Reutlingen, Metzingen, Pfullingen, Münsingen, Eningen unter Achalm,
    Bad Urach
Landkreis Tübingen: Tübingen, Rottenburg am Neckar, Mössingen, Ammerbuch
Zollernalbkreis: Balingen, Albstadt, Hechingen, Burladingen, Haigerloch
""")
# The nine Stadtkreise: the district is the town itself.
STADTKREISE = frozenset(
    district for district, towns in _TOWNS_BY_DISTRICT.items() if towns == [district]
)
TOWNS: tuple[tuple[str, str], ...] = tuple(
    (town, district) for district, towns in _TOWNS_BY_DISTRICT.items() for town in towns
)

# Compounds: first part × head noun. Not every pair is idiomatic, but all are well-formed
# German compounds, and together they give a long tail of rare words.
_PREFIXES = _words("""
Integrations, Sprach, Jugend, Bürger, Familien, Nachbarschafts, Quartiers, Bildungs,
Ehrenamts, Beratungs, Netzwerk, Kultur, Sport, Gesundheits, Wohn, Ausbildungs, Eltern,
Frauen, Senioren, Lern, Begegnungs, Willkommens, Freiwilligen, Hausaufgaben, Mentoring,
Berufs, Kinder, Stadtteil, Migrations, Engagement
""")
# singular/plural/gender (m, f, n)
_HEADS = _table("""
Angebot/Angebote/n, Café/Cafés/n, Treff/Treffs/m, Kurs/Kurse/m, Projekt/Projekte/n,
Beirat/Beiräte/m, Gruppe/Gruppen/f, Konzept/Konzepte/n, Netzwerk/Netzwerke/n,
Zentrum/Zentren/n, Werkstatt/Werkstätten/f, Beratung/Beratungen/f, Stelle/Stellen/f,
Patenschaft/Patenschaften/f, Initiative/Initiativen/f, Förderung/Förderungen/f,
Programm/Programme/n, Koordination/Koordinationen/f, Tag/Tage/m, Lotse/Lotsen/m,
Arbeit/Arbeiten/f, Konferenz/Konferenzen/f
""")
_ARTICLES = {  # gender → (nominative, accusative, dative, "in" + dative)
    "m": ("der", "den", "dem", "im"),
    "f": ("die", "die", "der", "in der"),
    "n": ("das", "das", "dem", "im"),
}
# Words that make a theme recognisable in the text: singular/plural.
_THEME_NOUNS = {
    theme: _split(items)
    for theme, items in _groups("""
Arbeit: Ausbildungsplatz/Ausbildungsplätze, Praktikum/Praktika, Arbeitgeber/Arbeitgeber,
    Bewerbungstraining/Bewerbungstrainings, Jobcenter/Jobcenter, Betrieb/Betriebe,
    Arbeitsmarkt/Arbeitsmärkte, Berufsorientierung/Berufsorientierungen,
    Handwerksbetrieb/Handwerksbetriebe, Qualifizierung/Qualifizierungen,
    Anerkennungsverfahren/Anerkennungsverfahren, Arbeitsgelegenheit/Arbeitsgelegenheiten,
    Bauhof/Bauhöfe
Bildung: Schule/Schulen, Lernförderung/Lernförderungen, Nachhilfe/Nachhilfen,
    Bildungskonferenz/Bildungskonferenzen, Volkshochschule/Volkshochschulen,
    Ganztagsschule/Ganztagsschulen, Bücherei/Büchereien, Lernpatenschaft/Lernpatenschaften,
    Schulsozialarbeit/Schulsozialarbeiten, Bildungsbiografie/Bildungsbiografien
Teilhabe: Bürgerbeteiligung/Bürgerbeteiligungen, Gemeinderat/Gemeinderäte,
    Mitbestimmung/Mitbestimmungen, Migrantenorganisation/Migrantenorganisationen,
    Zukunftswerkstatt/Zukunftswerkstätten, Beteiligungsformat/Beteiligungsformate,
    Bürgerdialog/Bürgerdialoge, Vereinsmitgliedschaft/Vereinsmitgliedschaften
Sprache: Sprachkurs/Sprachkurse, Sprachförderung/Sprachförderungen, Deutschkurs/Deutschkurse,
    Sprachcafé/Sprachcafés, Sprachmittlung/Sprachmittlungen,
    Alphabetisierung/Alphabetisierungen, Dolmetscherpool/Dolmetscherpools,
    Vorlesestunde/Vorlesestunden, Sprachstandserhebung/Sprachstandserhebungen,
    Mehrsprachigkeit/Mehrsprachigkeiten
Kinder und Jugend: Jugendhaus/Jugendhäuser, Kita/Kitas, Ferienprogramm/Ferienprogramme,
    Jugendgemeinderat/Jugendgemeinderäte, Spielplatz/Spielplätze,
    Hausaufgabenbetreuung/Hausaufgabenbetreuungen, Jugendarbeit/Jugendarbeiten,
    Familienzentrum/Familienzentren, Elterncafé/Elterncafés
Ehrenamt: Freiwilligenagentur/Freiwilligenagenturen, Helferkreis/Helferkreise,
    Ehrenamtskoordination/Ehrenamtskoordinationen, Anerkennungskultur/Anerkennungskulturen,
    Engagementförderung/Engagementförderungen, Bürgerstiftung/Bürgerstiftungen,
    Ehrenamtsbörse/Ehrenamtsbörsen, Fortbildung/Fortbildungen
Wohnen: Wohnung/Wohnungen, Anschlussunterbringung/Anschlussunterbringungen,
    Wohnraumakquise/Wohnraumakquisen, Vermieter/Vermieter, Nachbarschaft/Nachbarschaften,
    Gemeinschaftsunterkunft/Gemeinschaftsunterkünfte, Mietvertrag/Mietverträge,
    Quartier/Quartiere, Wohnprojekt/Wohnprojekte
Gesundheit: Gesundheitsversorgung/Gesundheitsversorgungen, Arztpraxis/Arztpraxen,
    Prävention/Präventionen, Traumaberatung/Traumaberatungen,
    Gesundheitslotse/Gesundheitslotsen, Impfaktion/Impfaktionen, Krankenkasse/Krankenkassen,
    Psychotherapie/Psychotherapien
Kultur: Kulturfest/Kulturfeste, Theaterprojekt/Theaterprojekte, Musikverein/Musikvereine,
    Ausstellung/Ausstellungen, Chor/Chöre, Kochabend/Kochabende, Stadtführung/Stadtführungen,
    Begegnungsfest/Begegnungsfeste, Jugendkapelle/Jugendkapellen
Sport: Sportverein/Sportvereine, Fußballturnier/Fußballturniere, Schwimmkurs/Schwimmkurse,
    Sporthalle/Sporthallen, Übungsleitung/Übungsleitungen, Bewegungsangebot/Bewegungsangebote,
    Lauftreff/Lauftreffs, Radfahrkurs/Radfahrkurse
Verwaltung: Integrationsmanagement/Integrationsmanagements,
    Ausländerbehörde/Ausländerbehörden, Bürgeramt/Bürgerämter,
    Verwaltungsvorschrift/Verwaltungsvorschriften, Zuständigkeit/Zuständigkeiten,
    Integrationskonzept/Integrationskonzepte, Landratsamt/Landratsämter,
    Sachgebiet/Sachgebiete, Willkommenskultur/Willkommenskulturen
Flüchtlingshilfe: Asylverfahren/Asylverfahren, Erstaufnahme/Erstaufnahmen,
    Flüchtlingshilfe/Flüchtlingshilfen, Asylkreis/Asylkreise, Kleiderkammer/Kleiderkammern,
    Behördengang/Behördengänge, Fahrradwerkstatt/Fahrradwerkstätten, Unterkunft/Unterkünfte,
    Ankunftszentrum/Ankunftszentren
""").items()
}
# General nouns of the domain, frequent in every theme: singular/plural.
_GENERAL_NOUNS = _table("""
Integration/Integrationen, Kommune/Kommunen, Gemeinde/Gemeinden, Verein/Vereine,
Begegnung/Begegnungen, Zusammenarbeit/Zusammenarbeiten, Kooperation/Kooperationen,
Veranstaltung/Veranstaltungen, Workshop/Workshops, Ansprechpartner/Ansprechpartner,
Erfahrung/Erfahrungen, Finanzierung/Finanzierungen, Fördermittel/Fördermittel,
Öffentlichkeitsarbeit/Öffentlichkeitsarbeiten, Austausch/Austausche, Struktur/Strukturen,
Maßnahme/Maßnahmen, Zielgruppe/Zielgruppen, Hauptamt/Hauptämter, Rathaus/Rathäuser,
Landkreis/Landkreise, Träger/Träger, Kirchengemeinde/Kirchengemeinden,
Wohlfahrtsverband/Wohlfahrtsverbände, Steuerungsgruppe/Steuerungsgruppen,
Arbeitskreis/Arbeitskreise, Regionalkonferenz/Regionalkonferenzen, Fachtag/Fachtage,
Leitbild/Leitbilder, Evaluation/Evaluationen, Dokumentation/Dokumentationen,
Broschüre/Broschüren, Sprechstunde/Sprechstunden, Anlaufstelle/Anlaufstellen,
Ressource/Ressourcen, Herausforderung/Herausforderungen, Rückmeldung/Rückmeldungen,
Vertrauen/Vertrauen, Zugang/Zugänge, Bedarf/Bedarfe, Förderprogramm/Förderprogramme,
Ehrenamt/Ehrenämter, Haushalt/Haushalte, Stadtteil/Stadtteile, Mobilität/Mobilitäten,
Digitalisierung/Digitalisierungen, Ortschaft/Ortschaften
""")
# People: masculine plural/feminine stem → every gender spelling is generated.
_PEOPLE_BASES = _table("""
Teilnehmer/Teilnehmer, Helfer/Helfer, Mentoren/Mentor, Lotsen/Lots, Schüler/Schüler,
Mitarbeiter/Mitarbeiter, Berater/Berater, Trainer/Trainer, Paten/Pat,
Sozialarbeiter/Sozialarbeiter, Dolmetscher/Dolmetscher, Sprachmittler/Sprachmittler,
Migranten/Migrant, Bürger/Bürger, Lehrer/Lehrer, Ärzte/Ärzt, Unternehmer/Unternehmer,
Bürgermeister/Bürgermeister, Kollegen/Kolleg, Nachbarn/Nachbar, Erzieher/Erzieher,
Übungsleiter/Übungsleiter, Studenten/Student, Vermieter/Vermieter, Ausbilder/Ausbilder,
Koordinatoren/Koordinator
""")
# Nominalised adjectives and other plural groups: nominative/dative.
_PEOPLE_NOUNS = _table("""
Ehrenamtliche/Ehrenamtlichen, Geflüchtete/Geflüchteten, Jugendliche/Jugendlichen,
Zugewanderte/Zugewanderten, Engagierte/Engagierten, Alleinerziehende/Alleinerziehenden,
Teilnehmende/Teilnehmenden, Mitarbeitende/Mitarbeitenden, Lernende/Lernenden,
Studierende/Studierenden, Ratsuchende/Ratsuchenden, Neuzugewanderte/Neuzugewanderten,
Familien/Familien, Eltern/Eltern, Kinder/Kindern, Senioren/Senioren, Lehrkräfte/Lehrkräften,
Fachkräfte/Fachkräften, Frauen/Frauen, Asylsuchende/Asylsuchenden
""")
_ADJECTIVES = _words("""
interkulturell, ehrenamtlich, kommunal, niedrigschwellig, mehrsprachig, regelmäßig,
verbindlich, nachhaltig, regional, gemeinsam, neu, zusätzlich, digital, offen, langfristig,
praktisch, individuell, kostenlos, kulturell, sozial, örtlich, wöchentlich, monatlich,
qualifiziert, erfolgreich, generationenübergreifend, aufsuchend, berufsbegleitend,
wohnortnah, barrierefrei, gut, klein, groß, zentral, eigen, zuständig, freiwillig,
hauptamtlich
""")
_PARTICIPLES = _words("""
organisiert, begleitet, gefördert, aufgebaut, vermittelt, unterstützt, koordiniert,
entwickelt, erprobt, verstetigt, ausgewertet, angeboten, durchgeführt, eingerichtet,
gegründet, qualifiziert, beraten, vernetzt, gestärkt, erweitert, ausgebaut, evaluiert,
finanziert, geplant, umgesetzt, vorgestellt, eröffnet, abgestimmt, gebündelt, übernommen
""")
_VERBS_PL = _words("""
treffen sich, engagieren sich, lernen, arbeiten, helfen, beraten, begleiten, organisieren,
übernehmen, gestalten, besuchen, unterstützen
""")
# Organisations: name/gender.
_ORGS = _table("""
Förderverein/m, Arbeitskreis Asyl/m, Freundeskreis/m, Bürgerstiftung/f, Caritasverband/m,
Kinderschutzbund/m, Volkshochschule/f, Stadtjugendring/m, Turnverein/m, Musikverein/m,
Integrationsbeirat/m, Mehrgenerationenhaus/n, Familienzentrum/n, Jobcenter/n,
Industrie- und Handelskammer/f, Handwerkskammer/f, Agentur für Arbeit/f, Kreisjugendring/m,
Sportkreis/m, Stadtbibliothek/f, DRK-Ortsverein/m, Kirchengemeinde/f, Moscheegemeinde/f,
Landratsamt/n
""")
_NAMES = _words("""
Miteinander, Brücken bauen, Ankommen, Zusammen stark, Vielfalt leben, Neue Nachbarn,
Heimat finden, Bunt statt grau, Wir vor Ort, Offene Türen, Weltoffen, Hand in Hand,
Lernwerkstatt, Gemeinsam unterwegs, Mittendrin, Türöffner, Sprungbrett, Kompass, Lerninsel,
Zukunft gestalten
""")
_SURNAMES = _words("""
Müller, Schmid, Schneider, Fischer, Weber, Wagner, Becker, Hofmann, Maier, Huber, Kaya,
Yılmaz, Nowak, Haddad, Öztürk, Bauer, Koch, Richter, Wolf, Schäfer, Braun, Zimmermann,
Krüger, Hartmann, Lang
""")
_OFFICES = (
    "Integrationsbeauftragte",
    "Fachstelle Bürgerschaftliches Engagement",
    "Integrationsmanagement",
    "Amt für Familie und Soziales",
)
_MONTHS = _words("""
Januar, Februar, März, April, Mai, Juni, Juli, August, September, Oktober, November, Dezember
""")

_TEMPLATES = {
    "Ausgangslage": (
        "In {town} fehlten bis {year} {adj_e} {npl} für {people}.",
        "Viele {people} fanden kaum Zugang zu {ndat}, "
        "weil {npl} und {npl} nicht aufeinander abgestimmt waren.",
        "Ausgangspunkt waren Rückmeldungen von {people_dat} und {people_dat} aus {town}.",
        "Der Gemeinderat beschloss {year}, {adj_e} {tnpl} für {people} aufzubauen.",
        "Nach der Ankunft von vielen {people_dat} stieg der Bedarf an {adj_en} {tndat} deutlich.",
        "Bis dahin gab es in der Kommune nur wenige {tnpl}, "
        "und die {adj_en} {npl} waren kaum bekannt.",
        "{people} und {people} berichteten von {adj_en} {ndat}, die ihnen den Alltag erschwerten.",
        "Die {adj_en} {npl} reichten nicht aus, um {people} zu erreichen.",
        "{org_nom} stellte fest, dass {people} die {adj_en} {tnpl} kaum nutzten.",
    ),
    "Vorgehen": (
        "Gemeinsam mit {org_dat} wurden {adj_e} {tnpl} {part}.",
        "{people} {verb} einmal pro Woche {in_compound} und {verb} dort {people}.",
        "Die Stadt {town} richtete {adj_e} {tnpl} ein, die von {people_dat} {part} werden.",
        "Zunächst wurden {npl} {part}; anschließend {verb} {people} {adj_e} {tnpl}.",
        "{in_compound} {verb} {people} mit {people_dat}; {adj_e} {npl} ergänzen das Angebot.",
        "Eine {adj_e} Steuerungsgruppe aus {people_dat}, {people_dat} und {org_dat} "
        "hat {acc_compound} {part}.",
        "Über {ndat} und {tndat} wurden {people} gezielt angesprochen.",
        "{people} wurden in {adj_en} {compounds} {part} und anschließend als {people} eingesetzt.",
        "Das Angebot „{name}“ bündelt {tnpl}, {npl} und {compounds} unter einem Dach.",
        "Für {people} gibt es seit {year} {adj_e} {compounds} und {adj_e} {tnpl}.",
    ),
    "Ergebnisse": (
        "Seit dem Start haben {num} {people} an den {adj_en} {tndat} teilgenommen.",
        "Rund {num} {people} engagieren sich heute regelmäßig {in_compound}.",
        "Die {adj_en} {tnpl} wurden {part} "
        "und sind inzwischen fester Bestandteil der Arbeit in {town}.",
        "Aus {dat_compound} sind {num} {adj_e} {compounds} hervorgegangen.",
        "{people} und {people} bewerten die {adj_en} {npl} als hilfreich.",
        "Die Evaluation zeigt, dass {people} schneller Zugang zu {tndat} finden.",
        "Das Modell wurde {year} von weiteren Gemeinden {in_district} übernommen.",
    ),
    "Erfolgsfaktoren und Stolpersteine": (
        "Entscheidend waren {adj_e} {npl} und die enge Zusammenarbeit von Haupt- und Ehrenamt.",
        "Schwierig blieb die Finanzierung der {adj_en} {tnpl} über das Projektende hinaus.",
        "Ohne {adj_e} {npl} und {adj_e} {compounds} wäre das Projekt nicht gelungen.",
        "Als Stolperstein erwies sich, dass {people} oft nur wenig Zeit für {adj_e} {npl} haben.",
        "Hilfreich war ein {adj_er} Ansprechpartner im Rathaus, "
        "der {people} und {people} begleitet.",
        "Die {adj_en} {compounds} mussten mehrfach "
        "an den Bedarf der {people_dat} angepasst werden.",
    ),
    "Übertragbarkeit": (
        "Das Konzept lässt sich auf andere Kommunen übertragen, wenn {adj_e} {npl} vorhanden sind.",
        "Gerade kleinere Gemeinden können {adj_e} {compounds} mit wenig Aufwand aufbauen.",
        "Wer das Modell übernehmen will, sollte früh {people} und {people} einbinden.",
        "Eine Übertragung setzt {adj_e} {tnpl} und verlässliche {npl} voraus.",
    ),
}


def _gender_forms(masc: str, fem: str) -> list[tuple[str, str]]:
    """(nominative, dative) plural spellings of one group of people."""
    dat = _dative(masc)
    return [
        (f"{fem}*innen", f"{fem}*innen"),
        (f"{fem}:innen", f"{fem}:innen"),
        (f"{fem}_innen", f"{fem}_innen"),
        (f"{fem}Innen", f"{fem}Innen"),
        (f"{fem}innen und {masc}", f"{fem}innen und {dat}"),
        (masc, dat),
    ]


def _joined(first: str, head: str) -> str:
    """A compound of a noun and a head noun, with a simple linking element."""
    if first.endswith(("ung", "heit", "keit", "schaft", "ion", "tät", "ing")):
        first += "s"
    elif first.endswith("e"):
        first += "n"
    return first + head.lower()


def _dative(plural: str) -> str:
    return plural + "n" if plural.endswith(("e", "r", "l")) else plural


class _Zipf:
    """Draw from a list with weights 1/rank^s, in an order shuffled by the seed."""

    def __init__(self, items: Sequence, rng: random.Random, s: float = 1.0):
        self.items = list(items)
        rng.shuffle(self.items)
        self.cum = list(itertools.accumulate(1.0 / (rank + 1) ** s for rank in range(len(items))))
        self.total = self.cum[-1]
        self.random = rng.random

    def __call__(self):
        return self.items[bisect.bisect(self.cum, self.random() * self.total)]


def _compile(template: str) -> list[tuple[bool, str]]:
    """Split a template into (is_slot, text) parts once, so filling it needs no regex."""
    parts = re.split(r"\{(\w+)\}", template)
    return [(i % 2 == 1, part) for i, part in enumerate(parts) if part]


def _slugify(text: str) -> str:
    text = text.lower().replace("ß", "ss")
    for umlaut, ascii_ in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        text = text.replace(umlaut, ascii_)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Generator:
    def __init__(self, seed: int):
        rng = self.rng = random.Random(seed)
        self.compounds = [
            (prefix + sg.lower(), prefix + pl.lower(), gender)
            for prefix in _PREFIXES
            for sg, pl, gender in _HEADS
        ]
        self.general = _Zipf(_GENERAL_NOUNS, rng, 1.1)
        self.general_compound = _Zipf(self.compounds, rng, 1.0)
        self.theme_compound = {
            theme: _Zipf(
                [
                    (_joined(sg, head), _joined(sg, pl_head), gender)
                    for sg, _ in nouns
                    for head, pl_head, gender in _HEADS
                ],
                rng,
                1.1,
            )
            for theme, nouns in _THEME_NOUNS.items()
        }
        self.theme_nouns = {t: _Zipf(nouns, rng, 0.9) for t, nouns in _THEME_NOUNS.items()}
        people = [form for m, f in _PEOPLE_BASES for form in _gender_forms(m, f)]
        people += list(_PEOPLE_NOUNS)
        self.people = _Zipf(people, rng, 0.9)
        self.adj = _Zipf(_ADJECTIVES, rng, 1.0)
        self.part = _Zipf(_PARTICIPLES, rng, 0.8)
        self.verb = _Zipf(_VERBS_PL, rng, 0.8)
        self.org = _Zipf(_ORGS, rng, 0.9)
        self.name = _Zipf(_NAMES, rng, 0.8)
        self.town = _Zipf(TOWNS, rng, 0.7)
        # Fixed per town: Stadtkreise 100,000–600,000 inhabitants, other towns 800–90,000.
        self.populations = {
            town: int(10 ** rng.uniform(*((5.0, 5.78) if town in STADTKREISE else (2.9, 4.95))))
            for town, _ in TOWNS
        }
        self.templates = {k: [_compile(t) for t in v] for k, v in _TEMPLATES.items()}
        self.slugs: set[str] = set()

    def entry(self) -> tuple[str, str]:
        """(slug, file text) of one new entry."""
        rng = self.rng
        town, district = self.town()
        year = rng.randint(2012, 2025)
        kind = rng.choices(TYPES, TYPE_WEIGHTS)[0]
        themes = rng.sample(THEMES, rng.choices((1, 2, 3), (35, 45, 20))[0])
        city = district in STADTKREISE
        self.ctx = {
            "town": town,
            "year": year,
            "themes": themes,
            "in_district": f"in {district}" if city else f"im {district}",
            "from_district": f"aus {district}" if city else f"aus dem {district}",
        }
        title, slug_base = self._title(kind, themes[0], town, year)
        slug = slug_base
        for n in itertools.count(2):
            if slug not in self.slugs:
                break
            slug = f"{slug_base}-{n}"
        self.slugs.add(slug)

        lines = ["---", f"title: {_quote(title)}", f"summary: {_quote(self._summary(town))}"]
        lines += [f"type: {kind}", "themes:", *(f"  - {t}" for t in themes)]
        lines += [f"municipality: {_quote(town)}", f"district: {district}", f"year: {year}"]
        if rng.random() < 0.3:
            lines += ["funding:", *(f"  - {f}" for f in rng.sample(FUNDING, rng.randint(1, 2)))]
        if rng.random() < 0.7:
            tags = {self._tag() for _ in range(rng.randint(2, 6))}
            lines += ["tags:", *(f"  - {_quote(t)}" for t in sorted(tags))]
        if rng.random() < 0.6:
            groups = {self.people()[0] for _ in range(rng.randint(1, 3))}
            lines += ["target_groups:", *(f"  - {_quote(g)}" for g in sorted(groups))]
        if rng.random() < 0.5:
            partners = {f"{self.org()[0]} {town}" for _ in range(rng.randint(1, 3))}
            lines += ["partners:", *(f"  - {_quote(p)}" for p in sorted(partners))]
        if rng.random() < 0.8:
            lines.append(f"population: {self.populations[town]}")
        roll = rng.random()
        if roll < 0.03:
            lines.append("status: entwurf")
        elif roll < 0.2:
            lines.append("status: veröffentlicht")
        if rng.random() < 0.5:
            updated = f"{rng.randint(max(year, 2020), 2025)}-{rng.randint(1, 12):02d}"
            lines.append(f"updated: {updated}-{rng.randint(1, 28):02d}")
        lines += ["---", "", self._body(town), ""]
        return slug, "\n".join(lines)

    def _title(self, kind: str, theme: str, town: str, year: int) -> tuple[str, str]:
        rng = self.rng
        thing = self.theme_nouns[theme]()[0]
        name = self.name()
        if kind == "Konferenzdokumentation":
            topic = rng.choice((f"{thing} und Integration", f"Integration durch {theme}", name))
            kind_word = rng.choice(("Regionalkonferenz", "Fachtag", "Netzwerktreffen"))
            title = f"{kind_word} {town} {year}: {topic}"
            return title, _slugify(f"{kind_word} {town} {year} {thing}")
        if kind == "Leitfaden":
            title = f"Leitfaden: {thing} in der Kommune – {name}"
            return title, _slugify(f"leitfaden {thing} {town}")
        compound, _, gender = self._compound()
        choice = rng.random()
        if choice < 0.4:
            title = f"„{name}“ in {town}: {compound} für {self.people()[0]}"
        elif choice < 0.7:
            title = f"{compound} {town}: {thing} gemeinsam gestalten"
        else:
            title = f"{thing} {_ARTICLES[gender][3]} {compound} – ein {kind} aus {town}"
        return title, _slugify(f"{compound} {thing} {town}")

    def _summary(self, town: str) -> str:
        rng = self.rng
        sentences = [
            f"{self._compound()[0]} in {town}: {self.people()[0]} und {self.people()[0]} "
            f"gestalten {self._fill_slot('adj_e')} {self._fill_slot('tnpl')}.",
            f"Das Angebot wurde {self.ctx['year']} {self.part()} und verbindet "
            f"{self._fill_slot('npl')} mit {self._fill_slot('tndat')}.",
            f"Beteiligt sind {self._fill_slot('org_nom')} und {self.people()[0]} "
            f"{self.ctx['from_district']}.",
        ]
        return " ".join(sentences[: rng.randint(1, 3)])

    def _tag(self) -> str:
        roll = self.rng.random()
        if roll < 0.4:
            return self._compound()[0]
        if roll < 0.8:
            return self.theme_nouns[self.rng.choice(self.ctx["themes"])]()[0]
        return self.general()[0]

    def _compound(self) -> tuple[str, str, str]:
        """(singular, plural, gender) of a compound; some are built on a theme word."""
        if self.rng.random() < 0.3:
            return self.theme_compound[self.rng.choice(self.ctx["themes"])]()
        return self.general_compound()

    def _fill_slot(self, slot: str) -> str:
        rng = self.rng
        if slot == "npl":
            return self.general()[1]
        if slot == "ndat":
            return _dative(self.general()[1])
        if slot == "tnpl":
            return self.theme_nouns[rng.choice(self.ctx["themes"])]()[1]
        if slot == "tndat":
            return _dative(self.theme_nouns[rng.choice(self.ctx["themes"])]()[1])
        if slot == "compound":
            return self._compound()[0]
        if slot == "compounds":
            return self._compound()[1]
        if slot == "people":
            return self.people()[0]
        if slot == "people_dat":
            return self.people()[1]
        if slot.startswith("adj_"):
            return self.adj() + slot[4:]
        if slot == "part":
            return self.part()
        if slot == "verb":
            return self.verb()
        if slot in ("org_nom", "org_dat"):
            name, gender = self.org()
            return f"{_ARTICLES[gender][0 if slot == 'org_nom' else 2]} {name}"
        if slot in ("in_compound", "acc_compound", "dat_compound"):
            word, _, gender = self._compound()
            article = _ARTICLES[gender][{"in": 3, "acc": 1, "dat": 2}[slot.split("_")[0]]]
            return f"{article} {word}"
        if slot == "name":
            return self.name()
        if slot == "num":
            return str(int(10 ** rng.uniform(0.8, 2.7)))
        if slot in ("town", "in_district", "year"):
            return str(self.ctx[slot])
        raise KeyError(slot)

    def _sentence(self, section: str) -> str:
        parts = self.rng.choice(self.templates[section])
        text = "".join(self._fill_slot(p) if slot else p for slot, p in parts)
        return text[0].upper() + text[1:]

    def _body(self, town: str) -> str:
        rng = self.rng
        target = rng.randint(110, 200)  # plus about 12 words of contact details
        shares = (
            ("Ausgangslage", 0.22), ("Vorgehen", 0.32), ("Ergebnisse", 0.2),
            ("Erfolgsfaktoren und Stolpersteine", 0.15), ("Übertragbarkeit", 0.11),
        )  # fmt: skip
        out = []
        for section, share in shares:
            sentences, words = [], 0
            while not sentences or words < share * target:
                sentence = self._sentence(section)
                sentences.append(sentence)
                words += sentence.count(" ") + 1
            out.append(f"## {section}\n\n" + " ".join(sentences) + "\n")
        person = f"{rng.choice(('Frau', 'Herr'))} {rng.choice(_SURNAMES)}"
        office = rng.choice(_OFFICES)
        month = rng.choice(_MONTHS)
        out.append(
            f"## Kontakt\n\n{office} der Stadt {town}, {person}. "
            f"Sprechzeiten nach Vereinbarung (Stand: {month} {self.ctx['year']}).\n"
        )
        return "\n".join(out)


def generate(out_dir: Path, count: int, seed: int) -> None:
    """Write `out_dir/taxonomy.yaml` and `count` entries to `out_dir/entries/`."""
    out_dir = Path(out_dir)
    entries = out_dir / "entries"
    entries.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TAXONOMY, out_dir / "taxonomy.yaml")
    gen = _Generator(seed)
    for _ in range(count):
        slug, text = gen.entry()
        (entries / f"{slug}.md").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="target directory (kb root)")
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if (args.out / "entries").exists() and any((args.out / "entries").iterdir()):
        parser.error(f"{args.out}/entries is not empty")
    started = time.perf_counter()
    generate(args.out, args.count, args.seed)
    print(
        f"{args.count} entries written to {args.out} in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
