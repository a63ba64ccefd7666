// Cases like this one: fetch the panel into the case page after it has loaded (the search runs
// on its own request, so the case page is not slowed by it). Without script, the link opens the
// same panel as a page.
(function () {
  var box = document.getElementById("similar-panel");
  if (!box || !window.fetch) { return; }
  fetch(box.getAttribute("data-src"), { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
    .then(function (html) { box.innerHTML = html; box.setAttribute("aria-busy", "false"); })
    .catch(function () { box.setAttribute("aria-busy", "false"); });
})();
