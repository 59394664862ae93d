"""The bot's texts in German, English, Arabic, Turkish, Russian, Ukrainian, French and Spanish.

The texts live in gettext catalogs (``index/locale/<lang>/LC_MESSAGES/bot.po``, README "Translations"): a message
is asked for by its key (``msgctxt``), its ``msgid`` is the English text, and a message with a count has the
language's plural forms. Every language has every key with the same placeholders and markup
(tests/bot/test_i18n.py); a key missing in one language is shown in English. Arabic is written right to left:
:func:`isolate` wraps the left-to-right pieces put into an Arabic message (a German quote, a source line) in
Unicode isolates, so neither runs into the other.

Texts are HTML (Telegram's ``ParseMode.HTML``): values passed to :func:`text` are
escaped here, so callers hand over raw strings.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from index.text.catalogs import LOCALE_DIR, Catalogs, format_number, right_to_left

GERMAN = "de"
ENGLISH = "en"
ARABIC = "ar"
TURKISH = "tr"
RUSSIAN = "ru"
UKRAINIAN = "uk"
FRENCH = "fr"
SPANISH = "es"
DEFAULT_LANGUAGE = ENGLISH
FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"

CATALOGS = Catalogs(LOCALE_DIR, "bot", fallback=DEFAULT_LANGUAGE)
"""The bot's texts, one gettext catalog per language (index/locale/<lang>/LC_MESSAGES/bot.po, compiled to .mo)."""
SUPPORTED: tuple[str, ...] = (
    GERMAN, ENGLISH, ARABIC, TURKISH, RUSSIAN, UKRAINIAN, FRENCH, SPANISH,
    *sorted(set(CATALOGS) - {GERMAN, ENGLISH, ARABIC, TURKISH, RUSSIAN, UKRAINIAN, FRENCH, SPANISH}),
)  # fmt: skip
"""The languages the bot speaks: one per compiled catalog (a new ``.po`` file adds one, README "Translations")."""
RIGHT_TO_LEFT = frozenset(lang for lang in SUPPORTED if right_to_left(lang))

EXAMPLES: dict[str, tuple[str, ...]] = {
    lang: tuple(
        CATALOGS.get(lang, key) for key in sorted(key for key in CATALOGS.message_keys() if key.startswith("example_"))
    )
    for lang in SUPPORTED
}
"""Example questions per language (catalog keys ``example_1`` …), shown by /start and /help."""


def normalize(lang: str | None) -> str | None:
    """``"de-AT"`` -> ``"de"``; None for languages the bot does not speak."""
    if not lang:
        return None
    primary = lang.strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in SUPPORTED else None


def pick_language(*candidates: str | None) -> str:
    """The first supported language among ``candidates`` (e.g. answer, question, Telegram client)."""
    for candidate in candidates:
        lang = normalize(candidate)
        if lang:
            return lang
    return DEFAULT_LANGUAGE


def text(lang: str, key: str, **values: object) -> str:
    """The HTML text ``key`` in ``lang``; string values are HTML-escaped, numbers formatted.

    A message with plural forms takes the form for ``values["count"]``, or for its only whole-number value."""
    template = CATALOGS.get(lang if lang in SUPPORTED else DEFAULT_LANGUAGE, key, _count(values))
    escaped = {name: _escape_value(lang, value) for name, value in values.items()}
    return template.format(**escaped)


def _count(values: dict[str, object]) -> int | None:
    count = values.get("count")
    if isinstance(count, int) and not isinstance(count, bool):
        return count
    numbers = [value for value in values.values() if isinstance(value, int) and not isinstance(value, bool)]
    return numbers[0] if len(numbers) == 1 else None


def isolate(fragment: str, lang: str) -> str:
    """``fragment`` (HTML, already escaped) set apart from the text around it in a right-to-left language: a German
    quote or title in an Arabic message keeps its own direction, and the Arabic around it keeps its order.
    Unchanged for left-to-right languages."""
    if lang not in RIGHT_TO_LEFT or not fragment:
        return fragment
    return f"{FIRST_STRONG_ISOLATE}{fragment}{POP_DIRECTIONAL_ISOLATE}"


class Html(str):
    """A string that is already HTML and must not be escaped again."""


def _escape_value(lang: str, value: object) -> str:
    if isinstance(value, Html):
        return str(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_int(lang, value)
    if isinstance(value, float):
        return format_float(lang, value)
    return html.escape(str(value), quote=False)


def format_int(lang: str, value: int) -> str:
    """``value`` with the language's digit grouping (CLDR through Babel: 1.234 in German, 1 234 in French)."""
    return format_number(lang, value)


def format_float(lang: str, value: float, digits: int = 1) -> str:
    """``value`` with ``digits`` decimals and the language's decimal mark (1.234,5 in German)."""
    return format_number(lang, float(value), digits=digits)


def bullet_list(items: Iterable[str]) -> Html:
    """Escaped items, one per line with a bullet."""
    return Html("\n".join(f"• {html.escape(item, quote=False)}" for item in items))


# --- files as sources, progress rate, admin commands, /remove, `crisisbot chat` (issue 26) ------------------------
# One block for these features; merged into TEXTS below. File types, setting names and the chat's own commands come
# in as values ({types}, {setting}, {new}, {help}), so that the Arabic and Cyrillic texts hold no Latin words.

_ISSUE_26: dict[str, dict[str, str]] = {
    GERMAN: {
        "chat_follow_up": "(Anschlussfrage an: {question})",
        "progress_rate": "{rate} pro Sekunde, noch etwa {left} s",
        "upload_start": "Datei wird hinzugefügt und gelesen: {name}",
        "upload_known": "{name} wurde schon hinzugefügt (gleicher Inhalt): nichts geändert.",
        "upload_type": "{name}: Ich kann nur {types} hinzufügen.",
        "upload_too_big": "{name} hat {size} MB: höchstens {limit} MB lassen sich hinzufügen.",
        "upload_failed": "{name} ließ sich nicht von Telegram laden. Bitte senden Sie die Datei noch einmal.",
        "upload_zip_bomb": "{name} abgelehnt: entpackt wäre es viel zu groß (eine Zip-Bombe?).",
        "upload_zip_unsafe": "{name} abgelehnt: {entry} ist ein Link oder zeigt aus dem Ordner des Zip-Archivs hinaus.",
        "upload_zip_type": "{name} abgelehnt: {entry} ist keine Datei vom Typ {types}.",
        "upload_zip_broken": "{name} abgelehnt: kein lesbares Zip-Archiv.",
        "upload_empty": "{name} enthält nichts, was sich hinzufügen ließe.",
        "help_admin": (
            "\n\n<b>Befehle für Administratoren</b>\n{commands}\n"
            "Eine Datei ({types}) als Quelle hinzufügen: senden Sie sie mir, in Gruppen mit der Bildunterschrift /add."
        ),
        "cmd_reindex": "Alle Quellen neu einlesen und den Index erneuern",
        "cmd_add": "Einen Feed oder eine Seite hinzufügen, z. B. /add https://example.org/feed.xml",
        "cmd_remove": "Eine hinzugefügte Quelle oder Datei entfernen, z. B. /remove artikel.jsonl",
        "cmd_sources": "Medien, Zeitraum und gesendete Dateien",
        "cmd_stats": "Archivgröße und Nutzung",
        "cmd_unanswered": "Fragen ohne Antwort, z. B. /unanswered 7",
        "sources_uploads": "\n\n<b>Gesendete Dateien</b> ({count}, Artikel in Klammern)\n{files}",
        "remove_usage": (
            "Bitte nennen Sie die Quelle nach dem Befehl, z. B. /remove artikel.jsonl\n\n"
            "Hinzugefügte Quellen ({count}):\n{sources}"
        ),
        "remove_unknown": "{name} ist keine hinzugefügte Quelle.\n\nHinzugefügte Quellen ({count}):\n{sources}",
        "remove_configured": "{name} steht in {setting}: bitte dort entfernen.",
        "remove_done": "{name} entfernt: {removed} Artikel gelöscht.",
        "chat_greeting": (
            "{articles} Artikel, {passages} Abschnitte, {date_range}. Ich beantworte Fragen zu den Nachrichten "
            "in diesem Archiv und zitiere dabei wörtlich aus der Quelle. Jede Frage knüpft an die vorige Antwort "
            "an; {new} beginnt ein neues Thema, {help} zeigt die Befehle."
        ),
        "chat_cmd_new": "ein neues Thema beginnen (die nächste Frage knüpft an nichts an)",
        "chat_cmd_timeline": "die Berichte zu einem Thema in zeitlicher Folge",
        "chat_cmd_help": "diese Liste",
        "chat_cmd_quit": "beenden (auch eine leere Zeile oder Strg-D)",
        "chat_new": "Neues Thema.",
    },
    ENGLISH: {
        "chat_follow_up": "(following up: {question})",
        "progress_rate": "{rate} per second, about {left} s left",
        "upload_start": "Adding and reading the file: {name}",
        "upload_known": "{name} was added before (same content): nothing changed.",
        "upload_type": "{name}: I can only add {types}.",
        "upload_too_big": "{name} is {size} MB: at most {limit} MB can be added.",
        "upload_failed": "Could not download {name} from Telegram. Please send it again.",
        "upload_zip_bomb": "{name} refused: unpacked it would be far too large (a zip bomb?).",
        "upload_zip_unsafe": "{name} refused: {entry} is a link or points outside the zip's folder.",
        "upload_zip_type": "{name} refused: {entry} is not a file of the types {types}.",
        "upload_zip_broken": "{name} refused: not a readable zip file.",
        "upload_empty": "{name} holds nothing that could be added.",
        "help_admin": (
            "\n\n<b>Admin commands</b>\n{commands}\n"
            "To add a file ({types}) as a source, send it to me; in groups with the caption /add."
        ),
        "cmd_reindex": "Read all sources again and update the index",
        "cmd_add": "Add a feed or web page, e.g. /add https://example.org/feed.xml",
        "cmd_remove": "Remove an added source or file, e.g. /remove articles.jsonl",
        "cmd_sources": "Outlets, time span and the files sent",
        "cmd_stats": "Archive size and usage",
        "cmd_unanswered": "Questions that found nothing, e.g. /unanswered 7",
        "sources_uploads": "\n\n<b>Files sent to the bot</b> ({count}, articles in brackets)\n{files}",
        "remove_usage": (
            "Please name the source after the command, e.g. /remove articles.jsonl\n\n"
            "Added sources ({count}):\n{sources}"
        ),
        "remove_unknown": "{name} is not an added source.\n\nAdded sources ({count}):\n{sources}",
        "remove_configured": "{name} is in {setting}: please remove it there.",
        "remove_done": "Removed {name}: {removed} articles dropped.",
        "chat_greeting": (
            "{articles} articles, {passages} passages, {date_range}. I answer questions about the news in this "
            "archive with a verbatim quote from the source. Each question follows up the previous answer; "
            "{new} starts a new topic, {help} lists the commands."
        ),
        "chat_cmd_new": "start a new topic (the next question follows up nothing)",
        "chat_cmd_timeline": "the reports on a topic in date order",
        "chat_cmd_help": "this list",
        "chat_cmd_quit": "end (also an empty line or Ctrl-D)",
        "chat_new": "New topic.",
    },
    ARABIC: {
        "chat_follow_up": "(متابعة لـ: {question})",
        "progress_rate": "{rate} في الثانية، يتبقى نحو {left} ثانية",
        "upload_start": "جارٍ إضافة الملف وقراءته: {name}",
        "upload_known": "أضيف {name} من قبل (المحتوى نفسه): لم يتغير شيء.",
        "upload_type": "{name}: لا يمكنني إضافة سوى {types}.",
        "upload_too_big": "حجم {name} هو {size} ميغابايت: الحد الأقصى للإضافة {limit} ميغابايت.",
        "upload_failed": "تعذّر تنزيل {name} من تيليغرام. يُرجى إرساله مرة أخرى.",
        "upload_zip_bomb": "رُفض {name}: سيكون بعد فك الضغط كبيراً جداً (قنبلة ضغط؟).",
        "upload_zip_unsafe": "رُفض {name}: {entry} رابط أو يشير إلى خارج مجلد الملف المضغوط.",
        "upload_zip_type": "رُفض {name}: {entry} ليس ملفاً من الأنواع {types}.",
        "upload_zip_broken": "رُفض {name}: ليس ملفاً مضغوطاً قابلاً للقراءة.",
        "upload_empty": "لا يحتوي {name} على شيء يمكن إضافته.",
        "help_admin": (
            "\n\n<b>أوامر المشرفين</b>\n{commands}\n"
            "لإضافة ملف ({types}) مصدراً، أرسله إليّ؛ وفي المجموعات مع التعليق ‎/add."
        ),
        "cmd_reindex": "إعادة قراءة كل المصادر وتحديث الفهرس",
        "cmd_add": "إضافة موجز أو صفحة ويب، مثلاً ‎/add https://example.org/feed.xml",
        "cmd_remove": "إزالة مصدر أو ملف مضاف، مثلاً ‎/remove 2016-10.csv",
        "cmd_sources": "وسائل الإعلام والفترة الزمنية والملفات المرسلة",
        "cmd_stats": "حجم الأرشيف والاستخدام",
        "cmd_unanswered": "أسئلة لم تجد جواباً، مثلاً ‎/unanswered 7",
        "sources_uploads": "\n\n<b>الملفات المرسلة إلى البوت</b> ({count}، عدد المقالات بين قوسين)\n{files}",
        "remove_usage": (
            "يُرجى ذكر المصدر بعد الأمر، مثلاً ‎/remove 2016-10.csv\n\n"
            "المصادر المضافة ({count}):\n{sources}"
        ),
        "remove_unknown": "{name} ليس مصدراً مضافاً.\n\nالمصادر المضافة ({count}):\n{sources}",
        "remove_configured": "{name} مذكور في {setting}: يُرجى إزالته من هناك.",
        "remove_done": "أزيل {name}: حُذف {removed} مقالاً.",
        "chat_greeting": (
            "{articles} مقالاً، {passages} مقطعاً، {date_range}. أجيب عن أسئلة حول الأخبار في هذا الأرشيف "
            "مع اقتباس حرفي من المصدر. كل سؤال متابعة للإجابة السابقة؛ {new} يبدأ موضوعاً جديداً، "
            "و{help} يعرض الأوامر."
        ),
        "chat_cmd_new": "بدء موضوع جديد (السؤال التالي لا يتابع شيئاً)",
        "chat_cmd_timeline": "أخبار موضوع ما بالترتيب الزمني",
        "chat_cmd_help": "هذه القائمة",
        "chat_cmd_quit": "إنهاء (أو سطر فارغ)",
        "chat_new": "موضوع جديد.",
    },
    TURKISH: {
        "chat_follow_up": "(şunun devamı: {question})",
        "progress_rate": "saniyede {rate}, yaklaşık {left} sn kaldı",
        "upload_start": "Dosya ekleniyor ve okunuyor: {name}",
        "upload_known": "{name} daha önce eklendi (aynı içerik): hiçbir şey değişmedi.",
        "upload_type": "{name}: Yalnızca {types} ekleyebilirim.",
        "upload_too_big": "{name} {size} MB: en fazla {limit} MB eklenebilir.",
        "upload_failed": "{name} Telegram'dan indirilemedi. Lütfen tekrar gönderin.",
        "upload_zip_bomb": "{name} reddedildi: açıldığında çok büyük olurdu (zip bombası mı?).",
        "upload_zip_unsafe": "{name} reddedildi: {entry} bir bağlantı ya da zip klasörünün dışını gösteriyor.",
        "upload_zip_type": "{name} reddedildi: {entry} {types} türünde bir dosya değil.",
        "upload_zip_broken": "{name} reddedildi: okunabilir bir zip dosyası değil.",
        "upload_empty": "{name} eklenebilecek bir şey içermiyor.",
        "help_admin": (
            "\n\n<b>Yönetici komutları</b>\n{commands}\n"
            "Bir dosyayı ({types}) kaynak olarak eklemek için bana gönderin; gruplarda /add açıklamasıyla."
        ),
        "cmd_reindex": "Tüm kaynakları yeniden oku ve dizini güncelle",
        "cmd_add": "Bir akış ya da web sayfası ekle, örn. /add https://example.org/feed.xml",
        "cmd_remove": "Eklenmiş bir kaynağı ya da dosyayı kaldır, örn. /remove makaleler.jsonl",
        "cmd_sources": "Yayın organları, zaman aralığı ve gönderilen dosyalar",
        "cmd_stats": "Arşiv boyutu ve kullanım",
        "cmd_unanswered": "Yanıt bulamayan sorular, örn. /unanswered 7",
        "sources_uploads": "\n\n<b>Bota gönderilen dosyalar</b> ({count}, parantez içinde makale sayısı)\n{files}",
        "remove_usage": (
            "Lütfen komuttan sonra kaynağı yazın, örn. /remove makaleler.jsonl\n\n"
            "Eklenen kaynaklar ({count}):\n{sources}"
        ),
        "remove_unknown": "{name} eklenmiş bir kaynak değil.\n\nEklenen kaynaklar ({count}):\n{sources}",
        "remove_configured": "{name} {setting} içinde: lütfen oradan kaldırın.",
        "remove_done": "{name} kaldırıldı: {removed} makale silindi.",
        "chat_greeting": (
            "{articles} makale, {passages} bölüm, {date_range}. Bu arşivdeki haberlerle ilgili soruları "
            "kaynaktan birebir alıntıyla yanıtlarım. Her soru önceki yanıtın devamıdır; {new} yeni bir konu "
            "başlatır, {help} komutları listeler."
        ),
        "chat_cmd_new": "yeni bir konu başlat (sonraki soru hiçbir şeyin devamı değildir)",
        "chat_cmd_timeline": "bir konudaki haberler, tarih sırasıyla",
        "chat_cmd_help": "bu liste",
        "chat_cmd_quit": "bitir (boş bir satır ya da Ctrl-D de olur)",
        "chat_new": "Yeni konu.",
    },
    RUSSIAN: {
        "chat_follow_up": "(продолжение вопроса: {question})",
        "progress_rate": "{rate} в секунду, осталось около {left} с",
        "upload_start": "Файл добавляется и читается: {name}",
        "upload_known": "{name} уже добавлен (то же содержимое): ничего не изменилось.",
        "upload_type": "{name}: я могу добавить только {types}.",
        "upload_too_big": "{name} весит {size} МБ: добавить можно не больше {limit} МБ.",
        "upload_failed": "Не удалось скачать {name} из Телеграма. Пожалуйста, отправьте файл ещё раз.",
        "upload_zip_bomb": "{name} отклонён: в распакованном виде он был бы слишком большим (зип-бомба?).",
        "upload_zip_unsafe": "{name} отклонён: {entry} — ссылка или путь за пределы папки архива.",
        "upload_zip_type": "{name} отклонён: {entry} — не файл типа {types}.",
        "upload_zip_broken": "{name} отклонён: это не читаемый зип-архив.",
        "upload_empty": "В {name} нет ничего, что можно добавить.",
        "help_admin": (
            "\n\n<b>Команды администраторов</b>\n{commands}\n"
            "Чтобы добавить файл ({types}) как источник, отправьте его мне; в группах — с подписью /add."
        ),
        "cmd_reindex": "Заново прочитать все источники и обновить индекс",
        "cmd_add": "Добавить ленту или веб-страницу, например /add https://example.org/feed.xml",
        "cmd_remove": "Удалить добавленный источник или файл, например /remove 2016-10.csv",
        "cmd_sources": "Издания, период и отправленные файлы",
        "cmd_stats": "Объём архива и использование",
        "cmd_unanswered": "Вопросы без ответа, например /unanswered 7",
        "sources_uploads": "\n\n<b>Файлы, отправленные боту</b> ({count}, в скобках число статей)\n{files}",
        "remove_usage": (
            "Пожалуйста, укажите источник после команды, например /remove 2016-10.csv\n\n"
            "Добавленные источники ({count}):\n{sources}"
        ),
        "remove_unknown": "{name} — не добавленный источник.\n\nДобавленные источники ({count}):\n{sources}",
        "remove_configured": "{name} указан в {setting}: пожалуйста, удалите его там.",
        "remove_done": "{name} удалён: статей удалено: {removed}.",
        "chat_greeting": (
            "Статей: {articles}, фрагментов: {passages}, {date_range}. Я отвечаю на вопросы о новостях из "
            "этого архива и дословно цитирую источник. Каждый вопрос продолжает предыдущий ответ; {new} "
            "начинает новую тему, {help} показывает команды."
        ),
        "chat_cmd_new": "начать новую тему (следующий вопрос ничего не продолжает)",
        "chat_cmd_timeline": "сообщения по теме в хронологическом порядке",
        "chat_cmd_help": "этот список",
        "chat_cmd_quit": "выход (или пустая строка)",
        "chat_new": "Новая тема.",
    },
    UKRAINIAN: {
        "chat_follow_up": "(продовження запитання: {question})",
        "progress_rate": "{rate} за секунду, лишилося близько {left} с",
        "upload_start": "Файл додається й читається: {name}",
        "upload_known": "{name} уже додано (той самий вміст): нічого не змінилося.",
        "upload_type": "{name}: я можу додати лише {types}.",
        "upload_too_big": "{name} має {size} МБ: додати можна щонайбільше {limit} МБ.",
        "upload_failed": "Не вдалося завантажити {name} з Телеграму. Будь ласка, надішліть файл ще раз.",
        "upload_zip_bomb": "{name} відхилено: розпакований, він був би завеликим (зіп-бомба?).",
        "upload_zip_unsafe": "{name} відхилено: {entry} — посилання або шлях за межі теки архіву.",
        "upload_zip_type": "{name} відхилено: {entry} — не файл типу {types}.",
        "upload_zip_broken": "{name} відхилено: це не читабельний зіп-архів.",
        "upload_empty": "У {name} немає нічого, що можна додати.",
        "help_admin": (
            "\n\n<b>Команди адміністраторів</b>\n{commands}\n"
            "Щоб додати файл ({types}) як джерело, надішліть його мені; у групах — з підписом /add."
        ),
        "cmd_reindex": "Знову прочитати всі джерела й оновити індекс",
        "cmd_add": "Додати стрічку або вебсторінку, наприклад /add https://example.org/feed.xml",
        "cmd_remove": "Вилучити додане джерело або файл, наприклад /remove 2016-10.csv",
        "cmd_sources": "Видання, період і надіслані файли",
        "cmd_stats": "Обсяг архіву та використання",
        "cmd_unanswered": "Запитання без відповіді, наприклад /unanswered 7",
        "sources_uploads": "\n\n<b>Файли, надіслані боту</b> ({count}, у дужках кількість статей)\n{files}",
        "remove_usage": (
            "Будь ласка, вкажіть джерело після команди, наприклад /remove 2016-10.csv\n\n"
            "Додані джерела ({count}):\n{sources}"
        ),
        "remove_unknown": "{name} — не додане джерело.\n\nДодані джерела ({count}):\n{sources}",
        "remove_configured": "{name} зазначено в {setting}: будь ласка, вилучіть його там.",
        "remove_done": "{name} вилучено: статей видалено: {removed}.",
        "chat_greeting": (
            "Статей: {articles}, фрагментів: {passages}, {date_range}. Я відповідаю на запитання про новини з "
            "цього архіву й дослівно цитую джерело. Кожне запитання продовжує попередню відповідь; {new} "
            "починає нову тему, {help} показує команди."
        ),
        "chat_cmd_new": "почати нову тему (наступне запитання нічого не продовжує)",
        "chat_cmd_timeline": "повідомлення на тему в хронологічному порядку",
        "chat_cmd_help": "цей список",
        "chat_cmd_quit": "вихід (або порожній рядок)",
        "chat_new": "Нова тема.",
    },
    FRENCH: {
        "chat_follow_up": "(suite de : {question})",
        "progress_rate": "{rate} par seconde, encore environ {left} s",
        "upload_start": "Ajout et lecture du fichier : {name}",
        "upload_known": "{name} a déjà été ajouté (même contenu) : rien n'a changé.",
        "upload_type": "{name} : je ne peux ajouter que des fichiers {types}.",
        "upload_too_big": "{name} fait {size} Mo : on peut ajouter au plus {limit} Mo.",
        "upload_failed": "Impossible de télécharger {name} depuis Telegram. Veuillez le renvoyer.",
        "upload_zip_bomb": "{name} refusé : décompressé, il serait bien trop gros (une bombe zip ?).",
        "upload_zip_unsafe": "{name} refusé : {entry} est un lien ou pointe hors du dossier de l'archive zip.",
        "upload_zip_type": "{name} refusé : {entry} n'est pas un fichier de type {types}.",
        "upload_zip_broken": "{name} refusé : ce n'est pas une archive zip lisible.",
        "upload_empty": "{name} ne contient rien qui puisse être ajouté.",
        "help_admin": (
            "\n\n<b>Commandes des administrateurs</b>\n{commands}\n"
            "Pour ajouter un fichier ({types}) comme source, envoyez-le-moi ; dans les groupes avec la légende /add."
        ),
        "cmd_reindex": "Relire toutes les sources et mettre l'index à jour",
        "cmd_add": "Ajouter un flux ou une page web, p. ex. /add https://example.org/feed.xml",
        "cmd_remove": "Retirer une source ou un fichier ajouté, p. ex. /remove articles.jsonl",
        "cmd_sources": "Médias, période et fichiers envoyés",
        "cmd_stats": "Taille de l'archive et utilisation",
        "cmd_unanswered": "Questions restées sans réponse, p. ex. /unanswered 7",
        "sources_uploads": "\n\n<b>Fichiers envoyés au bot</b> ({count}, articles entre parenthèses)\n{files}",
        "remove_usage": (
            "Veuillez indiquer la source après la commande, p. ex. /remove articles.jsonl\n\n"
            "Sources ajoutées ({count}) :\n{sources}"
        ),
        "remove_unknown": "{name} n'est pas une source ajoutée.\n\nSources ajoutées ({count}) :\n{sources}",
        "remove_configured": "{name} figure dans {setting} : veuillez l'y retirer.",
        "remove_done": "{name} retiré : {removed} articles supprimés.",
        "chat_greeting": (
            "{articles} articles, {passages} passages, {date_range}. Je réponds aux questions sur l'actualité de "
            "cette archive en citant la source mot pour mot. Chaque question fait suite à la réponse précédente ; "
            "{new} commence un nouveau sujet, {help} liste les commandes."
        ),
        "chat_cmd_new": "commencer un nouveau sujet (la question suivante ne fait suite à rien)",
        "chat_cmd_timeline": "les dépêches sur un sujet par ordre chronologique",
        "chat_cmd_help": "cette liste",
        "chat_cmd_quit": "terminer (aussi une ligne vide ou Ctrl-D)",
        "chat_new": "Nouveau sujet.",
    },
    SPANISH: {
        "chat_follow_up": "(continuación de: {question})",
        "progress_rate": "{rate} por segundo, quedan unos {left} s",
        "upload_start": "Añadiendo y leyendo el archivo: {name}",
        "upload_known": "{name} ya se añadió (mismo contenido): no ha cambiado nada.",
        "upload_type": "{name}: solo puedo añadir archivos {types}.",
        "upload_too_big": "{name} tiene {size} MB: se pueden añadir como máximo {limit} MB.",
        "upload_failed": "No se pudo descargar {name} de Telegram. Envíelo de nuevo, por favor.",
        "upload_zip_bomb": "{name} rechazado: descomprimido sería demasiado grande (¿una bomba zip?).",
        "upload_zip_unsafe": "{name} rechazado: {entry} es un enlace o apunta fuera de la carpeta del zip.",
        "upload_zip_type": "{name} rechazado: {entry} no es un archivo de tipo {types}.",
        "upload_zip_broken": "{name} rechazado: no es un archivo zip legible.",
        "upload_empty": "{name} no contiene nada que se pueda añadir.",
        "help_admin": (
            "\n\n<b>Comandos de administración</b>\n{commands}\n"
            "Para añadir un archivo ({types}) como fuente, envíemelo; en los grupos con el pie de foto /add."
        ),
        "cmd_reindex": "Volver a leer todas las fuentes y actualizar el índice",
        "cmd_add": "Añadir un feed o una página web, p. ej. /add https://example.org/feed.xml",
        "cmd_remove": "Quitar una fuente o un archivo añadido, p. ej. /remove articulos.jsonl",
        "cmd_sources": "Medios, período y archivos enviados",
        "cmd_stats": "Tamaño del archivo y uso",
        "cmd_unanswered": "Preguntas sin respuesta, p. ej. /unanswered 7",
        "sources_uploads": "\n\n<b>Archivos enviados al bot</b> ({count}, artículos entre paréntesis)\n{files}",
        "remove_usage": (
            "Indique la fuente después del comando, p. ej. /remove articulos.jsonl\n\n"
            "Fuentes añadidas ({count}):\n{sources}"
        ),
        "remove_unknown": "{name} no es una fuente añadida.\n\nFuentes añadidas ({count}):\n{sources}",
        "remove_configured": "{name} está en {setting}: quítela allí, por favor.",
        "remove_done": "{name} quitado: {removed} artículos eliminados.",
        "chat_greeting": (
            "{articles} artículos, {passages} pasajes, {date_range}. Respondo preguntas sobre las noticias de "
            "este archivo con una cita literal de la fuente. Cada pregunta continúa la respuesta anterior; "
            "{new} empieza un tema nuevo, {help} muestra los comandos."
        ),
        "chat_cmd_new": "empezar un tema nuevo (la siguiente pregunta no continúa nada)",
        "chat_cmd_timeline": "las noticias sobre un tema en orden cronológico",
        "chat_cmd_help": "esta lista",
        "chat_cmd_quit": "terminar (también una línea vacía o Ctrl-D)",
        "chat_new": "Tema nuevo.",
    },
}
for _lang, _texts in _ISSUE_26.items():
    TEXTS[_lang].update(_texts)
UPLOAD_TYPES = ".txt, .md, .jsonl, .csv, .html, .zip"
"""The file types an admin may send, as the texts above name them ({types})."""
