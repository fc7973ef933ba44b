from django.urls import path

from unheard.publishing import feeds, views

app_name = "publishing"


def both(route: str, feed, name: str) -> list:
    """The RSS 2.0 address `<route>.rss` and the Atom one `<route>.atom`."""
    return [
        path(f"{route}.rss", feed(), name=f"{name}_rss"),
        path(f"{route}.atom", feeds.atom(feed)(), name=f"{name}_atom"),
    ]


urlpatterns = [
    path("news/", views.news_list, name="news_list"),
    *both("news/feed", feeds.NewsFeed, "feed"),
    *both("news/feed-all-languages", feeds.AllLanguagesNewsFeed, "feed_all"),
    *both("news/days/<str:day>/feed", feeds.ActionDayFeed, "day_feed"),
    path("news/<slug:slug>/", views.news_detail, name="news_detail"),
    *both("people/<slug:slug>/feed", feeds.PersonFeed, "person_feed"),
    *both("cases/<slug:slug>/feed", feeds.CaseFeed, "case_feed"),
    *both("regions/<slug:slug>/feed", feeds.RegionFeed, "region_feed"),
    path("alerts/", views.follow, name="follow"),
    path("alerts/sent/", views.follow_sent, name="follow_sent"),
    path("alerts/confirm/<str:token>/", views.confirm, name="confirm"),
    path("alerts/manage/<str:token>/", views.manage, name="manage"),
    path("alerts/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
