// Click-to-load video players: nothing is requested from the video site until
// the reader presses play. Without JavaScript the poster is a plain link.
// Hook: a.video__poster[data-embed] (a page loads this script if and only if it has one)
(() => {
  "use strict";
  document.addEventListener("click", (event) => {
    const poster = event.target.closest("a.video__poster[data-embed]");
    if (!poster) return;
    event.preventDefault();
    const frame = document.createElement("iframe");
    frame.src = poster.dataset.embed;
    frame.title = poster.getAttribute("aria-label") || "Video";
    frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
    frame.allowFullscreen = true;
    frame.className = "video__frame";
    poster.replaceWith(frame);
  });
})();
