// ScenarioPlayer front end. The page never moves the story on by itself: each
// button sends a request to the kernel, which checks it, saves it and sends back
// `view` (only what may be shown now: the choices the story offers, in this
// play's order). When the answer arrives, the new text is drawn in a live region
// and focus moves there, so it is both seen and heard. No timers.
// Uses the kit (kit.js, joined in front): h, newId, statusLine, listen.

// Scenario text may hold several paragraphs separated by blank lines.
function paragraphs(text, className) {
  return String(text || "")
    .split(/\n\s*\n/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => h("p", { class: className, text: t }));
}

function labelled(label, text) {
  return h("p", {}, h("strong", { text: `${label} ` }), text);
}

function render({ model, el }) {
  const uid = newId("scenario");
  el.classList.add("sbs-widget", "sbs-scenario");

  const section = h("section", { "aria-labelledby": `${uid}-title` });
  const title = h("h3", { id: `${uid}-title` });
  const note = h("p", { class: "sbs-scenario-note" });
  const setting = h("div", { class: "sbs-scenario-setting" });
  const source = h("p", { class: "sbs-scenario-source" });

  const historySummary = h("summary");
  const historyList = h("ol");
  const history = h("details", { class: "sbs-scenario-history" }, historySummary, historyList);

  const now = h("div", { class: "sbs-scenario-now", role: "region", "aria-live": "polite", "aria-label": "What happens now" });
  now.tabIndex = -1;

  const choiceList = h("ul");
  const choices = h("fieldset", { class: "sbs-scenario-choices" }, h("legend", { text: "What do you do?" }), choiceList);

  const back = h("button", { class: "sbs-secondary", type: "button", text: "Go back one step" });
  const restart = h("button", { class: "sbs-secondary", type: "button", text: "Start again" });
  const controls = h("div", { class: "sbs-scenario-controls" }, back, restart);

  const status = statusLine();

  let pendingFocus = false;
  const view = () => model.get("view") || {};

  const ask = (message) => {
    pendingFocus = true;
    model.send(message);
  };

  const draw = () => {
    const s = model.get("scenario") || {};
    const v = view();
    title.textContent = s.title || "";
    now.setAttribute("aria-label", `What happens now: ${s.title || "scenario"}`);
    note.textContent = s.content_note
      ? `Content note: ${s.content_note} You can skip this scenario, or stop at any time.`
      : "";
    note.hidden = !s.content_note;
    setting.replaceChildren(...paragraphs(s.setting));
    source.textContent = s.source ? `Based on: ${s.source}` : "";
    source.hidden = !s.source;

    const steps = v.steps || [];
    historyList.replaceChildren(
      ...steps.map((step) => h("li", {}, `${step.text} `, h("span", { class: "sbs-scenario-tag", text: `${step.role_name} move` }))),
    );
    historySummary.textContent = `Your route so far: ${steps.length} ${steps.length === 1 ? "choice" : "choices"}`;
    history.hidden = !steps.length;

    now.replaceChildren();
    const last = v.last;
    if (last) {
      const role = h("p", { class: "sbs-scenario-role", "data-role": last.role },
        h("strong", { text: "The role:" }), ` this was a ${last.role_label} move.`);
      now.append(h("div", { class: "sbs-feedback" },
        labelled("You chose:", last.text),
        labelled("What happens:", last.happens),
        labelled("Coaching:", last.coaching),
        role));
    }
    choiceList.replaceChildren();
    if (v.node) {
      now.append(...paragraphs(v.node.text, "sbs-scenario-situation"));
      for (const option of v.node.options || []) {
        const button = h("button", { class: "sbs-scenario-choice", type: "button", text: option.text });
        button.addEventListener("click", () => ask({ action: "choose", at: v.at, choice: option.id }));
        choiceList.append(h("li", {}, button));
      }
    } else if (v.ending) {
      const e = v.ending;
      const box = h("div", { class: "sbs-scenario-ending", "data-outcome": e.outcome },
        h("h4", { text: `An ending: ${e.title}` }),
        h("p", { class: "sbs-scenario-outcome" }, h("strong", { text: "Where things stand: " }), e.outcome_name),
        ...paragraphs(e.text),
        h("h4", { text: "Debrief" }));
      if ((e.recalls || []).length) {
        box.append(h("p", { text: "On the way you took:" }),
          h("ul", { class: "sbs-scenario-recalls" }, ...e.recalls.map((line) => h("li", { text: line }))));
      }
      box.append(...paragraphs(e.debrief),
        h("p", { class: "sbs-scenario-next", text: "Your reflection on this scenario is just below. You can also go back a step, or start again and try another way." }));
      now.append(box);
    }
    choices.hidden = !v.node;
    // Nothing to undo at the start, so the controls appear after the first choice.
    controls.hidden = !steps.length;
    status.textContent = model.get("status") || "";
  };

  back.addEventListener("click", () => ask({ action: "back", at: view().at }));
  restart.addEventListener("click", () => ask({ action: "restart" }));

  const redraw = () => {
    draw();
    if (pendingFocus) {
      pendingFocus = false;
      now.focus();
    }
  };
  const stop = listen(model, {
    "change:revision": redraw,
    "change:view": draw,
    "change:scenario": draw,
    "change:status": () => { status.textContent = model.get("status") || ""; },
  });

  section.append(title, note, setting, source, history, now, choices, controls, status);
  el.append(section);
  draw();
  el.classList.add("sbs-scenario-ready");
  return stop;
}

export default { render };
