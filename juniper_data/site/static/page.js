/* Dataset, family and release pages: copy buttons for the snippets, and expiry judged on the visitor's date. */
(function () {
  "use strict";
  var today = new Date().toISOString().slice(0, 10);
  Array.prototype.forEach.call(document.querySelectorAll("[data-expires]"), function (el) {
    if (el.dataset.expires < today) {
      el.classList.add("expired");
      el.insertAdjacentHTML("beforeend", ' <span class="badge warn">expired</span>');
    }
  });

  function copied(button, ok) {
    var old = button.textContent;
    button.textContent = ok ? "Copied" : "Select and copy";
    window.setTimeout(function () { button.textContent = old; }, 1500);
  }
  function fallback(text, button) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    copied(button, ok);
  }
  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = document.getElementById(button.dataset.copy).textContent;
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { copied(button, true); }, function () { fallback(text, button); });
      } else {
        fallback(text, button);
      }
    });
  });
})();
