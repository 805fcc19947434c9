/* The heatmap and cluster layers of the briefing (corridor_gis/export/point_layers.py), as the app draws them
   (corridor_gis/app/point_styles.py). Both read a list's merged entries (lon, lat, weight w, category cat)
   and draw on a canvas in the pane 'cgPoints', under the zone borders (Leaflet's overlay pane), like a long
   list's density image. Inlined into the page only when a list is drawn in one of these styles. */
(function () {
  'use strict';
  function pointPane(map) {
    var p = map.getPane('cgPoints') || map.createPane('cgPoints');
    p.style.zIndex = '350'; p.style.pointerEvents = 'none';
    return p;
  }

  if (L.HeatLayer) {
    /* Leaflet.heat with the app's colour ramp (opacity too) and its relative scale: the ramp's top is the
       99.5th percentile of the heat cells in view, so one very dense spot does not wash out the rest. */
    L.CgHeat = L.HeatLayer.extend({
      onAdd: function (map) {
        L.HeatLayer.prototype.onAdd.call(this, map);
        pointPane(map).appendChild(this._canvas);  // Leaflet.heat puts it above the zone borders
      },
      onRemove: function (map) {
        map.getPanes().overlayPane.appendChild(this._canvas);  // where Leaflet.heat takes it from
        L.HeatLayer.prototype.onRemove.call(this, map);
      },
      _initCanvas: function () {
        L.HeatLayer.prototype._initCanvas.call(this);
        var heat = this._heat, ramp = this.options.ramp, setData = heat.data;
        heat.data = function (cells) {
          var v = cells.map(function (c) { return c[2]; }).sort(function (a, b) { return a - b; });
          heat._max = v.length ? Math.max(v[Math.min(v.length - 1, Math.floor(0.995 * v.length))], 1e-9) : 1;
          return setData.call(heat, cells);
        };
        heat._colorize = function (px) {
          // each pixel's heat (its alpha) through the app's ramp, stretched so that the hottest pixel in view
          // takes the ramp's top, as the app's densest cell does (the blurred kernels seldom sum to 1)
          var top = 0, i, j;
          for (i = 3; i < px.length; i += 4) { if (px[i] > top) { top = px[i]; } }
          for (i = 3; i < px.length; i += 4) {
            if (px[i]) {
              j = Math.max(1, Math.round(px[i] * 255 / top)) * 4;
              px[i - 3] = ramp[j]; px[i - 2] = ramp[j + 1]; px[i - 1] = ramp[j + 2]; px[i] = ramp[j + 3];
            }
          }
        };
      }
    });
    L.cgHeat = function (ds) {
      var d = ds.weighted, pts = new Array(d.lon.length);
      for (var i = 0; i < pts.length; i++) { pts[i] = [d.lat[i], d.lon[i], d.w[i]]; }
      // kernel: a disc blurred to the app's reach (radius_px); a max never reached (the scale is set per view
      // above, which also cancels Leaflet.heat's weighting by zoom). No maxZoom option: the layer control
      // greys out a layer whose maxZoom is below the map's zoom
      var r = ds.style.radius_px, disc = Math.max(1, Math.round(r / 4));
      return new L.CgHeat(pts, {radius: disc, blur: r - disc, max: 1e15, minOpacity: 0.02, ramp: ds.style.ramp});
    };
  }

  /* A cluster's count in a few characters, as the app writes it: 875, 1,234, 1.2万 */
  function compact(n) {
    if (n < 1000) { return String(n); }
    if (n < 10000) { return n.toLocaleString('en-US'); }
    return String(parseFloat((n / 10000).toPrecision(3))) + '万';
  }

  /* Grid clusters recomputed at each view: cells of cluster_px screen pixels anchored to the world's pixel
     grid (so panning moves no cluster), one circle per cell at the mean position of its points, sized by
     the log of their number and labelled with it; a point alone in its cell drawn as itself. A click on a
     circle zooms in on it. */
  L.CgClusters = L.Layer.extend({
    initialize: function (ds) {
      this._ds = ds;
      this.drawn = {clusters: [], singles: 0};  // what the last view showed (for tests and the console)
    },
    onAdd: function (map) {
      var d = this._ds.weighted;
      this._map = map;
      if (!this._x) {  // world pixels at zoom 0, once
        this._x = new Float64Array(d.lon.length); this._y = new Float64Array(d.lon.length);
        for (var i = 0; i < d.lon.length; i++) {
          var p = map.project([d.lat[i], d.lon[i]], 0); this._x[i] = p.x; this._y[i] = p.y;
        }
      }
      this._canvas = L.DomUtil.create('canvas', 'leaflet-layer leaflet-zoom-hide cg-clusters', pointPane(map));
      map.on('moveend', this._reset, this);
      // the container's own click: a click on a zone (the canvas above) never reaches the map's 'click'
      L.DomEvent.on(map.getContainer(), 'click', this._click, this);
      this._reset();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off('moveend', this._reset, this);
      L.DomEvent.off(map.getContainer(), 'click', this._click, this);
    },
    _cluster: function () {
      var map = this._map, zoom = map.getZoom(), scale = Math.pow(2, zoom), size = map.getSize();
      var cell = this._ds.style.cluster_px, d = this._ds.weighted;
      var o = map.containerPointToLayerPoint([0, 0]).add(map.getPixelOrigin());  // world px of the corner
      var x0 = o.x - cell, y0 = o.y - cell, x1 = o.x + size.x + cell, y1 = o.y + size.y + cell;
      var cells = new Map();
      for (var i = 0; i < d.w.length; i++) {
        var x = this._x[i] * scale, y = this._y[i] * scale;
        if (x < x0 || x >= x1 || y < y0 || y >= y1) { continue; }
        var key = Math.floor(x / cell) * 16777216 + Math.floor(y / cell), c = cells.get(key), w = d.w[i];
        if (!c) { cells.set(key, {n: w, sx: w * x, sy: w * y, first: i}); } else { c.n += w; c.sx += w * x; c.sy += w * y; }
      }
      var clusters = [], singles = [];
      cells.forEach(function (c) {
        var x = c.sx / c.n - o.x, y = c.sy / c.n - o.y;  // container pixels
        if (c.n === 1) { singles.push([x, y, d.cat[c.first]]); } else {
          clusters.push({x: x, y: y, n: c.n, r: Math.min(cell * 0.45, 9 + 4 * Math.log10(c.n))});
        }
      });
      return {clusters: clusters, singles: singles};
    },
    _reset: function () {
      var map = this._map, size = map.getSize(), canvas = this._canvas, ratio = window.devicePixelRatio || 1;
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      canvas.width = Math.round(size.x * ratio); canvas.height = Math.round(size.y * ratio);
      canvas.style.width = size.x + 'px'; canvas.style.height = size.y + 'px';
      var ctx = canvas.getContext('2d'), ds = this._ds, st = ds.style, got = this._cluster();
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      var dot = ds.radius / 2 + 1;
      ctx.globalAlpha = 0.85;
      got.singles.forEach(function (s) {
        ctx.fillStyle = ds.colors[s[2]]; ctx.beginPath(); ctx.arc(s[0], s[1], dot, 0, 2 * Math.PI); ctx.fill();
      });
      ctx.globalAlpha = 1;
      ctx.fillStyle = st.fill; ctx.strokeStyle = st.outline; ctx.lineWidth = 1.5;
      got.clusters.forEach(function (c) {
        ctx.beginPath(); ctx.arc(c.x, c.y, c.r, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
      });
      ctx.fillStyle = st.text; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
      ctx.font = 'bold 11px "Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif';
      got.clusters.forEach(function (c) { ctx.fillText(compact(c.n), c.x, c.y + 0.5); });
      this.drawn = {clusters: got.clusters, singles: got.singles.length};
    },
    _click: function (e) {
      var map = this._map, p = map.mouseEventToContainerPoint(e);
      if (map.dragging && map.dragging.moved()) { return; }  // the end of a drag, not a click
      var hit = this.drawn.clusters.filter(function (c) { return Math.hypot(c.x - p.x, c.y - p.y) <= c.r; })[0];
      if (!hit) { return; }
      map.closePopup();  // the zone under the circle opened its popup first
      map.setView(map.containerPointToLatLng([hit.x, hit.y]), Math.min(map.getZoom() + 2, map.getMaxZoom()));
    }
  });
  L.cgClusters = function (ds) { return new L.CgClusters(ds); };
})();
