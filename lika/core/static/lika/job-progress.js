/* A background job's state on its page follows the job without reloading the page: every
 * 5 s the page is fetched again and its job box replaced when it changed, until the job is
 * done or failed. Progressive enhancement, no inline script: the box is
 * <div class="job-state" data-job-state data-finished="false" aria-live="polite">; without
 * JavaScript the "Check the state again" link does the same.
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-job-state]");
  if (!box || box.getAttribute("data-finished") === "true" || !window.fetch || !window.DOMParser) return;
  var every = 5000;
  function look() {
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "job-progress" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-job-state]");
        if (!fresh) return;
        if (fresh.innerHTML !== box.innerHTML) box.innerHTML = fresh.innerHTML;
        if (fresh.getAttribute("data-finished") === "true") box.setAttribute("data-finished", "true");
        else window.setTimeout(look, every);
      })
      .catch(function () { window.setTimeout(look, every * 3); });
  }
  window.setTimeout(look, every);
})();
