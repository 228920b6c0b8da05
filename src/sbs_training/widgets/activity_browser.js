// ActivityBrowser front end: filters in a fieldset, and one card per matching activity.
// The kernel decides which activities match (model "shown"); this file only draws them.

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

function list(tag, items) {
  return el(tag, {}, ...items.map((text) => el("li", { textContent: text })));
}

function render({ model, el: root }) {
  const uid = `sbs-browse-${Math.random().toString(36).slice(2, 10)}`;
  root.classList.add("sbs-browser", "sbs-widget");

  const form = el("fieldset");
  form.append(el("legend", { textContent: "Find an activity for your group" }));
  const row = el("div", { className: "sbs-filters" });
  const numberField = (key, labelText, max) => {
    const input = el("input", { type: "number", id: `${uid}-${key}`, min: 1, max, step: 1, inputMode: "numeric" });
    const label = el("label", { htmlFor: input.id, textContent: labelText });
    row.append(el("div", { className: "sbs-field" }, label, input));
    return input;
  };
  const checkField = (key, labelText) => {
    const input = el("input", { type: "checkbox", id: `${uid}-${key}` });
    const label = el("label", { htmlFor: input.id, textContent: labelText });
    row.append(el("div", { className: "sbs-option" }, input, label));
    return input;
  };
  const group = numberField("group", "People in your group", 200);
  const minutes = numberField("minutes", "Minutes you have", 480);
  const touchFree = checkField("touch", "Touch-free only");
  const online = checkField("online", "Works online");
  form.append(row);

  const count = el("p", { className: "sbs-status", id: `${uid}-count` });
  count.setAttribute("role", "status");
  const cards = el("ul", { className: "sbs-activity-list" });
  cards.setAttribute("aria-describedby", count.id);
  const status = el("p", { className: "sbs-status" });
  status.setAttribute("role", "status");

  const filters = () => (model.get("answers").filters || { group: null, minutes: null, touch_free: false, online: false });
  const whole = (input) => {
    const n = Number.parseInt(input.value, 10);
    return Number.isFinite(n) && n >= 1 ? n : null;
  };
  const send = () => {
    const next = { group: whole(group), minutes: whole(minutes), touch_free: touchFree.checked, online: online.checked };
    model.set("answers", { ...model.get("answers"), filters: next });
    model.save_changes();
  };
  for (const input of [group, minutes]) input.addEventListener("input", send);
  for (const input of [touchFree, online]) input.addEventListener("change", send);

  const syncFilters = () => {
    const f = filters();
    if (document.activeElement !== group) group.value = f.group ?? "";
    if (document.activeElement !== minutes) minutes.value = f.minutes ?? "";
    touchFree.checked = !!f.touch_free;
    online.checked = !!f.online;
  };

  const card = (a) => {
    const item = el("li", { className: "sbs-activity" });
    item.dataset.activity = a.id;
    const heading = el("h3", { id: `${uid}-${a.id}`, textContent: a.title });
    item.setAttribute("aria-labelledby", heading.id);
    const tags = el("ul", { className: "sbs-tags" });
    tags.setAttribute("aria-label", "At a glance");
    const tagText = [
      `${a.minutes} min`,
      `${a.minimum}+ people (best ${a.ideal})`,
      a.touch ? "Involves touch (touch-free version given)" : "No touching",
      a.online ? "Works online" : "In person only",
      ...a.phases.map((p) => (p === "middle" ? "Main part" : p[0].toUpperCase() + p.slice(1))),
    ];
    tags.append(...tagText.map((t) => el("li", { textContent: t })));
    const details = el("details");
    details.append(
      el("summary", { textContent: `How to run ${a.title}` }),
      el("h4", { textContent: "Why" }), el("p", { textContent: a.purpose }),
      el("h4", { textContent: "Timing" }), el("p", { textContent: a.timing }),
      el("h4", { textContent: "Preparation" }), el("p", { textContent: a.preparation }),
      el("h4", { textContent: "Space" }), el("p", { textContent: a.space }),
      el("h4", { textContent: "Steps" }), list("ol", a.steps),
      el("h4", { textContent: "Debrief questions" }), list("ul", a.debrief_questions),
      el("h4", { textContent: "Safety" }), list("ul", a.safety),
      el("h4", { textContent: "Adaptations" }),
      list("ul", a.adaptations.map(([name, text]) => `${name}: ${text}`)),
      el("p", { className: "sbs-facts", textContent: `Source: ${a.source}.` }),
    );
    item.append(heading, el("p", { textContent: a.summary }), tags, details);
    return item;
  };

  const draw = () => {
    const shown = new Set(model.get("shown"));
    const all = model.get("activities");
    const open = new Set([...cards.querySelectorAll("details[open]")].map((d) => d.closest("li").dataset.activity));
    cards.replaceChildren(...all.filter((a) => shown.has(a.id)).map(card));
    for (const d of cards.querySelectorAll("details")) if (open.has(d.closest("li").dataset.activity)) d.open = true;
    count.textContent = shown.size
      ? `Showing ${shown.size} of ${all.length} activities.`
      : `No activity matches all of these filters. Try a larger group, more minutes, or fewer ticks.`;
  };

  syncFilters();
  draw();
  status.textContent = model.get("status");
  const onAnswers = () => syncFilters();
  const onStatus = () => { status.textContent = model.get("status"); };
  model.on("change:answers", onAnswers);
  model.on("change:shown", draw);
  model.on("change:activities", draw);
  model.on("change:status", onStatus);
  root.append(form, count, cards, status);
  return () => {
    model.off("change:answers", onAnswers);
    model.off("change:shown", draw);
    model.off("change:activities", draw);
    model.off("change:status", onStatus);
  };
}
export default { render };
