"""schema.org data (JSON-LD) for the region and its news, and the canonical URL of a page.

Every URL is absolute, from the canonical address (portalbuild/shared/siteaddress.py).
"""

from __future__ import annotations

import json
import re

from markupsafe import Markup

from portalbuild.shared.siteaddress import site_addresses

# Characters that could end the <script> element or confuse an HTML parser, escaped
# as JSON allows (\\uXXXX), so a title with "</script>" cannot break out.
_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_UNSAFE_RE = re.compile("[<>&\u2028\u2029]")
HEADLINE_LENGTH = 110  # what search engines show of a headline


def jsonld(value) -> Markup:
    """``value`` as JSON for a <script type="application/ld+json"> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(_UNSAFE_RE.sub(lambda match: _UNSAFE[match.group(0)], text))


def canonical_url(output_file: str, canonical: str) -> str:
    """The URL a page is known by: the canonical address + its path, without a trailing index.html."""
    path = re.sub(r"(^|/)index\.html$", r"\1", output_file.replace("\\", "/"))
    return f"{canonical}/{path}"


def organisation(settings: dict) -> dict:
    siteurl = site_addresses(settings).canonical
    org = settings.get("ORGANISATION", {})
    data = {
        "@type": "GovernmentOrganization",
        "@id": f"{siteurl}/#organizacija",
        "name": org.get("name") or settings.get("SITENAME"),
        "alternateName": settings.get("SITE_SHORTNAME"),
        "url": f"{siteurl}/",
        "logo": f"{siteurl}/theme/img/icon-512.png",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": org.get("street"),
            "addressLocality": org.get("city"),
            "postalCode": org.get("postcode"),
            "addressCountry": org.get("country"),
        },
        "email": org.get("email"),
        "telephone": org.get("phone"),
        "identifier": {"@type": "PropertyValue", "propertyID": "Reģistrācijas kods",
                       "value": org.get("registration_code")},
        "sameAs": [url for _, url in settings.get("SOCIAL_ACCOUNTS", [])],
    }
    return _without_empty(data)


def news_article(article, settings: dict, url: str, images: list[str]) -> dict:
    siteurl = site_addresses(settings).canonical
    org_id = f"{siteurl}/#organizacija"
    data = {
        "@type": "NewsArticle",
        "@id": f"{url}#zina",
        "mainEntityOfPage": url,
        "url": url,
        "headline": _cut(" ".join(str(article.title).split()), HEADLINE_LENGTH),  # plain text, as typed
        "description": plain(getattr(article, "summary", "") or ""),
        "datePublished": _iso(article.date),
        "dateModified": _iso(getattr(article, "modified", None) or article.date),
        "image": images,
        "author": [author_entity(str(author), settings, org_id) for author in getattr(article, "authors", [])]
        or [{"@id": org_id}],
        "publisher": {"@id": org_id},
        "inLanguage": getattr(article, "lang", settings.get("DEFAULT_LANG", "lv")),
        "articleSection": str(getattr(article, "category", "") or ""),
        "keywords": [str(tag) for tag in getattr(article, "tags", [])],
    }
    return _without_empty(data)


def breadcrumbs(trail, url: str) -> dict:
    """The page's place in the site, the same steps as its visible breadcrumbs: (name, URL)."""
    return {
        "@type": "BreadcrumbList",
        "@id": f"{url}#atrasanas-vieta",
        "itemListElement": [{"@type": "ListItem", "position": number, "name": plain(name), "item": item}
                            for number, (name, item) in enumerate(trail, start=1)],
    }


def author_entity(name: str, settings: dict, org_id: str) -> dict:
    """An author: a byline in the region's name (a role such as "LPR sabiedrisko attiecību speciālists",
    or a unit) is the organisation's; any other name is a person."""
    org_names = (settings.get("SITE_SHORTNAME") or "", settings.get("ORGANISATION", {}).get("name") or "")
    if any(part and part in name for part in org_names):
        return {"@type": "Organization", "name": name, "parentOrganization": {"@id": org_id}}
    return {"@type": "Person", "name": name}


_HIDDEN = re.compile(r'<span class="lpr-visually-hidden"[^>]*>.*?</span>', re.DOTALL)


def plain(html_text) -> str:
    """Text a reader sees: tags and visually hidden hints ("(ārēja saite)") removed."""
    return " ".join(Markup(_HIDDEN.sub("", str(html_text))).striptags().split())


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[:length - 1].rsplit(" ", 1)[0] + "…"


def _iso(value) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _without_empty(data):
    if isinstance(data, dict):
        return {k: _without_empty(v) for k, v in data.items() if v not in (None, "", [], {})}
    return data
