// ReflectionBox front end: a real <label>, a <textarea>, and a live status line.
// Each input event sends the text to the kernel at once (through the kit's saver), which saves it.
function render({ model, el }) {
  const id = newId("reflection");
  el.classList.add("sbs-reflection", "sbs-widget");

  const label = h("label", { for: `${id}-text`, class: "sbs-reflection-prompt" });
  const hint = h("p", { id: `${id}-hint`, class: "sbs-reflection-hint" });
  const area = h("textarea", { id: `${id}-text`, spellcheck: true });
  const status = h("p", { id: `${id}-status`, class: "sbs-reflection-status", role: "status", "aria-live": "polite" });
  const saves = saver(model, status);

  // Optional: an example answer, revealed only after the trainee has written something.
  const example = h("div", {
    class: "sbs-example",
    id: `${id}-example`,
    tabIndex: -1,
    hidden: true,
    role: "region",
    "aria-label": "Example answer",
  });
  const canReveal = () => area.value.trim().length > 0;
  const reveal = actionButton("Show an example answer", () => {
    if (!canReveal()) return;
    example.hidden = false;
    reveal.setAttribute("aria-expanded", "true");
    example.focus();
  }, { class: "sbs-reveal", "aria-controls": example.id });

  // Skipping on purpose counts as done; the box stays open to write in later.
  const skip = h("input", { type: "checkbox", id: `${id}-skip` });
  const skipLabel = h("label", { for: skip.id, class: "sbs-reflection-skip" }, skip, " Skip this one on purpose");
  skip.addEventListener("change", () => saves.set({ skipped: skip.checked }));

  const sync = () => {
    skip.checked = !!model.get("skipped");
    label.textContent = model.get("prompt");
    hint.textContent = model.get("hint");
    hint.hidden = !model.get("hint");
    area.rows = model.get("rows");
    area.setAttribute("aria-describedby", model.get("hint") ? `${hint.id} ${status.id}` : status.id);
    const hasExample = !!model.get("example");
    reveal.hidden = !hasExample;
    reveal.disabled = !canReveal();
    reveal.title = canReveal() ? "" : "Write your own answer first";
    example.textContent = model.get("example");
    if (!hasExample) example.hidden = true;
  };
  // The kernel's text (restored, cleaned, refused) replaces the box's only when the kernel's text changes:
  // text the page refused to send (too long) stays in the box beside the sentence that says so.
  const syncValue = () => {
    if (area.value !== model.get("value")) area.value = model.get("value");
    reveal.disabled = !canReveal();
  };
  syncValue();
  sync();

  area.addEventListener("input", () => {
    saves.set({ value: area.value }, [area.value]);
    reveal.disabled = !canReveal();
  });

  el.append(label, hint, area, status, reveal, example, skipLabel);
  return listen(model, { change: sync, "change:value": syncValue }, saves.stop);
}

export default { render };
