/* On-screen worksheets keep their answers in this browser (localStorage) and nowhere else.
 *
 * Without this script a worksheet is a blank form that prints blank. With it, every tick and
 * word is saved as it is typed, under a named session (several per worksheet), and can be
 * cleared, saved to a JSON file, opened from one (checked first) and printed. Every word the
 * controls show comes from the page (rendered from factors/interface.yml), none from here.
 * Nothing is fetched or sent: this also runs from file:// and from the offline zip.
 */
(function () {
  "use strict";

  var FORMAT = "power-triangle-worksheet-answers";
  var FORMAT_VERSION = 1;
  var MAX_FILE_BYTES = 1024 * 1024;

  var frame = document.querySelector(".pt-sheet-frame[data-sheet]");
  var sheet = frame && frame.querySelector(".pt-sheet");
  var stringsBlock = frame && frame.querySelector("script.pt-answers-strings");
  if (!sheet || !stringsBlock) return;

  var strings = JSON.parse(stringsBlock.textContent);
  var sheetKey = frame.dataset.sheet;
  var storageKey = "power-triangle-handbook:worksheet:" + sheetKey;
  var fields = Array.prototype.slice.call(sheet.querySelectorAll("input[name], textarea[name]"));
  var byName = {};
  fields.forEach(function (field) { byName[field.name] = field; });

  /* An interface string with {placeholders} filled in. */
  function say(key, values) {
    return strings.text[key].replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? values[name] : whole;
    });
  }

  /* An element showing an interface string, marked lang="en" while the string is untranslated. */
  function make(tag, key, attributes) {
    var element = document.createElement(tag);
    if (key) {
      element.textContent = say(key);
      if (strings.english.indexOf(key) >= 0) element.lang = "en";
    }
    Object.keys(attributes || {}).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    return element;
  }

  // --- Storage: {current: name, sessions: {name: {field: value}}} under one key per worksheet.

  function load() {
    try {
      var stored = JSON.parse(localStorage.getItem(storageKey));
      if (stored && stored.sessions && typeof stored.sessions === "object") return stored;
    } catch (error) { /* unreadable storage starts afresh */ }
    var fresh = { current: say("session_default"), sessions: {} };
    fresh.sessions[fresh.current] = {};
    return fresh;
  }

  var store = load();
  if (!(store.current in store.sessions)) store.sessions[store.current] = {};

  function persist() {
    try {
      localStorage.setItem(storageKey, JSON.stringify(store));
    } catch (error) { /* storage full or off: the answers stay on the screen */ }
  }

  function readFields() {
    var answers = {};
    fields.forEach(function (field) {
      if (field.type === "checkbox") {
        if (field.checked) answers[field.name] = true;
      } else if (field.value) {
        answers[field.name] = field.value;
      }
    });
    return answers;
  }

  function showAnswers(answers) {
    fields.forEach(function (field) {
      var value = answers[field.name];
      if (field.type === "checkbox") field.checked = value === true;
      else field.value = typeof value === "string" ? value : "";
    });
  }

  // --- The controls, built here so that a page without JavaScript shows none of them.

  var tools = make("section", null, { "class": "pt-answers", "aria-labelledby": "pt-answers-heading" });
  var heading = make("h2", "tools", { id: "pt-answers-heading", "class": "pt-answers-heading" });
  var privacy = make("p", "privacy", { "class": "pt-answers-privacy" });

  var sessionRow = make("div", null, { "class": "pt-answers-row" });
  var pickLabel = make("label", null, { "for": "pt-answers-session" });
  pickLabel.appendChild(make("span", "session"));
  var pick = make("select", null, { id: "pt-answers-session" });
  var newLabel = make("label", null, { "for": "pt-answers-new" });
  newLabel.appendChild(make("span", "session_name"));
  var newName = make("input", null, { id: "pt-answers-new", type: "text", maxlength: "80", autocomplete: "off" });
  var newButton = make("button", "session_new", { type: "button", "class": "md-button" });
  var pickGroup = make("span", null, { "class": "pt-answers-group" });
  var newGroup = make("span", null, { "class": "pt-answers-group" });
  pickGroup.append(pickLabel, pick);
  newGroup.append(newLabel, newName, newButton);
  sessionRow.append(pickGroup, newGroup);

  var buttonRow = make("div", null, { "class": "pt-answers-row" });
  var saveButton = make("button", "save_file", { type: "button", "class": "md-button" });
  var openButton = make("button", "open_file", { type: "button", "class": "md-button" });
  var fileInput = make("input", null, { type: "file", accept: ".json,application/json", hidden: "", tabindex: "-1" });
  var printButton = make("button", "print", { type: "button", "class": "md-button md-button--primary" });
  var clearButton = make("button", "clear", { type: "button", "class": "md-button" });
  buttonRow.append(printButton, saveButton, openButton, fileInput, clearButton);

  var status = make("p", null, { "class": "pt-answers-status", role: "status", "aria-live": "polite" });
  tools.append(heading, privacy, sessionRow, buttonRow, status);
  frame.insertBefore(tools, sheet);

  function tell(message) {
    status.textContent = message;
  }

  function listSessions() {
    pick.textContent = "";
    Object.keys(store.sessions).forEach(function (name) {
      var option = document.createElement("option");
      option.value = option.textContent = name;
      option.selected = name === store.current;
      pick.appendChild(option);
    });
  }

  function switchTo(name) {
    if (!(name in store.sessions)) store.sessions[name] = {};
    store.current = name;
    persist();
    listSessions();
    showAnswers(store.sessions[name]);
  }

  /* A name not yet used: "Team A", then "Team A (2)", "Team A (3)"… */
  function unusedName(name) {
    var candidate = name;
    for (var n = 2; candidate in store.sessions; n++) candidate = name + " (" + n + ")";
    return candidate;
  }

  // --- Answers saved as they are typed.

  function remember() {
    store.sessions[store.current] = readFields();
    persist();
  }
  sheet.addEventListener("input", remember);
  sheet.addEventListener("change", remember);

  // Another tab of the same worksheet changed the answers: show them rather than overwrite them later.
  window.addEventListener("storage", function (event) {
    if (event.key !== storageKey) return;
    store = load();
    if (!(store.current in store.sessions)) store.sessions[store.current] = {};
    listSessions();
    showAnswers(store.sessions[store.current]);
  });

  pick.addEventListener("change", function () {
    switchTo(pick.value);
    tell(say("session_shown", { name: pick.value }));
  });

  function startSession() {
    var name = newName.value.trim();
    if (!name) { newName.focus(); return; }
    switchTo(name);
    newName.value = "";
    tell(say("session_shown", { name: name }));
  }
  newButton.addEventListener("click", startSession);
  newName.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); startSession(); }
  });

  clearButton.addEventListener("click", function () {
    if (!window.confirm(say("clear_confirm", { name: store.current }))) return;
    store.sessions[store.current] = {};
    persist();
    showAnswers({});
    tell(say("cleared", { name: store.current }));
  });

  printButton.addEventListener("click", function () { window.print(); });

  // --- Files: what is saved names the worksheet, the language and the handbook's version.

  function fileName() {
    var safe = store.current.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "") || "answers";
    return "worksheet-" + sheetKey + "-" + safe + ".json";
  }

  saveButton.addEventListener("click", function () {
    var data = {
      format: FORMAT,
      formatVersion: FORMAT_VERSION,
      worksheet: sheetKey,
      language: frame.dataset.language,
      handbookVersion: frame.dataset.version,
      session: store.current,
      saved: new Date().toISOString(),
      answers: readFields(),
    };
    var blob = new Blob([JSON.stringify(data, null, 2) + "\n"], { type: "application/json" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = fileName();
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 0);
    tell(say("saved_file", { file: link.download }));
  });

  /* The answers in a file's text, or the reason it cannot be used: checked whole before anything changes. */
  function check(text) {
    var data;
    try { data = JSON.parse(text); } catch (error) { return { problem: "file_damaged" }; }
    if (!data || typeof data !== "object" || data.format !== FORMAT || data.formatVersion !== FORMAT_VERSION) {
      return { problem: "file_damaged" };
    }
    if (typeof data.worksheet !== "string") return { problem: "file_damaged" };
    if (data.worksheet !== sheetKey) return { problem: "file_other_sheet", sheet: data.worksheet };
    var answers = data.answers;
    if (typeof data.session !== "string" || !data.session.trim() || data.session.length > 200) {
      return { problem: "file_damaged" };
    }
    if (!answers || typeof answers !== "object" || Array.isArray(answers)) return { problem: "file_damaged" };
    var names = Object.keys(answers);
    for (var i = 0; i < names.length; i++) {
      var field = byName[names[i]];
      var value = answers[names[i]];
      // A field this version of the worksheet no longer has is left out; a known one must hold the right kind of value.
      if (typeof value !== "string" && typeof value !== "boolean") return { problem: "file_damaged" };
      if (field && (field.type === "checkbox") !== (typeof value === "boolean")) return { problem: "file_damaged" };
    }
    var kept = {};
    names.forEach(function (name) { if (byName[name]) kept[name] = answers[name]; });
    return { session: data.session.trim(), answers: kept };
  }

  openButton.addEventListener("click", function () { fileInput.click(); });
  fileInput.addEventListener("change", function () {
    var file = fileInput.files[0];
    fileInput.value = "";
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) { tell(say("file_damaged", { file: file.name })); return; }
    var reader = new FileReader();
    reader.onload = function () {
      var found = check(String(reader.result));
      if (found.problem) {
        tell(say(found.problem, { file: file.name, sheet: found.sheet }));
        return;
      }
      var name = found.session;
      var existing = store.sessions[name];
      if (existing && Object.keys(existing).length) name = unusedName(name);
      store.sessions[name] = found.answers;
      switchTo(name);
      tell(say("opened_file", { file: file.name, name: name }));
    };
    reader.onerror = function () { tell(say("file_damaged", { file: file.name })); };
    reader.readAsText(file);
  });

  listSessions();
  showAnswers(store.sessions[store.current]);
})();
