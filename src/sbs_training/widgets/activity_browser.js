// ActivityBrowser front end: filters in a fieldset, and one card per matching activity.
// The kernel decides which activities match (model "shown"); this file only draws them.

function list(tag, items) {
  return h(tag, {}, ...items.map((text) => h("li", { text })));
}

function render({ model, el: root }) {
  const uid = newId("browse");
  root.classList.add("sbs-browser", "sbs-widget");

  const number = (key, max) => h("input", { type: "number", id: `${uid}-${key}`, min: 1, max, step: 1, inputMode: "numeric" });
  const check = (key) => h("input", { type: "checkbox", id: `${uid}-${key}` });
  const group = number("group", 200);
  const minutes = number("minutes", 480);
  const touchFree = check("touch");
  const online = check("online");
  const form = h("fieldset", {}, h("legend", { text: "Find an activity for your group" }),
    h("div", { class: "sbs-filters" },
      field("People in your group", group),
      field("Minutes you have", minutes),
      option(touchFree, "Touch-free only"),
      option(online, "Works online")));

  const count = h("p", { class: "sbs-status", id: `${uid}-count`, role: "status" });
  const cards = h("ul", { class: "sbs-activity-list", "aria-describedby": count.id });
  const saves = saver(model, statusLine());

  const filters = () => (model.get("answers").filters || { group: null, minutes: null, touch_free: false, online: false });
  const whole = (input) => {
    const n = Number.parseInt(input.value, 10);
    return Number.isFinite(n) && n >= 1 ? n : null;
  };
  const send = () => {
    const next = { group: whole(group), minutes: whole(minutes), touch_free: touchFree.checked, online: online.checked };
    saves.set({ answers: { ...model.get("answers"), filters: next } });
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
    const heading = h("h3", { id: `${uid}-${a.id}`, text: a.title });
    const tagText = [
      `${a.minutes} min`,
      `${a.minimum}+ people (best ${a.ideal})`,
      a.touch ? "Involves touch (touch-free version given)" : "No touching",
      a.online ? "Works online" : "In person only",
      ...a.phases.map((p) => (p === "middle" ? "Main part" : p[0].toUpperCase() + p.slice(1))),
    ];
    const tags = h("ul", { class: "sbs-tags", "aria-label": "At a glance" }, ...tagText.map((t) => h("li", { text: t })));
    const details = h("details", {},
      h("summary", { text: `How to run ${a.title}` }),
      h("h4", { text: "Why" }), h("p", { text: a.purpose }),
      h("h4", { text: "Timing" }), h("p", { text: a.timing }),
      h("h4", { text: "Preparation" }), h("p", { text: a.preparation }),
      h("h4", { text: "Space" }), h("p", { text: a.space }),
      h("h4", { text: "Steps" }), list("ol", a.steps),
      h("h4", { text: "Debrief questions" }), list("ul", a.debrief_questions),
      h("h4", { text: "Safety" }), list("ul", a.safety),
      h("h4", { text: "Adaptations" }),
      list("ul", a.adaptations.map(([name, text]) => `${name}: ${text}`)),
      h("p", { class: "sbs-facts", text: `Source: ${a.source}.` }),
    );
    return h("li", { class: "sbs-activity", "data-activity": a.id, "aria-labelledby": heading.id },
      heading, h("p", { text: a.summary }), tags, details);
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
  root.append(form, count, cards, saves.line);
  return listen(model, { "change:answers": syncFilters, "change:shown": draw, "change:activities": draw }, saves.stop);
}
export default { render };
