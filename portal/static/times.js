// Times in the viewer's time zone (docs/portal.md#times): on signed-in pages, every <time datetime> the portal renders in
// UTC is shown in the browser's zone, with the UTC text kept as its tooltip. Records and logs stay UTC;
// without JavaScript the page shows UTC.
(function () {
  "use strict";
  var format = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short" });
  var times = document.querySelectorAll("time[datetime]");
  for (var i = 0; i < times.length; i++) {
    var element = times[i];
    var value = element.getAttribute("datetime");
    // Only instants (a date alone has no zone to convert) the page wrote in UTC.
    if (!value || value.indexOf("T") === -1 || element.hasAttribute("data-utc-only")) continue;
    var when = new Date(value);
    if (isNaN(when.getTime())) continue;
    if (!element.title) element.title = element.textContent.trim();
    element.textContent = format.format(when);
  }
})();
