// lanhdao: the picker (core/picker.py). Turns a `.picker` box — a <select> for a small set, or a hidden id and a text
// box for a large one — into an ARIA combobox (role=combobox, aria-expanded, aria-controls, aria-activedescendant,
// a listbox of options) whose suggestions come from the product's own endpoint through htmx. Without this script
// the select or the text box work as they are: the server resolves a typed name or code.
(() => {
  "use strict";
  let serial = 0;

  function setup(box) {
    if (box.dataset.ready) return;
    box.dataset.ready = "1";
    const multiple = box.classList.contains("multiple");
    const select = box.querySelector("select");
    let input = box.querySelector("input[type=text]");
    let hidden = box.querySelector("input[type=hidden]");
    let chips = box.querySelector(".chips");
    const name = select ? select.name : multiple ? null : hidden && hidden.name;

    if (select) {
      // The select stays in the form (it carries the value) but is hidden; a text box takes its place and its id,
      // so that the field's <label for> names the combobox.
      input = document.createElement("input");
      input.type = "text";
      input.name = box.dataset.textName;
      input.id = select.id;
      select.id = select.id + "_select";
      select.hidden = true;
      select.tabIndex = -1;
      select.setAttribute("aria-hidden", "true");
      const shown = (option) => option.dataset.label || option.textContent;
      if (!multiple && select.value) input.value = shown(select.selectedOptions[0]);
      else if (!multiple && box.dataset.text) input.value = box.dataset.text; // typed text the server could not resolve
      box.insertBefore(input, select);
      if (multiple) {
        chips = document.createElement("span");
        chips.className = "chips";
        box.insertBefore(chips, input);
        for (const option of select.selectedOptions) addChip(option.value, shown(option), false);
      }
    }
    if (chips && !select) {
      for (const checkbox of chips.querySelectorAll("input[type=checkbox]")) wireChip(checkbox.closest(".chip"));
    }
    const list = document.createElement("ul");
    list.id = `picker-list-${++serial}`;
    list.className = "picker-list";
    list.setAttribute("role", "listbox");
    if (input.id) list.setAttribute("aria-label", labelText(input));
    list.hidden = true;
    box.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");
    if (box.dataset.placeholder && !input.placeholder) input.placeholder = box.dataset.placeholder;

    let timer = null;
    let active = -1;
    let asked = 0; // the number of the latest request
    let shown = null; // the text whose suggestions the list shows

    function labelText(el) {
      const label = document.querySelector(`label[for="${el.id}"]`);
      return label ? label.textContent.replace(/:$/, "") : "";
    }

    function options() {
      return [...list.querySelectorAll("[role=option]")];
    }

    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      shown = null;
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      const all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach((option, i) => option.setAttribute("aria-selected", i === active ? "true" : "false"));
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function fetchSuggestions() {
      const values = { q: input.value };
      if (box.dataset.onField && input.form) {
        const day = input.form.elements.namedItem(box.dataset.onField);
        if (day && day.value) values.on = day.value;
      }
      const mine = ++asked;
      htmx.ajax("GET", box.dataset.picker, { target: list, swap: "innerHTML", values }).then(() => {
        // The latest answer was for an earlier text (typing is faster than the server): ask for what is there now
        if (mine === asked && values.q !== input.value) fetchSuggestions();
      });
    }

    // An answer to an earlier text (answers may arrive out of order) is not shown
    list.addEventListener("htmx:beforeSwap", (event) => {
      const text = new URL(event.detail.xhr.responseURL, location.href).searchParams.get("q") || "";
      // not an answer to an earlier text, nor the same answer again (which would lose the highlighted option)
      if (text !== input.value || (text === shown && !list.hidden)) event.detail.shouldSwap = false;
      else shown = text;
    });
    // Each answer swapped in: its options get ids (for aria-activedescendant) and the list opens
    list.addEventListener("htmx:afterSwap", () => {
      options().forEach((option, i) => {
        option.id = `${list.id}-${i}`;
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (document.activeElement === input) open();
    });

    function wireChip(chip) {
      chip.querySelector("input[type=checkbox]").addEventListener("change", (event) => {
        if (!event.target.checked) removeChip(chip);
      });
    }

    function removeChip(chip) {
      const value = chip.dataset.value || chip.querySelector("input").value;
      if (select) {
        for (const option of select.options) if (option.value === value) option.selected = false;
      }
      chip.remove();
      input.focus();
    }

    function addChip(value, label, announce = true) {
      if ([...chips.querySelectorAll(".chip")].some((c) => (c.dataset.value || c.querySelector("input").value) === value)) return;
      const chip = document.createElement("label");
      chip.className = "chip";
      chip.dataset.value = value;
      const checkbox = document.createElement("input");
      checkbox.type = "checkbox";
      checkbox.checked = true;
      checkbox.value = value;
      if (!select) checkbox.name = name || box.dataset.textName.replace(/__text$/, "");
      chip.append(checkbox, " " + label);
      chips.appendChild(chip);
      wireChip(chip);
      if (announce) chip.setAttribute("aria-live", "polite");
    }

    function pick(option) {
      const value = option.dataset.value;
      const label = option.dataset.label;
      if (multiple) {
        if (select) {
          for (const o of select.options) if (o.value === value) o.selected = true;
        }
        addChip(value, label);
        input.value = "";
      } else {
        if (select) select.value = value;
        else hidden.value = value;
        input.value = label;
      }
      close();
      input.dispatchEvent(new Event("change", { bubbles: true }));
    }

    input.addEventListener("input", () => {
      if (!multiple) {
        // What is typed, not an earlier choice, is what the user means now (the server resolves the text)
        if (select) select.value = "";
        else if (hidden) hidden.value = "";
      }
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("focus", () => {
      if (!input.value && list.hidden) fetchSuggestions();
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) {
          fetchSuggestions();
          return;
        }
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          pick(options()[active]);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        }
      } else if (event.key === "Tab") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
    list.addEventListener("mousedown", (event) => {
      const option = event.target.closest("[role=option]");
      if (!option) return;
      event.preventDefault();
      pick(option);
    });
  }

  function setupAll(root) {
    (root || document).querySelectorAll(".picker[data-picker]").forEach(setup);
  }

  document.addEventListener("DOMContentLoaded", () => setupAll(document));
  document.addEventListener("htmx:afterSettle", (event) => setupAll(event.target));
})();
