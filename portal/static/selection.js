// Progressive enhancement of the client page's file tree: a ticked folder ticks (and locks) what
// is inside it, and the issue form says how many files and bytes the link will cover, warning
// before a large per-file link. Without JavaScript the boxes still submit; the server counts.
(function () {
  "use strict";
  var form = document.getElementById("issue-form");
  var summary = document.getElementById("selection-cover");
  var warning = document.getElementById("large-warning");
  if (!form || !summary) return;
  var boxes = document.querySelectorAll('input[type=checkbox][name=only][form="issue-form"]');
  var totalFiles = Number(form.getAttribute("data-total-files"));
  var totalBytes = Number(form.getAttribute("data-total-bytes"));
  var large = Number(form.getAttribute("data-large"));
  var units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  function bytes(n) {
    var i = 0;
    while (n >= 1024 && i < units.length - 1) {
      n /= 1024;
      i++;
    }
    return (i === 0 ? String(n) : n < 10 ? n.toFixed(1).replace(/\.0$/, "") : String(Math.round(n))) + " " + units[i];
  }
  function files(n) {
    return n + (n === 1 ? " file" : " files");
  }
  function inside(box) {
    var item = box.closest("li");
    return item ? item.querySelectorAll(":scope ul input[type=checkbox][name=only]") : [];
  }
  function mode() {
    var checked = form.querySelector("input[name=mode]:checked");
    return checked ? checked.value : "per-file";
  }
  function update() {
    var count = 0;
    var size = 0;
    var ticked = 0;
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.checked && !box.disabled) ticked++;
      if (box.hasAttribute("data-size") && box.checked) {
        count++;
        size += Number(box.getAttribute("data-size"));
      }
    }
    var text = ticked === 0 ? "Covers the whole folder: " + files(totalFiles) + ", " + bytes(totalBytes) + "." : "Covers " + files(count) + " chosen, " + bytes(size) + ".";
    summary.textContent = text;
    if (warning) warning.hidden = !(mode() === "per-file" && (ticked === 0 ? totalFiles : count) > large);
  }
  for (var i = 0; i < boxes.length; i++) {
    boxes[i].addEventListener("change", function (event) {
      var box = event.target;
      if (box.hasAttribute("data-folder")) {
        var children = inside(box);
        for (var j = 0; j < children.length; j++) {
          children[j].checked = box.checked;
          children[j].disabled = box.checked;
        }
      }
      update();
    });
  }
  // A folder ticked when the page loads (a refused submission shown again) locks its contents too.
  for (var k = 0; k < boxes.length; k++) {
    if (boxes[k].hasAttribute("data-folder") && boxes[k].checked) {
      var inner = inside(boxes[k]);
      for (var m = 0; m < inner.length; m++) {
        inner[m].checked = true;
        inner[m].disabled = true;
      }
    }
  }
  var modes = form.querySelectorAll("input[name=mode]");
  for (var n = 0; n < modes.length; n++) modes[n].addEventListener("change", update);
  update();
})();
