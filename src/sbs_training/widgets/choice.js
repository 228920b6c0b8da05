// ChoiceCard front end: a form with one radio group and a "See what happens" button.
//
// Keyboard: Tab reaches the radio group, arrow keys or Space choose, and Enter (on a
// radio or on the button) shows the feedback. Feedback appears in a live region and
// focus moves to it, so it is both seen and heard. Changing the radio alone saves
// nothing: the trainee decides when to look.

function render({ model, el }) {
  const uid = newId("choice");
  el.classList.add("sbs-card", "sbs-widget");

  const title = h("h3", { id: `${uid}-title` });
  const situation = h("p", { class: "sbs-card-situation" });
  const legend = h("legend");
  const list = h("div", { class: "sbs-options" });
  const check = h("button", { type: "submit", text: "See what happens" });
  const form = h("form", { noValidate: true, "aria-labelledby": title.id }, h("fieldset", {}, legend, list), check);
  const feedback = h("div", {
    class: "sbs-feedback",
    id: `${uid}-feedback`,
    tabIndex: -1,
    hidden: true,
    role: "region",
    "aria-label": "What happens next",
  });
  const live = h("div", { "aria-live": "polite" }, feedback);
  const saves = saver(model, statusLine());

  let inputs = new Map();

  const chosen = () => {
    const answer = model.get("answers")[model.get("card")];
    return answer ? answer.choice : null;
  };

  const labelled = (lead, text, props = {}) => h("p", props, h("strong", { text: lead }), text);

  const showFeedback = (optionId) => {
    const option = model.get("options").find((o) => o.id === optionId);
    feedback.replaceChildren();
    if (!option) { feedback.hidden = true; return; }
    feedback.hidden = false;
    feedback.append(
      labelled("You chose: ", option.text, { class: "sbs-feedback-choice" }),
      labelled("What would likely happen: ", option.happens),
      labelled("Why: ", option.why),
      h("p", { class: "sbs-feedback-again", text: "You can choose another option and look again." }),
    );
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
    for (const choice of model.get("options")) {
      const input = h("input", {
        type: "radio",
        name: uid,
        id: `${uid}-${choice.id}`,
        value: choice.id,
        checked: chosen() === choice.id,
      });
      list.append(option(input, choice.text));
      inputs.set(choice.id, input);
    }
    showFeedback(chosen());
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
      saves.say("Choose one of the options first.");
      const first = list.querySelector("input");
      if (first) first.focus();
      return;
    }
    saves.set({ answers: { ...model.get("answers"), [model.get("card")]: { choice: picked.value } } });
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

  el.append(title, situation, form, live, saves.line);
  return listen(model, {
    "change:answers": sync,
    "change:options": build,
    "change:title": build,
    "change:situation": build,
    "change:question": build,
  }, saves.stop);
}
export default { render };
