"""Curation: accounts, saving, history, workflow and submissions."""
