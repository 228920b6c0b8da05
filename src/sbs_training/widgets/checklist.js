// Checklist front end: a checkbox and an optional note per item, saved as you go.
//
// Keyboard: Tab moves checkbox -> its note -> next checkbox; Space ticks. The DOM is built
// once per set of items and then updated in place, so a message from the kernel never
// takes focus away from the box the trainee is typing in.

function render({ model, el }) {
  const uid = newId("check");
  el.classList.add("sbs-checklist", "sbs-widget");
  const set = document.createElement("fieldset");
  const legend = document.createElement("legend");
  set.append(legend);
  const list = document.createElement("ul");
  set.append(list);
  const progress = document.createElement("p");
  progress.className = "sbs-progress";
  const status = document.createElement("p");
  status.className = "sbs-status";
  status.setAttribute("role", "status");

  let rows = []; // { item, box, note, noteLabel }

  const send = (id, patch) => {
    const answers = { ...model.get("answers") };
    answers[id] = { done: false, note: "", ...(answers[id] || {}), ...patch };
    model.set("answers", answers);
    model.save_changes();
  };

  const showProgress = () => {
    const done = rows.filter((r) => r.box.checked).length;
    progress.textContent = `${done} of ${rows.length} ticked.`;
  };

  const build = () => {
    legend.textContent = model.get("title");
    list.replaceChildren();
    const answers = model.get("answers");
    rows = model.get("items").map((item, n) => {
      const answer = answers[item.id] || {};
      const li = document.createElement("li");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.id = `${uid}-${n}`;
      box.checked = !!answer.done;
      const label = document.createElement("label");
      label.htmlFor = box.id;
      label.textContent = item.text;
      const head = document.createElement("div");
      head.className = "sbs-option";
      head.append(box, label);
      li.append(head);
      if (item.detail) {
        const detail = document.createElement("p");
        detail.className = "sbs-detail";
        detail.id = `${box.id}-detail`;
        detail.textContent = item.detail;
        box.setAttribute("aria-describedby", detail.id);
        li.append(detail);
      }
      const noteLabel = document.createElement("label");
      noteLabel.htmlFor = `${box.id}-note`;
      noteLabel.className = "sbs-note-label";
      const note = document.createElement("input");
      note.type = "text";
      note.id = `${box.id}-note`;
      note.className = "sbs-note-input";
      note.value = answer.note || "";
      box.addEventListener("change", () => { send(item.id, { done: box.checked }); showProgress(); });
      note.addEventListener("input", () => send(item.id, { note: note.value }));
      li.append(noteLabel, note);
      list.append(li);
      return { item, box, note, noteLabel };
    });
    labelNotes();
    showProgress();
    status.textContent = model.get("status");
  };

  // The note's visible label, with the item in a visually hidden span so each box has its own name.
  const labelNotes = () => {
    for (const row of rows) {
      const hidden = document.createElement("span");
      hidden.className = "sbs-visually-hidden";
      hidden.textContent = ` on: ${row.item.text}`;
      row.noteLabel.replaceChildren(model.get("note_label"), hidden);
    }
  };

  // Bring the page in line with the kernel's answers (restore, refusal, cleaned text).
  const sync = () => {
    const answers = model.get("answers");
    for (const row of rows) {
      const a = answers[row.item.id] || {};
      if (row.box.checked !== !!a.done) row.box.checked = !!a.done;
      const text = a.note || "";
      if (row.note.value !== text) {
        const focused = document.activeElement === row.note;
        const at = row.note.selectionStart;
        row.note.value = text;
        if (focused && at !== null) row.note.setSelectionRange(Math.min(at, text.length), Math.min(at, text.length));
      }
    }
    showProgress();
  };

  build();
  const onStatus = () => { status.textContent = model.get("status"); };
  el.append(set, progress, status);
  return listen(model, { "change:items": build, "change:title": build, "change:note_label": labelNotes, "change:answers": sync, "change:status": onStatus });
}
export default { render };
