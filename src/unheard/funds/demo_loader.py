"""Demo data of the funds app: the seeds' campaigns and sourced figures (registry/demo/other-seeds.json).

Policy: only what the seeds state. The marathon of seed 000 becomes a campaign with the money it
raised as a sourced figure ("more than 33 million roubles"); the appeal of seed 002 becomes a
campaign with its €7,400 goal; the three-year figures of seed 002 become sourced figures without
a period (the seed does not date the three years), so they count in the report since founding.
The marathon is shown as ended, with the direct link the seed gives (SEED_FACTS). So that an
open campaign shows a concrete way to give, one bank account is loaded that is marked as an
example everywhere it appears (EXAMPLE_ACCOUNT); `loaddemo` also turns on the "demo data"
banner. No donation, aid record or rate is invented. Each record cites its seed, found by the title the
registry's loader gave it. Records are created once; `refresh=True` rewrites them from the file.
The load is one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from unheard.core.models import PublicationState, Source
from unheard.funds.models import AggregateFigure, Campaign, PaymentMethod, SpendingCategory
from unheard.funds.money import Money

SEEDS_FILE = Path(__file__).resolve().parents[1] / "registry" / "demo" / "other-seeds.json"
Metric = AggregateFigure.Metric
Qualifier = AggregateFigure.Qualifier
LANGUAGES = ("en", "ru", "de", "fr")

# How each figure of the seed file is counted, with its label in the four languages.
FIGURES = {
    "imprisoned_for_political_reasons": {
        "metric": Metric.OTHER,
        "qualifier": Qualifier.ABOUT,
        "label": {
            "en": "people imprisoned in Russia for political reasons in the project's first three years",
            "ru": "людей, лишённых свободы в России по политическим мотивам за первые три года проекта",
            "de": "Menschen, die in den ersten drei Jahren des Projekts in Russland aus politischen Gründen inhaftiert wurden",
            "fr": "personnes emprisonnées en Russie pour des raisons politiques pendant les trois premières années du projet",
        },
    },
    "recognised_political_prisoners": {"metric": Metric.PEOPLE_RECOGNISED},
    "legal_aid_people": {"metric": Metric.PEOPLE_HELPED, "category": SpendingCategory.LEGAL},
    "detention_conditions_aid_people": {
        "metric": Metric.PEOPLE_HELPED,
        "category": SpendingCategory.DETENTION,
    },
    "humanitarian_aid_people": {
        "metric": Metric.PEOPLE_HELPED,
        "category": SpendingCategory.HUMANITARIAN,
    },
    "humanitarian_aid_ukrainian_citizens": {
        "metric": Metric.OTHER,
        "qualifier": Qualifier.AT_LEAST,
        "label": {
            "en": "citizens of Ukraine among the recipients of humanitarian aid",
            "ru": "граждан Украины среди получивших гуманитарную помощь",
            "de": "ukrainische Staatsangehörige unter den Empfängern humanitärer Hilfe",
            "fr": "citoyens ukrainiens parmi les bénéficiaires de l'aide humanitaire",
        },
    },
    "funds_raised_rub": {
        "metric": Metric.FUNDS_RAISED,
        "qualifier": Qualifier.AT_LEAST,
        "currency": "RUB",
        # The seed gives its own equivalent: "~ over €212 000".
        "equivalent": Money.of("212000", "EUR"),
    },
    "profiles_published": {
        "metric": Metric.OTHER,
        "qualifier": Qualifier.AT_LEAST,
        "label": {
            "en": "people imprisoned for political reasons with a profile on the project's Russian-language website",
            "ru": "людей, лишённых свободы по политическим мотивам, с профилем на русскоязычном сайте проекта",
            "de": "aus politischen Gründen inhaftierte Menschen mit einem Profil auf der russischsprachigen Website des Projekts",
            "fr": "personnes emprisonnées pour des raisons politiques ayant un profil sur le site en russe du projet",
        },
    },
}


# Seed 000: the marathon was held on 12 June ("The stream lasted all day"); "Donations can be made
# now via the direct link: https://12june.online/". The seed gives no year, so no end date.
SEED_FACTS = {
    "you-are-not-alone-marathon": {"ended": True, "website": "https://12june.online/"},
}

# An account that does not exist: ISO 13616's example IBAN, shown with an "example" warning.
EXAMPLE_ACCOUNT = {
    "kind": PaymentMethod.Kind.BANK_TRANSFER,
    "account_holder": "Example account (demo data)",
    "iban": "DE89370400440532013000",
    "currencies": "EUR",
    "is_example": True,
    "name": {
        "en": "Bank transfer (example account)",
        "ru": "Банковский перевод (пример счёта)",
        "de": "Überweisung (Beispielkonto)",
        "fr": "Virement bancaire (compte d'exemple)",
    },
}


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1


class FundsDemoLoader:
    def __init__(self, *, refresh: bool = False) -> None:
        self.refresh = refresh
        self.report = LoadReport()
        self.data = json.loads(SEEDS_FILE.read_text(encoding="utf-8"))
        self.seeds = {item["key"]: item for item in self.data.get("sources", [])}
        self._sources: dict[str, Source] = {}

    def source(self, key: str) -> Source:
        """The seed's Source, looked up by its title (created if the registry loader has not run)."""
        if key not in self._sources:
            item = self.seeds[key]
            source = (
                Source.objects.filter(title=item["title"], locator=item.get("locator", ""))
                .order_by("pk")
                .first()
                or Source.objects.filter(title=item["title"]).order_by("pk").first()
            )
            if source is None:
                source = Source.objects.create(
                    title=item["title"],
                    kind=item.get("kind", Source.Kind.WEB),
                    publisher=item.get("publisher", ""),
                    url=item.get("url", ""),
                    locator=item.get("locator", ""),
                )
            self._sources[key] = source
        return self._sources[key]

    def load(self) -> LoadReport:
        with transaction.atomic():
            campaigns = {}
            for item in self.data.get("campaigns", []):
                campaigns[item["source"], item["slug"]] = self.load_campaign(item)
            for item in self.data.get("campaigns", []):
                if item.get("raised_amount"):
                    self.load_raised(item, campaigns[item["source"], item["slug"]])
            for item in self.data.get("aggregate_figures", []):
                self.load_figure(item)
            self.load_example_account()
        return self.report

    def load_example_account(self) -> None:
        method = PaymentMethod.objects.filter(is_example=True).first()
        if not self._should_write(method is not None):
            return
        created = method is None
        method = method or PaymentMethod()
        for field_name, value in EXAMPLE_ACCOUNT.items():
            if field_name != "name":
                setattr(method, field_name, value)
        for language, name in EXAMPLE_ACCOUNT["name"].items():
            setattr(method, f"name_{language}", name)
        method.full_clean()
        method.save()
        if created:
            self.report.count("example ways to give")

    def _should_write(self, exists: bool) -> bool:
        return not exists or self.refresh

    def load_campaign(self, item: dict) -> Campaign:
        campaign = Campaign.objects.filter(slug=item["slug"]).first()
        if campaign and not self.refresh:
            return campaign
        campaign = campaign or Campaign(slug=item["slug"])
        for language in LANGUAGES:
            if item.get(f"title_{language}"):
                setattr(campaign, f"title_{language}", item[f"title_{language}"])
            if item.get(f"description_{language}"):
                setattr(campaign, f"summary_{language}", item[f"description_{language}"])
        campaign.purpose = item["purpose"]
        campaign.currency = item["currency"]
        goal = item.get("goal_amount")
        campaign.goal_minor = Money.of(goal, item["currency"]).minor if goal else None
        campaign.starts_on = item.get("start") or None
        campaign.ends_on = item.get("end") or None
        for field_name, value in SEED_FACTS.get(item["slug"], {}).items():
            setattr(campaign, field_name, value)
        campaign.publication_state = PublicationState.PUBLISHED
        created = campaign.pk is None
        campaign.full_clean()
        campaign.save()
        campaign.sources.set([self.source(item["source"])])
        if created:
            self.report.count("campaigns")
        return campaign

    def load_raised(self, item: dict, campaign: Campaign) -> None:
        key = f"{item['source']}-{item['slug']}-raised"
        figure = AggregateFigure.objects.filter(key=key).first()
        if not self._should_write(figure is not None):
            return
        created = figure is None
        figure = figure or AggregateFigure(key=key)
        figure.metric = Metric.FUNDS_RAISED
        figure.qualifier = Qualifier.AT_LEAST
        money = Money.of(item["raised_amount"], item["currency"])
        figure.amount_minor, figure.currency = money.minor, money.currency
        figure.campaign = campaign
        for language in LANGUAGES:
            setattr(figure, f"note_{language}", item.get(f"description_{language}", ""))
        figure.full_clean()
        figure.save()
        figure.sources.set([self.source(item["source"])])
        if created:
            self.report.count("sourced figures")

    def load_figure(self, item: dict) -> None:
        rule = FIGURES.get(item["metric"])
        if rule is None:
            return
        key = f"{item['source']}-{item['metric']}".replace("_", "-")
        figure = AggregateFigure.objects.filter(key=key).first()
        if not self._should_write(figure is not None):
            return
        created = figure is None
        figure = figure or AggregateFigure(key=key)
        figure.metric = rule["metric"]
        figure.category = rule.get("category", "")
        figure.qualifier = rule.get("qualifier", Qualifier.EXACT)
        figure.period_start = item.get("period_start") or None
        figure.period_end = item.get("period_end") or None
        if figure.metric in AggregateFigure.MONEY_METRICS:
            money = Money.of(str(item["value"]), rule["currency"])
            figure.amount_minor, figure.currency, figure.count = money.minor, money.currency, None
            equivalent = rule.get("equivalent")
            if equivalent:
                figure.equivalent_minor = equivalent.minor
                figure.equivalent_currency = equivalent.currency
        else:
            figure.count = int(item["value"])
        for language, text in rule.get("label", {}).items():
            setattr(figure, f"label_{language}", text)
        for language in LANGUAGES:
            setattr(figure, f"note_{language}", item.get(f"note_{language}", ""))
        figure.full_clean()
        figure.save()
        figure.sources.set([self.source(item["source"])])
        if created:
            self.report.count("sourced figures")


def demo_load(*, refresh: bool = False) -> LoadReport:
    return FundsDemoLoader(refresh=refresh).load()
