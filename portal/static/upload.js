// The client page's uploader: files and folders (picker or drag and drop), relative paths kept,
// multipart straight to storage through the part URLs the portal issues (presigned S3 URLs in AWS
// mode, the portal's own in local mode), progress per file and overall, cancel, and resume: the
// upload token and the ETags of finished parts are kept in localStorage, so choosing the same file
// again after an interruption sends only the missing parts. The parts, their resume record and the
// pickers are static/part-uploader.js's (signedShareUploads), shared with a file request's upload page.
(function () {
  "use strict";
  var root = document.getElementById("uploader");
  var uploads = window.signedShareUploads;
  if (!root || !uploads) return;
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
  var resume = uploads.resumable("signed-share-upload:" + client + ":");

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
    var saved = resume.load(item);
    if (saved) api("/api/uploads/abort", { upload: saved.upload, client: client }).catch(function () {});
    resume.forget(item);
    item.cancelButton.remove(); // removed, not hidden: .button sets display, which beats the hidden attribute
    render(item);
  }

  function start(item, onConflict) {
    return api("/api/uploads", { client: client, path: item.path, size: item.file.size, contentType: item.file.type || undefined, onConflict: onConflict }).then(function (started) {
      var saved = { upload: started.upload, partSize: started.partSize, partCount: started.partCount, path: started.path, expiresAt: started.expiresAt, parts: {} };
      resume.save(item, saved);
      return saved;
    });
  }

  function send(item, onConflict) {
    item.state = "sending";
    item.note = "sending";
    render(item);
    var saved = resume.load(item);
    if (saved && Date.parse(saved.expiresAt) <= Date.now()) saved = null;
    var resumed = Boolean(saved);
    return (saved ? Promise.resolve(saved) : start(item, onConflict)).then(function (session) {
      var missing = uploads.partsLeft(item, session);
      if (resumed) item.note = "resuming (" + (session.partCount - missing.length) + " of " + session.partCount + " parts already sent)";
      render(item);
      return uploads
        .sendParts(item, session, missing, {
          parallel: PARALLEL,
          partUrl: function (number) {
            return api("/api/uploads/parts", { upload: session.upload, client: client, partNumbers: [number] }).then(function (answer) {
              return answer.parts[0];
            });
          },
          saved: function (value) {
            resume.save(item, value);
          },
          stopped: function () {
            return item.state === "cancelled";
          },
          render: render,
        })
        .then(function () {
          if (item.state === "cancelled") return;
          return api("/api/uploads/complete", { upload: session.upload, client: client, parts: uploads.completedParts(session) }).then(function (done) {
            resume.forget(item);
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
      if (error.status === 409 && !resume.load(item)) return offerChoice(item, error.message);
      if (error.status === 410) resume.forget(item);
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

  // Pickers and drag and drop, folders included (paths stay relative, under the chosen folder).
  uploads.watchChoosers(
    { files: document.getElementById("upload-files"), folder: document.getElementById("upload-dirs"), zone: document.getElementById("upload-drop") },
    "upload-drop--over",
    function (entries) {
      enqueue(entries.map(function (entry) {
        return { file: entry.file, path: withFolder(entry.path) };
      }));
    }
  );
})();
