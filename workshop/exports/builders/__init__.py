"""What reads a workshop into a ``Synthesis``: the data, consent, and the brief derived from it."""
