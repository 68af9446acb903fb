"""newsdesk: one story, three languages, a static site and PDF briefs."""

__version__ = "0.1.0"
