// Kiosk behaviour without inline scripts (the Content-Security-Policy allows none).
(function () {
  "use strict";
  var body = document.body;

  // A page shown again from the back/forward cache may hold the previous person's data: reload it,
  // and the server (no-store, session gone) answers with what the current session may see.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { window.location.reload(); }
  });

  // ---- idle timeout: 继续办理? after data-idle-prompt seconds, then logout after data-countdown ----
  var promptAfter = parseInt(body.dataset.idlePrompt || "0", 10);
  var countdownFrom = parseInt(body.dataset.countdown || "30", 10);
  var dialog = document.getElementById("kiosk-idle");
  var secondsShown = document.getElementById("kiosk-idle-seconds");
  var logoutForm = document.getElementById("kiosk-logout");
  var idleTimer = null, tick = null, left = 0;
  var behind = [document.querySelector(".k-header"), document.querySelector(".k-account"),
                document.getElementById("main"), document.querySelector(".k-bar")];

  function setBehindInert(value) {
    behind.forEach(function (element) { if (element) { element.inert = value; } });
  }

  function logout() {
    window.clearInterval(tick);
    logoutForm.submit();
  }

  function showPrompt() {
    left = countdownFrom;
    secondsShown.textContent = String(left);
    dialog.hidden = false;
    setBehindInert(true);  // aria-modal: nothing behind the prompt can be reached
    document.getElementById("kiosk-idle-continue").focus();
    tick = window.setInterval(function () {
      left -= 1;
      secondsShown.textContent = String(Math.max(left, 0));
      if (left <= 0) { logout(); }
    }, 1000);
  }

  function restartIdle() {
    if (!dialog.hidden) { return; }  // while the prompt shows, only its buttons count
    window.clearTimeout(idleTimer);
    idleTimer = window.setTimeout(showPrompt, promptAfter * 1000);
  }

  if (promptAfter > 0 && dialog && logoutForm) {
    ["pointerdown", "keydown", "touchstart", "input"].forEach(function (name) {
      document.addEventListener(name, restartIdle, { passive: true, capture: true });
    });
    document.getElementById("kiosk-idle-continue").addEventListener("click", function () {
      window.clearInterval(tick);
      dialog.hidden = true;
      setBehindInert(false);
      restartIdle();
      // Tells the server too, whose own idle limit would otherwise end the session.
      var token = logoutForm.querySelector("[name=csrfmiddlewaretoken]").value;
      fetch(body.dataset.keepalive, { method: "POST", headers: { "X-CSRFToken": token }, credentials: "same-origin" });
    });
    restartIdle();
  }

  // ---- on-screen keypad: writes into the field named by data-keypad-for ----
  document.querySelectorAll("[data-keypad-for]").forEach(function (pad) {
    var field = document.getElementById(pad.dataset.keypadFor);
    if (!field) { return; }
    pad.addEventListener("click", function (event) {
      var key = event.target.closest("[data-key]");
      if (!key) { return; }
      var value = field.value, max = parseInt(field.getAttribute("maxlength") || "99", 10);
      if (key.dataset.key === "back") { value = value.slice(0, -1); }
      else if (key.dataset.key === "clear") { value = ""; }
      else if (value.length < max) { value += key.dataset.key; }
      field.value = value;
      field.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });

  // ---- printing: after the server recorded the print, the certificate face is printed ----
  var printStatus = document.querySelector("[data-print-frame]");
  if (printStatus) {
    var frame = document.getElementById(printStatus.dataset.printFrame);
    var unsupported = function () {
      printStatus.querySelector("[data-printing]").hidden = true;
      printStatus.querySelector("[data-print-unsupported]").hidden = false;
    };
    var printFrame = function () {
      var target = frame && frame.contentWindow;
      if (!target || typeof target.print !== "function") { unsupported(); return; }
      try { target.focus(); target.print(); } catch (error) { unsupported(); }
    };
    var doc = frame.contentDocument;
    if (doc && doc.URL !== "about:blank" && doc.readyState === "complete") { printFrame(); }
    else { frame.addEventListener("load", printFrame, { once: true }); }
  }
})();
