(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var panel = document.getElementById("detail");
  var panelBody = document.getElementById("detail-body");
  var form = document.getElementById("filters");
  var shown = document.getElementById("shown");
  var entries = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
  var highlights = Array.prototype.slice.call(document.querySelectorAll("a.hl"));
  var markers = Array.prototype.slice.call(document.querySelectorAll("sup.marker"));

  function ids(element) {
    return (element.getAttribute("data-ids") || "").split(" ").filter(Boolean);
  }

  function visible(id) {
    var entry = document.getElementById(id);
    return Boolean(entry) && !entry.hidden;
  }

  function card(entry) {
    var box = document.createElement("div");
    box.className = "card";
    Array.prototype.forEach.call(entry.childNodes, function (node) {
      box.appendChild(node.cloneNode(true));
    });
    var rule = document.getElementById("rule-" + entry.getAttribute("data-rule"));
    var about = rule && rule.nextElementSibling;
    if (about) {
      Array.prototype.forEach.call(about.querySelectorAll(".explain"), function (node) {
        box.appendChild(node.cloneNode(true));
      });
    }
    return box;
  }

  function show(findingIds) {
    var wanted = findingIds.filter(visible);
    if (!wanted.length) {
      return false;
    }
    panelBody.textContent = "";
    wanted.forEach(function (id) {
      panelBody.appendChild(card(document.getElementById(id)));
    });
    panel.hidden = false;
    return true;
  }

  function hide() {
    panel.hidden = true;
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("a.hl, sup.marker") : null;
    if (!target || target.classList.contains("off")) {
      return;
    }
    if (show(ids(target))) {
      event.preventDefault();
    }
  });
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target.classList && target.classList.contains("hl") && !target.classList.contains("off")) {
      show(ids(target));
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      hide();
    }
  });
  document.getElementById("detail-close").addEventListener("click", hide);

  function checked(name) {
    var values = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name='" + name + "']"), function (box) {
      values[box.value] = box.checked;
    });
    return values;
  }

  function applyFilters() {
    var categories = checked("category");
    var severities = checked("severity");
    var rules = checked("rule");
    var count = 0;
    entries.forEach(function (entry) {
      var on = categories[entry.getAttribute("data-category")] !== false &&
        severities[entry.getAttribute("data-severity")] !== false &&
        rules[entry.getAttribute("data-rule")] !== false;
      entry.hidden = !on;
      count += on ? 1 : 0;
    });
    highlights.forEach(function (highlight) {
      var on = ids(highlight).some(visible);
      highlight.classList.toggle("off", !on);
      if (on) {
        highlight.removeAttribute("tabindex");
      } else {
        highlight.setAttribute("tabindex", "-1");
      }
    });
    markers.forEach(function (marker) {
      marker.hidden = !ids(marker).some(visible);
    });
    shown.textContent = count + " of " + entries.length + " findings shown";
    hide();
  }

  form.addEventListener("change", applyFilters);
  document.getElementById("show-all").addEventListener("click", function () {
    Array.prototype.forEach.call(form.querySelectorAll("input[type='checkbox']"), function (box) {
      box.checked = true;
    });
    applyFilters();
  });
})();
