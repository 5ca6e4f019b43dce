/* Xúc Tiến: small behaviour shared by every page. Pages work without it; it only adds
   feedback when an htmx request fails, so a click never seems to do nothing. */
(function () {
  "use strict";

  function showError() {
    var box = document.getElementById("messages");
    if (!box) return;
    var message = document.createElement("p");
    message.className = "message message--error";
    message.setAttribute("role", "alert");
    message.textContent = document.body.dataset.errorMessage || "Error";
    box.replaceChildren(message);
  }

  document.addEventListener("htmx:responseError", showError);
  document.addEventListener("htmx:sendError", showError);
})();
