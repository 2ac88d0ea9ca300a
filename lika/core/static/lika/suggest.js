/* Suggestions while writing: "Others who did something similar" on the reporter's example form.
 *
 * Progressive enhancement, no inline script: the page already shows suggestions for the measure
 * (server-rendered, in <aside data-similar-url>). As the reporter writes the title or what was
 * done, this sends its longest words and asks the server again (at most once a second after the last key stroke) for an HTML
 * fragment of examples like the text, which the server renders and limits to what the user may see.
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-similar-url]");
  if (!box || !window.fetch) return;
  var form = document.querySelector("form.form");
  if (!form) return;
  var fields = ["title", "what_was_done"].map(function (name) { return form.elements[name]; }).filter(Boolean);
  if (!fields.length) return;
  var timer = null;
  var last = null;
  var asked = 0;

  // The server ranks by the text's longest words: send those, so the address stays short.
  function text() {
    var seen = {};
    var words = fields.map(function (el) { return el.value; }).join(" ").toLowerCase().split(/[^\p{L}\d-]+/u);
    return words.filter(function (w) {
      if (w.length < 4 || seen[w]) return false;
      seen[w] = true;
      return true;
    }).sort(function (a, b) { return b.length - a.length; }).slice(0, 20).join(" ");
  }
  function refresh() {
    var current = text();
    if (current === last) return;
    last = current;
    var number = ++asked;
    var url = box.getAttribute("data-similar-url") + "&text=" + encodeURIComponent(current);
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && number === asked) box.innerHTML = html;
      })
      .catch(function () { /* keep what is shown */ });
  }
  fields.forEach(function (el) {
    el.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 1000);
    });
  });
})();
