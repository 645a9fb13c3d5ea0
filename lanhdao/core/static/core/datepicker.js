// lanhdao: the date picker of every date box (inputs marked data-datepicker, rendered by core.forms.DateInput).
// The box is a text box holding dd/mm/yyyy whatever the browser's language; typing works without this file. This file
// adds a button beside each box that opens a month calendar: a grid of days usable with the mouse or the keyboard
// (arrows move a day or a week, Page Up/Down a month, Home/End the week's ends, Enter picks, Escape closes), in the
// page's language (<html lang>). Served by the product itself (closed networks: no CDN); no inline style or script.
(() => {
  "use strict";

  const TEXT = {
    vi: {
      months: ["Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6",
        "Tháng 7", "Tháng 8", "Tháng 9", "Tháng 10", "Tháng 11", "Tháng 12"],
      // Monday first, as Vietnamese calendars print it
      weekdays: ["T2", "T3", "T4", "T5", "T6", "T7", "CN"],
      weekdayNames: ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"],
      open: "Chọn ngày",
      dialog: "Chọn ngày",
      previous: "Tháng trước",
      next: "Tháng sau",
      today: "Hôm nay",
      close: "Đóng",
      day: (d, m, y) => `${d} tháng ${m} năm ${y}`,
    },
    en: {
      months: ["January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December"],
      weekdays: ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"],
      weekdayNames: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
      open: "Choose a date",
      dialog: "Choose a date",
      previous: "Previous month",
      next: "Next month",
      today: "Today",
      close: "Close",
      day: (d, m, y) => `${d} ${TEXT.en.months[m - 1]} ${y}`,
    },
  };

  const text = () => TEXT[(document.documentElement.lang || "vi").slice(0, 2)] || TEXT.vi;
  const pad = (n) => String(n).padStart(2, "0");
  const shown = (day) => `${pad(day.getDate())}/${pad(day.getMonth() + 1)}/${day.getFullYear()}`;
  const sameDay = (a, b) => a && b && a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() &&
    a.getDate() === b.getDate();
  const addDays = (day, n) => new Date(day.getFullYear(), day.getMonth(), day.getDate() + n);
  const addMonths = (day, n) => {
    const last = new Date(day.getFullYear(), day.getMonth() + n + 1, 0).getDate();
    return new Date(day.getFullYear(), day.getMonth() + n, Math.min(day.getDate(), last));
  };

  // The same forms the server reads (core/dates.py): dd/mm/yyyy (also with - or .), or ISO yyyy-mm-dd.
  function parse(value) {
    const written = (value || "").trim();
    let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(written);
    let year, month, date;
    if (match) [, date, month, year] = match.map(Number);
    else if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(written))) [, year, month, date] = match.map(Number);
    else return null;
    const day = new Date(year, month - 1, date);
    return day.getMonth() === month - 1 && day.getDate() === date ? day : null;
  }

  let open = null; // {input, button, popup, focus: Date, chosen: Date|null}

  function close(returnFocus) {
    if (!open) return;
    const { button, popup } = open;
    popup.remove();
    button.setAttribute("aria-expanded", "false");
    open = null;
    if (returnFocus) button.focus();
  }

  function make(tag, attrs = {}, content = "") {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
    if (content) element.textContent = content;
    return element;
  }

  function render() {
    const t = text();
    const { popup, focus, chosen } = open;
    const today = new Date();
    const title = popup.querySelector(".datepicker-title");
    title.textContent = `${t.months[focus.getMonth()]} ${focus.getFullYear()}`;
    const body = popup.querySelector("tbody");
    body.replaceChildren();
    const first = new Date(focus.getFullYear(), focus.getMonth(), 1);
    let day = addDays(first, -((first.getDay() + 6) % 7)); // back to Monday
    while (true) {
      const row = make("tr");
      for (let i = 0; i < 7; i++) {
        const cell = make("td");
        if (day.getMonth() === focus.getMonth()) {
          const current = sameDay(day, focus);
          const label = t.day(day.getDate(), day.getMonth() + 1, day.getFullYear());
          const pick = make("button", {
            type: "button",
            tabindex: current ? "0" : "-1",
            "aria-label": `${t.weekdayNames[i]}, ${label}`,
            "aria-pressed": sameDay(day, chosen) ? "true" : "false",
            "data-day": shown(day),
          }, String(day.getDate()));
          if (sameDay(day, today)) pick.setAttribute("aria-current", "date");
          cell.append(pick);
        }
        row.append(cell);
        day = addDays(day, 1);
      }
      body.append(row);
      if (day.getMonth() !== focus.getMonth()) break;
    }
  }

  function focusDay() {
    open.popup.querySelector("tbody button[tabindex='0']").focus();
  }

  function place(popup, input) {
    // Below the box, kept inside the window (a phone is 375 px wide).
    const box = input.getBoundingClientRect();
    const width = popup.offsetWidth;
    const left = Math.max(4, Math.min(box.left, document.documentElement.clientWidth - width - 4));
    popup.style.left = `${left + window.scrollX}px`;
    popup.style.top = `${box.bottom + window.scrollY + 2}px`;
  }

  function show(input, button) {
    close(false);
    const t = text();
    const chosen = parse(input.value);
    const popup = make("div", { class: "datepicker", role: "dialog", "aria-modal": "false", "aria-label": t.dialog });
    const head = make("div", { class: "datepicker-head" });
    head.append(
      make("button", { type: "button", class: "datepicker-prev", "aria-label": t.previous }, "‹"),
      make("div", { class: "datepicker-title", "aria-live": "polite" }),
      make("button", { type: "button", class: "datepicker-next", "aria-label": t.next }, "›"),
    );
    const grid = make("table", { role: "grid", class: "datepicker-grid" });
    const headRow = make("tr");
    t.weekdays.forEach((short, i) => {
      const th = make("th", { scope: "col", abbr: t.weekdayNames[i] }, short);
      headRow.append(th);
    });
    const thead = make("thead");
    thead.append(headRow);
    grid.append(thead, make("tbody"));
    const foot = make("div", { class: "datepicker-foot" });
    foot.append(
      make("button", { type: "button", class: "link datepicker-today" }, t.today),
      make("button", { type: "button", class: "link datepicker-close" }, t.close),
    );
    popup.append(head, grid, foot);
    document.body.append(popup);
    open = { input, button, popup, focus: chosen || new Date(), chosen };
    button.setAttribute("aria-expanded", "true");
    render();
    place(popup, input);
    focusDay();
  }

  function pick(value) {
    const { input } = open;
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
    close(false);
    input.focus();
  }

  function move(to) {
    open.focus = to;
    render();
    focusDay();
  }

  const KEYS = {
    ArrowLeft: (d) => addDays(d, -1),
    ArrowRight: (d) => addDays(d, 1),
    ArrowUp: (d) => addDays(d, -7),
    ArrowDown: (d) => addDays(d, 7),
    PageUp: (d, shift) => addMonths(d, shift ? -12 : -1),
    PageDown: (d, shift) => addMonths(d, shift ? 12 : 1),
    Home: (d) => addDays(d, -((d.getDay() + 6) % 7)),
    End: (d) => addDays(d, 6 - ((d.getDay() + 6) % 7)),
  };

  // One button per date box, added beside it (also to boxes htmx swaps in later).
  function upgrade(root) {
    const scope = root && root.querySelectorAll ? root : document;
    const boxes = [...scope.querySelectorAll("input[data-datepicker]")];
    if (scope.matches && scope.matches("input[data-datepicker]")) boxes.push(scope);
    for (const input of boxes) {
      if (input.dataset.datepickerReady) continue;
      input.dataset.datepickerReady = "1";
      const button = make("button", {
        type: "button",
        class: "datepicker-open",
        "aria-haspopup": "dialog",
        "aria-expanded": "false",
        "aria-label": input.labels && input.labels.length
          ? `${text().open}: ${input.labels[0].textContent.trim().replace(/:$/, "")}`
          : text().open,
      });
      button.innerHTML = '<svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
        '<path fill="currentColor" d="M7 2h2v2h6V2h2v2h3a1 1 0 0 1 1 1v15a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V5a1 1 0 0 1 ' +
        '1-1h3V2Zm12 8H5v9h14v-9ZM7 12h3v3H7v-3Z"/></svg>';
      const wrap = make("span", { class: "date-field" });
      input.replaceWith(wrap);
      wrap.append(input, button);
    }
  }

  document.addEventListener("click", (event) => {
    const opener = event.target.closest("button.datepicker-open");
    if (opener) {
      const input = opener.parentElement.querySelector("input[data-datepicker]");
      if (open && open.input === input) close(true);
      else show(input, opener);
      return;
    }
    if (!open) return;
    if (!open.popup.contains(event.target)) return close(false);
    const target = event.target.closest("button");
    if (!target) return;
    if (target.dataset.day) pick(target.dataset.day);
    else if (target.classList.contains("datepicker-prev")) { open.focus = addMonths(open.focus, -1); render(); }
    else if (target.classList.contains("datepicker-next")) { open.focus = addMonths(open.focus, 1); render(); }
    else if (target.classList.contains("datepicker-today")) pick(shown(new Date()));
    else if (target.classList.contains("datepicker-close")) close(true);
  });

  document.addEventListener("keydown", (event) => {
    // Alt+↓ in a date box opens its calendar, as in a select.
    if (event.altKey && event.key === "ArrowDown" && event.target.matches("input[data-datepicker]")) {
      const opener = event.target.parentElement.querySelector("button.datepicker-open");
      if (opener) { event.preventDefault(); show(event.target, opener); }
      return;
    }
    if (!open || !open.popup.contains(event.target)) return;
    if (event.key === "Escape") { event.preventDefault(); close(true); return; }
    if (!event.target.dataset.day) return;
    const step = KEYS[event.key];
    if (step) { event.preventDefault(); move(step(open.focus, event.shiftKey)); }
  });

  // Focus leaving the calendar closes it (Tab past its last button).
  document.addEventListener("focusin", (event) => {
    if (open && !open.popup.contains(event.target) && event.target !== open.button) close(false);
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => upgrade(document));
  else upgrade(document);
  document.addEventListener("htmx:load", (event) => upgrade(event.target));
})();
