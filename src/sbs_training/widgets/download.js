// DownloadButton front end: ask the kernel for the file, then hand it to the browser.
function render({ model, el }) {
  el.classList.add("sbs-download", "sbs-widget");
  const button = document.createElement("button");
  button.type = "button";
  const note = document.createElement("p");
  note.className = "sbs-download-note";
  const status = document.createElement("p");
  status.className = "sbs-download-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");

  const sync = () => {
    button.textContent = model.get("label");
    note.textContent = model.get("description");
    note.hidden = !model.get("description");
    status.textContent = model.get("status");
  };
  sync();
  model.on("change", sync);

  button.addEventListener("click", () => act(model, { type: "download" }));
  const onMessage = (msg) => {
    if (!msg || msg.type !== "file") return;
    const blob = new Blob([msg.text], { type: msg.mime });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = msg.filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  };
  model.on("msg:custom", onMessage);
  el.append(note, button, status);
  return () => { model.off("change", sync); model.off("msg:custom", onMessage); };
}
export default { render };
