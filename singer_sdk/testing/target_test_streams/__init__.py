"""Files of Singer messages fed to targets by the built-in target tests (one per test)."""
