// Cases like this one: the panel is fetched into the case page the first time its section is opened
// (the search runs on its own request, so neither the case page nor a phone's first screens carry it).
// Without script, the link opens the same panel as a page.
(function () {
  var details = document.getElementById("similar-details");
  var box = document.getElementById("similar-panel");
  if (!details || !box || !window.fetch) { return; }
  var loaded = false;
  function load() {
    if (loaded || !details.open) { return; }
    loaded = true;
    box.setAttribute("aria-busy", "true");
    fetch(box.getAttribute("data-src"), { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (html) { box.innerHTML = html; box.setAttribute("aria-busy", "false"); })
      .catch(function () { loaded = false; box.setAttribute("aria-busy", "false"); });
  }
  details.addEventListener("toggle", load);
  load();
})();
