// Classify front end: one fieldset of radio buttons per statement, feedback under each.
//
// Keyboard: each statement is one radio group, so Tab moves between statements and the
// arrow keys (or Space) choose a category. The DOM is built once per set of items and
// then only updated in place, so a message from the kernel never steals focus.
// Each statement's feedback sits inside a live region that is always present (an
// element that is hidden and shown at the same moment is often not announced).

function render({ model, el }) {
  const uid = newId("classify");
  el.classList.add("sbs-classify", "sbs-widget");
  const intro = h("p", { class: "sbs-classify-question", id: `${uid}-question` });
  const list = h("ol", { class: "sbs-classify-items", "aria-labelledby": intro.id });
  const progress = h("p", { class: "sbs-progress" });
  const saves = saver(model, statusLine());

  let rows = []; // { item, inputs: Map(categoryId -> input), live }

  const label = (id) => (model.get("categories").find((c) => c.id === id) || {}).label || id;
  const placedOf = (answers, item) => (answers[item.id] || {}).placed || null;

  const showFeedback = (row, placed) => {
    row.live.replaceChildren();
    if (!placed) return;
    const lead = placed === row.item.answer
      ? `Yes, ${label(row.item.answer)}. `
      : `Have another look: this one sits closer to ${label(row.item.answer)}. `;
    row.live.append(h("p", { class: "sbs-feedback" }, h("strong", { text: lead }), row.item.why));
  };

  const showProgress = () => {
    const answers = model.get("answers");
    const placed = rows.filter((r) => placedOf(answers, r.item)).length;
    progress.textContent = `${placed} of ${rows.length} placed.`;
  };

  // Bring the page in line with the kernel's answers (restore, refusal, another change).
  const sync = () => {
    const answers = model.get("answers");
    for (const row of rows) {
      const placed = placedOf(answers, row.item);
      const checked = [...row.inputs.values()].find((i) => i.checked);
      const shown = checked ? checked.value : null;
      if (shown !== placed) {
        for (const [id, input] of row.inputs) input.checked = id === placed;
        showFeedback(row, placed);
      }
    }
    showProgress();
  };

  const build = () => {
    intro.textContent = model.get("question");
    list.replaceChildren();
    const answers = model.get("answers");
    rows = model.get("items").map((item, n) => {
      const group = h("div", { class: "sbs-options sbs-options-inline" });
      const live = h("div", { class: "sbs-feedback-live", "aria-live": "polite" });
      const row = { item, inputs: new Map(), live };
      const placed = placedOf(answers, item);
      for (const cat of model.get("categories")) {
        const input = h("input", {
          type: "radio",
          name: `${uid}-${n}`,
          id: `${uid}-${n}-${cat.id}`,
          value: cat.id,
          checked: placed === cat.id,
        });
        group.append(option(input, cat.label, "span"));
        row.inputs.set(cat.id, input);
        input.addEventListener("change", () => {
          if (!input.checked) return;
          saves.set({ answers: { ...model.get("answers"), [item.id]: { placed: cat.id } } });
          showFeedback(row, cat.id);
          showProgress();
        });
      }
      list.append(h("li", {}, h("fieldset", {}, h("legend", { text: item.text }), group, live)));
      showFeedback(row, placed);
      return row;
    });
    showProgress();
  };

  build();
  el.append(intro, list, progress, saves.line);
  return listen(model, { "change:items": build, "change:categories": build, "change:answers": sync }, saves.stop);
}
export default { render };
