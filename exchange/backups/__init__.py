"""
The whole wiki in one archive, and back into an empty site.

An archive is a gzipped tar holding, in this order: the rows of each model as
JSON Lines (`db/<app>.<model>.jsonl`, Django's serialiser, primary keys
kept), every file of the media storage (`media/<name>`), and last
`manifest.json`: the format, the release, the applied migrations, the rows
per model and the SHA-256 of every other member. The manifest comes last so
that nothing has to be held back: each checksum is known once its member is
written. A restore reads the archive twice: once to check it whole, then to
load it.
"""
