"""The bot's texts in German, English, Arabic, Turkish, Russian, Ukrainian, French and Spanish.

Every language has every key with the same placeholders (tests/bot/test_i18n.py); a key missing in one language
is shown in English. Arabic is written right to left: :func:`isolate` wraps the left-to-right pieces put into an
Arabic message (a German quote, a source line) in Unicode isolates, so neither runs into the other.

Texts are HTML (Telegram's ``ParseMode.HTML``): values passed to :func:`text` are
escaped here, so callers hand over raw strings.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from bot.i18n_newsroom import NEWSROOM_TEXTS
from bot.i18n_privacy import PRIVACY_TEXTS

GERMAN = "de"
ENGLISH = "en"
ARABIC = "ar"
TURKISH = "tr"
RUSSIAN = "ru"
UKRAINIAN = "uk"
FRENCH = "fr"
SPANISH = "es"
SUPPORTED = (GERMAN, ENGLISH, ARABIC, TURKISH, RUSSIAN, UKRAINIAN, FRENCH, SPANISH)
DEFAULT_LANGUAGE = ENGLISH
RIGHT_TO_LEFT = frozenset({ARABIC})
FIRST_STRONG_ISOLATE = "\u2068"
POP_DIRECTIONAL_ISOLATE = "\u2069"
THOUSANDS = {GERMAN: ".", TURKISH: ".", SPANISH: ".", FRENCH: "\u202f", RUSSIAN: "\u00a0", UKRAINIAN: "\u00a0"}
"""Digit group separator per language (English and Arabic: ","); the decimal mark is "," where this is not ","."""

TEXTS: dict[str, dict[str, str]] = {
    GERMAN: {
        "start": (
            "Hallo {name}! Ich beantworte Fragen zum Syrien-Krieg im Herbst 2016 aus einem Nachrichtenarchiv "
            "und zitiere dabei wörtlich aus der Quelle.\n\nStellen Sie einfach eine Frage, zum Beispiel:\n"
            "{examples}\n\n/help zeigt, was das Archiv enthält."
        ),
        "help": (
            "<b>So funktioniert es</b>\nSchreiben Sie mir eine Frage. Ich suche im Archiv die passende Stelle "
            "und zitiere sie wörtlich, mit Titel, Datum und Medium der Quelle.\n\n"
            "In Gruppen antworte ich, wenn Sie mich erwähnen (@{bot}), auf eine meiner Nachrichten antworten "
            "oder /ask &lt;Frage&gt; schreiben.\n\n"
            "<b>Archiv</b>: {articles} Artikel ({passages} Abschnitte), {date_range}\n\n"
            "<b>Beispiele</b>\n{examples}\n\n"
            "/sources – Medien und Zeitraum des Archivs\n"
            "/timeline &lt;Thema&gt; – die Berichte zu einem Thema in zeitlicher Folge\n\n"
            "Fragen mit Datum („am 5. Oktober 2016“, „im September“, „letzte Woche“) durchsuchen nur Berichte "
            "dieses Zeitraums (und solche ohne Datum); „neueste“ oder „aktuell“ bevorzugt neuere Berichte."
        ),
        "help_empty": "Das Archiv ist noch leer: Ein Administrator muss es erst mit /reindex einlesen.",
        "sources": "<b>Medien im Archiv</b> ({count})\n{outlets}\n\n<b>Zeitraum</b>: {date_range}",
        "sources_none": "Das Archiv enthält noch keine Artikel.",
        "date_range": "{date_min} bis {date_max}",
        "date_unknown": "Zeitraum unbekannt",
        "source_label": "Quelle",
        "also_label": "Gleichlautend auch bei",
        "no_answer": (
            "Dazu finde ich im Archiv leider nichts, das ich zuverlässig zitieren kann.\n"
            "Versuchen Sie es mit einer anderen Formulierung oder fragen Sie konkreter nach Personen, "
            "Orten oder Ereignissen (z. B. Aleppo, Kerry, Lawrow, Waffenruhe)."
        ),
        "button_more": "Weitere Quellen ({count})",
        "button_passage": "Ganzer Abschnitt",
        "more_header": "<b>Weitere Quellen</b>",
        "more_none": "Keine weiteren Quellen zu dieser Frage.",
        "agrees_label": "Auch berichtet von",
        "differs_label": "Abweichende Angaben",
        "agrees_mark": "✓ gleiche Angabe",
        "differs_mark": "≠ abweichende Angabe",
        "passage_header": "<b>Ganzer Abschnitt</b>",
        "stale": "Diese Antwort ist in diesem Chat nicht (mehr) verfügbar. Bitte stellen Sie die Frage noch einmal.",
        "already_posted": "Das steht schon oben im Chat.",
        "action_limited": "Das geht gerade zu schnell. Bitte warten Sie {seconds} s.",
        "and_more": "… und {count} weitere",
        "feedback_thanks": "Danke für Ihre Rückmeldung!",
        "feedback_again": "Ihre Rückmeldung zu dieser Antwort ist schon gespeichert.",
        "rate_limited": "Sie fragen gerade sehr schnell. Bitte warten Sie {seconds} s bis zur nächsten Frage.",
        "too_long": (
            "Ihre Nachricht ist mit {length} Zeichen zu lang für eine Frage. "
            "Bitte fassen Sie sich kürzer (höchstens {limit} Zeichen)."
        ),
        "not_text": "Ich verstehe nur Textfragen. Schreiben Sie mir Ihre Frage bitte als Text.",
        "ask_usage": "Bitte schreiben Sie die Frage hinter den Befehl, zum Beispiel:\n/ask {example}",
        "unknown_command": "Diesen Befehl kenne ich nicht. /help zeigt, was ich kann.",
        "admin_only": "Dieser Befehl ist Administratoren vorbehalten.",
        "reindex_running": "Das Archiv wird gerade schon neu eingelesen. Bitte warten Sie, bis das fertig ist.",
        "reindex_start": "Archiv wird neu eingelesen …",
        "reindex_progress": "<b>Archiv wird neu eingelesen</b>\n{stage}: {bar} {done}/{total}\nLaufzeit {elapsed} s",
        "reindex_done": (
            "<b>Archiv neu eingelesen</b>\n{added} neu, {changed} geändert, {removed} entfernt, "
            "{unchanged} unverändert; {passages} Abschnitte eingebettet; Dauer {took} s"
        ),
        "reindex_errors": "\n{count} Fehler, zum Beispiel:\n{examples}",
        "reindex_failed": "Das Einlesen ist fehlgeschlagen: {error}",
        "reindex_merged": "\n{merged} als Beinahe-Dubletten zusammengeführt (jedes Medium bleibt als Quelle genannt)",
        "reindex_scheduled": "Geplantes Neueinlesen:",
        "add_usage": (
            "Bitte die Adresse eines Feeds oder einer Seite hinter den Befehl schreiben, zum Beispiel:\n"
            "/add https://example.org/feed.xml\n\nQuellen jetzt ({count}):\n{sources}"
        ),
        "add_start": "Quelle wird hinzugefügt und eingelesen: {url}",
        "stage_fetch": "Seiten abrufen",
        "stage_scan": "Dateien prüfen",
        "stage_embed": "Einbetten",
        "stage_index": "Index schreiben",
        "stage_refine": "Zitate verfeinern",
        "stats_refining": "\n{count} Abschnitte schon durchsuchbar, ihre Zitatwahl wird noch verfeinert",
        "stats": (
            "<b>Archiv</b>\n{articles} Artikel, {passages} Abschnitte\n{languages}\n\n"
            "<b>Nutzung</b>\nGestellte Fragen: {questions}\n👍 {up} · 👎 {down}\n"
            "Antwortzeit (Median): {median}"
        ),
        "follow_usage": (
            "Bitte schreiben Sie das Thema hinter den Befehl, zum Beispiel:\n/follow Waffenruhe in Aleppo\n\n"
            "Neue Artikel zu dem Thema schicke ich Ihnen dann nach jedem Einlesen des Archivs."
        ),
        "follow_added": (
            "Ich folge jetzt „{topic}“. Neue Artikel dazu schicke ich nach jedem Einlesen des Archivs, "
            "höchstens {limit} auf einmal. /following zeigt Ihre Themen, /unfollow beendet das."
        ),
        "follow_exists": "Diesem Thema folgt dieser Chat schon: „{topic}“.",
        "follow_invalid": (
            "Das geht nicht: Ein Thema hat höchstens {chars} Zeichen, ein Chat folgt höchstens {count} Themen."
        ),
        "follow_group_admins": "In Gruppen können nur die Administratoren der Gruppe Themen folgen oder entfolgen.",
        "unfollow_usage": (
            "Bitte schreiben Sie das Thema oder seine Nummer aus /following hinter den Befehl, z. B. /unfollow 1"
        ),
        "unfollow_done": "Ich folge „{topic}“ nicht mehr.",
        "unfollow_unknown": "Diesem Thema folgt dieser Chat nicht. /following zeigt die Themen.",
        "following_none": "Dieser Chat folgt keinem Thema. Mit /follow &lt;Thema&gt; bekommen Sie neue Artikel dazu.",
        "following_list": "<b>Themen dieses Chats</b>\n{topics}\n\n/unfollow &lt;Nummer&gt; beendet eines.",
        "alert": "<b>Neu zu Ihrem Thema „{topic}“</b>",
        "unanswered_none": "In den letzten {days} Tagen blieb keine Frage ohne Antwort.",
        "unanswered_list": (
            "<b>Ohne Antwort geblieben</b> (letzte {days} Tage, {total} Fragen, ähnliche zusammengefasst)\n{groups}"
        ),
        "unanswered_usage": "Bitte eine Zahl von Tagen angeben, z. B. /unanswered 7",
        "period_line": "🗓 Gesucht im Zeitraum: {period}",
        "period_undated": " (dazu {count} Artikel ohne Datum)",
        "latest_line": "<b>Stand: {date}</b> (neuester passender Bericht)",
        "out_of_range": "Zum Zeitraum {period} habe ich nichts: Das Archiv reicht vom {date_min} bis {date_max}.",
        "timeline_usage": "Bitte schreiben Sie ein Thema hinter den Befehl, zum Beispiel:\n/timeline Aleppo",
        "timeline_header": "<b>Chronik: {topic}</b> – Berichte {first} bis {last} von {total}",
        "timeline_none": "Zu diesem Thema finde ich im Archiv keine Berichte.",
        "button_next_page": "Weiter ▶",
        "error": "Entschuldigung, da ist etwas schiefgegangen. Bitte versuchen Sie es gleich noch einmal.",
    },
    ENGLISH: {
        "start": (
            "Hello {name}! I answer questions about the Syrian war in autumn 2016 from a news archive, "
            "quoting the source word for word.\n\nJust ask a question, for example:\n{examples}\n\n"
            "/help shows what the archive holds."
        ),
        "help": (
            "<b>How it works</b>\nSend me a question. I look for the matching passage in the archive and quote it "
            "verbatim, with the title, date and outlet of its source.\n\n"
            "In groups I answer when you mention me (@{bot}), reply to one of my messages "
            "or write /ask &lt;question&gt;.\n\n"
            "<b>Archive</b>: {articles} articles ({passages} passages), {date_range}\n\n"
            "<b>Examples</b>\n{examples}\n\n"
            "/sources – outlets and time span of the archive\n"
            "/timeline &lt;topic&gt; – the reports on a topic in date order\n\n"
            "Questions with a date (“on 5 October 2016”, “in September”, “last week”) search only the reports of "
            "that period (and undated ones); “latest” or “current” prefers newer reports."
        ),
        "help_empty": "The archive is still empty: an administrator has to load it with /reindex first.",
        "sources": "<b>Outlets in the archive</b> ({count})\n{outlets}\n\n<b>Time span</b>: {date_range}",
        "sources_none": "The archive holds no articles yet.",
        "date_range": "{date_min} to {date_max}",
        "date_unknown": "time span unknown",
        "source_label": "Source",
        "also_label": "Same report also in",
        "no_answer": (
            "Sorry, the archive holds nothing on that which I could quote reliably.\n"
            "Try rephrasing, or ask more specifically about people, places or events "
            "(e.g. Aleppo, Kerry, Lavrov, ceasefire)."
        ),
        "button_more": "More sources ({count})",
        "button_passage": "Full passage",
        "more_header": "<b>More sources</b>",
        "more_none": "No further sources for this question.",
        "agrees_label": "Also reported by",
        "differs_label": "Differing figures",
        "agrees_mark": "✓ same figure",
        "differs_mark": "≠ differing figure",
        "passage_header": "<b>Full passage</b>",
        "stale": "This answer is not available in this chat (any more). Please ask the question again.",
        "already_posted": "That is already posted above in this chat.",
        "action_limited": "That is too fast. Please wait {seconds} s.",
        "and_more": "… and {count} more",
        "feedback_thanks": "Thanks for your feedback!",
        "feedback_again": "Your feedback on this answer is already recorded.",
        "rate_limited": "You are asking very fast. Please wait {seconds} s before your next question.",
        "too_long": (
            "At {length} characters your message is too long for a question. "
            "Please keep it shorter (at most {limit} characters)."
        ),
        "not_text": "I can only answer text questions. Please send me your question as text.",
        "ask_usage": "Please put the question after the command, for example:\n/ask {example}",
        "unknown_command": "I don't know that command. /help shows what I can do.",
        "admin_only": "This command is for administrators only.",
        "reindex_running": "The archive is already being reindexed. Please wait until it has finished.",
        "reindex_start": "Reindexing the archive …",
        "reindex_progress": "<b>Reindexing the archive</b>\n{stage}: {bar} {done}/{total}\nelapsed {elapsed} s",
        "reindex_done": (
            "<b>Archive reindexed</b>\n{added} added, {changed} changed, {removed} removed, "
            "{unchanged} unchanged; {passages} passages embedded; took {took} s"
        ),
        "reindex_errors": "\n{count} errors, for example:\n{examples}",
        "reindex_failed": "Reindexing failed: {error}",
        "reindex_merged": "\n{merged} merged as near-duplicates (every outlet stays listed as a source)",
        "reindex_scheduled": "Scheduled reindex:",
        "add_usage": (
            "Please put the address of a feed or page after the command, for example:\n"
            "/add https://example.org/feed.xml\n\nSources now ({count}):\n{sources}"
        ),
        "add_start": "Adding and reading the source: {url}",
        "stage_fetch": "fetching pages",
        "stage_scan": "checking files",
        "stage_embed": "embedding",
        "stage_index": "writing the index",
        "stage_refine": "refining quotes",
        "stats_refining": "\n{count} passages searchable already, their quote choice still being refined",
        "stats": (
            "<b>Archive</b>\n{articles} articles, {passages} passages\n{languages}\n\n"
            "<b>Usage</b>\nQuestions asked: {questions}\n👍 {up} · 👎 {down}\n"
            "median answer time: {median}"
        ),
        "follow_usage": (
            "Please put the topic after the command, for example:\n/follow ceasefire in Aleppo\n\n"
            "I will then send you new articles on it after each reindex of the archive."
        ),
        "follow_added": (
            "Now following “{topic}”. I will send new articles on it after each reindex of the archive, "
            "at most {limit} at a time. /following lists your topics, /unfollow stops one."
        ),
        "follow_exists": "This chat already follows “{topic}”.",
        "follow_invalid": (
            "That does not work: a topic has at most {chars} characters, a chat follows at most {count} topics."
        ),
        "follow_group_admins": "In groups, only the group's administrators can follow or unfollow topics.",
        "unfollow_usage": "Please put the topic or its number from /following after the command, e.g. /unfollow 1",
        "unfollow_done": "No longer following “{topic}”.",
        "unfollow_unknown": "This chat does not follow that topic. /following lists the topics.",
        "following_none": "This chat follows no topic. With /follow &lt;topic&gt; you get new articles on it.",
        "following_list": "<b>Topics of this chat</b>\n{topics}\n\n/unfollow &lt;number&gt; stops one.",
        "alert": "<b>New on your topic “{topic}”</b>",
        "unanswered_none": "No question went unanswered in the last {days} days.",
        "unanswered_list": (
            "<b>Asked in vain</b> (last {days} days, {total} questions, similar ones grouped)\n{groups}"
        ),
        "unanswered_usage": "Please give a number of days, e.g. /unanswered 7",
        "period_line": "🗓 Period searched: {period}",
        "period_undated": " (and {count} undated articles)",
        "latest_line": "<b>As of {date}</b> (newest matching report)",
        "out_of_range": "I have nothing for {period}: the archive covers {date_min} to {date_max}.",
        "timeline_usage": "Please write a topic after the command, for example:\n/timeline Aleppo",
        "timeline_header": "<b>Timeline: {topic}</b> – reports {first} to {last} of {total}",
        "timeline_none": "The archive holds no reports on this topic.",
        "button_next_page": "Next ▶",
        "error": "Sorry, something went wrong. Please try again in a moment.",
    },
    ARABIC: {
        "start": (
            "مرحباً {name}! أجيب عن أسئلة حول الحرب في سوريا في خريف 2016 من أرشيف للأخبار، "
            "وأقتبس من المصدر حرفياً.\n\nاطرح سؤالك مباشرة، مثلاً:\n{examples}\n\n"
            "‏/help يعرض محتوى الأرشيف."
        ),
        "help": (
            "<b>طريقة الاستخدام</b>\nأرسل إليّ سؤالاً. أبحث في الأرشيف عن المقطع المناسب وأقتبسه حرفياً، "
            "مع عنوان المصدر وتاريخه واسم الوسيلة الإعلامية.\n\n"
            "في المجموعات أجيب عندما تذكرني (@{bot}) أو تردّ على إحدى رسائلي "
            "أو تكتب ‎/ask &lt;السؤال&gt;.\n\n"
            "<b>الأرشيف</b>: {articles} مقالاً ({passages} مقطعاً)، {date_range}\n\n"
            "<b>أمثلة</b>\n{examples}\n\n"
            "‏/sources – وسائل الإعلام والفترة الزمنية للأرشيف\n"
            "‏/timeline &lt;الموضوع&gt; – أخبار الموضوع مرتّبة زمنياً"
        ),
        "help_empty": "الأرشيف ما زال فارغاً: على أحد المشرفين أن يحمّله أولاً بالأمر ‎/reindex.",
        "sources": "<b>وسائل الإعلام في الأرشيف</b> ({count})\n{outlets}\n\n<b>الفترة الزمنية</b>: {date_range}",
        "sources_none": "لا يحتوي الأرشيف على أي مقالات بعد.",
        "date_range": "من {date_min} إلى {date_max}",
        "date_unknown": "الفترة الزمنية غير معروفة",
        "source_label": "المصدر",
        "also_label": "الخبر نفسه أيضاً لدى",
        "no_answer": (
            "عذراً، لا أجد في الأرشيف ما يمكنني اقتباسه بثقة عن هذا الموضوع.\n"
            "جرّب صياغة أخرى، أو اسأل بشكل أدق عن أشخاص أو أماكن أو أحداث "
            "(مثل حلب، كيري، لافروف، وقف إطلاق النار)."
        ),
        "button_more": "مصادر أخرى ({count})",
        "button_passage": "المقطع كاملاً",
        "more_header": "<b>مصادر أخرى</b>",
        "more_none": "لا توجد مصادر أخرى لهذا السؤال.",
        "agrees_label": "أوردته أيضاً",
        "differs_label": "أرقام مختلفة",
        "agrees_mark": "✓ الرقم نفسه",
        "differs_mark": "≠ رقم مختلف",
        "passage_header": "<b>المقطع كاملاً</b>",
        "stale": "هذه الإجابة لم تعد متاحة في هذه المحادثة. يُرجى طرح السؤال مرة أخرى.",
        "already_posted": "هذا منشور بالفعل أعلاه في المحادثة.",
        "action_limited": "هذا سريع جداً. يُرجى الانتظار {seconds} ثانية.",
        "and_more": "… و{count} غيرها",
        "feedback_thanks": "شكراً على ملاحظتك!",
        "feedback_again": "ملاحظتك على هذه الإجابة محفوظة بالفعل.",
        "rate_limited": "أنت تسأل بسرعة كبيرة. يُرجى الانتظار {seconds} ثانية قبل سؤالك التالي.",
        "too_long": ("رسالتك طويلة جداً لسؤال ({length} حرفاً). يُرجى الاختصار (بحد أقصى {limit} حرفاً)."),
        "not_text": "لا أفهم إلا الأسئلة المكتوبة. أرسل إليّ سؤالك نصاً من فضلك.",
        "ask_usage": "يُرجى كتابة السؤال بعد الأمر، مثلاً:\n/ask {example}",
        "unknown_command": "لا أعرف هذا الأمر. ‎/help يعرض ما يمكنني فعله.",
        "admin_only": "هذا الأمر مخصص للمشرفين فقط.",
        "reindex_running": "تجري الآن إعادة تحميل الأرشيف. يُرجى الانتظار حتى تنتهي.",
        "reindex_start": "جارٍ إعادة تحميل الأرشيف …",
        "reindex_progress": "<b>جارٍ إعادة تحميل الأرشيف</b>\n{stage}: {bar} {done}/{total}\nالمدة {elapsed} ثانية",
        "reindex_done": (
            "<b>أُعيد تحميل الأرشيف</b>\n{added} جديدة، {changed} معدّلة، {removed} محذوفة، "
            "{unchanged} بلا تغيير؛ {passages} مقطعاً مُضمَّناً؛ المدة {took} ثانية"
        ),
        "reindex_errors": "\n{count} أخطاء، منها مثلاً:\n{examples}",
        "reindex_failed": "فشلت إعادة التحميل: {error}",
        "reindex_merged": "\n{merged} دُمجت بوصفها شبه مكررة (تبقى كل وسيلة إعلامية مذكورة مصدراً)",
        "reindex_scheduled": "إعادة تحميل مجدولة:",
        "add_usage": (
            "يُرجى كتابة عنوان موجز أو صفحة بعد الأمر، مثلاً:\n"
            "/add https://example.org/feed.xml\n\nالمصادر الحالية ({count}):\n{sources}"
        ),
        "add_start": "جارٍ إضافة المصدر وتحميله: {url}",
        "stage_fetch": "جلب الصفحات",
        "stage_scan": "فحص الملفات",
        "stage_embed": "التضمين",
        "stage_index": "كتابة الفهرس",
        "stage_refine": "تحسين الاقتباسات",
        "stats_refining": "\n{count} مقطعًا قابلة للبحث الآن، ولا يزال اختيار اقتباساتها قيد التحسين",
        "stats": (
            "<b>الأرشيف</b>\n{articles} مقالاً، {passages} مقطعاً\n{languages}\n\n"
            "<b>الاستخدام</b>\nالأسئلة المطروحة: {questions}\n👍 {up} · 👎 {down}\n"
            "وسيط زمن الإجابة: {median}"
        ),
        "follow_usage": (
            "يُرجى كتابة الموضوع بعد الأمر، مثلاً:\n/follow وقف إطلاق النار في حلب\n\n"
            "بعدها سأرسل إليك المقالات الجديدة عن هذا الموضوع بعد كل إعادة تحميل للأرشيف."
        ),
        "follow_added": (
            "تتابع هذه المحادثة الآن موضوع «\u2068{topic}\u2069». سأرسل المقالات الجديدة عنه بعد كل إعادة تحميل "
            "للأرشيف، بحد أقصى {limit} في كل مرة. ‎/following يعرض مواضيعك، و‎/unfollow يوقف متابعة أحدها."
        ),
        "follow_exists": "تتابع هذه المحادثة موضوع «\u2068{topic}\u2069» بالفعل.",
        "follow_invalid": "تعذّر ذلك: الحد الأقصى لعدد أحرف الموضوع {chars}، ولعدد مواضيع المحادثة الواحدة {count}.",
        "follow_group_admins": "في المجموعات، يقتصر بدء متابعة المواضيع وإيقافها على مشرفي المجموعة.",
        "unfollow_usage": "يُرجى كتابة الموضوع أو رقمه في قائمة ‎/following بعد الأمر، مثلاً ‎/unfollow 1",
        "unfollow_done": "أُوقفت متابعة موضوع «\u2068{topic}\u2069».",
        "unfollow_unknown": "لا تتابع هذه المحادثة هذا الموضوع. ‎/following يعرض المواضيع.",
        "following_none": "لا تتابع هذه المحادثة أي موضوع. أرسل ‎/follow &lt;الموضوع&gt; لتصلك المقالات الجديدة عنه.",
        "following_list": "<b>مواضيع هذه المحادثة</b>\n{topics}\n\n‏/unfollow &lt;الرقم&gt; يوقف متابعة أحدها.",
        "alert": "<b>جديد في موضوعك «\u2068{topic}\u2069»</b>",
        "unanswered_none": "لم يبقَ أي سؤال دون إجابة في الأيام الـ{days} الماضية.",
        "unanswered_list": (
            "<b>أسئلة بقيت دون إجابة</b> (الأيام الـ{days} الماضية، عدد الأسئلة: {total}، "
            "والمتشابهة منها مجمّعة)\n{groups}"
        ),
        "unanswered_usage": "يُرجى تحديد عدد الأيام، مثلاً ‎/unanswered 7",
        "period_line": "🗓 فترة البحث: \u2068{period}\u2069",
        "period_undated": " (إضافة إلى مقالات بلا تاريخ: {count})",
        "latest_line": "<b>حتى تاريخ \u2068{date}\u2069</b> (أحدث خبر مطابق)",
        "out_of_range": (
            "لا أجد شيئاً عن الفترة \u2068{period}\u2069: يغطي الأرشيف الفترة من \u2068{date_min}\u2069 "
            "إلى \u2068{date_max}\u2069."
        ),
        "timeline_usage": "يُرجى كتابة موضوع بعد الأمر، مثلاً:\n/timeline حلب",
        "timeline_header": "<b>التسلسل الزمني: \u2068{topic}\u2069</b> – الأخبار من {first} إلى {last} من أصل {total}",
        "timeline_none": "لا يحتوي الأرشيف على أخبار عن هذا الموضوع.",
        "button_next_page": "التالي ◀",
        "error": "عذراً، حدث خطأ ما. يُرجى المحاولة مجدداً بعد قليل.",
    },
    TURKISH: {
        "start": (
            "Merhaba {name}! 2016 sonbaharındaki Suriye savaşıyla ilgili soruları bir haber arşivinden "
            "yanıtlıyor, kaynağı kelimesi kelimesine alıntılıyorum.\n\nBir soru sormanız yeterli, örneğin:\n"
            "{examples}\n\n/help arşivde neler olduğunu gösterir."
        ),
        "help": (
            "<b>Nasıl çalışır?</b>\nBana bir soru yazın. Arşivde uygun bölümü bulur ve kaynağın başlığı, tarihi ve "
            "yayın organıyla birlikte kelimesi kelimesine alıntılarım.\n\n"
            "Gruplarda beni andığınızda (@{bot}), mesajlarımdan birini yanıtladığınızda "
            "ya da /ask &lt;soru&gt; yazdığınızda yanıt veririm.\n\n"
            "<b>Arşiv</b>: {articles} makale ({passages} bölüm), {date_range}\n\n"
            "<b>Örnekler</b>\n{examples}\n\n"
            "/sources – arşivdeki yayın organları ve zaman aralığı\n"
            "/timeline &lt;konu&gt; – bir konudaki haberler, tarih sırasıyla"
        ),
        "help_empty": "Arşiv henüz boş: bir yöneticinin önce /reindex ile yüklemesi gerekiyor.",
        "sources": "<b>Arşivdeki yayın organları</b> ({count})\n{outlets}\n\n<b>Zaman aralığı</b>: {date_range}",
        "sources_none": "Arşivde henüz makale yok.",
        "date_range": "{date_min} – {date_max}",
        "date_unknown": "zaman aralığı bilinmiyor",
        "source_label": "Kaynak",
        "also_label": "Aynı haber ayrıca",
        "no_answer": (
            "Üzgünüm, arşivde bu konuda güvenle alıntılayabileceğim bir şey bulamadım.\n"
            "Soruyu başka türlü sormayı deneyin ya da kişiler, yerler veya olaylar hakkında daha somut sorun "
            "(ör. Halep, Kerry, Lavrov, ateşkes)."
        ),
        "button_more": "Diğer kaynaklar ({count})",
        "button_passage": "Bölümün tamamı",
        "more_header": "<b>Diğer kaynaklar</b>",
        "more_none": "Bu soru için başka kaynak yok.",
        "agrees_label": "Aynı bilgiyi verenler",
        "differs_label": "Farklı rakamlar",
        "agrees_mark": "✓ aynı rakam",
        "differs_mark": "≠ farklı rakam",
        "passage_header": "<b>Bölümün tamamı</b>",
        "stale": "Bu yanıt bu sohbette artık mevcut değil. Lütfen soruyu yeniden sorun.",
        "already_posted": "Bu zaten sohbette yukarıda var.",
        "action_limited": "Bu çok hızlı oldu. Lütfen {seconds} sn bekleyin.",
        "and_more": "… ve {count} tane daha",
        "feedback_thanks": "Geri bildiriminiz için teşekkürler!",
        "feedback_again": "Bu yanıtla ilgili geri bildiriminiz zaten kaydedildi.",
        "rate_limited": "Çok hızlı soru soruyorsunuz. Bir sonraki sorudan önce lütfen {seconds} sn bekleyin.",
        "too_long": (
            "Mesajınız {length} karakterle bir soru için fazla uzun. "
            "Lütfen daha kısa yazın (en fazla {limit} karakter)."
        ),
        "not_text": "Yalnızca yazılı soruları anlayabiliyorum. Lütfen sorunuzu metin olarak gönderin.",
        "ask_usage": "Lütfen soruyu komutun arkasına yazın, örneğin:\n/ask {example}",
        "unknown_command": "Bu komutu tanımıyorum. /help neler yapabildiğimi gösterir.",
        "admin_only": "Bu komut yalnızca yöneticiler içindir.",
        "reindex_running": "Arşiv şu anda zaten yeniden yükleniyor. Lütfen bitmesini bekleyin.",
        "reindex_start": "Arşiv yeniden yükleniyor …",
        "reindex_progress": "<b>Arşiv yeniden yükleniyor</b>\n{stage}: {bar} {done}/{total}\ngeçen süre {elapsed} sn",
        "reindex_done": (
            "<b>Arşiv yeniden yüklendi</b>\n{added} yeni, {changed} değişmiş, {removed} kaldırılmış, "
            "{unchanged} değişmemiş; {passages} bölüm gömüldü; süre {took} sn"
        ),
        "reindex_errors": "\n{count} hata, örneğin:\n{examples}",
        "reindex_failed": "Yeniden yükleme başarısız oldu: {error}",
        "reindex_merged": "\n{merged} neredeyse aynı haber birleştirildi (her yayın organı kaynak olarak kalır)",
        "reindex_scheduled": "Planlı yeniden yükleme:",
        "add_usage": (
            "Lütfen bir beslemenin ya da sayfanın adresini komutun arkasına yazın, örneğin:\n"
            "/add https://example.org/feed.xml\n\nŞu anki kaynaklar ({count}):\n{sources}"
        ),
        "add_start": "Kaynak ekleniyor ve yükleniyor: {url}",
        "stage_fetch": "sayfalar indiriliyor",
        "stage_scan": "dosyalar denetleniyor",
        "stage_embed": "gömme",
        "stage_index": "dizin yazılıyor",
        "stage_refine": "alıntılar iyileştiriliyor",
        "stats_refining": "\n{count} bölüm şimdiden aranabilir, alıntı seçimleri hâlâ iyileştiriliyor",
        "stats": (
            "<b>Arşiv</b>\n{articles} makale, {passages} bölüm\n{languages}\n\n"
            "<b>Kullanım</b>\nSorulan sorular: {questions}\n👍 {up} · 👎 {down}\n"
            "ortanca yanıt süresi: {median}"
        ),
        "follow_usage": (
            "Lütfen konuyu komutun arkasına yazın, örneğin:\n/follow Halep'te ateşkes\n\n"
            "Ardından, arşiv her yeniden yüklendiğinde bu konudaki yeni makaleleri size gönderirim."
        ),
        "follow_added": (
            "Bu sohbet artık “{topic}” konusunu takip ediyor. Arşiv her yeniden yüklendiğinde bu konudaki yeni "
            "makaleleri, bir seferde en fazla {limit} tane olmak üzere gönderirim. /following konularınızı gösterir, "
            "/unfollow bir konunun takibini bırakır."
        ),
        "follow_exists": "Bu sohbet “{topic}” konusunu zaten takip ediyor.",
        "follow_invalid": (
            "Bu mümkün değil: Bir konu en fazla {chars} karakter olabilir, bir sohbet en fazla {count} konuyu "
            "takip edebilir."
        ),
        "follow_group_admins": "Gruplarda konu takibini yalnızca grubun yöneticileri başlatıp bırakabilir.",
        "unfollow_usage": (
            "Lütfen komutun arkasına konuyu ya da /following listesindeki numarasını yazın, ör. /unfollow 1"
        ),
        "unfollow_done": "“{topic}” konusu artık takip edilmiyor.",
        "unfollow_unknown": "Bu sohbet bu konuyu takip etmiyor. /following takip edilen konuları gösterir.",
        "following_none": (
            "Bu sohbet hiçbir konuyu takip etmiyor. /follow &lt;konu&gt; ile o konudaki yeni makaleleri alabilirsiniz."
        ),
        "following_list": (
            "<b>Bu sohbetin takip ettiği konular</b>\n{topics}\n\n/unfollow &lt;numara&gt; birinin takibini bırakır."
        ),
        "alert": "<b>Takip ettiğiniz “{topic}” konusunda yeni haber</b>",
        "unanswered_none": "Son {days} günde yanıtsız kalan soru olmadı.",
        "unanswered_list": (
            "<b>Yanıtsız kalan sorular</b> (son {days} gün, {total} soru, benzerleri gruplandı)\n{groups}"
        ),
        "unanswered_usage": "Lütfen bir gün sayısı girin, ör. /unanswered 7",
        "period_line": "🗓 Aranan dönem: {period}",
        "period_undated": " (ayrıca {count} tarihsiz makale)",
        "latest_line": "<b>{date} itibarıyla</b> (eşleşen en yeni haber)",
        "out_of_range": "{period} için elimde bir şey yok: Arşiv {date_min} ile {date_max} arasını kapsıyor.",
        "timeline_usage": "Lütfen komutun arkasına bir konu yazın, örneğin:\n/timeline Halep",
        "timeline_header": "<b>Kronoloji: {topic}</b> – {first}–{last} arası haberler (toplam {total})",
        "timeline_none": "Arşivde bu konuda haber bulunmuyor.",
        "button_next_page": "Sonraki ▶",
        "error": "Üzgünüm, bir şeyler ters gitti. Lütfen birazdan yeniden deneyin.",
    },
    RUSSIAN: {
        "start": (
            "Здравствуйте, {name}! Я отвечаю на вопросы о войне в Сирии осенью 2016 года по архиву новостей "
            "и дословно цитирую источник.\n\nПросто задайте вопрос, например:\n{examples}\n\n"
            "/help покажет, что есть в архиве."
        ),
        "help": (
            "<b>Как это работает</b>\nНапишите мне вопрос. Я найду в архиве подходящий отрывок и процитирую его "
            "дословно, с заголовком, датой и изданием источника.\n\n"
            "В группах я отвечаю, когда меня упоминают (@{bot}), отвечают на одно из моих сообщений "
            "или пишут /ask &lt;вопрос&gt;.\n\n"
            "<b>Архив</b>: статей: {articles} (отрывков: {passages}), {date_range}\n\n"
            "<b>Примеры</b>\n{examples}\n\n"
            "/sources – издания и период архива\n"
            "/timeline &lt;тема&gt; – сообщения по теме в хронологическом порядке"
        ),
        "help_empty": "Архив пока пуст: администратор должен сначала загрузить его командой /reindex.",
        "sources": "<b>Издания в архиве</b> ({count})\n{outlets}\n\n<b>Период</b>: {date_range}",
        "sources_none": "В архиве пока нет статей.",
        "date_range": "с {date_min} по {date_max}",
        "date_unknown": "период неизвестен",
        "source_label": "Источник",
        "also_label": "То же сообщение также у",
        "no_answer": (
            "К сожалению, в архиве нет ничего, что я мог бы надёжно процитировать по этому вопросу.\n"
            "Попробуйте сформулировать иначе или спросите конкретнее о людях, местах или событиях "
            "(например, Алеппо, Керри, Лавров, перемирие)."
        ),
        "button_more": "Другие источники ({count})",
        "button_passage": "Весь отрывок",
        "more_header": "<b>Другие источники</b>",
        "more_none": "Других источников по этому вопросу нет.",
        "agrees_label": "Также сообщают",
        "differs_label": "Другие данные",
        "agrees_mark": "✓ та же цифра",
        "differs_mark": "≠ другая цифра",
        "passage_header": "<b>Весь отрывок</b>",
        "stale": "Этот ответ в этом чате больше недоступен. Пожалуйста, задайте вопрос ещё раз.",
        "already_posted": "Это уже есть в чате выше.",
        "action_limited": "Слишком быстро. Пожалуйста, подождите {seconds} с.",
        "and_more": "… и ещё {count}",
        "feedback_thanks": "Спасибо за отзыв!",
        "feedback_again": "Ваш отзыв об этом ответе уже сохранён.",
        "rate_limited": "Вы задаёте вопросы слишком быстро. Пожалуйста, подождите {seconds} с до следующего вопроса.",
        "too_long": (
            "Сообщение длиной {length} знаков слишком длинное для вопроса. "
            "Пожалуйста, сформулируйте короче (не более {limit} знаков)."
        ),
        "not_text": "Я понимаю только текстовые вопросы. Пожалуйста, напишите вопрос текстом.",
        "ask_usage": "Пожалуйста, напишите вопрос после команды, например:\n/ask {example}",
        "unknown_command": "Я не знаю такой команды. /help покажет, что я умею.",
        "admin_only": "Эта команда доступна только администраторам.",
        "reindex_running": "Архив уже перезагружается. Пожалуйста, дождитесь окончания.",
        "reindex_start": "Архив перезагружается …",
        "reindex_progress": "<b>Архив перезагружается</b>\n{stage}: {bar} {done}/{total}\nпрошло {elapsed} с",
        "reindex_done": (
            "<b>Архив перезагружен</b>\nновых: {added}, изменённых: {changed}, удалённых: {removed}, "
            "без изменений: {unchanged}; векторизовано отрывков: {passages}; заняло {took} с"
        ),
        "reindex_errors": "\nОшибок: {count}, например:\n{examples}",
        "reindex_failed": "Перезагрузка не удалась: {error}",
        "reindex_merged": "\nОбъединено почти одинаковых сообщений: {merged} (каждое издание остаётся источником)",
        "reindex_scheduled": "Плановая перезагрузка:",
        "add_usage": (
            "Пожалуйста, укажите после команды адрес ленты или страницы, например:\n"
            "/add https://example.org/feed.xml\n\nИсточники сейчас ({count}):\n{sources}"
        ),
        "add_start": "Источник добавляется и загружается: {url}",
        "stage_fetch": "загрузка страниц",
        "stage_scan": "проверка файлов",
        "stage_embed": "векторизация",
        "stage_index": "запись индекса",
        "stage_refine": "уточнение цитат",
        "stats_refining": "\n{count} фрагментов уже доступны для поиска, выбор цитат для них ещё уточняется",
        "stats": (
            "<b>Архив</b>\nстатей: {articles}, отрывков: {passages}\n{languages}\n\n"
            "<b>Использование</b>\nЗадано вопросов: {questions}\n👍 {up} · 👎 {down}\n"
            "медианное время ответа: {median}"
        ),
        "follow_usage": (
            "Пожалуйста, напишите тему после команды, например:\n/follow перемирие в Алеппо\n\n"
            "После каждой перезагрузки архива я буду присылать вам новые статьи по этой теме."
        ),
        "follow_added": (
            "Этот чат подписан на тему «{topic}». После каждой перезагрузки архива я буду присылать новые статьи "
            "по ней, не более {limit} за раз. /following покажет ваши темы, /unfollow отменит подписку."
        ),
        "follow_exists": "Этот чат уже подписан на тему «{topic}».",
        "follow_invalid": (
            "Так не получится: тема может содержать не более {chars} знаков, а чат может быть подписан "
            "не более чем на {count} тем."
        ),
        "follow_group_admins": (
            "В группах подписываться на темы и отписываться от них могут только администраторы группы."
        ),
        "unfollow_usage": "Пожалуйста, напишите после команды тему или её номер из /following, например: /unfollow 1",
        "unfollow_done": "Подписка на тему «{topic}» отменена.",
        "unfollow_unknown": "Этот чат не подписан на такую тему. /following покажет список тем.",
        "following_none": (
            "Этот чат не подписан ни на одну тему. Отправьте /follow &lt;тема&gt;, чтобы получать новые статьи по ней."
        ),
        "following_list": "<b>Подписки этого чата</b>\n{topics}\n\n/unfollow &lt;номер&gt; отменит одну из них.",
        "alert": "<b>Новое по вашей теме «{topic}»</b>",
        "unanswered_none": "За последние {days} дн. все вопросы получили ответ.",
        "unanswered_list": (
            "<b>Вопросы без ответа</b> (за последние {days} дн., всего вопросов: {total}, похожие объединены)\n{groups}"
        ),
        "unanswered_usage": "Пожалуйста, укажите число дней, например: /unanswered 7",
        "period_line": "🗓 Период поиска: {period}",
        "period_undated": " (а также статей без даты: {count})",
        "latest_line": "<b>По состоянию на {date}</b> (самое свежее подходящее сообщение)",
        "out_of_range": "За период {period} у меня ничего нет: в архиве материалы с {date_min} по {date_max}.",
        "timeline_usage": "Пожалуйста, напишите тему после команды, например:\n/timeline Алеппо",
        "timeline_header": "<b>Хроника: {topic}</b> – сообщения с {first} по {last} из {total}",
        "timeline_none": "В архиве нет сообщений на эту тему.",
        "button_next_page": "Далее ▶",
        "error": "Извините, что-то пошло не так. Пожалуйста, попробуйте ещё раз чуть позже.",
    },
    UKRAINIAN: {
        "start": (
            "Вітаю, {name}! Я відповідаю на запитання про війну в Сирії восени 2016 року за архівом новин "
            "і дослівно цитую джерело.\n\nПросто поставте запитання, наприклад:\n{examples}\n\n"
            "/help покаже, що є в архіві."
        ),
        "help": (
            "<b>Як це працює</b>\nНапишіть мені запитання. Я знайду в архіві відповідний уривок і процитую його "
            "дослівно, із заголовком, датою та виданням джерела.\n\n"
            "У групах я відповідаю, коли мене згадують (@{bot}), відповідають на одне з моїх повідомлень "
            "або пишуть /ask &lt;запитання&gt;.\n\n"
            "<b>Архів</b>: статей: {articles} (уривків: {passages}), {date_range}\n\n"
            "<b>Приклади</b>\n{examples}\n\n"
            "/sources – видання та період архіву\n"
            "/timeline &lt;тема&gt; – повідомлення на тему в хронологічному порядку"
        ),
        "help_empty": "Архів поки порожній: адміністратор має спершу завантажити його командою /reindex.",
        "sources": "<b>Видання в архіві</b> ({count})\n{outlets}\n\n<b>Період</b>: {date_range}",
        "sources_none": "В архіві ще немає статей.",
        "date_range": "з {date_min} по {date_max}",
        "date_unknown": "період невідомий",
        "source_label": "Джерело",
        "also_label": "Те саме повідомлення також у",
        "no_answer": (
            "На жаль, в архіві немає нічого, що я міг би надійно процитувати з цього питання.\n"
            "Спробуйте сформулювати інакше або запитайте конкретніше про людей, місця чи події "
            "(наприклад, Алеппо, Керрі, Лавров, перемир'я)."
        ),
        "button_more": "Інші джерела ({count})",
        "button_passage": "Увесь уривок",
        "more_header": "<b>Інші джерела</b>",
        "more_none": "Інших джерел із цього питання немає.",
        "agrees_label": "Також повідомляють",
        "differs_label": "Інші дані",
        "agrees_mark": "✓ та сама цифра",
        "differs_mark": "≠ інша цифра",
        "passage_header": "<b>Увесь уривок</b>",
        "stale": "Ця відповідь у цьому чаті більше недоступна. Будь ласка, поставте запитання ще раз.",
        "already_posted": "Це вже є в чаті вище.",
        "action_limited": "Надто швидко. Будь ласка, зачекайте {seconds} с.",
        "and_more": "… і ще {count}",
        "feedback_thanks": "Дякуємо за відгук!",
        "feedback_again": "Ваш відгук про цю відповідь уже збережено.",
        "rate_limited": "Ви ставите запитання надто швидко. Будь ласка, зачекайте {seconds} с до наступного.",
        "too_long": (
            "Повідомлення довжиною {length} знаків задовге для запитання. "
            "Будь ласка, напишіть коротше (не більше {limit} знаків)."
        ),
        "not_text": "Я розумію лише текстові запитання. Будь ласка, напишіть запитання текстом.",
        "ask_usage": "Будь ласка, напишіть запитання після команди, наприклад:\n/ask {example}",
        "unknown_command": "Я не знаю такої команди. /help покаже, що я вмію.",
        "admin_only": "Ця команда доступна лише адміністраторам.",
        "reindex_running": "Архів уже перезавантажується. Будь ласка, дочекайтеся завершення.",
        "reindex_start": "Архів перезавантажується …",
        "reindex_progress": "<b>Архів перезавантажується</b>\n{stage}: {bar} {done}/{total}\nминуло {elapsed} с",
        "reindex_done": (
            "<b>Архів перезавантажено</b>\nнових: {added}, змінених: {changed}, вилучених: {removed}, "
            "без змін: {unchanged}; векторизовано уривків: {passages}; тривало {took} с"
        ),
        "reindex_errors": "\nПомилок: {count}, наприклад:\n{examples}",
        "reindex_failed": "Перезавантаження не вдалося: {error}",
        "reindex_merged": "\nОб'єднано майже однакових повідомлень: {merged} (кожне видання лишається джерелом)",
        "reindex_scheduled": "Планове перезавантаження:",
        "add_usage": (
            "Будь ласка, вкажіть після команди адресу стрічки або сторінки, наприклад:\n"
            "/add https://example.org/feed.xml\n\nДжерела зараз ({count}):\n{sources}"
        ),
        "add_start": "Джерело додається й завантажується: {url}",
        "stage_fetch": "завантаження сторінок",
        "stage_scan": "перевірка файлів",
        "stage_embed": "векторизація",
        "stage_index": "запис індексу",
        "stage_refine": "уточнення цитат",
        "stats_refining": "\n{count} фрагментів уже доступні для пошуку, вибір цитат для них ще уточнюється",
        "stats": (
            "<b>Архів</b>\nстатей: {articles}, уривків: {passages}\n{languages}\n\n"
            "<b>Використання</b>\nПоставлено запитань: {questions}\n👍 {up} · 👎 {down}\n"
            "медіанний час відповіді: {median}"
        ),
        "follow_usage": (
            "Будь ласка, напишіть тему після команди, наприклад:\n/follow перемир'я в Алеппо\n\n"
            "Після кожного перезавантаження архіву я надсилатиму вам нові статті на цю тему."
        ),
        "follow_added": (
            "Цей чат підписано на тему «{topic}». Після кожного перезавантаження архіву я надсилатиму нові статті "
            "на цю тему, не більше {limit} за раз. /following покаже ваші теми, /unfollow скасує підписку."
        ),
        "follow_exists": "Цей чат уже підписаний на тему «{topic}».",
        "follow_invalid": (
            "Так не вийде: тема може містити не більше {chars} знаків, а чат може бути підписаний "
            "не більше ніж на {count} тем."
        ),
        "follow_group_admins": (
            "У групах підписуватися на теми й відписуватися від них можуть лише адміністратори групи."
        ),
        "unfollow_usage": "Будь ласка, напишіть після команди тему або її номер із /following, наприклад: /unfollow 1",
        "unfollow_done": "Підписку на тему «{topic}» скасовано.",
        "unfollow_unknown": "Цей чат не підписаний на таку тему. /following покаже список тем.",
        "following_none": (
            "Цей чат не підписаний на жодну тему. Надішліть /follow &lt;тема&gt;, "
            "щоб отримувати нові статті на цю тему."
        ),
        "following_list": "<b>Підписки цього чату</b>\n{topics}\n\n/unfollow &lt;номер&gt; скасує одну з них.",
        "alert": "<b>Нове на вашу тему «{topic}»</b>",
        "unanswered_none": "За останні {days} дн. усі запитання отримали відповідь.",
        "unanswered_list": (
            "<b>Запитання без відповіді</b> (за останні {days} дн., усього запитань: {total}, "
            "схожі об'єднано)\n{groups}"
        ),
        "unanswered_usage": "Будь ласка, вкажіть кількість днів, наприклад: /unanswered 7",
        "period_line": "🗓 Період пошуку: {period}",
        "period_undated": " (а також статей без дати: {count})",
        "latest_line": "<b>Станом на {date}</b> (найсвіжіше відповідне повідомлення)",
        "out_of_range": "За період {period} у мене нічого немає: в архіві матеріали з {date_min} по {date_max}.",
        "timeline_usage": "Будь ласка, напишіть тему після команди, наприклад:\n/timeline Алеппо",
        "timeline_header": "<b>Хроніка: {topic}</b> – повідомлення з {first} по {last} із {total}",
        "timeline_none": "В архіві немає повідомлень на цю тему.",
        "button_next_page": "Далі ▶",
        "error": "Вибачте, щось пішло не так. Будь ласка, спробуйте ще раз трохи згодом.",
    },
    FRENCH: {
        "start": (
            "Bonjour {name} ! Je réponds aux questions sur la guerre en Syrie à l'automne 2016 à partir d'une "
            "archive de presse, en citant la source mot pour mot.\n\nPosez simplement une question, par exemple :\n"
            "{examples}\n\n/help montre ce que contient l'archive."
        ),
        "help": (
            "<b>Comment ça marche</b>\nEnvoyez-moi une question. Je cherche le passage qui y répond dans l'archive "
            "et le cite mot pour mot, avec le titre, la date et le média de la source.\n\n"
            "Dans les groupes, je réponds quand vous me mentionnez (@{bot}), répondez à l'un de mes messages "
            "ou écrivez /ask &lt;question&gt;.\n\n"
            "<b>Archive</b> : {articles} articles ({passages} passages), {date_range}\n\n"
            "<b>Exemples</b>\n{examples}\n\n"
            "/sources – médias et période couverte par l'archive\n"
            "/timeline &lt;sujet&gt; – les dépêches sur un sujet par ordre chronologique"
        ),
        "help_empty": "L'archive est encore vide : un administrateur doit d'abord la charger avec /reindex.",
        "sources": "<b>Médias de l'archive</b> ({count})\n{outlets}\n\n<b>Période</b> : {date_range}",
        "sources_none": "L'archive ne contient encore aucun article.",
        "date_range": "du {date_min} au {date_max}",
        "date_unknown": "période inconnue",
        "source_label": "Source",
        "also_label": "Même dépêche aussi chez",
        "no_answer": (
            "Désolé, je ne trouve rien dans l'archive que je puisse citer de façon fiable à ce sujet.\n"
            "Essayez une autre formulation, ou posez une question plus précise sur des personnes, des lieux "
            "ou des événements (par ex. Alep, Kerry, Lavrov, cessez-le-feu)."
        ),
        "button_more": "Autres sources ({count})",
        "button_passage": "Passage complet",
        "more_header": "<b>Autres sources</b>",
        "more_none": "Aucune autre source pour cette question.",
        "agrees_label": "Également rapporté par",
        "differs_label": "Chiffres différents",
        "agrees_mark": "✓ même chiffre",
        "differs_mark": "≠ chiffre différent",
        "passage_header": "<b>Passage complet</b>",
        "stale": "Cette réponse n'est plus disponible dans ce chat. Merci de reposer la question.",
        "already_posted": "C'est déjà affiché plus haut dans le chat.",
        "action_limited": "C'est trop rapide. Merci de patienter {seconds} s.",
        "and_more": "… et {count} de plus",
        "feedback_thanks": "Merci pour votre avis !",
        "feedback_again": "Votre avis sur cette réponse est déjà enregistré.",
        "rate_limited": "Vous posez vos questions très vite. Merci de patienter {seconds} s avant la suivante.",
        "too_long": (
            "Avec {length} caractères, votre message est trop long pour une question. "
            "Merci de faire plus court ({limit} caractères au maximum)."
        ),
        "not_text": "Je ne comprends que les questions écrites. Envoyez-moi votre question sous forme de texte.",
        "ask_usage": "Écrivez la question après la commande, par exemple :\n/ask {example}",
        "unknown_command": "Je ne connais pas cette commande. /help montre ce que je sais faire.",
        "admin_only": "Cette commande est réservée aux administrateurs.",
        "reindex_running": "L'archive est déjà en cours de rechargement. Merci d'attendre la fin.",
        "reindex_start": "Rechargement de l'archive …",
        "reindex_progress": "<b>Rechargement de l'archive</b>\n{stage} : {bar} {done}/{total}\ndurée {elapsed} s",
        "reindex_done": (
            "<b>Archive rechargée</b>\n{added} nouveaux, {changed} modifiés, {removed} supprimés, "
            "{unchanged} inchangés ; {passages} passages vectorisés ; durée {took} s"
        ),
        "reindex_errors": "\n{count} erreurs, par exemple :\n{examples}",
        "reindex_failed": "Le rechargement a échoué : {error}",
        "reindex_merged": "\n{merged} quasi-doublons fusionnés (chaque média reste cité comme source)",
        "reindex_scheduled": "Rechargement programmé :",
        "add_usage": (
            "Écrivez l'adresse d'un flux ou d'une page après la commande, par exemple :\n"
            "/add https://example.org/feed.xml\n\nSources actuelles ({count}) :\n{sources}"
        ),
        "add_start": "Ajout et lecture de la source : {url}",
        "stage_fetch": "téléchargement des pages",
        "stage_scan": "vérification des fichiers",
        "stage_embed": "vectorisation",
        "stage_index": "écriture de l'index",
        "stage_refine": "affinage des citations",
        "stats_refining": "\n{count} passages déjà consultables, le choix de leurs citations est encore affiné",
        "stats": (
            "<b>Archive</b>\n{articles} articles, {passages} passages\n{languages}\n\n"
            "<b>Utilisation</b>\nQuestions posées : {questions}\n👍 {up} · 👎 {down}\n"
            "temps de réponse médian : {median}"
        ),
        "follow_usage": (
            "Écrivez le sujet après la commande, par exemple :\n/follow cessez-le-feu à Alep\n\n"
            "Je vous enverrai ensuite les nouveaux articles sur ce sujet après chaque rechargement de l'archive."
        ),
        "follow_added": (
            "Ce chat suit désormais « {topic} ». Je vous enverrai les nouveaux articles sur ce sujet après chaque "
            "rechargement de l'archive, {limit} au maximum à la fois. /following affiche vos sujets, "
            "/unfollow arrête le suivi de l'un d'eux."
        ),
        "follow_exists": "Ce chat suit déjà « {topic} ».",
        "follow_invalid": (
            "Impossible : un sujet compte au maximum {chars} caractères, et un chat suit au maximum {count} sujets."
        ),
        "follow_group_admins": (
            "Dans les groupes, seuls les administrateurs du groupe peuvent suivre un sujet ou arrêter de le suivre."
        ),
        "unfollow_usage": (
            "Écrivez après la commande le sujet ou son numéro dans la liste de /following, par ex. /unfollow 1"
        ),
        "unfollow_done": "Ce chat ne suit plus « {topic} ».",
        "unfollow_unknown": "Ce chat ne suit pas ce sujet. /following affiche les sujets suivis.",
        "following_none": (
            "Ce chat ne suit aucun sujet. Avec /follow &lt;sujet&gt;, vous recevrez les nouveaux articles sur ce sujet."
        ),
        "following_list": (
            "<b>Sujets suivis par ce chat</b>\n{topics}\n\n/unfollow &lt;numéro&gt; arrête le suivi d'un sujet."
        ),
        "alert": "<b>Du nouveau sur votre sujet « {topic} »</b>",
        "unanswered_none": "Aucune question n'est restée sans réponse ces {days} derniers jours.",
        "unanswered_list": (
            "<b>Questions restées sans réponse</b> ({days} derniers jours, {total} questions, "
            "questions similaires regroupées)\n{groups}"
        ),
        "unanswered_usage": "Indiquez un nombre de jours, par ex. /unanswered 7",
        "period_line": "🗓 Période de recherche : {period}",
        "period_undated": " (et {count} articles non datés)",
        "latest_line": "<b>Situation au {date}</b> (dépêche correspondante la plus récente)",
        "out_of_range": "Je n'ai rien pour la période {period} : l'archive s'étend du {date_min} au {date_max}.",
        "timeline_usage": "Écrivez un sujet après la commande, par exemple :\n/timeline Alep",
        "timeline_header": "<b>Chronologie : {topic}</b> – dépêches {first} à {last} sur {total}",
        "timeline_none": "L'archive ne contient aucune dépêche sur ce sujet.",
        "button_next_page": "Suivant ▶",
        "error": "Désolé, une erreur s'est produite. Merci de réessayer dans un instant.",
    },
    SPANISH: {
        "start": (
            "¡Hola, {name}! Respondo preguntas sobre la guerra de Siria en el otoño de 2016 a partir de un archivo "
            "de noticias y cito la fuente palabra por palabra.\n\nHaga una pregunta, por ejemplo:\n{examples}\n\n"
            "/help muestra qué contiene el archivo."
        ),
        "help": (
            "<b>Cómo funciona</b>\nEscríbame una pregunta. Busco en el archivo el pasaje que la responde y lo cito "
            "textualmente, con el título, la fecha y el medio de la fuente.\n\n"
            "En los grupos respondo cuando me menciona (@{bot}), responde a uno de mis mensajes "
            "o escribe /ask &lt;pregunta&gt;.\n\n"
            "<b>Archivo</b>: {articles} artículos ({passages} pasajes), {date_range}\n\n"
            "<b>Ejemplos</b>\n{examples}\n\n"
            "/sources – medios y período del archivo\n"
            "/timeline &lt;tema&gt; – las noticias sobre un tema en orden cronológico"
        ),
        "help_empty": "El archivo todavía está vacío: un administrador debe cargarlo primero con /reindex.",
        "sources": "<b>Medios del archivo</b> ({count})\n{outlets}\n\n<b>Período</b>: {date_range}",
        "sources_none": "El archivo aún no contiene artículos.",
        "date_range": "del {date_min} al {date_max}",
        "date_unknown": "período desconocido",
        "source_label": "Fuente",
        "also_label": "La misma noticia también en",
        "no_answer": (
            "Lo siento, no encuentro en el archivo nada sobre esto que pueda citar con fiabilidad.\n"
            "Pruebe a formularlo de otro modo o pregunte de forma más concreta por personas, lugares "
            "o hechos (p. ej., Alepo, Kerry, Lavrov, alto el fuego)."
        ),
        "button_more": "Más fuentes ({count})",
        "button_passage": "Pasaje completo",
        "more_header": "<b>Más fuentes</b>",
        "more_none": "No hay más fuentes para esta pregunta.",
        "agrees_label": "También lo informan",
        "differs_label": "Cifras distintas",
        "agrees_mark": "✓ la misma cifra",
        "differs_mark": "≠ otra cifra",
        "passage_header": "<b>Pasaje completo</b>",
        "stale": "Esta respuesta ya no está disponible en este chat. Por favor, vuelva a hacer la pregunta.",
        "already_posted": "Eso ya está publicado más arriba en el chat.",
        "action_limited": "Demasiado rápido. Por favor, espere {seconds} s.",
        "and_more": "… y {count} más",
        "feedback_thanks": "¡Gracias por su opinión!",
        "feedback_again": "Su opinión sobre esta respuesta ya está registrada.",
        "rate_limited": "Está preguntando muy rápido. Por favor, espere {seconds} s antes de la siguiente pregunta.",
        "too_long": (
            "Con {length} caracteres, su mensaje es demasiado largo para una pregunta. "
            "Por favor, sea más breve ({limit} caracteres como máximo)."
        ),
        "not_text": "Solo entiendo preguntas escritas. Por favor, envíeme su pregunta como texto.",
        "ask_usage": "Escriba la pregunta después del comando, por ejemplo:\n/ask {example}",
        "unknown_command": "No conozco ese comando. /help muestra lo que puedo hacer.",
        "admin_only": "Este comando está reservado a los administradores.",
        "reindex_running": "El archivo ya se está recargando. Por favor, espere a que termine.",
        "reindex_start": "Recargando el archivo …",
        "reindex_progress": "<b>Recargando el archivo</b>\n{stage}: {bar} {done}/{total}\ntiempo {elapsed} s",
        "reindex_done": (
            "<b>Archivo recargado</b>\n{added} nuevos, {changed} modificados, {removed} eliminados, "
            "{unchanged} sin cambios; {passages} pasajes vectorizados; duración {took} s"
        ),
        "reindex_errors": "\n{count} errores, por ejemplo:\n{examples}",
        "reindex_failed": "La recarga ha fallado: {error}",
        "reindex_merged": "\n{merged} casi duplicados fusionados (cada medio sigue citado como fuente)",
        "reindex_scheduled": "Recarga programada:",
        "add_usage": (
            "Escriba la dirección de un feed o de una página después del comando, por ejemplo:\n"
            "/add https://example.org/feed.xml\n\nFuentes actuales ({count}):\n{sources}"
        ),
        "add_start": "Añadiendo y leyendo la fuente: {url}",
        "stage_fetch": "descargando páginas",
        "stage_scan": "comprobando archivos",
        "stage_embed": "vectorizando",
        "stage_index": "escribiendo el índice",
        "stage_refine": "afinando las citas",
        "stats_refining": "\n{count} pasajes ya se pueden buscar; la elección de sus citas aún se está afinando",
        "stats": (
            "<b>Archivo</b>\n{articles} artículos, {passages} pasajes\n{languages}\n\n"
            "<b>Uso</b>\nPreguntas realizadas: {questions}\n👍 {up} · 👎 {down}\n"
            "tiempo de respuesta mediano: {median}"
        ),
        "follow_usage": (
            "Escriba el tema después del comando, por ejemplo:\n/follow alto el fuego en Alepo\n\n"
            "A partir de entonces le enviaré los artículos nuevos sobre ese tema después de cada recarga del archivo."
        ),
        "follow_added": (
            "Este chat sigue ahora el tema «{topic}». Le enviaré los artículos nuevos sobre él después de cada "
            "recarga del archivo, {limit} como máximo cada vez. /following muestra sus temas y /unfollow deja de "
            "seguir uno."
        ),
        "follow_exists": "Este chat ya sigue el tema «{topic}».",
        "follow_invalid": (
            "No es posible: un tema puede tener como máximo {chars} caracteres y un chat puede seguir como máximo "
            "{count} temas."
        ),
        "follow_group_admins": (
            "En los grupos, solo los administradores del grupo pueden seguir temas o dejar de seguirlos."
        ),
        "unfollow_usage": (
            "Escriba después del comando el tema o su número en la lista de /following, p. ej., /unfollow 1"
        ),
        "unfollow_done": "Este chat ya no sigue el tema «{topic}».",
        "unfollow_unknown": "Este chat no sigue ese tema. /following muestra los temas.",
        "following_none": (
            "Este chat no sigue ningún tema. Con /follow &lt;tema&gt; recibirá los artículos nuevos sobre él."
        ),
        "following_list": "<b>Temas de este chat</b>\n{topics}\n\n/unfollow &lt;número&gt; deja de seguir uno.",
        "alert": "<b>Novedades sobre su tema «{topic}»</b>",
        "unanswered_none": "En los últimos {days} días no ha quedado ninguna pregunta sin respuesta.",
        "unanswered_list": (
            "<b>Preguntas sin respuesta</b> (últimos {days} días, {total} preguntas, las parecidas agrupadas)\n{groups}"
        ),
        "unanswered_usage": "Indique un número de días, p. ej., /unanswered 7",
        "period_line": "🗓 Período de búsqueda: {period}",
        "period_undated": " (y {count} artículos sin fecha)",
        "latest_line": "<b>A fecha de {date}</b> (la noticia más reciente que coincide)",
        "out_of_range": "No tengo nada del período {period}: el archivo va del {date_min} al {date_max}.",
        "timeline_usage": "Escriba un tema después del comando, por ejemplo:\n/timeline Alepo",
        "timeline_header": "<b>Cronología: {topic}</b> – noticias {first} a {last} de {total}",
        "timeline_none": "El archivo no contiene noticias sobre este tema.",
        "button_next_page": "Siguiente ▶",
        "error": "Lo siento, algo ha salido mal. Por favor, inténtelo de nuevo en un momento.",
    },
}
for _lang, _texts in PRIVACY_TEXTS.items():  # /privacy and /forget (bot/i18n_privacy.py)
    TEXTS[_lang].update(_texts)
for _lang, _texts in NEWSROOM_TEXTS.items():  # the newsroom in the loop (bot/i18n_newsroom.py)
    TEXTS[_lang].update(_texts)

EXAMPLES: dict[str, tuple[str, ...]] = {
    GERMAN: (
        "Mit wem hat Lawrow telefoniert?",
        "Wie ist die humanitäre Lage in Aleppo?",
        "Warum haben die USA die Gespräche mit Russland abgebrochen?",
    ),
    ENGLISH: (
        "Who did Lavrov speak to on the phone?",
        "What is the humanitarian situation in Aleppo?",
        "Why did the US suspend the talks with Russia?",
    ),
    ARABIC: (
        "مع من تحدث لافروف هاتفياً؟",
        "كيف هو الوضع الإنساني في حلب؟",
        "لماذا علّقت الولايات المتحدة محادثاتها مع روسيا؟",
    ),
    TURKISH: (
        "Lavrov kiminle telefonda görüştü?",
        "Halep'teki insani durum nasıl?",
        "ABD Rusya ile görüşmeleri neden askıya aldı?",
    ),
    RUSSIAN: (
        "С кем Лавров говорил по телефону?",
        "Какова гуманитарная ситуация в Алеппо?",
        "Почему США приостановили переговоры с Россией?",
    ),
    UKRAINIAN: (
        "З ким Лавров розмовляв телефоном?",
        "Яка гуманітарна ситуація в Алеппо?",
        "Чому США призупинили переговори з Росією?",
    ),
    FRENCH: (
        "Avec qui Lavrov s'est-il entretenu au téléphone ?",
        "Quelle est la situation humanitaire à Alep ?",
        "Pourquoi les États-Unis ont-ils suspendu les discussions avec la Russie ?",
    ),
    SPANISH: (
        "¿Con quién habló Lavrov por teléfono?",
        "¿Cuál es la situación humanitaria en Alepo?",
        "¿Por qué suspendió Estados Unidos las conversaciones con Rusia?",
    ),
}


READER_TEXTS: dict[str, dict[str, str]] = {
    GERMAN: {
        "hedge": "Ich bin nicht sicher, ob diese Stelle Ihre Frage beantwortet:",
        "quote_original_de": "Zitat im deutschen Original",
        "quote_original_en": "Zitat im englischen Original",
        "quote_original": "Zitat im Original ({language})",
        "untitled": "ohne Titel",
    },
    ENGLISH: {
        "hedge": "I am not sure this passage answers your question:",
        "quote_original_de": "Quote in the German original",
        "quote_original_en": "Quote in the English original",
        "quote_original": "Quote in the original ({language})",
        "untitled": "untitled",
    },
    ARABIC: {
        "hedge": "لست متأكدًا من أن هذا المقطع يجيب عن سؤالك:",
        "quote_original_de": "الاقتباس بلغته الأصلية الألمانية",
        "quote_original_en": "الاقتباس بلغته الأصلية الإنجليزية",
        "quote_original": "الاقتباس بلغته الأصلية ({language})",
        "untitled": "بدون عنوان",
    },
    TURKISH: {
        "hedge": "Bu bölümün sorunuzu yanıtladığından emin değilim:",
        "quote_original_de": "Alıntı Almanca aslından",
        "quote_original_en": "Alıntı İngilizce aslından",
        "quote_original": "Alıntı aslından ({language})",
        "untitled": "başlıksız",
    },
    RUSSIAN: {
        "hedge": "Не уверен, что этот отрывок отвечает на ваш вопрос:",
        "quote_original_de": "Цитата в немецком оригинале",
        "quote_original_en": "Цитата в английском оригинале",
        "quote_original": "Цитата в оригинале ({language})",
        "untitled": "без названия",
    },
    UKRAINIAN: {
        "hedge": "Не впевнений, що цей уривок відповідає на ваше запитання:",
        "quote_original_de": "Цитата в німецькому оригіналі",
        "quote_original_en": "Цитата в англійському оригіналі",
        "quote_original": "Цитата в оригіналі ({language})",
        "untitled": "без назви",
    },
    FRENCH: {
        "hedge": "Je ne suis pas sûr que ce passage réponde à votre question :",
        "quote_original_de": "Citation dans l'original allemand",
        "quote_original_en": "Citation dans l'original anglais",
        "quote_original": "Citation dans l'original ({language})",
        "untitled": "sans titre",
    },
    SPANISH: {
        "hedge": "No estoy seguro de que este pasaje responda a su pregunta:",
        "quote_original_de": "Cita en el original alemán",
        "quote_original_en": "Cita en el original inglés",
        "quote_original": "Cita en el original ({language})",
        "untitled": "sin título",
    },
}
"""Issue 30, one block: the hedge over a quote that may not answer, the line naming a quote's original language when
it is not the question's, and the source line of an article without a title."""
for _lang, _texts in READER_TEXTS.items():
    TEXTS[_lang].update(_texts)


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
    """The HTML text ``key`` in ``lang``; string values are HTML-escaped, numbers formatted."""
    table = TEXTS.get(lang, TEXTS[DEFAULT_LANGUAGE])
    escaped = {name: _escape_value(lang, value) for name, value in values.items()}
    return table.get(key, TEXTS[DEFAULT_LANGUAGE][key]).format(**escaped)


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
    return f"{value:,}".replace(",", THOUSANDS.get(lang, ","))


def format_float(lang: str, value: float, digits: int = 1) -> str:
    formatted = f"{value:,.{digits}f}"
    if lang in THOUSANDS:
        formatted = formatted.replace(",", "\0").replace(".", ",").replace("\0", THOUSANDS[lang])
    return formatted


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
