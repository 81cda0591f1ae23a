// Progressive enhancement: shows the copy buttons and copies the named field's text.
// Without JavaScript the buttons stay hidden and the readonly fields are selectable.
(function () {
  "use strict";
  // Arriving at a field by its fragment (a link just issued: #issued-link) puts the focus on it, selected.
  var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
  if (target && target.tagName === "INPUT" && target.readOnly) {
    target.focus();
    target.select();
  }
  var status = document.getElementById("copy-status");
  function say(text) {
    if (status) status.textContent = text;
  }
  function copyFrom(field) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(field.value);
    field.focus();
    field.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }
  var buttons = document.querySelectorAll("button[data-copy]");
  for (var i = 0; i < buttons.length; i++) {
    (function (button) {
      var field = document.getElementById(button.getAttribute("data-copy"));
      if (!field) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        copyFrom(field).then(
          function () {
            say("Copied to the clipboard.");
          },
          function () {
            field.focus();
            field.select();
            say("Could not copy: the text is selected, press Ctrl+C or ⌘C.");
          }
        );
      });
    })(buttons[i]);
  }
  var fields = document.querySelectorAll("input[readonly], textarea[readonly]");
  for (var j = 0; j < fields.length; j++) {
    fields[j].addEventListener("focus", function (event) {
      event.target.select();
    });
  }
})();
