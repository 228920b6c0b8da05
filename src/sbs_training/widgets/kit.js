// The widget kit: joined in front of every widget's module by widgets/base.py (widget_module),
// so each anywidget shares these helpers without a build step. Keep it small: one helper a job.

let sbsCount = 0;

// A unique element id. anywidget may load a module once per widget, so a counter alone can
// repeat across widgets: the time and a random part keep ids apart on one page.
function newId(kind) {
  sbsCount += 1;
  return `sbs-${kind}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}-${sbsCount}`;
}

// Make an element. `class`, `text`, `for`, `role`, `aria-*` and `data-*` are set as attributes
// (or text); any other key is set as a property (id, type, value, hidden, disabled...).
function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key === "for") node.htmlFor = value;
    else if (key === "role" || key.startsWith("aria-") || key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  node.append(...children.filter((child) => child !== null && child !== undefined && child !== false));
  return node;
}

// A button that does something when pressed (type "button", so it never submits a form).
function actionButton(text, onClick, props = {}) {
  const button = h("button", { type: "button", text, ...props });
  button.addEventListener("click", onClick);
  return button;
}

// A checkbox or radio button followed by its own label, in one row (`sbs-option`).
// The input needs an id: the label points at it.
function option(input, labelText, tag = "div") {
  return h(tag, { class: "sbs-option" }, input, h("label", { for: input.id, text: labelText }));
}

// A labelled field: the label above its input (`sbs-field`). The input needs an id.
function field(labelText, input) {
  return h("div", { class: "sbs-field" }, h("label", { for: input.id, text: labelText }), input);
}

// The quiet status line every widget has ("Saved 14:32"), announced to screen readers.
function statusLine(extraClass = "") {
  return h("p", { class: `sbs-status ${extraClass}`.trim(), role: "status", "aria-live": "polite" });
}

// Listen to a model and get back the one function that stops listening: return it from render().
// `alsoStop` are more such functions (a saver's `stop`), called with it.
function listen(model, handlers, ...alsoStop) {
  const pairs = Object.entries(handlers);
  for (const [event, handler] of pairs) model.on(event, handler);
  return () => {
    for (const [event, handler] of pairs) model.off(event, handler);
    for (const stop of alsoStop) stop();
  };
}

// Hand a file made in the kernel to the browser as an ordinary download.
function saveFile({ filename, mime, text }) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = h("a", { href: url, download: filename });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// Send an action (download, add, save...) only once everything the page has typed has reached
// the kernel. ipywidgets holds a model's state updates back while its previous update is still
// being handled, but model.send() goes straight out, so a button pressed just after typing could
// overtake the typing. The kernel answers "sbs:flush" only after it has handled every message sent
// before it; each held-back update goes out as soon as its predecessor is handled, so by the time the
// answer arrives every held-back update is already on its way, ahead of the action.
function act(model, message, buffers) {
  const token = newId("act");
  const onFlushed = (msg) => {
    if (!msg || msg.type !== "sbs:flushed" || msg.token !== token) return;
    model.off("msg:custom", onFlushed);
    model.send(message, undefined, buffers);
  };
  model.on("msg:custom", onFlushed);
  model.send({ type: "sbs:flush", token });
}

// -- saving, confirmed ---------------------------------------------------------------------
//
// "Saved" on the page must mean the journal holds the words. A widget sends every change that
// saves through its saver, never straight through the model:
// - text longer than the journal keeps (`max_text_chars`, sent by the kernel) is refused here with
//   one sentence and never sent, so an enormous paste can't close the connection to the kernel;
// - each change carries a fresh `save_token`; the status says "Saving…" until the kernel answers
//   "sbs:saved" for the newest token (widgets/base.py sends it once the change is handled), and only
//   then shows the kernel's own sentence ("Saved 14:32." or why not);
// - if the connection to the kernel is lost while a change is on its way, the status says so.

const SAVING = "Saving…";
const LOST =
  "Your last change was not saved: this page has lost its connection to the workbook. " +
  "Copy anything you need from this page before you close it.";
const SAVE_TOKEN = "save_token";

// Characters as the journal counts them (a pair of UTF-16 surrogates is one), stopping once past `limit`.
function longerThan(text, limit) {
  if (typeof text !== "string" || text.length <= limit) return false;
  let count = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0xdc00 || code > 0xdfff) count += 1;
    if (count > limit) return true;
  }
  return false;
}

// The kernel connection, when the widget manager shares it (Voila's does), to notice it is lost.
function kernelOf(model) {
  const kernel = model.widget_manager && model.widget_manager.kernel;
  return kernel && kernel.connectionStatusChanged && kernel.statusChanged ? kernel : null;
}

function saver(model, line, { busy = SAVING } = {}) {
  let waiting = null; // the token of the newest change not yet confirmed
  let refused = null; // why the text the page shows was not sent: stays until the next change is sent
  let local = null; // a sentence from the page itself, shown until the kernel says something new
  const kernel = kernelOf(model);
  const lost = () => !!kernel && (kernel.connectionStatus !== "connected" || kernel.status === "dead");

  const show = () => {
    let text = local !== null ? local : model.get("status") || "";
    if (waiting) text = lost() ? LOST : busy;
    if (refused) text = refused;
    line.setAttribute("aria-busy", waiting && !refused && !lost() ? "true" : "false");
    if (line.textContent !== text) line.textContent = text;
  };
  const tooLong = (texts) => {
    const limit = model.get("max_text_chars");
    if (!limit || !texts.some((text) => longerThan(text, limit))) return false;
    refused =
      `This is longer than ${limit.toLocaleString("en-GB")} characters, so it was not saved; ` +
      "your journal still holds what was saved before. Please split it into shorter pieces.";
    show();
    return true;
  };
  const begin = () => {
    waiting = newId("save");
    refused = null;
    local = null;
    show();
    return waiting;
  };

  const onMessage = (msg) => {
    if (!msg || msg.type !== "sbs:saved" || msg.token !== waiting) return;
    waiting = null;
    show();
  };
  const onStatus = () => {
    local = null;
    show();
  };
  const onKernel = () => show();
  const stopModel = listen(model, { "msg:custom": onMessage, "change:status": onStatus });
  if (kernel) {
    kernel.connectionStatusChanged.connect(onKernel);
    kernel.statusChanged.connect(onKernel);
  }
  show();

  return {
    line,
    // A sentence from the page itself ("Choose one of the options first.").
    say(text) {
      refused = null;
      local = text;
      show();
    },
    // Set synced values and save them; `texts` are the typed texts among them. False if refused.
    set(values, texts = []) {
      if (tooLong(texts)) return false;
      for (const [key, value] of Object.entries(values)) model.set(key, value);
      model.set(SAVE_TOKEN, begin());
      model.save_changes();
      return true;
    },
    // Send a request that saves (model.send); `texts` are the typed texts in it. False if refused.
    send(message, texts = []) {
      if (tooLong(texts)) return false;
      model.send({ ...message, [SAVE_TOKEN]: begin() });
      return true;
    },
    // The same, after everything typed before it has reached the kernel (see act()).
    act(message, texts = [], buffers = undefined) {
      if (tooLong(texts)) return false;
      act(model, { ...message, [SAVE_TOKEN]: begin() }, buffers);
      return true;
    },
    stop() {
      stopModel();
      if (kernel) {
        kernel.connectionStatusChanged.disconnect(onKernel);
        kernel.statusChanged.disconnect(onKernel);
      }
    },
  };
}
