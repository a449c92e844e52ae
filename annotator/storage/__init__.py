"""The only package that speaks SQL. Schema changes happen only through ``migrations``."""
