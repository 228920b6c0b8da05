// ReflectionBox front end: a real <label>, a <textarea>, and a live status line.
// Each input event sends the text to the kernel at once, which saves it.
let counter = 0;

function render({ model, el }) {
  const id = `sbs-reflection-${Date.now().toString(36)}-${counter++}`;
  el.classList.add("sbs-reflection");

  const label = document.createElement("label");
  label.htmlFor = `${id}-text`;
  label.className = "sbs-reflection-prompt";

  const hint = document.createElement("p");
  hint.id = `${id}-hint`;
  hint.className = "sbs-reflection-hint";

  const area = document.createElement("textarea");
  area.id = `${id}-text`;
  area.spellcheck = true;

  const status = document.createElement("p");
  status.id = `${id}-status`;
  status.className = "sbs-reflection-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");

  const sync = () => {
    label.textContent = model.get("prompt");
    hint.textContent = model.get("hint");
    hint.hidden = !model.get("hint");
    area.rows = model.get("rows");
    area.setAttribute("aria-describedby", model.get("hint") ? `${hint.id} ${status.id}` : status.id);
    if (area.value !== model.get("value")) area.value = model.get("value");
    status.textContent = model.get("status");
  };
  sync();

  area.addEventListener("input", () => {
    model.set("value", area.value);
    model.save_changes();
  });
  model.on("change", sync);

  el.append(label, hint, area, status);
  return () => model.off("change", sync);
}

export default { render };
