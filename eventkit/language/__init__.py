"""The language of the documents: catalogues and labels of the fixed words, and dates, times and zone names through Babel (CLDR)."""
