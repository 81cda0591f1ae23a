// Progressive enhancement of the client page's file tree: a ticked folder ticks (and locks) what
// is inside it, and the issue form says how many files and bytes the link will cover, warning
// before a large per-file link. For a client too big to list whole, folders open in place (their
// entries loaded from /clients/:client/tree) instead of as a page of their own. Without
// JavaScript the boxes still submit, the folder links load pages, and the server counts.
(function () {
  "use strict";
  var form = document.getElementById("issue-form");
  var summary = document.getElementById("selection-cover");
  var warning = document.getElementById("large-warning");
  if (!form || !summary) return;
  var BOXES = 'input[type=checkbox][name=only][form="issue-form"]';
  var totalFiles = Number(form.getAttribute("data-total-files"));
  var totalBytes = Number(form.getAttribute("data-total-bytes"));
  var totalKnown = form.getAttribute("data-total-complete") !== "no";
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
    return item ? item.querySelectorAll(":scope ul " + BOXES) : [];
  }
  function mode() {
    var checked = form.querySelector("input[name=mode]:checked");
    return checked ? checked.value : "per-file";
  }
  function update() {
    var boxes = document.querySelectorAll(BOXES);
    var count = 0;
    var size = 0;
    var ticked = 0;
    var folders = 0;
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (!box.checked) continue;
      if (!box.disabled) ticked++;
      if (box.hasAttribute("data-size")) {
        count++;
        size += Number(box.getAttribute("data-size"));
      } else if (!box.disabled && box.closest("li.tree__lazy")) folders++;
    }
    var text;
    if (ticked === 0) text = totalKnown ? "Covers the whole folder: " + files(totalFiles) + ", " + bytes(totalBytes) + "." : "Covers the whole folder: more than " + totalFiles.toLocaleString("en-US") + " files.";
    else text = "Covers " + files(count) + " chosen, " + bytes(size) + (folders ? ", and everything in " + folders + (folders === 1 ? " folder" : " folders") + " not opened here" : "") + ".";
    summary.textContent = text;
    // A folder not opened here may hold any number of files: the server counts when the form is sent.
    if (warning) warning.hidden = !(mode() === "per-file" && ((ticked === 0 ? totalFiles : count) > large || (ticked === 0 && !totalKnown)));
  }
  function lock(box) {
    var children = inside(box);
    for (var j = 0; j < children.length; j++) {
      children[j].checked = box.checked;
      children[j].disabled = box.checked;
    }
  }
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches(BOXES)) return;
    if (box.hasAttribute("data-folder")) lock(box);
    update();
  });
  // A folder ticked when the page loads (a refused submission shown again) locks its contents too.
  var initial = document.querySelectorAll(BOXES + "[data-folder]:checked");
  for (var k = 0; k < initial.length; k++) lock(initial[k]);
  var modes = form.querySelectorAll("input[name=mode]");
  for (var n = 0; n < modes.length; n++) modes[n].addEventListener("change", update);

  // Folders of a big client open in place, and "More" loads the next entries where it stands.
  function load(url) {
    return fetch(url, { credentials: "same-origin", headers: { accept: "text/html" } }).then(function (response) {
      if (!response.ok) throw new Error("the portal answered " + response.status);
      return response.text();
    });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-load]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    var item = link.closest("li");
    if (item.classList.contains("tree__more")) {
      link.setAttribute("aria-busy", "true");
      load(link.getAttribute("data-load")).then(function (html) {
        item.insertAdjacentHTML("beforebegin", html);
        item.remove();
        update();
      }, function (error) {
        link.removeAttribute("aria-busy");
        link.textContent = "Could not load more (" + error.message + "): try again";
      });
      return;
    }
    var children = item.querySelector(":scope > ul.tree__children");
    var open = link.getAttribute("aria-expanded") === "true";
    if (open || children.hasAttribute("data-loaded")) {
      children.hidden = open;
      link.setAttribute("aria-expanded", open ? "false" : "true");
      return;
    }
    link.setAttribute("aria-busy", "true");
    load(link.getAttribute("data-load")).then(function (html) {
      children.innerHTML = html;
      children.setAttribute("data-loaded", "");
      children.hidden = false;
      link.removeAttribute("aria-busy");
      link.setAttribute("aria-expanded", "true");
      var box = item.querySelector(":scope > label " + BOXES);
      if (box && box.checked) lock(box);
      update();
    }, function (error) {
      link.removeAttribute("aria-busy");
      children.hidden = false;
      children.textContent = "Could not open this folder (" + error.message + ").";
    });
  });
  update();
})();
