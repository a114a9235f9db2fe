// Warden web UI: progressive enhancement only; every page works without it.
// - forms with data-confirm ask before they are sent;
// - elements with data-refresh="N" reload the page every N seconds while it is visible.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  var refresh = document.querySelector("[data-refresh]");
  if (refresh) {
    var seconds = parseInt(refresh.getAttribute("data-refresh"), 10);
    if (seconds >= 5) {
      setInterval(function () {
        if (document.visibilityState === "visible" && !document.querySelector("input:focus, select:focus")) {
          window.location.reload();
        }
      }, seconds * 1000);
    }
  }
});
