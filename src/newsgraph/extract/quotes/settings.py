"""The quote extractor's one setting, read from the environment once, at import.

``GROUPING`` (``NEWSGRAPH_QUOTE_GROUPING``, default ``interrupted``): how quoted pieces by one speaker
are grouped into Quote records:
  ``split``        every quoted stretch is its own quote (a paragraph, or a piece of an interrupted quote);
  ``interrupted``  “A,” he said. “B.” is one quote with two segments, and so is a quote left open at a
                   paragraph end that continues in the next paragraph; other pieces stay apart;
  ``attribution``  every piece that takes its speaker from the quote before it (same paragraph,
                   continuation paragraph, or the next paragraph) joins that quote as a segment:
                   one record per act of attribution, as attribution corpora annotate it.
The rules read it as ``settings.GROUPING`` when they run, so a test may set it on this module.
"""
from __future__ import annotations

import os

GROUPING = os.environ.get("NEWSGRAPH_QUOTE_GROUPING", "interrupted")
