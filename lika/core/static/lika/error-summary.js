/* A form that came back with errors: move the focus to its error summary, so keyboard and
 * screen reader users hear what to fix first (the summary links to each field).
 * Progressive enhancement, no inline script; the summary is <div data-error-summary tabindex="-1">.
 */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  Array.prototype.forEach.call(summary.querySelectorAll("a[href^='#']"), function (link) {
    link.addEventListener("click", function (event) {
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.focus();
      field.scrollIntoView({ block: "center" });
    });
  });
})();
