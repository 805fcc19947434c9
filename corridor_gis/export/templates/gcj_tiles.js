/* corridor-gis: tile basemaps for the HTML briefing map (our own code, part of corridor-gis).
 *
 * CorridorTiles.gcjFromWgs / wgsFromGcj: the public GCJ-02 formula, ported operation by operation from
 * corridor_gis/crs.py (_gcj_delta, _invert) so that the browser places Amap/Tencent tiles exactly where the
 * desktop app does; tests/export/test_html_tiles.py checks the port against Python at many points.
 *
 * L.CorridorTiles (a Leaflet GridLayer): for each web-mercator tile Leaflet asks for, it finds the source
 * tiles covering it and draws them on a canvas.  A GCJ-02 source tile's pixel grid is linear in web-mercator
 * metres of GCJ-02 lon/lat, so the place shown at GCJ (lon, lat) is wgsFromGcj(lon, lat): the tile is cut
 * into cells x cells (4 at z <= 10, 2 at z 11-13, 1 from z 14, as corridor_gis.tiles.grid_cells), the mesh
 * nodes are placed on their WGS84 positions and each cell is drawn with an affine transform (drawImage).
 * Images are padded by one repeated edge pixel and cells drawn half a source pixel larger, so no seams.
 * Sources are either a URL template (online) or embedded tiles ({"z/x/y": "data:..."}; never a request):
 * a missing embedded tile is drawn from a lower zoom's tile when one is embedded, else simply not drawn.
 */
(function (root) {
  'use strict';
  var A = 6378245.0, EE = 0.00669342162296594323, PI = Math.PI, MAX_LAT = 85.0511287798066;

  function outOfChina(lon, lat) {
    return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
  }

  // corridor_gis.crs._gcj_delta, same operations in the same order
  function gcjDelta(lon, lat) {
    if (outOfChina(lon, lat)) { return [0.0, 0.0]; }
    var x = lon - 105.0, y = lat - 35.0, sx = Math.sqrt(Math.abs(x));
    var common = (20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0 / 3.0;
    var dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sx + common;
    dlat += (20.0 * Math.sin(y * PI) + 40.0 * Math.sin(y / 3.0 * PI)) * 2.0 / 3.0;
    dlat += (160.0 * Math.sin(y / 12.0 * PI) + 320.0 * Math.sin(y * PI / 30.0)) * 2.0 / 3.0;
    var dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sx + common;
    dlon += (20.0 * Math.sin(x * PI) + 40.0 * Math.sin(x / 3.0 * PI)) * 2.0 / 3.0;
    dlon += (150.0 * Math.sin(x / 12.0 * PI) + 300.0 * Math.sin(x / 30.0 * PI)) * 2.0 / 3.0;
    var radlat = lat / 180.0 * PI, s = Math.sin(radlat);
    var magic = 1.0 - EE * (s * s), sqrtmagic = Math.sqrt(magic);
    dlat = (dlat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrtmagic) * PI);
    dlon = (dlon * 180.0) / (A / sqrtmagic * Math.cos(radlat) * PI);
    return [dlon, dlat];
  }

  function gcjFromWgs(lon, lat) {
    var d = gcjDelta(lon, lat);
    return [lon + d[0], lat + d[1]];
  }

  // corridor_gis.crs._invert: fixed-point iteration to < 1e-9 degrees, at most 10 steps
  function wgsFromGcj(lon, lat) {
    var f = gcjFromWgs(lon, lat), x = 2.0 * lon - f[0], y = 2.0 * lat - f[1];
    for (var i = 0; i < 10; i++) {
      f = gcjFromWgs(x, y);
      var rx = lon - f[0], ry = lat - f[1];
      x = x + rx; y = y + ry;
      if (Math.abs(rx) < 1e-9 && Math.abs(ry) < 1e-9) { break; }
    }
    return [x, y];
  }

  // corridor_gis.tiles.lonlat_to_tile / tile_to_lonlat (fractional web-mercator tile coordinates)
  function lonlatToTile(lon, lat, z) {
    var n = Math.pow(2, z);
    lat = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
    return [(lon + 180.0) / 360.0 * n, (1.0 - Math.asinh(Math.tan(lat * PI / 180.0)) / PI) / 2.0 * n];
  }

  function tileToLonlat(x, y, z) {
    var n = Math.pow(2, z);
    return [x / n * 360.0 - 180.0, Math.atan(Math.sinh(PI * (1.0 - 2.0 * y / n))) * 180.0 / PI];
  }

  function gridCells(z) { return z <= 10 ? 4 : (z <= 13 ? 2 : 1); }

  /* The source tiles that cover web-mercator tile (z, x, y) and where their mesh nodes fall on it:
   * [{x, y, cells, nodes: [[px, py], ...] rows north to south}], px in tile pixels (0..size). */
  function placements(crs, z, x, y, size) {
    if (crs !== 'gcj02') {
      return [{x: x, y: y, cells: 1, nodes: [[0, 0], [size, 0], [0, size], [size, size]]}];
    }
    var corners = [tileToLonlat(x, y, z), tileToLonlat(x + 1, y + 1, z)];
    var t0 = [Infinity, Infinity], t1 = [-Infinity, -Infinity];
    [[0, 0], [1, 0], [0, 1], [1, 1]].forEach(function (c) {
      var g = gcjFromWgs(corners[c[0]][0], corners[c[1]][1]), t = lonlatToTile(g[0], g[1], z);
      t0 = [Math.min(t0[0], t[0]), Math.min(t0[1], t[1])];
      t1 = [Math.max(t1[0], t[0]), Math.max(t1[1], t[1])];
    });
    var n = Math.pow(2, z), margin = 0.01, out = [], cells = gridCells(z);
    var x0 = Math.max(0, Math.floor(t0[0] - margin)), x1 = Math.min(n - 1, Math.floor(t1[0] + margin));
    var y0 = Math.max(0, Math.floor(t0[1] - margin)), y1 = Math.min(n - 1, Math.floor(t1[1] + margin));
    for (var sy = y0; sy <= y1; sy++) {
      for (var sx = x0; sx <= x1; sx++) {
        var nodes = [];
        for (var r = 0; r <= cells; r++) {
          for (var c = 0; c <= cells; c++) {
            var g = tileToLonlat(sx + c / cells, sy + r / cells, z), w = wgsFromGcj(g[0], g[1]);
            var p = lonlatToTile(w[0], w[1], z);
            nodes.push([(p[0] - x) * size, (p[1] - y) * size]);
          }
        }
        out.push({x: sx, y: sy, cells: cells, nodes: nodes});
      }
    }
    return out;
  }

  function tileUrl(src, z, x, y) {
    var subs = src.subdomains || [], s = subs.length ? subs[(x + y) % subs.length] : '';
    var values = {'{z}': z, '{x}': x, '{y}': y, '{-y}': Math.pow(2, z) - 1 - y, '{s}': s,
                  '{TileMatrix}': z, '{TileRow}': y, '{TileCol}': x};
    var url = src.url;
    Object.keys(values).forEach(function (k) { url = url.split(k).join(String(values[k])); });
    return url;
  }

  var api = {gcjFromWgs: gcjFromWgs, wgsFromGcj: wgsFromGcj, lonlatToTile: lonlatToTile,
             tileToLonlat: tileToLonlat, gridCells: gridCells, placements: placements, tileUrl: tileUrl};
  root.CorridorTiles = api;
  if (typeof root.L === 'undefined') { return; }
  var L = root.L;

  // a tile image with a 1-pixel border repeating its edge pixels (the cells overlap into it, see above)
  function padded(img) {
    var w = img.naturalWidth || img.width, h = img.naturalHeight || img.height;
    var c = document.createElement('canvas'), g;
    c.width = w + 2; c.height = h + 2;
    g = c.getContext('2d');
    g.drawImage(img, 1, 1);
    g.drawImage(img, 0, 0, w, 1, 1, 0, w, 1);
    g.drawImage(img, 0, h - 1, w, 1, 1, h + 1, w, 1);
    g.drawImage(c, 1, 0, 1, h + 2, 0, 0, 1, h + 2);
    g.drawImage(c, w, 0, 1, h + 2, w + 1, 0, 1, h + 2);
    return c;
  }

  L.CorridorTiles = L.GridLayer.extend({
    options: {maxCached: 600, fallbackLevels: 6},

    // src: {crs, url?, subdomains?, tiles?: {"z/x/y": dataURI}}
    initialize: function (src, options) {
      L.GridLayer.prototype.initialize.call(this, options);
      this._src = src;
      this._images = new Map();
    },

    // the padded image for source tile z/x/y (a promise; null when it cannot be had)
    _image: function (z, x, y) {
      var key = z + '/' + x + '/' + y, hit = this._images.get(key), self = this;
      if (hit) { return hit; }
      var src = this._src.tiles ? this._src.tiles[key] : tileUrl(this._src, z, x, y);
      var promise = !src ? Promise.resolve(null) : new Promise(function (resolve) {
        var img = new Image();
        img.onload = function () { resolve(padded(img)); };
        img.onerror = function () { resolve(null); };
        img.src = src;
      });
      this._images.set(key, promise);
      if (this._images.size > this.options.maxCached) {
        this._images.delete(this._images.keys().next().value);
      }
      return promise;
    },

    // the image for a source tile and the part of it that is the tile (a lower zoom's when embedded)
    _region: function (z, x, y) {
      var self = this, tiles = this._src.tiles, levels = tiles ? this.options.fallbackLevels : 0, up;
      for (up = 0; up <= Math.min(levels, z); up++) {
        if (!tiles || tiles[(z - up) + '/' + (x >> up) + '/' + (y >> up)]) { break; }
      }
      if (up > Math.min(levels, z)) { return Promise.resolve(null); }
      return this._image(z - up, x >> up, y >> up).then(function (img) {
        if (!img) { return null; }
        var size = (img.width - 2) / Math.pow(2, up), mask = Math.pow(2, up) - 1;
        return {img: img, left: 1 + (x & mask) * size, top: 1 + (y & mask) * size, size: size};
      });
    },

    createTile: function (coords, done) {
      var tile = L.DomUtil.create('canvas', 'leaflet-tile'), size = this.getTileSize();
      var ratio = window.devicePixelRatio || 1, self = this;
      tile.width = Math.round(size.x * ratio); tile.height = Math.round(size.y * ratio);
      var plan = placements(this._src.crs, coords.z, coords.x, coords.y, size.x * ratio);
      Promise.all(plan.map(function (p) { return self._region(coords.z, p.x, p.y); })).then(function (regions) {
        var ctx = tile.getContext('2d');
        ctx.imageSmoothingEnabled = true;
        plan.forEach(function (p, i) { if (regions[i]) { self._draw(ctx, p, regions[i]); } });
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        tile.setAttribute('data-drawn', String(regions.filter(Boolean).length));
        done(null, tile);
      });
      return tile;
    },

    _draw: function (ctx, p, region) {
      var n = p.cells, w = region.size / n, side = n + 1;
      for (var r = 0; r < n; r++) {
        for (var c = 0; c < n; c++) {
          var nw = p.nodes[r * side + c], ne = p.nodes[r * side + c + 1];
          var sw = p.nodes[(r + 1) * side + c], se = p.nodes[(r + 1) * side + c + 1];
          var exx = (ne[0] - nw[0] + se[0] - sw[0]) / (2 * w), exy = (ne[1] - nw[1] + se[1] - sw[1]) / (2 * w);
          var eyx = (sw[0] - nw[0] + se[0] - ne[0]) / (2 * w), eyy = (sw[1] - nw[1] + se[1] - ne[1]) / (2 * w);
          var cx = (nw[0] + ne[0] + sw[0] + se[0]) / 4, cy = (nw[1] + ne[1] + sw[1] + se[1]) / 4;
          var sx = region.left + c * w, sy = region.top + r * w, scx = sx + w / 2, scy = sy + w / 2;
          ctx.setTransform(exx, exy, eyx, eyy, cx - exx * scx - eyx * scy, cy - exy * scx - eyy * scy);
          ctx.drawImage(region.img, sx - 0.5, sy - 0.5, w + 1, w + 1, sx - 0.5, sy - 0.5, w + 1, w + 1);
        }
      }
    }
  });
  L.corridorTiles = function (src, options) { return new L.CorridorTiles(src, options); };
})(typeof window !== 'undefined' ? window : this);
