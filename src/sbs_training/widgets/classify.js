// Classify front end: one fieldset of radio buttons per statement, feedback under each.
let counter = 0;

function render({ model, el }) {
  const uid = `sbs-classify-${Date.now().toString(36)}-${counter++}`;
  el.classList.add("sbs-classify", "sbs-widget");
  const intro = document.createElement("p");
  intro.className = "sbs-classify-question";
  const list = document.createElement("ol");
  list.className = "sbs-classify-items";
  const status = document.createElement("p");
  status.className = "sbs-status";
  status.setAttribute("role", "status");

  const label = (id) => (model.get("categories").find((c) => c.id === id) || {}).label || id;

  const feedbackFor = (item, placed) => {
    if (!placed) return "";
    const agrees = placed === item.answer;
    const lead = agrees ? `Yes, ${label(item.answer)}. ` : `Have another look: the toolkit would read this as ${label(item.answer)}. `;
    return lead + item.why;
  };

  const build = () => {
    intro.textContent = model.get("question");
    list.replaceChildren();
    const answers = model.get("answers");
    model.get("items").forEach((item, n) => {
      const li = document.createElement("li");
      const set = document.createElement("fieldset");
      const legend = document.createElement("legend");
      legend.textContent = item.text;
      set.append(legend);
      const row = document.createElement("div");
      row.className = "sbs-options sbs-options-inline";
      const placed = (answers[item.id] || {}).placed;
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
        row.append(wrap);
        input.addEventListener("change", () => {
          model.set("answers", { ...model.get("answers"), [item.id]: { placed: cat.id } });
          model.save_changes();
          feedback.textContent = feedbackFor(item, cat.id);
          feedback.hidden = false;
        });
      }
      const feedback = document.createElement("p");
      feedback.className = "sbs-feedback";
      feedback.setAttribute("aria-live", "polite");
      feedback.textContent = feedbackFor(item, placed);
      feedback.hidden = !placed;
      set.append(row, feedback);
      li.append(set);
      list.append(li);
    });
    status.textContent = model.get("status");
  };
  build();
  model.on("change:items", build);
  model.on("change:categories", build);
  model.on("change:answers", () => {
    // Only rebuild when the kernel changed answers (restore or refusal), not for our own echo.
    const radios = list.querySelectorAll("input:checked").length;
    if (radios !== Object.keys(model.get("answers")).length) build();
  });
  model.on("change:status", () => { status.textContent = model.get("status"); });
  el.append(intro, list, status);
}
export default { render };
