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

// The quiet status line every widget has ("Saved 14:32"), announced to screen readers.
function statusLine(extraClass = "") {
  return h("p", { class: `sbs-status ${extraClass}`.trim(), role: "status", "aria-live": "polite" });
}

// Listen to a model and get back the one function that stops listening: return it from render().
function listen(model, handlers) {
  const pairs = Object.entries(handlers);
  for (const [event, handler] of pairs) model.on(event, handler);
  return () => { for (const [event, handler] of pairs) model.off(event, handler); };
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
