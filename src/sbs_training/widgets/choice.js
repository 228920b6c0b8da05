// ChoiceCard front end: a fieldset of radio buttons and a "See what happens" button.
// Feedback appears in a live region and focus moves to it, so it is both seen and heard.
let counter = 0;

function render({ model, el }) {
  const uid = `sbs-choice-${Date.now().toString(36)}-${counter++}`;
  el.classList.add("sbs-card", "sbs-widget");

  const title = document.createElement("h3");
  const situation = document.createElement("p");
  situation.className = "sbs-card-situation";
  const form = document.createElement("fieldset");
  const legend = document.createElement("legend");
  form.append(legend);
  const list = document.createElement("div");
  list.className = "sbs-options";
  form.append(list);
  const check = document.createElement("button");
  check.type = "button";
  check.textContent = "See what happens";
  const feedback = document.createElement("div");
  feedback.className = "sbs-feedback";
  feedback.tabIndex = -1;
  feedback.setAttribute("role", "region");
  feedback.setAttribute("aria-live", "polite");
  feedback.setAttribute("aria-label", "What happens next");
  const status = document.createElement("p");
  status.className = "sbs-status";
  status.setAttribute("role", "status");

  const chosen = () => {
    const answer = model.get("answers")[model.get("card")];
    return answer ? answer.choice : null;
  };

  const showFeedback = (optionId) => {
    const option = model.get("options").find((o) => o.id === optionId);
    feedback.replaceChildren();
    if (!option) { feedback.hidden = true; return; }
    feedback.hidden = false;
    const happens = document.createElement("p");
    const h = document.createElement("strong");
    h.textContent = "What would likely happen: ";
    happens.append(h, option.happens);
    const why = document.createElement("p");
    const w = document.createElement("strong");
    w.textContent = "Why: ";
    why.append(w, option.why);
    feedback.append(happens, why);
  };

  const build = () => {
    title.textContent = model.get("title");
    title.hidden = !model.get("title");
    situation.textContent = model.get("situation");
    legend.textContent = model.get("question");
    list.replaceChildren();
    for (const option of model.get("options")) {
      const row = document.createElement("div");
      row.className = "sbs-option";
      const input = document.createElement("input");
      input.type = "radio";
      input.name = uid;
      input.id = `${uid}-${option.id}`;
      input.value = option.id;
      input.checked = chosen() === option.id;
      const label = document.createElement("label");
      label.htmlFor = input.id;
      label.textContent = option.text;
      row.append(input, label);
      list.append(row);
    }
    showFeedback(chosen());
    status.textContent = model.get("status");
  };
  build();

  check.addEventListener("click", () => {
    const picked = list.querySelector("input:checked");
    if (!picked) {
      status.textContent = "Choose one of the options first.";
      return;
    }
    model.set("answers", { ...model.get("answers"), [model.get("card")]: { choice: picked.value } });
    model.save_changes();
    showFeedback(picked.value);
    feedback.focus();
  });
  model.on("change:status", () => { status.textContent = model.get("status"); });
  model.on("change:answers", () => showFeedback(chosen()));
  model.on("change:options", build);

  el.append(title, situation, form, check, feedback, status);
}
export default { render };
