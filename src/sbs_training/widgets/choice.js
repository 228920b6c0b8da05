// ChoiceCard front end: a form with one radio group and a "See what happens" button.
//
// Keyboard: Tab reaches the radio group, arrow keys or Space choose, and Enter (on a
// radio or on the button) shows the feedback. Feedback appears in a live region and
// focus moves to it, so it is both seen and heard. Changing the radio alone saves
// nothing: the trainee decides when to look.

function render({ model, el }) {
  const uid = newId("choice");
  el.classList.add("sbs-card", "sbs-widget");

  const title = document.createElement("h3");
  title.id = `${uid}-title`;
  const situation = document.createElement("p");
  situation.className = "sbs-card-situation";
  const form = document.createElement("form");
  form.noValidate = true;
  form.setAttribute("aria-labelledby", title.id);
  const set = document.createElement("fieldset");
  const legend = document.createElement("legend");
  const list = document.createElement("div");
  list.className = "sbs-options";
  set.append(legend, list);
  const check = document.createElement("button");
  check.type = "submit";
  check.textContent = "See what happens";
  form.append(set, check);
  const feedback = document.createElement("div");
  feedback.className = "sbs-feedback";
  feedback.id = `${uid}-feedback`;
  feedback.tabIndex = -1;
  feedback.hidden = true;
  feedback.setAttribute("role", "region");
  feedback.setAttribute("aria-label", "What happens next");
  const live = document.createElement("div");
  live.setAttribute("aria-live", "polite");
  live.append(feedback);
  const status = document.createElement("p");
  status.className = "sbs-status";
  status.setAttribute("role", "status");

  let inputs = new Map();

  const chosen = () => {
    const answer = model.get("answers")[model.get("card")];
    return answer ? answer.choice : null;
  };

  const showFeedback = (optionId) => {
    const option = model.get("options").find((o) => o.id === optionId);
    feedback.replaceChildren();
    if (!option) { feedback.hidden = true; return; }
    feedback.hidden = false;
    const you = document.createElement("p");
    you.className = "sbs-feedback-choice";
    const y = document.createElement("strong");
    y.textContent = "You chose: ";
    you.append(y, option.text);
    const happens = document.createElement("p");
    const h = document.createElement("strong");
    h.textContent = "What would likely happen: ";
    happens.append(h, option.happens);
    const why = document.createElement("p");
    const w = document.createElement("strong");
    w.textContent = "Why: ";
    why.append(w, option.why);
    const again = document.createElement("p");
    again.className = "sbs-feedback-again";
    again.textContent = "You can choose another option and look again.";
    feedback.append(you, happens, why, again);
  };

  const build = () => {
    title.textContent = model.get("title");
    // Several cards on a page: each feedback region needs its own name.
    feedback.setAttribute("aria-label", `What happens next: ${model.get("title") || model.get("question")}`);
    title.hidden = !model.get("title");
    if (model.get("title")) form.setAttribute("aria-labelledby", title.id);
    else form.removeAttribute("aria-labelledby");
    situation.textContent = model.get("situation");
    legend.textContent = model.get("question");
    list.replaceChildren();
    inputs = new Map();
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
      inputs.set(option.id, input);
    }
    showFeedback(chosen());
    status.textContent = model.get("status");
  };

  // Bring the page in line with the kernel's answer (restore, refusal), without moving focus.
  const sync = () => {
    const saved = chosen();
    for (const [id, input] of inputs) input.checked = id === saved;
    showFeedback(saved);
  };

  build();

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const picked = list.querySelector("input:checked");
    if (!picked) {
      status.textContent = "Choose one of the options first.";
      const first = list.querySelector("input");
      if (first) first.focus();
      return;
    }
    model.set("answers", { ...model.get("answers"), [model.get("card")]: { choice: picked.value } });
    model.save_changes();
    showFeedback(picked.value);
    feedback.focus();
  });
  // Enter on a radio shows the feedback too (browsers do not submit a form from a radio).
  list.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target instanceof HTMLInputElement) {
      event.preventDefault();
      form.requestSubmit(check);
    }
  });
  const onStatus = () => { status.textContent = model.get("status"); };

  el.append(title, situation, form, live, status);
  return listen(model, { "change:status": onStatus, "change:answers": sync, "change:options": build, "change:title": build, "change:situation": build, "change:question": build });
}
export default { render };
