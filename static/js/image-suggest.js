// Names of images for the "choose an image" field, as the contributor types.
// The field works without this: a name typed in full is found all the same.
(() => {
  "use strict";
  const list = document.getElementById("image-names");
  const input = document.querySelector('input[list="image-names"]');
  if (!list || !input || !window.fetch) return;
  const endpoint = list.dataset.suggestUrl;
  let timer = null;
  let controller = null;

  async function fetchNames() {
    const query = input.value.trim();
    if (query.length < 2) return list.replaceChildren();
    if (controller) controller.abort();
    controller = new AbortController();
    try {
      const url = `${endpoint}?q=${encodeURIComponent(query)}`;
      const response = await fetch(url, { signal: controller.signal });
      if (!response.ok) return;
      const data = await response.json();
      // Only the answer for what is in the box now; older ones are stale.
      if (data.query !== input.value.trim()) return;
      list.replaceChildren(
        ...data.results.map((name) => {
          const option = document.createElement("option");
          option.value = name;
          return option;
        }),
      );
    } catch (error) {
      if (error.name !== "AbortError") list.replaceChildren();
    }
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(fetchNames, 150);
  });
})();
