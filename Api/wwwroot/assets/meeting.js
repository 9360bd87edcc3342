// Keeps the programme's live status current through the public live feed (server-sent events).
// Without JavaScript the page still shows the status as it was when loaded.
(function () {
  "use strict";
  var programme = document.getElementById("programme");
  var labelsNode = document.getElementById("live-labels");
  if (!programme || !labelsNode || !window.EventSource) {
    return;
  }
  var labels = JSON.parse(labelsNode.textContent);
  var announcer = document.getElementById("live-announcer");

  function timeOf(iso) {
    // The feed sends times in the meeting's own zone ("2027-03-20T10:45:00+08:00"): show its clock time as is.
    var match = /T(\d{2}:\d{2})/.exec(iso || "");
    return match ? match[1] : "";
  }

  function apply(event) {
    var data;
    try {
      data = JSON.parse(event.data);
    } catch (e) {
      return;
    }
    var item = programme.querySelector('[data-slot-id="' + data.slotId + '"]');
    if (!item) {
      return;
    }
    var live = item.querySelector(".live");
    var status = data.to;
    live.setAttribute("data-status", status);
    live.querySelector(".live-label").textContent = labels[status] || status;
    var expected = status === "delayed" && data.expectedStartAt ? labels.expected.replace("{0}", timeOf(data.expectedStartAt)) : "";
    live.querySelector(".expected").textContent = expected;
    live.querySelector(".note").textContent = data.note ? "· " + data.note : "";
    if (announcer) {
      var title = item.querySelector(".slot-title").textContent;
      announcer.textContent = labels.announce.replace("{0}", title).replace("{1}", (labels[status] || status) + (expected ? " " + expected : ""));
    }
  }

  var source = new EventSource(programme.getAttribute("data-live-url"));
  source.addEventListener("slot.status_changed", apply);
  programme.setAttribute("data-live", "connecting");
  source.onopen = function () { programme.setAttribute("data-live", "open"); };
  source.onerror = function () { programme.setAttribute("data-live", "reconnecting"); };
})();
