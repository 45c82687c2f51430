// What a workshop produces, on the projector: the proceedings (reports, notes, propositions),
// the action plan with the ballot's top priorities, and the positive core's themes.
import { fill, h, replace, syncList, unchanged } from "./live.js";
import { ranked } from "./screen-bars.js";
import { fit, flash } from "./screen-layout.js";
import { T, count, formatDay, ofKind, sentence, templateText } from "./screen-text.js";

const FIELD_ORDER = ["key_points", "recommendations", "questions", "notes", "story", "strengths", "text"];
const PAGE_SECONDS = 15; // long enough to read a column from the back of the room
const PRIORITIES_MAX = 5;
const PHRASES_MAX = 3;

// --- the proceedings --------------------------------------------------------------------

/** Reports, notes or propositions of the phase's document kinds, in pages that turn. */
export function renderDocuments(state, panel) {
  const $ = (s) => panel.querySelector(s);
  const kinds = state.phase.documents?.length ? state.phase.documents : ["report"];
  const topics = new Map(state.topics.map((t) => [t.id, t]));
  const written = (state.documents || []).filter((d) => kinds.includes(d.kind));
  if (kinds.includes("proposition")) {
    // A proposition to write shows from the start, before anyone has typed in it.
    const keys = new Set(written.map((d) => d.key));
    for (const topic of state.topics) {
      if (topic.kind === "proposition" && !keys.has(`proposition:${topic.id}`)) {
        written.push({ key: `proposition:${topic.id}`, kind: "proposition", contribution_id: topic.id,
          title: topic.title, text: "", fields: {} });
      }
    }
  }
  const docs = written
    .sort((a, b) => (a.contribution_id ?? 0) - (b.contribution_id ?? 0) || String(a.key).localeCompare(String(b.key)));
  const list = $("[data-documents]");
  list.dataset.kind = kinds[0];
  $("[data-documents-empty]").hidden = docs.length > 0;
  $("[data-docs-viewport]").hidden = docs.length === 0;
  if (!docs.length) {
    $("[data-documents-empty-title]").textContent = templateText(panel, "[data-documents-texts]", "kind", kinds[0]);
  }
  syncList(list, docs, (d) => d.key,
    () => h("article", { class: "doc" }),
    (node, doc) => {
      const topic = doc.contribution_id ? topics.get(doc.contribution_id) : null;
      const title = doc.title || topic?.title || "";
      node.dataset.document = doc.key;
      node.dataset.kind = doc.kind;
      if (unchanged(node, title, topic?.author, doc.text, doc.fields)) return;
      const seen = node.childElementCount > 0;
      fillDocument(node, doc, title, topic);
      if (seen) flash(node, "updated");
    });
  paginate(panel);
}

function fillDocument(node, doc, title, topic) {
  const sections = [];
  const fields = doc.fields && typeof doc.fields === "object" ? doc.fields : {};
  const keys = Object.keys(fields).sort((a, b) => rank(a) - rank(b));
  for (const key of keys) {
    const text = typeof fields[key] === "string" ? fields[key].trim() : "";
    if (!text) continue;
    const label = T[`field_${key}`];
    // A proposition is one statement: no heading over it.
    const heading = label && doc.kind !== "proposition" ? h("h3", { class: "doc-field-label" }, label) : null;
    sections.push(h("section", { class: "doc-field", data: { field: key } }, heading, body(text)));
  }
  if (!sections.length && doc.text?.trim()) sections.push(h("section", { class: "doc-field", data: { field: "text" } }, body(doc.text.trim())));
  replace(node,
    h("h2", { class: "doc-title" }, title),
    doc.kind === "report" && topic?.author ? h("p", { class: "doc-convener" }, fill(T.convener, { name: topic.author })) : null,
    sections.length ? sections : h("p", { class: "doc-empty" }, T.being_written));
  node.dataset.empty = String(!sections.length);
}

function rank(key) {
  const i = FIELD_ORDER.indexOf(key);
  return i < 0 ? FIELD_ORDER.length : i;
}

/** Several lines become a list (bullets typed as "- " or "• " dropped); one is a paragraph. */
function body(text) {
  const lines = text.split(/\n+/).map((l) => l.replace(/^\s*(?:[-*•·]|\d+[.)])\s+/, "").trim()).filter(Boolean);
  if (lines.length > 1) return h("ul", { class: "doc-lines" }, lines.map((l) => h("li", {}, l)));
  return h("p", { class: "doc-text" }, lines[0] || "");
}

/**
 * Lay the documents out in columns, a page at a time: each card goes to the shortest column
 * it fits in; when none has room, a new page starts. A card is never split across pages (one
 * taller than the page is cut, and says so). The pages turn by themselves.
 */
function paginate(panel) {
  const viewport = panel.querySelector("[data-docs-viewport]");
  const list = panel.querySelector("[data-documents]");
  const cards = [...list.children];
  const width = viewport.clientWidth;
  const height = viewport.clientHeight;
  const pager = (panel.pager ||= { page: 0, pages: 1, timer: null });
  if (!width || !height || !cards.length) {
    pager.pages = 1;
    showPage(panel);
    return;
  }
  const columns = list.dataset.kind === "proposition" ? 2 : cards.length === 1 ? 1 : width > 1400 ? 3 : 2;
  const gap = parseFloat(getComputedStyle(list).columnGap) || 24;
  const columnWidth = (width - gap * (columns - 1)) / columns;
  for (const card of cards) {
    card.hidden = false;
    card.style.width = `${columnWidth}px`;
    card.style.maxHeight = "";
  }
  let page = 0;
  let tops = new Array(columns).fill(0);
  for (const card of cards) {
    const tall = Math.min(card.offsetHeight, height);
    card.dataset.cut = String(card.offsetHeight > height);
    if (card.offsetHeight > height) card.style.maxHeight = `${height}px`;
    let column = -1;
    for (let c = 0; c < columns; c += 1) {
      if (tops[c] + tall <= height && (column < 0 || tops[c] < tops[column])) column = c;
    }
    if (column < 0) {
      page += 1;
      tops = new Array(columns).fill(0);
      column = 0;
    }
    card.dataset.page = String(page);
    card.style.left = `${column * (columnWidth + gap)}px`;
    card.style.top = `${tops[column]}px`;
    tops[column] += tall + gap;
  }
  pager.pages = page + 1;
  if (pager.page >= pager.pages) pager.page = 0;
  showPage(panel);
  if (pager.pages > 1 && !pager.timer) {
    pager.timer = setInterval(() => {
      if (panel.hidden || pager.pages <= 1) return;
      pager.page = (pager.page + 1) % pager.pages;
      showPage(panel);
    }, PAGE_SECONDS * 1000);
  } else if (pager.pages <= 1 && pager.timer) {
    clearInterval(pager.timer);
    pager.timer = null;
  }
}

function showPage(panel) {
  const { page, pages } = panel.pager;
  const list = panel.querySelector("[data-documents]");
  const line = panel.querySelector("[data-docs-pages]");
  for (const card of list.children) card.hidden = card.dataset.page !== String(page);
  list.dataset.page = String(page + 1);
  line.hidden = pages <= 1 || panel.querySelector("[data-docs-viewport]").hidden;
  line.dataset.page = String(page + 1);
  line.dataset.pages = String(pages);
  line.textContent = fill(T.page, { page: page + 1, count: pages });
}

// --- the action plan --------------------------------------------------------------------

/** Commitments, newest first; beside them the ballot's top priorities when results show. */
export function renderCommitments(state, panel) {
  const $ = (s) => panel.querySelector(s);
  const topics = new Map(state.topics.map((t) => [t.id, t]));
  const items = [...(state.commitments || [])].sort((a, b) => b.id - a.id);
  const list = $("[data-actions]");
  $("[data-actions-empty]").hidden = items.length > 0;
  $("[data-actions-count]").textContent = items.length ? count("actions", items.length) : "";
  syncList(list, items, (c) => c.id,
    () => h("li", { class: "action" },
      h("p", { class: "action-title" }),
      h("p", { class: "action-meta" },
        h("span", { class: "action-owner" }), h("span", { class: "action-due" }),
        h("span", { class: "action-team" }, T.team)),
      h("p", { class: "action-for" })),
    (node, item) => {
      const topic = item.topic_id ? topics.get(item.topic_id) : null;
      node.dataset.commitment = String(item.id);
      node.dataset.personal = String(item.personal !== false);
      node.querySelector(".action-title").textContent = item.title;
      node.querySelector(".action-owner").textContent = item.owner ? fill(T.owner, { name: item.owner }) : "";
      node.querySelector(".action-owner").hidden = !item.owner;
      node.querySelector(".action-due").textContent = item.due_on ? fill(T.due, { date: formatDay(item.due_on) }) : "";
      node.querySelector(".action-due").hidden = !item.due_on;
      node.querySelector(".action-team").hidden = item.personal !== false;
      const serves = node.querySelector(".action-for");
      serves.textContent = topic ? fill(T.serves, { title: topic.title }) : "";
      serves.hidden = !topic;
      if (topic) serves.dataset.topic = String(topic.id);
    });
  const aside = renderPriorities(state, panel, items);
  fit($(".plan-main"), list, 0, $("[data-actions-more]"), 0, "last");
  // Once the plan has its final height, the lowest priorities give way if the column is full.
  const rows = [...aside.querySelectorAll(".priority")];
  for (const row of rows) row.hidden = false;
  for (const row of rows.reverse().slice(0, -1)) {
    if (aside.scrollHeight <= aside.clientHeight + 1) break;
    row.hidden = true;
  }
}

function renderPriorities(state, panel, items) {
  const aside = panel.querySelector("[data-priorities]");
  const counts = state.tally?.counts;
  const kind = state.phase.contribution || "topic";
  const top = counts && state.phase.ballot
    ? ranked(ofKind(state, kind), counts).filter((t) => (counts[t.id] || 0) > 0).slice(0, PRIORITIES_MAX) : [];
  aside.hidden = top.length === 0;
  panel.querySelector(".plan").dataset.withPriorities = String(top.length > 0);
  const linked = {};
  for (const item of items) if (item.topic_id) linked[item.topic_id] = (linked[item.topic_id] || 0) + 1;
  syncList(aside.querySelector("[data-priority-list]"), top, (t) => t.id,
    () => h("li", { class: "priority" },
      h("span", { class: "priority-rank" }),
      h("div", { class: "priority-body" },
        h("p", { class: "priority-title" }),
        h("p", { class: "priority-meta" }, h("span", { class: "priority-votes" }), h("span", { class: "priority-actions" })))),
    (node, topic) => {
      node.dataset.topic = String(topic.id);
      node.querySelector(".priority-title").textContent = topic.title;
      node.querySelector(".priority-votes").textContent = count("votes", counts[topic.id] || 0);
      node.querySelector(".priority-actions").textContent = count("actions", linked[topic.id] || 0);
      node.dataset.linkedActions = String(linked[topic.id] || 0);
    });
  aside.querySelectorAll(".priority-rank").forEach((el, i) => { el.textContent = String(i + 1); });
  return aside;
}

// --- the positive core ------------------------------------------------------------------

/** How many stories a theme comes from: `stories` or a "stories:N" tag (null if unknown). */
export function storiesOf(theme) {
  if (Number.isInteger(theme.stories)) return theme.stories;
  const tag = (theme.tags || []).find((t) => typeof t === "string" && t.startsWith("stories:"));
  const n = tag ? Number(tag.slice(8)) : NaN;
  return Number.isInteger(n) ? n : null;
}

/** The themes the stories share, the most shared first, with a few of their phrases. */
export function renderThemes(state, panel) {
  const $ = (s) => panel.querySelector(s);
  const themes = ofKind(state, "theme")
    .map((t) => ({ ...t, n: storiesOf(t) }))
    .sort((a, b) => (b.n ?? 0) - (a.n ?? 0) || a.id - b.id);
  const most = Math.max(1, ...themes.map((t) => t.n ?? 0));
  const list = $("[data-themes]");
  $("[data-themes-empty]").hidden = themes.length > 0;
  syncList(list, themes, (t) => t.id,
    () => h("li", { class: "theme" },
      h("p", { class: "theme-title" }), h("p", { class: "theme-stories" }), h("ul", { class: "theme-phrases" })),
    (node, theme) => {
      node.dataset.topic = String(theme.id);
      node.dataset.strength = String(theme.n === null ? 1 : Math.ceil((3 * theme.n) / most));
      node.querySelector(".theme-title").textContent = theme.title;
      const stories = node.querySelector(".theme-stories");
      stories.hidden = theme.n === null;
      if (theme.n !== null && !unchanged(stories, theme.n)) {
        node.dataset.stories = String(theme.n);
        replace(stories, sentence("stories", theme.n, "theme-n"));
      }
      const phrases = (theme.details || "").split(/\n+/).map((p) => p.trim()).filter(Boolean).slice(0, PHRASES_MAX);
      const box = node.querySelector(".theme-phrases");
      if (!unchanged(box, phrases)) replace(box, phrases.map((p) => h("li", {}, p)));
      box.hidden = !phrases.length;
    });
  fit(panel, list, 0, $("[data-themes-more]"));
}
