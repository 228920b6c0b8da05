// SessionPlanner front end. Every change is a message to the kernel, which checks it,
// saves the plan to the journal and sends back "view" (timeline, totals, warnings).
// This file only draws the view and keeps keyboard focus where the trainer was.

function render({ model, el: root }) {
  const uid = newId("plan");
  root.classList.add("sbs-planner", "sbs-widget");
  const saves = saver(model, statusLine());
  const send = (msg) => saves.send(msg, msg.type === "title" ? [msg.value] : []); // every change is saved
  let pendingFocus = null;

  // Which plan
  const pick = h("select", { id: `${uid}-pick` });
  const openButton = actionButton("Open plan", () => model.send({ type: "open", plan: pick.value }), { class: "sbs-secondary" });
  const newButton = actionButton("Start a new plan", () => { pendingFocus = "title"; model.send({ type: "new" }); }, { class: "sbs-secondary" });
  const plansSet = h("fieldset", {}, h("legend", { text: "Your saved plans" }),
    h("div", { class: "sbs-row" }, field("Plan", pick), openButton, newButton));

  // About the session
  const title = h("input", { type: "text", id: `${uid}-title`, maxLength: model.get("max_title"), autocomplete: "off" });
  const minutes = h("input", { type: "number", id: `${uid}-minutes`, min: 10, max: 480, step: 5, inputMode: "numeric" });
  const group = h("input", { type: "number", id: `${uid}-group`, min: 1, max: 200, step: 1, inputMode: "numeric" });
  title.addEventListener("input", () => send({ type: "title", value: title.value }));
  const number = (input, type) => input.addEventListener("input", () => {
    const n = Number.parseInt(input.value, 10);
    send({ type, value: Number.isFinite(n) ? n : null });
  });
  number(minutes, "minutes");
  number(group, "group");
  const aboutSet = h("fieldset", {}, h("legend", { text: "The session" }),
    h("div", { class: "sbs-row" },
      field("Session name", title),
      field("Session length (minutes)", minutes),
      field("People in the group", group)));

  // Adding
  const choose = h("select", { id: `${uid}-choose` });
  const addButton = actionButton("Add to plan", () => {
    if (!choose.value) return;
    send({ type: "add", activity: choose.value });
  });
  const breakMinutes = h("input", { type: "number", id: `${uid}-break`, min: 1, max: 120, step: 5, value: 10, inputMode: "numeric" });
  const breakButton = actionButton("Add a break", () => {
    const n = Number.parseInt(breakMinutes.value, 10);
    send({ type: "break", minutes: Number.isFinite(n) ? n : 10 });
  }, { class: "sbs-secondary" });
  const addSet = h("fieldset", {}, h("legend", { text: "Add to the plan" }),
    h("div", { class: "sbs-row" }, field("Activity", choose), addButton),
    h("div", { class: "sbs-row" }, field("Break length (minutes)", breakMinutes), breakButton));

  // Timeline, totals, warnings
  const timelineHeading = h("h3", { id: `${uid}-timeline`, text: "Timeline" });
  const timeline = h("ol", { class: "sbs-timeline", "aria-labelledby": timelineHeading.id });
  const total = h("p", { class: "sbs-total", role: "status" });
  const warningsHeading = h("h3", { id: `${uid}-warnings`, text: "Things to check" });
  const warnings = h("ul", { class: "sbs-warnings", "aria-labelledby": warningsHeading.id });
  const warningsLive = h("div", { "aria-live": "polite" }, warningsHeading, warnings);

  const catalogue = () => {
    const keep = choose.value;
    choose.replaceChildren(h("option", { value: "", text: "Choose an activity" }),
      ...model.get("catalogue").map((a) => h("option", {
        value: a.id,
        text: `${a.title} (${a.minutes} min, ${a.minimum}+ people${a.touch ? ", involves touch" : ""})`,
      })));
    choose.value = keep;
  };

  // One move/remove button for a slot; `data-focus` lets focus come back to it after a redraw.
  const slotButton = (text, focus, label, onClick) =>
    actionButton(text, onClick, { class: "sbs-secondary", "aria-label": label, "data-focus": focus });

  const slot = (s, count) => {
    const name = `${s.title}${s.touch_free ? " (touch-free version)" : ""}`;
    const label = `${s.title}, item ${s.index + 1}`;
    const up = slotButton("Move up", `up-${s.index}`, `Move up: ${label}`, () => {
      pendingFocus = s.index > 1 ? `up-${s.index - 1}` : `down-0`;
      send({ type: "move", index: s.index, by: -1 });
    });
    up.disabled = s.index === 0;
    const down = slotButton("Move down", `down-${s.index}`, `Move down: ${label}`, () => {
      pendingFocus = s.index + 1 < count - 1 ? `down-${s.index + 1}` : `up-${count - 1}`;
      send({ type: "move", index: s.index, by: 1 });
    });
    down.disabled = s.index === count - 1;
    const remove = slotButton("Remove", `remove-${s.index}`, `Remove: ${label}`, () => {
      pendingFocus = count > 1 ? `remove-${Math.min(s.index, count - 2)}` : "choose";
      send({ type: "remove", index: s.index });
    });
    const actions = h("div", { class: "sbs-slot-actions" }, up, down, remove);
    if (s.touch) {
      const box = h("input", {
        type: "checkbox",
        id: `${uid}-touchfree-${s.index}`,
        checked: s.touch_free,
        "data-focus": `touch-${s.index}`,
      });
      box.addEventListener("change", () => {
        pendingFocus = `touch-${s.index}`;
        send({ type: "touch_free", index: s.index, value: box.checked });
      });
      actions.append(option(box, `Use the touch-free version of ${s.title}`, "span"));
    }
    return h("li", { class: s.break ? "sbs-slot sbs-break" : "sbs-slot", "data-index": s.index },
      h("span", { class: "sbs-slot-time", text: s.time }),
      h("span", { class: "sbs-slot-title", text: `${name} (${s.minutes} min)` }),
      actions);
  };

  const focusKey = (key) => {
    if (key === "title") return title;
    if (key === "choose") return choose;
    return root.querySelector(`[data-focus="${key}"]`);
  };

  const draw = () => {
    const v = model.get("view");
    if (!v || !v.plans) return;
    pick.replaceChildren(...v.plans.map((p) => h("option", { value: p.id, text: p.title })));
    pick.value = v.current;
    if (document.activeElement !== title) title.value = v.title;
    if (document.activeElement !== minutes) minutes.value = v.minutes;
    if (document.activeElement !== group) group.value = v.group;
    timeline.replaceChildren(...v.slots.map((s) => slot(s, v.slots.length)));
    if (!v.slots.length) timeline.append(h("li", { class: "sbs-detail", text: "No activities yet: choose one above and press Add to plan." }));
    total.textContent = v.total;
    total.classList.toggle("sbs-over", v.over);
    warnings.replaceChildren(...v.warnings.map((w) => h("li", {
      class: w.level === "warning" ? "sbs-warning" : "sbs-note-item",
      text: `${w.level === "warning" ? "Warning" : "Note"}: ${w.text}`,
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
  root.append(plansSet, aboutSet, addSet, timelineHeading, timeline, total, warningsLive, saves.line);
  return listen(model, { "change:view": draw, "change:catalogue": catalogue }, saves.stop);
}
export default { render };
