// Checklist front end: a checkbox and an optional note per item, saved as you go.
//
// Keyboard: Tab moves checkbox -> its note -> next checkbox; Space ticks. The DOM is built
// once per set of items and then updated in place, so a message from the kernel never
// takes focus away from the box the trainee is typing in.

function render({ model, el }) {
  const uid = newId("check");
  el.classList.add("sbs-checklist", "sbs-widget");
  const legend = h("legend");
  const list = h("ul");
  const set = h("fieldset", {}, legend, list);
  const progress = h("p", { class: "sbs-progress" });
  const saves = saver(model, statusLine());

  let rows = []; // { item, box, note, noteLabel }

  const send = (id, patch) => {
    const answers = { ...model.get("answers") };
    answers[id] = { done: false, note: "", ...(answers[id] || {}), ...patch };
    saves.set({ answers }, [answers[id].note]);
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
      const box = h("input", { type: "checkbox", id: `${uid}-${n}`, checked: !!answer.done });
      const li = h("li", {}, option(box, item.text));
      if (item.detail) {
        const detail = h("p", { class: "sbs-detail", id: `${box.id}-detail`, text: item.detail });
        box.setAttribute("aria-describedby", detail.id);
        li.append(detail);
      }
      const noteLabel = h("label", { for: `${box.id}-note`, class: "sbs-note-label" });
      const note = h("input", { type: "text", id: `${box.id}-note`, class: "sbs-note-input", value: answer.note || "" });
      box.addEventListener("change", () => { send(item.id, { done: box.checked }); showProgress(); });
      note.addEventListener("input", () => send(item.id, { note: note.value }));
      li.append(noteLabel, note);
      list.append(li);
      return { item, box, note, noteLabel };
    });
    labelNotes();
    showProgress();
  };

  // The note's visible label, with the item in a visually hidden span so each box has its own name.
  const labelNotes = () => {
    for (const row of rows) {
      row.noteLabel.replaceChildren(
        model.get("note_label"),
        h("span", { class: "sbs-visually-hidden", text: ` on: ${row.item.text}` }),
      );
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
  el.append(set, progress, saves.line);
  return listen(model, {
    "change:items": build,
    "change:title": build,
    "change:note_label": labelNotes,
    "change:answers": sync,
  }, saves.stop);
}
export default { render };
