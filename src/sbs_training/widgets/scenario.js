// ScenarioPlayer front end. The page never moves the story on by itself: each
// button sends a request to the kernel, which checks it, saves it and sends the
// route back. When the answer arrives, the new text is drawn in a live region
// and focus moves there, so it is both seen and heard. No timers.
// Each widget imports this module afresh, so ids need randomness, not just a counter.
let counter = 0;
const unique = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}-${counter++}`;

function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Scenario text may hold several paragraphs separated by blank lines.
function paragraphs(text, className) {
  return String(text || "")
    .split(/\n\s*\n/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => make("p", className, t));
}

function labelled(label, text) {
  const p = make("p");
  p.append(make("strong", "", `${label} `), text);
  return p;
}

function render({ model, el }) {
  const uid = `sbs-scenario-${unique()}`;
  el.classList.add("sbs-widget", "sbs-scenario");

  const section = make("section");
  section.setAttribute("aria-labelledby", `${uid}-title`);
  const title = make("h3");
  title.id = `${uid}-title`;
  const note = make("p", "sbs-scenario-note");
  const setting = make("div", "sbs-scenario-setting");

  const history = make("details", "sbs-scenario-history");
  const historySummary = make("summary");
  const historyList = make("ol");
  history.append(historySummary, historyList);

  const now = make("div", "sbs-scenario-now");
  now.tabIndex = -1;
  now.setAttribute("role", "region");
  now.setAttribute("aria-live", "polite");
  now.setAttribute("aria-label", "What happens now");

  const choices = make("fieldset", "sbs-scenario-choices");
  const legend = make("legend", "", "What do you do?");
  const choiceList = make("ul");
  choices.append(legend, choiceList);

  const controls = make("div", "sbs-scenario-controls");
  const back = make("button", "sbs-secondary", "Go back one step");
  back.type = "button";
  const restart = make("button", "sbs-secondary", "Start again");
  restart.type = "button";
  controls.append(back, restart);

  const status = make("p", "sbs-status");
  status.setAttribute("role", "status");

  let pendingFocus = false;

  const scenario = () => model.get("scenario") || { nodes: {}, endings: {} };
  const steps = () => model.get("route") || [];
  const choiceOf = (step) => {
    const node = scenario().nodes[step.node];
    return node ? node.choices.find((c) => c.id === step.choice) : undefined;
  };
  const position = () => {
    const route = steps();
    if (!route.length) return scenario().start;
    const last = choiceOf(route[route.length - 1]);
    return last ? last.next : scenario().start;
  };

  const ask = (message) => {
    pendingFocus = true;
    model.send(message);
  };

  const draw = () => {
    const s = scenario();
    title.textContent = s.title || "";
    now.setAttribute("aria-label", `What happens now: ${s.title || "scenario"}`);
    note.textContent = s.content_note
      ? `Content note: ${s.content_note} You can skip this scenario, or stop at any time.`
      : "";
    note.hidden = !s.content_note;
    setting.replaceChildren(...paragraphs(s.setting));

    const route = steps();
    historyList.replaceChildren();
    for (const step of route) {
      const choice = choiceOf(step);
      if (!choice) continue;
      const li = make("li", "", `${choice.text} `);
      li.append(make("span", "sbs-scenario-tag", `${choice.role_name} move`));
      historyList.append(li);
    }
    historySummary.textContent = `Your route so far: ${route.length} ${route.length === 1 ? "choice" : "choices"}`;
    history.hidden = !route.length;

    now.replaceChildren();
    const last = route.length ? choiceOf(route[route.length - 1]) : undefined;
    if (last) {
      const feedback = make("div", "sbs-feedback");
      feedback.append(
        labelled("You chose:", last.text),
        labelled("What happens:", last.happens),
        labelled("Coaching:", last.coaching),
      );
      const role = make("p", "sbs-scenario-role");
      role.append(make("strong", "", "The role:"), ` this was a ${last.role_label} move.`);
      role.dataset.role = last.role;
      feedback.append(role);
      now.append(feedback);
    }
    const here = position();
    const node = s.nodes[here];
    const ending = s.endings[here];
    choiceList.replaceChildren();
    if (node) {
      now.append(...paragraphs(node.text, "sbs-scenario-situation"));
      for (const choice of node.choices) {
        const li = make("li");
        const button = make("button", "sbs-scenario-choice", choice.text);
        button.type = "button";
        button.addEventListener("click", () => ask({ action: "choose", at: here, choice: choice.id }));
        li.append(button);
        choiceList.append(li);
      }
    } else if (ending) {
      const box = make("div", "sbs-scenario-ending");
      box.append(make("h4", "", `An ending: ${ending.title}`), ...paragraphs(ending.text));
      box.append(make("h4", "", "Debrief"), ...paragraphs(s.debrief));
      box.append(make("p", "sbs-scenario-next", "Your reflection on this scenario is just below. You can also go back a step, or start again and try another way."));
      now.append(box);
    }
    choices.hidden = !node;
    // Nothing to undo at the start, so the controls appear after the first choice.
    controls.hidden = !route.length;
    status.textContent = model.get("status") || "";
  };

  back.addEventListener("click", () => ask({ action: "back", at: position() }));
  restart.addEventListener("click", () => ask({ action: "restart" }));

  const redraw = () => {
    draw();
    if (pendingFocus) {
      pendingFocus = false;
      now.focus();
    }
  };
  model.on("change:revision", redraw);
  model.on("change:route", draw);
  model.on("change:scenario", draw);
  const showStatus = () => { status.textContent = model.get("status") || ""; };
  model.on("change:status", showStatus);

  section.append(title, note, setting, history, now, choices, controls, status);
  el.append(section);
  draw();
  el.classList.add("sbs-scenario-ready");
  return () => {
    model.off("change:revision", redraw);
    model.off("change:route", draw);
    model.off("change:scenario", draw);
    model.off("change:status", showStatus);
  };
}

export default { render };
