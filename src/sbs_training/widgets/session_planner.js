// SessionPlanner front end. Every change is a message to the kernel, which checks it,
// saves the plan to the journal and sends back "view" (timeline, totals, warnings).
// This file only draws the view and keeps keyboard focus where the trainer was.

function field(id, labelText, input) {
  input.id = id;
  return h("div", { className: "sbs-field" }, h("label", { htmlFor: id, textContent: labelText }), input);
}

function button(text, onClick, extra = {}) {
  const b = h("button", { type: "button", textContent: text, ...extra });
  b.addEventListener("click", onClick);
  return b;
}

function render({ model, el: root }) {
  const uid = newId("plan");
  root.classList.add("sbs-planner", "sbs-widget");
  const send = (msg) => model.send(msg);
  let pendingFocus = null;

  // Which plan
  const pick = h("select");
  const openButton = button("Open plan", () => send({ type: "open", plan: pick.value }), { className: "sbs-secondary" });
  const newButton = button("Start a new plan", () => { pendingFocus = "title"; send({ type: "new" }); }, { className: "sbs-secondary" });
  const plansSet = h("fieldset", {}, h("legend", { textContent: "Your saved plans" }),
    h("div", { className: "sbs-row" }, field(`${uid}-pick`, "Plan", pick), openButton, newButton));

  // About the session
  const title = h("input", { type: "text", maxLength: 120, autocomplete: "off" });
  const minutes = h("input", { type: "number", min: 10, max: 480, step: 5, inputMode: "numeric" });
  const group = h("input", { type: "number", min: 1, max: 200, step: 1, inputMode: "numeric" });
  title.addEventListener("input", () => send({ type: "title", value: title.value }));
  const number = (input, type) => input.addEventListener("input", () => {
    const n = Number.parseInt(input.value, 10);
    send({ type, value: Number.isFinite(n) ? n : null });
  });
  number(minutes, "minutes");
  number(group, "group");
  const aboutSet = h("fieldset", {}, h("legend", { textContent: "The session" }),
    h("div", { className: "sbs-row" },
      field(`${uid}-title`, "Session name", title),
      field(`${uid}-minutes`, "Session length (minutes)", minutes),
      field(`${uid}-group`, "People in the group", group)));

  // Adding
  const choose = h("select");
  const addButton = button("Add to plan", () => {
    if (!choose.value) return;
    send({ type: "add", activity: choose.value });
  });
  const breakMinutes = h("input", { type: "number", min: 1, max: 120, step: 5, value: 10, inputMode: "numeric" });
  const breakButton = button("Add a break", () => {
    const n = Number.parseInt(breakMinutes.value, 10);
    send({ type: "break", minutes: Number.isFinite(n) ? n : 10 });
  }, { className: "sbs-secondary" });
  const addSet = h("fieldset", {}, h("legend", { textContent: "Add to the plan" }),
    h("div", { className: "sbs-row" }, field(`${uid}-choose`, "Activity", choose), addButton),
    h("div", { className: "sbs-row" }, field(`${uid}-break`, "Break length (minutes)", breakMinutes), breakButton));

  // Timeline, totals, warnings
  const timelineHeading = h("h3", { id: `${uid}-timeline`, textContent: "Timeline" });
  const timeline = h("ol", { className: "sbs-timeline" });
  timeline.setAttribute("aria-labelledby", timelineHeading.id);
  const total = h("p", { className: "sbs-total" });
  total.setAttribute("role", "status");
  const warningsHeading = h("h3", { id: `${uid}-warnings`, textContent: "Things to check" });
  const warnings = h("ul", { className: "sbs-warnings" });
  warnings.setAttribute("aria-labelledby", warningsHeading.id);
  const warningsLive = h("div", {}, warningsHeading, warnings);
  warningsLive.setAttribute("aria-live", "polite");
  const status = h("p", { className: "sbs-status" });
  status.setAttribute("role", "status");

  const catalogue = () => {
    const keep = choose.value;
    choose.replaceChildren(h("option", { value: "", textContent: "Choose an activity" }),
      ...model.get("catalogue").map((a) => h("option", {
        value: a.id,
        textContent: `${a.title} (${a.minutes} min, ${a.minimum}+ people${a.touch ? ", involves touch" : ""})`,
      })));
    choose.value = keep;
  };

  const slot = (s, count) => {
    const li = h("li", { className: s.break ? "sbs-slot sbs-break" : "sbs-slot" });
    li.dataset.index = s.index;
    const name = `${s.title}${s.touch_free ? " (touch-free version)" : ""}`;
    li.append(h("span", { className: "sbs-slot-time", textContent: s.time }),
      h("span", { className: "sbs-slot-title", textContent: `${name} (${s.minutes} min)` }));
    const actions = h("div", { className: "sbs-slot-actions" });
    const label = `${s.title}, item ${s.index + 1}`;
    const up = button("Move up", () => { pendingFocus = s.index > 1 ? `up-${s.index - 1}` : `down-0`; send({ type: "move", index: s.index, by: -1 }); }, { className: "sbs-secondary" });
    up.setAttribute("aria-label", `Move up: ${label}`);
    up.dataset.focus = `up-${s.index}`;
    up.disabled = s.index === 0;
    const down = button("Move down", () => { pendingFocus = s.index + 1 < count - 1 ? `down-${s.index + 1}` : `up-${count - 1}`; send({ type: "move", index: s.index, by: 1 }); }, { className: "sbs-secondary" });
    down.setAttribute("aria-label", `Move down: ${label}`);
    down.dataset.focus = `down-${s.index}`;
    down.disabled = s.index === count - 1;
    const remove = button("Remove", () => { pendingFocus = count > 1 ? `remove-${Math.min(s.index, count - 2)}` : "choose"; send({ type: "remove", index: s.index }); }, { className: "sbs-secondary" });
    remove.setAttribute("aria-label", `Remove: ${label}`);
    remove.dataset.focus = `remove-${s.index}`;
    actions.append(up, down, remove);
    if (s.touch) {
      const box = h("input", { type: "checkbox", id: `${uid}-touchfree-${s.index}`, checked: s.touch_free });
      box.dataset.focus = `touch-${s.index}`;
      box.addEventListener("change", () => { pendingFocus = `touch-${s.index}`; send({ type: "touch_free", index: s.index, value: box.checked }); });
      actions.append(h("span", { className: "sbs-option" }, box,
        h("label", { htmlFor: box.id, textContent: `Use the touch-free version of ${s.title}` })));
    }
    li.append(actions);
    return li;
  };

  const focusKey = (key) => {
    if (key === "title") return title;
    if (key === "choose") return choose;
    return root.querySelector(`[data-focus="${key}"]`);
  };

  const draw = () => {
    const v = model.get("view");
    if (!v || !v.plans) return;
    pick.replaceChildren(...v.plans.map((p) => h("option", { value: p.id, textContent: p.title })));
    pick.value = v.current;
    if (document.activeElement !== title) title.value = v.title;
    if (document.activeElement !== minutes) minutes.value = v.minutes;
    if (document.activeElement !== group) group.value = v.group;
    timeline.replaceChildren(...v.slots.map((s) => slot(s, v.slots.length)));
    if (!v.slots.length) timeline.append(h("li", { className: "sbs-detail", textContent: "No activities yet: choose one above and press Add to plan." }));
    total.textContent = v.total;
    total.classList.toggle("sbs-over", v.over);
    warnings.replaceChildren(...v.warnings.map((w) => h("li", {
      className: w.level === "warning" ? "sbs-warning" : "sbs-note-item",
      textContent: `${w.level === "warning" ? "Warning" : "Note"}: ${w.text}`,
    })));
    warningsHeading.hidden = !v.warnings.length;
    if (pendingFocus) {
      const target = focusKey(pendingFocus);
      pendingFocus = null;
      if (target && !target.disabled) target.focus();
    }
  };

  catalogue();
  draw();
  status.textContent = model.get("status");
  const onStatus = () => { status.textContent = model.get("status"); };
  root.append(plansSet, aboutSet, addSet, timelineHeading, timeline, total, warningsLive, status);
  return listen(model, { "change:view": draw, "change:catalogue": catalogue, "change:status": onStatus });
}
export default { render };
