// The widget kit: joined in front of every widget's module by widgets/base.py (widget_module),
// so each anywidget gets the same helpers without a build step.

let sbsActCount = 0;

// Send an action (download, add, save...) only once everything the page has typed has reached
// the kernel. ipywidgets holds a model's state updates back while its previous update is still
// being handled, but model.send() goes straight out, so a button pressed just after typing could
// overtake the typing. The kernel answers "sbs:flush" only after it has handled every message sent
// before it; each held-back update goes out as soon as its predecessor is handled, so by the time the
// answer arrives every held-back update is already on its way, ahead of the action.
function act(model, message, buffers) {
  const token = `${Date.now().toString(36)}-${++sbsActCount}`;
  const onFlushed = (msg) => {
    if (!msg || msg.type !== "sbs:flushed" || msg.token !== token) return;
    model.off("msg:custom", onFlushed);
    model.send(message, undefined, buffers);
  };
  model.on("msg:custom", onFlushed);
  model.send({ type: "sbs:flush", token });
}
