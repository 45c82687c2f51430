// On the projector, over any panel: the question the facilitator pinned, and the room's quick
// reactions rising and fading (a count, never a vote). Participants' text only as text.
import { fill, h, replace, unchanged } from "./live.js";
import { T, count } from "./screen-text.js";

const REACTION_LIFE = 2600; // ms, as long as the CSS animation of a bubble
const BUBBLES_MAX = 12; // on screen at once: a burst of applause reads as a burst, not a flood
const ICONS = { applause: "👏", plus_one: "+1", louder: "🔊" };

/** The pinned question, or nothing when none is. */
export function renderPinned(state, box) {
  const pinned = (state.questions || []).find((q) => q.pinned);
  box.hidden = !pinned;
  if (!pinned || unchanged(box, pinned.text, pinned.author, pinned.upvotes)) return;
  replace(box,
    h("p", { class: "pinned-label", text: T.pinned_label }),
    h("p", { class: "pinned-text", text: pinned.text }),
    h("p", { class: "pinned-meta", text: [count("upvotes", pinned.upvotes),
      pinned.author ? fill(T.by, { name: pinned.author }) : ""].filter(Boolean).join(" · ") }));
}

/** Show the reactions that just came: one bubble per kind with how many, then gone. */
export function showReactions(counts, box) {
  for (const [kind, n] of Object.entries(counts)) {
    if (!ICONS[kind] || !(n > 0)) continue;
    while (box.childElementCount >= BUBBLES_MAX) box.firstElementChild.remove();
    const bubble = h("li", { class: "reaction-bubble", data: { kind } },
      h("span", { class: "reaction-icon", "aria-hidden": "true", text: ICONS[kind] }),
      h("span", { class: "reaction-label", text: n > 1 ? `${T.reactions[kind]} ×${n}` : T.reactions[kind] }));
    box.append(bubble);
    setTimeout(() => bubble.remove(), REACTION_LIFE);
  }
}
