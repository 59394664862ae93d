"""Write tests/data/time_sets.en.json: the blind evaluation sets for dates, "latest", periods and timelines.

    python bench/time_sets.py

Made from FA-KES's metadata alone (``date`` and ``location`` of ../shared/corpus/fakes-syria.en.jsonl), over the
articles bench/dated.py indexes (those tests/data/dated.en.json and contested.en.json name, plus the first 150 of
the file), before any rule of issue 25 was fitted on them; ids only, no article text. Questions are written in
the bot's eight languages from one template each, with the place's name as that language writes it.

- ``latest``: "what is the latest from <place>?" and "what is happening in <place> now?" per place and language
  (half: the parity of the language's and template's position, alternating per place); gold: the place's
  articles dated on its newest day. Plus "what's new?" without a topic; gold: the archive's newest day.
- ``period``: "what happened in <place> in <month year>?" for every place and month with an article there (gold:
  those articles), and for months with reports elsewhere but none there (gold: none, "nothing found" expected).
- ``timeline``: topics (a place's name in four spellings; two topics that are not places) and the articles on
  each: a place's by FA-KES ``location``; the truce and the aid convoy by their titles (title words: "truce",
  "ceasefire" / "convoy" and "aid" or "UN"), asked in other words and languages.

Every item has ``half``: ``fitted`` or ``blind``, for a period question by the parity of the numeric id of its
first gold article (one without gold: the parity of its place's and month's characters). Timelines split their articles
the same way: precision and recall are counted on the even (fitted) and odd (blind) ids apart.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "time_sets.en.json"
CORPUS = ROOT.parent / "shared" / "corpus" / "fakes-syria.en.jsonl"
LANGS = ("en", "de", "fr", "es", "tr", "ru", "uk", "ar")
PLACES = {
    "aleppo": ("Aleppo", "Aleppo", "Alep", "Alepo", "Halep", "Алеппо", "Алеппо", "حلب"),
    "idlib": ("Idlib", "Idlib", "Idleb", "Idlib", "İdlib", "Идлиб", "Ідліб", "إدلب"),
    "damascus": ("Damascus", "Damaskus", "Damas", "Damasco", "Şam", "Дамаск", "Дамаск", "دمشق"),
    "hasakeh": ("Hasakeh", "Hasaka", "Hassaké", "Hasaka", "Haseke", "Хасеке", "Хасеке", "الحسكة"),
    "raqqa": ("Raqqa", "Rakka", "Raqqa", "Raqqa", "Rakka", "Ракка", "Ракка", "الرقة"),
    "deir ezzor": ("Deir ez-Zor", "Deir ez-Zor", "Deir ez-Zor", "Deir ez-Zor", "Deyrizor", "Дейр-эз-Зор",
                   "Дейр-ез-Зор", "دير الزور"),
    "homs": ("Homs", "Homs", "Homs", "Homs", "Humus", "Хомс", "Хомс", "حمص"),
    "lattakia": ("Latakia", "Latakia", "Lattaquié", "Latakia", "Lazkiye", "Латакия", "Латакія", "اللاذقية"),
    "hama": ("Hama", "Hama", "Hama", "Hama", "Hama", "Хама", "Хама", "حماة"),
}  # fmt: skip
LATEST = {
    "en": "What is the latest from {p}?",
    "de": "Was ist der neueste Stand in {p}?",
    "fr": "Quelles sont les dernières nouvelles de {p} ?",
    "es": "¿Cuáles son las últimas noticias de {p}?",
    "tr": "{p} için son durum ne?",
    "ru": "Какие последние новости из города {p}?",
    "uk": "Які останні новини з міста {p}?",
    "ar": "ما آخر الأخبار من {p}؟",
}
NOW = {
    "en": "What is happening in {p} right now?",
    "de": "Was ist aktuell in {p} los?",
    "fr": "Que se passe-t-il actuellement à {p} ?",
    "es": "¿Qué está pasando ahora en {p}?",
    "tr": "{p} şehrinde şu anda ne oluyor?",
    "ru": "Что сейчас происходит в городе {p}?",
    "uk": "Що зараз відбувається в місті {p}?",
    "ar": "ماذا يحدث الآن في {p}؟",
}
WHATS_NEW = {"en": "What's new?", "de": "Was gibt es Neues?", "fr": "Quoi de neuf ?", "ru": "Что нового?"}
PERIOD = {
    "en": "What happened in {p} in {m} {y}?",
    "de": "Was geschah im {m} {y} in {p}?",
    "fr": "Que s'est-il passé à {p} en {m} {y} ?",
    "es": "¿Qué pasó en {p} en {m} de {y}?",
    "tr": "{m} {y} tarihinde {p} şehrinde ne oldu?",
    "ru": "Что произошло в городе {p} в {m} {y} года?",
    "uk": "Що сталося в місті {p} у {m} {y} року?",
    "ar": "ماذا حدث في {p} في {m} {y}؟",
}
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "tr": "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık",
    "ru": "январе феврале марте апреле мае июне июле августе сентябре октябре ноябре декабре",
    "uk": "січні лютому березні квітні травні червні липні серпні вересні жовтні листопаді грудні",
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
}
TOPICS = [
    ("truce", ["ceasefire", "Waffenruhe", "trêve", "перемирие"],
     re.compile(r"\b(truce|cease-?fire)\b", re.IGNORECASE)),
    ("aid convoy", ["aid convoy", "Hilfskonvoi", "convoy humanitario", "قافلة مساعدات"],
     re.compile(r"(?=.*\bconvoy\b)(?=.*\b(aid|UN)\b)", re.IGNORECASE)),
]  # fmt: skip


def half(article_id: str) -> str:
    return "blind" if int(re.sub(r"\D", "", article_id)) % 2 else "fitted"


def main() -> int:
    from dated import load_gold, wanted_ids  # bench/dated.py: the indexed subset

    wanted = wanted_ids(load_gold(ROOT / "tests" / "data" / "dated.en.json"))
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    indexed = [row for position, row in enumerate(rows) if row["id"] in wanted or position < 150]
    latest, period, timeline = [], [], []
    for place, names in PLACES.items():
        own = [row for row in indexed if row["location"] == place]
        if not own:
            continue
        newest = max(row["date"] for row in own)
        gold = sorted(row["id"] for row in own if row["date"] == newest)
        for number, (lang, name) in enumerate(zip(LANGS, names, strict=True)):
            for kind, templates in enumerate((LATEST, NOW)):
                which = "blind" if (number + kind + len(latest) // 16) % 2 else "fitted"
                latest.append({"id": f"latest-{place}-{lang}-{kind}", "lang": lang,
                               "question": templates[lang].format(p=name), "articles": gold, "newest": newest,
                               "half": which})  # fmt: skip
        months = sorted({row["date"][:7] for row in indexed})
        for number, month in enumerate(months):
            lang = LANGS[(number + len(place)) % len(LANGS)]
            year, month_number = month.split("-")
            words = MONTHS[lang].split()[int(month_number) - 1]
            question = PERIOD[lang].format(p=names[LANGS.index(lang)], m=words, y=year)
            articles = sorted(row["id"] for row in own if row["date"][:7] == month)
            if not articles and (number + len(place)) % 3:
                continue  # a third of the months without a report there: enough refusals to measure
            which = half(articles[0]) if articles else ("blind" if sum(map(ord, place + month)) % 2 else "fitted")
            period.append({"id": f"period-{place}-{month}-{lang}", "lang": lang, "question": question,
                           "articles": articles, "month": month, "half": which})  # fmt: skip
        for lang in ("en", "ar", "tr", "ru"):
            timeline.append({"id": f"timeline-{place}-{lang}", "topic": names[LANGS.index(lang)], "label": place,
                             "articles": sorted(row["id"] for row in own)})  # fmt: skip
    newest = max(row["date"] for row in indexed)
    gold = sorted(row["id"] for row in indexed if row["date"] == newest)
    for lang, question in WHATS_NEW.items():
        latest.append({"id": f"whats-new-{lang}", "lang": lang, "question": question, "articles": gold,
                       "newest": newest, "half": "fitted" if lang in ("en", "fr") else "blind"})  # fmt: skip
    for label, topics, pattern in TOPICS:
        articles = sorted(row["id"] for row in indexed if pattern.search(row["title"]))
        for topic in topics:
            timeline.append({"id": f"timeline-{label}-{topic}", "topic": topic, "label": label, "articles": articles})
    about = (__doc__ or "").split("\n\n", 2)[2].strip()
    OUT.write_text(
        json.dumps({"about": about, "corpus": "fakes-syria.en.jsonl", "latest": latest, "period": period,
                    "timeline": timeline}, ensure_ascii=False, indent=1) + "\n", "utf-8")  # fmt: skip
    print(f"{len(latest)} latest, {len(period)} period, {len(timeline)} timeline topics -> {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
