"""Live preview: the local server and the translation dashboard."""
