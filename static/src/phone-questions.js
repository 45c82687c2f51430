// Questions to the room: ask one, upvote others' (once each, again to take it back), most
// upvoted first, one's own marked; and quick reactions. Loaded when the participant opens the
// questions card or first reacts, so a phone that does neither downloads none of it.

const TEXT_MAX = 300; // the server's limit (services/questions.py)

/** Send a quick reaction; not kept in the outbox: a reaction is worth sending now or never. */
export function react(ctx, kind) {
  const { live, T, say, message } = ctx;
  if (!live.ready) return;
  live.socket.emit("reaction.send", { kind }, (ack) => {
    if (ack?.ok) say(message, T.reaction_sent, "ok");
    else say(message, ack?.error?.message || T.error);
  });
}

export function setUp(ctx) {
  const { live, T, $ } = ctx;
  const { counter, fill, h, plural, redraw, say, showErrors, syncList } = ctx.ui;
  const Q = T.questions;
  const form = $("[data-question-form]");
  const field = form.elements.text;
  const note = $("[data-question-message]");
  field.setAttribute("maxlength", TEXT_MAX);
  counter(field, form.querySelector('[data-counter-for="question-text"]'));

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = field.value.trim();
    if (!text) {
      showErrors(form, { text: [Q.missing] });
      field.focus();
      return;
    }
    showErrors(form, {});
    form.reset(); // kept in the outbox, even offline
    field.dispatchEvent(new Event("input"));
    const sending = live.send("question.ask", { text });
    if (live.status !== "online") say(note, T.queued, "info");
    const ack = await sending;
    if (ack.ok) say(note, ack.pending ? Q.held : Q.asked, ack.pending ? "info" : "ok");
    else {
      field.value = text; // refused: nothing typed is lost
      field.dispatchEvent(new Event("input"));
      showErrors(form, ack.error?.fields || {});
      say(note, ack.error?.message || T.error);
    }
  });

  // Acknowledgements come before the render that follows them: mark what is now mine.
  live.on("ack", (entry, ack) => {
    const state = live.state;
    if (!ack.ok || !state) return;
    if (entry.event === "question.ask") {
      state.my_questions = [...new Set([...(state.my_questions || []), ack.question_id])];
      // Held for the facilitator: listed as waiting, on this phone only.
      if (ack.pending) state.my_waiting_questions = [...(state.my_waiting_questions || []).filter((q) => q.id !== ack.question_id), { id: ack.question_id, text: entry.payload?.text || "" }];
    } else if (entry.event === "question.upvote") {
      const mine = new Set(state.my_upvotes || []);
      if (ack.upvoted) mine.add(ack.question_id);
      else mine.delete(ack.question_id);
      state.my_upvotes = [...mine];
      const known = state.questions.find((q) => q.id === ack.question_id);
      if (known) known.upvotes = ack.upvotes;
    }
  });

  function upvote(question, up) {
    live.send("question.upvote", { question_id: question.id, up }).then((ack) => {
      if (!ack.ok) say(note, ack.error?.message || T.error);
    });
  }

  function draw(node, question, mine, upvoted) {
    node.classList.toggle("answered", question.answered);
    node.classList.toggle("mine", mine);
    const count = plural(Q.upvotes, question.upvotes, T.lang);
    redraw(node, [question.text, question.author, question.upvotes, question.answered,
      question.pinned, mine, upvoted], () => [
      h("div", { class: "question-text" },
        h("p", { class: "question-said", text: question.text }),
        h("p", { class: "question-meta" },
          mine ? h("span", { class: "badge", text: Q.mine }) : null,
          question.answered ? h("span", { class: "badge live", text: Q.answered }) : null,
          question.pinned ? h("span", { class: "badge", text: Q.pinned }) : null,
          question.author ? h("span", { class: "wall-author", text: fill(T.by, { name: question.author }) }) : null)),
      mine
        ? h("span", { class: "upvote-count", text: count })
        : h("button", {
          type: "button", class: upvoted ? "button small-button upvote on" : "button secondary small-button upvote",
          "aria-pressed": upvoted ? "true" : "false", data: { action: "upvote" },
          on: { click: () => upvote(question, !upvoted) },
        },
        // The count shows; the name says what pressing does, after the count (axe: the
        // visible text is part of the accessible name).
        h("span", { "aria-hidden": "true", text: "▲ " }), String(question.upvotes),
        h("span", { class: "visually-hidden",
          text: ` ${fill(upvoted ? Q.take_back : Q.upvote, { text: question.text })}` }))]);
  }

  function render(state) {
    const mine = new Set(state.my_questions || []);
    const upvoted = new Set(state.my_upvotes || []);
    const sorted = [...state.questions].sort((a, b) => b.upvotes - a.upvotes || a.id - b.id);
    form.hidden = state.workshop.state === "ended";
    const waiting = state.my_waiting_questions || [];
    const held = $("[data-question-waiting]");
    held.hidden = !waiting.length;
    held.replaceChildren(...waiting.map((q) => h("li", { text: `${q.text} · ${T.waiting_review}` })));
    // "Ask the first one!" would contradict the question of one's own waiting just above.
    $("[data-questions-empty]").hidden = sorted.length > 0 || waiting.length > 0;
    syncList($("[data-question-list]"), sorted, (q) => q.id,
      () => h("li", { class: "question-item" }),
      (node, q) => draw(node, q, mine.has(q.id), upvoted.has(q.id)));
  }

  // Drawn while the card is open, from the moment this module arrives.
  const card = $("[data-questions]");
  const show = () => { if (card.open && live.state) render(live.state); };
  card.addEventListener("toggle", show);
  live.on("change", show);
  show();
  return { render };
}
