"""Layer styles shared by the app, the HTML export and the print layouts (layers/styles.json + the plan's
colours): one source, so a city is the same colour on every face."""

from __future__ import annotations

from corridor_gis.plan import CATEGORIES, CITIES, OTHER_CATEGORY_COLOUR
from corridor_gis.styles import layer_order, style_for


def test_cities_and_categories_take_the_plans_colours():
    assert style_for("cities").fill_by_id == {c.id: c.colour for c in CITIES}
    dataset = style_for("dataset")
    assert all(dataset.fill_for(category=c.id) == c.colour for c in CATEGORIES)
    assert dataset.fill_for(category="孵化器") == dataset.fill  # an unknown label: the layer's own colour
    assert dataset.fill_by_category["other"] == OTHER_CATEGORY_COLOUR


def test_an_unknown_layer_key_is_drawn_as_a_dataset():
    assert style_for("dataset:我的名单").fill_by_category == style_for("dataset").fill_by_category


def test_drawing_order_puts_the_basemap_first_and_zones_above_the_points():
    order = layer_order()
    assert order[0] == "basemap_city"
    assert order.index("dataset") < order.index("cities")


def test_styles_are_fresh_copies():
    """Changing a layer's colour in the layer panel must not change another layer's (or the export's)."""
    a = style_for("cities")
    a.fill = "#000000"
    assert style_for("cities").fill != "#000000"


def test_the_osm_subdistricts_show_only_zoomed_in_and_carry_their_attribution():
    s = style_for("basemap_subdistricts")
    assert s.max_scale and s.max_scale <= 200_000
    assert s.attribution == "© OpenStreetMap contributors (ODbL)"
