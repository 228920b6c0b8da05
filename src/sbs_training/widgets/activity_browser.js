// ActivityBrowser front end: filters in a fieldset, and one card per matching activity.
// The kernel decides which activities match (model "shown"); this file only draws them.

function list(tag, items) {
  return h(tag, {}, ...items.map((text) => h("li", { textContent: text })));
}

function render({ model, el: root }) {
  const uid = newId("browse");
  root.classList.add("sbs-browser", "sbs-widget");

  const form = h("fieldset");
  form.append(h("legend", { textContent: "Find an activity for your group" }));
  const row = h("div", { className: "sbs-filters" });
  const numberField = (key, labelText, max) => {
    const input = h("input", { type: "number", id: `${uid}-${key}`, min: 1, max, step: 1, inputMode: "numeric" });
    const label = h("label", { htmlFor: input.id, textContent: labelText });
    row.append(h("div", { className: "sbs-field" }, label, input));
    return input;
  };
  const checkField = (key, labelText) => {
    const input = h("input", { type: "checkbox", id: `${uid}-${key}` });
    const label = h("label", { htmlFor: input.id, textContent: labelText });
    row.append(h("div", { className: "sbs-option" }, input, label));
    return input;
  };
  const group = numberField("group", "People in your group", 200);
  const minutes = numberField("minutes", "Minutes you have", 480);
  const touchFree = checkField("touch", "Touch-free only");
  const online = checkField("online", "Works online");
  form.append(row);

  const count = h("p", { className: "sbs-status", id: `${uid}-count` });
  count.setAttribute("role", "status");
  const cards = h("ul", { className: "sbs-activity-list" });
  cards.setAttribute("aria-describedby", count.id);
  const status = h("p", { className: "sbs-status" });
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
    const item = h("li", { className: "sbs-activity" });
    item.dataset.activity = a.id;
    const heading = h("h3", { id: `${uid}-${a.id}`, textContent: a.title });
    item.setAttribute("aria-labelledby", heading.id);
    const tags = h("ul", { className: "sbs-tags" });
    tags.setAttribute("aria-label", "At a glance");
    const tagText = [
      `${a.minutes} min`,
      `${a.minimum}+ people (best ${a.ideal})`,
      a.touch ? "Involves touch (touch-free version given)" : "No touching",
      a.online ? "Works online" : "In person only",
      ...a.phases.map((p) => (p === "middle" ? "Main part" : p[0].toUpperCase() + p.slice(1))),
    ];
    tags.append(...tagText.map((t) => h("li", { textContent: t })));
    const details = h("details");
    details.append(
      h("summary", { textContent: `How to run ${a.title}` }),
      h("h4", { textContent: "Why" }), h("p", { textContent: a.purpose }),
      h("h4", { textContent: "Timing" }), h("p", { textContent: a.timing }),
      h("h4", { textContent: "Preparation" }), h("p", { textContent: a.preparation }),
      h("h4", { textContent: "Space" }), h("p", { textContent: a.space }),
      h("h4", { textContent: "Steps" }), list("ol", a.steps),
      h("h4", { textContent: "Debrief questions" }), list("ul", a.debrief_questions),
      h("h4", { textContent: "Safety" }), list("ul", a.safety),
      h("h4", { textContent: "Adaptations" }),
      list("ul", a.adaptations.map(([name, text]) => `${name}: ${text}`)),
      h("p", { className: "sbs-facts", textContent: `Source: ${a.source}.` }),
    );
    item.append(heading, h("p", { textContent: a.summary }), tags, details);
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
  root.append(form, count, cards, status);
  return listen(model, { "change:answers": onAnswers, "change:shown": draw, "change:activities": draw, "change:status": onStatus });
}
export default { render };
