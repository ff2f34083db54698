// Search, as progressive enhancement: the search box of every page submits
// to /search/?q=…, and on this page Pagefind's self-hosted UI takes over and
// runs the query. Without JavaScript the page says how to find things instead.
globalThis.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") return;
  document.documentElement.classList.add("has-search");
  const ui = new PagefindUI({
    element: "#search",
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: true,
  });
  // Pagefind's input has only a placeholder: tie the page's visible label to it.
  const label = () => {
    const input = element.querySelector("input");
    if (!input) return requestAnimationFrame(label);
    input.id = "search-input";
  };
  label();
  const query = new URLSearchParams(location.search).get("q");
  if (query) ui.triggerSearch(query);
});
