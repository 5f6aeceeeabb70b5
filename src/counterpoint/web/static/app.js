// counterpoint web: light progressive enhancement only; every page works without it.
(function () {
  "use strict";
  function focusFinding(id) {
    document.querySelectorAll(".focus").forEach(function (el) { el.classList.remove("focus"); });
    if (!id) return;
    document.querySelectorAll("mark[data-findings]").forEach(function (m) {
      if (m.getAttribute("data-findings").split(" ").indexOf(id) >= 0) m.classList.add("focus");
    });
    var f = document.getElementById("f-" + id);
    if (f) f.classList.add("focus");
  }
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest ? ev.target.closest("a.ev-link") : null;
    if (link) {
      focusFinding(link.getAttribute("data-finding"));
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) {   // scroll inside the report column as well as the page
        ev.preventDefault();
        target.scrollIntoView({ block: "center" });
        history.replaceState(null, "", link.getAttribute("href"));
      }
      return;
    }
    var mark = ev.target.closest ? ev.target.closest("mark[data-findings]") : null;
    if (mark) {
      var first = mark.getAttribute("data-findings").split(" ")[0];
      focusFinding(first);
      var f = document.getElementById("f-" + first);
      if (f) f.scrollIntoView({ block: "nearest" });
    }
  });
  var add = document.getElementById("add-block");
  if (add) {
    add.addEventListener("click", function () {
      var blocks = document.getElementById("blocks");
      var all = blocks.querySelectorAll("fieldset.report-block");
      var copy = all[all.length - 1].cloneNode(true);
      copy.querySelectorAll("input, textarea").forEach(function (el) { el.value = ""; });
      copy.querySelector("legend").textContent = "Report " + (all.length + 1);
      blocks.appendChild(copy);
    });
  }
  var toggles = document.getElementById("layer-toggles");
  if (toggles) {
    toggles.addEventListener("change", function (ev) {
      var name = ev.target.getAttribute("data-layer");
      var page = document.getElementById("report-text");
      if (name && page) page.classList.toggle("hide-" + name, !ev.target.checked);
    });
  }
})();
