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
