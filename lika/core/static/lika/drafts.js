/* Local drafts: what a user types into a form is kept in this browser until it is saved.
 *
 * Progressive enhancement, no inline script: every form sent by POST that has a
 * text area keeps a draft of its text fields in localStorage (a second after the
 * last key stroke and when the page is left). When the form is opened again with
 * other text than the draft (the session ran out, the browser crashed, the save
 * was refused), a notice offers to put the draft back. A draft is removed when
 * the next page says the save went through (a success message), or when the
 * form already holds the same text. Forms marked data-no-draft are left alone.
 * The notice's words come from the page's <body data-draft-*> attributes (translated).
 * When the form's page no longer exists (the record was deleted meanwhile), the
 * "not found" page holds a [data-draft-gone] element: the drafts kept for this
 * address are shown there, read-only to copy, with a button to discard them.
 */
(function () {
  "use strict";
  var PREFIX = "lika-draft:";
  var SENT = "lika-draft-sent";
  var store;
  try { store = window.localStorage; store.setItem(PREFIX + "probe", "1"); store.removeItem(PREFIX + "probe"); } catch (e) { return; }

  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.readOnly) return false;
      if (el.tagName === "TEXTAREA") return true;
      return el.tagName === "INPUT" && /^(text|search|url|email|date|number)$/.test(el.type);
    });
  }
  function values(form) {
    var out = {};
    fields(form).forEach(function (el) { out[el.name] = el.value; });
    return out;
  }
  function same(a, b) {
    return Object.keys(a).every(function (k) { return (b[k] || "") === (a[k] || ""); });
  }
  function blank(v) {
    return Object.keys(v).every(function (k) { return !v[k].trim(); });
  }
  function text(form, name, fallback) { return document.body.getAttribute("data-draft-" + name) || fallback; }

  function offer(form, key, draft) {
    var box = document.createElement("div");
    box.className = "notice draft-notice";
    box.setAttribute("role", "status");
    var p = document.createElement("p");
    var when = new Date(draft.at);
    p.textContent = text(form, "found", "Text you wrote here but did not save was found in this browser") +
      " (" + when.toLocaleString() + ").";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button button--secondary";
    restore.textContent = text(form, "restore", "Put my text back");
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "link-button";
    discard.textContent = text(form, "discard", "Discard it");
    restore.addEventListener("click", function () {
      fields(form).forEach(function (el) { if (el.name in draft.values) el.value = draft.values[el.name]; });
      box.remove();
      var first = fields(form)[0];
      if (first) first.focus();
    });
    discard.addEventListener("click", function () { store.removeItem(key); box.remove(); });
    box.appendChild(p);
    box.appendChild(restore);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(discard);
    form.parentNode.insertBefore(box, form);
  }

  function keep(form, index) {
    var key = PREFIX + location.pathname + "#" + index;
    var raw = store.getItem(key);
    var draft = raw ? JSON.parse(raw) : null;
    if (draft && same(draft.values, values(form))) { store.removeItem(key); draft = null; }
    if (draft && !blank(draft.values)) offer(form, key, draft);
    var timer = null;
    function save() {
      var v = values(form);
      if (blank(v)) return;
      store.setItem(key, JSON.stringify({ at: Date.now(), values: v }));
    }
    form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 1000); });
    form.addEventListener("submit", function () { save(); sessionStorage.setItem(SENT, key); });
    window.addEventListener("pagehide", function () { if (timer) { clearTimeout(timer); save(); } });
  }

  function forget_sent() {
    var key = sessionStorage.getItem(SENT);
    if (key && document.querySelector("[data-lika-saved]")) store.removeItem(key);
    sessionStorage.removeItem(SENT);
  }

  function showGone(place) {
    var start = PREFIX + location.pathname + "#";
    for (var i = store.length - 1; i >= 0; i--) {
      var key = store.key(i);
      if (!key || key.indexOf(start) !== 0) continue;
      var draft;
      try { draft = JSON.parse(store.getItem(key)); } catch (e) { continue; }
      if (!draft || blank(draft.values)) continue;
      place.appendChild(goneNotice(place, key, draft));
    }
  }
  function goneNotice(place, key, draft) {
    var box = document.createElement("div");
    box.className = "notice draft-notice";
    box.setAttribute("role", "alert");
    var p = document.createElement("p");
    p.textContent = place.getAttribute("data-draft-gone") + " (" + new Date(draft.at).toLocaleString() + ")";
    box.appendChild(p);
    Object.keys(draft.values).forEach(function (name, n) {
      if (!draft.values[name].trim()) return;
      var id = key.replace(/[^a-z0-9]/gi, "-") + "-" + n;
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = (place.getAttribute("data-draft-field") || "Your text") + " (" + name + ")";
      var area = document.createElement("textarea");
      area.id = id;
      area.readOnly = true;
      area.rows = 6;
      area.value = draft.values[name];
      box.appendChild(label);
      box.appendChild(area);
    });
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "link-button";
    discard.textContent = text(null, "discard", "Discard it");
    discard.addEventListener("click", function () { store.removeItem(key); box.remove(); });
    box.appendChild(discard);
    return box;
  }

  function start() {
    forget_sent();
    var gone = document.querySelector("[data-draft-gone]");
    if (gone) showGone(gone);
    var forms = document.querySelectorAll("form");
    Array.prototype.forEach.call(forms, function (form, index) {
      if ((form.method || "").toLowerCase() !== "post" || form.hasAttribute("data-no-draft")) return;
      if (!form.querySelector("textarea")) return;
      keep(form, index);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
