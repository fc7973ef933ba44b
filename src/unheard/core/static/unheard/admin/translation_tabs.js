// A translated field's versions one language at a time: the rows "Summary [ru]", "Summary [en]",
// ... of a form become one row with a tab per language. Every version stays in the form and is
// saved; a tab is marked when its version is filled, and one holding an error opens first.
(function () {
  "use strict";

  const ROW = /(?:^|\s)field-(\w+)_([a-z]{2})(?:\s|$)/;

  function parts(row) {
    const match = row.className.match(ROW);
    // The hidden template of an inline's new rows is tabbed once copied (formset:added).
    const template = row.closest(".empty-form");
    return match && !template && row.querySelectorAll("input, select, textarea").length
      ? { field: match[1], language: match[2] }
      : null;
  }

  function filled(row) {
    return [...row.querySelectorAll("input[type=text], textarea")].some((e) => e.value.trim());
  }

  // Rows that follow each other and hold the same field in different languages.
  function groups(root) {
    const found = [];
    let current = null;
    for (const row of root.querySelectorAll(".form-row")) {
      const of = parts(row);
      const follows = current && current.rows.at(-1) === row.previousElementSibling;
      if (of && follows && current.field === of.field) {
        current.rows.push(row);
        continue;
      }
      current = of ? { field: of.field, rows: [row] } : null;
      if (current) found.push(current);
    }
    return found.filter((group) => group.rows.length > 1);
  }

  function show(group, chosen) {
    group.rows.forEach((row, index) => {
      const on = index === chosen;
      row.hidden = !on;
      group.tabs[index].setAttribute("aria-selected", on ? "true" : "false");
      group.tabs[index].tabIndex = on ? 0 : -1;
    });
  }

  function first(group) {
    const page = document.documentElement.lang.slice(0, 2);
    const withError = group.rows.findIndex((row) => row.classList.contains("errors"));
    if (withError >= 0) return withError;
    const inPage = group.rows.findIndex((row) => parts(row).language === page);
    return inPage >= 0 ? inPage : 0;
  }

  function tabbed(group) {
    const list = document.createElement("div");
    list.className = "translation-tabs";
    list.setAttribute("role", "tablist");
    group.tabs = group.rows.map((row, index) => {
      const tab = document.createElement("button");
      tab.type = "button";
      tab.setAttribute("role", "tab");
      tab.textContent = parts(row).language.toUpperCase();
      const label = row.querySelector("label");
      if (label) tab.title = label.textContent.replace(/:$/, "");
      tab.classList.toggle("translation-filled", filled(row));
      tab.classList.toggle("translation-error", row.classList.contains("errors"));
      row.setAttribute("role", "tabpanel");
      tab.addEventListener("click", () => show(group, index));
      tab.addEventListener("keydown", (event) => {
        const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
        if (!step) return;
        const next = (index + step + group.rows.length) % group.rows.length;
        show(group, next);
        group.tabs[next].focus();
      });
      row.addEventListener("input", () => tab.classList.toggle("translation-filled", filled(row)));
      list.append(tab);
      return tab;
    });
    group.rows[0].before(list);
    show(group, first(group));
  }

  document.addEventListener("DOMContentLoaded", () => {
    groups(document).forEach(tabbed);
    // A stacked inline's "Add another" row: its translated fields get tabs too.
    document.addEventListener("formset:added", (event) => groups(event.target).forEach(tabbed));
  });
})();
