// My journal's view: search, read, edit (saved as you type) and bring back earlier versions.
// User text is only ever set as textContent.

function render({ model, el }) {
  const id = newId("journal");
  el.classList.add("sbs-widget", "sbs-journal");
  const searchLabel = h("label", { for: `${id}-search`, text: "Search my journal" });
  const search = h("input", {
    type: "search",
    id: `${id}-search`,
    class: "sbs-journal-search",
    autocomplete: "off",
    maxLength: model.get("max_query"),
  });
  search.value = model.get("query");
  const summary = h("p", { class: "sbs-journal-summary", role: "status", "aria-live": "polite" });
  const list = h("div", { class: "sbs-journal-groups" });
  const saves = saver(model, statusLine());
  const status = saves.line;
  el.append(h("div", { class: "sbs-journal-search-row" }, searchLabel, search), summary, list, status);

  const editing = new Set(); // keys whose editor is open
  const showing = new Set(); // keys whose earlier versions are open
  let focusAfter = null; // a key whose heading gets focus after the next redraw

  const entry = (item) => {
    const eid = newId("entry");
    const art = h("article", { class: "sbs-entry", "data-key": item.key, "aria-labelledby": `${eid}-h` });
    const head = h("h4", { text: item.label, tabIndex: -1, id: `${eid}-h` });
    art.append(head, h("p", { class: "sbs-when", text: item.when }));
    const text = h("div", { class: "sbs-entry-text", text: item.text });
    art.append(text);
    if (item.kind !== "reflection") return art;

    const actions = h("div", { class: "sbs-actions" });
    const edit = h("button", { type: "button", class: "sbs-secondary", text: "Edit", "aria-label": `Edit: ${item.label}` });
    actions.append(edit);
    const count = item.revisions.length;
    let versionsButton = null;
    if (count) {
      versionsButton = h("button", {
        type: "button",
        class: "sbs-secondary",
        text: `Earlier versions (${count})`,
        "aria-label": `Earlier versions (${count}) of: ${item.label}`,
        "aria-expanded": String(showing.has(item.key)),
      });
      actions.append(versionsButton);
    }
    art.append(actions);

    // Editor: saves as you type, like a ReflectionBox.
    const editor = h("div", { class: "sbs-entry-editor" });
    const area = h("textarea", { id: `${eid}-edit`, rows: 6 });
    area.value = item.text;
    const done = h("button", { type: "button", text: "Done editing" });
    editor.append(h("label", { for: area.id, text: `Edit: ${item.label}` }), area, done);
    editor.hidden = !editing.has(item.key);
    text.hidden = editing.has(item.key);
    art.append(editor);
    edit.addEventListener("click", () => {
      editing.add(item.key);
      editor.hidden = false;
      text.hidden = true;
      edit.hidden = true;
      editor.insertBefore(status, done); // "Saved 14:32" next to the words being saved
      area.focus();
    });
    if (editing.has(item.key)) editor.insertBefore(status, done);
    edit.hidden = editing.has(item.key);
    area.addEventListener("input", () => saves.send({ type: "save", key: item.key, text: area.value }, [area.value]));
    done.addEventListener("click", () => {
      editing.delete(item.key);
      focusAfter = item.key;
      act(model, { type: "done" });
    });

    if (count) {
      const versions = h("ol", { class: "sbs-versions", id: `${eid}-versions` });
      versionsButton.setAttribute("aria-controls", versions.id);
      for (const rev of item.revisions) {
        const li = h("li");
        li.append(
          h("p", { class: "sbs-when", text: `Written ${rev.when}; replaced ${rev.replaced} (${rev.reason}).` }),
          h("div", { class: "sbs-entry-text", text: rev.text }),
        );
        const bring = h("button", {
          type: "button",
          class: "sbs-secondary",
          text: "Restore this version",
          "aria-label": `Restore the version written ${rev.when}`,
        });
        bring.addEventListener("click", () => {
          focusAfter = item.key;
          saves.act({ type: "restore", id: rev.id });
        });
        li.append(bring);
        versions.append(li);
      }
      versions.hidden = !showing.has(item.key);
      versionsButton.addEventListener("click", () => {
        const open = versions.hidden;
        versions.hidden = !open;
        versionsButton.setAttribute("aria-expanded", String(open));
        if (open) showing.add(item.key);
        else showing.delete(item.key);
      });
      art.append(versions);
    }
    return art;
  };

  const draw = () => {
    el.append(status); // the status line may sit inside an entry: keep it while redrawing
    list.replaceChildren();
    for (const group of model.get("groups")) {
      const section = h("section", { class: "sbs-journal-group" }, h("h3", { text: group.title }));
      for (const item of group.items) section.append(entry(item));
      list.append(section);
    }
    summary.textContent = model.get("summary");
    if (focusAfter) {
      const art = list.querySelector(`article[data-key="${CSS.escape(focusAfter)}"]`);
      if (art) {
        art.append(status); // what just happened, next to where it happened
        art.querySelector("h4").focus();
      }
      focusAfter = null;
    }
  };
  draw();
  search.addEventListener("input", () => {
    model.set("query", search.value);
    model.save_changes();
  });
  return listen(model, {
    "change:groups": draw,
    "change:summary": () => { summary.textContent = model.get("summary"); },
    "change:query": () => { if (search.value !== model.get("query")) search.value = model.get("query"); },
  }, saves.stop);
}

export default { render };
