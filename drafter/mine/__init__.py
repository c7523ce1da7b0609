"""Mining: section roles, document skeletons and the stock-phrase bank.

- `roles`: the taxonomy of section roles and `classify_heading`.
- `structures`: skeletons per document type (`mine_structures`).
- `phrases`: the stock-phrase bank (`mine_phrases`, `verify_phrase`, `search_phrases`).

All functions are pure: they take `model.Document` values and return JSON-ready
dicts with sorted, deterministic content.
"""

from __future__ import annotations

__all__ = ["phrases", "roles", "structures"]
