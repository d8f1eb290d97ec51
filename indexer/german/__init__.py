"""German language analysis: tokens and index terms, compound splitting, derivation."""
