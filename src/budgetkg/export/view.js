// budgetkg interactive graph view: pan, zoom, search, click a node for its details.
// Every text from the graph reaches the page through textContent (never innerHTML), and labels
// are drawn on the canvas by Cytoscape, so a label is always shown as text.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("bkg-data").textContent);
  var PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#7f7f7f", "#393b79", "#ad494a", "#637939", "#8c6d31", "#7b4173"];
  var HIDDEN = { id: 1, name: 1, label: 1 };

  function el(tag, text, attrs) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (attrs) Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  // Colours by type, in the order of the sorted type list (stable per view), one per type: the
  // palette while it lasts, else hues spread evenly round the wheel at two lightnesses.
  var types = Array.from(new Set(data.elements.nodes.map(function (n) { return n.data.type; }))).sort();
  var colour = {};
  types.forEach(function (t, i) {
    colour[t] = types.length <= PALETTE.length ? PALETTE[i]
      : "hsl(" + Math.round(i * 360 / types.length) + ", 65%, " + (i % 2 ? 38 : 55) + "%)";
  });

  // Node size from amount (square root, relative to the largest amount of the same unit).
  var maxByUnit = {};
  data.elements.nodes.forEach(function (n) {
    var d = n.data;
    if (typeof d.amount === "number" && d.amount > 0) {
      maxByUnit[d.unit] = Math.max(maxByUnit[d.unit] || 0, d.amount);
    }
  });
  data.elements.nodes.forEach(function (n) {
    var d = n.data, size = 14;
    if (typeof d.amount === "number" && d.amount > 0 && maxByUnit[d.unit]) {
      size = 14 + 46 * Math.sqrt(d.amount / maxByUnit[d.unit]);
    }
    d._size = size;
    d._colour = colour[d.type] || "#999";
  });

  var big = data.elements.nodes.length > 1200;
  var cy = cytoscape({
    container: document.getElementById("cy"),
    elements: data.elements,
    wheelSensitivity: 0.3,
    minZoom: 0.02,
    maxZoom: 8,
    style: [
      { selector: "node", style: {
        "background-color": "data(_colour)", "width": "data(_size)", "height": "data(_size)",
        "label": "data(label)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 2,
        "min-zoomed-font-size": big ? 9 : 6, "text-wrap": "ellipsis", "text-max-width": 160,
        "font-family": "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif" } },
      { selector: "edge", style: {
        "width": 1, "line-color": "#bbb", "target-arrow-color": "#bbb",
        "target-arrow-shape": big ? "none" : "triangle", "arrow-scale": 0.6,
        "curve-style": big ? "haystack" : "bezier", "opacity": 0.7 } },
      { selector: "edge[weight]", style: { "width": "mapData(weight, 0, 1, 1, 6)" } },
      { selector: ".faded", style: { "opacity": 0.12 } },
      { selector: ".match", style: { "border-width": 3, "border-color": "#000", "z-index": 10 } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#e01b24",
        "z-index": 20 } }
    ],
    layout: { name: "preset" }
  });

  var state = { cy: cy, ready: false, selected: null, matches: [], colours: colour };
  window.budgetkgView = state;

  document.getElementById("counts").textContent =
    cy.nodes().length + " nodes · " + cy.edges().length + " edges";
  if (data.graph && data.graph.note) document.getElementById("note").textContent = data.graph.note;

  var legend = document.getElementById("legend");
  types.forEach(function (t) {
    var item = el("span", t);
    item.style.setProperty("--c", colour[t]);
    legend.appendChild(item);
  });

  function formatValue(key, value) {
    if (typeof value === "number" && (key === "amount" || key === "basic" || key === "project" ||
        key === "implementation_amount")) {
      return value.toLocaleString("zh-CN", { maximumFractionDigits: 2 });
    }
    return value;
  }

  function showDetails(node) {
    var box = document.getElementById("details");
    box.textContent = "";
    var d = node.data();
    box.appendChild(el("h2", d.label, { id: "details-label" }));
    var table = el("table", null, { id: "details-table" });
    var keys = Object.keys(d).filter(function (k) { return !HIDDEN[k] && k.charAt(0) !== "_"; }).sort();
    ["type", "amount", "unit"].reverse().forEach(function (k) {
      var i = keys.indexOf(k);
      if (i >= 0) { keys.splice(i, 1); keys.unshift(k); }
    });
    keys.forEach(function (k) {
      var tr = el("tr");
      tr.appendChild(el("th", k));
      tr.appendChild(el("td", formatValue(k, d[k])));
      table.appendChild(tr);
    });
    box.appendChild(table);
    var links = node.connectedEdges();
    box.appendChild(el("h2", "Links (" + links.length + ")"));
    var list = el("ul", null, { id: "details-links" });
    links.slice(0, 200).forEach(function (e) {
      var out = e.source().id() === node.id();
      var other = out ? e.target() : e.source();
      var li = el("li", (out ? "→ " : "← ") + e.data("relation") + " ");
      var button = el("button", other.data("label"), { type: "button" });
      button.addEventListener("click", function () { select(other); });
      li.appendChild(button);
      list.appendChild(li);
    });
    if (links.length > 200) list.appendChild(el("li", "… " + (links.length - 200) + " more"));
    box.appendChild(list);
  }

  function select(node) {
    cy.elements().unselect();
    node.select();
    state.selected = node.id();
    showDetails(node);
    var p = node.renderedPosition();
    if (p.x < 0 || p.y < 0 || p.x > cy.width() || p.y > cy.height()) {
      cy.animate({ center: { eles: node } }, { duration: 200 });
    }
  }

  cy.on("tap", "node", function (evt) { select(evt.target); });

  function search(text) {
    var q = text.trim().toLowerCase();
    cy.elements().removeClass("faded match");
    var status = document.getElementById("search-status");
    if (!q) { status.textContent = ""; state.matches = []; return cy.collection(); }
    var hits = cy.nodes().filter(function (n) {
      var d = n.data();
      return [d.label, d.code, d.iri, d.type].some(function (v) {
        return v !== undefined && v !== null && String(v).toLowerCase().indexOf(q) >= 0;
      });
    });
    cy.elements().addClass("faded");
    hits.removeClass("faded").addClass("match");
    hits.connectedEdges().removeClass("faded");
    state.matches = hits.map(function (n) { return n.id(); });
    status.textContent = hits.length + (hits.length === 1 ? " match" : " matches");
    return hits;
  }

  var input = document.getElementById("search");
  input.addEventListener("input", function () { search(input.value); });
  input.addEventListener("keydown", function (evt) {
    if (evt.key === "Enter") {
      var hits = search(input.value);
      if (hits.length === 1) {  // one match: centre it at a readable zoom, not the maximum
        cy.animate({ center: { eles: hits }, zoom: Math.max(cy.zoom(), 1.5) }, { duration: 250 });
      } else if (hits.length) {
        cy.animate({ fit: { eles: hits, padding: 60 } }, { duration: 250 });
      }
      if (hits.length) select(hits[0]);
    } else if (evt.key === "Escape") {
      input.value = "";
      search("");
    }
  });

  var layout = cy.layout(big
    ? { name: "concentric", concentric: function (n) { return n.degree(); },
        levelWidth: function () { return 2; }, animate: false, minNodeSpacing: 4 }
    : { name: "cose", animate: false, randomize: true, nodeRepulsion: function () { return 8000; },
        idealEdgeLength: function () { return 60; }, numIter: 1000 });
  layout.one("layoutstop", function () {
    cy.fit(undefined, 30);
    state.ready = true;
    document.body.setAttribute("data-ready", "true");
  });
  layout.run();
})();
