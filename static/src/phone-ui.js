// Small pieces the phone's views share: live regions, counters, redrawing without losing focus,
// what is still in the outbox, and where a session sits on the agenda.
import { fill, h, replace, unchanged } from "./live.js";

const fading = new WeakMap();

/** Put `text` in a live region: "error" stays, "ok" goes away by itself, "info" is neutral. */
export function say(region, text, kind = "error") {
  if (!region) return;
  region.textContent = text;
  region.dataset.kind = kind;
  clearTimeout(fading.get(region));
  if (kind === "ok") fading.set(region, setTimeout(() => { region.textContent = ""; }, 5000));
}

export function fieldErrors(ack) {
  return Object.values(ack?.error?.fields || {}).flat().join(" ");
}

/** Show each field's errors in its [data-error-for] slot and mark the field invalid. */
export function showErrors(form, fields) {
  for (const slot of form.querySelectorAll("[data-error-for]")) {
    const text = (fields[slot.dataset.errorFor] || []).join(" ");
    slot.textContent = text;
    const input = form.elements[slot.dataset.errorFor];
    if (text) input?.setAttribute("aria-invalid", "true");
    else input?.removeAttribute("aria-invalid");
  }
}

/** A live "12/120" counter for a field with a maxlength (made here or found in the page). */
export function counter(field, out) {
  const update = () => {
    const max = Number(field.getAttribute("maxlength"));
    out.textContent = `${field.value.length}/${max}`;
    out.classList.toggle("near", field.value.length > max * 0.9);
  };
  field.addEventListener("input", update);
  update();
  return out;
}

/**
 * Rebuild `node`'s children unless `parts` are what it already shows; the button that had the
 * focus (known by its data-action) gets it back, so keyboards and screen readers keep their place.
 */
export function redraw(node, parts, build) {
  if (unchanged(node, ...parts)) return;
  const active = node.contains(document.activeElement) ? document.activeElement.dataset.action : null;
  replace(node, ...build());
  if (active) node.querySelector(`[data-action="${active}"]`)?.focus();
}

/** A button named by `action` (data-action: for tests, and to give the focus back). */
export function button(text, action, click, cls = "button secondary", attrs = {}) {
  return h("button", { type: "button", class: cls, text, data: { action }, on: { click }, ...attrs });
}

/** The newest unsent action named `event` (a string or a RegExp) whose payload passes `test`. */
export function waiting(live, event, test = () => true) {
  for (let i = live.outbox.length - 1; i >= 0; i -= 1) {
    const entry = live.outbox[i];
    const named = typeof event === "string" ? entry.event === event : event.test(entry.event);
    if (named && test(entry.payload)) return entry;
  }
  return undefined;
}

export function groupLabel(state, key) {
  return state.groups?.find((g) => g.key === key)?.label || "";
}

/** Where each placed session is: topic id → {room, slot, locked, order}. */
export function places(state) {
  const agenda = state.agenda || { rooms: [], slots: [], cells: [] };
  const rooms = new Map(agenda.rooms.map((r, i) => [r.id, [r, i]]));
  const slots = new Map(agenda.slots.map((s, i) => [s.id, [s, i]]));
  const out = new Map();
  for (const cell of agenda.cells) {
    const room = rooms.get(cell.room_id);
    const slot = slots.get(cell.slot_id);
    if (!room || !slot) continue;
    out.set(cell.topic_id, {
      room: room[0], slot: slot[0], locked: cell.locked, order: slot[1] * 1000 + room[1],
    });
  }
  return out;
}

/** "Slot 1 · Room A", or the "not placed" text. */
export function placeText(T, place) {
  return place ? fill(T.place_at, { slot: place.slot.label, room: place.room.name }) : T.not_placed;
}

/** Sessions (kind "topic") in agenda order; those not placed yet come last. */
export function sessionsInOrder(state, where = places(state)) {
  const rank = (t) => where.get(t.id)?.order ?? Infinity;
  return state.topics.filter((t) => t.kind === "topic").sort((a, b) => rank(a) - rank(b) || a.id - b.id);
}
