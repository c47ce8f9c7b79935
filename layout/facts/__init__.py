"""Facts the stages share: character classes and Unicode ranges, units,
print constants.  Plain data and small predicates; this package imports
nothing of the stages (facts <- model <- load <- text <- pages <- render <-
pdfx; check <- facts), so every stage and both checks read the same table.
"""
