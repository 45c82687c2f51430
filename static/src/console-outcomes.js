// The console's outcomes: the action plan (commitments, top priorities), the word cloud of
// closing words, and Appreciative Inquiry's propositions for the top dreams.
import { fill, h, plural, replace, syncList, unchanged } from "./live.js";
import { preview } from "./console-docs.js";

const LINK_KINDS = ["topic", "proposition", "insight", "dream", "theme"];

export function createOutcomes(ctx) {
  const commitments = createCommitments(ctx);
  const words = createWords(ctx);
  const propositions = createPropositions(ctx);
  return {
    render(state, changed) {
      if (ctx.isShown("commitments")) commitments.render(state, changed);
      if (ctx.isShown("words")) words.render(state);
      if (ctx.isShown("propositions")) propositions.render(state);
    },
  };
}

const visibleOf = (state, kind) => state.topics.filter((t) => t.kind === kind && (t.status || "visible") === "visible");

function createCommitments(ctx) {
  const { act, T, $ } = ctx;
  const form = $("[data-commitment-form]");
  const link = $("[data-commitment-topic]");
  const list = $("[data-commitment-list]");
  const dates = (() => {
    try {
      return new Intl.DateTimeFormat(T.lang, { dateStyle: "medium", timeZone: "UTC" });
    } catch {
      return null;
    }
  })();
  const formatDate = (iso) => (dates ? dates.format(new Date(`${iso}T00:00:00Z`)) : iso);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const el = form.elements;
    const payload = { title: el.title.value.trim(), owner: el.owner.value.trim(), personal: !el.team.checked };
    if (!payload.title) return el.title.focus();
    if (!payload.owner) return el.owner.focus();
    if (el.due_on.value) payload.due_on = el.due_on.value;
    if (link.value) payload.topic_id = Number(link.value);
    const ack = await act("commitment.add", payload);
    if (ack.ok) {
      el.title.value = "";
      el.due_on.value = "";
      el.title.focus();
    }
  });

  function render(state) {
    const items = state.commitments;
    const byId = new Map(state.topics.map((t) => [t.id, t]));
    $("[data-commitment-count]").textContent = String(items.length);
    $("[data-commitments-empty]").hidden = items.length > 0;
    renderPriorities(state);
    renderLinks(state);
    syncList(list, items, (c) => c.id, (item) => h("li", { class: "commitment", "data-commitment": item.id }),
      (node, item) => {
        const topic = item.topic_id ? byId.get(item.topic_id) : null;
        if (unchanged(node, item, topic?.title, T.lang)) return;
        const meta = [item.owner, item.due_on ? fill(T.commitment_due, { date: formatDate(item.due_on) }) : null,
          topic ? fill(T.commitment_topic, { title: topic.title }) : null].filter(Boolean);
        replace(node,
          h("div", { class: "commitment-main" },
            h("p", { class: "commitment-title", text: item.title }),
            h("p", { class: "commitment-meta" },
              h("span", { text: meta.join(" · ") }), " ",
              h("span", { class: "badge", text: item.personal ? T.commitment_personal : T.commitment_team }))),
          h("button", {
            type: "button", class: "button quiet small-button", text: T.commitment_remove, "data-remove-commitment": item.id,
            "aria-label": fill(T.commitment_remove_label, { title: item.title }),
            on: { click: () => act("commitment.remove", { commitment_id: item.id }) },
          }));
      });
  }

  function renderPriorities(state) {
    const info = state.phases.find((p) => p.id === state.phase.id) || {};
    const box = $("[data-priorities-box]");
    const ballot = state.phase.ballot || info.ballot;
    box.hidden = !ballot;
    if (!ballot) return;
    const counts = state.tally?.counts || {};
    const ranked = visibleOf(state, state.phase.contribution || "topic")
      .filter((t) => counts[t.id] > 0)
      .sort((a, b) => counts[b.id] - counts[a.id] || a.id - b.id)
      .slice(0, 5);
    const target = $("[data-priorities]");
    if (unchanged(target, ranked.map((t) => [t.id, t.title, counts[t.id]]), T.lang)) return;
    replace(target, ranked.length
      ? ranked.map((t) => h("li", { "data-priority": t.id },
        h("span", { class: "priority-title", text: t.title }),
        h("span", { class: "priority-votes", text: plural(T.votes, counts[t.id], T.lang) })))
      : h("li", { class: "muted empty-priority", text: T.priorities_empty }));
  }

  function renderLinks(state) {
    const first = state.phase.contribution;
    const kinds = [first, ...LINK_KINDS.filter((k) => k !== first)].filter((k) => k && k !== "word" && k !== "feedback");
    const groups = kinds.map((kind) => [kind, visibleOf(state, kind)]).filter(([, items]) => items.length);
    if (unchanged(link, groups.map(([k, items]) => [k, items.map((t) => [t.id, t.title])]), T.lang)) return;
    const chosen = link.value;
    link.replaceChildren(h("option", { value: "", text: T.no_link }),
      ...groups.map(([kind, items]) => h("optgroup", { label: T.kinds[kind] || kind },
        ...items.map((t) => h("option", { value: t.id, text: t.title })))));
    link.value = [...link.options].some((o) => o.value === chosen) ? chosen : "";
  }

  return { render };
}

function createWords(ctx) {
  const { T, $ } = ctx;
  const cloud = $("[data-word-cloud]");
  return {
    render(state) {
      const words = visibleOf(state, "word");
      $("[data-words-total]").textContent = plural(T.words_total, words.length, T.lang);
      $("[data-words-empty]").hidden = words.length > 0;
      const tally = new Map();
      for (const word of words) {
        const key = word.title.trim().toLocaleLowerCase(T.lang);
        const entry = tally.get(key) || { text: word.title.trim(), n: 0 };
        entry.n += 1;
        tally.set(key, entry);
      }
      const entries = [...tally.values()].sort((a, b) => b.n - a.n || a.text.localeCompare(b.text, T.lang));
      if (unchanged(cloud, entries, T.lang)) return;
      const max = Math.max(1, ...entries.map((e) => e.n));
      // Largest first, then spread around the middle so the cloud is not a sorted list.
      const spread = entries.map((e, i) => [i % 2 ? -i : i, e]).sort((a, b) => a[0] - b[0]).map(([, e]) => e);
      replace(cloud, ...spread.map((entry) => {
        const item = h("li", { class: "console-word", "data-word": entry.text, "data-count": entry.n },
          entry.text, h("span", { class: "visually-hidden", text: ` (${plural(T.word_times, entry.n, T.lang)})` }));
        // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
        item.style.fontSize = `${(1 + (2.2 * (entry.n - 1)) / Math.max(1, max - 1)).toFixed(2)}rem`;
        return item;
      }));
    },
  };
}

function createPropositions(ctx) {
  const { act, T, $ } = ctx;
  const top = $("[data-dream-list]");
  const other = $("[data-other-list]");

  function dreamItem(dream) {
    const input = h("input", { type: "text", maxlength: 120, autocomplete: "off", "data-proposition-input": dream.id });
    const label = h("label", { class: "visually-hidden", text: "" });
    const id = `proposition-for-${dream.id}`;
    input.id = id;
    label.htmlFor = id;
    const form = h("form", {
      class: "add-proposition", "data-live": true, "data-add-proposition": dream.id,
      on: { submit: async (event) => {
        event.preventDefault();
        const title = input.value.trim();
        if (!title) return input.focus();
        input.value = "";
        const ack = await act("topic.propose", { title, kind: "proposition", parent_id: dream.id });
        if (!ack.ok) input.value = title;
      } },
    }, label, input, h("button", { type: "submit", class: "button secondary small-button", text: T.add_proposition }));
    return h("li", { class: "dream", "data-dream": dream.id },
      h("h3", { class: "dream-title" }),
      h("ul", { class: "proposition-list" }),
      form);
  }

  function fillDream(node, dream, state) {
    node.querySelector(".dream-title").textContent = dream.title;
    node.querySelector("label").textContent = fill(T.add_proposition_label, { title: dream.title });
    const docs = new Map(state.documents.map((d) => [d.key, d]));
    const mine = visibleOf(state, "proposition").filter((p) => p.parent === dream.id);
    const list = node.querySelector(".proposition-list");
    const signature = mine.map((p) => [p.id, p.title, docs.get(`proposition:${p.id}`)?.text]);
    if (unchanged(list, signature, T.lang)) return;
    const active = document.activeElement;
    const focusKey = list.contains(active) ? active.dataset.openDoc : null;
    replace(list, mine.length ? mine.map((p) => {
      const text = (docs.get(`proposition:${p.id}`)?.text || "").trim();
      return h("li", { class: "cdoc-item", "data-proposition": p.id },
        h("div", { class: "cdoc-main" },
          h("p", { class: "cdoc-title", text: p.title }),
          h("p", { class: `cdoc-preview${text ? "" : " muted"}`, text: text ? preview(text) : T.doc_empty_text })),
        h("button", {
          type: "button", class: "button secondary small-button", text: T.open, "data-open-doc": `proposition:${p.id}`,
          "aria-label": fill(T.open_label, { title: p.title }),
          on: { click: () => ctx.openDocument(`proposition:${p.id}`, p.title, "proposition") },
        }));
    }) : h("li", { class: "muted small", text: T.no_propositions }));
    if (focusKey) list.querySelector(`[data-open-doc="${focusKey}"]`)?.focus();
  }

  return {
    render(state) {
      const dreams = visibleOf(state, "dream");
      const parents = new Set(visibleOf(state, "proposition").map((p) => p.parent));
      const withProps = dreams.filter((d) => parents.has(d.id));
      const without = dreams.filter((d) => !parents.has(d.id));
      $("[data-dreams-empty]").hidden = dreams.length > 0;
      $("[data-other-dreams]").hidden = without.length === 0;
      $("[data-other-count]").textContent = String(without.length);
      const update = (node, dream) => fillDream(node, dream, state);
      syncList(top, withProps, (d) => d.id, dreamItem, update);
      syncList(other, without, (d) => d.id, dreamItem, update);
    },
  };
}
