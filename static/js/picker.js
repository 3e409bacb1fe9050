/* The employee picker of the action forms (inclusion/actions/picker.html) and "select all
   on this page" of the action list. Without this script both pages work: the search is a
   button, a chip's × sends the form back without that person, and the list has its
   "all matching these filters" button.

   The picker is the ARIA combobox pattern with a listbox popup: the focus stays in the
   search box, the arrow keys move the active option (aria-activedescendant, and
   aria-selected on that option), Enter chooses it, Escape closes the list. htmx brings
   the options as one types; this script only handles keys, clicks and chips. Everything
   is delegated from the document, because htmx replaces the form after each save. */
(function () {
  "use strict";

  function input() { return document.getElementById("employee-search"); }
  function listbox() { return document.getElementById("employee-options"); }
  function options() {
    var list = listbox();
    return list ? Array.prototype.slice.call(list.querySelectorAll('[role="option"]')) : [];
  }
  function say(text) {
    var status = document.getElementById("employee-search-status");
    if (status && text) { status.textContent = text; }
  }

  function close() {
    var box = input(), list = listbox();
    if (!box || !list) { return; }
    list.hidden = true;
    box.setAttribute("aria-expanded", "false");
    box.removeAttribute("aria-activedescendant");
    options().forEach(function (option) { option.setAttribute("aria-selected", "false"); });
  }

  function open() {
    var box = input(), list = listbox();
    if (!box || !list) { return false; }
    if (!options().length) { close(); return false; }
    list.hidden = false;
    box.setAttribute("aria-expanded", "true");
    return true;
  }

  function activeIndex() {
    var id = input().getAttribute("aria-activedescendant");
    return options().findIndex(function (option) { return option.id === id; });
  }

  function activate(index) {
    var all = options();
    if (!all.length) { return; }
    index = (index + all.length) % all.length;
    all.forEach(function (option, at) {
      option.setAttribute("aria-selected", at === index ? "true" : "false");
    });
    input().setAttribute("aria-activedescendant", all[index].id);
    all[index].scrollIntoView({ block: "nearest" });
  }

  function chip(option) {
    var item = document.createElement("li");
    item.className = "mw-chip";
    var name = document.createElement("span");
    name.textContent = option.dataset.name;
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = "employees";
    hidden.value = option.dataset.pk;
    var button = document.createElement("button");
    button.type = "submit";
    button.name = "remove_employee";
    button.value = option.dataset.pk;
    button.formNoValidate = true;
    button.className = "mw-chip__remove";
    button.dataset.removed = option.dataset.removed;
    var cross = document.createElement("span");
    cross.setAttribute("aria-hidden", "true");
    cross.textContent = "×";
    var label = document.createElement("span");
    label.className = "mw-visually-hidden";
    label.textContent = option.dataset.remove;
    button.append(cross, label);
    item.append(name, " ", hidden, " ", button);
    return item;
  }

  function choose(option) {
    var chips = document.getElementById("employee-chips");
    var index = options().indexOf(option);
    if (!chips.querySelector('input[name="employees"][value="' + option.dataset.pk + '"]')) {
      chips.appendChild(chip(option));
    }
    option.remove();
    say(option.dataset.added);
    // Several people from one search: the list stays open at the next match.
    if (open()) { activate(Math.min(index, options().length - 1)); } else { close(); }
    input().focus();
  }

  function removeChip(button) {
    var item = button.closest(".mw-chip");
    var next = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    say(button.dataset.removed);
    var target = next ? next.querySelector(".mw-chip__remove") : input();
    if (target) { target.focus(); }
  }

  document.addEventListener("keydown", function (event) {
    var box = input();
    if (!box || event.target !== box) { return; }
    var expanded = box.getAttribute("aria-expanded") === "true";
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!expanded) { if (open()) { activate(0); } } else { activate(activeIndex() + 1); }
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!expanded) { if (open()) { activate(-1); } } else { activate(activeIndex() - 1); }
        break;
      case "Enter":
        if (expanded && activeIndex() >= 0) {
          event.preventDefault();
          choose(options()[activeIndex()]);
        } else if (box.value.trim()) {
          // Enter in a search box searches; the action is logged from any other field.
          event.preventDefault();
          if (window.htmx) {
            box.dispatchEvent(new Event("search"));
          } else {
            // Without htmx the search is the form's own Search button, as without script.
            const button = box.form && box.form.querySelector("button[name=search_employees]");
            if (button) { box.form.requestSubmit(button); }
          }
        }
        break;
      case "Escape":
        if (expanded) { event.preventDefault(); close(); }
        break;
      default:
        break;
    }
  });

  // A click on an option keeps the focus in the search box.
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest("#employee-options")) { event.preventDefault(); }
  });

  document.addEventListener("click", function (event) {
    if (!event.target.closest) { return; }
    var option = event.target.closest('#employee-options [role="option"]');
    if (option) { choose(option); return; }
    var remove = event.target.closest("#employee-chips .mw-chip__remove");
    if (remove) { event.preventDefault(); removeChip(remove); }
  });

  document.addEventListener("focusout", function (event) {
    if (event.target === input()) { close(); }
  });

  // New options from htmx: open the list while the search box has the focus.
  document.addEventListener("htmx:afterSettle", function () {
    var box = input();
    if (box && listbox()) {
      if (document.activeElement === box && open()) {
        // An option made active before the list settled stays active, if it is still there.
        if (activeIndex() < 0) { box.removeAttribute("aria-activedescendant"); }
      } else {
        close();
      }
    }
    showSelectAll();
  });

  // --- The action list: "select all on this page" --------------------------------------------

  function showSelectAll() {
    document.querySelectorAll("[data-select-all]").forEach(function (element) { element.hidden = false; });
  }

  document.addEventListener("change", function (event) {
    var rows = document.querySelectorAll('#action-rows input[name="selected"]');
    if (event.target.id === "select-all") {
      rows.forEach(function (box) { box.checked = event.target.checked; });
    } else if (event.target.name === "selected") {
      var all = document.getElementById("select-all");
      if (all) {
        var ticked = Array.prototype.filter.call(rows, function (box) { return box.checked; }).length;
        all.checked = ticked === rows.length;
        all.indeterminate = ticked > 0 && ticked < rows.length;
      }
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showSelectAll);
  } else {
    showSelectAll();
  }
})();
