// Organiser's dashboard: signs in with a key kept only in this tab (sessionStorage), fetches the dashboard
// fragment (server-rendered HTML with inline SVG charts) with the key in the X-Api-Key header, never in the
// address, and fetches it again every few seconds with If-None-Match: an unchanged dashboard is a 304 and
// the page stays as it is; a changed one replaces the charts. No reload, no library.
(function () {
  "use strict";
  var root = document.getElementById("dashboard");
  if (!root) {
    return;
  }
  var labels = JSON.parse(document.getElementById("dashboard-labels").textContent);
  var boardUrl = root.getAttribute("data-board-url");
  var refreshMs = parseInt(root.getAttribute("data-refresh-ms"), 10) || 2000;
  var keyName = "dashboard-key:" + root.getAttribute("data-meeting-id");
  var keyForm = document.getElementById("key-form");
  var keyInput = document.getElementById("dashboard-key");
  var keyError = document.getElementById("key-error");
  var panel = document.getElementById("panel");
  var board = document.getElementById("board");
  var connection = document.getElementById("connection");
  var etag = null;
  var timer = null;
  var generation = 0;

  function key() { return sessionStorage.getItem(keyName); }

  function setOnline(online) {
    connection.setAttribute("data-online", online ? "true" : "false");
    connection.textContent = online ? "" : labels.reconnecting;
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(load, document.hidden ? refreshMs * 5 : refreshMs);
  }

  function signOut(message) {
    generation++;
    clearTimeout(timer);
    sessionStorage.removeItem(keyName);
    etag = null;
    board.innerHTML = "";
    panel.hidden = true;
    keyForm.hidden = false;
    keyError.textContent = message || "";
    keyInput.value = "";
    keyInput.focus();
  }

  // One request at a time; an answer that arrives after a sign-out (generation moved on) is dropped.
  function load() {
    var value = key();
    if (!value) {
      return;
    }
    var mine = generation;
    var headers = { "X-Api-Key": value, "Accept": "text/html" };
    if (etag) {
      headers["If-None-Match"] = etag;
    }
    fetch(boardUrl, { headers: headers, cache: "no-store", credentials: "same-origin" }).then(function (r) {
      if (mine !== generation) {
        return;
      }
      if (r.status === 401 || r.status === 403) {
        signOut(labels.badKey);
        return;
      }
      if (r.status === 304) {
        setOnline(true);
        schedule();
        return;
      }
      if (!r.ok) {
        setOnline(false);
        schedule();
        return;
      }
      return r.text().then(function (html) {
        if (mine !== generation) {
          return;
        }
        etag = r.headers.get("ETag");
        // Server-rendered and encoded by the server's templates; no script in it (and the CSP allows none inline).
        board.innerHTML = html;
        setOnline(true);
        if (panel.hidden) {
          keyForm.hidden = true;
          panel.hidden = false;
          var title = document.getElementById("board-title");
          if (title) {
            title.setAttribute("tabindex", "-1");
            title.focus();
          }
        }
        schedule();
      });
    }, function () {
      if (mine !== generation) {
        return;
      }
      setOnline(false);
      schedule();
    });
  }

  keyForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var value = keyInput.value.trim();
    if (!value) {
      return;
    }
    generation++;
    sessionStorage.setItem(keyName, value);
    keyError.textContent = "";
    etag = null;
    load();
  });

  document.getElementById("sign-out").addEventListener("click", function () { signOut(""); });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && key()) {
      load();
    }
  });

  if (key()) {
    load();
  } else {
    keyForm.hidden = false;
  }
})();
