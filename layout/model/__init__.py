"""The model: the typed values every stage after load reads — the issue
(:mod:`.document`) and the resolved theme (:mod:`.styles`)."""
