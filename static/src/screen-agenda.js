// Rooms × time slots on the projector: the Open Space agenda filling live, the Barcamp grid
// with the conflicts it avoided, live head-counts during sessions, and Barcamp interest marks.
import { fill, h, replace, syncList, unchanged } from "./live.js";
import { fillBars, ranked } from "./screen-bars.js";
import { fit, fitText, flash, more } from "./screen-layout.js";
import { T, count, ofKind, sentence, templateText } from "./screen-text.js";

const LOOSE_MAX = 12; // session titles listed under the grid before "and N more"
const WORD_FLOOR = 1.8; // rem: the smallest type at which a title's words must stay whole

/** Barcamp interest: every session with how many people want it, most wanted first. */
export function renderInterest(state, panel) {
  const $ = (s) => panel.querySelector(s);
  const sessions = ofKind(state, "topic");
  const counts = state.counts?.interest || {};
  const list = $("[data-interest]");
  $("[data-interest-empty]").hidden = sessions.length > 0;
  fillBars(list, ranked(sessions, counts), counts, "interested");
  // In two or three columns the ranking reads down each column.
  list.style.setProperty("--rows-2", String(Math.max(1, Math.ceil(sessions.length / 2))));
  list.style.setProperty("--rows-3", String(Math.max(1, Math.ceil(sessions.length / 3))));
  fit(panel, list, 0, $("[data-interest-more]"));
}

/**
 * The agenda grid. `mode`: "agenda" (filling, interest shown), "grid" (Barcamp: conflicts
 * avoided), "sessions" (head-counts now, the law of two feet).
 */
export function renderAgenda(state, panel, mode) {
  const $ = (s) => panel.querySelector(s);
  const agenda = state.agenda || { rooms: [], slots: [], cells: [], grid: null };
  const sessions = ofKind(state, "topic");
  const byId = new Map(sessions.map((t) => [t.id, t]));
  const cells = agenda.cells.filter((c) => byId.has(c.topic_id));
  const grid = $("[data-agenda]");
  const bars = $("[data-session-bars]");
  const noGrid = !agenda.rooms.length || !agenda.slots.length;
  const building = mode === "grid" && !cells.length && !agenda.grid;
  // Sessions without any agenda (the facilitator skipped it): head-counts as bars.
  const barsOnly = mode === "sessions" && !cells.length && sessions.length > 0;
  panel.dataset.mode = mode;

  renderBanner(state, panel, mode, agenda);
  const empty = $("[data-agenda-empty]");
  empty.hidden = !(noGrid || building) || barsOnly;
  if (!empty.hidden) {
    $("[data-agenda-empty-title]").textContent = building
      ? templateText(panel, "[data-agenda-texts]", "text", "building")
      : templateText(panel, "[data-agenda-texts]", "text", "no_rooms");
  }
  grid.hidden = noGrid || building || barsOnly;
  bars.hidden = !barsOnly;
  if (barsOnly) {
    const counts = state.counts?.checkins || {};
    fillBars(bars, ranked(sessions, counts), counts, "here");
    fit(panel, bars, 0, null);
  }
  if (!grid.hidden) {
    buildGrid(grid, agenda);
    fitRoomNames(grid);
    fillCells(state, grid, cells, byId, mode);
    const now = markNow(grid, agenda, mode);
    sizeCells(grid, cells, byId, now);
  }
  renderLoose(panel, mode, cells, sessions, noGrid || building || barsOnly);
}

/** Barcamp: the conflicts avoided; sessions: how many people are checked in. */
function renderBanner(state, panel, mode, agenda) {
  const $ = (s) => panel.querySelector(s);
  const figures = agenda.grid;
  const gridBanner = $("[data-grid-banner]");
  gridBanner.hidden = !(mode === "grid" && figures && cellsShown(state));
  if (!gridBanner.hidden) {
    const avoided = figures.avoided ?? Math.max(0, (figures.naive_conflicts || 0) - (figures.conflicts || 0));
    const line = $("[data-avoided-line]");
    if (!unchanged(line, avoided, figures.conflicts)) {
      replace(line, sentence("avoided", avoided, "big-n", { "data-avoided": String(avoided) }));
      $("[data-grid-remaining]").textContent = figures.conflicts
        ? count("remaining", figures.conflicts) : T.no_conflict;
      gridBanner.dataset.conflicts = String(figures.conflicts || 0);
      gridBanner.dataset.naive = String(figures.naive_conflicts || 0);
    }
  }
  const checkinBanner = $("[data-checkin-banner]");
  checkinBanner.hidden = mode !== "sessions";
  if (!checkinBanner.hidden) {
    const total = Object.values(state.counts?.checkins || {}).reduce((a, b) => a + b, 0);
    const line = $("[data-checked-in]");
    if (!unchanged(line, total)) replace(line, sentence("checked_in", total, "big-n", { "data-checked-in-total": String(total) }));
  }
}

function cellsShown(state) {
  const visible = new Set(ofKind(state, "topic").map((t) => t.id));
  return (state.agenda?.cells || []).some((c) => visible.has(c.topic_id));
}

/** Rebuild the table's skeleton only when rooms or slots change. */
function buildGrid(grid, agenda) {
  if (unchanged(grid, agenda.rooms, agenda.slots)) return;
  grid.style.setProperty("--rooms", String(agenda.rooms.length));
  grid.style.setProperty("--slots", String(agenda.slots.length));
  const head = h("div", { role: "row", class: "agenda-row agenda-head" },
    h("span", { role: "columnheader", class: "agenda-corner" }),
    agenda.rooms.map((room) => h("span", { role: "columnheader", class: "agenda-room", data: { room: String(room.id) } },
      h("span", { class: "agenda-room-name" }, room.name),
      room.capacity ? h("span", { class: "agenda-room-capacity" }, count("capacity", room.capacity)) : null)));
  const rows = agenda.slots.map((slot) => h("div", { role: "row", class: "agenda-row", data: { slot: String(slot.id) } },
    h("span", { role: "rowheader", class: "agenda-slot" },
      h("span", { class: "agenda-slot-label" }, slot.label),
      h("span", { class: "agenda-now", hidden: true }, T.now)),
    agenda.rooms.map((room) => h("div", {
      role: "cell", class: "cell", data: { cell: "", room: String(room.id), slot: String(slot.id), capacity: room.capacity || "" },
    // The count comes first so that, in the tight layout, it floats beside the title's first
    // line; otherwise CSS order puts it under the title.
    }, h("p", { class: "cell-count" }), h("p", { class: "cell-title" }),
    h("p", { class: "cell-convener" }),
    h("span", { class: "cell-meter", "aria-hidden": "true" }, h("span", { class: "cell-meter-fill" }))))));
  replace(grid, head, rows);
}

/** A room's name shrinks to fit its column rather than break in the middle of a word. */
function fitRoomNames(grid) {
  const head = grid.querySelector(".agenda-corner");
  if (!head || unchanged(head, grid.clientWidth, grid.clientHeight)) return;
  for (const name of grid.querySelectorAll(".agenda-room-name")) fitText(name, 12);
}

function fillCells(state, grid, cells, byId, mode) {
  const at = new Map(cells.map((c) => [`${c.room_id}:${c.slot_id}`, c]));
  const counts = (mode === "sessions" ? state.counts?.checkins : state.counts?.interest) || {};
  for (const node of grid.querySelectorAll("[data-cell]")) {
    const cell = at.get(`${node.dataset.room}:${node.dataset.slot}`);
    const topic = cell ? byId.get(cell.topic_id) : null;
    const title = node.querySelector(".cell-title");
    const convener = node.querySelector(".cell-convener");
    if (!unchanged(title, topic?.id, topic?.title, topic?.author)) {
      const arrived = topic && node.dataset.topic !== String(topic.id);
      node.dataset.state = topic ? "taken" : "free";
      if (topic) node.dataset.topic = String(topic.id);
      else delete node.dataset.topic;
      title.textContent = topic ? topic.title : T.free;
      convener.textContent = topic?.author ? fill(T.convener, { name: topic.author }) : "";
      convener.hidden = !topic?.author;
      if (arrived) flash(node, "arrived");
    }
    node.dataset.locked = String(Boolean(cell?.locked));
    const n = topic ? counts[topic.id] || 0 : 0;
    const countLine = node.querySelector(".cell-count");
    // Interest marks are shown once there are some; head-counts always (0 is news too).
    countLine.hidden = !topic || (mode !== "sessions" && n === 0);
    const capacity = Number(node.dataset.capacity) || 0;
    const label = mode === "sessions" ? "here" : "interested";
    if (countLine.dataset.count !== String(n) || countLine.dataset.label !== label) {
      if (countLine.dataset.count !== undefined && countLine.dataset.label === label) flash(countLine, "bump");
      countLine.dataset.count = String(n);
      countLine.dataset.label = label;
      const words = sentence(label, n, "cell-n");
      // Head-counts against the room's seats, in numbers: "35/16" tells a full room apart
      // from an overflowing one, which a red bar alone does not.
      if (mode === "sessions" && capacity) {
        const at = words.findIndex((part) => part.classList?.contains("cell-n"));
        words.splice(at + 1, 0, h("span", { class: "cell-of" }, `/${capacity}`));
      }
      replace(countLine, words);
      node.querySelector(".cell-meter-fill").style.width = capacity ? `${Math.min(100, (100 * n) / capacity)}%` : "0";
      node.dataset.full = !capacity || n < capacity ? "false" : n > capacity ? "over" : "true";
    }
    if (mode === "sessions") node.dataset.headcount = String(n);
    else delete node.dataset.headcount;
    node.querySelector(".cell-meter").hidden = mode !== "sessions" || !topic || !Number(node.dataset.capacity);
  }
}

/**
 * During sessions, the slot running now: its row takes most of the grid's height and says
 * "Now", the slots before it fold to a thin row. Returns its row, or null.
 */
function markNow(grid, agenda, mode) {
  const index = mode === "sessions" ? agenda.slots.findIndex((slot) => slot.id === agenda.now) : -1;
  const rows = [...grid.querySelectorAll(".agenda-row[data-slot]")];
  rows.forEach((row, i) => {
    row.dataset.when = index < 0 ? "" : i < index ? "past" : i === index ? "now"
      : i === index + 1 ? "next" : "later";
    // Like a conference's signage: what runs now and what comes next. Nobody goes to a past
    // slot, and later ones are on the phones.
    row.hidden = row.dataset.when === "past" || row.dataset.when === "later";
    row.querySelector(".agenda-now").hidden = i !== index;
  });
  const next = index >= 0 && index + 1 < rows.length;
  grid.style.gridTemplateRows = index < 0 ? ""
    : `auto minmax(0, 1.5fr)${next ? " minmax(0, 1fr)" : ""}`;
  return index < 0 ? null : rows[index];
}

/**
 * The biggest type at which every session's title shows whole and nothing spills out of its
 * cell: tried from big to small, only when titles or the grid's size change. The row running
 * now is sized on its own, so that its titles stay big whatever the other rows hold.
 */
function sizeCells(grid, cells, byId, now) {
  const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const taken = [...grid.querySelectorAll('[data-cell][data-state="taken"]')];
  const shown = taken.map((cell) => [cell.dataset.topic, cell.querySelector(".cell-count").hidden]);
  const titles = cells.map((c) => byId.get(c.topic_id)?.title);
  if (unchanged(grid.querySelector(".agenda-head") || grid, titles, shown, grid.clientWidth,
    grid.clientHeight, rem, now?.dataset.slot)) return;
  for (const row of grid.querySelectorAll(".agenda-row[data-slot]")) {
    row.style.removeProperty("--cell-font");
    row.style.removeProperty("overflow-wrap");
    delete row.dataset.tight;
  }
  const others = taken.filter((cell) => !now?.contains(cell) && !cell.closest("[hidden]"));
  fitCells(grid, others, rem);
  if (now) fitCells(now, taken.filter((cell) => now.contains(cell)), rem);
}

/** Set `box`'s cell type as big as lets every one of `taken` show whole (see sizeCells). */
function fitCells(box, taken, rem) {
  const tall = () => taken.some((cell) => {
    const title = cell.querySelector(".cell-title");
    return cell.scrollHeight > cell.clientHeight + 1 || title.scrollHeight > title.clientHeight + 1;
  });
  const wide = () => taken.some((cell) => {
    const title = cell.querySelector(".cell-title");
    return title.scrollWidth > title.clientWidth + 1; // a word wider than the card
  });
  // First with the conveners' names and counts in words; when even small type spills, the
  // tight layout keeps the titles and bare numbers only. Words stay whole down to WORD_FLOOR;
  // below it, a long word breaks rather than shrink every title further.
  for (const [tight, largest, smallest] of [["false", 2.8, 1.3], ["true", 2.2, 1]]) {
    box.dataset.tight = tight;
    box.style.overflowWrap = "normal";
    let size = largest * rem;
    box.style.setProperty("--cell-font", `${size.toFixed(1)}px`);
    for (;;) {
      const isTall = tall();
      const isWide = box.style.overflowWrap === "normal" && wide();
      if (!isTall && !isWide) return;
      if (isWide && size * 0.9 < WORD_FLOOR * rem) box.style.overflowWrap = "anywhere";
      else if (size > smallest * rem) size = Math.max(smallest * rem, size * 0.9);
      else break;
      box.style.setProperty("--cell-font", `${size.toFixed(1)}px`);
    }
  }
}

/** Sessions not on the grid (yet): a line under it, with their titles. */
function renderLoose(panel, mode, cells, sessions, hidden) {
  const $ = (s) => panel.querySelector(s);
  const box = $("[data-agenda-loose]");
  const placed = new Set(cells.map((c) => c.topic_id));
  const loose = mode === "sessions" ? [] : sessions.filter((t) => !placed.has(t.id));
  box.hidden = hidden || (loose.length === 0 && sessions.length > 0);
  if (box.hidden) return;
  box.dataset.count = String(loose.length);
  $("[data-agenda-loose-label]").textContent = sessions.length
    ? count("unplaced", loose.length) : templateText(panel, "[data-agenda-texts]", "text", "no_sessions");
  const shown = loose.slice(0, LOOSE_MAX);
  const list = $("[data-agenda-loose-list]");
  syncList(list, shown, (t) => t.id, () => h("li", { class: "loose" }),
    (node, topic) => {
      node.dataset.topic = String(topic.id);
      node.textContent = topic.title;
    });
  // As many titles as fit on two lines, then "and N more".
  let extra = list.querySelector("[data-loose-more]");
  extra ||= h("li", { class: "loose loose-more", data: { looseMore: "" } });
  list.append(extra);
  const chips = [...list.children].filter((n) => n !== extra);
  for (const chip of chips) chip.hidden = false;
  let hiddenCount = loose.length - shown.length;
  more(extra, hiddenCount);
  for (const chip of chips.reverse()) {
    if (box.scrollHeight <= box.clientHeight + 1) break;
    chip.hidden = true;
    hiddenCount += 1;
    more(extra, hiddenCount);
  }
}
