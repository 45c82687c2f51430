// The participant's phone: shows the current phase and only what it allows — propose, vote,
// mark, pick a cell, check in, co-write, commit — plus the seat card, the positive core and the
// results when the facilitator shows them. Texts come from the page (#i18n).
// Proposing, voting, results and the documents' buttons are here; what only some phases need
// (sessions, seats, commitments) is fetched when such a phase comes, or while idle the phase
// before; the co-writing editor with Yjs only when a document is opened.
import {
  Live, bindStatus, clock, fill, h, plural, readJSON, replace, seededOrder, syncList, ticker, unchanged,
} from "./live.js";
import { makeDocs, renderDocList } from "./phone-docs.js";
import * as ui from "./phone-ui.js";

const { counter, fieldErrors, say, showErrors } = ui;

const root = document.querySelector("[data-phone]");
const T = readJSON("i18n");
const $ = (selector) => root.querySelector(selector);
const WORD_MAX = 40; // the server's limit for a closing word
const TITLE_MAX = 120;

/** The texts of a contribution kind ("Propose a session", "Your word"...). */
const kindTexts = (kind) => ({ ...T.kinds.other, ...T.kinds[kind] });
const LISTED = ["report", "notes", "proposition"]; // documents picked from a list (phone-docs.js)
// Screens showing an agenda worth reading when one can neither mark nor check in (not
// Interest's: its grid is not built yet).
const SESSION_SCREENS = ["agenda", "grid", "sessions"];
// Literal paths, so that the bundler makes each a file of its own.
const LOADERS = {
  sessions: () => import("./phone-sessions.js"),
  together: () => import("./phone-together.js"),
  vote: () => import("./phone-vote.js"),
  commit: () => import("./phone-commit.js"),
  questions: () => import("./phone-questions.js"),
};

/** The modules a phase needs, from the panels the server lists for it (state.phases[i]). */
function modulesFor(phase) {
  const panels = phase.panels || [];
  const names = [];
  if (panels.includes("agenda")) names.push("sessions");
  if (panels.includes("seating") || panels.includes("themes")) names.push("together");
  if ((phase.allows || []).includes("commit")) names.push("commit");
  if (phase.ballot) names.push("vote"); // the dots, or the results the facilitator shows
  return names;
}

if (root) {
  const workshopId = Number(root.dataset.workshop);
  const me = Number(root.dataset.participant);
  const live = new Live({
    auth: { workshop: workshopId },
    storageKey: `atelier:outbox:w${workshopId}:p${me}`,
  });
  const editing = new Set(); // ids of my contributions whose editor is open
  const message = $("[data-message]");
  // What the views share; the modules loaded later take the helpers from `ui`, so that the
  // page's own code (with live.js and Socket.IO) stays one file. `counted`: my check-in as the
  // server's head-counts include it.
  const ctx = {
    live, T, $, say, message, counted: null, render: () => render(live.state),
    ui: { ...ui, fill, h, plural, replace, syncList },
  };
  ctx.docs = makeDocs(ctx);
  const modules = {};
  const loading = {};
  const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 2000));

  /** The module `name` if loaded; otherwise start loading it (render follows) and say null. */
  function need(name) {
    if (modules[name]) return modules[name];
    loading[name] ||= LOADERS[name]().then((module) => {
      modules[name] = module.setUp(ctx);
      render(live.state);
    }, (error) => {
      // Tried again at the next change; some browsers keep a failed module failed until the
      // page is loaded again, hence the reload button.
      console.warn(name, error);
      delete loading[name];
      $("[data-load-failed]").hidden = false;
    });
    return null;
  }

  bindStatus(live, $("[data-connection]"));
  live.on("status", (status) => {
    $("[data-offline]").hidden = status !== "offline";
    const refused = $("[data-refused]");
    refused.hidden = status !== "refused";
    refused.textContent = T.refused;
    renderPending();
  });
  live.on("change", (state, changed) => {
    if (changed?.snapshot || changed?.counts) ctx.counted = state.my_checkin ?? null;
    render(state);
  });
  live.on("outbox", () => {
    renderPending();
    render(live.state);
  });
  live.on("notice", (notice) => {
    $("[data-notice-text]").textContent = notice.message || "";
    $("[data-notice]").hidden = !notice.message;
    if (notice.topic || notice.question) live.sync(); // reviewed: no longer waiting
  });
  live.on("ack", (entry, ack) => {
    if (ack.ok) return;
    const text = ack.error?.message || T.error;
    if (entry.event.startsWith("vote.")) say($("[data-vote-error]"), text);
    else say(message, text);
  });
  $("[data-notice-close]").addEventListener("click", () => { $("[data-notice]").hidden = true; });

  setUpProposeForm(live, message);
  // The "similar topics" hint loads when someone first types a proposal, not with the page.
  const proposeForm = $("[data-propose-form]");
  proposeForm.addEventListener("input", async (event) => {
    (await import("./phone-hints.js")).setUpHints(live, proposeForm, T, message);
    event.target.dispatchEvent(new Event("input")); // the keystroke that loaded it counts too
  }, { once: true });
  $("[data-reload]").addEventListener("click", () => window.location.reload());
  for (const [selector, action] of [["[data-my-data]", "download"], ["[data-erase-me]", "erase"]]) {
    const button = $(selector);
    button.addEventListener("click", async () => {
      const privacy = await import("./phone-privacy.js");
      privacy[action](live, button, $("[data-privacy-message]"));
    });
  }
  ticker(() => renderTimer(live));
  $("[data-questions]").addEventListener("toggle", () => need("questions"));
  $("[data-reactions]").addEventListener("click", (event) => {
    const kind = event.target.closest("[data-reaction]")?.dataset.reaction;
    if (kind) LOADERS.questions().then((module) => module.react(ctx, kind));
  });

  function renderPending() {
    const n = live.outbox.length;
    $("[data-pending]").textContent = n ? plural(T.pending, n, T.lang) : "";
  }

  let shownPhase = null;

  function render(state) {
    if (!state) return;
    const phase = state.phase;
    const allows = phase.allows || [];
    const can = (action) => allows.includes(action);
    const info = (state.phases || []).find((p) => p.id === phase.id) || {};
    const moved = shownPhase !== phase.id;
    if (moved) {
      // What the next phase will need comes while this one is on (and the Wi-Fi is up).
      const next = state.phases?.[phase.index + 1];
      if (next) idle(() => modulesFor(next).forEach(need));
      // A new phase: yesterday's confirmations and errors are noise.
      if (shownPhase !== null) {
        say(message, "");
        say($("[data-vote-error]"), "");
        window.scrollTo({ top: 0 }); // the new phase starts at its title
      }
      shownPhase = phase.id;
    }
    const own = info.allows || [];
    const wanted = Object.fromEntries(modulesFor(info).map((name) => [name, need(name)]));
    const { sessions, together, commit, vote } = wanted;

    // An open document stays open while its phase lets us write it; a new café round means
    // another table.
    const docKind = ctx.docs.key?.split(":")[0];
    if (docKind && (!(can("write") && (phase.documents || []).includes(docKind)) || (moved && phase.round))) {
      ctx.docs.close(false);
      if (!moved) say(message, T.doc_closed, "info"); // the facilitator closed writing
    }
    $("[data-phase-card]").hidden = false;
    $("[data-step]").textContent = fill(T.step, { index: phase.index + 1, count: phase.count });
    $("[data-phase-title]").textContent = info.title || "";
    $("[data-phase-instructions]").textContent = info.instructions || "";
    document.title = `${info.title || ""} · ${state.workshop.title}`;
    const question = $("[data-question]");
    question.textContent = state.settings.question || "";
    question.hidden = !state.settings.question;

    const reading = !!ctx.docs.key;
    const ended = state.workshop.state === "ended";
    // Over: the same link now shows the results page (or says who closed it), not a goodbye.
    if (ended && root.dataset.results) {
      window.location.replace(root.dataset.results);
      return;
    }
    const closed = own.filter((action) => !can(action));
    const listed = (phase.documents || []).find((kind) => LISTED.includes(kind));
    const ballot = !can("vote") && state.tally !== null && state.tally !== undefined && !!phase.ballot;
    const mine = new Set(state.my_topics || []);
    const convener = state.topics.some((t) => t.kind === "topic" && mine.has(t.id));
    const shown = {
      doc: reading,
      seat: !reading && !!together && (!!phase.round || (phase.documents || []).includes("story")),
      themes: !reading && !!together && (phase.panels || []).includes("themes"),
      propose: !reading && can("propose"),
      vote: !reading && !!vote && can("vote"),
      results: !reading && !!vote && ballot,
      pick: !reading && !!sessions && can("pick") && convener,
      mark: !reading && !!sessions && can("mark"),
      checkin: !reading && !!sessions && can("checkin"),
      agenda: !reading && !!sessions && !can("mark") && !can("checkin") && SESSION_SCREENS.includes(phase.screen),
      docs: !reading && can("write") && !can("checkin") && !!listed,
      commit: !reading && !!commit && own.includes("commit"),
      closed: !reading && (closed.length > 0 || ended),
    };
    // A module still on its way: say so rather than show the waiting card.
    const pending = !reading && Object.keys(wanted).some((name) => !wanted[name]);
    $("[data-loading]").hidden = !pending;
    if (!pending) $("[data-load-failed]").hidden = true;
    shown.waiting = !pending && !Object.values(shown).some(Boolean);
    for (const [view, visible] of Object.entries(shown)) $(`[data-view="${view}"]`).hidden = !visible;
    $("[data-closed-propose]").hidden = ended || !closed.includes("propose");
    $("[data-closed-vote]").hidden = ended || !closed.includes("vote");
    $("[data-closed-other]").hidden = ended || !closed.some((a) => a !== "propose" && a !== "vote");
    $("[data-closed-ended]").hidden = !ended;

    if (shown.seat) together.renderSeat(state, can("write"));
    if (shown.themes) together.renderThemes(state);
    if (shown.propose) renderPropose(state);
    if (shown.vote) vote.renderVote(state);
    if (shown.results) vote.renderResults(state);
    if (shown.pick) sessions.renderPick(state);
    if (shown.mark) sessions.renderMark(state);
    if (shown.checkin) sessions.renderCheckin(state, can("write") ? (phase.documents || [])[0] : null);
    if (shown.agenda) sessions.renderAgenda(state);
    if (shown.docs) renderDocList(ctx, state, listed);
    if (shown.commit) commit.renderCommit(state, can("commit"));
    $("[data-reactions]").hidden = ended;
  }

  /** In the facilitator's order, or shuffled for this phone (the same way at every update). */
  function ordered(state, topics) {
    return state.settings?.random_order ? seededOrder(topics, me) : topics;
  }

  /** Visible contributions of the current phase's kind. */
  function contributions(state) {
    return state.topics.filter((t) => t.kind === state.phase.contribution);
  }
  Object.assign(ctx, { ordered, contributions, kindTexts });

  // --- proposing ---------------------------------------------------------------------

  let formKind = null;
  const wallPreview = $("[data-wall-preview]");

  function renderPropose(state) {
    const kind = state.phase.contribution;
    const K = kindTexts(kind);
    if (formKind !== kind) {
      // Labels, limits and the wall follow the kind of contribution this phase collects.
      formKind = kind;
      const form = $("[data-propose-form]");
      $("[data-propose-heading]").textContent = K.heading;
      $("[data-propose-label]").textContent = K.label;
      $("[data-propose-submit]").textContent = K.submit;
      $("[data-mine-heading]").textContent = K.mine;
      $("[data-my-empty]").textContent = K.none;
      $("[data-wall-heading]").textContent = K.wall;
      form.dataset.kind = kind;
      form.elements.title.setAttribute("maxlength", kind === "word" ? WORD_MAX : TITLE_MAX);
      form.elements.title.dispatchEvent(new Event("input"));
      $("[data-details-field]").hidden = kind === "word";
      wallPreview.open = kind === "word"; // the word cloud is the point of the phase
    }
    const mine = new Set(state.my_topics || []);
    const all = contributions(state);
    const myTopics = all.filter((t) => mine.has(t.id));
    $("[data-my-empty]").hidden = myTopics.length > 0;
    syncList($("[data-my-topics]"), myTopics, (t) => t.id, myTopicItem, updateMyTopic);
    // Sent, held for the facilitator's review (state.my_pending): shown as waiting.
    const waiting = (state.my_pending || []).filter((t) => t.kind === kind);
    const held = $("[data-my-waiting]");
    held.hidden = !waiting.length;
    held.replaceChildren(...waiting.map((t) => h("li", { text: `${t.title} · ${T.waiting_review}` })));
    if (waiting.length) $("[data-my-empty]").hidden = true;

    const wall = ordered(state, all);
    wallPreview.hidden = wall.length === 0;
    $("[data-wall-count]").textContent = String(wall.length);
    const words = kind === "word";
    $("[data-wall-list]").hidden = words;
    $("[data-cloud]").hidden = !words;
    if (words) renderCloud(all);
    else {
      syncList($("[data-wall-list]"), wall, (t) => t.id,
        () => h("li", { class: "wall-item" }),
        (node, topic) => unchanged(node, topic.title, topic.author) || replace(node,
          h("span", { class: "wall-title", text: topic.title }),
          topic.author ? h("span", { class: "wall-author", text: fill(T.by, { name: topic.author }) }) : null,
        ));
    }
  }

  /** The closing words, the same word (whatever its case) bigger the more often it was said. */
  function renderCloud(words) {
    const seen = new Map();
    for (const w of words) {
      const key = w.title.toLocaleLowerCase(T.lang);
      const entry = seen.get(key) || { text: w.title, n: 0 };
      entry.n += 1;
      seen.set(key, entry);
    }
    const items = [...seen.values()];
    const max = Math.max(1, ...items.map((w) => w.n));
    const cloud = $("[data-cloud]");
    if (unchanged(cloud, items)) return;
    replace(cloud, items.map((w) => {
      const word = h("li", { class: "cloud-word", data: { count: w.n }, text: w.text });
      word.style.fontSize = `${1 + (1.4 * (w.n - 1)) / Math.max(1, max - 1)}rem`; // CSSOM: allowed by the CSP
      return word;
    }));
  }

  function myTopicItem() {
    return h("li", { class: "my-topic" });
  }

  function updateMyTopic(node, topic) {
    if (editing.has(topic.id)) return; // never clobber what is being typed
    node.dataset.topicId = topic.id;
    if (unchanged(node, topic.title, topic.details)) return;
    replace(node,
      h("div", { class: "my-topic-text" },
        h("p", { class: "my-topic-title", text: topic.title }),
        topic.details ? h("p", { class: "my-topic-details", text: topic.details }) : null),
      h("button", {
        type: "button", class: "button secondary small-button", text: T.edit,
        "aria-label": fill(T.edit_topic, { title: topic.title }), data: { action: "edit" },
        on: { click: () => openEditor(node, topic) },
      }),
    );
  }

  function openEditor(node, topic) {
    editing.add(topic.id);
    const word = topic.kind === "word";
    const title = h("input", {
      type: "text", maxlength: word ? WORD_MAX : TITLE_MAX, required: true, "aria-label": T.title,
    });
    title.value = topic.title;
    const details = h("textarea", { maxlength: 1000, rows: 3, "aria-label": T.details });
    details.value = topic.details || "";
    const error = h("p", { class: "field-error", "aria-live": "polite" });
    const close = () => {
      editing.delete(topic.id);
      delete node.dataset.signature; // the editor replaced the topic: draw it again
      updateMyTopic(node, live.state.topics.find((t) => t.id === topic.id) || topic);
      node.querySelector("button")?.focus();
    };
    const form = h("form", {
      class: "edit-form", "data-live": true, novalidate: true,
      on: {
        submit: async (event) => {
          event.preventDefault();
          const saving = live.send("topic.edit", {
            topic_id: topic.id, title: title.value, details: details.value,
          });
          if (live.status !== "online") say(message, T.queued, "info");
          const ack = await saving;
          if (ack.ok) {
            Object.assign(topic, ack.topic);
            close();
            say(message, T.saved, "ok");
          } else {
            error.textContent = fieldErrors(ack) || ack.error?.message || T.error;
          }
        },
      },
    },
    title, counter(title, h("span", { class: "counter" })),
    word ? null : [details, counter(details, h("span", { class: "counter" }))], error,
    h("div", { class: "edit-actions" },
      h("button", { type: "submit", class: "button", text: T.save }),
      h("button", { type: "button", class: "button quiet", text: T.cancel, on: { click: close } })));
    replace(node, form);
    title.focus();
  }
}

function renderTimer(live) {
  const chip = root?.querySelector("[data-timer]");
  const timer = live.state?.timer;
  if (!chip || !timer) return;
  const seconds = live.timerSeconds();
  // A timer is worth a glance only once the facilitator started it.
  const started = timer.running || (timer.remaining > 0 && timer.remaining < timer.duration);
  chip.hidden = !started;
  if (!started) return;
  const text = timer.running && seconds <= 0 ? T.times_up : clock(seconds);
  if (chip.textContent !== text) chip.textContent = text;
  chip.classList.toggle("paused", !timer.running);
  chip.classList.toggle("ending", timer.running && seconds <= 60);
}

function setUpProposeForm(live, message) {
  const form = root?.querySelector("[data-propose-form]");
  if (!form) return;
  const title = form.elements.title;
  const details = form.elements.details;
  for (const field of [title, details]) counter(field, form.querySelector(`[data-counter-for="${field.id}"]`));
  const refresh = () => { for (const field of [title, details]) field.dispatchEvent(new Event("input")); };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const K = kindTexts(form.dataset.kind);
    const payload = { title: title.value.trim(), details: form.dataset.kind === "word" ? "" : details.value.trim() };
    if (!payload.title) {
      showErrors(form, { title: [K.missing] });
      title.focus();
      return;
    }
    showErrors(form, {});
    // Cleared at once: the contribution is safe in the outbox even if the phone is offline.
    form.reset();
    refresh();
    const sending = live.send("topic.propose", payload);
    if (live.status !== "online") say(message, T.queued, "info");
    const ack = await sending;
    if (ack.ok) {
      say(message, ack.topic?.pending ? T.held : K.done, ack.topic?.pending ? "info" : "ok");
    } else {
      // Refused: give the text back so nothing typed is lost.
      title.value = payload.title;
      details.value = payload.details;
      refresh();
      showErrors(form, ack.error?.fields || {});
      say(message, ack.error?.message || T.error);
    }
  });
}
