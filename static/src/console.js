// The facilitator's live console: phases, timer, switches, limits, topics and people.
// Texts come from the page (#i18n); topics and names are always inserted as text.
import {
  Live, bindStatus, clock, fill, h, plural, readJSON, replace, syncList, ticker, unchanged,
} from "./live.js";

const root = document.querySelector("[data-console]");
const T = readJSON("i18n");

if (root) {
  const $ = (selector) => root.querySelector(selector);
  const live = new Live({ auth: { workshop: Number(root.dataset.workshop) } });
  const editing = new Set(); // topics whose inline editor is open
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
  ticker(renderTimer);

  // --- phases ------------------------------------------------------------------------
  const next = () => act("phase.next");
  const previous = () => act("phase.previous");
  $("[data-next]").addEventListener("click", next);
  $("[data-previous]").addEventListener("click", previous);

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

  // --- topics ------------------------------------------------------------------------
  $("[data-add-topic]").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const payload = { title: form.elements.title.value.trim(), details: form.elements.details.value.trim() };
    if (!payload.title) {
      form.elements.title.focus();
      return;
    }
    form.reset();
    const ack = await act("topic.propose", payload);
    if (!ack.ok) {
      form.elements.title.value = payload.title;
      form.elements.details.value = payload.details;
    }
  });
  $("[data-sort-votes]").addEventListener("change", () => render(live.state));

  // --- keyboard ----------------------------------------------------------------------
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
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

  function render(state) {
    if (!state) return;
    renderPhases(state);
    renderTimer();
    renderSettings(state);
    renderTopics(state);
    renderPeople(state);
  }

  function phaseInfo(state) {
    return state.phases.find((p) => p.id === state.phase.id) || { allows: [] };
  }

  function renderPhases(state) {
    const current = state.phase;
    $("[data-previous]").disabled = current.index <= 0;
    $("[data-next]").disabled = current.index >= current.count - 1;
    syncList($("[data-steps]"), state.phases, (p) => p.id,
      (phase) => h("li", { class: "step" },
        h("button", { type: "button", on: { click: () => {
          if (live.state.phase.id !== phase.id) act("phase.goto", { phase: phase.id });
        } } },
          h("span", { class: "step-number" }), h("span", { class: "step-title" }))),
      (node, phase) => {
        const index = state.phases.indexOf(phase);
        const button = node.querySelector("button");
        node.querySelector(".step-number").textContent = String(index + 1);
        node.querySelector(".step-title").textContent = phase.title;
        button.setAttribute("aria-label", `${index + 1}. ${phase.title}`);
        button.title = fill(T.go_to, { title: phase.title });
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
  }

  function renderTopics(state) {
    const counts = state.tally?.counts || {};
    const visible = state.topics.filter((t) => (t.status || "visible") === "visible");
    const others = state.topics.filter((t) => t.status && t.status !== "visible");
    const byId = new Map(state.topics.map((t) => [t.id, t]));
    const shown = $("[data-sort-votes]").checked
      ? [...visible].sort((a, b) => (counts[b.id] || 0) - (counts[a.id] || 0) || a.id - b.id)
      : visible;
    const max = Math.max(1, ...visible.map((t) => counts[t.id] || 0));
    $("[data-topic-count]").textContent = String(visible.length);
    $("[data-topics-empty]").hidden = visible.length > 0;
    syncList($("[data-topic-list]"), shown, (t) => t.id, topicRow, (node, topic) => {
      if (editing.has(topic.id)) return;
      fillTopicText(node, topic);
      const n = counts[topic.id] || 0;
      node.querySelector(".topic-count").textContent = String(n);
      node.querySelector(".topic-votes-text").textContent = plural(T.votes, n, T.lang);
      node.querySelector(".bar-fill").style.width = `${(100 * n) / max}%`;
      node.querySelector(".edit").setAttribute("aria-label", fill(T.edit_label, { title: topic.title }));
      node.querySelector(".hide").setAttribute("aria-label", fill(T.hide_label, { title: topic.title }));
      const select = node.querySelector("select");
      select.setAttribute("aria-label", fill(T.merge_label, { title: topic.title }));
      const chosen = select.value;
      select.replaceChildren(h("option", { value: "", text: T.merge_into }),
        ...visible.filter((t) => t.id !== topic.id).map((t) => h("option", { value: t.id, text: t.title })));
      select.value = [...select.options].some((o) => o.value === chosen) ? chosen : "";
      node.querySelector(".merge").disabled = !select.value;
      node.querySelector(".merge-open").hidden = visible.length < 2;
      if (visible.length < 2) node.querySelector(".merge-box").hidden = true;
    });

    $("[data-hidden-box]").hidden = others.length === 0;
    $("[data-hidden-count]").textContent = String(others.length);
    syncList($("[data-hidden-list]"), others, (t) => t.id,
      () => h("li", { class: "topic-row muted-row" }),
      (node, topic) => {
        const target = byId.get(topic.merged_into);
        if (unchanged(node, topic.title, topic.status, target?.title)) return;
        replace(node,
          h("div", { class: "topic-main" },
            h("p", { class: "topic-title", text: topic.title }),
            h("p", { class: "topic-meta" },
              h("span", {
                class: "badge",
                text: topic.status === "merged" ? fill(T.merged_into, { title: target ? target.title : "?" }) : T.hidden,
              }))),
          topic.status === "hidden" ? h("div", { class: "topic-actions" },
            h("button", {
              type: "button", class: "button secondary small-button", text: T.restore,
              "aria-label": fill(T.restore_label, { title: topic.title }),
              on: { click: () => act("topic.restore", { topic_id: topic.id }) },
            })) : null);
      });
  }

  function fillTopicText(node, topic) {
    node.querySelector(".topic-title").textContent = topic.title;
    const details = node.querySelector(".topic-details");
    details.textContent = topic.details || "";
    details.hidden = !topic.details;
    node.querySelector(".topic-author").textContent = topic.author ? fill(T.by, { name: topic.author }) : T.by_facilitator;
  }

  function topicRow(topic) {
    const select = h("select", { class: "merge-select" });
    const merge = h("button", {
      type: "button", class: "button small-button merge", text: T.merge, disabled: true,
      on: { click: () => {
        if (select.value) act("topic.merge", { topic_id: topic.id, into: Number(select.value) });
      } },
    });
    select.addEventListener("change", () => { merge.disabled = !select.value; });
    const box = h("span", { class: "merge-box", hidden: true }, select, merge);
    const opener = h("button", {
      type: "button", class: "button quiet small-button merge-open", text: T.merge_open, "aria-expanded": "false",
      on: { click: () => {
        box.hidden = !box.hidden;
        opener.setAttribute("aria-expanded", String(!box.hidden));
        if (!box.hidden) select.focus();
      } },
    });
    const row = h("li", { class: "topic-row" });
    const view = [
      h("div", { class: "topic-main" },
        h("p", { class: "topic-title" }),
        h("p", { class: "topic-details" })),
      h("div", { class: "topic-votes" },
        h("span", { class: "topic-count", "aria-hidden": "true" }),
        h("span", { class: "topic-votes-text visually-hidden" }),
        h("span", { class: "bar" }, h("span", { class: "bar-fill" }))),
      h("p", { class: "topic-meta" }, h("span", { class: "topic-author" })),
      h("div", { class: "topic-actions" },
        h("button", { type: "button", class: "button quiet small-button edit", text: T.edit, on: { click: () => openEditor(row, topic.id, view) } }),
        h("button", { type: "button", class: "button quiet small-button hide", text: T.hide, on: { click: () => act("topic.hide", { topic_id: topic.id }) } }),
        opener),
      box,
    ];
    row.append(...view);
    return row;
  }

  function openEditor(row, id, view) {
    const topic = live.state.topics.find((t) => t.id === id);
    if (!topic) return;
    editing.add(id);
    const title = h("input", { type: "text", maxlength: 120, "aria-label": T.title });
    title.value = topic.title;
    const details = h("textarea", { maxlength: 1000, rows: 2, "aria-label": T.details });
    details.value = topic.details || "";
    const close = () => {
      editing.delete(id);
      row.replaceChildren(...view);
      render(live.state);
      row.querySelector(".edit").focus();
    };
    const form = h("form", {
      class: "topic-editor", "data-live": true,
      on: {
        submit: async (event) => {
          event.preventDefault();
          const ack = await act("topic.edit", { topic_id: id, title: title.value, details: details.value });
          if (ack.ok) {
            Object.assign(topic, ack.topic);
            close();
          }
        },
        keydown: (event) => { if (event.key === "Escape") close(); },
      },
    }, title, details,
    h("div", { class: "editor-actions" },
      h("button", { type: "submit", class: "button small-button", text: T.save }),
      h("button", { type: "button", class: "button quiet small-button", text: T.cancel, on: { click: close } })));
    row.replaceChildren(form);
    title.focus();
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
