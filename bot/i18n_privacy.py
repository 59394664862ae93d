"""The texts of /privacy and /forget in every language the bot speaks (merged into ``bot.i18n.TEXTS``)."""

from __future__ import annotations

PRIVACY_TEXTS: dict[str, dict[str, str]] = {
    "de": {
        "privacy": (
            "<b>Was dieser Bot speichert</b>\nIhre Fragen, die Antworten darauf und Ihre 👍/👎, {days} Tage lang; "
            "danach werden sie gelöscht (nur Zahlen bleiben für die Statistik). Themen, denen Sie folgen, bis Sie "
            "/unfollow senden. Sonst nichts. Admins sehen unbeantwortete Fragen ohne den Absender, Telefonnummern "
            "und E-Mail-Adressen unkenntlich.\n/forget löscht Ihre Fragen, Stimmen und die Themen dieses Chats sofort."
        ),
        "forget_done": (
            "Gelöscht: {questions} Fragen, {votes} Stimmen, {follows} gefolgte Themen. Über Sie ist nichts mehr "
            "gespeichert."
        ),
        "forget_unavailable": (
            "Löschen ist gerade nicht möglich. Bitte senden Sie /forget in ein paar Minuten noch "
            "einmal."
        ),
    },
    "en": {
        "privacy": (
            "<b>What this bot keeps</b>\nYour questions, the answers given and your 👍/👎, for {days} days; then they "
            "are deleted (only counts stay, for statistics). Topics you follow, until you /unfollow them. Nothing "
            "else. Admins see unanswered questions without who asked, phone numbers and e-mail addresses masked.\n"
            "/forget deletes your questions, votes and this chat's followed topics now."
        ),
        "forget_done": (
            "Deleted: {questions} questions, {votes} votes, {follows} followed topics. Nothing about "
            "you is kept now."
        ),
        "forget_unavailable": "Deleting is not possible right now. Please send /forget again in a few minutes.",
    },
    "ar": {
        "privacy": (
            "<b>ما يحفظه هذا البوت</b>\nأسئلتك والإجابات عنها وتقييماتك 👍/👎 لمدة {days} يوماً، ثم تُحذف (تبقى الأعداد "
            "فقط للإحصاءات). والمواضيع التي تتابعها حتى تلغي متابعتها بالأمر ‎/unfollow. لا شيء غير ذلك. يرى المشرفون "
            "الأسئلة التي لم تجد إجابة دون معرفة من سألها، مع إخفاء أرقام الهواتف وعناوين البريد.\n"
            "‎/forget يحذف أسئلتك وتقييماتك ومواضيع هذه المحادثة فوراً."
        ),
        "forget_done": "حُذف: {questions} سؤالاً، {votes} تقييماً، {follows} موضوعاً متابَعاً. لم يعد محفوظاً عنك شيء.",
        "forget_unavailable": "الحذف غير ممكن الآن. يُرجى إرسال ‎/forget مرة أخرى بعد بضع دقائق.",
    },
    "tr": {
        "privacy": (
            "<b>Bu botun sakladıkları</b>\nSorularınız, verilen yanıtlar ve 👍/👎 oylarınız {days} gün saklanır, sonra "
            "silinir (istatistik için yalnızca sayılar kalır). Takip ettiğiniz konular, /unfollow ile bırakana kadar "
            "saklanır. Başka bir şey saklanmaz. Yöneticiler yanıtsız soruları kimin sorduğunu görmeden, telefon "
            "numaraları ve e-posta adresleri gizlenmiş olarak görür.\n/forget sorularınızı, oylarınızı ve bu "
            "sohbetin takip ettiği konuları hemen siler."
        ),
        "forget_done": (
            "Silindi: {questions} soru, {votes} oy, {follows} takip edilen konu. Artık hakkınızda "
            "hiçbir şey saklanmıyor."
        ),
        "forget_unavailable": (
            "Silme şu anda mümkün değil. Lütfen birkaç dakika sonra /forget komutunu tekrar "
            "gönderin."
        ),
    },
    "ru": {
        "privacy": (
            "<b>Что хранит этот бот</b>\nВаши вопросы, ответы на них и ваши 👍/👎 хранятся {days} дней, затем "
            "удаляются (для статистики остаются только числа). Темы, на которые вы подписаны, хранятся, пока вы не "
            "отпишетесь командой /unfollow. Больше ничего. Администраторы видят вопросы без ответа, не зная, кто их "
            "задал; номера телефонов и адреса почты скрыты.\n/forget сразу удалит ваши вопросы, оценки и подписки "
            "этого чата."
        ),
        "forget_done": (
            "Удалено: вопросов — {questions}, оценок — {votes}, подписок — {follows}. О вас больше "
            "ничего не хранится."
        ),
        "forget_unavailable": (
            "Сейчас удалить не получается. Пожалуйста, отправьте /forget ещё раз через несколько "
            "минут."
        ),
    },
    "uk": {
        "privacy": (
            "<b>Що зберігає цей бот</b>\nВаші запитання, відповіді на них і ваші 👍/👎 зберігаються {days} днів, потім "
            "видаляються (для статистики лишаються тільки числа). Теми, на які ви підписані, зберігаються, доки ви "
            "не відпишетеся командою /unfollow. Більше нічого. Адміністратори бачать запитання без відповіді, не "
            "знаючи, хто їх поставив; номери телефонів і адреси пошти приховано.\n/forget одразу видалить ваші "
            "запитання, оцінки та підписки цього чату."
        ),
        "forget_done": (
            "Видалено: запитань — {questions}, оцінок — {votes}, підписок — {follows}. Про вас більше "
            "нічого не зберігається."
        ),
        "forget_unavailable": "Зараз видалити не вдається. Будь ласка, надішліть /forget ще раз за кілька хвилин.",
    },
    "fr": {
        "privacy": (
            "<b>Ce que ce bot conserve</b>\nVos questions, les réponses données et vos 👍/👎, pendant {days} jours ; "
            "ensuite elles sont effacées (seuls des totaux restent, pour les statistiques). Les sujets que vous "
            "suivez, jusqu'à /unfollow. Rien d'autre. Les administrateurs voient les questions restées sans réponse "
            "sans savoir qui les a posées, numéros de téléphone et adresses e-mail masqués.\n/forget efface tout "
            "de suite vos questions, vos votes et les sujets suivis par ce chat."
        ),
        "forget_done": (
            "Effacé : {questions} questions, {votes} votes, {follows} sujets suivis. Plus rien n'est conservé sur vous."
        ),
        "forget_unavailable": "L'effacement est impossible pour le moment. Renvoyez /forget dans quelques minutes.",
    },
    "es": {
        "privacy": (
            "<b>Qué guarda este bot</b>\nSus preguntas, las respuestas dadas y sus 👍/👎, durante {days} días; después "
            "se borran (solo quedan recuentos para las estadísticas). Los temas que sigue, hasta que use /unfollow. "
            "Nada más. Los administradores ven las preguntas sin respuesta sin saber quién las hizo, con los números "
            "de teléfono y las direcciones de correo ocultos.\n/forget borra ahora sus preguntas, sus votos y los "
            "temas que sigue este chat."
        ),
        "forget_done": (
            "Borrado: {questions} preguntas, {votes} votos, {follows} temas seguidos. Ya no se guarda "
            "nada sobre usted."
        ),
        "forget_unavailable": "Ahora no es posible borrar. Envíe /forget de nuevo dentro de unos minutos.",
    },
}
