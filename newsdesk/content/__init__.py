"""Stage 1, content: content files read into Documents (YAML front matter, Markdown blocks, inline markup)."""
