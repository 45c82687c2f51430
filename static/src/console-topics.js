// The console's contributions card: one kind at a time (sessions, themes, dreams, insights,
// words, feedback...), with vote counts, and the facilitator's edit, hide, restore and merge.
import { fill, h, plural, replace, syncList, unchanged } from "./live.js";

const KIND_ORDER = ["topic", "theme", "dream", "proposition", "insight", "word", "feedback", "story", "question"];

/** The kind the current phase is about: its contributions, or the positive core's themes. */
export function phaseKind(state) {
  return state.phase.screen === "themes" ? "theme" : state.phase.contribution || "topic";
}

export function createTopics(ctx) {
  const { live, act, T, $ } = ctx;
  const editing = new Set(); // topics whose inline editor is open
  const filter = $("[data-kind-filter]");
  const sortBox = $("[data-sort-votes]");
  let kind = null; // chosen in the filter; reset to the phase's kind when the phase changes

  filter.setAttribute("aria-label", T.kinds.topic);
  filter.addEventListener("change", () => {
    kind = filter.value;
    render(live.state, {});
  });
  sortBox.addEventListener("change", () => render(live.state, {}));

  $("[data-add-topic]").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const payload = { title: form.elements.title.value.trim(), details: form.elements.details.value.trim() };
    if (!payload.title) {
      form.elements.title.focus();
      return;
    }
    if (kind !== live.state.phase.contribution) payload.kind = kind;
    form.reset();
    const ack = await act("topic.propose", payload);
    if (!ack.ok) {
      form.elements.title.value = payload.title;
      form.elements.details.value = payload.details;
    }
  });

  function render(state, changed) {
    if (changed.phase || kind === null) kind = phaseKind(state);
    if (!ctx.isShown("topics")) return;
    renderFilter(state);
    const ballot = !!state.phase.ballot && (kind === state.phase.contribution);
    const counts = ballot ? state.tally?.counts || {} : {};
    const ofKind = state.topics.filter((t) => t.kind === kind);
    const visible = ofKind.filter((t) => (t.status || "visible") === "visible");
    const others = ofKind.filter((t) => t.status === "hidden" || t.status === "merged");
    const byId = new Map(state.topics.map((t) => [t.id, t]));
    $("[data-sort-box]").hidden = !ballot;
    const shown = ballot && sortBox.checked
      ? [...visible].sort((a, b) => (counts[b.id] || 0) - (counts[a.id] || 0) || a.id - b.id)
      : visible;
    const max = Math.max(1, ...visible.map((t) => counts[t.id] || 0));
    $("[data-topics-title]").textContent = T.kinds[kind] || kind;
    $("[data-topic-count]").textContent = String(visible.length);
    $("[data-topics-empty]").hidden = visible.length > 0;
    $("[data-topics-empty-text]").textContent = T.empty_kind[kind] || "";
    const title = $("#new-topic-title");
    title.placeholder = T.add_kind[kind] || "";
    $("[data-add-label]").textContent = T.add_kind[kind] || T.title;
    title.maxLength = kind === "word" ? 40 : 120;
    $("[data-topic-list]").classList.toggle("no-votes", !ballot);
    syncList($("[data-topic-list]"), shown, (t) => t.id, topicRow, (node, topic) => {
      node.dataset.topicId = topic.id;
      if (editing.has(topic.id)) return;
      fillTopicText(node, topic, byId);
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

    renderQueue(state, byId);
    $("[data-hidden-box]").hidden = others.length === 0;
    $("[data-hidden-count]").textContent = String(others.length);
    syncList($("[data-hidden-list]"), others, (t) => t.id,
      () => h("li", { class: "topic-row muted-row" }),
      (node, topic) => {
        const target = byId.get(topic.merged_into);
        node.dataset.topicId = topic.id;
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
              type: "button", class: "button secondary small-button", text: T.restore, "data-restore": topic.id,
              "aria-label": fill(T.restore_label, { title: topic.title }),
              on: { click: () => act("topic.restore", { topic_id: topic.id }) },
            })) : null);
      });
  }

  /** Contributions of every kind that wait for the facilitator, oldest first. */
  function renderQueue(state, byId) {
    const waiting = state.topics.filter((t) => t.status === "pending");
    $("[data-review-box]").hidden = waiting.length === 0;
    $("[data-review-count]").textContent = String(waiting.length);
    syncList($("[data-review-list]"), waiting, (t) => t.id,
      () => h("li", { class: "topic-row review-row" }),
      (node, topic) => {
        node.dataset.topicId = topic.id;
        const targets = state.topics.filter((t) => t.kind === topic.kind && (t.status || "visible") === "visible");
        if (node.contains(document.activeElement) && node.querySelector("form")) return;
        if (unchanged(node, topic.title, topic.details, topic.author, (topic.flagged || []).join(), targets.map((t) => t.id).join())) return;
        replace(node, ...reviewRow(topic, targets, byId));
      });
  }

  function reviewRow(topic, targets) {
    const R = T.review;
    const why = topic.flagged?.length ? fill(R.flagged, { words: topic.flagged.join(", ") }) : R.waiting;
    const title = h("input", { type: "text", value: topic.title, maxlength: topic.kind === "word" ? 40 : 120, "aria-label": T.title });
    const select = h("select", { class: "merge-select", "aria-label": fill(T.merge_label, { title: topic.title }) },
      h("option", { value: "", text: T.merge_into }),
      ...targets.map((t) => h("option", { value: t.id, text: t.title })));
    const merge = h("button", {
      type: "button", class: "button small-button", text: T.merge, disabled: true,
      on: { click: () => { if (select.value) act("topic.merge", { topic_id: topic.id, into: Number(select.value) }); } },
    });
    select.addEventListener("change", () => { merge.disabled = !select.value; });
    return [
      h("div", { class: "topic-main" },
        h("p", { class: "topic-title", text: topic.title }),
        topic.details ? h("p", { class: "topic-details", text: topic.details }) : null),
      h("p", { class: "topic-meta" },
        h("span", { class: "badge", text: T.kind_one[topic.kind] || topic.kind }), " ",
        h("span", { text: [topic.author ? fill(T.by, { name: topic.author }) : "", why].filter(Boolean).join(" · ") })),
      h("div", { class: "topic-actions" },
        h("button", {
          type: "button", class: "button small-button", text: R.approve, "aria-label": fill(R.approve_label, { title: topic.title }),
          on: { click: () => act("topic.approve", { topic_id: topic.id }) },
        }),
        h("button", {
          type: "button", class: "button secondary small-button", text: R.reject, "aria-label": fill(R.reject_label, { title: topic.title }),
          on: { click: () => act("topic.reject", { topic_id: topic.id }) },
        }),
        targets.length ? h("span", { class: "merge-box" }, select, merge) : null),
      h("form", {
        class: "topic-editor review-edit", "data-live": true,
        on: { submit: async (event) => {
          event.preventDefault();
          const edited = await act("topic.edit", { topic_id: topic.id, title: title.value, details: topic.details || "" });
          if (edited.ok) act("topic.approve", { topic_id: topic.id });
        } },
      }, title, h("button", { type: "submit", class: "button quiet small-button", text: R.edit_approve })),
    ];
  }

  function renderFilter(state) {
    const present = new Set(state.topics.map((t) => t.kind));
    present.add(kind);
    present.add(phaseKind(state));
    const kinds = KIND_ORDER.filter((k) => present.has(k));
    if (unchanged(filter, kinds, kind, T.lang)) return;
    filter.replaceChildren(...kinds.map((k) => h("option", { value: k, text: T.kinds[k] || k })));
    filter.value = kind;
    filter.closest("label").hidden = kinds.length < 2;
  }

  function fillTopicText(node, topic, byId) {
    node.querySelector(".topic-title").textContent = topic.title;
    const details = node.querySelector(".topic-details");
    details.textContent = topic.details || "";
    details.hidden = !topic.details;
    const parent = topic.parent ? byId.get(topic.parent) : null;
    node.querySelector(".topic-author").textContent = [
      topic.author ? fill(T.by, { name: topic.author })
        : topic.stories ? plural(T.from_stories, topic.stories, T.lang) : T.by_facilitator,
      parent ? fill(T.linked_to, { kind: T.kind_one[parent.kind] || "", title: parent.title }) : "",
    ].filter(Boolean).join(" · ");
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
    const title = h("input", { type: "text", maxlength: topic.kind === "word" ? 40 : 120, "aria-label": T.title });
    title.value = topic.title;
    const details = h("textarea", { maxlength: 1000, rows: 2, "aria-label": T.details });
    details.value = topic.details || "";
    const close = () => {
      editing.delete(id);
      row.replaceChildren(...view);
      render(live.state, {});
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

  return { render };
}
