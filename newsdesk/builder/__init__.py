"""Stage 5, build: plan the outputs and their keys, cache, render in workers, write and publish."""
