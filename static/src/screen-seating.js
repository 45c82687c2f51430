// Who sits with whom, on the projector: Appreciative Inquiry interview pairs and World Café
// tables (round question, hosts, how many tables mix stakeholder groups).
import { fill, h, plural, replace, syncList, unchanged } from "./live.js";
import { fit } from "./screen-layout.js";
import { T, count } from "./screen-text.js";

// Six hues told apart on the dark background (each at least 3:1 against it, like any
// non-text mark); the group's name is always written next to its colour somewhere.
const GROUP_COLOURS = ["#ff8a65", "#7cb8ff", "#6fd69a", "#f5b942", "#d59cff", "#ff7fb0"];

/** The colour of a stakeholder group, by its place in the workshop's list. */
export function groupColour(state, key) {
  const index = state.groups.findIndex((g) => g.key === key);
  return index < 0 ? "#8b93a7" : GROUP_COLOURS[index % GROUP_COLOURS.length];
}

function groupLabel(state, key) {
  return state.groups.find((g) => g.key === key)?.label || "";
}

/** One person: a dot in their group's colour, then their name (host marked). */
function person(state, p, tag = "li") {
  const dot = h("span", { class: "group-dot", title: groupLabel(state, p.group) || null, "aria-hidden": "true" });
  dot.style.setProperty("--dot", groupColour(state, p.group)); // CSSOM: the CSP refuses style attributes
  return h(tag, { class: p.host ? "person host" : "person", data: { person: String(p.id), host: p.host ? "true" : "false" } },
    dot, h("span", { class: "person-name" }, p.name || "?"),
    p.host ? h("span", { class: "host-badge" }, T.host) : null);
}

function isMixed(people) {
  return new Set(people.map((p) => p.group)).size > 1;
}

/** Pairs: how many formed, how many mix groups, and who is with whom. */
export function renderPairs(state, panel) {
  const $ = (s) => panel.querySelector(s);
  const seating = state.seating?.kind === "pairs" ? state.seating : null;
  const pairs = seating?.tables || [];
  const n = seating?.count ?? pairs.length;
  const mixed = seating?.mixed ?? pairs.filter((t) => isMixed(t.people)).length;
  $("[data-pairs-count]").textContent = String(n);
  $("[data-pairs-label]").textContent = plural(T.pairs, n, T.lang);
  $("[data-pairs-mixed]").textContent = String(mixed);
  $("[data-pairs-mixed-label]").textContent = plural(T.pairs_mixed, mixed, T.lang);
  $("[data-pairs-mixed-stat]").hidden = state.groups.length < 2;
  $("[data-pairs-stats]").hidden = pairs.length === 0;
  $("[data-pairs-empty]").hidden = pairs.length > 0;
  const list = $("[data-pairs]");
  syncList(list, pairs, (t) => t.table,
    () => h("li", { class: "pair" }),
    (node, pair) => {
      node.dataset.table = String(pair.table);
      node.dataset.mixed = String(isMixed(pair.people));
      if (unchanged(node, pair, state.groups)) return;
      const people = [];
      pair.people.forEach((p, i) => {
        if (i > 0) people.push(h("span", { class: "pair-and", "aria-hidden": "true" }, "&"));
        people.push(person(state, p, "span"));
      });
      replace(node, ...people);
    });
  fit(panel, list, 0, $("[data-pairs-more]"));
}

/** A World Café round: its question, and the tables with who sits there. */
export function renderTables(state, panel) {
  const $ = (s) => panel.querySelector(s);
  const seating = state.seating?.kind === "cafe" ? state.seating : null;
  const round = state.phase.round || seating?.round || 1;
  const questions = state.settings.questions || {};
  const question = questions[String(round)] || state.settings.question || "";
  $("[data-round]").textContent = fill(T.round, { n: round });
  $("[data-round]").dataset.round = String(round);
  const questionLine = $("[data-round-question]");
  questionLine.textContent = question;
  questionLine.hidden = !question;
  const tables = seating?.tables || [];
  const people = tables.reduce((sum, t) => sum + t.people.length, 0);
  const mixed = seating?.mixed ?? tables.filter((t) => isMixed(t.people)).length;
  const summary = [count("tables_summary", tables.length), count("people", people)];
  if (state.groups.length > 1) summary.push(count("tables_mixed", mixed));
  $("[data-tables-summary]").textContent = tables.length ? summary.join(" · ") : "";
  $("[data-tables-empty]").hidden = tables.length > 0;
  const list = $("[data-tables]");
  syncList(list, tables, (t) => t.table,
    () => h("li", { class: "table-card" },
      h("p", { class: "table-head" }, h("span", { class: "table-name" }), h("span", { class: "table-mixed" }, T.mixed)),
      h("ul", { class: "table-people" })),
    (node, table) => {
      const isMix = isMixed(table.people);
      node.dataset.table = String(table.table);
      node.dataset.mixed = String(isMix);
      node.querySelector(".table-name").textContent = fill(T.table, { n: table.table });
      node.querySelector(".table-mixed").hidden = !isMix || state.groups.length < 2;
      const list = node.querySelector(".table-people");
      if (unchanged(list, table.people, state.groups)) return;
      // Hosts first: they stay at the table and welcome the others.
      const ordered = [...table.people].sort((a, b) => Number(b.host) - Number(a.host));
      replace(list, ordered.map((p) => person(state, p)));
    });
  fit(panel, list, 0, $("[data-tables-more]"));
}
