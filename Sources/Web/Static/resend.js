// "Send the code again" buttons: disabled, with a countdown, until the server will send another code.
// Without this script the button stays usable and the server answers with the time to wait.
"use strict";
document.querySelectorAll("button[data-wait]").forEach(function (button) {
  var until = Date.now() + Number(button.dataset.wait) * 1000;
  var note = document.getElementById(button.getAttribute("aria-describedby"));
  var template = button.dataset.countdown;
  function tick() {
    var left = Math.ceil((until - Date.now()) / 1000);
    if (left > 0) {
      button.disabled = true;
      if (note) note.textContent = template.replace("{s}", String(left));
      setTimeout(tick, 1000);
    } else {
      button.disabled = false;
      if (note) note.textContent = "";
    }
  }
  tick();
});
