"""Degenerate texts: one structure repeated ``n`` times, for the scaling tests and the bench.

Each family stresses one way a stage could go super-linear: a definition repeated
(acronym uses), unclosed curly quotes (quote pairing), many short lines (furniture
lines against sentences), one enormous sentence of names (name grouping, sentence
lookups), deep parentheses (parse depth), many quotes in one sentence (cue search),
many people each quoted once and then as "he"/"she" and "the spokesman" (the sources
stage's lookups of earlier sources by position and by word), many organisations each
speaking anonymously (which sources an anonymity word marks).
"""

from __future__ import annotations

from collections.abc import Callable

FIRST = "Omar Lina Sami Hana Karim Yusuf Nadia Tariq Rania Fadi Maya Ziad".split()
LAST = "Haddad Khoury Saleh Nasser Aziz Farah Mansour Rahman Jaber Darwish Hamdan Issa".split()
FIELDS = "Health Finance Energy Transport Education Water Labour Trade Culture Housing Tourism Youth".split()
BODIES = "Ministry Agency Council Authority Commission Bureau Office Board Institute Service Department Fund".split()


def definitions(n: int) -> str:
    return "The Alpha Beta Corp (ABC) said. " * n


def unclosed_quotes(n: int) -> str:
    return "\u201cThe army said it would stay, a spokesman added. " * n


def short_lines(n: int) -> str:
    return "".join(f"Share this {k}\n" for k in range(n))


def names_sentence(n: int) -> str:
    names = (f"{FIRST[k % 12]} {LAST[(k // 12) % 12]}{'' if k < 144 else k // 144}" for k in range(n))
    return "Those present included " + ", ".join(names) + " and others."


def deep_parentheses(n: int) -> str:
    return "The group " + "".join(f"(which officials {k} said " for k in range(n)) + "x" + ")" * n + " left."


def quotes_in_one_sentence(n: int) -> str:
    return "He said " + ", ".join("\u201cwe will hold the line here\u201d" for _ in range(n)) + " on Friday."


def many_sources(n: int) -> str:
    def person(k: int) -> str:
        pronoun = "He" if k % 2 == 0 else "She"
        return (f"{FIRST[k % 12]} {LAST[(k // 12) % 12]}, a spokesman for the {FIELDS[k % 12]} "
                f"{BODIES[(k // 12) % 12]}, said it failed. {pronoun} said talks went on. "
                f"{pronoun} added that it was late. The spokesman said more was needed. ")

    return "".join(person(k) for k in range(n))


def anonymous_sources(n: int) -> str:
    return "".join(f"The {FIELDS[k % 12]} {BODIES[(k // 12) % 12]} said anonymously that it failed. " for k in range(n))


FAMILIES: dict[str, Callable[[int], str]] = {
    "definitions": definitions,
    "unclosed_quotes": unclosed_quotes,
    "short_lines": short_lines,
    "names_sentence": names_sentence,
    "deep_parentheses": deep_parentheses,
    "quotes_in_one_sentence": quotes_in_one_sentence,
    "many_sources": many_sources,
    "anonymous_sources": anonymous_sources,
}


def sized(family: str, chars: int) -> str:
    """The family's text with about ``chars`` characters."""
    make = FAMILIES[family]
    unit = max(1, len(make(100)) // 100)
    return make(max(1, chars // unit))
