// Erase everything in the journal: only after the confirmation word is typed (the kernel checks it).

function render({ model, el }) {
  const id = newId("erase");
  el.classList.add("sbs-widget", "sbs-erase");
  const word = model.get("confirm_word");
  const label = h("label", { for: `${id}-confirm` }, "To confirm, type the word ", h("strong", { text: word }));
  // Long enough for the word and stray spaces; short enough that a stray paste is never a huge message.
  const input = h("input", {
    type: "text",
    id: `${id}-confirm`,
    autocomplete: "off",
    spellcheck: false,
    class: "sbs-confirm",
    maxLength: 100,
  });
  const saves = saver(model, statusLine(), { busy: "Erasing…" });
  const button = actionButton("Erase everything in my journal", () => {
    saves.act({ type: "erase", confirm: input.value });
  }, { class: "sbs-danger" });
  el.append(h("div", { class: "sbs-upload-row" }, label, input), button, saves.line);
  return listen(model, { "change:erased": () => { input.value = ""; } }, saves.stop);
}

export default { render };
