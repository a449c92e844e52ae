"""One module per file format. Readers return domain records; writers take them. No SQL here."""
