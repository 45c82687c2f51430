"""Words of a contribution: language, tokens, lemmas, and the words no label may use.

French and English are read in every workshop: participants mix them ("feedback", "meetup").
Matching folds case and accents; what is shown keeps the words as participants wrote them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import simplemma

LANGUAGES = ("fr", "en")


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Pronouns, articles, auxiliaries and other grammar words: never a label, never a theme's term.
_EN = _listed("""
a about above after again against all almost also always am an and another any anybody
anyone anything are aren around as at away back be because been before being below between
both but by can cannot could couldn did didn do does doesn doing don done down during each
either else enough etc even ever every everybody everyone everything few for from further
get gets getting got had hadn has hasn have haven having he her here hers herself him himself
his how however i if in into is isn it its itself just least less let lets like ll lot lots
made many may me might mine more most much must my myself never no nobody none nor not
nothing now of off often on once one ones only onto or other others otherwise our ours
ourselves out over own per perhaps quite rather re really s same she should shouldn since so
some somebody someone something sometimes still such t than that the their theirs them
themselves then there these they thing things this those though through thus till to too
toward towards under until up upon us used ve very via was wasn we were weren what whatever
when where whether which while who whoever whom whose why will with within without won would
wouldn yes yet you your yours yourself yourselves
""")
_FR = _listed("""
a afin ai aie aient ainsi alors apres as au aucun aucune aujourd aussi autant autre autres
aux avaient avais avait avant avec avez aviez avions avoir avons ayant c ca car ce ceci cela
celle celles celui cependant ces cet cette ceux chacun chacune chaque chez ci comme comment d
dans de dedans dehors deja depuis des dessous dessus deux devant doit doivent donc dont du
duquel elle elles en encore entre es est et etaient etais etait etant etc ete etes etiez
etions etre eu eue eurent eus eut eux fait faites fois font hors il ils j je jusqu jusque l
la laquelle le lequel les lesquels leur leurs lors lorsqu lorsque lui m ma mais me meme memes
mes moi moins mon n ne ni non nos notre nous on ont ou oui par parce parfois pas pendant peu
peut peuvent peux plupart plus plusieurs plutot pour pourquoi pourra pourrait puis qu quand
que quel quelle quelles quelqu quelque quelques quels qui quoi s sa sans se sera seraient
serait seront ses si sien sienne soi soient soit sommes son sont sous souvent suis sur t ta
tandis tant te tel telle telles tels tes toi ton toujours tous tout toute toutes tres tu un
une unes uns va vais vers voici voila vont vos votre vous vu y
""")
# Words that say how a contribution is put, not what it is about ("key point", "je propose").
_WEAK = _listed("""
able avoid bad best better big ca come good great idea ideas issue key let lot make need
needs next point problem real really say see start take talk thing think try use want way
aller besoin bien bon bonne dire doit devoir falloir faire faut grand idee mettre mieux
pouvoir prendre point probleme proposer propose savoir simple super truc vouloir veut
veulent vrai vraiment
""")
STOP = _EN | _FR
WEAK = _WEAK
# Words typical of one language alone, to tell French from English.
_ONLY_FR = _FR - _EN - {"a", "as", "me", "on", "son", "car", "pour"}
_ONLY_EN = _EN - _FR - {"a", "as", "me", "on", "son", "car", "pour"}
_FRENCH_LETTERS = re.compile(r"[éèêàùçôîœâû]", re.IGNORECASE)

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "’": "'"})


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without accents, for matching only."""
    decomposed = unicodedata.normalize("NFKD", word.casefold().translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def guess_language(text: str) -> str:
    """"fr" or "en" from the grammar words and accents the text uses ("" when it cannot tell)."""
    words = [fold(w) for w in re.findall(r"[^\W\d_]+", text)]
    french = sum(w in _ONLY_FR for w in words) + len(_FRENCH_LETTERS.findall(text))
    english = sum(w in _ONLY_EN for w in words)
    if french == english:
        return ""
    return "fr" if french > english else "en"


@dataclass(frozen=True)
class Token:
    """One word as written (and where), its lemma (folded), whether it may stand in a label."""

    surface: str
    lemma: str
    content: bool
    start: int
    end: int


def tokens(text: str, language: str, avoid: frozenset[str] = frozenset()) -> list[Token]:
    """The words of ``text``, elisions split ("l'accueil" gives "l" and "accueil")."""
    found = []
    for match in _WORD.finditer(text):
        start = match.start()
        for piece in _split_elision(match.group()):
            found.append(_token(piece, start, language, avoid))
            start += len(piece) + 1
    return found


def _split_elision(word: str) -> tuple[str, ...]:
    head, sep, tail = word.replace("’", "'").partition("'")
    if sep and tail and len(head) <= 6:  # l', d', qu', lorsqu'; not "aujourd'hui"
        return head, tail
    return (word,)


def _token(surface: str, start: int, language: str, avoid: frozenset[str]) -> Token:
    folded = fold(surface)
    lemma = lemma_of(surface, language)
    content = (
        len(folded) >= 3
        and not any(c.isdigit() for c in folded)
        and folded not in STOP and lemma not in STOP
        and folded not in WEAK and lemma not in WEAK
        and folded not in avoid and lemma not in avoid
    )
    return Token(surface, lemma, content, start, start + len(surface))


@lru_cache(maxsize=65536)
def lemma_of(word: str, language: str) -> str:
    """The dictionary form, folded ("factures" gives "facture", "deliveries" "delivery")."""
    lang = language if language in LANGUAGES else "en"
    # Capitalised words are looked up in lower case: a sentence's first word is no name.
    lemma: str = simplemma.lemmatize(word.lower(), lang=lang)
    return fold(lemma)


def name_words(names: Iterable[str]) -> frozenset[str]:
    """The folded words of people's names and pseudonyms ("Li Wei" gives "li" and "wei")."""
    return frozenset(
        fold(piece) for name in names if name for piece in re.findall(r"[^\W_]+", name)
    )
