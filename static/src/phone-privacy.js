// "Your data" on the phone: download everything stored about oneself, or erase oneself.
// Loaded only when one of its buttons is pressed.
import { say } from "./phone-ui.js";

/** Ask the server for this participant's data and save it as a JSON file. */
export function download(live, button, message) {
  live.socket.emit("me.data", {}, (answer) => {
    if (!answer?.ok) {
      say(message, answer?.error?.message || button.dataset.failed);
      return;
    }
    const blob = new Blob([JSON.stringify(answer.data, null, 2)], { type: "application/json" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = button.dataset.filename;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    say(message, button.dataset.done, "ok");
  });
}

/** After a confirmation, erase this participant; then back to the join page. */
export async function erase(live, button, message) {
  if (!window.confirm(button.dataset.confirm)) return;
  button.disabled = true;
  const answer = await live.send("me.erase", { confirm: true });
  if (answer?.ok) {
    window.location.assign(button.dataset.then);
    return;
  }
  button.disabled = false;
  say(message, answer?.error?.message || button.dataset.failed);
}
