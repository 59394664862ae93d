"""The readers' texts of the newsroom in the loop (issue 22) in every language the bot speaks (merged into
``bot.i18n.TEXTS``). The editors' desk itself speaks English (bot/newsroom_desk.py)."""

from __future__ import annotations

NEWSROOM_TEXTS: dict[str, dict[str, str]] = {
    "de": {
        "stats_newsroom": (
            "Redaktion: {open} offene Fragen, {share} beantwortet, Median bis zur Antwort "
            "{median}, {readers} Leser erreicht, {notices} Rücknahme-Hinweise gesendet"
        ),
        "disliked_list": (
            "<b>Beantwortet, aber mit 👎 bewertet</b> (letzte {days} Tage): {total} Fragen in {count} Gruppen\n{groups}"
        ),
        "button_ask_newsroom": "Redaktion fragen",
        "button_withdraw": "Zurückziehen",
        "vote_down_offer": "Danke. Die Redaktion kann Ihre Frage beantworten.",
        "offered": (
            "An die Redaktion weitergegeben: nur der Text Ihrer Frage, nicht Ihr Name. Die Antwort kommt hierher."
        ),
        "offer_withdrawn": "Zurückgezogen: Die Redaktion sieht Ihre Frage nicht mehr.",
        "offer_unavailable": "Das geht gerade nicht. Bitte versuchen Sie es später noch einmal.",
        "newsroom_answer": "<b>Antwort der Redaktion</b> auf Ihre Frage vom {date}: „{question}“",
        "newsroom_reply": "<b>Die Redaktion</b> zu Ihrer Frage vom {date}: „{question}“\n{reply}",
        "canned_not_covered": "Darüber berichten wir nicht.",
        "canned_checking": "Wir prüfen das gerade.",
        "retraction_notice": (
            "<b>Zurückgezogen:</b> „{title}“, am {date} hier zitiert, wurde von der Redaktion zurückgezogen. "
            "Grund: {reason}"
        ),
        "no_reason": "keiner angegeben",
    },
    "en": {
        "stats_newsroom": (
            "Newsroom: {open} open questions, {share} answered, median time to an answer "
            "{median}, {readers} readers reached, {notices} retraction notices sent"
        ),
        "disliked_list": (
            "<b>Answered but voted 👎</b> (last {days} days): {total} questions in {count} groups\n{groups}"
        ),
        "button_ask_newsroom": "Ask the newsroom",
        "button_withdraw": "Withdraw",
        "vote_down_offer": "Thank you. The newsroom can answer your question.",
        "offered": (
            "Shared with the newsroom: only the text of your question, not your name. The answer will come here."
        ),
        "offer_withdrawn": "Withdrawn: the newsroom no longer sees your question.",
        "offer_unavailable": "That is not possible right now. Please try again later.",
        "newsroom_answer": "<b>The newsroom's answer</b> to your question of {date}: “{question}”",
        "newsroom_reply": "<b>The newsroom</b> on your question of {date}: “{question}”\n{reply}",
        "canned_not_covered": "We do not report on this.",
        "canned_checking": "We are checking this.",
        "retraction_notice": (
            "<b>Withdrawn:</b> “{title}”, quoted to you here on {date}, has been withdrawn by the newsroom. "
            "Reason: {reason}"
        ),
        "no_reason": "none given",
    },
    "ar": {
        "stats_newsroom": (
            "هيئة التحرير: {open} أسئلة مفتوحة، {share} أُجيب عنها، الوسيط حتى الإجابة "
            "{median}، {readers} قراء وصلتهم الإجابة، {notices} إشعارات سحب أُرسلت"
        ),
        "disliked_list": (
            "<b>أُجيب عنها لكن قُيّمت بـ 👎</b> (آخر {days} يومًا): {total} سؤالًا في {count} مجموعات\n{groups}"
        ),
        "button_ask_newsroom": "اسأل هيئة التحرير",
        "button_withdraw": "سحب السؤال",
        "vote_down_offer": "شكرًا. يمكن لهيئة التحرير أن تجيب عن سؤالك.",
        "offered": "أُرسل إلى هيئة التحرير: نص سؤالك فقط، لا اسمك. ستصلك الإجابة هنا.",
        "offer_withdrawn": "تم السحب: لم تعد هيئة التحرير ترى سؤالك.",
        "offer_unavailable": "هذا غير ممكن الآن. يُرجى المحاولة لاحقًا.",
        "newsroom_answer": "<b>إجابة هيئة التحرير</b> عن سؤالك بتاريخ {date}: «{question}»",
        "newsroom_reply": "<b>هيئة التحرير</b> بشأن سؤالك بتاريخ {date}: «{question}»\n{reply}",
        "canned_not_covered": "لا نغطي هذا الموضوع.",
        "canned_checking": "نحن نتحقق من ذلك.",
        "retraction_notice": (
            "<b>تم السحب:</b> سحبت هيئة التحرير «{title}» الذي اقتُبس لك هنا بتاريخ {date}. السبب: {reason}"
        ),
        "no_reason": "لم يُذكر",
    },
    "tr": {
        "stats_newsroom": (
            "Editörler: {open} açık soru, {share} yanıtlandı, yanıta kadar medyan {median}, "
            "{readers} okura ulaşıldı, {notices} geri çekme bildirimi gönderildi"
        ),
        "disliked_list": "<b>Yanıtlandı ama 👎 aldı</b> (son {days} gün): {count} grupta {total} soru\n{groups}",
        "button_ask_newsroom": "Editörlere sor",
        "button_withdraw": "Geri çek",
        "vote_down_offer": "Teşekkürler. Editörler sorunuzu yanıtlayabilir.",
        "offered": "Editörlere iletildi: yalnızca sorunuzun metni, adınız değil. Yanıt buraya gelecek.",
        "offer_withdrawn": "Geri çekildi: editörler sorunuzu artık görmüyor.",
        "offer_unavailable": "Bu şu anda mümkün değil. Lütfen daha sonra tekrar deneyin.",
        "newsroom_answer": "<b>Editörlerin yanıtı</b>, {date} tarihli sorunuza: “{question}”",
        "newsroom_reply": "<b>Editörler</b>, {date} tarihli sorunuz hakkında: “{question}”\n{reply}",
        "canned_not_covered": "Bu konuda haber yapmıyoruz.",
        "canned_checking": "Bunu kontrol ediyoruz.",
        "retraction_notice": (
            "<b>Geri çekildi:</b> Size burada {date} tarihinde alıntılanan “{title}” editörler tarafından geri "
            "çekildi. Gerekçe: {reason}"
        ),
        "no_reason": "belirtilmedi",
    },
    "ru": {
        "stats_newsroom": (
            "Редакция: {open} открытых вопросов, {share} с ответом, медиана до ответа {median}, "
            "{readers} читателей получили ответ, {notices} уведомлений об отзыве"
        ),
        "disliked_list": (
            "<b>Ответ дан, но оценён 👎</b> (последние {days} дн.): {total} вопросов в {count} группах\n{groups}"
        ),
        "button_ask_newsroom": "Спросить редакцию",
        "button_withdraw": "Отозвать",
        "vote_down_offer": "Спасибо. Редакция может ответить на ваш вопрос.",
        "offered": "Передано в редакцию: только текст вашего вопроса, не ваше имя. Ответ придёт сюда.",
        "offer_withdrawn": "Отозвано: редакция больше не видит ваш вопрос.",
        "offer_unavailable": "Сейчас это невозможно. Пожалуйста, попробуйте позже.",
        "newsroom_answer": "<b>Ответ редакции</b> на ваш вопрос от {date}: «{question}»",
        "newsroom_reply": "<b>Редакция</b> о вашем вопросе от {date}: «{question}»\n{reply}",
        "canned_not_covered": "Мы не освещаем эту тему.",
        "canned_checking": "Мы это проверяем.",
        "retraction_notice": (
            "<b>Отозвано:</b> материал «{title}», процитированный вам здесь {date}, отозван редакцией. "
            "Причина: {reason}"
        ),
        "no_reason": "не указана",
    },
    "uk": {
        "stats_newsroom": (
            "Редакція: {open} відкритих запитань, {share} з відповіддю, медіана до відповіді {median}, "
            "{readers} читачів отримали відповідь, {notices} повідомлень про відкликання"
        ),
        "disliked_list": (
            "<b>Відповідь дано, але оцінено 👎</b> (останні {days} дн.): {total} запитань у {count} групах\n{groups}"
        ),
        "button_ask_newsroom": "Запитати редакцію",
        "button_withdraw": "Відкликати",
        "vote_down_offer": "Дякуємо. Редакція може відповісти на ваше запитання.",
        "offered": "Передано до редакції: лише текст вашого запитання, не ваше ім'я. Відповідь надійде сюди.",
        "offer_withdrawn": "Відкликано: редакція більше не бачить вашого запитання.",
        "offer_unavailable": "Зараз це неможливо. Будь ласка, спробуйте пізніше.",
        "newsroom_answer": "<b>Відповідь редакції</b> на ваше запитання від {date}: «{question}»",
        "newsroom_reply": "<b>Редакція</b> про ваше запитання від {date}: «{question}»\n{reply}",
        "canned_not_covered": "Ми не висвітлюємо цю тему.",
        "canned_checking": "Ми це перевіряємо.",
        "retraction_notice": (
            "<b>Відкликано:</b> матеріал «{title}», процитований вам тут {date}, відкликано редакцією. "
            "Причина: {reason}"
        ),
        "no_reason": "не вказано",
    },
    "fr": {
        "stats_newsroom": (
            "Rédaction : {open} questions ouvertes, {share} répondues, médiane jusqu'à la réponse "
            "{median}, {readers} lecteurs atteints, {notices} avis de retrait envoyés"
        ),
        "disliked_list": (
            "<b>Répondu mais noté 👎</b> ({days} derniers jours) : {total} questions en {count} groupes\n{groups}"
        ),
        "button_ask_newsroom": "Demander à la rédaction",
        "button_withdraw": "Retirer",
        "vote_down_offer": "Merci. La rédaction peut répondre à votre question.",
        "offered": (
            "Transmis à la rédaction : seulement le texte de votre question, pas votre nom. La réponse arrivera ici."
        ),
        "offer_withdrawn": "Retiré : la rédaction ne voit plus votre question.",
        "offer_unavailable": "Ce n'est pas possible pour le moment. Merci de réessayer plus tard.",
        "newsroom_answer": "<b>Réponse de la rédaction</b> à votre question du {date} : « {question} »",
        "newsroom_reply": "<b>La rédaction</b> sur votre question du {date} : « {question} »\n{reply}",
        "canned_not_covered": "Nous ne couvrons pas ce sujet.",
        "canned_checking": "Nous vérifions cela.",
        "retraction_notice": (
            "<b>Retiré :</b> « {title} », cité ici le {date}, a été retiré par la rédaction. Motif : {reason}"
        ),
        "no_reason": "aucun indiqué",
    },
    "es": {
        "stats_newsroom": (
            "Redacción: {open} preguntas abiertas, {share} respondidas, mediana hasta la respuesta "
            "{median}, {readers} lectores alcanzados, {notices} avisos de retirada enviados"
        ),
        "disliked_list": (
            "<b>Respondidas pero votadas 👎</b> (últimos {days} días): {total} preguntas en {count} grupos\n{groups}"
        ),
        "button_ask_newsroom": "Preguntar a la redacción",
        "button_withdraw": "Retirar",
        "vote_down_offer": "Gracias. La redacción puede responder a su pregunta.",
        "offered": ("Enviado a la redacción: solo el texto de su pregunta, no su nombre. La respuesta llegará aquí."),
        "offer_withdrawn": "Retirada: la redacción ya no ve su pregunta.",
        "offer_unavailable": "Ahora no es posible. Por favor, inténtelo más tarde.",
        "newsroom_answer": "<b>Respuesta de la redacción</b> a su pregunta del {date}: «{question}»",
        "newsroom_reply": "<b>La redacción</b> sobre su pregunta del {date}: «{question}»\n{reply}",
        "canned_not_covered": "No informamos sobre este tema.",
        "canned_checking": "Lo estamos comprobando.",
        "retraction_notice": (
            "<b>Retirado:</b> «{title}», citado aquí el {date}, ha sido retirado por la redacción. Motivo: {reason}"
        ),
        "no_reason": "no indicado",
    },
}
CANNED_KEYS = ("not_covered", "checking")
"""The built-in canned replies for a dismissed item (``canned_<key>``); NEWSROOM_REPLIES adds or overrides."""
