"""Reading files without stopping at the first problem: one home for Dutch read errors.

Every reader of user files (the kaart's CSV/Excel and HSDS, a saved plan, the meldcode) asks
``Lezer`` for its values; a value that cannot be read becomes a message that names the
file, row and field, so a gemeente fixes the whole file in one go.
"""

from __future__ import annotations


class Ongeldig(ValueError):
    """A value that cannot be read; the message is Dutch and names the value."""
