// Check-in desk: signs in with a key kept only in this tab (sessionStorage), checks codes in through the
// check-in API, and keeps working while the connection drops: typed or scanned codes wait in a queue
// (also in sessionStorage) and are sent when it returns. Each code gets its Idempotency-Key when it is
// entered, so a request whose answer was lost is retried with the same key and counts once.
(function () {
  "use strict";
  var root = document.getElementById("desk");
  if (!root) {
    return;
  }
  var labels = JSON.parse(document.getElementById("desk-labels").textContent);
  var meetingId = root.getAttribute("data-meeting-id");
  var checkInUrl = root.getAttribute("data-check-in-url");
  var probeUrl = root.getAttribute("data-probe-url");
  var keyName = "desk-key:" + meetingId;
  var queueName = "desk-queue:" + meetingId;
  var keyForm = document.getElementById("key-form");
  var keyInput = document.getElementById("desk-key");
  var keyError = document.getElementById("key-error");
  var panel = document.getElementById("check-in");
  var codeForm = document.getElementById("code-form");
  var codeInput = document.getElementById("code");
  var result = document.getElementById("result");
  var recent = document.getElementById("recent");
  var pending = document.getElementById("pending");
  var connection = document.getElementById("connection");
  var sending = false;
  var retryTimer = null;

  function uuid() {
    // crypto.randomUUID needs a secure context; a desk on http://<intranet-host> may not be one.
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function key() { return sessionStorage.getItem(keyName); }
  function queue() {
    try { return JSON.parse(sessionStorage.getItem(queueName) || "[]"); } catch (e) { return []; }
  }
  function saveQueue(q) { sessionStorage.setItem(queueName, JSON.stringify(q)); showPending(q); }
  function showPending(q) {
    pending.textContent = q.length ? labels.sending.replace("{0}", q.length) : "";
  }
  function setOnline(online) {
    connection.setAttribute("data-online", online ? "true" : "false");
    connection.textContent = online ? labels.online : labels.offline;
  }
  function clock(iso) {
    var match = /T(\d{2}:\d{2})/.exec(iso || "");
    return match ? match[1] : "";
  }
  function modeName(mode) { return mode === "online" ? labels.online_mode : labels.in_person; }

  function show(kind, headline, who) {
    result.className = "desk-result " + kind;
    result.setAttribute("data-kind", kind);
    result.textContent = headline;
    if (who) {
      var line = document.createElement("span");
      line.className = "who";
      line.textContent = who;
      result.appendChild(line);
    }
  }
  function remember(code, text) {
    var li = document.createElement("li");
    li.textContent = code + " · " + text;
    recent.insertBefore(li, recent.firstChild);
    while (recent.children.length > 20) {
      recent.removeChild(recent.lastChild);
    }
  }

  function signedIn() {
    keyForm.hidden = true;
    panel.hidden = false;
    showPending(queue());
    codeInput.focus();
    flush();
  }
  function signOut(message) {
    sessionStorage.removeItem(keyName);
    panel.hidden = true;
    keyForm.hidden = false;
    keyError.textContent = message || "";
    keyInput.value = "";
    keyInput.focus();
  }

  keyForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var value = keyInput.value.trim();
    if (!value) {
      return;
    }
    // Any valid key may read the meeting; an unknown or revoked one is refused with 401.
    fetch(probeUrl, { headers: { "X-Api-Key": value, "Accept": "application/json" } }).then(function (r) {
      if (r.status === 401 || r.status === 403) {
        signOut(labels.badKey);
        return;
      }
      sessionStorage.setItem(keyName, value);
      signedIn();
    }, function () {
      // Offline at sign-in: keep the key; a wrong one shows at the first check-in.
      sessionStorage.setItem(keyName, value);
      signedIn();
    });
  });

  document.getElementById("sign-out").addEventListener("click", function () { signOut(""); });

  function enqueue(raw) {
    var code = raw.replace(/\s+/g, "").toUpperCase();
    if (!code) {
      return;
    }
    var q = queue();
    q.push({ code: code, idempotencyKey: uuid() });
    saveQueue(q);
    flush();
  }

  codeForm.addEventListener("submit", function (e) {
    e.preventDefault();
    enqueue(codeInput.value);
    codeInput.value = "";
    codeInput.focus();
  });

  function scheduleRetry() {
    if (retryTimer === null) {
      retryTimer = setTimeout(function () { retryTimer = null; flush(); }, 3000);
    }
  }

  function settle(item, kind, text, who) {
    var q = queue().filter(function (x) { return x.idempotencyKey !== item.idempotencyKey; });
    saveQueue(q);
    show(kind, text, who);
    remember(item.code, text + (who ? " · " + who : ""));
  }

  function flush() {
    var q = queue();
    if (sending || !q.length || !key()) {
      return;
    }
    var item = q[0];
    sending = true;
    fetch(checkInUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Api-Key": key(), "Idempotency-Key": item.idempotencyKey },
      body: JSON.stringify({ code: item.code })
    }).then(function (r) {
      return r.text().then(function (text) {
        var body = {};
        try { body = text ? JSON.parse(text) : {}; } catch (e) { body = {}; }
        return { status: r.status, body: body };
      });
    }).then(function (answer) {
      sending = false;
      setOnline(true);
      var s = answer.status, b = answer.body;
      if (s === 200) {
        settle(item, "ok", labels.ok, b.fullName + " · " + modeName(b.mode) + (b.hospitalName ? " · " + b.hospitalName : ""));
      } else if (s === 409 && b.code === "already_checked_in") {
        settle(item, "already", labels.already.replace("{0}", clock(b.checkedInAt)));
      } else if (s === 409 && b.code === "not_confirmed") {
        settle(item, "bad", labels.notConfirmed);
      } else if (s === 404 || s === 400 || s === 422) {
        settle(item, "bad", labels.unknown);
      } else if (s === 401 || s === 403) {
        signOut(labels.badKey);
        return;
      } else {
        // Busy, rate limited, a retry still in flight, or the server failing: keep the code, try again.
        show("queued", labels.queued);
        scheduleRetry();
        return;
      }
      flush();
    }, function () {
      sending = false;
      setOnline(false);
      show("queued", labels.queued);
      scheduleRetry();
    });
  }

  window.addEventListener("online", function () { setOnline(true); flush(); });
  window.addEventListener("offline", function () { setOnline(false); });

  // Scanning with the camera, where the browser has a barcode detector.
  var scanButton = document.getElementById("scan");
  var video = document.getElementById("scanner");
  var stream = null;
  var lastScan = { code: "", at: 0 };
  if ("BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    scanButton.hidden = false;
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    var stop = function () {
      if (stream) {
        stream.getTracks().forEach(function (t) { t.stop(); });
      }
      stream = null;
      video.hidden = true;
      scanButton.textContent = labels.scan;
    };
    var tick = function () {
      if (!stream) {
        return;
      }
      detector.detect(video).then(function (codes) {
        var now = Date.now();
        if (codes.length) {
          var value = codes[0].rawValue;
          // The same badge held in front of the camera is one scan, not one per frame.
          if (value !== lastScan.code || now - lastScan.at > 4000) {
            lastScan = { code: value, at: now };
            enqueue(value);
          }
        }
      }).catch(function () { }).then(function () {
        if (stream) {
          setTimeout(tick, 250);
        }
      });
    };
    scanButton.addEventListener("click", function () {
      if (stream) {
        stop();
        return;
      }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        scanButton.textContent = labels.stopScan;
        return video.play();
      }).then(tick).catch(function () {
        stop();
        document.getElementById("no-camera").hidden = false;
      });
    });
  } else {
    document.getElementById("no-camera").hidden = false;
  }

  if (key()) {
    signedIn();
  } else {
    keyForm.hidden = false;
  }
  setOnline(navigator.onLine !== false);
})();
