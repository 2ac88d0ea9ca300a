/* The LIX box under a public text's field, measured again while the writer types.
 *
 * Progressive enhancement, no inline script: the server renders the box
 * (<div class="readability" data-lix-for="FIELD-ID" data-lix-url="...">) after
 * each save; here, a second after the last key stroke, the text is sent to that
 * address (POST, with the form's CSRF token) and the box's inside is replaced by
 * the answer. Without script, or when the request fails, the box stays as it was.
 */
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) return;
  var WAIT = 1000;

  function token(field) {
    var form = field.form;
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function watch(box) {
    var field = document.getElementById(box.getAttribute("data-lix-for"));
    var url = box.getAttribute("data-lix-url");
    if (!field || !url || !box.getAttribute("data-lix-kind")) return;
    var timer = null;
    var sent = field.value;
    function measure() {
      if (field.value === sent) return;
      sent = field.value;
      var body = new FormData();
      body.append("text", field.value);
      body.append("kind", box.getAttribute("data-lix-kind"));
      fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": token(field) } })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (html === null) return;
          box.innerHTML = html;
          box.hidden = !field.value.trim();
        })
        .catch(function () { /* the box keeps the last figure */ });
    }
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(measure, WAIT);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".readability[data-lix-for]"), watch);
})();
