"""The Streamlit UI of Praxisfinder: pages and UI helpers around the `indexer` API."""
