"""Escaping for everything a user's data puts into the HTML export.

Leaflet inserts popup/tooltip/layer-control strings as HTML (sanitising is the application's job, Leaflet
#10214) and folium puts some of them into JS template literals. So:
* text for HTML → :func:`html_text` (entities for ``< > & " '`` and for the template-literal
  metacharacters `` ` $ { } \\``);
* data for scripts → :func:`script_json` (JSON with ``< > &`` and U+2028/2029 escaped, so a string can
  never close the ``<script>`` element or break the JS parser).
"""

from __future__ import annotations

import html
import json

_EXTRA = str.maketrans({"`": "&#96;", "$": "&#36;", "{": "&#123;", "}": "&#125;", "\\": "&#92;"})


def html_text(value: object) -> str:
    """Any value → text that shows literally inside HTML and inside a JS template literal."""
    return html.escape("" if value is None else str(value), quote=True).translate(_EXTRA)


def script_json(data: object) -> str:
    """JSON safe to embed inside a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
