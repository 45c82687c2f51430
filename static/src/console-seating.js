// The console's seating: Appreciative Inquiry interview pairs and World Café tables (hosts,
// latecomers, each table's notes), and the café's set-up: number of tables, round questions.
import { fill, h, plural, replace, unchanged } from "./live.js";

export function createSeating(ctx) {
  const { live, act, say, T, $ } = ctx;
  const list = $("[data-seating-list]");
  const cafe = createCafeForm(ctx);

  $("[data-seat-latecomers]").addEventListener("click", async () => {
    const ack = await act("seating.update");
    if (ack.ok) say(ack.seated ? T.seated_done : T.seated_none, "ok");
  });
  list.addEventListener("change", async (event) => {
    const select = event.target.closest("[data-host-select]");
    if (!select || !select.value) return;
    const ack = await act("seating.host", { table: Number(select.dataset.hostSelect), participant_id: Number(select.value) });
    if (ack.ok) say(T.host_changed, "ok");
  });

  function render(state) {
    if (ctx.isShown("cafe")) cafe.render(state);
    if (!ctx.isShown("seating")) return;
    const seating = state.seating;
    const pairs = (seating?.kind || (state.phase.screen === "pairs" ? "pairs" : "cafe")) === "pairs";
    const round = seating?.round || state.phase.round || 1;
    $("[data-seating-title]").textContent = pairs ? T.pairs_title : fill(T.tables_title, { n: round });
    $("[data-seat-latecomers]").textContent = pairs ? T.pair_latecomers : T.seat_latecomers;
    const question = pairs ? "" : state.settings.questions?.[String(round)] || state.settings.question || "";
    const questionBox = $("[data-seating-question]");
    questionBox.textContent = question;
    questionBox.hidden = !question;

    const tables = seating?.tables || [];
    const seated = new Set(tables.flatMap((t) => t.people.map((p) => p.id)));
    const waiting = (state.people || []).filter((p) => !seated.has(p.id)).length;
    const summary = tables.length
      ? [fill(plural(pairs ? T.pairs_summary : T.tables_summary, seating.count, T.lang), { mixed: seating.mixed }),
        waiting ? plural(T.not_seated, waiting, T.lang) : T.all_seated].join(" · ")
      : "";
    $("[data-seating-summary]").textContent = summary;
    $("[data-seat-latecomers]").classList.toggle("secondary", !waiting);
    const empty = $("[data-seating-empty]");
    empty.hidden = tables.length > 0;
    empty.querySelector("p").textContent = pairs ? T.seating_empty_pairs : T.seating_empty_tables;
    list.classList.toggle("pairs", pairs);

    const groups = new Map(state.groups.map((g) => [g.key, g.label]));
    const stories = state.documents.filter((d) => d.kind === "story" && d.text?.trim()).map((d) => d.key);
    if (unchanged(list, seating, [...groups], stories, T.lang)) return;
    const active = document.activeElement;
    const focusKey = list.contains(active) ? active.dataset.focusKey : null;
    replace(list, ...tables.map((table) => tableItem(table, tables, pairs, groups)));
    if (focusKey) list.querySelector(`[data-focus-key="${focusKey}"]`)?.focus();
  }

  function tableItem(table, tables, pairs, groups) {
    const mixed = new Set(table.people.map((p) => p.group)).size > 1;
    const title = fill(pairs ? T.pair_n : T.table_n, { n: table.table });
    const people = h("ul", { class: "table-people" }, ...table.people.map((person) => h("li", {
      class: person.host ? "host" : null, "data-person": person.id,
    },
    person.host ? h("span", { class: "host-mark", title: T.host }, "★ ", h("span", { class: "visually-hidden", text: `${T.host}: ` })) : null,
    h("span", { class: "seat-name", text: person.name }),
    groups.get(person.group) ? h("span", { class: "seat-group", text: groups.get(person.group) }) : null)));
    const actions = [];
    if (pairs) {
      for (const person of table.people) {
        const about = table.people.filter((p) => p.id !== person.id).map((p) => p.name).join(", ");
        const written = !!ctx.live.state.documents.find((d) => d.key === `story:${person.id}`)?.text?.trim();
        actions.push(h("button", {
          type: "button", class: `button quiet small-button${written ? " written" : ""}`, "data-open-doc": `story:${person.id}`,
          "data-written": String(written),
          "data-focus-key": `story:${person.id}`, text: fill(T.open_story, { name: person.name }),
          "aria-label": fill(T.open_story_label, { name: person.name }),
          on: { click: () => ctx.openDocument(`story:${person.id}`, fill(T.story_by, { name: person.name, about }), "story") },
        }));
      }
    } else {
      const host = table.people.find((p) => p.host);
      const here = table.people.filter((p) => !p.host);
      const elsewhere = tables.filter((t) => t.table !== table.table).flatMap((t) => t.people.filter((p) => !p.host));
      actions.push(h("label", { class: "host-select" },
        h("span", { class: "small", text: T.host }),
        h("select", {
          "data-host-select": table.table, "data-focus-key": `host:${table.table}`,
          "aria-label": fill(T.host_of, { n: table.table }),
        },
        h("option", { value: "", text: host ? host.name : T.host_none, selected: true }),
        ...here.map((p) => h("option", { value: p.id, text: p.name })),
        elsewhere.length ? h("optgroup", { label: T.other_tables || "…" },
          ...elsewhere.map((p) => h("option", { value: p.id, text: p.name }))) : null)));
      actions.push(h("button", {
        type: "button", class: "button secondary small-button", "data-open-doc": `table:${table.table}`,
        "data-focus-key": `notes:${table.table}`, text: T.open_notes,
        "aria-label": fill(T.open_notes_label, { n: table.table }),
        on: { click: () => ctx.openDocument(`table:${table.table}`, title, "table") },
      }));
    }
    return h("li", { class: "seat-table", "data-table": table.table },
      h("h3", {}, h("span", { text: title }), mixed ? h("span", { class: "badge mixed", text: T.mixed }) : null),
      people,
      h("div", { class: "seat-actions" }, actions));
  }

  return { render };
}

/** Number of café tables and each round's question: `settings.update {tables, questions}`. */
function createCafeForm(ctx) {
  const { live, act, say, T, $ } = ctx;
  const form = $("[data-cafe-form]");
  const tablesInput = $("[data-cafe-tables]");
  const box = $("[data-cafe-questions]");
  let dirty = false;
  form.addEventListener("input", () => { dirty = true; });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const settings = live.state.settings;
    const payload = { questions: {} };
    for (const input of box.querySelectorAll("[data-round-question]")) {
      if (input.value.trim()) payload.questions[input.dataset.roundQuestion] = input.value.trim();
    }
    const tables = tablesInput.value.trim();
    if (tables !== "" && Number(tables) !== settings.tables) payload.tables = Number(tables);
    const ack = await act("settings.update", payload);
    if (ack.ok) {
      dirty = false;
      say(T.saved, "ok");
    }
  });

  return {
    render(state) {
      const rounds = state.phases.filter((p) => p.screen === "tables").length;
      const settings = state.settings;
      if (dirty) return;
      if (document.activeElement !== tablesInput) tablesInput.value = settings.tables ?? "";
      tablesInput.placeholder = T.tables_auto;
      if (unchanged(box, rounds, settings.questions, settings.question, T.lang)) return;
      replace(box, ...Array.from({ length: rounds }, (_, i) => {
        const n = String(i + 1);
        const id = `cafe-question-${n}`;
        const input = h("input", {
          id, type: "text", maxlength: 500, autocomplete: "off", "data-round-question": n,
          placeholder: settings.question || T.round_question_fallback,
        });
        input.value = settings.questions?.[n] || "";
        return h("div", { class: "cafe-question" },
          h("label", { for: id, text: fill(T.round_question, { n }) }), input);
      }));
    },
  };
}
