"""The brief's vocabularies as data, in French and English, and the one way to match them.

Terms are written folded (lower case, no accents, "oe" for "œ", hyphens as spaces). A term
ending in ``*`` is a stem and matches any word it starts; a term with spaces is a phrase.
Both languages are matched in every workshop: participants mix them ("feedback", "buzz").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

Vocabulary = Mapping[str, tuple[str, ...]]

# --- the seven foundations of a relationship built online (keys of model.FOUNDATIONS) -------
FOUNDATION_TERMS: Vocabulary = {
    "relationship": (
        "relation*", "lien", "liens", "fidel*", "fideli*", "communaute*", "proximite", "proche*",
        "accueil*", "rencontr*", "ensemble", "prendre soin", "connaitre",
        "relationship*", "loyal*", "community", "communities", "meet*", "together", "welcom*",
        "get to know", "take care", "care about", "bond*",
    ),
    "conversation": (
        "conversation*", "dialogu*", "repond*", "reponse*", "echange*", "ecout*", "discut*",
        "message prive", "messages prives", "un a un", "tete a tete", "whatsapp", "tchat*",
        "dialog*", "answer*", "reply", "replie*", "repli*", "listen*", "exchang*", "discuss*",
        "private message*", "one to one", "direct message*", "chat", "chats", "talk with",
    ),
    "branding": (
        "marque", "marques", "image", "identite*", "le ton", "notre ton", "un ton", "voix",
        "style", "logo*", "visage*",
        "reputation*", "e reputation", "incarn*", "marque employeur", "signature",
        "brand", "brands", "branding", "identity", "tone", "voice", "face", "faces",
        "employer brand", "personal brand*", "sounds like", "recognis*", "recogniz*",
    ),
    "trust": (
        "confiance", "transparen*", "honnete*", "sincer*", "authenti*", "credib*", "fiab*",
        "verite", "promesse*", "tenir parole", "securite", "rgpd", "donnees personnelles",
        "vie privee", "excuse*", "rassur*",
        "trust*", "honest*", "truth*", "reliab*", "promise*", "keep our word", "safety",
        "gdpr", "personal data", "privacy", "apolog*", "reassur*",
    ),
    "recommendation": (
        "recommand*", "avis", "temoign*", "ambassad*", "bouche a oreille", "prescript*",
        "blogueu*", "etoile*", "bonne note", "parrain*",
        "recommend*", "review*", "testimon*", "endors*", "word of mouth", "blogger*",
        "rating*", "stars", "referr*", "advocat*",
    ),
    "alliances": (
        "partenai*", "allian*", "distribut*", "fournisseur*", "co creat*", "cocreat*",
        "coentreprise*", "association*", "supermarche*", "enseigne*", "ecole*", "club*",
        "partner*", "supplier*", "joint venture*", "joint action*", "co creation",
        "supermarket*", "retailer*", "school*",
    ),
    "viral": (
        "viral*", "buzz", "propag*", "concours", "defi", "defis", "video*", "tiktok", "hashtag*",
        "faire le tour", "circul*", "reels", "gratuit*", "partag*",
        "spread*", "contest*", "challenge*", "share*", "sharing", "go around", "for free",
    ),
}

# --- the four shifts (keys of model.SHIFTS) --------------------------------------------------
SHIFT_TERMS: Vocabulary = {
    "connecting": (
        "humain*", "personne*", "prenom*", "signe", "signer", "signez", "signee*",
        "conversation*", "dialogu*", "relation*",
        "communique*", "langue de bois", "vendre", "vente*", "connect*", "ecout*",
        "human*", "person", "personal*", "first name*", "corporate speak", "press release*",
        "sell*", "sign", "signed", "signing", "listen*", "talk with", "rather than talk",
    ),
    "small_acts": (
        "petit* geste*", "geste*", "chaque client", "au quotidien", "quotidien*",
        "en quelques minutes", "vite", "rapid*", "delai*", "campagne*", "detail*", "merci",
        "remerci*", "surpris*", "24 h", "24 heures",
        "small act*", "gesture*", "every customer", "each customer", "daily", "every day",
        "within minutes", "quick*", "fast*", "campaign*", "detail*", "thank*", "surpris*",
        "24 hours", "response time",
    ),
    "being_ourselves": (
        "salarie*", "employe*", "equipe*", "coulisse*", "prise de parole", "prendre la parole",
        "charte", "nous memes", "etre soi*", "spontan*", "liberte*", "libre*", "oser", "ose",
        "apprenti*", "boulanger*", "fabrication", "authenti*",
        "employee*", "staff", "team*", "colleague*", "behind the scenes", "speak* up",
        "charter", "ourselves", "be ourselves", "spontaneous*", "free to", "dare*",
        "apprentice*", "baker*", "how it s made", "authentic*",
    ),
    "everywhere": (
        "canal", "canaux", "whatsapp", "instagram", "facebook", "linkedin", "tiktok",
        "telephone*", "sms", "mail*", "courriel*", "soir*", "week end*", "dimanche*",
        "7 jours", "7j 7", "disponib*", "joignable*", "accessib*", "partout", "qr code*",
        "horaire*", "hors des heures",
        "channel*", "phone*", "email*", "evening*", "weekend*", "sunday*", "7 days",
        "24 7", "availab*", "reach*", "everywhere", "out of hours", "office hours",
        "outside office hours",
    ),
}

# --- the Q&A and the listening list (risk signals go by meaning: signals.py) --------------
CONCERN_TERMS: tuple[str, ...] = (
    "inquiet*", "crain*", "crainte*", "peur*", "risque*", "probleme*", "et si", "doute*",
    "pas sur", "pas surs", "difficil*", "danger*", "hesit*", "comment faire", "ose pas",
    "osent pas", "n osent",
    "worr*", "concern", "concerns", "concerned", "concerning", "fear*", "afraid", "risk*",
    "problem*", "issues", "doubt*",
    "unsure", "what if", "danger*", "hesita*", "don t dare", "do not dare",
)
# Words near a name that tell what it is, for the listening list.
NAME_CONTEXT_TERMS: Vocabulary = {
    "competitor": (
        "concurren*", "rival*", "contrairement a", "comme chez",
        "competitor*", "competition", "unlike", "versus", "vs",
    ),
    "partner": (
        "partenai*", "distribut*", "fournisseur*", "supermarche*", "enseigne*", "revendeu*",
        "partner*", "distributor*", "supplier*", "supermarket*", "retailer*", "reseller*",
    ),
    "product": (
        "gamme*", "produit*", "edition limitee", "lancement", "notre nouveau", "notre nouvelle",
        "product*", "range", "limited edition", "launch*", "our new",
    ),
    "brand": (
        "notre marque", "nos marques", "la marque", "marque", "chez",
        "our brand", "our company", "the brand", "brand",
    ),
}
# Social platforms are named in every contribution about channels: listed as such.
PLATFORMS: tuple[str, ...] = (
    "Instagram", "Facebook", "LinkedIn", "TikTok", "Twitter", "YouTube", "WhatsApp", "Google",
    "Pinterest", "Snapchat", "Mastodon", "Bluesky", "Threads", "Messenger", "Twitch",
)
# Capitalised words that are not names (sentence starts, days, months, titles).
NOT_NAMES: frozenset[str] = frozenset({
    "le", "la", "les", "un", "une", "des", "du", "de", "et", "ou", "nos", "notre", "nous",
    "vous", "on", "il", "elle", "ils", "elles", "ce", "cette", "ces", "qui", "que", "quoi",
    "comment", "pourquoi", "quand", "si", "mais", "pour", "avec", "sans", "dans", "chaque",
    "tout", "tous", "toute", "toutes", "plus", "moins", "oui", "non", "merci", "bonjour",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
    "octobre", "novembre", "decembre", "session", "salle", "table", "story", "histoire",
    "the", "a", "an", "and", "or", "our", "we", "you", "it", "they", "he", "she", "this",
    "that", "these", "those", "what", "who", "how", "why", "when", "if", "but", "for",
    "with", "without", "in", "at", "every", "each", "all", "more", "less", "yes", "no",
    "thanks", "hello", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "i", "my", "me", "let", "one", "two",
    "ok", "am", "pm", "h", "p",
})
# Words too generic to be worth monitoring or to make a hashtag.
GENERIC_WORDS: frozenset[str] = frozenset({
    "faire", "fait", "dire", "deja", "aussi", "bien", "tres", "peu", "chose", "choses", "gens",
    "jour", "jours", "fois", "moment", "question", "questions", "qu on", "quon", "avoir",
    "etre", "plus", "tout", "tous", "on", "c est", "il faut", "falloir", "peut", "pouvoir",
    "vouloir", "veut", "semaine", "mois", "an", "ans", "heure", "heures", "minute", "minutes",
    "make", "made", "say", "said", "already", "also", "well", "very", "thing", "things",
    "people", "day", "days", "time", "times", "week", "weeks", "month", "months", "year",
    "years", "hour", "hours", "get", "want", "need", "needs", "let", "lets", "don t", "dont",
    "it s", "we re", "what", "every", "one", "two", "three", "half", "first", "last", "next",
    "session", "sessions", "idea", "ideas", "idee", "idees", "point", "points",
    "participant", "participants", "personne", "personnes", "animee", "convened",
    "start", "small", "shared", "involve", "today", "told", "right", "good", "great", "new",
    "aujourd hui", "commencer", "petit", "petite", "bon", "bonne", "nouveau", "nouvelle",
    # Every workshop is about them: the stakeholder groups themselves.
    "client", "clients", "cliente", "clientes", "customer", "customers", "salarie", "salaries",
    "employee", "employees", "collaborateur", "collaborateurs", "equipe", "equipes", "team",
    "teams",
})

# --- "why big companies struggle" (docs/domain.md): a risk checklist --------------------------
CHECKLIST_TERMS: Vocabulary = {
    "marketing_channel": (
        "marketing", "publicit*", "pub", "campagne*", "promo*", "diffus*", "annonce*",
        "abonne*", "likes", "canal de plus",
        "advert*", "ads", "campaign*", "broadcast*", "announce*", "followers", "likes",
        "another channel",
    ),
    "no_place": (
        "organisation*", "silo*", "qui repond", "qui porte", "responsable*",
        "planning", "budget*", "temps dedie", "entre les services", "departement*",
        "organization*", "organisation*", "department*", "who answers", "who owns", "owner*",
        "rota", "time set aside", "between teams", "each other",
    ),
    "global": (
        "global*", "international*", "mondial*", "langue*", "pays", "partout", "traduction*",
        "worldwide", "language*", "countr*", "everywhere", "translat*", "abroad",
    ),
    "long_term": (
        "long terme", "dans la duree", "durable*", "patience", "chaque semaine", "chaque mois",
        "trimestre*", "habitude*", "routine*", "regulier*", "regulierement",
        "long term", "over time", "every week", "every month", "quarter*", "habit*",
        "regular*", "patien*",
    ),
    "not_guaranteed": (
        "garanti*", "resultat*", "retour sur investissement", "roi", "essai*", "tester",
        "pilote*", "experimenta*", "incertain*",
        "guarantee*", "result*", "return on investment", "trial*", "pilot*",
        "experiment*", "uncertain*",
    ),
    "new_metrics": (
        "mesur*", "indicateur*", "kpi*", "tableau de bord", "taux", "temps de reponse",
        "statisti*", "chiffre*", "abonnes", "likes",
        "measur*", "metric*", "dashboard*", "rate", "rates", "response time", "figure*",
        "follower*", "statistic*",
    ),
}

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss",
                            "’": "'", "‘": "'", "ʼ": "'"})
_SEPARATORS = re.compile(r"[-‐‑‒–—_/'`´]+")


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


@lru_cache(maxsize=65_536)
def fold(text: str) -> str:
    """Lower case, no accents, ligatures spelled out, hyphens and apostrophes as spaces."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES).casefold())
    return " ".join(_SEPARATORS.sub(" ", _COMBINING.sub("", decomposed)).split())


def stem(folded: str) -> str:
    """Plural endings set aside ("clients" → "client"), word by word, in folded text."""
    return " ".join(w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in folded.split())


def _pattern(term: str) -> str:
    words = term.rstrip("*").split()
    body = r"\s+".join(re.escape(w) for w in words)
    return body + (r"\w*" if term.endswith("*") else "")


@lru_cache(maxsize=64)
def _compiled(terms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = sorted({_pattern(t) for t in terms}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def matches(folded: str, terms: Iterable[str]) -> list[str]:
    """Every occurrence of ``terms`` in already ``fold``-ed text, as found."""
    return _compiled(tuple(terms)).findall(folded)


def scores(folded: str, vocabulary: Vocabulary) -> dict[str, int]:
    """How many times each key's terms occur in the folded text (keys with none left out)."""
    found = {key: len(matches(folded, terms)) for key, terms in vocabulary.items()}
    return {key: count for key, count in found.items() if count}
