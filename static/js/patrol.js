// The patrol queue: "Mark patrolled" without reloading the page. Without
// JavaScript the form posts and the queue comes back, as it does here when
// anything goes wrong.
// Hook: form.js-patrol (a page loads this script if and only if it has one)
(() => {
  "use strict";
  document.addEventListener("submit", async (event) => {
    const form = event.target.closest("form.js-patrol");
    if (!form || form.dataset.sending) return;
    event.preventDefault();
    form.dataset.sending = "1";
    const item = form.closest(".patrol-item");
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) throw new Error(String(response.status));
      const answer = await response.json();
      const note = document.createElement("p");
      note.className = "message";
      note.setAttribute("role", "status");
      note.textContent = answer.message;
      item.replaceChildren(note);
      item.classList.add("patrol-item--done");
    } catch {
      form.submit();
    }
  });
})();
