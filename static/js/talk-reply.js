// Discussions: "Reply" opens the reply form under the comment it answers,
// without leaving the page. Without this script the link opens the topic's
// own page with the form in the same place.
// Hook: template#reply-template (a page loads this script if and only if it has one)
(() => {
  const template = document.getElementById("reply-template");
  if (!template) return;
  let open = null;

  function close() {
    if (open) open.remove();
    open = null;
  }

  document.addEventListener("click", (event) => {
    const cancel = event.target.closest("[data-cancel]");
    if (cancel && open && open.contains(cancel)) {
      event.preventDefault();
      const answered = open.previousElementSibling;
      close();
      answered?.querySelector("a[data-reply]")?.focus();
      return;
    }
    const link = event.target.closest("a[data-reply]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    close();
    const item = template.content.firstElementChild.cloneNode(true);
    const form = item.querySelector("form");
    form.action = link.dataset.action;
    form.elements.reply_to.value = link.dataset.reply;
    item.className = `comment comment--indent-${link.dataset.indent} comment-reply`;
    // Ids of its own, apart from any other reply form on the page.
    const suffix = `-${link.dataset.reply}`;
    for (const element of item.querySelectorAll("[id]")) element.id += suffix;
    for (const element of item.querySelectorAll("[for], [aria-describedby]")) {
      for (const name of ["for", "aria-describedby"]) {
        const value = element.getAttribute(name);
        if (value) {
          const ids = value.split(" ").map((id) => id + suffix);
          element.setAttribute(name, ids.join(" "));
        }
      }
    }
    link.closest("li.comment").after(item);
    open = item;
    item.querySelector("textarea").focus();
  });
})();
