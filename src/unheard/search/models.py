"""The search index: the words of every public record, each with its spellings.

A `SearchWord` is one word in normal form ("мифтахов", "205.2", "tyumen"); its
`SearchVariant`s are the spellings it is found under ("miftakhov", "miftachow", "miftahov"),
each with a phonetic key. A `SearchEntry` says that a record (a person, case, facility or
article) contains a word, in which role and with which weight. Spellings belong to words, not
to records, so a hundred thousand people named from a few thousand words need only a few
thousand spellings: the fuzzy matching runs over the spellings, then the entries are joined.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchWord(models.Model):
    text = models.CharField(_("word"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.text


class SearchVariant(models.Model):
    word = models.ForeignKey(SearchWord, on_delete=models.CASCADE, related_name="variants")
    text = models.CharField(_("spelling"), max_length=100, db_index=True)
    phonetic = models.CharField(_("phonetic key"), max_length=100, db_index=True)

    class Meta:
        verbose_name = _("spelling")
        verbose_name_plural = _("spellings")
        constraints = [
            models.UniqueConstraint(fields=["word", "text"], name="search_variant_unique")
        ]

    def __str__(self) -> str:
        return self.text


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("person")
        CASE = "case", _("case")
        FACILITY = "facility", _("facility")
        ARTICLE = "article", _("article")

    class Role(models.TextChoices):
        SURNAME = "s", _("surname")
        GIVEN_NAME = "g", _("given name")
        PATRONYMIC = "p", _("patronymic")
        DISPLAY_NAME = "d", _("display name")
        ALIAS = "a", _("alias")
        NAME = "n", _("name")
        PLACE = "r", _("region")
        NUMBER = "k", _("number or code")
        TITLE = "t", _("title")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("record id"))
    word = models.ForeignKey(SearchWord, on_delete=models.CASCADE, related_name="entries")
    role = models.CharField(_("role"), max_length=1, choices=Role.choices)
    weight = models.FloatField(_("weight"), default=1.0)
    is_synthetic = models.BooleanField(_("synthetic (benchmarks only)"), default=False)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [models.Index(fields=["kind", "object_id"], name="search_entry_record")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.word_id}"


class SearchDeletion(models.Model):
    """A short spelling with one letter left out ("titov" → "itov", "ttov", "tiov", ...).

    A typo in a word of four or five letters destroys most of its trigrams, so the trigram
    index misses it; two words one edit apart always share a spelling with at most one letter
    left out (the "symmetric delete" of SymSpell), which an ordinary index finds.
    """

    key = models.CharField(_("key"), max_length=100, db_index=True)
    variant = models.ForeignKey(SearchVariant, on_delete=models.CASCADE, related_name="deletions")

    class Meta:
        verbose_name = _("spelling with a letter left out")
        verbose_name_plural = _("spellings with a letter left out")

    def __str__(self) -> str:
        return self.key
