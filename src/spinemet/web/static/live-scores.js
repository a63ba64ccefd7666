/* SpineMet: the calculator's scores recomputed as the items change (progressive enhancement).
 *
 * A form marked data-live="ID" is posted in the background (the same form, its CSRF token
 * included, to the same address) whenever one of its fields changes; the server answers with the
 * results alone, which replace the element ID. Without JavaScript, or if the request fails, the
 * form's button does the same with a full page. Served from the package under the strict
 * Content-Security-Policy (script-src 'self'): no inline script, no other origin.
 */
(function () {
  "use strict";
  if (!window.fetch || !window.FormData) { return; }
  var forms = document.querySelectorAll("form[data-live]");
  Array.prototype.forEach.call(forms, function (form) {
    var target = document.getElementById(form.getAttribute("data-live"));
    var status = document.getElementById(form.getAttribute("data-live-status"));
    if (!target) { return; }
    var timer = null;
    var asked = 0;
    var running = null;
    function say(text) { if (status) { status.textContent = text; } }
    function update() {
      var mine = ++asked;
      if (running && running.abort) { running.abort(); }
      running = window.AbortController ? new AbortController() : null;
      target.setAttribute("aria-busy", "true");
      fetch(form.action, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: {"X-SpineMet-Fragment": "results"}, signal: running ? running.signal : undefined
      }).then(function (answer) {
        if (!answer.ok && answer.status !== 422) { throw new Error("HTTP " + answer.status); }
        return answer.text().then(function (html) { return {ok: answer.ok, html: html}; });
      }).then(function (got) {
        if (mine !== asked) { return; }
        target.innerHTML = got.html;
        target.removeAttribute("aria-busy");
        say(got.ok ? "Scores updated." : "Scores not updated: a field needs correcting.");
      }).catch(function (error) {
        if (error && error.name === "AbortError") { return; }
        target.removeAttribute("aria-busy");
        say("Scores could not be updated here; press the button to calculate.");
      });
    }
    form.addEventListener("change", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, 150);
    });
  });
}());
