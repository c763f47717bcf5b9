"""Build-time tools of the project itself (not used when secmod runs)."""
