// DownloadButton front end: ask the kernel for the file, then hand it to the browser.
function render({ model, el }) {
  el.classList.add("sbs-download", "sbs-widget");
  const button = actionButton("", () => act(model, { type: "download" }));
  const note = h("p", { class: "sbs-download-note" });
  const status = h("p", { class: "sbs-download-status", role: "status", "aria-live": "polite" });

  const sync = () => {
    button.textContent = model.get("label");
    note.textContent = model.get("description");
    note.hidden = !model.get("description");
    status.textContent = model.get("status");
  };
  sync();

  const onMessage = (msg) => { if (msg && msg.type === "file") saveFile(msg); };
  el.append(note, button, status);
  return listen(model, { change: sync, "msg:custom": onMessage });
}
export default { render };
