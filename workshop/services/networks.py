"""The social networks Atelier writes posts for: each one's name and how long a post may be."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Network:
    key: str
    name: str  # a brand: the same in every language
    limit: int  # characters a post may hold, from the network's help pages
    weighted: bool = False  # X counts characters outside Latin-like ranges twice


NETWORKS: dict[str, Network] = {n.key: n for n in (
    Network("linkedin", "LinkedIn", 3000),
    Network("x", "X", 280, weighted=True),
    Network("facebook", "Facebook", 63_206),
    Network("instagram", "Instagram", 2200),  # a caption
    Network("mastodon", "Mastodon", 500),  # the default of most servers
)}


def weighted_length(text: str) -> int:
    """Length as X counts it: most Latin, Greek and Cyrillic characters 1, the rest 2."""
    def weight(char: str) -> int:
        code = ord(char)
        light = (code <= 4351 or 8192 <= code <= 8205 or 8208 <= code <= 8223
                 or 8242 <= code <= 8247)
        return 1 if light else 2

    return sum(weight(c) for c in text)


def length(text: str, network: Network) -> int:
    """How long ``text`` is for ``network``, as the network counts it."""
    return weighted_length(text) if network.weighted else len(text)
