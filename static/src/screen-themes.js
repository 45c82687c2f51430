// The screen's wall grouped by theme, when the facilitator switches it on (settings.by_theme):
// the server groups the wall by meaning (topic.themes); each theme is a column of its notes.
// Asked when the wall changed, at most every 15 s (a clustering costs the server ~0.4 s), so
// until the first answer, and between two, the screen shows what it has.
import { h, plural, replace, unchanged } from "./live.js";
import { T } from "./screen-text.js";

const EVERY = 15000; // ms between two questions
const THEMES_MAX = 8; // columns readable from the back of the room
const NOTES_MAX = 6; // per column; the rest counted

let themes = null; // the last answer: [{label, ids}]
let askedFor = null; // the wall's signature when last asked
let lastAsked = 0;
let waiting = null;

/** Draw the grouped wall in [data-wall-themes] and say true, or false for the plain wall. */
export function renderGrouped(live, state, here, topics) {
  const box = here.querySelector("[data-wall-themes]");
  if (!box) return false;
  const on = !!state.settings.by_theme && topics.length > 0;
  if (!on) {
    box.hidden = true;
    return false;
  }
  const signature = JSON.stringify(topics.map((t) => [t.id, t.title]));
  if (signature !== askedFor) ask(live, signature);
  if (!themes?.length) { // nothing grouped (yet): the plain wall
    box.hidden = true;
    return false;
  }
  box.hidden = false;
  draw(box, topics);
  return true;
}

function ask(live, signature) {
  if (waiting) return;
  const wait = Math.max(0, lastAsked + EVERY - Date.now());
  waiting = setTimeout(() => {
    waiting = null;
    if (live.status !== "online") return;
    askedFor = signature;
    lastAsked = Date.now();
    live.socket.emit("topic.themes", {}, (answer) => {
      if (!answer?.ok) {
        askedFor = null; // asked again at the next render
        return;
      }
      themes = answer.themes;
      live.emit("change", live.state, { themes: true });
    });
  }, wait);
}

function draw(box, topics) {
  const byId = new Map(topics.map((t) => [t.id, t]));
  const grouped = new Set();
  const columns = themes.slice(0, THEMES_MAX).map((theme) => {
    const notes = theme.ids.map((id) => byId.get(id)).filter(Boolean);
    notes.forEach((t) => grouped.add(t.id));
    return [theme.label, notes];
  }).filter(([, notes]) => notes.length);
  const rest = topics.filter((t) => !grouped.has(t.id));
  if (rest.length && columns.length < THEMES_MAX) columns.push([T.unthemed, rest]);
  const parts = columns.map(([label, notes]) => [label, notes.map((t) => [t.id, t.title])]);
  if (unchanged(box, parts, T.lang)) return;
  box.dataset.columns = String(Math.min(columns.length, 4));
  replace(box, ...columns.map(([label, notes]) => h("section", { class: "theme-column" },
    h("h2", { class: "theme-column-label", text: label }),
    h("ul", { class: "theme-notes" },
      ...notes.slice(0, NOTES_MAX).map((t) => h("li", { class: "theme-note", data: { topic: t.id }, text: t.title }))),
    notes.length > NOTES_MAX
      ? h("p", { class: "theme-more", text: plural(T.more, notes.length - NOTES_MAX, T.lang) })
      : null)));
}
