"""The checks that keep the text and the rules in step: examples, prose lint, legal text,
rule coverage, and the report ``secmod check`` prints."""
