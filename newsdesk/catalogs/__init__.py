"""Stage 2, catalogs: the PO format (one reader, one writer), loading a site's catalogs, merging, the glossary."""
