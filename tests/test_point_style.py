"""The point renderer as a project keeps it: settings saved and read back, and what another version saved."""

from __future__ import annotations

import pytest

from corridor_gis.point_style import CATEGORIZED, CLUSTER, HEAT_RAMP, HEATMAP, PointStyle, ramp_color, ramp_rgba


@pytest.mark.parametrize(("settings", "expected"), [
    (None, (CATEGORIZED, 24, 56)),
    ({"kind": "heatmap"}, (HEATMAP, 24, 56)),
    ({"kind": "cluster", "cluster_px": 80}, (CLUSTER, 24, 80)),
    ({"kind": "heatmap", "radius_px": "30"}, (HEATMAP, 30, 56)),
    ({"kind": "heatmap", "radius_px": "x"}, (CATEGORIZED, 24, 56)),   # unreadable size: the default style
    ({"kind": "hexbins"}, (CATEGORIZED, 24, 56)),                      # another version's kind
    ({"kind": "cluster", "cluster_px": None}, (CATEGORIZED, 24, 56)),
])
def test_saved_settings_read_back_or_fall_back_to_by_category(settings, expected):
    style = PointStyle.from_settings(settings)
    assert (style.kind, style.radius_px, style.cluster_px) == expected
    assert PointStyle.from_settings(style.settings()) == style


def test_an_unknown_kind_is_refused_when_made():
    with pytest.raises(ValueError, match="unknown point style"):
        PointStyle("hexbins")


def test_the_ramp_runs_from_transparent_to_its_top_colour():
    table = ramp_rgba(256)
    assert table.shape == (256, 4) and table[0, 3] == 0 and table[-1, 3] == pytest.approx(255 * HEAT_RAMP[-1][2])
    assert ramp_color(0.0) == HEAT_RAMP[0][1] and ramp_color(1.0) == HEAT_RAMP[-1][1]
    assert ramp_color(0.3) == HEAT_RAMP[2][1]
