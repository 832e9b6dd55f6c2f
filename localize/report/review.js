// Filter and sort the entries of a review page; no server, no network, no inline handlers.
(function () {
  "use strict";
  var table = document.getElementById("entries");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var state = document.getElementById("filter-state");
  var findings = document.getElementById("filter-findings");
  var sort = document.getElementById("sort");
  var count = document.getElementById("shown");

  function confidence(row) {
    var c = row.getAttribute("data-confidence");
    return c === "" ? 2 : parseFloat(c);  // no score (reviewed, memory) sorts last
  }
  var keys = {
    order: function (row) { return parseInt(row.getAttribute("data-order"), 10); },
    confidence: confidence,
    findings: function (row) { return -parseInt(row.getAttribute("data-findings"), 10); },
    state: function (row) { return row.getAttribute("data-state"); }
  };

  function apply() {
    var wanted = state.value;
    var onlyFindings = findings.checked;
    var key = keys[sort.value] || keys.order;
    var sorted = rows.slice().sort(function (a, b) {
      var x = key(a), y = key(b);
      if (x < y) { return -1; }
      if (x > y) { return 1; }
      return keys.order(a) - keys.order(b);
    });
    var shown = 0;
    sorted.forEach(function (row) {
      var ok = (wanted === "all" || row.getAttribute("data-state") === wanted ||
                (wanted === "fuzzy-any" && row.getAttribute("data-fuzzy") === "1")) &&
               (!onlyFindings || row.getAttribute("data-findings") !== "0");
      row.classList.toggle("hidden", !ok);
      if (ok) { shown += 1; }
      body.appendChild(row);
    });
    count.textContent = shown + " of " + rows.length + " shown";
  }

  state.addEventListener("change", apply);
  findings.addEventListener("change", apply);
  sort.addEventListener("change", apply);
  apply();
}());
