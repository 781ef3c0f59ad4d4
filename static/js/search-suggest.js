// Title suggestions for the header search box. The form works without this:
// it only adds a list of matching titles while the reader types.
// Hook: input#site-search-q (a page loads this script if and only if it has one)
(() => {
  "use strict";
  const input = document.getElementById("site-search-q");
  if (!input || !window.fetch) return;
  const form = input.form;
  const endpoint = form.dataset.suggestUrl;
  const list = document.createElement("ul");
  list.id = "site-search-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  form.appendChild(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("autocomplete", "off");

  let timer = null;
  let active = -1;
  let controller = null;

  const options = () => Array.from(list.querySelectorAll("[role=option]"));

  function close() {
    list.hidden = true;
    list.replaceChildren();
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function highlight(index) {
    const items = options();
    items.forEach((item, i) => item.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (items[index]) input.setAttribute("aria-activedescendant", items[index].id);
  }

  function show(results) {
    list.replaceChildren();
    results.forEach((result, i) => {
      const item = document.createElement("li");
      item.id = `site-search-suggestion-${i}`;
      item.setAttribute("role", "option");
      const link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.alias ? `${result.title} (${result.alias})` : result.title;
      const kind = document.createElement("span");
      kind.className = "muted";
      kind.textContent = ` ${result.kind}`;
      link.appendChild(kind);
      item.appendChild(link);
      list.appendChild(item);
    });
    list.hidden = results.length === 0;
    input.setAttribute("aria-expanded", String(results.length > 0));
    active = -1;
  }

  async function fetchSuggestions() {
    const query = input.value.trim();
    if (query.length < 2) return close();
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const url = `${endpoint}?q=${encodeURIComponent(query)}`;
      const response = await fetch(url, { signal: controller.signal });
      if (!response.ok) return close();
      const data = await response.json();
      // Only the answer for what is in the box now; older ones are stale.
      if (data.query === input.value.trim()) show(data.results);
    } catch (error) {
      if (error.name !== "AbortError") close();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", (event) => {
    const items = options();
    if (list.hidden || items.length === 0) return;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      highlight((active + 1) % items.length);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight((active - 1 + items.length) % items.length);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.assign(items[active].querySelector("a").href);
    } else if (event.key === "Escape") {
      close();
    }
  });
  document.addEventListener("click", (event) => {
    if (!form.contains(event.target)) close();
  });
})();
