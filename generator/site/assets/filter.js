/* Filter a table of the site as the reader types: rows whose text contains every word typed
 * stay visible. A page opts in with an input[data-secmod-filter] placed before the table; the
 * input's data-secmod-status names the element that shows how many rows are shown. */
(function () {
  "use strict";

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(function (w) { return w; });
  }

  document.querySelectorAll("input[data-secmod-filter]").forEach(function (input) {
    var table = Array.prototype.find.call(document.querySelectorAll("table"), function (t) {
      return input.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    var status = document.getElementById(input.getAttribute("data-secmod-status"));
    if (!table || !table.tBodies.length) {
      return;
    }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });

    function apply() {
      var wanted = words(input.value);
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = wanted.every(function (w) { return texts[i].indexOf(w) !== -1; });
        row.hidden = !match;
        shown += match ? 1 : 0;
      });
      if (status) {
        status.textContent = shown + " of " + rows.length + " shown";
      }
    }

    input.addEventListener("input", apply);
    apply();
  });
})();
