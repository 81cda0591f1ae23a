/**
 * The browser part of both uploaders: the portal's upload page (served as /static/part-uploader.js
 * before portal/static/upload.js) and a file request's upload page (inlined before
 * lib/requests/upload-page-script.ts, under the page's hash-based CSP). It defines one global,
 * `signedShareUploads`, with what the two share: the resume record of a file in localStorage, the
 * PUT of one part with progress, the pool that sends a file's missing parts a few at a time, and
 * the file pickers and drop zone (folders walked, relative paths kept). Each page keeps its own API
 * calls, words and list. docs/files.md#uploads and docs/requests.md#the-upload-page.
 *
 * An item is the page's record of one file: { file, path, sent, xhrs, ... }; a session is
 * { upload, partSize, partCount, parts: { partNumber: etag } }.
 *
 * No template literal or "${" in here: the text is a String.raw template.
 */
export const PART_UPLOADER_SCRIPT = String.raw`(function () {
"use strict";

/** Where a file's session is kept between visits, by path, size and date: choosing the same file again resumes it. */
function resumable(prefix) {
  function key(item) { return prefix + item.path + ":" + item.file.size + ":" + item.file.lastModified; }
  return {
    load: function (item) { try { return JSON.parse(localStorage.getItem(key(item)) || "null"); } catch (e) { return null; } },
    save: function (item, session) { try { localStorage.setItem(key(item), JSON.stringify(session)); } catch (e) { /* storage full or off: it resumes within this page only */ } },
    forget: function (item) { try { localStorage.removeItem(key(item)); } catch (e) { /* nothing kept */ } },
  };
}

/**
 * PUTs one part (XMLHttpRequest, for its progress; item.sent follows the bytes) and resolves with its
 * ETag. A refusal rejects with .status (the HTTP status) and .part; a dropped connection without .status.
 */
function putPart(item, part, blob, render) {
  return new Promise(function (resolve, reject) {
    var xhr = new XMLHttpRequest();
    item.xhrs.push(xhr);
    var last = 0;
    xhr.upload.onprogress = function (event) { item.sent += event.loaded - last; last = event.loaded; render(item); };
    function settle(fn, value) { item.xhrs.splice(item.xhrs.indexOf(xhr), 1); fn(value); }
    function fail(message, status) {
      item.sent -= last;
      var error = new Error(message);
      error.status = status;
      error.part = part.partNumber;
      settle(reject, error);
    }
    xhr.onload = function () {
      var etag = xhr.getResponseHeader("ETag");
      if (xhr.status >= 200 && xhr.status < 300 && etag) { item.sent += part.length - last; settle(resolve, etag); }
      else fail("part " + part.partNumber + " was refused (HTTP " + xhr.status + ")", xhr.status);
    };
    xhr.onerror = xhr.onabort = function () { fail("the connection failed while sending part " + part.partNumber, undefined); };
    xhr.open("PUT", part.url);
    xhr.send(blob);
  });
}

/** The part numbers a session still lacks; item.sent counts the bytes of those it has. */
function partsLeft(item, session) {
  var missing = [];
  item.sent = 0;
  for (var n = 1; n <= session.partCount; n++) {
    if (session.parts[n]) item.sent += Math.min(session.partSize, item.file.size - (n - 1) * session.partSize);
    else missing.push(n);
  }
  return missing;
}

/**
 * Sends the parts numbered in missing, options.parallel at a time: each part's URL from
 * options.partUrl(number) (the page's API), then its PUT; options.attempt(call) may run a part again
 * (by default once). Each part's ETag goes into session.parts, then options.saved(session), so an
 * interruption resumes from there. Ends when every part is sent, or options.stopped() says so.
 */
function sendParts(item, session, missing, options) {
  var attempt = options.attempt || function (call) { return call(); };
  var next = 0;
  function worker() {
    if (options.stopped() || next >= missing.length) return Promise.resolve();
    var number = missing[next++];
    return attempt(function () {
      return options.partUrl(number).then(function (part) {
        var from = (part.partNumber - 1) * session.partSize;
        return putPart(item, part, item.file.slice(from, from + part.length), options.render);
      });
    }).then(function (etag) {
      session.parts[number] = etag;
      options.saved(session);
    }).then(worker);
  }
  var workers = [];
  for (var w = 0; w < options.parallel; w++) workers.push(worker());
  return Promise.all(workers);
}

/** The parts list that completes a session, in order. */
function completedParts(session) {
  var parts = [];
  for (var p = 1; p <= session.partCount; p++) parts.push({ partNumber: p, etag: session.parts[p] });
  return parts;
}

/** A dropped entry's files, folders walked (webkitGetAsEntry), as { file, path } with paths relative to the drop. */
function readEntry(entry, prefix, out) {
  if (entry.isFile) {
    return new Promise(function (resolve) { entry.file(function (file) { out.push({ file: file, path: prefix + file.name }); resolve(); }, resolve); });
  }
  if (!entry.isDirectory) return Promise.resolve();
  var reader = entry.createReader();
  return new Promise(function (resolve) {
    var all = [];
    (function more() {
      reader.readEntries(function (entries) {
        if (entries.length === 0) {
          Promise.all(all.map(function (child) { return readEntry(child, prefix + entry.name + "/", out); })).then(resolve);
        } else { all = all.concat(Array.prototype.slice.call(entries)); more(); }
      }, resolve);
    })();
  });
}

/**
 * Files chosen with the files picker, the folder picker (paths relative to the chosen folder) or
 * dropped on the zone (folders walked), handed to chosen([{ file, path }]); the zone wears overClass
 * while something is dragged over it.
 */
function watchChoosers(elements, overClass, chosen) {
  function picked(input, pathOf) {
    input.addEventListener("change", function (event) {
      chosen(Array.prototype.map.call(event.target.files, function (file) { return { file: file, path: pathOf(file) }; }));
      event.target.value = "";
    });
  }
  picked(elements.files, function (file) { return file.name; });
  picked(elements.folder, function (file) { return file.webkitRelativePath || file.name; });
  var zone = elements.zone;
  zone.addEventListener("dragover", function (event) { event.preventDefault(); zone.classList.add(overClass); });
  zone.addEventListener("dragleave", function () { zone.classList.remove(overClass); });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    zone.classList.remove(overClass);
    var out = [];
    var entries = Array.prototype.map.call(event.dataTransfer.items, function (i) { return i.webkitGetAsEntry && i.webkitGetAsEntry(); }).filter(Boolean);
    Promise.all(entries.map(function (entry) { return readEntry(entry, "", out); })).then(function () { chosen(out); });
  });
}

window.signedShareUploads = { resumable: resumable, putPart: putPart, partsLeft: partsLeft, sendParts: sendParts, completedParts: completedParts, watchChoosers: watchChoosers };
})();`;
