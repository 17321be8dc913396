"""archive-lint: a data-quality linter for bilingual Urdu and Hindi news-article archives."""

__version__ = "0.1.0"
