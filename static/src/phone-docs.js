// Co-written documents on the phone: buttons that open one, the panel that holds the editor,
// and the list of reports, notes or propositions to write. The editor (static/src/cowrite.js,
// with Yjs) is imported only when a document is opened: the phone page stays small until then.
import { fill, h, readJSON, syncList } from "./live.js";
import { button as make, places, redraw, sessionsInOrder } from "./phone-ui.js";

const PREVIEW = 160;

export function makeDocs(ctx) {
  const { live, T, $ } = ctx;
  const texts = readJSON("doc-i18n");
  const panel = $('[data-view="doc"]');
  const container = $("[data-doc-container]");
  const status = $("[data-doc-status]");
  const retry = $("[data-doc-retry]");
  let current = null; // {key, title, handle}

  const show = (text, kind = "info") => {
    status.textContent = text;
    status.dataset.kind = kind;
  };

  async function open(key, title) {
    close(false);
    const mine = { key, title, handle: null };
    current = mine;
    $("[data-doc-title]").textContent = title;
    panel.dataset.docKey = key;
    retry.hidden = true;
    show(T.doc_opening);
    ctx.render();
    window.scrollTo({ top: 0 });
    $("[data-doc-close]").focus();
    try {
      const { openDocument } = await import("./cowrite.js");
      if (current !== mine) return;
      const me = live.state.me || {};
      const handle = await openDocument(live.socket, key, container, {
        name: me.name, color: `hsl(${(me.id * 137) % 360} 70% 40%)`, texts,
        stylesheet: panel.parentElement.dataset.cowriteStyle,
      });
      if (current !== mine) {
        handle?.close();
        return;
      }
      mine.handle = handle;
      show("");
    } catch (error) {
      if (current !== mine) return;
      console.warn("document", key, error);
      // The server's refusal comes in the reader's language; a failed download does not.
      show(error?.code ? error.message : T.doc_failed, "error");
      retry.hidden = false;
    }
  }

  function close(redraw = true) {
    if (!current) return;
    const { key, handle } = current;
    current = null;
    // The editor sends what is still unsaved before it lets go; nobody needs to wait for it.
    Promise.resolve().then(() => handle?.close()).catch((error) => console.warn("document", key, error));
    container.replaceChildren();
    delete panel.dataset.docKey;
    if (!redraw) return;
    ctx.render();
    // Back where the reader left: the button that opened this document.
    panel.parentElement.querySelector(`[data-doc-key="${CSS.escape(key)}"]`)?.focus();
  }

  $("[data-doc-close]").addEventListener("click", () => close());
  retry.addEventListener("click", () => current && open(current.key, current.title));

  /** A button that opens document `key` under `title`. */
  function button(key, title, label, primary = true) {
    return make(label, `doc-${key.split(":")[0]}`, () => open(key, title),
      primary ? "button" : "button secondary", { "data-doc-key": key });
  }

  return {
    open, close, button,
    get key() { return current?.key || null; },
  };
}

/** Reports and notes of every session, or the propositions: each with a preview and a button. */
export function renderDocList({ T, $, docs }, state, kind) {
  $("[data-docs-heading]").textContent = T.docs_heading[kind] || "";
  const texts = new Map((state.documents || []).map((d) => [d.key, d.text || ""]));
  let items;
  if (kind === "proposition") {
    items = state.topics.filter((t) => t.kind === "proposition");
  } else {
    const where = places(state);
    const placed = (state.agenda?.cells || []).length > 0;
    // The session I am in first, then the ones I convene, then the agenda's order.
    const mine = new Set(state.my_topics || []);
    const rank = (t) => (t.id === state.my_checkin ? 0 : mine.has(t.id) ? 1 : 2);
    items = sessionsInOrder(state, where).filter((t) => !placed || where.has(t.id))
      .sort((a, b) => rank(a) - rank(b)); // stable: the agenda's order within each rank
  }
  const label = { report: T.open_report, notes: T.open_notes, proposition: T.open_proposition }[kind];
  const heading = { report: T.doc_report, notes: T.doc_notes, proposition: T.doc_proposition }[kind];
  $("[data-docs-empty]").hidden = items.length > 0;
  syncList($("[data-doc-list]"), items, (t) => t.id, () => h("li", { class: "doc-item" }), (node, topic) => {
    const key = `${kind}:${topic.id}`;
    const text = texts.get(key) || "";
    const preview = text.length > PREVIEW ? `${text.slice(0, PREVIEW)}…` : text;
    const parent = topic.parent ? state.topics.find((t) => t.id === topic.parent) : null;
    node.dataset.topicId = topic.id;
    redraw(node, [topic.title, preview, parent?.title], () => [
      h("h3", { class: "doc-item-title", text: topic.title }),
      parent && parent.title !== topic.title ? h("p", { class: "session-meta", text: fill(T.for_dream, { title: parent.title }) }) : null,
      h("p", { class: preview ? "doc-preview" : "doc-preview none", text: preview || T.empty_doc }),
      docs.button(key, fill(heading, { title: topic.title }), label, false),
    ]);
  });
}
