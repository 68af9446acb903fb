"""Stage 4, render: templates, typesetting, pages, site-wide outputs and PDF briefs. Pure: no files written."""
