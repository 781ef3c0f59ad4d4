// Names for a field that names a page (an image, a person, a character), as
// the contributor types: each <datalist data-suggest-url> is filled from its
// address for the inputs that use it. The fields work without this: a name
// typed in full is found all the same.
// Hook: datalist[data-suggest-url] (a page loads this script if and only if it has one)
(() => {
  "use strict";
  // Pages with several such forms may load this more than once: once is enough.
  if (!window.fetch || window.nameSuggestReady) return;
  window.nameSuggestReady = true;

  function suggest(list, input) {
    const endpoint = list.dataset.suggestUrl;
    let timer = null;
    let controller = null;

    async function fetchNames() {
      const query = input.value.trim();
      if (query.length < 2) return list.replaceChildren();
      if (controller) controller.abort();
      controller = new AbortController();
      try {
        const join = endpoint.includes("?") ? "&" : "?";
        const url = `${endpoint}${join}q=${encodeURIComponent(query)}`;
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
  }

  for (const list of document.querySelectorAll("datalist[data-suggest-url]")) {
    for (const input of document.querySelectorAll(`input[list="${list.id}"]`)) {
      suggest(list, input);
    }
  }
})();
