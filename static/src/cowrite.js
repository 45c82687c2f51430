// Co-writing one shared document (docs/protocol.md, "Co-writing"): a Y.Doc with one Y.Text
// per field, synced with the server by y-protocol messages sent as binary `doc.sync` events,
// and an awareness state saying who is writing in which field.
// Load it with import() when a document is opened: the phone does not download Yjs before.
// Everything people typed (text, names) is shown as text, never as HTML.
import * as Y from "yjs";
import * as syncProtocol from "y-protocols/sync";
import * as awarenessProtocol from "y-protocols/awareness";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
const REMOTE = "remote"; // origin of the changes the server sent
const LOCAL = "textarea"; // origin of the changes typed here
const ACK_TIMEOUT = 15000; // ms before an unanswered message is sent again
const CLOSE_WAIT = 5000; // ms that close() waits for unsaved changes to be acknowledged
const RESYNC_INTERVAL = 10000; // ms between two full syncs after refused updates
const DEFAULT_TEXTS = {
  editing: "{names} writing…",
  saved: "Saved",
  saving: "Saving…",
  readonly: "Read only",
  offline: "Offline: your changes are kept and sent when the connection is back",
  error: "Something went wrong.",
};

let instances = 0;

/** An element; `text` is set as text, children are nodes or strings (text nodes). */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) node.append(child);
  return node;
}

function fill(template, values) {
  return String(template ?? "").replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
}

/** The smallest edit turning `before` into `after`, anchored at the caret (`caret` in after). */
export function textDiff(before, after, caret = after.length) {
  let suffix = 0;
  const maxSuffix = Math.min(before.length, after.length, Math.max(0, after.length - caret));
  while (suffix < maxSuffix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix += 1;
  let prefix = 0;
  const maxPrefix = Math.min(before.length, after.length) - suffix;
  while (prefix < maxPrefix && before[prefix] === after[prefix]) prefix += 1;
  return { index: prefix, remove: before.length - prefix - suffix, insert: after.slice(prefix, after.length - suffix) };
}

function message(type, write) {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

class CoDocument {
  constructor(socket, key, container, { name = "", color = null, texts = {}, stylesheet = null } = {}) {
    this.socket = socket;
    this.key = key;
    this.container = container;
    this.texts = { ...DEFAULT_TEXTS, ...texts };
    this.id = `cowrite-${(instances += 1)}`;
    this.doc = new Y.Doc();
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState({ user: { name, color }, field: null });
    this.meta = null;
    this.fields = new Map(); // name → {text, area, marker}
    this.live = false; // opened and answered on the current connection
    this.generation = 0; // counts (re)openings: answers to an older one are ignored
    this.pending = null; // local changes not sent yet (one merged update)
    this.inflight = null; // the update sent, awaiting its acknowledgement
    this.unsaved = false;
    this.closed = false;
    this.error = null;
    this.resynced = 0;
    if (stylesheet && !document.querySelector(`link[data-cowrite-style]`)) {
      document.head.append(el("link", { rel: "stylesheet", href: stylesheet, "data-cowrite-style": true }));
    }

    this.onSync = (body) => {
      if (body?.key === this.key && body.m && this.live) this.receive(new Uint8Array(body.m));
    };
    this.onConnect = () => this.reopen();
    this.onDisconnect = () => {
      this.live = false;
      this.showStatus();
    };
    this.onUpdate = (update, origin) => {
      if (origin === REMOTE) return;
      this.unsaved = true;
      this.pending = this.pending ? Y.mergeUpdates([this.pending, update]) : update;
      this.flush();
    };
    this.onAwareness = ({ added, updated, removed }, origin) => {
      const changed = [...added, ...updated, ...removed];
      if (origin === "local" && changed.includes(this.doc.clientID)) this.sendAwareness();
      // Someone just opened the document: the server keeps no presence, so tell them who is
      // already writing where (otherwise they would learn it at the next renewal, 15 s on).
      else if (origin === REMOTE && added.length) this.sendAwareness();
    };
    this.onPresence = () => this.showEditors();
    // Remote changes move the text under the caret: remember where it is, in Y's terms.
    this.onBeforeTransaction = (transaction) => {
      if (transaction.origin === LOCAL) return;
      for (const field of this.fields.values()) {
        const area = field.area;
        field.anchor = document.activeElement === area ? [
          Y.createRelativePositionFromTypeIndex(field.text, area.selectionStart),
          Y.createRelativePositionFromTypeIndex(field.text, area.selectionEnd),
        ] : null;
      }
    };
  }

  async open() {
    const answer = await this.call("doc.open", { key: this.key });
    if (!answer?.ok) {
      const error = new Error(answer?.error?.message || this.texts.error);
      error.code = answer?.error?.code;
      throw error;
    }
    this.meta = answer.doc;
    this.render();
    this.socket.on("doc.sync", this.onSync);
    this.socket.on("connect", this.onConnect);
    this.socket.on("disconnect", this.onDisconnect);
    this.doc.on("update", this.onUpdate);
    this.doc.on("beforeTransaction", this.onBeforeTransaction);
    this.awareness.on("update", this.onAwareness);
    this.awareness.on("change", this.onPresence);
    await this.handshake(this.generation);
    return this;
  }

  /** After a reconnection: join the document's room again and sync both ways. */
  async reopen() {
    this.generation += 1;
    const generation = this.generation;
    this.live = false;
    this.inflight = null; // its answer died with the old connection: the sync covers it
    this.pending = null;
    try {
      const answer = await this.call("doc.open", { key: this.key });
      if (generation !== this.generation || this.closed) return;
      if (!answer?.ok) {
        this.fail(answer?.error);
        return;
      }
      this.meta = { ...this.meta, ...answer.doc };
      this.applyWritable();
      await this.handshake(generation);
    } catch {
      // No answer: the next connection tries again.
    }
  }

  /** Sync step 1 out; the answer holds the server's step 2 and its own step 1. */
  async handshake(generation) {
    const answer = await this.call("doc.sync", {
      key: this.key, m: message(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, this.doc)),
    });
    if (generation !== this.generation || this.closed) return;
    if (!answer?.ok) {
      this.fail(answer?.error);
      return;
    }
    this.live = true;
    this.error = null;
    for (const m of answer.m || []) this.receive(new Uint8Array(m));
    for (const field of this.fields.values()) field.area.disabled = false;
    if (!this.pending) this.unsaved = false;
    this.applyWritable();
    this.sendAwareness();
    this.flush();
  }

  receive(bytes) {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), REMOTE);
      return;
    }
    if (type !== MESSAGE_SYNC) return;
    const kind = decoding.readVarUint(decoder);
    if (kind === syncProtocol.messageYjsSyncStep1) {
      // The server's state: what it lacks from here goes out like any local change.
      const missing = Y.encodeStateAsUpdate(this.doc, decoding.readVarUint8Array(decoder));
      if (missing.length > 2) this.onUpdate(missing, null);
      return;
    }
    syncProtocol.readSyncStep2(decoder, this.doc, REMOTE);
  }

  /** Send the local changes, one message at a time; what is typed meanwhile is merged. */
  flush() {
    if (this.inflight || !this.pending || !this.live || !this.meta.writable) {
      this.showStatus();
      return;
    }
    const update = this.pending;
    const generation = this.generation;
    this.pending = null;
    this.inflight = update;
    this.showStatus();
    const m = message(MESSAGE_SYNC, (e) => syncProtocol.writeUpdate(e, update));
    this.call("doc.sync", { key: this.key, m }).then((answer) => {
      if (generation !== this.generation) return;
      this.inflight = null;
      if (answer?.ok) {
        if (!this.pending) this.unsaved = false;
      } else if (answer?.error?.code === "invalid") {
        // Refused as it is (it may build on changes the server never got): sync both ways
        // again, which sends the server everything it lacks, rebuilt from this document.
        this.fail(answer.error);
        if (Date.now() - this.resynced > RESYNC_INTERVAL) {
          this.resynced = Date.now();
          this.reopen();
          return;
        }
      } else {
        this.fail(answer?.error);
        this.meta.writable = false; // the phase or the rights changed: writing is closed
        this.applyWritable();
      }
      this.flush();
    }, () => {
      // No answer in time: send it again (storing an update twice changes nothing).
      if (generation !== this.generation) return;
      this.inflight = null;
      this.pending = this.pending ? Y.mergeUpdates([update, this.pending]) : update;
      this.flush();
    });
  }

  sendAwareness() {
    if (!this.live || this.closed) return;
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]);
    this.socket.emit("doc.sync", {
      key: this.key, m: message(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, update)),
    });
  }

  /** Emit with an acknowledgement; rejects when none comes in time. */
  call(event, payload) {
    return new Promise((resolve, reject) => {
      this.socket.timeout(ACK_TIMEOUT).emit(event, payload, (err, answer) => (err ? reject(err) : resolve(answer)));
    });
  }

  fail(error) {
    this.error = error?.message || this.texts.error;
    this.showStatus();
  }

  // --- the view --------------------------------------------------------------------------

  render() {
    this.root = el("div", { class: "cowrite", "data-key": this.key });
    for (const name of this.meta.fields) {
      const text = this.doc.getText(name);
      const id = `${this.id}-${name}`;
      const marker = el("p", { class: "cowrite-editors", id: `${id}-editors`, "aria-live": "polite" });
      const area = el("textarea", {
        id, class: "cowrite-text", rows: 5, disabled: true, "aria-describedby": `${id}-editors`,
      });
      const field = { name, text, area, marker, anchor: null };
      area.value = text.toString();
      area.addEventListener("input", () => this.typed(field));
      area.addEventListener("focus", () => {
        if (this.meta.writable) this.awareness.setLocalStateField("field", name);
      });
      area.addEventListener("blur", () => {
        if (this.awareness.getLocalState()?.field === name) this.awareness.setLocalStateField("field", null);
      });
      text.observe((event) => {
        if (event.transaction.origin !== LOCAL) this.show(field);
      });
      this.fields.set(name, field);
      const label = el("label", { for: id, class: "cowrite-label", text: this.meta.labels?.[name] || name });
      this.root.append(el("div", { class: "cowrite-field" }, label, marker, area));
    }
    this.status = el("p", { class: "cowrite-status", role: "status" });
    this.root.append(this.status);
    this.container.append(this.root);
    this.applyWritable();
  }

  /** Local input → the smallest delete and insert on the field's Y.Text. */
  typed(field) {
    const before = field.text.toString();
    const after = field.area.value;
    if (before === after) return;
    const { index, remove, insert } = textDiff(before, after, field.area.selectionEnd);
    this.doc.transact(() => {
      if (remove) field.text.delete(index, remove);
      if (insert) field.text.insert(index, insert);
    }, LOCAL);
  }

  /** Remote changes → the textarea, keeping the caret where it was in the text. */
  show(field) {
    const area = field.area;
    const value = field.text.toString();
    if (area.value === value) return;
    area.value = value;
    if (field.anchor) {
      const [start, end] = field.anchor.map((rel) => Y.createAbsolutePositionFromRelativePosition(rel, this.doc)?.index ?? value.length);
      area.setSelectionRange(start, end);
    }
  }

  applyWritable() {
    if (!this.meta) return;
    for (const field of this.fields.values()) field.area.readOnly = !this.meta.writable;
    if (!this.meta.writable && this.awareness.getLocalState()?.field) this.awareness.setLocalStateField("field", null);
    this.showStatus();
  }

  showEditors() {
    const editing = new Map();
    for (const [client, state] of this.awareness.getStates()) {
      if (client === this.doc.clientID || !state?.field || !state.user) continue;
      if (!editing.has(state.field)) editing.set(state.field, []);
      editing.get(state.field).push(state.user);
    }
    for (const field of this.fields.values()) {
      const users = editing.get(field.name) || [];
      const names = users.map((u) => u.name || "?").join(", ");
      field.marker.replaceChildren();
      field.marker.hidden = !users.length;
      if (!users.length) continue;
      for (const user of users) {
        const dot = el("span", { class: "cowrite-dot", "aria-hidden": "true" });
        if (user.color) dot.style.setProperty("--cowrite-color", user.color);
        field.marker.append(dot);
      }
      const template = this.texts.editing.includes("{names}") ? this.texts.editing : `{names} ${this.texts.editing}`;
      field.marker.append(fill(template, { names }));
    }
  }

  showStatus() {
    if (!this.status) return;
    let state = "saved";
    if (this.error) state = "error";
    else if (!this.meta?.writable) state = "readonly";
    else if (!this.socket.connected && this.unsaved) state = "offline";
    else if (this.pending || this.inflight || this.unsaved) state = "saving";
    this.status.dataset.state = state;
    this.status.textContent = state === "error" ? this.error : this.texts[state];
    this.root.dataset.state = state;
  }

  /** Stop editing: waits (a little) for unsaved changes, says goodbye, frees everything. */
  async close() {
    if (this.closed) return;
    const deadline = Date.now() + CLOSE_WAIT;
    while ((this.pending || this.inflight) && this.socket.connected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], "close");
    if (this.live) {
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, [this.doc.clientID]);
      this.socket.emit("doc.sync", {
        key: this.key, m: message(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, update)),
      });
      this.socket.emit("doc.close", { key: this.key });
    }
    this.closed = true;
    this.live = false;
    this.socket.off("doc.sync", this.onSync);
    this.socket.off("connect", this.onConnect);
    this.socket.off("disconnect", this.onDisconnect);
    this.awareness.destroy();
    this.doc.destroy();
    this.root?.remove();
  }

  /** The fields' current text ({name: text}). */
  values() {
    return Object.fromEntries([...this.fields.values()].map((f) => [f.name, f.text.toString()]));
  }
}

/**
 * Open the shared document `key` into `container` and keep it in sync over `socket` (the
 * Socket.IO socket of the page, e.g. `live.socket`).
 * Options: `name` and `color` (shown to the others while this person writes), `texts`
 * ({editing, saved, saving, readonly, offline, error}; `{names}` in `editing` is replaced by
 * the writers' names), `stylesheet` (URL of cowrite-style.css, linked once if given).
 * Resolves with `{close(), values(), refresh(), doc, meta}`; rejects with an Error carrying
 * the server's `code` (`forbidden`, `not_found`, ...) when the document cannot be opened.
 */
export async function openDocument(socket, key, container, options = {}) {
  const editor = new CoDocument(socket, key, container, options);
  await editor.open();
  return {
    get meta() { return editor.meta; },
    doc: editor.doc,
    values: () => editor.values(),
    refresh: () => editor.reopen(),
    close: () => editor.close(),
  };
}
