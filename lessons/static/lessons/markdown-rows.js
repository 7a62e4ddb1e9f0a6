// django-markdownx starts its editors once, when the page loads. A row added on the page is a copy
// of a hidden template whose editor was started then: the copy keeps the "started" mark but not the
// listeners. Clear the mark and load markdownx's script again: it starts every editor not started.
(function () {
  "use strict";
  const script = document.querySelector('script[src*="markdownx/js/markdownx"]');
  if (!script) return;
  document.addEventListener("formset:added", (event) => {
    const editors = event.target.querySelectorAll(".markdownx-editor[data-markdownx-init]");
    if (!editors.length) return;
    editors.forEach((editor) => editor.removeAttribute("data-markdownx-init"));
    const again = document.createElement("script");
    again.src = script.src;
    document.body.appendChild(again);
  });
})();
