// The client page's uploader: files and folders (picker or drag and drop), relative paths kept,
// multipart straight to storage through the part URLs the portal issues (presigned S3 URLs in AWS
// mode, the portal's own in local mode), progress per file and overall, cancel, and resume: the
// upload token and the ETags of finished parts are kept in localStorage, so choosing the same file
// again after an interruption sends only the missing parts.
(function () {
  "use strict";
  var root = document.getElementById("uploader");
  if (!root) return;
  var client = root.getAttribute("data-client");
  var csrf = root.getAttribute("data-csrf");
  var list = document.getElementById("upload-list");
  var overall = document.getElementById("upload-overall");
  var overallText = document.getElementById("upload-overall-text");
  var status = document.getElementById("upload-status");
  var finished = document.getElementById("upload-finished");
  var maxFileSize = Number(root.getAttribute("data-max-file-size")) || Infinity;
  var maxFileSizeText = root.getAttribute("data-max-file-size-text") || "";
  var items = [];
  var PARALLEL = 3;

  root.hidden = false;
  var fallback = document.getElementById("upload-no-js");
  if (fallback) fallback.hidden = true;

  function say(text) {
    status.textContent = text;
  }

  function api(path, body) {
    return fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", "x-csrf-token": csrf, accept: "application/json" },
      body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(function (json) {
        if (!response.ok) {
          var error = new Error((json.error && json.error.message) || "HTTP " + response.status);
          error.status = response.status;
          throw error;
        }
        return json;
      });
    });
  }

  function conflictChoice() {
    var checked = root.querySelector("input[name=onConflict]:checked");
    return checked ? checked.value : "refuse";
  }

  function resumeKey(item) {
    return "signed-share-upload:" + client + ":" + item.path + ":" + item.file.size + ":" + item.file.lastModified;
  }

  function render(item) {
    var pct = item.file.size === 0 ? (item.state === "done" ? 100 : 0) : Math.floor((item.sent * 100) / item.file.size);
    item.bar.value = pct;
    item.label.textContent = item.path + " — " + item.note + (item.state === "sending" ? " " + pct + "%" : "");
    var total = 0;
    var sent = 0;
    for (var i = 0; i < items.length; i++) {
      if (items[i].state === "cancelled" || items[i].state === "refused") continue;
      total += items[i].file.size;
      sent += items[i].state === "done" ? items[i].file.size : items[i].sent;
    }
    var all = total === 0 ? 100 : Math.floor((sent * 100) / total);
    overall.value = all;
    overallText.textContent = all + "% of " + items.length + (items.length === 1 ? " file" : " files");
  }

  function add(file, path) {
    var li = document.createElement("li");
    li.className = "upload-item";
    var label = document.createElement("span");
    var bar = document.createElement("progress");
    bar.max = 100;
    bar.value = 0;
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "button button--quiet";
    cancel.textContent = "Cancel";
    li.appendChild(label);
    li.appendChild(bar);
    li.appendChild(cancel);
    list.appendChild(li);
    var item = { file: file, path: path, sent: 0, state: "queued", note: "waiting", li: li, label: label, bar: bar, xhrs: [], cancelButton: cancel };
    cancel.addEventListener("click", function () {
      cancelItem(item);
    });
    items.push(item);
    // The size limit, checked before anything is sent, in words.
    if (file.size > maxFileSize) {
      item.state = "refused";
      item.note = "not uploaded: larger than " + maxFileSizeText + ", the largest file this portal accepts";
      cancel.remove();
    }
    render(item);
    return item;
  }

  function cancelItem(item) {
    if (item.state === "done" || item.state === "cancelled") return;
    item.state = "cancelled";
    item.note = "cancelled";
    item.xhrs.forEach(function (x) {
      x.abort();
    });
    var saved = load(item);
    if (saved) api("/api/uploads/abort", { upload: saved.upload, client: client }).catch(function () {});
    localStorage.removeItem(resumeKey(item));
    item.cancelButton.remove(); // removed, not hidden: .button sets display, which beats the hidden attribute
    render(item);
  }

  function load(item) {
    try {
      return JSON.parse(localStorage.getItem(resumeKey(item)) || "null");
    } catch (e) {
      return null;
    }
  }

  function save(item, saved) {
    try {
      localStorage.setItem(resumeKey(item), JSON.stringify(saved));
    } catch (e) {
      /* storage full or off: the upload works, it just cannot resume */
    }
  }

  function putPart(item, part, blob) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      item.xhrs.push(xhr);
      var last = 0;
      xhr.upload.onprogress = function (event) {
        item.sent += event.loaded - last;
        last = event.loaded;
        render(item);
      };
      xhr.onload = function () {
        item.xhrs.splice(item.xhrs.indexOf(xhr), 1);
        if (xhr.status >= 200 && xhr.status < 300 && xhr.getResponseHeader("ETag")) {
          item.sent += part.length - last;
          resolve(xhr.getResponseHeader("ETag"));
        } else {
          item.sent -= last;
          reject(new Error("part " + part.partNumber + " was refused (HTTP " + xhr.status + ")"));
        }
      };
      xhr.onerror = xhr.onabort = function () {
        item.sent -= last;
        reject(new Error(item.state === "cancelled" ? "cancelled" : "the connection failed while sending part " + part.partNumber));
      };
      xhr.open("PUT", part.url);
      xhr.send(blob);
    });
  }

  function start(item, onConflict) {
    return api("/api/uploads", { client: client, path: item.path, size: item.file.size, contentType: item.file.type || undefined, onConflict: onConflict }).then(function (started) {
      var saved = { upload: started.upload, partSize: started.partSize, partCount: started.partCount, path: started.path, expiresAt: started.expiresAt, parts: {} };
      save(item, saved);
      return saved;
    });
  }

  function send(item, onConflict) {
    item.state = "sending";
    item.note = "sending";
    render(item);
    var saved = load(item);
    if (saved && Date.parse(saved.expiresAt) <= Date.now()) saved = null;
    var resumed = Boolean(saved);
    return (saved ? Promise.resolve(saved) : start(item, onConflict)).then(function (session) {
      var missing = [];
      item.sent = 0;
      for (var n = 1; n <= session.partCount; n++) {
        if (session.parts[n]) item.sent += Math.min(session.partSize, item.file.size - (n - 1) * session.partSize);
        else missing.push(n);
      }
      if (resumed) item.note = "resuming (" + (session.partCount - missing.length) + " of " + session.partCount + " parts already sent)";
      render(item);
      var next = 0;
      function worker() {
        if (item.state === "cancelled" || next >= missing.length) return Promise.resolve();
        var batch = missing.slice(next, next + 1);
        next += 1;
        return api("/api/uploads/parts", { upload: session.upload, client: client, partNumbers: batch })
          .then(function (answer) {
            var part = answer.parts[0];
            var from = (part.partNumber - 1) * session.partSize;
            return putPart(item, part, item.file.slice(from, from + part.length)).then(function (etag) {
              session.parts[part.partNumber] = etag;
              save(item, session);
            });
          })
          .then(worker);
      }
      var workers = [];
      for (var w = 0; w < PARALLEL; w++) workers.push(worker());
      return Promise.all(workers).then(function () {
        if (item.state === "cancelled") return;
        var parts = [];
        for (var p = 1; p <= session.partCount; p++) parts.push({ partNumber: p, etag: session.parts[p] });
        return api("/api/uploads/complete", { upload: session.upload, client: client, parts: parts }).then(function (done) {
          localStorage.removeItem(resumeKey(item));
          item.state = "done";
          item.note = done.path === item.path ? "uploaded" : "uploaded as " + done.path;
          item.cancelButton.remove(); // removed, not hidden: .button sets display, which beats the hidden attribute
          render(item);
        });
      });
    });
  }

  function offerChoice(item, message) {
    item.state = "conflict";
    item.note = message;
    render(item);
    ["replace", "keep-both"].forEach(function (choice) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = choice === "replace" ? "Replace" : "Keep both";
      button.addEventListener("click", function () {
        item.li.querySelectorAll("button.button:not(.button--quiet)").forEach(function (b) {
          b.remove();
        });
        run(item, choice);
      });
      item.li.appendChild(button);
    });
  }

  function run(item, onConflict) {
    return send(item, onConflict).catch(function (error) {
      if (item.state === "cancelled") return;
      if (error.status === 409 && !load(item)) return offerChoice(item, error.message);
      if (error.status === 410) localStorage.removeItem(resumeKey(item));
      item.state = "failed";
      item.note = "failed: " + error.message + " (choose the file again to resume)";
      render(item);
    });
  }

  var queue = Promise.resolve();
  function enqueue(entries) {
    var added = entries.map(function (entry) {
      return add(entry.file, entry.path);
    });
    say(added.length + (added.length === 1 ? " file" : " files") + " added.");
    added.forEach(function (item) {
      queue = queue.then(function () {
        return item.state === "cancelled" || item.state === "refused" ? undefined : run(item, conflictChoice());
      });
    });
    queue.then(function () {
      var done = items.filter(function (i) {
        return i.state === "done";
      }).length;
      var tried = items.filter(function (i) {
        return i.state !== "refused";
      }).length;
      say(done + " of " + tried + " uploaded" + (tried < items.length ? "; " + (items.length - tried) + " too large to upload" : "") + ".");
      if (done > 0 && finished) finished.hidden = false;
    });
  }

  function withFolder(path) {
    var folder = (document.getElementById("upload-folder").value || "").replace(/^\/+|\/+$/g, "");
    return folder ? folder + "/" + path : path;
  }

  document.getElementById("upload-files").addEventListener("change", function (event) {
    enqueue(Array.prototype.map.call(event.target.files, function (file) {
      return { file: file, path: withFolder(file.name) };
    }));
    event.target.value = "";
  });
  document.getElementById("upload-dirs").addEventListener("change", function (event) {
    enqueue(Array.prototype.map.call(event.target.files, function (file) {
      return { file: file, path: withFolder(file.webkitRelativePath || file.name) };
    }));
    event.target.value = "";
  });

  // Drag and drop, folders included (webkitGetAsEntry walks them; paths stay relative).
  var zone = document.getElementById("upload-drop");
  function readEntry(entry, prefix, out) {
    if (entry.isFile) {
      return new Promise(function (resolve) {
        entry.file(function (file) {
          out.push({ file: file, path: withFolder(prefix + file.name) });
          resolve();
        }, resolve);
      });
    }
    if (!entry.isDirectory) return Promise.resolve();
    var reader = entry.createReader();
    return new Promise(function (resolve) {
      var all = [];
      (function more() {
        reader.readEntries(function (batch) {
          if (batch.length === 0) {
            Promise.all(all.map(function (child) {
              return readEntry(child, prefix + entry.name + "/", out);
            })).then(resolve);
          } else {
            all = all.concat(Array.prototype.slice.call(batch));
            more();
          }
        }, resolve);
      })();
    });
  }
  zone.addEventListener("dragover", function (event) {
    event.preventDefault();
    zone.classList.add("upload-drop--over");
  });
  zone.addEventListener("dragleave", function () {
    zone.classList.remove("upload-drop--over");
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    zone.classList.remove("upload-drop--over");
    var out = [];
    var entries = Array.prototype.map.call(event.dataTransfer.items, function (i) {
      return i.webkitGetAsEntry && i.webkitGetAsEntry();
    }).filter(Boolean);
    Promise.all(entries.map(function (entry) {
      return readEntry(entry, "", out);
    })).then(function () {
      enqueue(out);
    });
  });
})();
