/* The search-as-one-types fields, and "select all on this page" of the action list.
   Without this script every page works: a search is a button or the form's own submit,
   a chip's × sends the form back without that person, and the list has its "all
   matching these filters" button.

   A search field is the ARIA combobox pattern with a listbox popup: the focus stays in
   the search box, the arrow keys move the active option (aria-activedescendant, and
   aria-selected on that option), Enter chooses it, Escape closes the list. htmx brings
   the options as one types; this script only handles keys, clicks and what a choice
   does. The box says which kind it is in data-combobox:
   - "employees" (inclusion/actions/picker.html): each choice becomes a chip with a
     hidden input; data-chips names the list of chips.
   - "one" (organisations/widgets/search_select.html): the choice's id goes into the hidden
     input data-value names, its name into the box; a filter's box (data-submits) then
     sends its form.
   - "many" (organisations/widgets/search_select_multiple.html): each choice becomes a
     ticked checkbox named data-name in the group data-chosen names; unticking leaves it out.
   data-status names the live region that says what happened. Everything is delegated
   from the document, because htmx replaces forms and lists. */
(function () {
  "use strict";

  var BOXES = '[role="combobox"][data-combobox]';

  function boxOf(element) {
    return element && element.closest ? element.closest(BOXES) : null;
  }
  function boxOfOption(option) {
    var list = option.closest('[role="listbox"]');
    return list ? document.querySelector('[aria-controls="' + list.id + '"]' + BOXES) : null;
  }
  function listbox(box) { return document.getElementById(box.getAttribute("aria-controls")); }
  function options(box) {
    var list = listbox(box);
    return list ? Array.prototype.slice.call(list.querySelectorAll('[role="option"]')) : [];
  }
  function say(box, text) {
    var status = document.getElementById(box.dataset.status);
    if (status && text) { status.textContent = text; }
  }

  function close(box) {
    var list = listbox(box);
    if (!list) { return; }
    list.hidden = true;
    box.setAttribute("aria-expanded", "false");
    box.removeAttribute("aria-activedescendant");
    options(box).forEach(function (option) { option.setAttribute("aria-selected", "false"); });
  }

  function open(box) {
    var list = listbox(box);
    if (!list) { return false; }
    if (!options(box).length) { close(box); return false; }
    list.hidden = false;
    box.setAttribute("aria-expanded", "true");
    return true;
  }

  function activeIndex(box) {
    var id = box.getAttribute("aria-activedescendant");
    return options(box).findIndex(function (option) { return option.id === id; });
  }

  function activate(box, index) {
    var all = options(box);
    if (!all.length) { return; }
    index = (index + all.length) % all.length;
    all.forEach(function (option, at) {
      option.setAttribute("aria-selected", at === index ? "true" : "false");
    });
    box.setAttribute("aria-activedescendant", all[index].id);
    all[index].scrollIntoView({ block: "nearest" });
  }

  // --- "employees": chips ----------------------------------------------------------------------

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

  function addChip(box, option) {
    var chips = document.getElementById(box.dataset.chips);
    var index = options(box).indexOf(option);
    if (!chips.querySelector('input[name="employees"][value="' + option.dataset.pk + '"]')) {
      chips.appendChild(chip(option));
    }
    option.remove();
    say(box, option.dataset.added);
    // Several people from one search: the list stays open at the next match.
    if (open(box)) { activate(box, Math.min(index, options(box).length - 1)); } else { close(box); }
    box.focus();
  }

  function removeChip(button) {
    var item = button.closest(".mw-chip");
    var next = item.nextElementSibling || item.previousElementSibling;
    var box = document.querySelector('[data-combobox="employees"]');
    item.remove();
    if (box) { say(box, button.dataset.removed); }
    var target = next ? next.querySelector(".mw-chip__remove") : box;
    if (target) { target.focus(); }
  }

  // --- "one": a single choice that filters ---------------------------------------------------

  function chooseOne(box, option) {
    var hidden = document.getElementById(box.dataset.value);
    hidden.value = option.dataset.pk;
    box.value = option.dataset.name;
    close(box);
    say(box, option.dataset.chosen);
    box.focus();
    // A field of a form being filled in waits for the form; the hidden input's change
    // is for whoever listens.
    if (!box.hasAttribute("data-submits")) {
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
      return;
    }
    // The filter form listens for a change (htmx); without htmx it is sent as it is.
    if (window.htmx && box.form && box.form.hasAttribute("hx-get")) {
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    } else if (box.form) {
      box.form.requestSubmit();
    }
  }

  // --- "many": several choices, each a ticked checkbox above the box --------------------------

  function chooseMany(box, option) {
    var group = document.getElementById(box.dataset.chosen);
    var id = box.id + "-chosen-" + option.dataset.pk;
    var existing = document.getElementById(id);
    if (existing) {
      existing.checked = true;
    } else {
      var item = document.createElement("div");
      item.className = "mw-choice";
      var tick = document.createElement("input");
      tick.type = "checkbox";
      tick.className = "utrecht-checkbox utrecht-checkbox--html-input";
      tick.name = box.dataset.name;
      tick.value = option.dataset.pk;
      tick.id = id;
      tick.checked = true;
      var label = document.createElement("label");
      label.className = "utrecht-form-label utrecht-form-label--checkbox";
      label.htmlFor = id;
      label.textContent = option.dataset.name;
      if (option.dataset.detail) {
        var detail = document.createElement("span");
        detail.className = "mw-meta";
        detail.textContent = option.dataset.detail;
        label.append(" ", detail);
      }
      item.append(tick, " ", label);
      group.appendChild(item);
    }
    box.value = "";
    close(box);
    say(box, option.dataset.chosen);
    box.focus();
  }

  function choose(box, option) {
    var kind = box.dataset.combobox;
    if (kind === "one") { chooseOne(box, option); } else if (kind === "many") { chooseMany(box, option); } else { addChip(box, option); }
  }

  // --- Keys, clicks, focus ---------------------------------------------------------------------

  document.addEventListener("keydown", function (event) {
    var box = event.target.matches && event.target.matches(BOXES) ? event.target : null;
    if (!box) { return; }
    var expanded = box.getAttribute("aria-expanded") === "true";
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!expanded) { if (open(box)) { activate(box, 0); } } else { activate(box, activeIndex(box) + 1); }
        break;
      case "ArrowUp":
        event.preventDefault();
        if (!expanded) { if (open(box)) { activate(box, -1); } } else { activate(box, activeIndex(box) - 1); }
        break;
      case "Enter":
        if (expanded && activeIndex(box) >= 0) {
          event.preventDefault();
          choose(box, options(box)[activeIndex(box)]);
        } else if (box.dataset.combobox === "employees" && box.value.trim()) {
          // Enter in a search box searches; the action is logged from any other field.
          event.preventDefault();
          if (window.htmx) {
            box.dispatchEvent(new Event("search"));
          } else {
            // Without htmx the search is the form's own Search button, as without script.
            var button = box.form && box.form.querySelector("button[name=search_employees]");
            if (button) { box.form.requestSubmit(button); }
          }
        } else if (box.dataset.combobox !== "employees" && !box.hasAttribute("data-submits")) {
          // A field of a longer form: Enter opens the list rather than sending the form.
          event.preventDefault();
          if (open(box)) { activate(box, 0); }
        }
        // A filter's box without a chosen option: Enter sends the filter form itself.
        break;
      case "Escape":
        if (expanded) { event.preventDefault(); close(box); }
        break;
      default:
        break;
    }
  });

  // Typing in a filter's box undoes the earlier choice: the text is what counts now.
  document.addEventListener("input", function (event) {
    var box = boxOf(event.target);
    if (box && box.dataset.combobox === "one") {
      var hidden = document.getElementById(box.dataset.value);
      if (hidden) { hidden.value = ""; }
    }
  });

  // A click on an option keeps the focus in the search box.
  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest && event.target.closest('[role="option"]');
    if (option && boxOfOption(option)) { event.preventDefault(); }
  });

  document.addEventListener("click", function (event) {
    if (!event.target.closest) { return; }
    var option = event.target.closest('[role="listbox"] [role="option"]');
    var box = option ? boxOfOption(option) : null;
    if (box) { choose(box, option); return; }
    var remove = event.target.closest(".mw-chips .mw-chip__remove");
    if (remove) { event.preventDefault(); removeChip(remove); }
  });

  document.addEventListener("focusout", function (event) {
    var box = boxOf(event.target);
    if (box && event.target === box) { close(box); }
  });

  // New options from htmx: open the list while its search box has the focus.
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll(BOXES).forEach(function (box) {
      if (!listbox(box)) { return; }
      if (document.activeElement === box && open(box)) {
        // An option made active before the list settled stays active, if it is still there.
        if (activeIndex(box) < 0) { box.removeAttribute("aria-activedescendant"); }
      } else {
        close(box);
      }
    });
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
