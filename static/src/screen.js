// The projector screen: read-only; what it shows follows the phase's `screen` kind (see
// PANELS). Texts are in the workshop's language (#i18n); people's text only as text.
import { Live, bindStatus, clock, fill, h, plural, seededOrder, syncList, ticker } from "./live.js";
import { renderAgenda, renderInterest } from "./screen-agenda.js";
import { fillBars, ranked } from "./screen-bars.js";
import { fit, fitText, startLevel } from "./screen-layout.js";
import { renderCommitments, renderDocuments, renderThemes } from "./screen-outcomes.js";
import { groupColour, renderPairs, renderTables } from "./screen-seating.js";
import { T, count, ofKind, templateText } from "./screen-text.js";
import { renderWords } from "./screen-words.js";
import { renderGrouped } from "./screen-themes.js";
import { renderPinned, showReactions } from "./screen-questions.js";

const root = document.querySelector("[data-screen]");
const WALL_MAX = 24; // more would be unreadable from the back of the room
const BARS_MAX = 10;

// Screen kind → the panel that shows it (several kinds share the agenda grid).
const PANELS = {
  join: "join", principles: "principles", question: "question", wall: "wall", votes: "votes",
  results: "votes", interest: "interest", agenda: "agenda", grid: "agenda", sessions: "agenda",
  documents: "documents", commitments: "commitments", words: "words", pairs: "pairs",
  themes: "themes", tables: "tables",
};
// Kinds whose phase instructions are worth a line above the panel (the others say it all).
const INSTRUCTED = new Set(["wall", "interest", "agenda", "grid", "commitments", "words", "pairs", "themes"]);
// Kinds whose panel shows the calling question itself: no need to repeat it in the header.
const OWN_QUESTION = new Set(["principles", "question", "tables"]);
// Panels that show the room something to read: a smaller header and footer leave them room.
const ROOMY = new Set(["join", "calm", "principles", "question"]);
// Opening screens people arrive during: a QR code big enough for the back of the room beside them.
const OPENING = new Set(["principles", "question"]);

if (root) {
  const $ = (selector) => root.querySelector(selector);
  const panel = (name) => $(`[data-panel="${name}"]`);
  // Each panel's renderer: (state, panel element, what render worked out).
  const RENDER = {
    principles: (state, here, { question }) => renderPrinciples(here, question),
    question: (state, here, { question }) => renderQuestion(here, question),
    wall: (state, here, { ballot }) => renderWall(state, here, ballot),
    votes: (state, here, { counts }) => renderVotes(state, here, counts),
    interest: renderInterest,
    agenda: (state, here, { kind }) => renderAgenda(state, here, kind),
    documents: renderDocuments,
    commitments: renderCommitments,
    words: renderWords,
    pairs: renderPairs,
    themes: renderThemes,
    tables: renderTables,
  };

  const live = new Live({ auth: { workshop: Number(root.dataset.workshop), screen: root.dataset.key } });
  bindStatus(live, $("[data-connection]"));
  live.on("change", render);
  // Quick reactions are not state: shown as they come, never kept.
  live.socket.on("reactions", (body) => showReactions(body?.counts || {}, $("[data-reactions]")));
  ticker(renderTimer);
  window.addEventListener("resize", () => render(live.state));

  function render(state) {
    if (!state) return;
    const phase = state.phase;
    const info = state.phases.find((p) => p.id === phase.id) || {};
    const counts = state.tally?.counts || null;
    const kind = PANELS[phase.screen] ? phase.screen : "wall";
    const joining = state.settings.joining_open;
    let view = PANELS[kind];
    // Votes without results (hidden to avoid bandwagon voting) show the ballot as a wall.
    const ballot = view === "votes";
    if (ballot && !counts) view = "wall";
    if (view === "join" && !joining) view = "calm";
    root.dataset.view = view;
    root.dataset.kind = kind;
    root.dataset.compact = String(!ROOMY.has(view));
    root.dataset.grouped = String(state.groups.length > 1); // colour dots only tell groups apart
    $("[data-step]").textContent = fill(T.step, { index: phase.index + 1, count: phase.count });
    $("[data-phase-title]").textContent = info.title || "";
    $("[data-workshop-title]").textContent = state.workshop.title;
    document.title = `${info.title || ""} · ${state.workshop.title}`;
    const question = state.settings.question ?? state.workshop.question ?? "";
    const headerQuestion = $("[data-calling-question]");
    headerQuestion.textContent = question || "";
    headerQuestion.hidden = !question || OWN_QUESTION.has(kind);

    for (const section of root.querySelectorAll("[data-panel]")) section.hidden = section.dataset.panel !== view;
    // The join panel takes the stage while the phase is about joining, a column beside an
    // opening screen; later, the address and code in a corner.
    const side = joining && OPENING.has(view);
    root.dataset.joinBeside = String(side);
    $("[data-join-side]").hidden = !side;
    $("[data-join-mini]").hidden = !joining || view === "join" || side;
    const instructions = $("[data-instructions]");
    instructions.textContent = INSTRUCTED.has(kind) && !ballot ? info.instructions || "" : "";

    renderPeople(state);
    renderPinned(state, $("[data-pinned]"));
    const here = panel(view);
    if (view === "calm") {
      $("[data-calm-title]").textContent = info.title || "";
      $("[data-calm-text]").textContent = info.instructions || "";
    } else RENDER[view]?.(state, here, { kind, ballot, counts, question });
  }

  function renderPeople(state) {
    const total = state.participants?.total || 0;
    $("[data-total]").textContent = count("participants", total);
    const byGroup = state.participants?.by_group || {};
    const groups = state.groups.filter((g) => byGroup[g.key]);
    syncList($("[data-groups]"), groups, (g) => g.key,
      () => h("li", {}, h("span", { class: "group-dot", "aria-hidden": "true" }),
        h("span", { class: "group-count" }), h("span", { class: "group-label" })),
      (node, group) => {
        node.dataset.group = group.key;
        node.querySelector(".group-dot").style.setProperty("--dot", groupColour(state, group.key));
        node.querySelector(".group-count").textContent = String(byGroup[group.key]);
        node.querySelector(".group-label").textContent = group.label;
      });
  }

  function renderPrinciples(here, question) {
    here.querySelector("[data-principles-question]").hidden = !question;
    here.querySelector("[data-question-text]").textContent = question || "";
    // The principles are longer in French than in English: each fits its card, and all four
    // take the size of the one that needed the smallest, so that they read as one list.
    requestAnimationFrame(() => {
      const cards = [...here.querySelectorAll(".principles li")];
      for (const card of cards) fitText(card);
      const size = Math.min(...cards.map((card) => parseFloat(getComputedStyle(card).fontSize)));
      for (const card of cards) card.style.fontSize = `${size}px`;
    });
  }

  function renderQuestion(here, question) {
    const text = here.querySelector("[data-affirmative-topic]");
    text.textContent = question || "";
    text.hidden = !question;
    here.querySelector(".question-label").hidden = !question;
    here.querySelector("[data-question-empty]").hidden = Boolean(question);
  }

  function renderWall(state, here, ballot) {
    const kind = state.phase.contribution || "topic";
    const own = ofKind(state, kind);
    const topics = state.settings.random_order ? seededOrder(own, state.workshop.id) : own;
    // The newest stay on the wall when there are too many to read.
    const shown = topics.length > WALL_MAX ? topics.slice(-WALL_MAX) : topics;
    const wall = here.querySelector("[data-wall]");
    wall.dataset.kind = kind;
    here.querySelector("[data-wall-empty]").hidden = topics.length > 0;
    if (!topics.length) {
      here.querySelector("[data-wall-empty-title]").textContent =
        templateText(here, "[data-empty-titles]", "kind", kind) || templateText(here, "[data-empty-titles]", "kind", "topic");
    }
    const voting = (state.phase.allows || []).includes("vote");
    here.querySelector("[data-votes-hidden]").hidden = !ballot;
    // While results are hidden, the room still sees the vote advance: when to close it.
    const progress = here.querySelector("[data-vote-progress]");
    const made = state.progress;
    progress.hidden = !ballot || !made || !made.people;
    if (made && made.people) {
      progress.textContent = `${fill(plural(T.voted, made.voters, T.lang), { people: made.people })}`
        + ` · ${count("dots_used", made.dots)}`;
    }
    for (const line of here.querySelectorAll("[data-when]")) {
      line.hidden = (line.dataset.when === "voting") !== voting;
    }
    // The facilitator may show the wall grouped by theme (screen-themes.js).
    wall.hidden = renderGrouped(live, state, here, topics);
    if (wall.hidden) {
      here.querySelector("[data-wall-more]").hidden = true;
      return;
    }
    syncList(wall, shown, (t) => t.id,
      () => h("li", { class: "note" }, h("p", { class: "note-title" }), h("p", { class: "note-author" })),
      (node, topic) => {
        node.dataset.topic = String(topic.id);
        node.querySelector(".note-title").textContent = topic.title;
        const author = node.querySelector(".note-author");
        author.textContent = topic.author ? fill(T.by, { name: topic.author }) : "";
        author.hidden = !topic.author;
      });
    fit(here, wall, startLevel(shown.length, 6, 12), here.querySelector("[data-wall-more]"),
      topics.length - shown.length, "first");
  }

  function renderVotes(state, here, counts) {
    const own = ofKind(state, state.phase.contribution || "topic");
    const order = ranked(own, counts);
    const shown = order.slice(0, BARS_MAX);
    const bars = here.querySelector("[data-bars]");
    here.querySelector("[data-votes-empty]").hidden = own.length > 0;
    fillBars(bars, shown, counts, "votes");
    fit(here, bars, 0, here.querySelector("[data-bars-more]"),
      order.length - shown.length, "last");
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
