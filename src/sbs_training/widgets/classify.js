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
  const intro = document.createElement("p");
  intro.className = "sbs-classify-question";
  intro.id = `${uid}-question`;
  const list = document.createElement("ol");
  list.className = "sbs-classify-items";
  list.setAttribute("aria-labelledby", intro.id);
  const progress = document.createElement("p");
  progress.className = "sbs-progress";
  const status = document.createElement("p");
  status.className = "sbs-status";
  status.setAttribute("role", "status");

  let rows = []; // { item, inputs: Map(categoryId -> input), live }

  const label = (id) => (model.get("categories").find((c) => c.id === id) || {}).label || id;
  const placedOf = (answers, item) => (answers[item.id] || {}).placed || null;

  const showFeedback = (row, placed) => {
    row.live.replaceChildren();
    if (!placed) return;
    const box = document.createElement("p");
    box.className = "sbs-feedback";
    const lead = document.createElement("strong");
    lead.textContent = placed === row.item.answer
      ? `Yes, ${label(row.item.answer)}. `
      : `Have another look: this one sits closer to ${label(row.item.answer)}. `;
    box.append(lead, row.item.why);
    row.live.append(box);
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
      const li = document.createElement("li");
      const set = document.createElement("fieldset");
      const legend = document.createElement("legend");
      legend.textContent = item.text;
      const group = document.createElement("div");
      group.className = "sbs-options sbs-options-inline";
      const live = document.createElement("div");
      live.className = "sbs-feedback-live";
      live.setAttribute("aria-live", "polite");
      const row = { item, inputs: new Map(), live };
      const placed = placedOf(answers, item);
      for (const cat of model.get("categories")) {
        const input = document.createElement("input");
        input.type = "radio";
        input.name = `${uid}-${n}`;
        input.id = `${uid}-${n}-${cat.id}`;
        input.value = cat.id;
        input.checked = placed === cat.id;
        const lab = document.createElement("label");
        lab.htmlFor = input.id;
        lab.textContent = cat.label;
        const wrap = document.createElement("span");
        wrap.className = "sbs-option";
        wrap.append(input, lab);
        group.append(wrap);
        row.inputs.set(cat.id, input);
        input.addEventListener("change", () => {
          if (!input.checked) return;
          model.set("answers", { ...model.get("answers"), [item.id]: { placed: cat.id } });
          model.save_changes();
          showFeedback(row, cat.id);
          showProgress();
        });
      }
      set.append(legend, group, live);
      li.append(set);
      list.append(li);
      showFeedback(row, placed);
      return row;
    });
    showProgress();
    status.textContent = model.get("status");
  };

  build();
  const onStatus = () => { status.textContent = model.get("status"); };
  el.append(intro, list, progress, status);
  return listen(model, { "change:items": build, "change:categories": build, "change:answers": sync, "change:status": onStatus });
}
export default { render };
