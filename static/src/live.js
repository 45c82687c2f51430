// The live connection shared by the phone, the console and the projector screen.
// It follows docs/protocol.md: `sync` on every connection, broadcasts applied by `seq`,
// actions sent with a client_id and kept until acknowledged (resent after a reconnection).
// Everything a person typed is rendered as text: this module builds DOM nodes, never HTML.
import { io } from "socket.io-client";

// --- small DOM and text helpers --------------------------------------------------------

/** A random client_id: crypto.randomUUID where available (it needs a secure context). */
export function uuid() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (globalThis.crypto?.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < 16; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Build an element. `props`: class, text, on (events), data (dataset), and any other key as an
 * attribute (false/null skip it). Children are nodes or strings (always text nodes).
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "text") el.textContent = value;
    else if (key === "on") for (const [name, fn] of Object.entries(value)) el.addEventListener(name, fn);
    else if (key === "data") Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/**
 * True when `node` already shows `parts` (and records them otherwise): rebuilding an
 * unchanged node would lose the keyboard focus on its buttons.
 */
export function unchanged(node, ...parts) {
  const signature = JSON.stringify(parts);
  if (node.dataset.signature === signature) return true;
  node.dataset.signature = signature;
  return false;
}

/** Replace an element's children (nulls skipped, strings as text). */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** The JSON data block a template rendered (translated strings, ids). */
export function readJSON(id) {
  const el = document.getElementById(id);
  return el ? JSON.parse(el.textContent) : {};
}

/** Replace {name} placeholders; values are inserted as plain text by the callers. */
export function fill(template, values) {
  return String(template ?? "").replace(/\{(\w+)\}/g, (all, key) => (key in values ? values[key] : all));
}

/** Pick the plural form for `n`: `forms` is {one, other} from ngettext in the template. */
export function plural(forms, n, lang) {
  let rule = "other";
  try {
    rule = new Intl.PluralRules(lang).select(n);
  } catch {
    rule = n === 1 ? "one" : "other";
  }
  return fill(forms[rule] ?? forms.other, { n });
}

/** Seconds as m:ss (or h:mm:ss). */
export function clock(seconds) {
  const total = Math.max(0, Math.ceil(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = String(total % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${secs}` : `${minutes}:${secs}`;
}

/** A stable shuffle: each topic's place depends only on the seed and its id. */
export function seededOrder(items, seed) {
  const rank = (id) => {
    let x = 2166136261;
    for (const c of `${seed}:${id}`) x = Math.imul(x ^ c.charCodeAt(0), 16777619);
    x ^= x >>> 13;
    return Math.imul(x, 1597334677) >>> 0;
  };
  return [...items].sort((a, b) => rank(a.id) - rank(b.id) || a.id - b.id);
}

/**
 * Keep `container`'s children in step with `items`, reusing the element of each key so that
 * focus and open editors survive updates. `create(item)` makes a node, `update(node, item)`
 * refreshes it.
 */
export function syncList(container, items, key, create, update) {
  const existing = new Map();
  for (const node of container.children) existing.set(node.dataset.key, node);
  let previous = null;
  for (const item of items) {
    const k = String(key(item));
    let node = existing.get(k);
    if (node) existing.delete(k);
    else {
      node = create(item);
      node.dataset.key = k;
    }
    update(node, item);
    const wanted = previous ? previous.nextSibling : container.firstChild;
    if (wanted !== node) container.insertBefore(node, wanted);
    previous = node;
  }
  for (const node of existing.values()) node.remove();
}

/** Show the connection state in an element carrying data-label-<state> attributes. */
export function bindStatus(live, el) {
  if (!el) return;
  const show = (status) => {
    el.dataset.state = status;
    el.textContent = el.getAttribute(`data-label-${status}`) || status;
  };
  show(live.status);
  live.on("status", show);
}

// --- the connection ----------------------------------------------------------------------

const OUTBOX_MAX_AGE = 24 * 3600 * 1000; // an action older than a day is not worth sending

export class Live {
  /**
   * @param {object} options
   * @param {object} options.auth        the Socket.IO auth object (see docs/protocol.md)
   * @param {string} [options.storageKey] where unsent actions survive a reload (phones)
   */
  constructor({ auth, storageKey = null }) {
    this.state = null;
    this.status = "connecting";
    this.storageKey = storageKey;
    this.listeners = {};
    this.offset = null; // server clock minus this clock, in ms
    this.tallySeq = -1;
    this.snapshotSeq = -1;
    this.syncing = 0; // generation of the sync in flight, 0 when none
    this.generation = 0;
    this.buffer = [];
    this.connection = 0; // counts connections, to know what was sent on this one
    this.ready = false; // connected and synced once on this connection
    this.resending = 0;
    this.resolvers = new Map();
    this.outbox = this.load();

    this.socket = io({
      auth,
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      reconnectionDelayMax: 5000,
    });
    this.socket.on("connect", () => {
      this.connection += 1;
      this.ready = false;
      this.resending = 0; // answers still awaited from a dead connection will never come
      this.sync();
    });
    this.socket.on("closed", (info) => {
      // The server ends this connection for good (signed out, token revoked, erased, new
      // screen link, workshop deleted or archived): no reconnection follows.
      this.closedReason = info && info.reason;
    });
    this.socket.on("disconnect", (reason) => {
      this.ready = false;
      if (reason === "io server disconnect") this.setStatus("refused", this.closedReason);
      else this.setStatus("offline");
    });
    this.socket.on("connect_error", (error) => {
      // Refused by the server (no reconnection follows), or just unreachable for now.
      this.setStatus(this.socket.active ? "offline" : "refused", error);
    });
    this.socket.on("state", (diff) => this.receive("state", diff));
    this.socket.on("tally", (tally) => this.receive("tally", tally));
    this.socket.on("notice", (notice) => this.receive("notice", notice));
    this.socket.on("presence", (counts) => this.receive("presence", counts));
    this.socket.on("progress", (made) => this.receive("progress", made));
    this.socket.on("upvotes", (counts) => this.receive("upvotes", counts));
  }

  on(name, fn) {
    (this.listeners[name] ||= []).push(fn);
    return this;
  }

  emit(name, ...args) {
    for (const fn of this.listeners[name] || []) fn(...args);
  }

  setStatus(status, detail) {
    if (this.status === status) return;
    this.status = status;
    this.emit("status", status, detail);
  }

  // --- reading the state ---------------------------------------------------------------

  /** Ask for a full snapshot; broadcasts that arrive meanwhile wait in a buffer. */
  sync() {
    this.generation += 1;
    const generation = this.generation;
    this.syncing = generation;
    this.buffer = [];
    this.socket.emit("sync", {}, (answer) => {
      if (generation !== this.generation) return; // a newer sync superseded this one
      this.syncing = 0;
      if (!answer?.ok) {
        const error = answer?.error || {};
        this.emit("error", error);
        // Too many syncs (a flaky network reconnecting over and over): ask again once allowed,
        // unless another sync has started meanwhile.
        if (error.code === "rate_limited" && this.socket.connected) {
          setTimeout(() => {
            if (generation === this.generation && this.socket.connected) this.sync();
          }, Math.max(1, error.retry_after || 1) * 1000);
        }
        return;
      }
      this.applySnapshot(answer.state);
      const waiting = this.buffer;
      this.buffer = [];
      for (const [kind, body] of waiting) this.apply(kind, body);
      this.emit("change", this.state, { snapshot: true });
      if (!this.ready && this.socket.connected) {
        this.ready = true;
        this.setStatus("online");
        this.flush();
      }
    });
  }

  applySnapshot(state) {
    this.state = state;
    this.state.topics ||= [];
    this.state.commitments ||= [];
    this.state.documents ||= [];
    this.state.counts ||= { interest: {}, checkins: {} };
    this.snapshotSeq = state.seq;
    this.presenceSeq = state.seq;
    this.progressSeq = state.seq;
    this.tallySeq = state.seq;
    this.upvotesSeq = state.seq;
    this.noteClock(state.timer);
  }

  receive(kind, body) {
    if (!body || typeof body !== "object") return;
    if (this.syncing || !this.state) {
      this.buffer.push([kind, body]);
      return;
    }
    const changed = this.apply(kind, body);
    if (changed) this.emit("change", this.state, changed);
  }

  /** Apply one broadcast if it is newer than what is shown; returns what changed. */
  apply(kind, body) {
    const state = this.state;
    if (kind === "state") {
      if (body.documents && Object.keys(body).every((k) => k === "seq" || k === "documents")) {
        // Documents take no seq (writing one is not in the event log): a documents-only
        // message carries whole views, is applied whenever it comes and moves no seq.
        return this.applyDiff({ documents: body.documents, seq: state.seq });
      }
      if (!(body.seq > state.seq)) return null;
      return this.applyDiff(body);
    }
    if (kind === "tally") {
      // A tally carries the log's seq when it was read: it may equal a diff already applied,
      // and it is a whole count, so equal is fresh enough; older than the snapshot is not.
      if (!(body.seq >= this.tallySeq)) return null;
      if (state.role !== "facilitator" && !state.settings.results_visible) return null;
      this.tallySeq = body.seq;
      state.tally = { counts: body.counts || {} };
      return { tally: true };
    }
    if (kind === "presence") {
      // Whole counts, like a tally: equal to what is shown is fresh enough.
      if (!(body.seq >= this.presenceSeq)) return null;
      this.presenceSeq = body.seq;
      state.counts = { interest: body.interest || {}, checkins: body.checkins || {} };
      return { counts: true };
    }
    if (kind === "progress") {
      // How many have voted: whole counts, like a tally.
      if (!(body.seq >= (this.progressSeq ?? -1))) return null;
      this.progressSeq = body.seq;
      state.progress = { voters: body.voters, dots: body.dots, people: body.people };
      return { progress: true };
    }
    if (kind === "upvotes") {
      // Question upvotes, whole counts like a tally.
      if (!(body.seq >= this.upvotesSeq)) return null;
      this.upvotesSeq = body.seq;
      for (const question of state.questions) question.upvotes = body.counts?.[question.id] || 0;
      return { questions: true };
    }
    if (kind === "notice") {
      if (body.seq >= this.snapshotSeq) {
        if (body.votes_left !== undefined) state.votes_left = body.votes_left;
        if (body.my_votes) state.my_votes = { ...body.my_votes };
      }
      this.emit("notice", body);
      return { votes: true };
    }
    return null;
  }

  applyDiff(diff) {
    const state = this.state;
    const changed = {};
    state.seq = diff.seq;
    if (diff.phase) {
      const before = state.phase;
      state.phase = diff.phase;
      changed.phase = before.id !== diff.phase.id;
      changed.allows = true;
      if (before.ballot !== diff.phase.ballot) {
        state.tally = state.role === "facilitator" ? { counts: {} } : null;
        if (state.role === "participant") {
          // Another ballot: this phone's dots in it come in no broadcast. Until a sync brings
          // them, assume none; the syncs of a whole room are spread over two seconds.
          state.my_votes = {};
          state.votes_left = diff.phase.ballot ? (diff.settings || state.settings).vote_budget : null;
          if (diff.phase.ballot) {
            clearTimeout(this.ballotSync);
            this.ballotSync = setTimeout(() => this.sync(), Math.random() * 2000);
          }
        }
      }
    }
    if (diff.settings) {
      state.settings = diff.settings;
      if (diff.settings.workshop_state) state.workshop.state = diff.settings.workshop_state;
      changed.settings = true;
      if (state.role !== "facilitator" && !diff.settings.results_visible) state.tally = null;
      if (state.role === "participant" && state.votes_left !== null && state.votes_left !== undefined) {
        const used = Object.values(state.my_votes || {}).reduce((a, b) => a + b, 0);
        state.votes_left = Math.max(0, diff.settings.vote_budget - used);
      }
    }
    if (diff.timer) {
      state.timer = diff.timer;
      this.noteClock(diff.timer);
      changed.timer = true;
    }
    // Lists sent as diffs: {upsert: [items], remove: [ids]}.
    for (const key of ["topics", "commitments", "questions"]) {
      if (!diff[key]) continue;
      upsert(state[key], diff[key].upsert || []);
      const gone = new Set(diff[key].remove || []);
      if (gone.size) state[key] = state[key].filter((item) => !gone.has(item.id));
      changed[key] = true;
    }
    if (diff.participants) {
      state.participants = diff.participants;
      changed.participants = true;
    }
    if (diff.agenda) {
      state.agenda = diff.agenda;
      changed.agenda = true;
    }
    if (diff.seating !== undefined) {
      state.seating = diff.seating;
      changed.seating = true;
    }
    if (diff.documents) {
      for (const doc of diff.documents.upsert || []) {
        const index = state.documents.findIndex((d) => d.key === doc.key);
        if (index >= 0) state.documents[index] = { ...state.documents[index], ...doc };
        else state.documents.push(doc);
      }
      changed.documents = true;
    }
    if (diff.resync && state.role === "participant") {
      // Something personal changed (a seat, a pair): each phone asks for its own state,
      // spread over two seconds so a whole room does not ask at once.
      clearTimeout(this.ballotSync);
      this.ballotSync = setTimeout(() => this.sync(), Math.random() * 2000);
    }
    if (diff.people && state.people) {
      upsert(state.people, diff.people.upsert || []);
      const gone = new Set(diff.people.remove || []);
      if (gone.size) state.people = state.people.filter((p) => !gone.has(p.id));
      changed.people = true;
    }
    return changed;
  }

  noteClock(timer) {
    if (!timer?.server_time) return;
    // server_time was read before the message left: the largest sample is the least delayed.
    const sample = timer.server_time - Date.now();
    this.offset = this.offset === null ? sample : Math.max(this.offset, sample);
  }

  /** Seconds left on the phase timer, on the server's clock. */
  timerSeconds() {
    const timer = this.state?.timer;
    if (!timer) return 0;
    if (!timer.running || !timer.ends_at) return timer.remaining || 0;
    return Math.max(0, (timer.ends_at - (Date.now() + (this.offset || 0))) / 1000);
  }

  // --- acting ------------------------------------------------------------------------

  /**
   * Send an action with a fresh client_id. It is kept (in localStorage for phones) until the
   * server answers, and sent again after a reconnection: the server answers a retry with its
   * first acknowledgement. Resolves with the acknowledgement.
   */
  send(event, payload = {}) {
    const entry = { id: uuid(), event, payload, at: Date.now() };
    this.outbox.push(entry);
    this.save();
    const answer = new Promise((resolve) => this.resolvers.set(entry.id, resolve));
    if (this.ready) this.transmit(entry, false);
    this.emit("outbox", this.outbox);
    return answer;
  }

  transmit(entry, retry) {
    entry.sentOn = this.connection;
    if (retry) this.resending += 1;
    this.socket.emit(entry.event, { ...entry.payload, client_id: entry.id }, (ack) => {
      if (ack?.error?.code === "rate_limited") {
        // Not refused, only early: it stays in the outbox and goes again when allowed.
        if (retry) this.resending -= 1;
        const wait = (ack.error.retry_after || 1) * 1000;
        setTimeout(() => { if (this.ready) this.transmit(entry, retry); }, wait);
        return;
      }
      this.outbox = this.outbox.filter((e) => e.id !== entry.id);
      this.save();
      if (ack?.ok && !retry) this.applyAck(entry, ack);
      const resolve = this.resolvers.get(entry.id);
      this.resolvers.delete(entry.id);
      if (resolve) resolve(ack || { ok: false, error: { code: "error" } });
      this.emit("ack", entry, ack || {});
      this.emit("outbox", this.outbox);
      if (retry) {
        this.resending -= 1;
        // A retried action answers with its first acknowledgement, which may be stale now.
        if (this.resending === 0) this.sync();
      } else if (ack?.ok) this.emit("change", this.state, { ack: entry.event });
    });
  }

  /** After a (re)connection and its sync: send what is still unacknowledged. */
  flush() {
    for (const entry of this.outbox) {
      if (entry.sentOn !== this.connection) this.transmit(entry, true);
    }
    this.emit("outbox", this.outbox);
  }

  applyAck(entry, ack) {
    const state = this.state;
    if (!state) return;
    if (entry.event === "vote.cast" || entry.event === "vote.retract") {
      state.votes_left = ack.votes_left;
      state.my_votes = { ...(state.my_votes || {}), [ack.topic_id]: ack.my_votes };
    } else if (entry.event === "interest.mark") {
      const mine = new Set(state.my_interests || []);
      if (ack.wanted) mine.add(ack.topic_id);
      else mine.delete(ack.topic_id);
      state.my_interests = [...mine].sort((a, b) => a - b);
    } else if (entry.event === "session.checkin") {
      state.my_checkin = ack.topic_id;
    } else if (entry.event === "commitment.add" && ack.commitment) {
      upsert(state.commitments, [ack.commitment]);
    } else if (entry.event === "commitment.remove" && ack.removed) {
      state.commitments = state.commitments.filter((c) => c.id !== ack.commitment_id);
    } else if ((entry.event === "agenda.place" || entry.event === "agenda.lock") && ack.cell && state.agenda) {
      const cells = state.agenda.cells.filter((c) => c.topic_id !== ack.cell.topic_id);
      state.agenda.cells = [...cells, ack.cell];
    } else if (entry.event === "agenda.grid" && ack.agenda) {
      state.agenda = ack.agenda;
    } else if ((entry.event === "topic.propose" || entry.event === "topic.edit") && ack.topic) {
      if (state.my_topics && entry.event === "topic.propose" && state.role === "participant") {
        if (!state.my_topics.includes(ack.topic.id)) state.my_topics.push(ack.topic.id);
      }
      // Held for the facilitator: the server's state lists it as waiting, out of the wall.
      if (ack.topic.pending) return this.sync();
      const known = state.topics.find((t) => t.id === ack.topic.id);
      if (known) Object.assign(known, ack.topic);
    }
  }

  load() {
    if (!this.storageKey) return [];
    try {
      const saved = JSON.parse(localStorage.getItem(this.storageKey) || "[]");
      const fresh = Date.now() - OUTBOX_MAX_AGE;
      return Array.isArray(saved)
        ? saved.filter((e) => e && typeof e.id === "string" && e.at > fresh)
            .map(({ id, event, payload, at }) => ({ id, event, payload, at }))
        : [];
    } catch {
      return [];
    }
  }

  save() {
    if (!this.storageKey) return;
    try {
      if (this.outbox.length) {
        const kept = this.outbox.map(({ id, event, payload, at }) => ({ id, event, payload, at }));
        localStorage.setItem(this.storageKey, JSON.stringify(kept));
      } else localStorage.removeItem(this.storageKey);
    } catch {
      // Private browsing or a full storage: the actions still live in memory.
    }
  }
}

function upsert(list, items) {
  for (const item of items) {
    const index = list.findIndex((x) => x.id === item.id);
    if (index >= 0) list[index] = { ...list[index], ...item };
    else list.push(item);
  }
  list.sort((a, b) => a.id - b.id);
}

/** Call `fn` a few times a second while the page is visible (timers). */
export function ticker(fn) {
  fn();
  return setInterval(fn, 250);
}
