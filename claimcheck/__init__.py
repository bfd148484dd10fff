"""claimcheck: a content linter and medical-claims checker for cancer immunotherapy articles."""

__version__ = "0.1.0"
