// ReflectionBox front end: a real <label>, a <textarea>, and a live status line.
// Each input event sends the text to the kernel at once, which saves it.
function render({ model, el }) {
  const id = newId("reflection");
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

  // Optional: an example answer, revealed only after the trainee has written something.
  const reveal = document.createElement("button");
  reveal.type = "button";
  reveal.className = "sbs-reveal";
  reveal.textContent = "Show an example answer";
  const example = document.createElement("div");
  example.className = "sbs-example";
  example.id = `${id}-example`;
  example.tabIndex = -1;
  example.hidden = true;
  example.setAttribute("role", "region");
  example.setAttribute("aria-label", "Example answer");
  reveal.setAttribute("aria-controls", example.id);
  const canReveal = () => area.value.trim().length > 0;
  reveal.addEventListener("click", () => {
    if (!canReveal()) return;
    example.hidden = false;
    reveal.setAttribute("aria-expanded", "true");
    example.focus();
  });

  // Skipping on purpose counts as done; the box stays open to write in later.
  const skip = document.createElement("input");
  skip.type = "checkbox";
  skip.id = `${id}-skip`;
  const skipLabel = document.createElement("label");
  skipLabel.htmlFor = skip.id;
  skipLabel.className = "sbs-reflection-skip";
  skipLabel.append(skip, " Skip this one on purpose");
  skip.addEventListener("change", () => {
    model.set("skipped", skip.checked);
    model.save_changes();
  });

  const sync = () => {
    skip.checked = !!model.get("skipped");
    label.textContent = model.get("prompt");
    hint.textContent = model.get("hint");
    hint.hidden = !model.get("hint");
    area.rows = model.get("rows");
    area.setAttribute("aria-describedby", model.get("hint") ? `${hint.id} ${status.id}` : status.id);
    if (area.value !== model.get("value")) area.value = model.get("value");
    status.textContent = model.get("status");
    const hasExample = !!model.get("example");
    reveal.hidden = !hasExample;
    reveal.disabled = !canReveal();
    reveal.title = canReveal() ? "" : "Write your own answer first";
    example.textContent = model.get("example");
    if (!hasExample) example.hidden = true;
  };
  sync();

  area.addEventListener("input", () => {
    model.set("value", area.value);
    model.save_changes();
    reveal.disabled = !canReveal();
  });

  el.classList.add("sbs-widget");
  el.append(label, hint, area, status, reveal, example, skipLabel);
  return listen(model, { change: sync });
}

export default { render };
