// The participant's phone: shows the current phase and only what it allows (propose, vote),
// then the results when the facilitator shows them. Texts come from the page (#i18n).
import {
  Live, bindStatus, clock, fill, h, plural, readJSON, replace, seededOrder, syncList, ticker, unchanged,
} from "./live.js";

const root = document.querySelector("[data-phone]");
const T = readJSON("i18n");
const $ = (selector) => root.querySelector(selector);
const TITLE_MAX = 120;
const DETAILS_MAX = 1000;

if (root) {
  const workshopId = Number(root.dataset.workshop);
  const me = Number(root.dataset.participant);
  const live = new Live({
    auth: { workshop: workshopId },
    storageKey: `atelier:outbox:w${workshopId}:p${me}`,
  });
  const editing = new Set(); // ids of my topics whose editor is open
  const message = $("[data-message]");

  bindStatus(live, $("[data-connection]"));
  live.on("status", (status) => {
    $("[data-offline]").hidden = status !== "offline";
    const refused = $("[data-refused]");
    refused.hidden = status !== "refused";
    refused.textContent = T.refused;
    renderPending();
  });
  live.on("change", render);
  live.on("outbox", () => {
    renderPending();
    if (live.state) renderVote(live.state);
  });
  live.on("notice", (notice) => {
    $("[data-notice-text]").textContent = notice.message || "";
    $("[data-notice]").hidden = !notice.message;
  });
  live.on("ack", (entry, ack) => {
    if (ack.ok) return;
    const text = ack.error?.message || T.error;
    if (entry.event.startsWith("vote.")) say($("[data-vote-error]"), text);
    else say(message, text);
  });
  $("[data-notice-close]").addEventListener("click", () => { $("[data-notice]").hidden = true; });

  setUpProposeForm(live, message);
  ticker(() => renderTimer(live));

  function renderPending() {
    const n = live.outbox.length;
    $("[data-pending]").textContent = n ? plural(T.pending, n, T.lang) : "";
  }

  let shownPhase = null;

  function render(state) {
    if (!state) return;
    const phase = state.phase;
    if (shownPhase !== phase.id) {
      // A new phase: yesterday's confirmations and errors are noise.
      if (shownPhase !== null) {
        say(message, "");
        say($("[data-vote-error]"), "");
        window.scrollTo({ top: 0 }); // the new phase starts at its title
      }
      shownPhase = phase.id;
    }
    const info = (state.phases || []).find((p) => p.id === phase.id) || {};
    $("[data-phase-card]").hidden = false;
    $("[data-step]").textContent = fill(T.step, { index: phase.index + 1, count: phase.count });
    $("[data-phase-title]").textContent = info.title || "";
    $("[data-phase-instructions]").textContent = info.instructions || "";
    document.title = `${info.title || ""} · ${state.workshop.title}`;

    const allows = phase.allows || [];
    const own = info.allows || [];
    const proposing = allows.includes("propose");
    const voting = allows.includes("vote");
    const results = !voting && state.tally !== null && state.tally !== undefined && !!phase.ballot;
    const closedPropose = own.includes("propose") && !proposing;
    const closedVote = own.includes("vote") && !voting;
    show("propose", proposing);
    show("vote", voting);
    show("results", results);
    show("closed", closedPropose || closedVote);
    $("[data-closed-propose]").hidden = !closedPropose;
    $("[data-closed-vote]").hidden = !closedVote;
    show("waiting", !proposing && !voting && !results && !closedPropose && !closedVote);

    if (proposing) renderPropose(state);
    if (voting) renderVote(state);
    if (results) renderResults(state);
  }

  function show(view, visible) {
    $(`[data-view="${view}"]`).hidden = !visible;
  }

  function ordered(state, topics) {
    return state.settings?.random_order ? seededOrder(topics, me) : topics;
  }

  // --- proposing ---------------------------------------------------------------------

  function renderPropose(state) {
    const mine = new Set(state.my_topics || []);
    const myTopics = state.topics.filter((t) => mine.has(t.id));
    $("[data-my-empty]").hidden = myTopics.length > 0;
    syncList($("[data-my-topics]"), myTopics, (t) => t.id, myTopicItem, updateMyTopic);

    const wall = ordered(state, state.topics);
    $("[data-wall-preview]").hidden = wall.length === 0;
    $("[data-wall-count]").textContent = String(wall.length);
    syncList($("[data-wall-list]"), wall, (t) => t.id,
      () => h("li", { class: "wall-item" }),
      (node, topic) => unchanged(node, topic.title, topic.author) || replace(node,
        h("span", { class: "wall-title", text: topic.title }),
        topic.author ? h("span", { class: "wall-author", text: fill(T.by, { name: topic.author }) }) : null,
      ));
  }

  function myTopicItem() {
    return h("li", { class: "my-topic" });
  }

  function updateMyTopic(node, topic) {
    if (editing.has(topic.id)) return; // never clobber what is being typed
    if (unchanged(node, topic.title, topic.details)) return;
    replace(node,
      h("div", { class: "my-topic-text" },
        h("p", { class: "my-topic-title", text: topic.title }),
        topic.details ? h("p", { class: "my-topic-details", text: topic.details }) : null),
      h("button", {
        type: "button", class: "button secondary small-button", text: T.edit,
        "aria-label": fill(T.edit_topic, { title: topic.title }),
        on: { click: () => openEditor(node, topic) },
      }),
    );
  }

  function openEditor(node, topic) {
    editing.add(topic.id);
    const title = h("input", {
      type: "text", maxlength: TITLE_MAX, required: true, "aria-label": T.title,
    });
    title.value = topic.title;
    const details = h("textarea", { maxlength: DETAILS_MAX, rows: 3, "aria-label": T.details });
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
    title, counter(title), details, counter(details), error,
    h("div", { class: "edit-actions" },
      h("button", { type: "submit", class: "button", text: T.save }),
      h("button", { type: "button", class: "button quiet", text: T.cancel, on: { click: close } })));
    replace(node, form);
    title.focus();
  }

  // --- voting -------------------------------------------------------------------------

  /** My dots per topic as shown: the server's count plus what is still on its way. */
  function myDots(state) {
    const dots = {};
    for (const [id, n] of Object.entries(state.my_votes || {})) dots[id] = n;
    let left = state.votes_left ?? 0;
    for (const entry of live.outbox) {
      const id = String(entry.payload.topic_id);
      if (entry.event === "vote.cast") { dots[id] = (dots[id] || 0) + 1; left -= 1; }
      if (entry.event === "vote.retract") { dots[id] = Math.max(0, (dots[id] || 0) - 1); left += 1; }
    }
    return { dots, left: Math.max(0, left) };
  }

  function renderVote(state) {
    if ($('[data-view="vote"]').hidden) return;
    const { dots, left } = myDots(state);
    const budget = state.settings.vote_budget;
    const cap = state.settings.max_votes_per_topic;
    $("[data-votes-left]").textContent = left > 0 ? plural(T.votes_left, left, T.lang) : T.no_votes_left;
    $("[data-votes-left-box]").classList.toggle("spent", left === 0);
    $("[data-cap]").textContent = plural(T.cap, cap, T.lang);
    const pips = [];
    for (let i = 0; i < budget; i += 1) pips.push(h("span", { class: i < left ? "pip full" : "pip" }));
    $("[data-pips]").replaceChildren(...pips);

    const counts = state.tally?.counts;
    const max = counts ? Math.max(1, ...Object.values(counts)) : 1;
    const topics = ordered(state, state.topics);
    $("[data-vote-empty]").hidden = topics.length > 0;
    syncList($("[data-vote-list]"), topics, (t) => t.id, voteItem, (node, topic) => {
      const mine = dots[String(topic.id)] || 0;
      const pending = live.outbox.some((e) => e.event.startsWith("vote.") && e.payload.topic_id === topic.id);
      node.querySelector(".vote-title").textContent = topic.title;
      const detail = node.querySelector(".vote-details");
      detail.textContent = topic.details || "";
      detail.hidden = !topic.details;
      const plus = node.querySelector(".plus");
      const minus = node.querySelector(".minus");
      plus.disabled = left <= 0 || mine >= cap;
      minus.disabled = mine <= 0;
      plus.setAttribute("aria-label", fill(T.add_vote, { title: topic.title }));
      minus.setAttribute("aria-label", fill(T.remove_vote, { title: topic.title }));
      node.querySelector(".my-count").textContent = String(mine);
      node.querySelector(".my-votes-text").textContent = plural(T.my_votes, mine, T.lang);
      node.classList.toggle("voted", mine > 0);
      node.classList.toggle("pending", pending);
      node.querySelector(".my-pips").replaceChildren(
        ...Array.from({ length: cap }, (_, i) => h("span", { class: i < mine ? "pip full" : "pip" })));
      const bar = node.querySelector(".live-result");
      bar.hidden = !counts;
      if (counts) {
        const n = counts[String(topic.id)] || 0;
        bar.querySelector(".bar-fill").style.width = `${(100 * n) / max}%`;
        bar.querySelector(".bar-count").textContent = plural(T.votes, n, T.lang);
      }
    });
  }

  function voteItem(topic) {
    const vote = (event) => () => {
      say($("[data-vote-error]"), "");
      live.send(event, { topic_id: topic.id });
    };
    return h("li", { class: "vote-item" },
      h("div", { class: "vote-text" },
        h("h3", { class: "vote-title" }),
        h("p", { class: "vote-details" })),
      h("div", { class: "vote-controls" },
        h("button", { type: "button", class: "dot-button minus", on: { click: vote("vote.retract") } }, "−"),
        h("div", { class: "my-votes" },
          h("span", { class: "my-count", "aria-hidden": "true" }),
          h("span", { class: "my-votes-text visually-hidden" }),
          h("span", { class: "my-pips", "aria-hidden": "true" })),
        h("button", { type: "button", class: "dot-button plus", on: { click: vote("vote.cast") } }, "+")),
      h("div", { class: "live-result", hidden: true },
        h("span", { class: "bar" }, h("span", { class: "bar-fill" })),
        h("span", { class: "bar-count" })));
  }

  // --- results ------------------------------------------------------------------------

  function renderResults(state) {
    const counts = state.tally?.counts || {};
    const ranked = [...state.topics].sort((a, b) => (counts[b.id] || 0) - (counts[a.id] || 0) || a.id - b.id);
    const max = Math.max(1, ...ranked.map((t) => counts[t.id] || 0));
    $("[data-results-empty]").hidden = ranked.some((t) => counts[t.id]);
    const mine = state.my_votes || {};
    syncList($("[data-results]"), ranked, (t) => t.id,
      () => h("li", { class: "result" },
        h("div", { class: "result-head" },
          h("span", { class: "result-title" }), h("span", { class: "result-count" })),
        h("span", { class: "bar" }, h("span", { class: "bar-fill" }))),
      (node, topic) => {
        const n = counts[topic.id] || 0;
        node.querySelector(".result-title").textContent = topic.title;
        node.querySelector(".result-count").textContent = plural(T.votes, n, T.lang);
        node.querySelector(".bar-fill").style.width = `${(100 * n) / max}%`;
        node.classList.toggle("voted", (mine[topic.id] || 0) > 0);
      });
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

const fading = new WeakMap();

/** Put `text` in a live region: "error" stays, "ok" goes away by itself, "info" is neutral. */
function say(region, text, kind = "error") {
  if (!region) return;
  region.textContent = text;
  region.dataset.kind = kind;
  clearTimeout(fading.get(region));
  if (kind === "ok") fading.set(region, setTimeout(() => { region.textContent = ""; }, 5000));
}

function fieldErrors(ack) {
  const fields = ack?.error?.fields || {};
  return Object.values(fields).flat().join(" ");
}

/** A live "12/120" counter for a field with a maxlength (made here or found in the page). */
function counter(field, out = h("span", { class: "counter" })) {
  const max = Number(field.getAttribute("maxlength"));
  const update = () => {
    out.textContent = `${field.value.length}/${max}`;
    out.classList.toggle("near", field.value.length > max * 0.9);
  };
  field.addEventListener("input", update);
  update();
  return out;
}

function setUpProposeForm(live, message) {
  const form = root?.querySelector("[data-propose-form]");
  if (!form) return;
  const title = form.elements.title;
  const details = form.elements.details;
  for (const field of [title, details]) counter(field, form.querySelector(`[data-counter-for="${field.id}"]`));
  const errors = (fields) => {
    for (const slot of form.querySelectorAll("[data-error-for]")) {
      const text = (fields[slot.dataset.errorFor] || []).join(" ");
      slot.textContent = text;
      const input = form.elements[slot.dataset.errorFor];
      if (text) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const payload = { title: title.value.trim(), details: details.value.trim() };
    if (!payload.title) {
      errors({ title: [T.title_missing] });
      title.focus();
      return;
    }
    errors({});
    // Cleared at once: the topic is safe in the outbox even if the phone is offline.
    form.reset();
    for (const field of [title, details]) field.dispatchEvent(new Event("input"));
    const sending = live.send("topic.propose", payload);
    if (live.status !== "online") say(message, T.queued, "info");
    const ack = await sending;
    if (ack.ok) {
      say(message, T.proposed, "ok");
    } else {
      // Refused: give the text back so nothing typed is lost.
      title.value = payload.title;
      details.value = payload.details;
      for (const field of [title, details]) field.dispatchEvent(new Event("input"));
      errors(ack.error?.fields || {});
      say(message, ack.error?.message || T.error);
    }
  });
}
