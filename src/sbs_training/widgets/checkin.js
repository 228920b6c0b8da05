// Self-care widgets: the check-in form, "Looking back", and the calendar reminder.
// One module for the three, chosen by the model's `part`. All checking happens in Python;
// the page only collects answers, shows what Python sends, and moves focus kindly.

// -- the check-in form -------------------------------------------------------------------

function renderForm({ model, el }) {
  const id = newId("checkin");
  const form = model.get("form");
  el.classList.add("sbs-widget", "sbs-checkin");
  const groups = [];

  const heading = h("h3", { text: form.title });
  const intro = h("p", { class: "sbs-checkin-intro", text: form.intro || "" });
  intro.hidden = !form.intro;
  el.append(heading, intro);

  for (const scale of form.scales) {
    const set = h("fieldset", { class: "sbs-scale" }, h("legend", { text: scale.question }));
    const row = h("div", { class: "sbs-scale-options" });
    scale.labels.forEach((label, n) => {
      const input = h("input", { type: "radio", name: `${id}-${scale.id}`, value: String(n + 1), id: `${id}-${scale.id}-${n}` });
      row.append(option(input, label));
    });
    set.append(row);
    el.append(set);
    groups.push({ id: scale.id, kind: "scale", set });
  }

  for (const choice of form.choices) {
    const set = h("fieldset", { class: "sbs-choice" }, h("legend", { text: choice.question }));
    const row = h("div", { class: "sbs-options-inline" });
    for (const answer of choice.options) {
      const input = h("input", {
        type: choice.multiple ? "checkbox" : "radio",
        name: `${id}-${choice.id}`,
        value: answer.id,
        id: `${id}-${choice.id}-${answer.id}`,
      });
      row.append(option(input, answer.label));
    }
    if (choice.multiple && choice.alone) {
      // "None" and the others exclude each other, as Python insists too.
      row.addEventListener("change", (event) => {
        const changed = event.target;
        if (!changed.checked) return;
        for (const box of row.querySelectorAll("input")) {
          if (box !== changed && (changed.value === choice.alone || box.value === choice.alone)) box.checked = false;
        }
      });
    }
    set.append(row);
    el.append(set);
    groups.push({ id: choice.id, kind: choice.multiple ? "many" : "one", set });
  }

  const noteLabel = h("label", { for: `${id}-note`, class: "sbs-checkin-note-label", text: form.note.label });
  const noteHint = h("p", { id: `${id}-note-hint`, class: "sbs-detail-plain", text: form.note.hint || "" });
  noteHint.hidden = !form.note.hint;
  const note = h("textarea", { id: `${id}-note`, rows: 3, maxLength: model.get("note_max") });
  if (form.note.hint) note.setAttribute("aria-describedby", noteHint.id);
  el.append(noteLabel, noteHint, note);

  const saves = saver(model, statusLine());
  const feedback = h("div", { class: "sbs-feedback sbs-checkin-feedback", tabIndex: -1, id: `${id}-feedback` });
  feedback.hidden = true;

  const collect = () => {
    const data = {};
    for (const group of groups) {
      const checked = [...group.set.querySelectorAll("input:checked")].map((i) => i.value);
      if (!checked.length) continue;
      if (group.kind === "scale") data[group.id] = parseInt(checked[0], 10);
      else if (group.kind === "one") data[group.id] = checked[0];
      else data[group.id] = checked;
    }
    return data;
  };
  const reset = () => {
    for (const input of el.querySelectorAll("input")) input.checked = false;
    note.value = "";
  };

  const save = actionButton("Save this check-in", () => {
    saves.act({ type: "save", data: collect(), note: note.value }, [note.value]);
  });
  const clear = actionButton("Clear my answers", () => {
    reset();
    saves.say("Your answers are cleared. Nothing was saved.");
  }, { class: "sbs-secondary" });
  el.append(h("div", { class: "sbs-actions" }, save, clear), saves.line, feedback);

  const showFeedback = () => {
    feedback.replaceChildren();
    const heavy = model.get("heavy");
    if (model.get("thanks")) feedback.append(h("p", { text: model.get("thanks") }));
    if (heavy && heavy.intro) {
      const box = h("div", { class: "sbs-heavy", role: "note", "aria-label": "A note for you" });
      box.append(h("p", { text: heavy.intro }), h("p", { text: heavy.advice }));
      const list = h("ul");
      for (const idea of heavy.ideas || []) list.append(h("li", { text: idea }));
      box.append(list);
      feedback.append(box);
    }
    feedback.hidden = !feedback.childNodes.length;
  };
  const onSaved = () => {
    reset();
    showFeedback();
    if (!feedback.hidden) feedback.focus();
  };
  return listen(model, { "change:saves": onSaved }, saves.stop);
}

// -- looking back ----------------------------------------------------------------------

function renderHistory({ model, el }) {
  el.classList.add("sbs-widget", "sbs-looking-back");
  const body = h("div", { class: "sbs-looking-back-body" });
  const earlier = actionButton("Show the four weeks before", () => model.send({ type: "shift", by: -1 }), { class: "sbs-secondary" });
  const later = actionButton("Show the four weeks after", () => model.send({ type: "shift", by: 1 }), { class: "sbs-secondary" });
  const status = statusLine();
  el.append(body, h("div", { class: "sbs-actions" }, earlier, later), status);

  const sync = () => {
    body.innerHTML = model.get("html"); // built and escaped in Python (checkin_looking_back.looking_back_html)
    const back = model.get("periods_back");
    later.disabled = back <= 0;
    earlier.disabled = back >= model.get("max_back");
    status.textContent = model.get("status");
  };
  sync();
  return listen(model, { change: sync });
}

// -- reminder -------------------------------------------------------------------------

const download = (msg) => { if (msg && msg.type === "file") saveFile(msg); };

function renderReminder({ model, el }) {
  const id = newId("reminder");
  el.classList.add("sbs-widget", "sbs-reminder");
  const set = h("fieldset", {}, h("legend", { text: "How often would you like a reminder?" }));
  const row = h("div", { class: "sbs-options-inline" });
  for (const [value, text] of [["weekly", "Every week"], ["fortnightly", "Every two weeks"]]) {
    const input = h("input", { type: "radio", name: `${id}-every`, value, id: `${id}-${value}`, checked: value === "weekly" });
    row.append(option(input, text));
  }
  set.append(row);
  const timeLabel = h("label", { for: `${id}-time`, text: "At what time of day?" });
  const time = h("input", { type: "time", id: `${id}-time`, value: "10:00", step: 60, class: "sbs-time" });
  const button = actionButton("Download my calendar reminder (.ics)", () => {
    const every = set.querySelector("input:checked");
    act(model, { type: "ics", every: every ? every.value : "", at: time.value });
  });
  const status = statusLine();
  el.append(set, h("div", { class: "sbs-time-row" }, timeLabel, time), button, status);
  const onStatus = () => { status.textContent = model.get("status"); };
  return listen(model, { "change:status": onStatus, "msg:custom": download });
}

function render(props) {
  const part = props.model.get("part");
  if (part === "history") return renderHistory(props);
  if (part === "reminder") return renderReminder(props);
  return renderForm(props);
}

export default { render };
