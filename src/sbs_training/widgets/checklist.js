// Checklist front end: a checkbox and an optional note per item, saved as you go.
let counter = 0;

function render({ model, el }) {
  const uid = `sbs-check-${Date.now().toString(36)}-${counter++}`;
  el.classList.add("sbs-checklist", "sbs-widget");
  const set = document.createElement("fieldset");
  const legend = document.createElement("legend");
  set.append(legend);
  const list = document.createElement("ul");
  set.append(list);
  const status = document.createElement("p");
  status.className = "sbs-status";
  status.setAttribute("role", "status");

  const send = (id, patch) => {
    const answers = { ...model.get("answers") };
    answers[id] = { done: false, note: "", ...(answers[id] || {}), ...patch };
    model.set("answers", answers);
    model.save_changes();
  };

  const build = () => {
    legend.textContent = model.get("title");
    list.replaceChildren();
    const answers = model.get("answers");
    model.get("items").forEach((item, n) => {
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
      noteLabel.textContent = model.get("note_label");
      const note = document.createElement("input");
      note.type = "text";
      note.id = `${box.id}-note`;
      note.className = "sbs-note-input";
      note.value = answer.note || "";
      note.setAttribute("aria-label", `${model.get("note_label")} on: ${item.text}`);
      box.addEventListener("change", () => send(item.id, { done: box.checked }));
      note.addEventListener("input", () => send(item.id, { note: note.value }));
      li.append(noteLabel, note);
      list.append(li);
    });
    status.textContent = model.get("status");
  };
  build();
  model.on("change:items", build);
  model.on("change:answers", () => {
    // Rebuild only if the kernel's answers differ from what the page shows.
    const answers = model.get("answers");
    const inputs = list.querySelectorAll("li");
    let differs = false;
    model.get("items").forEach((item, n) => {
      const a = answers[item.id] || {};
      const li = inputs[n];
      if (!li) return;
      if (li.querySelector("input[type=checkbox]").checked !== !!a.done) differs = true;
      if (li.querySelector("input[type=text]").value !== (a.note || "")) differs = true;
    });
    if (differs) build();
  });
  model.on("change:status", () => { status.textContent = model.get("status"); });
  el.append(set, status);
}
export default { render };
