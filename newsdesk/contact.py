"""The media contact a briefing pack's cover gives, per locale, from site.toml:

    [media_contact.ko]
    name = "홍보팀 김지연"
    email = "press@example.kr"
    phone = "+82 2 123 4567"

Every field is optional; a locale without a table has no contact block.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

FIELDS = ("name", "email", "phone")
EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{4,}$")


@dataclass(frozen=True)
class MediaContact:
    name: str = ""
    email: str = ""
    phone: str = ""


def media_contacts(raw: object, locales: tuple[str, ...], line_of: Callable[[str], int | None],
                   report: Callable[[int | None, str], None]) -> dict[str, MediaContact]:
    """The [media_contact.LOCALE] tables, checked: each a table of name, email and phone
    (``line_of``: the line of a locale's table in site.toml)."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        report(line_of(""), "media_contact must be tables [media_contact.LOCALE] of name, email and phone")
        return {}
    contacts = {}
    for locale, table in raw.items():
        line = line_of(locale)
        if locale not in locales:
            report(line, f"media_contact has a table for '{locale}', which is not one of the locales")
            continue
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            report(line, f"media_contact.{locale} must be a table of name, email and phone (text)")
            continue
        unknown = sorted(set(table) - set(FIELDS))
        if unknown:
            report(line, f"media_contact.{locale} has unknown field '{unknown[0]}' (known: {', '.join(FIELDS)})")
        email, phone = table.get("email", "").strip(), table.get("phone", "").strip()
        if email and not EMAIL.match(email):
            report(line, f"media_contact.{locale}.email '{email}' is not an email address")
        if phone and not PHONE.match(phone):
            report(line, f"media_contact.{locale}.phone '{phone}' is not a phone number (digits, spaces, + ( ) . / -)")
        contacts[locale] = MediaContact(table.get("name", "").strip(), email, phone)
    return contacts
