/**
 * The upload page's script (docs/requests.md#the-upload-page). It reads its words and the request's
 * limits from the page's data block, and calls the upload API under the page's own path with the
 * page's own query (the signed link is the credential). Files and folders come by picker or drag and
 * drop; each file is sent in parts straight to storage (presigned S3 URLs, or the local edge), three
 * at a time; a part that fails is sent again after a pause, and a page reloaded later resumes a file
 * from the parts already stored (the upload id is kept in localStorage). Its SHA-256 is computed as it
 * is read, and the receipt lists every file sent. The parts, their resume record and the pickers are
 * lib/files/part-uploader-script.ts's (signedShareUploads), inlined before this and shared with the
 * portal's uploader.
 *
 * No template literal or "${" in here: the text is a String.raw template.
 */
export const UPLOAD_PAGE_SCRIPT = String.raw`(function () {
"use strict";
var dataBlock = document.getElementById("request-data");
var root = document.getElementById("uploader");
var uploads = window.signedShareUploads;
if (!dataBlock || !root || !uploads) return;
var data = JSON.parse(dataBlock.textContent);
var T = data.text;
var base = location.pathname.replace(/\.html$/, "/upload/");
var query = location.search;
var list = document.getElementById("upload-list");
var overall = document.getElementById("upload-overall");
var overallText = document.getElementById("upload-overall-text");
var status = document.getElementById("upload-status");
var sendButton = document.getElementById("upload-send");
var emailInput = document.getElementById("upload-email");
var receipt = document.getElementById("receipt");
var receiptList = document.getElementById("receipt-list");
var receiptText = document.getElementById("receipt-text");
var items = [];
var batch = newBatchId();
var PARALLEL = 3;
var HASH_CHUNK = 4 * 1024 * 1024;
var sending = false;
var resumeRecord = uploads.resumable("signed-share-request:" + data.requestId + ":");

root.hidden = false;
var fallback = document.getElementById("upload-no-js");
if (fallback) fallback.hidden = true;

function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, function (whole, name) { return name in values ? String(values[name]) : whole; });
}
function say(text) { status.textContent = text; }
var number = new Intl.NumberFormat(document.documentElement.lang || undefined, { maximumFractionDigits: 1 });
function formatBytes(bytes) {
  var units = ["KiB", "MiB", "GiB", "TiB"];
  if (bytes < 1024) return number.format(bytes) + " B";
  var value = bytes, unit = -1;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return number.format(value < 10 ? Math.round(value * 10) / 10 : Math.round(value)) + " " + units[unit];
}
function newBatchId() {
  var bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
}
function sleep(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }
function online() {
  if (navigator.onLine !== false) return Promise.resolve();
  return new Promise(function (resolve) { window.addEventListener("online", function once() { window.removeEventListener("online", once); resolve(); }); });
}

function ApiError(message, status, retryAfter) {
  var error = new Error(message);
  error.status = status;
  error.retryAfter = retryAfter;
  return error;
}

function api(method, action, body) {
  return fetch(base + action + query, {
    method: method,
    credentials: "omit",
    cache: "no-store",
    headers: body === undefined ? { accept: "application/json", "x-signed-share-link": query } : { "content-type": "application/json", accept: "application/json", "x-signed-share-link": query },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(function (response) {
    var type = response.headers.get("content-type") || "";
    if (type.indexOf("application/json") === -1) {
      // The edge refuses with a page of its own (expired, closed, withdrawn link).
      throw ApiError(response.status === 403 || response.status === 404 ? T.linkRefused : fill(T.serverRefused, { status: response.status }), response.status);
    }
    return response.json().then(function (json) {
      if (!response.ok) {
        // The API's own words are the operator's language: the page says what happened in the client's.
        throw ApiError(response.status === 403 || response.status === 410 ? T.linkRefused : fill(T.serverRefused, { status: response.status }), response.status, Number(response.headers.get("retry-after")) || undefined);
      }
      return json;
    });
  });
}

/** Calls api() again after a dropped connection or a rate limit; gives up on a refusal. */
function retried(item, call) {
  var attempt = 0;
  function go() {
    return call().catch(function (error) {
      attempt++;
      // A part the storage answered with a 5xx is sent again like one whose connection dropped.
      var network = error.status === undefined || (error.part !== undefined && error.status >= 500);
      var limited = error.status === 429 || error.status === 503;
      if ((!network && !limited) || attempt > 8 || item.state === "removed") throw error;
      var seconds = limited ? error.retryAfter || 5 : Math.min(30, Math.pow(2, attempt));
      item.retries++;
      note(item, limited ? fill(T.busy, { seconds: seconds }) : fill(T.retrying, { seconds: seconds }));
      return sleep(seconds * 1000).then(online).then(go);
    });
  }
  return go();
}


function note(item, text) { item.note = text; render(item); }
function render(item) {
  var pct = item.file.size === 0 ? (item.state === "done" ? 100 : 0) : Math.floor((Math.min(item.sent, item.file.size) * 100) / item.file.size);
  item.bar.value = pct;
  item.bar.setAttribute("aria-valuetext", pct + "%");
  item.li.setAttribute("data-retries", String(item.retries));
  item.label.textContent = item.path + " (" + formatBytes(item.file.size) + ")";
  item.info.textContent = item.note + (item.state === "sending" ? " " + pct + "%" : "");
  var total = 0, sent = 0, count = 0;
  for (var i = 0; i < items.length; i++) {
    if (items[i].state === "removed" || items[i].state === "refused") continue;
    count++;
    total += items[i].file.size;
    sent += items[i].state === "done" ? items[i].file.size : Math.min(items[i].sent, items[i].file.size);
  }
  var all = total === 0 ? (count > 0 ? 100 : 0) : Math.floor((sent * 100) / total);
  overall.value = all;
  overallText.textContent = fill(T.overall, { percent: all, count: count });
}

function limitProblem(file, path) {
  if (!path || /(^|\/)\.{1,2}(\/|$)/.test(path)) return T.emptyName;
  if (data.limits.maxFileSize !== undefined && file.size > data.limits.maxFileSize) return fill(T.tooBig, { size: formatBytes(data.limits.maxFileSize) });
  var count = data.received.count, bytes = data.received.bytes;
  for (var i = 0; i < items.length; i++) {
    if (items[i].state === "removed" || items[i].state === "refused" || items[i].state === "done") continue;
    count++;
    bytes += items[i].file.size;
  }
  if (data.limits.maxFiles !== undefined && count + 1 > data.limits.maxFiles) return fill(T.tooMany, { count: data.limits.maxFiles });
  if (data.limits.maxTotal !== undefined && bytes + file.size > data.limits.maxTotal) return fill(T.tooMuch, { size: formatBytes(data.limits.maxTotal) });
  return undefined;
}

function add(file, path) {
  var li = document.createElement("li");
  li.className = "item";
  var label = document.createElement("span");
  label.className = "name";
  var bar = document.createElement("progress");
  bar.max = 100;
  bar.value = 0;
  var info = document.createElement("span");
  info.className = "meta";
  var remove = document.createElement("button");
  remove.type = "button";
  remove.className = "quiet";
  remove.textContent = T.remove;
  li.appendChild(label);
  li.appendChild(bar);
  li.appendChild(info);
  li.appendChild(remove);
  list.appendChild(li);
  var item = { file: file, path: path, sent: 0, state: "waiting", note: T.waiting, li: li, label: label, bar: bar, info: info, removeButton: remove, xhrs: [], retries: 0 };
  bar.setAttribute("aria-label", path);
  var problem = limitProblem(file, path);
  if (problem) { item.state = "refused"; item.note = fill(T.failed, { reason: problem }); remove.hidden = true; }
  remove.addEventListener("click", function () {
    if (item.state === "done") return;
    item.state = "removed";
    item.xhrs.forEach(function (x) { x.abort(); });
    var saved = resumeRecord.load(item);
    if (saved) api("POST", "abort", { upload: saved.upload }).catch(function () {});
    resumeRecord.forget(item);
    li.remove();
    render(item);
  });
  items.push(item);
  render(item);
  return item;
}

/** The file's SHA-256, read in order, a slice at a time (never the whole file in memory). */
function hashFile(file) {
  var hasher = sha256Hasher();
  var offset = 0;
  function next() {
    if (offset >= file.size) {
      var digest = hasher.digest();
      return Promise.resolve(Array.prototype.map.call(digest, function (b) { return ("0" + b.toString(16)).slice(-2); }).join(""));
    }
    var end = Math.min(file.size, offset + HASH_CHUNK);
    return file.slice(offset, end).arrayBuffer().then(function (buffer) { hasher.update(new Uint8Array(buffer)); offset = end; return next(); });
  }
  return next();
}

function start(item) {
  return retried(item, function () {
    return api("POST", "files", { path: item.path, size: item.file.size, contentType: item.file.type || undefined, batch: batch });
  }).then(function (started) {
    var session = { upload: started.upload, partSize: started.partSize, partCount: started.partCount, parts: {} };
    resumeRecord.save(item, session);
    return session;
  });
}

function resume(item, saved) {
  return api("GET", "files/" + encodeURIComponent(saved.upload)).then(function (state) {
    var parts = {};
    state.parts.forEach(function (p) { parts[p.partNumber] = p.etag; });
    saved.parts = parts;
    return saved;
  }, function (error) {
    if (error.status === 404 || error.status === 410) { resumeRecord.forget(item); return start(item); }
    throw error;
  });
}

function send(item) {
  item.state = "sending";
  note(item, T.sending);
  var saved = resumeRecord.load(item);
  var hashing = hashFile(item.file);
  hashing.catch(function () {});
  return (saved ? resume(item, saved) : start(item)).then(function (session) {
    var missing = uploads.partsLeft(item, session);
    if (missing.length < session.partCount) note(item, fill(T.resumed, { done: session.partCount - missing.length, total: session.partCount }));
    return uploads.sendParts(item, session, missing, {
      parallel: PARALLEL,
      partUrl: function (number) { return api("POST", "parts", { upload: session.upload, partNumbers: [number] }).then(function (answer) { return answer.parts[0]; }); },
      attempt: function (call) { return retried(item, call); },
      saved: function (value) { resumeRecord.save(item, value); if (item.state === "sending") note(item, T.sending); },
      stopped: function () { return item.state === "removed"; },
      render: render,
    }).then(function () {
      if (item.state === "removed") return;
      note(item, T.checking);
      return hashing.then(function (sha256) {
        var parts = uploads.completedParts(session);
        return retried(item, function () { return api("POST", "complete", { upload: session.upload, parts: parts, sha256: sha256 }); });
      }).then(function (done) {
        resumeRecord.forget(item);
        item.state = "done";
        item.result = done.file;
        item.removeButton.hidden = true;
        data.received.count++;
        data.received.bytes += item.file.size;
        note(item, T.done);
      });
    });
  });
}

function showReceipt(files) {
  receipt.hidden = false;
  var lines = [];
  files.forEach(function (file) {
    var tr = document.createElement("tr");
    [file.path, formatBytes(file.size), file.sha256 || ""].forEach(function (text, i) {
      var td = document.createElement("td");
      td.textContent = text;
      if (i === 2) td.className = "hash";
      tr.appendChild(td);
    });
    receiptList.appendChild(tr);
    lines.push(file.sha256 + "  " + file.path + "  (" + file.size + " bytes)");
  });
  receiptText.value = (receiptText.value ? receiptText.value + "\n" : "") + lines.join("\n");
}

function sendAll() {
  if (sending) return;
  var queue = items.filter(function (i) { return i.state === "waiting" || i.state === "failed"; });
  if (queue.length === 0) { say(T.nothingToSend); return; }
  sending = true;
  sendButton.disabled = true;
  var chain = Promise.resolve();
  queue.forEach(function (item) {
    chain = chain.then(function () {
      if (item.state === "removed") return;
      return send(item).catch(function (error) {
        if (item.state === "removed") return;
        item.state = "failed";
        note(item, fill(T.failed, { reason: error.message }));
      });
    });
  });
  chain.then(function () {
    var done = queue.filter(function (i) { return i.state === "done"; });
    var failed = queue.filter(function (i) { return i.state === "failed"; }).length;
    if (done.length === 0) return failed;
    var email = emailInput && emailInput.value.trim();
    return api("POST", "finish", email ? { batch: batch, email: email } : { batch: batch }).then(function (answer) {
      showReceipt(answer.files);
      if (answer.receipt && answer.receipt.sent) say(fill(T.receiptSent, { address: answer.receipt.to }));
      else if (answer.receipt && answer.receipt.error) say(T.receiptNotSent);
      batch = newBatchId();
      return failed;
    }, function () {
      showReceipt(done.map(function (i) { return i.result; }));
      return failed;
    });
  }).then(function (failed) {
    var count = queue.length;
    var extra = status.textContent && status.textContent.indexOf("@") !== -1 ? " " + status.textContent : "";
    say((failed ? fill(T.someFailed, { failed: failed, count: count }) : fill(T.allDone, { count: count - failed })) + extra);
    sending = false;
    sendButton.disabled = false;
  });
}

function enqueue(entries) {
  entries.forEach(function (entry) { add(entry.file, entry.path); });
  say(fill(T.added, { count: entries.length }));
}

sendButton.addEventListener("click", sendAll);
// What arrived since the page was published (another visit, another person): the limits count it.
api("GET", "state").then(function (state) { data.received = state.received; }, function (error) {
  if (error.status === 403 || error.status === 410) { say(T.linkRefused); sendButton.disabled = true; }
});
uploads.watchChoosers({ files: document.getElementById("pick-files"), folder: document.getElementById("pick-folder"), zone: document.getElementById("drop-zone") }, "over", enqueue);
var local = document.getElementById("expiry-local");
var time = document.querySelector("time[data-local]");
if (local && time) { var when = new Date(time.getAttribute("datetime")); if (!isNaN(when)) local.textContent = " (" + when.toLocaleString(document.documentElement.lang || undefined, { dateStyle: "full", timeStyle: "short" }) + ")"; }
})();`;
