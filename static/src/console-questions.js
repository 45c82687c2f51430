// The console's questions to the room, in every phase: most upvoted first; mark answered,
// pin one to the screen, archive (and bring back); those waiting for review first, to approve
// (as asked or edited) or reject. Also the room's quick reactions as they
// come, "louder, please" included, gone after a few seconds.
import { fill, h, plural, replace, syncList, unchanged } from "./live.js";

const REACTION_SHOWN = 5000; // ms a reaction stays listed on the console

export function createQuestions(ctx) {
  const { act, live, T, $ } = ctx;
  const Q = T.questions;
  const list = $("[data-qa-list]");
  const archived = $("[data-qa-archived-list]");
  const felt = $("[data-qa-reactions]");
  let fade = 0;

  live.socket.on("reactions", ({ counts = {} } = {}) => {
    const parts = Object.entries(counts).filter(([kind]) => Q.reactions[kind])
      .map(([kind, n]) => `${Q.reactions[kind]} ×${n}`);
    if (!parts.length) return;
    felt.textContent = parts.join(" · ");
    felt.hidden = false;
    clearTimeout(fade);
    fade = setTimeout(() => { felt.hidden = true; }, REACTION_SHOWN);
  });

  /** A button saying what it does; which question it acts on is read out after that. */
  function button(text, action, about, payload) {
    return h("button", {
      type: "button", class: "button secondary small-button",
      data: { action }, on: { click: () => act(`question.${action}`, payload) },
    }, text, h("span", { class: "visually-hidden", text: ` ${about}` }));
  }

  function draw(node, q) {
    if (unchanged(node, q.text, q.author, q.upvotes, q.answered, q.pinned, q.archived)) return;
    // Rebuilt: the focused button, known by its action, gets the focus back.
    const active = node.contains(document.activeElement) ? document.activeElement.dataset.action : null;
    node.classList.toggle("pinned", q.pinned);
    const about = fill(Q.quoted, { text: q.text });
    replace(node,
      h("div", { class: "qa-text" },
        h("p", { class: "qa-said", text: q.text }),
        h("p", { class: "qa-meta" },
          h("span", { class: "count-badge", text: plural(Q.upvotes, q.upvotes, T.lang) }),
          q.pinned ? h("span", { class: "badge live", text: Q.pinned }) : null,
          q.answered ? h("span", { class: "badge", text: Q.answered }) : null,
          q.author ? h("span", { class: "qa-author", text: fill(T.by, { name: q.author }) }) : null)),
      h("div", { class: "qa-actions" },
        q.archived ? null : button(q.answered ? Q.unanswer : Q.answer, "answer", about,
          { question_id: q.id, answered: !q.answered }),
        q.archived ? null : button(q.pinned ? Q.unpin : Q.pin, "pin", about,
          { question_id: q.id, pinned: !q.pinned }),
        button(q.archived ? Q.restore : Q.archive, "archive", about,
          { question_id: q.id, archived: !q.archived })));
    if (active) node.querySelector(`[data-action="${active}"]`)?.focus();
  }

  /** A question waiting for review: why, then approve, reject, or edit and approve. */
  function drawWaiting(node, q) {
    // Not redrawn under the facilitator's typing.
    if (node.contains(document.activeElement) && node.querySelector("form")) return;
    if (unchanged(node, q.text, q.author, (q.flagged || []).join(), T.lang)) return;
    const R = T.review;
    const why = q.flagged?.length ? fill(R.flagged, { words: q.flagged.join(", ") }) : Q.waiting;
    const text = h("input", { type: "text", value: q.text, maxlength: 300, "aria-label": Q.edit_label });
    replace(node,
      h("div", { class: "qa-text" },
        h("p", { class: "qa-said", text: q.text }),
        h("p", { class: "qa-meta", text: [q.author ? fill(T.by, { name: q.author }) : "", why].filter(Boolean).join(" · ") })),
      h("div", { class: "qa-actions" },
        h("button", {
          type: "button", class: "button small-button", text: R.approve, data: { action: "approve" },
          "aria-label": fill(R.approve_label, { title: q.text }),
          on: { click: () => act("question.approve", { question_id: q.id }) },
        }),
        h("button", {
          type: "button", class: "button secondary small-button", text: R.reject, data: { action: "reject" },
          "aria-label": fill(R.reject_label, { title: q.text }),
          on: { click: () => act("question.reject", { question_id: q.id }) },
        })),
      h("form", {
        class: "topic-editor review-edit", "data-live": true,
        on: { submit: (event) => {
          event.preventDefault();
          act("question.approve", { question_id: q.id, text: text.value });
        } },
      }, text, h("button", { type: "submit", class: "button quiet small-button", text: R.edit_approve })));
  }

  return {
    render(state) {
      const all = state.questions || [];
      const byVotes = (a, b) => b.upvotes - a.upvotes || a.id - b.id;
      const waiting = all.filter((q) => q.pending).sort((a, b) => a.id - b.id);
      $("[data-qa-review-box]").hidden = waiting.length === 0;
      $("[data-qa-review-count]").textContent = String(waiting.length);
      syncList($("[data-qa-review-list]"), waiting, (q) => q.id, () => h("li", { class: "qa-item review-row" }), drawWaiting);
      const open = all.filter((q) => !q.archived && !q.pending).sort(byVotes);
      const put = all.filter((q) => q.archived).sort(byVotes);
      $("[data-qa-count]").textContent = String(open.length);
      $("[data-qa-empty]").hidden = open.length > 0;
      $("[data-qa-archived]").hidden = put.length === 0;
      $("[data-qa-archived-count]").textContent = String(put.length);
      const item = () => h("li", { class: "qa-item" });
      syncList(list, open, (q) => q.id, item, draw);
      syncList(archived, put, (q) => q.id, item, draw);
    },
  };
}
