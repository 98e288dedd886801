/* The session builder: a timed plan for the length, the room and the focus the trainer chooses.
 *
 * Every plan's timings were computed when the handbook was built (from the 90-minute and
 * half-day plan pages) and sit in the page as JSON; this script picks one, fills each step
 * of the cycle with the chosen factors' questions, lists what to print, and keeps the choice
 * in the address (#length=90&room=users&focus=resources,understaffing) so it can be sent.
 * Words come from the page's data, never from here. Nothing is fetched: works from file://.
 */
(function () {
  "use strict";

  var root = document.querySelector(".pt-builder");
  var source = root && root.querySelector("#pt-builder-data");
  if (!source) return;

  var data = JSON.parse(source.textContent);
  var strings = data.strings;
  var form = root.querySelector(".pt-builder-form");
  var output = root.querySelector(".pt-builder-output");
  var status = root.querySelector(".pt-builder-status");
  var STEPS = ["reaction", "interaction", "action"];
  var factorsById = {};
  data.factors.forEach(function (factor) { factorsById[factor.id] = factor; });

  function say(key, values) {
    return strings.text[key].replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? values[name] : whole;
    });
  }

  /* An element; text is set as text (never parsed), and marked lang="en" when it is an English fallback. */
  function el(tag, attributes, text, english) {
    var element = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    if (text !== undefined) element.textContent = text;
    if (english) element.lang = "en";
    return element;
  }

  function sayEl(tag, key, values, attributes) {
    return el(tag, attributes, say(key, values), strings.english.indexOf(key) >= 0);
  }

  function clock(minutes) {
    return Math.floor(minutes / 60) + ":" + String(minutes % 60).padStart(2, "0");
  }

  // --- The choice: read from and written to the form and the address.

  function choice() {
    var checked = function (name) {
      return Array.prototype.map.call(form.querySelectorAll("input[name=" + name + "]:checked"), function (i) {
        return i.value;
      });
    };
    return {
      length: checked("length")[0] || "90",
      room: checked("room")[0] || "staff",
      dimensions: checked("dimension"),
      factors: checked("factor"),
    };
  }

  function toHash(chosen) {
    return "#length=" + chosen.length + "&room=" + chosen.room +
      "&focus=" + chosen.dimensions.concat(chosen.factors).join(",");
  }

  /* The form set from an address such as #length=45&room=users&focus=contexts,understaffing. */
  function fromHash(hash) {
    var params = new URLSearchParams(hash.replace(/^#/, ""));
    if (!params.has("length")) return false;
    var focus = (params.get("focus") || "").split(",");
    Array.prototype.forEach.call(form.elements, function (input) {
      if (input.name === "length" || input.name === "room") input.checked = input.value === params.get(input.name);
      else if (input.name === "dimension" || input.name === "factor") input.checked = focus.indexOf(input.value) >= 0;
    });
    if (!form.querySelector("input[name=length]:checked")) form.querySelector("input[name=length][value='90']").checked = true;
    if (!form.querySelector("input[name=room]:checked")) form.querySelector("input[name=room][value=staff]").checked = true;
    return true;
  }

  // --- The plan.

  /* Dimensions in focus: chosen whole, or holding a chosen factor; none chosen means all three. */
  function focusDimensions(chosen) {
    var ids = data.dimensions.map(function (d) { return d.id; });
    var inFocus = ids.filter(function (id) {
      return chosen.dimensions.indexOf(id) >= 0 || chosen.factors.some(function (f) {
        return factorsById[f] && factorsById[f].dimension === id;
      });
    });
    return inFocus.length ? inFocus : ids;
  }

  /* Questions for one step: from each chosen factor; for a dimension chosen whole, from its first barrier and enabler. */
  function prompts(chosen, dimensions, step) {
    var picked = chosen.factors.map(function (id) { return factorsById[id]; }).filter(Boolean);
    var whole = picked.length ? chosen.dimensions : dimensions;
    whole.forEach(function (id) {
      ["barrier", "enabler"].forEach(function (kind) {
        var first = data.factors.filter(function (f) { return f.dimension === id && f.kind === kind; })[0];
        if (first && picked.indexOf(first) < 0) picked.push(first);
      });
    });
    return picked.map(function (factor) { return { factor: factor, questions: factor.questions[step] }; });
  }

  function promptList(items, english) {
    var list = el("ul", { "class": "pt-builder-prompts" });
    items.forEach(function (item) {
      var li = el("li");
      li.appendChild(el("strong", {}, item.factor.title, item.factor.english.indexOf("title") >= 0));
      li.appendChild(document.createTextNode(" "));
      item.questions.forEach(function (question, n) {
        if (n) li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", {}, question, english(item.factor)));
      });
      list.appendChild(li);
    });
    return list;
  }

  function render() {
    var chosen = choice();
    var key = chosen.length;
    var template = data.templates[data.templateFor[key]];
    var dimensions = focusDimensions(chosen);
    var focusKey = dimensions.slice().sort().join("+");
    var slots = data.timings[key][focusKey];
    var withUsers = chosen.room === "users";
    var titles = function (ids) {
      return ids.map(function (id) { return data.dimensions.filter(function (d) { return d.id === id; })[0].title; });
    };
    var focusText = titles(dimensions).join(", ");
    if (chosen.factors.length) {
      focusText = chosen.factors.filter(function (id) { return factorsById[id]; })
        .map(function (id) { return factorsById[id].title; }).concat(titles(chosen.dimensions)).join(", ");
    }
    var roomText = say(withUsers ? "room_users" : "room_staff");
    var summary = say("summary", { minutes: key, room: roomText, focus: focusText });

    output.textContent = "";
    var section = el("section", { "class": "pt-builder-plan", "aria-labelledby": "pt-builder-plan-heading" });
    section.appendChild(sayEl("h2", "plan", null, { id: "pt-builder-plan-heading" }));
    section.appendChild(el("p", { "class": "pt-builder-summary" }, summary));
    var basis = sayEl("p", "based_on", null, { "class": "pt-builder-basis" });
    basis.appendChild(document.createTextNode(" "));
    basis.appendChild(el("a", { href: template.href }, template.title, template.english));
    section.appendChild(basis);
    if (withUsers) {
      var note = el("p", { "class": "pt-builder-users-note" });
      note.appendChild(sayEl("a", "users_note", null, { href: data.guide }));
      section.appendChild(note);
    }

    var table = el("table", { "class": "pt-builder-table" });
    var head = el("tr");
    template.header.forEach(function (cell) { head.appendChild(el("th", { scope: "col" }, cell, template.english)); });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    var sheets = ["cycle"].concat(dimensions);
    slots.forEach(function (slot) {
      var row = el("tr", { "data-start": slot[0], "data-minutes": slot[1] });
      row.appendChild(el("td", {}, clock(slot[0])));
      row.appendChild(el("td", {}, String(slot[1])));
      var cells = [el("td"), el("td"), el("td")];
      slot[2].forEach(function (index) {
        var block = template.blocks[index];
        block.cells.forEach(function (html, n) {
          // Built by the handbook from its own plan pages, never from what a reader types or sends.
          var part = el("div", {});
          part.innerHTML = html;
          if (template.english) part.lang = "en";
          cells[n].appendChild(part);
        });
        block.worksheets.forEach(function (sheet) { if (sheets.indexOf(sheet) < 0) sheets.push(sheet); });
        if (STEPS.indexOf(block.kind) >= 0) {
          row.setAttribute("data-step", block.kind);
          cells[2].appendChild(sayEl("p", "prompts", null, { "class": "pt-builder-prompts-title" }));
          cells[2].appendChild(promptList(prompts(chosen, dimensions, block.kind), function (f) {
            return f.english.indexOf("questions." + block.kind) >= 0;
          }));
          if (withUsers && block.kind === "interaction") {
            // The users' side of the chosen factors (or, with none chosen, of every factor in focus).
            var asked = (chosen.factors.length ? chosen.factors.map(function (id) { return factorsById[id]; })
              : data.factors.filter(function (f) { return dimensions.indexOf(f.dimension) >= 0; }))
              .filter(function (f) { return f && f.userQuestions.length; })
              .map(function (f) { return { factor: f, questions: f.userQuestions }; });
            if (asked.length) {
              cells[2].appendChild(sayEl("p", "user_prompts", null, { "class": "pt-builder-prompts-title" }));
              cells[2].appendChild(promptList(asked, function (f) {
                return f.english.indexOf("user_questions") >= 0;
              }));
            }
          }
        }
      });
      cells.forEach(function (cell) { row.appendChild(cell); });
      body.appendChild(row);
    });
    section.appendChild(table);
    var last = slots[slots.length - 1];
    section.appendChild(sayEl("p", "ends", { time: clock(last[0] + last[1]) }, { "class": "pt-builder-ends" }));

    section.appendChild(sayEl("h2", "materials", null, { id: "pt-builder-materials" }));
    var materials = el("ul", { "class": "pt-builder-materials" });
    var listed = data.worksheets.filter(function (w) { return sheets.indexOf(w.key) >= 0; }).concat([data.cards]);
    listed.forEach(function (item) {
      var li = el("li");
      li.appendChild(el("a", { href: item.href }, item.title));
      item.pdfs.forEach(function (pdf) {
        li.appendChild(document.createTextNode(" · "));
        li.appendChild(el("a", { href: pdf.href, download: "", "class": "pt-builder-pdf" }, "PDF " + pdf.label));
      });
      materials.appendChild(li);
    });
    section.appendChild(materials);

    var hash = toHash(chosen);
    var address = location.href.split("#")[0] + hash;
    var link = sayEl("p", "link", null, { "class": "pt-builder-link" });
    link.appendChild(document.createTextNode(" "));
    link.appendChild(el("a", { href: hash, "class": "pt-builder-address" }, address));
    section.appendChild(link);
    var print = sayEl("button", "print", null, { type: "button", "class": "md-button md-button--primary" });
    print.addEventListener("click", function () { window.print(); });
    section.appendChild(print);
    output.appendChild(section);

    if (location.hash !== hash) {
      try { history.replaceState(null, "", hash); } catch (error) { location.replace(hash); }
    }
    return summary;
  }

  form.hidden = false;
  root.querySelector(".pt-builder-nojs").hidden = true;
  fromHash(location.hash);
  render();
  form.addEventListener("change", function () {
    status.textContent = say("updated", { summary: render() });
  });
  window.addEventListener("hashchange", function () {
    if (fromHash(location.hash)) render();
  });
})();
