// The facilitator's live console: phases, timer, switches, and the panels each phase needs
// (agenda, seating, contributions, documents, action plan...), built by console-*.js modules.
// Texts come from the page (#i18n); whatever people typed is always inserted as text.
import { Live, bindStatus, clock, fill, h, plural, readJSON, syncList } from "./live.js";
import { createTopics } from "./console-topics.js";
import { createAgenda } from "./console-agenda.js";
import { createSeating } from "./console-seating.js";
import { createDocuments } from "./console-docs.js";
import { createOutcomes } from "./console-outcomes.js";
import { createSense } from "./console-sense.js";
import { createQuestions } from "./console-questions.js";

const root = document.querySelector("[data-console]");
const T = readJSON("i18n");

if (root) {
  const $ = (selector) => root.querySelector(selector);
  const live = new Live({ auth: { workshop: Number(root.dataset.workshop) } });
  const message = $("[data-message]");
  let messageTimer = 0;
  // Moving phases or the timer later than intended would surprise the room: while offline,
  // those are refused here rather than queued (topic changes and switches are queued).
  const NOW_ONLY = new Set(["phase.next", "phase.previous", "phase.goto", "timer.start", "timer.pause", "timer.extend"]);
  const act = (event, payload = {}) => {
    if (NOW_ONLY.has(event) && live.status !== "online") {
      say(T.offline_wait);
      return Promise.resolve({ ok: false });
    }
    return live.send(event, payload);
  };

  function say(text, kind = "error") {
    message.textContent = text;
    message.dataset.kind = kind;
    clearTimeout(messageTimer);
    messageTimer = setTimeout(() => { message.textContent = ""; }, 6000);
  }

  const extras = new Set(); // panels the facilitator opened ahead of their phase
  let shown = new Set();
  const ctx = {
    live, act, say, T, root, $,
    isShown: (panel) => shown.has(panel),
    phaseInfo: (state) => phaseInfo(state),
    docKinds: (state) => methodDocKinds(state),
    inPhase: (panel) => phasePanels(live.state).has(panel),
  };
  const documents = createDocuments(ctx);
  ctx.openDocument = documents.open;
  const modules = [createTopics(ctx), createAgenda(ctx), createSeating(ctx), documents, createOutcomes(ctx),
    createSense(ctx), createQuestions(ctx)];

  bindStatus(live, $("[data-connection]"));
  root.classList.add("disconnected");
  live.on("status", (status) => {
    $("[data-offline]").hidden = status !== "offline";
    root.classList.toggle("disconnected", status !== "online");
  });
  live.on("change", render);
  live.on("ack", (entry, ack) => {
    if (!ack.ok) say(fieldText(ack) || ack.error?.message || T.error);
  });
  setInterval(renderTimer, 250);

  // --- phases ------------------------------------------------------------------------
  const isLast = (state) => state.phase.index >= state.phase.count - 1;
  const next = () => {
    const state = live.state;
    if (!state || state.workshop.state === "ended") return;
    if (!isLast(state)) act("phase.next");
    // eslint-disable-next-line no-alert -- a native confirm is keyboard- and reader-friendly
    else if (window.confirm(T.end_confirm)) act("workshop.end");
  };
  const previous = () => act("phase.previous");
  $("[data-next]").addEventListener("click", next);
  $("[data-previous]").addEventListener("click", previous);
  $("[data-reopen]").addEventListener("click", () => act("workshop.reopen"));

  // --- timer -------------------------------------------------------------------------
  /** Seconds to start from when nothing remains: the phase's suggested duration, if any. */
  const suggested = (state) => (state.timer.remaining > 0 ? 0 : (state.phase.minutes || 0) * 60);
  const toggleTimer = () => {
    const state = live.state;
    if (!state) return;
    if (state.timer.running) act("timer.pause");
    else if (state.timer.remaining > 0) act("timer.start");
    else if (suggested(state)) act("timer.start", { seconds: suggested(state) });
  };
  $("[data-timer-toggle]").addEventListener("click", toggleTimer);
  for (const button of root.querySelectorAll("[data-timer-extend]")) {
    button.addEventListener("click", () => act("timer.extend", { seconds: Number(button.dataset.timerExtend) }));
  }
  $("[data-timer-set]").addEventListener("submit", (event) => {
    event.preventDefault();
    const minutes = Number(event.target.elements.minutes.value);
    if (Number.isFinite(minutes) && minutes > 0) act("timer.start", { seconds: Math.round(minutes * 60) });
  });

  // --- switches and limits -----------------------------------------------------------
  for (const input of root.querySelectorAll("[data-setting]")) {
    input.addEventListener("change", () => act("settings.update", { [input.dataset.setting]: input.checked }));
  }
  $("[data-limits]").addEventListener("submit", (event) => {
    event.preventDefault();
    const values = {};
    for (const input of event.target.querySelectorAll("input")) {
      const n = Number(input.value);
      if (Number.isInteger(n) && n !== live.state?.settings[input.name]) values[input.name] = n;
    }
    if (Object.keys(values).length) {
      act("settings.update", values).then((ack) => { if (ack.ok) say(T.saved, "ok"); });
    }
  });

  // --- the calling question / affirmative topic ---------------------------------------
  const questionInput = $("[data-question-input]");
  let questionDirty = false;
  questionInput.addEventListener("input", () => { questionDirty = true; });
  $("[data-question-form]").addEventListener("submit", async (event) => {
    event.preventDefault();
    const ack = await act("settings.update", { question: questionInput.value });
    if (ack.ok) {
      questionDirty = false;
      say(T.saved, "ok");
    }
  });

  // --- panels opened ahead of their phase ----------------------------------------------
  for (const button of root.querySelectorAll("[data-extra]")) {
    button.addEventListener("click", () => {
      const panel = button.dataset.extra;
      if (extras.has(panel)) extras.delete(panel);
      else extras.add(panel);
      render(live.state, { extras: true });
      if (extras.has(panel)) root.querySelector(`[data-panel="${panel}"]`)?.scrollIntoView({ block: "nearest" });
    });
  }

  // --- keyboard ----------------------------------------------------------------------
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    if (event.target.closest?.("dialog")) return;
    const target = event.target;
    const typing = target.closest?.("textarea, select, [contenteditable]")
      || (target.matches?.("input") && !["checkbox", "radio", "button", "submit"].includes(target.type));
    if (typing) return;
    const key = event.key;
    // Space on a focused button, link or switch presses it, as usual.
    if (key === " " && target.closest?.("button, a, summary, label, input")) return;
    let handled = true;
    if (key === "n" || key === "N" || key === "PageDown") next();
    else if (key === "p" || key === "P" || key === "PageUp") previous();
    else if (key === "t" || key === "T" || key === " ") toggleTimer();
    else handled = false;
    if (handled) event.preventDefault();
  });

  // --- rendering ---------------------------------------------------------------------

  let lastPhase = null;

  function render(state, changed = {}) {
    if (!state) return;
    if (state.phase.id !== lastPhase) {
      if (lastPhase !== null) extras.clear();
      lastPhase = state.phase.id;
      changed = { ...changed, phase: true };
    }
    renderPhases(state);
    renderTimer();
    renderSettings(state);
    renderPeople(state);
    renderPanels(state);
    for (const module of modules) module.render(state, changed);
  }

  function phaseInfo(state) {
    return state.phases.find((p) => p.id === state.phase.id) || { allows: [] };
  }

  /** Whether some phase of the method needs `panel`: then it can be opened ahead of it. */
  function inMethod(state, panel) {
    return state.phases.some((p) => (p.panels || []).includes(panel));
  }

  function methodDocKinds(state) {
    const kinds = new Set(state.phases.flatMap((p) => p.documents || []));
    for (const kind of state.phase.documents || []) kinds.add(kind);
    for (const doc of state.documents) kinds.add(doc.kind);
    return [...kinds];
  }

  /** The panels the current phase needs, as the server worked them out from the phase. */
  function phasePanels(state) {
    return new Set(state.phase.panels || []);
  }

  function renderPanels(state) {
    const own = phasePanels(state);
    shown = new Set([...own, ...extras]);
    const info = phaseInfo(state);
    $("[data-phase-title]").textContent = info.title || "";
    $("[data-phase-instructions]").textContent = info.instructions || "";
    $("[data-phase-nothing]").hidden = own.size > 0;
    const available = {
      question: true,
      agenda: inMethod(state, "agenda"),
      cafe: inMethod(state, "cafe"),
      topics: true,
      documents: methodDocKinds(state).length > 0,
      commitments: true,
    };
    for (const button of root.querySelectorAll("[data-extra]")) {
      const panel = button.dataset.extra;
      button.hidden = !available[panel] || own.has(panel);
      button.setAttribute("aria-pressed", String(extras.has(panel)));
    }
    for (const section of root.querySelectorAll("[data-panel]")) {
      section.hidden = !shown.has(section.dataset.panel);
      section.classList.toggle("extra-panel", !own.has(section.dataset.panel));
    }
    renderQuestion(state);
  }

  function renderQuestion(state) {
    const question = state.settings.question ?? state.workshop.question ?? "";
    const display = $("[data-question-display]");
    display.textContent = question;
    display.hidden = !question;
    const affirmative = state.phase.screen === "question" || state.workshop.method === "appreciative_inquiry";
    $("[data-question-label]").textContent = affirmative ? T.affirmative_label : T.question_label;
    $("[data-question-empty]").hidden = !!question;
    if (!questionDirty && document.activeElement !== questionInput) questionInput.value = question;
  }

  function renderPhases(state) {
    const current = state.phase;
    const ended = state.workshop.state === "ended";
    $("[data-previous]").disabled = current.index <= 0 || ended;
    $("[data-next]").disabled = ended;
    $("[data-next-label]").textContent = isLast(state) ? T.end : T.next_phase;
    $("[data-ended]").hidden = !ended;
    syncList($("[data-steps]"), state.phases, (p) => p.id,
      (phase) => h("li", { class: "step" },
        h("button", { type: "button", on: { click: () => {
          if (live.state.phase.id !== phase.id) act("phase.goto", { phase: phase.id });
        } } },
          h("span", { class: "step-number" }), " ", h("span", { class: "step-title" }))),
      (node, phase) => {
        const index = state.phases.indexOf(phase);
        const button = node.querySelector("button");
        node.querySelector(".step-number").textContent = String(index + 1);
        node.querySelector(".step-title").textContent = phase.title;
        button.title = fill(T.go_to, { title: phase.title });
        button.dataset.phase = phase.id;
        node.classList.toggle("done", index < current.index);
        node.classList.toggle("current", index === current.index);
        if (index === current.index) button.setAttribute("aria-current", "step");
        else button.removeAttribute("aria-current");
      });
  }

  function renderTimer() {
    const state = live.state;
    if (!state) return;
    const timer = state.timer;
    const seconds = timer.running ? live.timerSeconds() : live.timerSeconds() || suggested(state);
    const display = $("[data-timer]");
    let text = timer.running && seconds <= 0 ? T.times_up : clock(seconds);
    if (!timer.running && seconds <= 0) text = "–:––"; // nothing set for this phase
    if (display.textContent !== text) display.textContent = text;
    display.classList.toggle("running", timer.running);
    display.classList.toggle("ending", timer.running && seconds <= 60);
    const started = timer.running || (timer.remaining > 0 && timer.remaining < timer.duration);
    $("[data-timer-state]").textContent = timer.running ? T.running : started ? T.paused : T.idle;
    const toggle = $("[data-timer-toggle]");
    const label = timer.running ? T.pause : started ? T.resume : T.start;
    if (toggle.textContent !== label) toggle.textContent = label;
    toggle.disabled = !timer.running && !(timer.remaining > 0) && !suggested(state);
    const minutes = $("#timer-minutes");
    const usual = Math.round(timer.duration / 60) || state.phase.minutes || "";
    if (document.activeElement !== minutes) minutes.placeholder = String(usual);
  }

  function renderSettings(state) {
    const settings = state.settings;
    const own = phaseInfo(state).allows || [];
    for (const input of root.querySelectorAll("[data-setting]")) {
      const key = input.dataset.setting;
      input.checked = !!settings[key];
      const offPhase = (key === "proposals_open" && !own.includes("propose"))
        || (key === "voting_open" && !own.includes("vote"));
      input.disabled = offPhase;
      root.querySelector(`[data-hint="${key}"]`).textContent = offPhase ? T.not_in_phase : "";
    }
    for (const input of root.querySelectorAll("[data-limits] input")) {
      if (document.activeElement !== input) input.value = settings[input.name];
    }
    $("[data-join-chip]").classList.toggle("closed", !settings.joining_open);
    $("[data-joining-state]").textContent = settings.joining_open ? "" : T.joining_locked;
    // Results hidden or not, how far the vote has come: when to close it.
    const made = state.progress;
    const progress = $("[data-vote-progress]");
    progress.hidden = !state.phase.ballot || !made?.people;
    if (!progress.hidden) {
      progress.textContent = `${fill(plural(T.voted, made.voters, T.lang), { people: made.people })}`
        + ` · ${plural(T.dots_used, made.dots, T.lang)}`;
    }
  }

  function renderPeople(state) {
    const people = state.people || [];
    const total = state.participants?.total ?? people.length;
    $("[data-people-total]").textContent = plural(T.participants, total, T.lang);
    $("[data-people-empty]").hidden = people.length > 0;
    const known = new Set(state.groups.map((g) => g.key));
    const groups = [...state.groups, { key: "", label: T.no_group }];
    const members = (key) => people.filter((p) => (key ? p.group === key : !known.has(p.group)));
    const filled = groups.filter((g) => members(g.key).length);
    syncList($("[data-people-groups]"), filled, (g) => g.key || "_none",
      () => h("div", { class: "people-group" },
        h("h3", {}, h("span", { class: "group-name" }), h("span", { class: "count-badge" })),
        h("ul", { class: "people-list" })),
      (node, group) => {
        const list = members(group.key);
        node.querySelector(".group-name").textContent = group.label;
        node.querySelector(".count-badge").textContent = String(list.length);
        syncList(node.querySelector("ul"), list, (p) => p.id, () => h("li"),
          (li, person) => { li.textContent = person.name; });
      });
  }
}

function fieldText(ack) {
  return Object.values(ack?.error?.fields || {}).flat().join(" ");
}
