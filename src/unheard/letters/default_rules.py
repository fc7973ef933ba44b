"""The global letter rules shipped with Unheard, in the project's own words, in all four
languages. A data migration copies them into the database, where staff edit them; they are also
the fallback when no global rules exist there."""

RULES = {
    "en": """Write in Russian if you can. Prison censors read Russian; a letter in another language can wait weeks for a translator or never be handed over. If you write in another language, we translate your letter into Russian and send both.

Write about your own life: your town, your work, books, films, music, nature, the seasons. Ask how the person is, what they read, what they need. A few warm lines are better than silence.

Do not write about the criminal case, the investigation, the trial or the evidence, nor about other prisoners' cases. Censors hold back such letters, and they can be used against the prisoner.

Do not write anything that could put the prisoner at risk: no political slogans or calls to action, no symbols of banned organisations, no insults to the prison staff or the administration, no slang, codes, abbreviations or obscene words, no names, addresses or phone numbers of other people.

Photos and postcards: ordinary pictures only, such as landscapes, animals, your town or greetings. No photos of protests, uniforms, weapons, maps or symbols, and no people other than yourself.

Letters take weeks and some never arrive. Do not be discouraged if no answer comes: keep writing.""",
    "ru": """Пишите по-русски, если можете. Тюремные цензоры читают только по-русски; письмо на другом языке может неделями ждать переводчика или так и не дойти до адресата. Если вы пишете на другом языке, мы переведём письмо на русский и отправим оба текста.

Пишите о своей жизни: о своём городе, работе, книгах, фильмах, музыке, природе, временах года. Спросите, как у человека дела, что он читает, что ему нужно. Несколько тёплых строк лучше молчания.

Не пишите об уголовном деле, следствии, суде и доказательствах, а также о делах других заключённых. Цензоры задерживают такие письма, и их могут использовать против заключённого.

Не пишите ничего, что может навредить заключённому: никаких политических лозунгов и призывов, символики запрещённых организаций, оскорблений сотрудников и администрации, жаргона, шифров, сокращений и нецензурных слов, имён, адресов и телефонов других людей.

Фотографии и открытки: только обычные изображения — пейзажи, животные, ваш город, поздравления. Никаких фотографий протестов, формы, оружия, карт и символики и никаких людей, кроме вас самих.

Письма идут неделями, и некоторые не доходят. Не расстраивайтесь, если ответа нет, — продолжайте писать.""",
    "de": """Schreiben Sie auf Russisch, wenn Sie können. Die Zensoren im Gefängnis lesen Russisch; ein Brief in einer anderen Sprache kann wochenlang auf einen Übersetzer warten oder nie ausgehändigt werden. Wenn Sie in einer anderen Sprache schreiben, übersetzen wir Ihren Brief ins Russische und schicken beides.

Schreiben Sie über Ihr eigenes Leben: Ihre Stadt, Ihre Arbeit, Bücher, Filme, Musik, die Natur, die Jahreszeiten. Fragen Sie, wie es der Person geht, was sie liest, was sie braucht. Ein paar warme Zeilen sind besser als Schweigen.

Schreiben Sie nicht über das Strafverfahren, die Ermittlungen, den Prozess oder die Beweise und nicht über die Verfahren anderer Gefangener. Die Zensur hält solche Briefe zurück, und sie können gegen den Gefangenen verwendet werden.

Schreiben Sie nichts, was den Gefangenen gefährden könnte: keine politischen Parolen oder Aufrufe, keine Symbole verbotener Organisationen, keine Beleidigungen des Personals oder der Verwaltung, keinen Jargon, keine Codes, Abkürzungen oder Schimpfwörter, keine Namen, Adressen oder Telefonnummern anderer Menschen.

Fotos und Postkarten: nur gewöhnliche Bilder wie Landschaften, Tiere, Ihre Stadt oder Grüße. Keine Fotos von Protesten, Uniformen, Waffen, Karten oder Symbolen und keine anderen Menschen als Sie selbst.

Briefe brauchen Wochen, und manche kommen nie an. Lassen Sie sich nicht entmutigen, wenn keine Antwort kommt: Schreiben Sie weiter.""",
    "fr": """Écrivez en russe si vous le pouvez. Les censeurs de la prison lisent le russe ; une lettre dans une autre langue peut attendre un traducteur pendant des semaines ou ne jamais être remise. Si vous écrivez dans une autre langue, nous traduisons votre lettre en russe et envoyons les deux.

Parlez de votre propre vie : votre ville, votre travail, des livres, des films, de la musique, la nature, les saisons. Demandez comment va la personne, ce qu'elle lit, ce dont elle a besoin. Quelques lignes chaleureuses valent mieux que le silence.

N'écrivez rien sur l'affaire pénale, l'enquête, le procès ou les preuves, ni sur les affaires d'autres détenus. La censure retient ces lettres, et elles peuvent être utilisées contre le détenu.

N'écrivez rien qui puisse mettre le détenu en danger : pas de slogans politiques ni d'appels à agir, pas de symboles d'organisations interdites, pas d'insultes envers le personnel ou l'administration, pas d'argot, de codes, d'abréviations ni de grossièretés, pas de noms, d'adresses ou de numéros de téléphone d'autres personnes.

Photos et cartes postales : seulement des images ordinaires, comme des paysages, des animaux, votre ville ou des vœux. Pas de photos de manifestations, d'uniformes, d'armes, de cartes ou de symboles, et personne d'autre que vous-même.

Les lettres mettent des semaines à arriver et certaines se perdent. Ne vous découragez pas si aucune réponse ne vient : continuez à écrire.""",
}
