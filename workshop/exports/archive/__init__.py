"""The full archive: every row of a workshop as JSON data, and its restoration elsewhere.

``dump.dump`` reads a workshop's rows into plain JSON values (``values``: dates in ISO 8601,
bytes in base64); ``restore.restore`` writes them back as a new workshop of another
facilitator, with new ids, join code, screen key and participant tokens. The tables are
declared as data (``schema.TABLES``): the columns come from the models, so a column added by a
migration is archived without touching this package.

What is not carried over, and why:
- participants' token hashes: a phone of the old installation must not act in the new one
  (each participant gets a fresh hash of a token nobody holds);
- the facilitator and screen key: the importer owns the copy, and the projector link is new;
- co-writing history: pending Yjs updates are folded into each document's state first;
- the log's retry acknowledgements (``client_id``, ``result``): they answer retries of the old
  installation's phones and hold its ids.
The restored log keeps its seqs and times: the synthesis reads participation over time from it.

Consent holds here as in every format: given the workshop's ``Roster``, ``dump`` writes each
participant who did not agree to be quoted as their pseudonym (P-007), and their name is
replaced in every text and JSON column (event payloads and retry acknowledgements included)
except those ``schema`` declares codes (``Table.verbatim``), in the workshop's title,
question, round questions and group labels, and in each co-written document, whose Yjs state
is rebuilt from its redacted fields. Only words change, never an id: restoring such an
archive gives the same synthesis (the pseudonyms follow join order, which the archive keeps).
The brief as the facilitator curated it (``curations``) travels too, its texts redacted alike;
its keys name the old ids, so a restored workshop's curation finds its elements again by the
automatic text each edit was made from (``builders.workbench``).
There is no unredacted archive: a database backup is how names move as typed.
"""
