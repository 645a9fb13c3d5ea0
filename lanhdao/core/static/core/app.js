// lanhdao: the little behaviour htmx attributes cannot express under a strict CSP (no inline script, no eval).

// Tree nodes: the first click loads the children (htmx), the next ones fold and unfold them.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button.toggle[data-children]");
  if (!button) return;
  const list = button.parentElement.querySelector(":scope > ul");
  const expanded = button.getAttribute("aria-expanded") === "true";
  if (expanded) {
    list.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.textContent = "▸";
    return;
  }
  button.setAttribute("aria-expanded", "true");
  button.textContent = "▾";
  list.hidden = false;
  if (!list.dataset.loaded) {
    list.dataset.loaded = "1";
    htmx.ajax("GET", button.dataset.children, { target: list, swap: "innerHTML" });
  }
});

// The top bar on a narrow screen: the menu button shows and hides everything after the brand. Without JavaScript the
// button stays hidden and the bar wraps onto several lines instead (app.css).
(() => {
  const toggle = document.querySelector(".topbar .menu-toggle");
  if (!toggle) return;
  const bar = toggle.closest(".topbar");
  const menu = document.getElementById(toggle.getAttribute("aria-controls"));
  const setOpen = (isOpen) => {
    bar.classList.toggle("open", isOpen);
    toggle.setAttribute("aria-expanded", String(isOpen));
  };
  toggle.hidden = false;
  bar.classList.add("menu-ready");
  toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && bar.classList.contains("open") && bar.contains(event.target)) {
      setOpen(false);
      toggle.focus();
    }
  });
  document.addEventListener("click", (event) => {
    if (bar.classList.contains("open") && !bar.contains(event.target)) setOpen(false);
  });
})();

// A table wider than a phone scrolls inside its own box (app.css); a keyboard must reach that scroll too, so such a
// table takes the focus (axe: scrollable-region-focusable). Checked again when htmx swaps rows in, or the window turns.
(() => {
  const mark = () => {
    for (const table of document.querySelectorAll("main table")) {
      if (table.scrollWidth > table.clientWidth + 1) table.setAttribute("tabindex", "0");
      else if (table.getAttribute("tabindex") === "0") table.removeAttribute("tabindex");
    }
  };
  mark();
  document.addEventListener("htmx:afterSettle", mark);
  window.addEventListener("resize", mark);
})();
