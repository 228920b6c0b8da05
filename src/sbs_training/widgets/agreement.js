// AgreementBuilder front end: an editable, reorderable list with real labels and buttons.
// Typing is sent as the new list (the kernel checks and saves it); Add, Move, Remove and
// Put back are sent as requests, and the kernel's answer rebuilds the list. After a rebuild,
// focus returns to the same control on the same item, so keyboard users never lose their place.

// Enough rows to show an item whole at the widget's width (about 55 characters a line).
const rowsFor = (text) => Math.min(7, Math.max(2, Math.ceil((text || "").length / 55)));

const short = (text, limit = 60) => {
  const t = (text || "").replace(/\s+/g, " ").trim() || "empty item";
  return t.length > limit ? `${t.slice(0, limit - 1)}…` : t;
};

function render({ model, el }) {
  const uid = newId("agreement");
  el.classList.add("sbs-agreement", "sbs-widget");

  const intro = document.createElement("p");
  intro.className = "sbs-intro";
  intro.textContent =
    "Edit any item, move it up or down, remove it, or add your own. Everything saves on this computer as you go.";

  const field = (labelText, id) => {
    const wrap = document.createElement("div");
    wrap.className = "sbs-field";
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = labelText;
    const input = document.createElement("input");
    input.type = "text";
    input.id = id;
    input.autocomplete = "off";
    wrap.append(label, input);
    return [wrap, input];
  };

  const [titleWrap, titleInput] = field("Heading for your handout", `${uid}-title`);
  titleInput.maxLength = model.get("max_title_chars");

  const listHead = document.createElement("h3");
  listHead.id = `${uid}-list-head`;
  const list = document.createElement("ol");
  list.setAttribute("aria-labelledby", listHead.id);

  const addBox = document.createElement("div");
  addBox.className = "sbs-add";
  const [addWrap, addInput] = field("Add an item of your own", `${uid}-new`);
  addInput.maxLength = model.get("max_chars");
  const addButton = document.createElement("button");
  addButton.type = "button";
  addButton.textContent = "Add to the agreement";
  addBox.append(addWrap, addButton);

  const putBack = document.createElement("div");
  putBack.className = "sbs-put-back";
  const putBackHead = document.createElement("h3");
  putBackHead.textContent = "Put back a starting item";
  const putBackList = document.createElement("div");
  putBackList.className = "sbs-item-actions";
  putBack.append(putBackHead, putBackList);

  const status = document.createElement("p");
  status.className = "sbs-status";
  status.setAttribute("role", "status");

  let pendingFocus = null;

  const items = () => (Array.isArray(model.get("items")) ? model.get("items") : []);
  const shown = () =>
    Array.from(list.children).map((li) => ({ id: li.dataset.id, text: li.querySelector("textarea").value }));
  const same = (a, b) => a.length === b.length && a.every((x, i) => x.id === b[i].id && x.text === b[i].text);

  const sendList = () => {
    model.set("items", shown());
    model.save_changes();
  };

  const button = (text, act, id, label) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "sbs-secondary";
    b.textContent = text;
    b.dataset.act = act;
    b.dataset.id = id;
    b.setAttribute("aria-label", label);
    return b;
  };

  const focusFor = (keep) => {
    if (keep.act === "add") { addInput.focus(); return; }
    const find = (act) => list.querySelector(`[data-id="${CSS.escape(keep.id)}"][data-act="${act}"]`);
    let target = find(keep.act);
    if (target && target.disabled) target = find(keep.act === "up" ? "down" : "up");
    if (target && target.disabled) target = find("text");
    if (target) {
      target.focus();
      if (target.tagName === "TEXTAREA") target.setSelectionRange(target.value.length, target.value.length);
    } else {
      addInput.focus();
    }
  };

  const buildPutBack = () => {
    const present = new Set(items().map((i) => i.id));
    const missing = (model.get("defaults") || []).filter((d) => !present.has(d.id));
    putBackList.replaceChildren();
    for (const d of missing) {
      const b = button(`Put back: ${short(d.text, 50)}`, "put-back", d.id, `Put back: ${d.text}`);
      b.addEventListener("click", () => {
        pendingFocus = { id: d.id, act: "text" };
        act(model, { type: "put-back", id: d.id });
      });
      putBackList.append(b);
    }
    putBack.hidden = missing.length === 0;
  };

  const buildList = () => {
    const active = document.activeElement;
    let keep = pendingFocus;
    if (!keep && active && list.contains(active) && active.dataset.id) {
      keep = { id: active.dataset.id, act: active.dataset.act };
    }
    pendingFocus = null;
    const all = items();
    list.replaceChildren();
    all.forEach((item, n) => {
      const li = document.createElement("li");
      li.dataset.id = item.id;
      const inputId = `${uid}-item-${n}`;
      const label = document.createElement("label");
      label.htmlFor = inputId;
      label.textContent = `Item ${n + 1}`;
      // A two-line text area, so a long item can be read whole; Enter never adds a line break
      // (an agreement item is one line on the handout).
      const input = document.createElement("textarea");
      input.rows = rowsFor(item.text);
      input.id = inputId;
      input.maxLength = model.get("max_chars");
      input.value = item.text;
      input.dataset.id = item.id;
      input.dataset.act = "text";
      const actions = document.createElement("div");
      actions.className = "sbs-item-actions";
      const up = button("Move up", "up", item.id, `Move up: ${short(item.text)}`);
      up.disabled = n === 0;
      const down = button("Move down", "down", item.id, `Move down: ${short(item.text)}`);
      down.disabled = n === all.length - 1;
      const remove = button("Remove", "remove", item.id, `Remove: ${short(item.text)}`);
      actions.append(up, down, remove);
      li.append(label, input, actions);
      list.append(li);

      input.addEventListener("keydown", (event) => {
        if (event.key === "Enter") event.preventDefault();
      });
      input.addEventListener("input", () => {
        input.rows = rowsFor(input.value);
        up.setAttribute("aria-label", `Move up: ${short(input.value)}`);
        down.setAttribute("aria-label", `Move down: ${short(input.value)}`);
        remove.setAttribute("aria-label", `Remove: ${short(input.value)}`);
        sendList();
      });
      up.addEventListener("click", () => {
        pendingFocus = { id: item.id, act: "up" };
        act(model, { type: "move", id: item.id, by: -1 });
      });
      down.addEventListener("click", () => {
        pendingFocus = { id: item.id, act: "down" };
        act(model, { type: "move", id: item.id, by: 1 });
      });
      remove.addEventListener("click", () => {
        const now = items();
        const at = now.findIndex((i) => i.id === item.id);
        const next = now[at + 1] || now[at - 1];
        pendingFocus = next ? { id: next.id, act: "text" } : { act: "add" };
        act(model, { type: "remove", id: item.id });
      });
    });
    listHead.textContent = `Your agreement: ${all.length} ${all.length === 1 ? "item" : "items"}`;
    const full = all.length >= model.get("max_items");
    addButton.disabled = full;
    addInput.disabled = full;
    buildPutBack();
    if (keep) focusFor(keep);
  };

  const syncTitle = () => {
    const title = model.get("title");
    if (typeof title === "string" && titleInput.value !== title) titleInput.value = title;
  };

  const add = () => {
    const text = addInput.value;
    if (!text.trim()) {
      status.textContent = "Write the new item first, then add it.";
      addInput.focus();
      return;
    }
    pendingFocus = { act: "add" };
    act(model, { type: "add", text });
    addInput.value = "";
  };

  titleInput.addEventListener("input", () => {
    model.set("title", titleInput.value);
    model.save_changes();
  });
  addButton.addEventListener("click", add);
  addInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      add();
    }
  });

  const onItems = () => {
    // Rebuild only when the kernel's list differs from what the page shows (not for our own typing).
    if (!same(shown(), items())) buildList();
    else buildPutBack();
  };
  const onStatus = () => { status.textContent = model.get("status"); };

  syncTitle();
  buildList();
  onStatus();
  el.append(intro, titleWrap, listHead, list, putBack, addBox, status);
  return listen(model, { "change:items": onItems, "change:title": syncTitle, "change:status": onStatus, "change:defaults": buildPutBack });
}
export default { render };
