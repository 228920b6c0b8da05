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

  const intro = h("p", {
    class: "sbs-intro",
    text: "Edit any item, move it up or down, remove it, or add your own. Everything saves on this computer as you go.",
  });

  const textInput = (id, maxLength) => h("input", { type: "text", id, autocomplete: "off", maxLength });
  const titleInput = textInput(`${uid}-title`, model.get("max_title_chars"));
  const titleWrap = field("Heading for your handout", titleInput);

  const listHead = h("h3", { id: `${uid}-list-head` });
  const list = h("ol", { "aria-labelledby": listHead.id });

  const addInput = textInput(`${uid}-new`, model.get("max_chars"));
  const addButton = actionButton("Add to the agreement", () => add());
  const addBox = h("div", { class: "sbs-add" }, field("Add an item of your own", addInput), addButton);

  const putBackList = h("div", { class: "sbs-item-actions" });
  const putBack = h("div", { class: "sbs-put-back" }, h("h3", { text: "Put back a starting item" }), putBackList);

  const saves = saver(model, statusLine());

  let pendingFocus = null;

  const items = () => (Array.isArray(model.get("items")) ? model.get("items") : []);
  const shown = () =>
    Array.from(list.children).map((li) => ({ id: li.dataset.id, text: li.querySelector("textarea").value }));
  const same = (a, b) => a.length === b.length && a.every((x, i) => x.id === b[i].id && x.text === b[i].text);

  const sendList = () => {
    const now = shown();
    saves.set({ items: now }, now.map((item) => item.text));
  };

  // A secondary button for one item; `data-act` and `data-id` let focus come back to it after a rebuild.
  const itemButton = (text, kind, id, label, onClick) =>
    actionButton(text, onClick, { class: "sbs-secondary", "data-act": kind, "data-id": id, "aria-label": label });

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
      putBackList.append(itemButton(`Put back: ${short(d.text, 50)}`, "put-back", d.id, `Put back: ${d.text}`, () => {
        pendingFocus = { id: d.id, act: "text" };
        saves.act({ type: "put-back", id: d.id });
      }));
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
      const inputId = `${uid}-item-${n}`;
      // A two-line text area, so a long item can be read whole; Enter never adds a line break
      // (an agreement item is one line on the handout).
      const input = h("textarea", {
        rows: rowsFor(item.text),
        id: inputId,
        maxLength: model.get("max_chars"),
        value: item.text,
        "data-id": item.id,
        "data-act": "text",
      });
      const up = itemButton("Move up", "up", item.id, `Move up: ${short(item.text)}`, () => {
        pendingFocus = { id: item.id, act: "up" };
        saves.act({ type: "move", id: item.id, by: -1 });
      });
      up.disabled = n === 0;
      const down = itemButton("Move down", "down", item.id, `Move down: ${short(item.text)}`, () => {
        pendingFocus = { id: item.id, act: "down" };
        saves.act({ type: "move", id: item.id, by: 1 });
      });
      down.disabled = n === all.length - 1;
      const remove = itemButton("Remove", "remove", item.id, `Remove: ${short(item.text)}`, () => {
        const now = items();
        const at = now.findIndex((i) => i.id === item.id);
        const next = now[at + 1] || now[at - 1];
        pendingFocus = next ? { id: next.id, act: "text" } : { act: "add" };
        saves.act({ type: "remove", id: item.id });
      });
      const li = h("li", { "data-id": item.id },
        h("label", { for: inputId, text: `Item ${n + 1}` }),
        input,
        h("div", { class: "sbs-item-actions" }, up, down, remove));
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
      saves.say("Write the new item first, then add it.");
      addInput.focus();
      return;
    }
    pendingFocus = { act: "add" };
    if (saves.act({ type: "add", text }, [text])) addInput.value = "";
  };

  titleInput.addEventListener("input", () => saves.set({ title: titleInput.value }, [titleInput.value]));
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

  syncTitle();
  buildList();
  el.append(intro, titleWrap, listHead, list, putBack, addBox, saves.line);
  return listen(model, { "change:items": onItems, "change:title": syncTitle, "change:defaults": buildPutBack }, saves.stop);
}
export default { render };
