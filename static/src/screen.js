// The projector screen: read-only; what it shows follows the phase's `screen` kind
// ("join", "wall", "votes", "results"). Texts are in the workshop's language (#i18n).
import { Live, bindStatus, clock, fill, h, plural, readJSON, seededOrder, syncList, ticker } from "./live.js";

const root = document.querySelector("[data-screen]");
const T = readJSON("i18n");
const WALL_MAX = 24; // more would be unreadable from the back of the room
const BARS_MAX = 10;

if (root) {
  const $ = (selector) => root.querySelector(selector);
  const live = new Live({ auth: { workshop: Number(root.dataset.workshop), screen: root.dataset.key } });
  bindStatus(live, $("[data-connection]"));
  live.on("change", render);
  ticker(renderTimer);
  window.addEventListener("resize", () => render(live.state));

  function render(state) {
    if (!state) return;
    const phase = state.phase;
    const info = state.phases.find((p) => p.id === phase.id) || {};
    const counts = state.tally?.counts || null;
    let view = phase.screen;
    // Votes without results (hidden to avoid bandwagon voting) show the ballot as a wall.
    const ballot = view === "results" || view === "votes";
    if (ballot) view = counts ? "votes" : "wall";
    else if (view !== "join") view = "wall";
    root.dataset.view = view;
    $("[data-step]").textContent = fill(T.step, { index: phase.index + 1, count: phase.count });
    $("[data-phase-title]").textContent = info.title || "";
    document.title = `${info.title || ""} · ${state.workshop.title}`;

    const joining = state.settings.joining_open;
    // The join panel takes the stage while the phase is about joining; later, a corner.
    const joinStage = view === "join" && joining;
    show("join", joinStage);
    show("wall", view === "wall");
    show("votes", view === "votes");
    show("calm", view === "join" && !joining);
    $("[data-join-mini]").hidden = !joining || joinStage;
    if (view === "join" && !joining) {
      $("[data-calm-title]").textContent = info.title || "";
      $("[data-calm-text]").textContent = info.instructions || "";
    }

    renderPeople(state);
    $("[data-votes-hidden]").hidden = !(ballot && !counts);
    const voting = (phase.allows || []).includes("vote");
    for (const line of root.querySelectorAll("[data-when]")) {
      line.hidden = (line.dataset.when === "voting") !== voting;
    }
    if (view === "wall") renderWall(state, ballot ? "" : info.instructions);
    if (view === "votes") renderVotes(state, counts);
  }

  function show(panel, visible) {
    $(`[data-panel="${panel}"]`).hidden = !visible;
  }

  function renderPeople(state) {
    const total = state.participants?.total || 0;
    $("[data-total]").textContent = plural(T.participants, total, T.lang);
    const byGroup = state.participants?.by_group || {};
    const groups = state.groups.filter((g) => byGroup[g.key]);
    syncList($("[data-groups]"), groups, (g) => g.key,
      () => h("li", {}, h("span", { class: "group-count" }), h("span", { class: "group-label" })),
      (node, group) => {
        node.querySelector(".group-count").textContent = String(byGroup[group.key]);
        node.querySelector(".group-label").textContent = group.label;
      });
  }

  function renderWall(state, instructions) {
    $("[data-instructions]").textContent = instructions || "";
    const topics = state.settings.random_order ? seededOrder(state.topics, state.workshop.id) : state.topics;
    // The newest stay on the wall when there are too many to read.
    const shown = topics.length > WALL_MAX ? topics.slice(-WALL_MAX) : topics;
    const wall = $("[data-wall]");
    $("[data-wall-empty]").hidden = topics.length > 0;
    syncList(wall, shown, (t) => t.id,
      () => h("li", { class: "note" }, h("p", { class: "note-title" }), h("p", { class: "note-author" })),
      (node, topic) => {
        node.querySelector(".note-title").textContent = topic.title;
        const author = node.querySelector(".note-author");
        author.textContent = topic.author ? fill(T.by, { name: topic.author }) : "";
        author.hidden = !topic.author;
      });
    const start = shown.length <= 6 ? 0 : shown.length <= 12 ? 1 : 2;
    fit($('[data-panel="wall"]'), wall, start, $("[data-wall-more]"), topics.length - shown.length, "first");
  }

  function renderVotes(state, counts) {
    const bars = $("[data-bars]");
    const ranked = [...state.topics].sort((a, b) => (counts[b.id] || 0) - (counts[a.id] || 0) || a.id - b.id);
    const shown = ranked.slice(0, BARS_MAX);
    const max = Math.max(1, ...shown.map((t) => counts[t.id] || 0));
    $("[data-votes-empty]").hidden = state.topics.length > 0;
    fillBars(bars, shown, counts, max);
    fit($('[data-panel="votes"]'), bars, shown.length <= 5 ? 0 : 2, $("[data-bars-more]"),
      ranked.length - shown.length, "last");
  }

  function fillBars(list, topics, counts, max) {
    syncList(list, topics, (t) => t.id,
      () => h("li", { class: "bar-row" },
        h("span", { class: "bar-rank" }),
        h("div", { class: "bar-body" },
          h("p", { class: "bar-title" }),
          h("span", { class: "bar-track" }, h("span", { class: "bar-fill" }))),
        h("span", { class: "bar-count", "aria-hidden": "true" }),
        h("span", { class: "bar-votes visually-hidden" })),
      (node, topic) => {
        const n = counts[topic.id] || 0;
        node.querySelector(".bar-title").textContent = topic.title;
        node.querySelector(".bar-fill").style.width = `${(100 * n) / max}%`;
        node.querySelector(".bar-count").textContent = String(n);
        node.querySelector(".bar-votes").textContent = plural(T.votes, n, T.lang);
      });
    // Ranks follow the final order; the podium needs at least one vote.
    [...list.children].forEach((node, i) => {
      node.querySelector(".bar-rank").textContent = String(i + 1);
      node.classList.toggle("top", i < 3 && (counts[node.dataset.key] || 0) > 0);
    });
  }

  /**
   * Make a list fit its panel: denser first, then leave out items (the oldest notes, the
   * lowest bars) and say how many are not shown.
   */
  function fit(panel, list, start, moreLine, alreadyLeftOut, dropFrom) {
    const levels = ["roomy", "medium", "dense"];
    const items = [...list.children];
    for (const item of items) item.hidden = false;
    let level = start;
    let leftOut = alreadyLeftOut;
    const overflows = () => panel.scrollHeight > panel.clientHeight + 1;
    list.dataset.density = levels[level];
    more(moreLine, leftOut);
    while (overflows() && level < levels.length - 1) {
      level += 1;
      list.dataset.density = levels[level];
    }
    const order = dropFrom === "first" ? items : items.reverse();
    for (const item of order) {
      if (!overflows() || leftOut + 1 >= items.length + alreadyLeftOut) break;
      item.hidden = true;
      leftOut += 1;
      more(moreLine, leftOut);
    }
  }

  function more(el, n) {
    el.hidden = n <= 0;
    if (n > 0) el.textContent = plural(T.more, n, T.lang);
  }

  function renderTimer() {
    const timer = live.state?.timer;
    const display = $("[data-timer]");
    if (!timer) return;
    const seconds = live.timerSeconds();
    const started = timer.running || (timer.remaining > 0 && timer.remaining < timer.duration);
    if (display.hidden === started) {
      display.hidden = !started;
      render(live.state); // the header changed height: lists fit again
    }
    if (!started) return;
    const text = timer.running && seconds <= 0 ? T.times_up : clock(seconds);
    if (display.textContent !== text) display.textContent = text;
    display.classList.toggle("paused", !timer.running);
    display.classList.toggle("ending", timer.running && seconds <= 60);
  }
}
