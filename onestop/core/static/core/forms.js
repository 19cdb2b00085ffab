// Form behaviour without inline scripts (the Content-Security-Policy allows none):
// <form data-confirm="…"> asks before it is sent; a [data-once] button sends its form only once.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  var button = form.querySelector("[data-once]");
  if (!button) { return; }
  // A second click while the first is on its way would be the same submission anyway (same key).
  if (button.dataset.sent) { event.preventDefault(); return; }
  button.dataset.sent = "1";
  button.textContent = "正在提交…";
});

// A disclosure marked [data-open-wide] (the item list's filters) starts open on a wide screen; on a
// phone it stays closed so the results come first. Without scripts it is closed and opens with a tap.
(function () {
  if (!window.matchMedia || !window.matchMedia("(min-width: 641px)").matches) { return; }
  function openWide() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", openWide); } else { openWide(); }
})();
