// The console's documents: reports, notes, table notes, stories and propositions, listed
// with what is written so far, and opened in a dialog with the co-writing editor
// (static/src/cowrite.js, loaded on first use).
import { fill, h, replace, unchanged } from "./live.js";

const KIND_ORDER = ["report", "notes", "table", "story", "proposition"];

export function createDocuments(ctx) {
  const { live, T, $, root } = ctx;
  const dialog = $("[data-doc-dialog]");
  const body = $("[data-doc-body]");
  const status = $("[data-doc-status]");
  const groups = $("[data-doc-groups]");
  let current = null; // {key, handle, opener}

  $("[data-doc-close]").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => closeCurrent());
  groups.addEventListener("click", (event) => {
    const button = event.target.closest("[data-open-doc]");
    if (button) open(button.dataset.openDoc, button.dataset.openTitle || "", button.dataset.openKind || "");
  });

  /** Open the document `key` in the dialog; `title` and `kind` label it meanwhile. */
  async function open(key, title, kind = key.split(":")[0]) {
    closeCurrent(true);
    const mine = { key, handle: null, opener: document.activeElement };
    current = mine;
    dialog.dataset.docKey = key;
    $("[data-doc-heading]").textContent = title || key;
    $("[data-doc-eyebrow]").textContent = T.docs_group[kind] || "";
    status.textContent = T.doc_loading;
    body.replaceChildren();
    if (!dialog.open) dialog.showModal();
    try {
      const { openDocument } = await import("./cowrite.js");
      if (current !== mine) return;
      const handle = await openDocument(live.socket, key, body, {
        name: T.me, color: "#8a2815", texts: T.cowrite, stylesheet: root.dataset.cowriteStyle,
      });
      if (current !== mine) {
        handle.close();
        return;
      }
      mine.handle = handle;
      if (handle.meta?.title) $("[data-doc-heading]").textContent = handle.meta.title;
      status.textContent = "";
    } catch (error) {
      if (current !== mine) return;
      console.warn("document", key, error);
      status.textContent = error?.code ? error.message : T.doc_unavailable;
    }
  }

  function closeCurrent(reopening = false) {
    if (!current) return;
    const { handle } = current;
    const opener = reopening ? null : current.opener;
    current = null;
    delete dialog.dataset.docKey;
    try {
      handle?.close();
    } catch (error) {
      console.warn("document", error);
    }
    body.replaceChildren();
    if (!reopening && dialog.open) dialog.close();
    if (opener?.isConnected) opener.focus();
  }

  /** The documents one can open now, by kind: existing ones and those still to write. */
  function entries(state, kinds) {
    const existing = new Map(state.documents.map((d) => [d.key, d]));
    const visible = (kind) => state.topics.filter((t) => t.kind === kind && (t.status || "visible") === "visible");
    const out = [];
    for (const kind of KIND_ORDER.filter((k) => kinds.includes(k))) {
      const items = [];
      if (kind === "report" || kind === "notes") {
        for (const topic of visible("topic")) items.push({ key: `${kind}:${topic.id}`, title: topic.title });
      } else if (kind === "proposition") {
        for (const topic of visible("proposition")) items.push({ key: `${kind}:${topic.id}`, title: topic.title });
      } else if (kind === "table") {
        const seated = state.seating?.kind === "cafe" ? state.seating.tables.map((t) => t.table) : [];
        const count = Math.max(state.settings.tables || 0, ...seated, 0);
        for (let n = 1; n <= count; n += 1) items.push({ key: `table:${n}`, title: fill(T.table_n, { n }) });
      } else if (kind === "story" && state.seating?.kind === "pairs") {
        for (const pair of state.seating.tables) {
          for (const person of pair.people) {
            const about = pair.people.filter((p) => p.id !== person.id).map((p) => p.name).join(", ");
            items.push({ key: `story:${person.id}`, title: fill(T.story_by, { name: person.name, about }) });
          }
        }
      }
      const listed = new Set(items.map((i) => i.key));
      for (const doc of state.documents) {
        if (doc.kind === kind && !listed.has(doc.key)) items.push({ key: doc.key, title: doc.title || doc.key });
      }
      for (const item of items) item.doc = existing.get(item.key);
      if (items.length) out.push({ kind, items });
    }
    return out;
  }

  function render(state) {
    if (!ctx.isShown("documents")) return;
    const phaseDocs = (state.phase.documents || []).filter((k) => k === "report" || k === "notes");
    const kinds = ctx.inPhase("documents")
      ? (state.phase.screen === "themes" ? ["story"] : phaseDocs)
      : ctx.docKinds(state);
    const list = entries(state, kinds);
    $("[data-docs-empty]").hidden = list.length > 0;
    if (unchanged(groups, list, T.lang)) return;
    const active = document.activeElement;
    const focusKey = groups.contains(active) ? active.dataset.openDoc : null;
    replace(groups, ...list.map(({ kind, items }) => h("div", { class: "doc-group", "data-doc-group": kind },
      h("h3", { text: T.docs_group[kind] || kind }),
      h("ul", { class: "cdoc-list" }, ...items.map((item) => docItem(kind, item))))));
    if (focusKey) groups.querySelector(`[data-open-doc="${CSS.escape(focusKey)}"]`)?.focus();
  }

  function docItem(kind, { key, title, doc }) {
    const text = (doc?.text || "").trim();
    return h("li", { class: "cdoc-item", "data-doc-key": key },
      h("div", { class: "cdoc-main" },
        h("p", { class: "cdoc-title", text: title }),
        h("p", { class: `cdoc-preview${text ? "" : " muted"}`, text: text ? preview(text) : T.doc_empty_text })),
      h("button", {
        type: "button", class: "button secondary small-button", text: T.open,
        "data-open-doc": key, "data-open-title": title, "data-open-kind": kind,
        "aria-label": fill(T.open_label, { title }),
      }));
  }

  return { render, open };
}

/** The first lines of a document, for the list. */
export function preview(text, most = 180) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > most ? `${flat.slice(0, most - 1)}…` : flat;
}
