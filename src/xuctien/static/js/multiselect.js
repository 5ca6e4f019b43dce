/* The filter forms' one multi-select: a searchable list of checkboxes over a plain
 * <select multiple data-multiselect> (core.filters.MultiSelect renders it, with its
 * labels in the page's language). Without JavaScript the native select still works;
 * with it the select stays in the form, hidden, and carries what is ticked.
 * The search ignores accents and case, as the server's search does.
 */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function summary(select) {
    var chosen = Array.prototype.filter.call(select.options, function (o) { return o.selected; });
    if (!chosen.length) return select.dataset.allLabel || "—";
    if (chosen.length <= 2) return chosen.map(function (o) { return o.textContent.trim(); }).join(", ");
    return (select.dataset.countLabel || "{n}").replace("{n}", chosen.length);
  }

  function element(tag, className, attrs) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    Object.keys(attrs || {}).forEach(function (key) { el.setAttribute(key, attrs[key]); });
    return el;
  }

  function enhance(select) {
    if (select.dataset.enhanced) return;
    select.dataset.enhanced = "1";
    var box = element("div", "multiselect");
    var toggle = element("button", "multiselect__toggle", {type: "button", "aria-expanded": "false"});
    var panel = element("div", "multiselect__panel");
    panel.hidden = true;
    var search = element("input", "multiselect__search", {
      type: "search", placeholder: select.dataset.searchLabel || "", "aria-label": select.dataset.searchLabel || "",
    });
    var list = element("ul", "multiselect__options");
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    if (label) {
      toggle.id = select.id + "-toggle";
      label.setAttribute("for", toggle.id);
    }
    Array.prototype.forEach.call(select.options, function (option) {
      var item = element("li");
      var text = option.textContent.trim();
      item.dataset.folded = fold(text);
      var check = element("input", null, {type: "checkbox", value: option.value});
      check.checked = option.selected;
      check.addEventListener("change", function () {
        option.selected = check.checked;
        toggle.textContent = summary(select);
      });
      var caption = element("label");
      caption.append(check, " " + text);
      item.append(caption);
      list.append(item);
    });
    search.addEventListener("input", function () {
      var wanted = fold(search.value.trim());
      list.querySelectorAll("li").forEach(function (item) {
        item.hidden = wanted && item.dataset.folded.indexOf(wanted) < 0;
      });
    });
    toggle.textContent = summary(select);
    toggle.addEventListener("click", function () {
      var open = panel.hidden;
      panel.hidden = !open;
      toggle.setAttribute("aria-expanded", String(open));
      if (open) search.focus();
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) {
        panel.hidden = true;
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
    panel.append(search, list);
    select.parentNode.insertBefore(box, select);
    box.append(toggle, panel, select);
    select.classList.add("visually-hidden");
    select.setAttribute("tabindex", "-1");
    select.setAttribute("aria-hidden", "true");
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("select[multiple][data-multiselect]").forEach(enhance);
  }

  document.addEventListener("click", function (event) {
    document.querySelectorAll(".multiselect__panel:not([hidden])").forEach(function (panel) {
      if (!panel.parentNode.contains(event.target)) {
        panel.hidden = true;
        panel.parentNode.querySelector(".multiselect__toggle").setAttribute("aria-expanded", "false");
      }
    });
  });
  document.addEventListener("DOMContentLoaded", function () { enhanceAll(document); });
  document.addEventListener("htmx:load", function (event) { enhanceAll(event.target); });
})();
