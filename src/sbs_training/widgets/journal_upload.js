// Bring back a journal: choose the .json exported earlier; the kernel merges it (all of it, or none).
// A file too big for one message to the kernel is refused here, before anything is sent.

const megabytes = (bytes) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

function render({ model, el }) {
  const id = newId("upload");
  el.classList.add("sbs-widget", "sbs-upload");
  const label = h("label", { for: `${id}-file`, text: "Your journal file (the .json you downloaded)" });
  const input = h("input", { type: "file", id: `${id}-file`, accept: ".json,application/json" });
  const saves = saver(model, statusLine(), { busy: "Bringing back your journal…" });
  const button = actionButton("Bring back my journal", async () => {
    const file = input.files && input.files[0];
    if (!file) {
      saves.say("Choose your journal file first, then press Bring back my journal.");
      return;
    }
    if (file.size > model.get("max_export_bytes")) {
      saves.say(`${file.name} is larger than any journal export; nothing was imported.`);
      return;
    }
    if (file.size > model.get("max_send_bytes")) {
      saves.say(
        `${file.name} is ${megabytes(file.size)}, more than this page can send at once ` +
        `(${megabytes(model.get("max_send_bytes"))}); nothing was imported. ` +
        "A journal this large can be brought back with the command sbs-training import.",
      );
      return;
    }
    saves.say("Reading your file…");
    const buffer = await file.arrayBuffer();
    saves.act({ type: "upload", name: file.name }, [], [buffer]);
  });
  el.append(h("div", { class: "sbs-upload-row" }, label, input), button, saves.line);
  return listen(model, { "change:done": () => { input.value = ""; } }, saves.stop);
}

export default { render };
