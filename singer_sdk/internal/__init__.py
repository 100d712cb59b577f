"""Reserved for internal helpers (an empty package, as in the reference library)."""
