"""Moderation: who is established, patrol of newcomers' edits, blocks and the
link blocklist. Services here log what they do (wiki.logs) in the
transaction of the action."""
