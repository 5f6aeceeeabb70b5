"""Small curated word lists: armed groups and institutions the small model misses, and their acronyms.

Kept short and general (conflict reporting), not tuned to any one case.
"""
from __future__ import annotations

# (name, label)
ORGANISATIONS: tuple[tuple[str, str], ...] = (
    ("Hayat Tahrir al-Sham", "ORG"), ("Hayat Tahrir al Sham", "ORG"), ("HTS", "ORG"),
    ("Popular Mobilization Forces", "ORG"), ("Popular Mobilisation Forces", "ORG"), ("PMF", "ORG"),
    ("Hashd al-Shaabi", "ORG"),
    ("Syrian Observatory for Human Rights", "ORG"), ("SOHR", "ORG"),
    ("Islamic State", "ORG"), ("ISIS", "ORG"), ("ISIL", "ORG"), ("Daesh", "ORG"),
    ("al-Qaeda", "ORG"), ("al-Qaida", "ORG"), ("Al Qaeda", "ORG"),
    ("Hezbollah", "ORG"), ("Hamas", "ORG"), ("Houthis", "ORG"), ("Taliban", "ORG"),
    ("Islamic Revolutionary Guard Corps", "ORG"), ("IRGC", "ORG"), ("Quds Force", "ORG"),
    ("Syrian Democratic Forces", "ORG"), ("SDF", "ORG"), ("Free Syrian Army", "ORG"),
    ("Syrian National Army", "ORG"), ("Kurdistan Workers' Party", "ORG"), ("PKK", "ORG"), ("YPG", "ORG"),
    ("Kataib Hezbollah", "ORG"), ("Wagner Group", "ORG"), ("al-Shabaab", "ORG"), ("Boko Haram", "ORG"),
    ("United Nations", "ORG"), ("UN Security Council", "ORG"), ("NATO", "ORG"), ("European Union", "ORG"),
    ("Associated Press", "ORG"), ("Reuters", "ORG"), ("Agence France-Presse", "ORG"), ("AFP", "ORG"),
    ("ISNA", "ORG"), ("IRNA", "ORG"), ("Al Jazeera", "ORG"), ("BBC", "ORG"), ("CNN", "ORG"),
    ("Red Cross", "ORG"), ("Red Crescent", "ORG"), ("Human Rights Watch", "ORG"), ("Amnesty International", "ORG"),
    ("U.S. Geological Survey", "ORG"), ("USGS", "ORG"), ("Pentagon", "ORG"), ("Kremlin", "ORG"),
)
