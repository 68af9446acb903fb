"""The translator's tools: extract, update, check, stats."""
