// "Similar topics already exist": while one types a proposal, the server is asked (after a
// pause) what the wall already holds that says the same thing, in French or in English
// (topic.similar); each one found can be supported in one tap instead — a vote where voting is
// open, an interest mark where marking is, otherwise dropping one's draft to support it later.
// Only informs: proposing stays possible, and a failed or slow hint shows nothing.
import { fill, h, replace } from "./live.js";
import { say } from "./phone-ui.js";

const PAUSE = 700; // ms after the last keystroke: one question per pause, not per key
const MIN_WORDS = 3; // the server's too: fewer words match half the wall

/** Wire the hint to the propose form; `T.hints` holds its texts. */
export function setUpHints(live, form, T, message) {
  const box = form.querySelector("[data-hint]");
  if (!box) return;
  const list = box.querySelector("[data-hint-list]");
  box.querySelector("[data-hint-heading]").textContent = T.hints.heading;
  box.querySelector("[data-hint-note]").textContent = T.hints.note;
  const { title, details } = form.elements;
  let timer = null;
  let asked = 0; // answers to older questions are dropped

  const hide = () => { box.hidden = true; replace(list); };
  const draft = () => [title.value.trim(), details.value.trim()].filter(Boolean).join("\n");

  function ask() {
    const text = draft();
    const kind = form.dataset.kind;
    if (kind === "word" || text.split(/\s+/).length < MIN_WORDS || live.status !== "online") {
      hide();
      return;
    }
    const mine = ++asked;
    live.socket.emit("topic.similar", { text }, (answer) => {
      if (mine !== asked || draft() !== text) return; // typed on since: a newer answer comes
      if (!answer?.ok || !answer.similar.length) {
        hide();
        return;
      }
      replace(list, ...answer.similar.map((found) => item(found)));
      box.hidden = false;
    });
  }

  function item(found) {
    const allows = live.state?.phase?.allows || [];
    const [label, event, payload] = allows.includes("vote")
      ? [T.hints.vote, "vote.cast", { topic_id: found.id }]
      : allows.includes("mark")
        ? [T.hints.mark, "interest.mark", { topic_id: found.id, wanted: true }]
        : [T.hints.keep, null, null];
    const support = async () => {
      if (event) {
        const ack = await live.send(event, payload);
        if (!ack?.ok) return; // the phone's ack handler says why
      }
      form.reset();
      for (const field of [title, details]) field.dispatchEvent(new Event("input"));
      hide();
      const done = event === "vote.cast" ? T.hints.voted : event ? T.hints.marked : T.hints.kept;
      say(message, fill(done, { title: found.title }), "ok");
    };
    return h("li", { class: "hint-item", data: { hintId: found.id } },
      h("span", { class: "hint-title", text: found.title }),
      h("button", { type: "button", class: "button secondary small-button", text: label,
        data: { action: `support-${found.id}` }, on: { click: support } }));
  }

  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(ask, PAUSE);
  };
  title.addEventListener("input", later);
  details.addEventListener("input", later);
  form.addEventListener("submit", () => { clearTimeout(timer); asked += 1; hide(); });
}
