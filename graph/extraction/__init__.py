"""Extraction, stage by stage: parsing (spaCy's English pipeline with the graph's own names before its NER),
mentions, linking, values (numbers, money, dates), facts and quotations. Each module does one job; the rules they
read are data in ``graph/rules/``."""
