"""
The spoiler audit (`manage.py audit_spoilers`): what the wiki holds and when
the story reveals it (ledger.py), what of it is still secret at a position
(matching.py), and every surface a reader at that position can request
(surfaces.py), checked against each other (run.py).
"""
