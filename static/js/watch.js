// Watch and unwatch a page without leaving it. Without JavaScript the form
// posts and the page comes back with a message; with it, the form is sent in
// the background, the star turns, and a screen reader hears what happened.
// Hook: form.watch-form (a page loads this script if and only if it has one)
(() => {
  "use strict";
  document.addEventListener("submit", async (event) => {
    const form = event.target.closest("form.watch-form");
    if (!form) return;
    event.preventDefault();
    const button = form.querySelector("button");
    const status = form.querySelector("[role=status]");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (!response.ok) {
        status.textContent = answer.error || "That did not work; try again.";
        return;
      }
      const watching = answer.watching;
      form.elements.watch.value = watching ? "0" : "1";
      button.querySelector(".watch-button__star").textContent = watching ? "★" : "☆";
      button.querySelector(".watch-button__label").textContent = watching ? "Unwatch" : "Watch";
      status.textContent = answer.message;
    } catch {
      // The network failed: let the form post the ordinary way.
      form.submit();
    } finally {
      button.disabled = false;
    }
  });
})();
