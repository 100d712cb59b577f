"""Optional and contributed components."""
