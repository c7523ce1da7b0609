"""Stock language: the mined phrase bank (`bank`) and the seeded choice among it (`picker`).

Templates call the picker's helpers; the template loader (drafter.templates) knows
nothing of phrases beyond handing the helpers to the render."""

from drafter.phrasing.bank import Phrase, PhraseBank, load_phrase_bank, load_structures
from drafter.phrasing.picker import PhrasePicker

__all__ = ["Phrase", "PhraseBank", "PhrasePicker", "load_phrase_bank", "load_structures"]
