// trainpack page: small progressive enhancements. Every form works without this script.
(function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }

  // The Edition select fills the form from the saved edition (or a blank one).
  var edition = $("#edition[data-navigate]");
  if (edition) {
    edition.addEventListener("change", function () {
      window.location.assign("/?edition=" + encodeURIComponent(edition.value));
    });
  }

  // Minutes add up as modules are ticked, for the chosen audience.
  var table = {};
  try { table = JSON.parse(($("#audience-minutes") || {}).textContent || "{}"); } catch (e) { table = {}; }
  var audience = $("#f-audience");
  function total() {
    var got = table[audience ? audience.value : ""] || {};
    var sum = 0;
    $$('input[name="modules"]').forEach(function (box) {
      var id = box.getAttribute("data-module");
      var mins = got[id];
      var cell = $('[data-minutes-for="' + id + '"]');
      var li = box.closest("li");
      if (cell) { cell.textContent = mins === undefined ? "not for this audience" : mins + " min"; }
      if (li) { li.classList.toggle("not-for", mins === undefined); }
      if (box.checked && mins !== undefined) { sum += mins; }
    });
    var out = $("#total-minutes");
    if (out) { out.textContent = String(sum); }
  }
  $$('input[name="modules"]').forEach(function (box) { box.addEventListener("change", total); });
  if (audience) { audience.addEventListener("change", total); }

  // Check, Build pack and Save as edition answer in the result panel.
  var form = $("#pack-form");
  var result = $("#result");
  function show(html) {
    result.hidden = false;
    result.innerHTML = html;
    result.scrollIntoView({ behavior: "smooth", block: "start" });
  }
  function post(url, data) {
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-Requested-With": "trainpack", "X-CSRF-Token": csrf }
    });
  }
  function busy(on) { $$("button", form).forEach(function (b) { b.disabled = on; }); }

  if (form && result) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!button || !window.fetch) { return; }
      event.preventDefault();
      var data = new FormData(form);
      if (button.name) { data.append(button.name, button.value); }
      var url = button.getAttribute("formaction") || form.action;
      busy(true);
      if (button.getAttribute("data-action") !== "build") {
        result.hidden = false;
        result.innerHTML = '<p class="muted" role="status">Checking…</p>';
      }
      post(url, data).then(function (response) {
        var type = response.headers.get("content-type") || "";
        if (type.indexOf("application/json") === 0) {
          return response.json().then(function (job) { follow(job.job); });
        }
        return response.text().then(function (html) { show(html); busy(false); });
      }).catch(function () {
        show('<p class="summary bad" role="status">The server did not answer. Is it still running?</p>');
        busy(false);
      });
    });
  }

  // A build: the job's panel, then its progress over server-sent events.
  function fragment(id) {
    return fetch("/jobs/" + id + "?part=fragment", { credentials: "same-origin" })
      .then(function (r) { return r.text(); });
  }
  function follow(id) {
    fragment(id).then(function (html) {
      show(html);
      var source = new EventSource("/jobs/" + id + "/events");
      source.addEventListener("progress", function (event) {
        var state = JSON.parse(event.data);
        var bar = $("progress", result);
        if (bar) { bar.value = state.percent; bar.textContent = state.percent + " %"; }
        var stage = state.stages.length ? state.stages[state.stages.length - 1] : null;
        var text = $("[data-job-text]", result);
        if (text) {
          text.textContent = state.status === "waiting"
            ? "Waiting for another build of this edition to finish…"
            : "Building… " + (stage ? stage.name : "starting");
        }
        var list = $("[data-job-stages]", result);
        if (list) {
          list.innerHTML = "";
          state.stages.forEach(function (s) {
            var li = document.createElement("li");
            li.textContent = s.name + ": " + s.done + " of " + s.total;
            list.appendChild(li);
          });
        }
        var label = $("[data-job-label]", result);
        if (label) { label.textContent = state.label || ""; }
        if (state.status === "done" || state.status === "failed") {
          source.close();
          fragment(id).then(function (html) { show(html); busy(false); });
        }
      });
      source.onerror = function () {
        source.close();
        setTimeout(function () { fragment(id).then(function (html) { show(html); busy(false); }); }, 1000);
      };
    });
  }
  var job = $(".job[data-job]");
  if (job && !form && (job.getAttribute("data-status") === "waiting" || job.getAttribute("data-status") === "running")) {
    result = job.parentNode;
    follow(job.getAttribute("data-job"));
  }

  // Preview: reload this module's slides when the course changes on disk.
  var live = $("[data-live]");
  if (live && window.EventSource) {
    var slides = $("#slides");
    var handout = $("#handout-frame");
    var events = new EventSource("/events");
    events.addEventListener("change", function (event) {
      var state = JSON.parse(event.data);
      fetch(live.getAttribute("data-live") + "?part=slides", { credentials: "same-origin" })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          slides.innerHTML = html;
          slides.setAttribute("data-version", String(state.version));
          live.textContent = state.broken
            ? "Saved change has problems: shown in place of the slides they affect."
            : "Updated from your saved change.";
          live.classList.add("changed");
          if (handout && !state.broken) { handout.src = handout.getAttribute("data-src") + "?v=" + state.version; }
        });
    });
  }
})();
