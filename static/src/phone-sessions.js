// Sessions on the phone: mark the ones you want (Barcamp interest, Open Space agenda), place
// your own in a free cell (Open Space conveners), check in where you are (the law of two feet),
// and read the agenda. Unsent actions show at once: the outbox is part of what is drawn.
// Loaded when a phase needs it; the page's helpers come through ctx.ui, so the page's own
// code stays one file.

export function setUp(ctx) {
  const { live, T, $, say, message, docs } = ctx;
  const { button, fill, h, placeText, places, plural, redraw, sessionsInOrder, syncList, waiting } = ctx.ui;

  const convenes = (state, topic) => (state.my_topics || []).includes(topic.id);

  function sessionText(state, topic, place, extra) {
    const own = convenes(state, topic);
    return h("div", { class: "session-text" },
      h("h3", { class: "session-title", text: topic.title }),
      h("p", { class: "session-meta" },
        h("span", { class: place ? "session-place" : "session-place unplaced", text: placeText(T, place) }),
        own ? h("span", { class: "badge", text: T.you_convene }) : null,
        extra),
      topic.details ? h("p", { class: "session-details", text: topic.details }) : null);
  }

  /** The sessions I want, with the marks still on their way. */
  function wanted(state) {
    const mine = new Set(state.my_interests || []);
    for (const entry of live.outbox) {
      if (entry.event !== "interest.mark") continue;
      if (entry.payload.wanted) mine.add(entry.payload.topic_id);
      else mine.delete(entry.payload.topic_id);
    }
    return mine;
  }

  function renderMark(state) {
    const where = places(state);
    const sessions = sessionsInOrder(state, where);
    const mine = wanted(state);
    const n = sessions.filter((t) => mine.has(t.id)).length;
    $("[data-mark-empty]").hidden = sessions.length > 0;
    $("[data-mark-count]").textContent = n ? plural(T.my_marks, n, T.lang) : T.no_marks;
    syncList($("[data-mark-list]"), sessions, (t) => t.id, () => h("li", { class: "session" }), (node, topic) => {
      const on = mine.has(topic.id);
      const place = where.get(topic.id);
      node.dataset.topicId = topic.id;
      node.classList.toggle("chosen", on);
      redraw(node, [topic.title, topic.details, placeText(T, place), convenes(state, topic), on], () => [
        sessionText(state, topic, place),
        button(on ? `✓ ${T.mark}` : T.mark, "mark", // the name starts with what it shows
          () => live.send("interest.mark", { topic_id: topic.id, wanted: !on }),
          on ? "button toggle" : "button secondary toggle",
          { "aria-pressed": String(on), "aria-label": fill(T.mark_label, { title: topic.title }) }),
      ]);
    });
  }

  /** Conveners place their own sessions in a free cell, move them, or take them off. */
  function renderPick(state) {
    const where = places(state);
    const mine = new Set(state.my_topics || []);
    const sessions = state.topics.filter((t) => t.kind === "topic" && mine.has(t.id));
    const agenda = state.agenda || { rooms: [], slots: [], cells: [] };
    const taken = new Set(agenda.cells.map((c) => `${c.room_id}:${c.slot_id}`));
    syncList($("[data-pick-list]"), sessions, (t) => t.id, () => h("li", { class: "session" }), (node, topic) => {
      const pending = waiting(live, /^agenda\.(un)?place$/, (p) => p.topic_id === topic.id);
      let place = where.get(topic.id);
      if (pending) {
        const room = agenda.rooms.find((r) => r.id === pending.payload.room_id);
        const slot = agenda.slots.find((s) => s.id === pending.payload.slot_id);
        place = room && slot ? { room, slot } : undefined;
      }
      const free = agenda.slots.map((slot) => [slot, agenda.rooms.filter((room) => !taken.has(`${room.id}:${slot.id}`))])
        .filter(([, rooms]) => rooms.length);
      node.dataset.topicId = topic.id;
      node.classList.toggle("pending", !!pending);
      // Someone else placing a session redraws the list of free cells. The cell this phone had
      // chosen stays chosen; if it was just taken, it stays in the list, marked taken, and
      // nothing can be placed there: the phone says so and waits for another choice.
      const chosen = node.querySelector('[data-action="cell"]')?.value || node.dataset.chosen;
      const lost = chosen && taken.has(chosen) && !(place && `${place.room?.id}:${place.slot?.id}` === chosen)
        ? chosen : null;
      redraw(node, [topic.title, placeText(T, place), place?.locked, !!pending, lost, free.map(([s, r]) =>
        [s.id, s.label, r.map((x) => [x.id, x.name, x.capacity])])], () => {
        const actions = [];
        if (place?.locked) actions.push(h("p", { class: "session-note", text: T.locked }));
        else if (!free.length && !lost) {
          if (!place) actions.push(h("p", { class: "session-note", text: T.no_free_cell }));
        } else {
          // The free cells, by time slot (where it is now shows above).
          const label = (slot, room) => fill(T.place_at, { slot: slot.label, room: room.name })
            + (room.capacity ? ` (${plural(T.seats, room.capacity, T.lang)})` : "");
          const gone = lost && (() => {
            const [roomId, slotId] = lost.split(":").map(Number);
            const room = agenda.rooms.find((r) => r.id === roomId);
            const slot = agenda.slots.find((s) => s.id === slotId);
            return room && slot ? h("option", { value: lost, disabled: true,
              text: fill(T.cell_just_taken, { place: label(slot, room) }) }) : null;
          })();
          const select = h("select", {
            "aria-label": fill(T.choose_cell, { title: topic.title }), data: { action: "cell" },
            on: { change: () => { node.dataset.chosen = select.value; sync(); } },
          }, gone, free.map(([slot, rooms]) => h("optgroup", { label: slot.label },
            rooms.map((room) => h("option", { value: `${room.id}:${slot.id}`, text: label(slot, room) })))));
          const place_ = button(place ? T.move : T.place, "place", () => {
            if (taken.has(select.value)) return;
            const [room_id, slot_id] = select.value.split(":").map(Number);
            say(message, "");
            live.send("agenda.place", { topic_id: topic.id, room_id, slot_id });
          }, place ? "button secondary" : "button");
          const note = h("p", { class: "session-note", role: "status", data: { cellTaken: "" } });
          const sync = () => {
            const unavailable = taken.has(select.value);
            place_.disabled = unavailable;
            note.textContent = unavailable ? T.cell_taken_choose : "";
            note.hidden = !unavailable;
          };
          actions.push(select, note, place_);
          queueMicrotask(sync);
        }
        if (place && !place.locked) {
          actions.push(button(T.unplace, "unplace", () => live.send("agenda.unplace", { topic_id: topic.id }), "button quiet"));
        }
        return [sessionText({ my_topics: [] }, topic, place), ...actions];
      });
      const select = node.querySelector('[data-action="cell"]');
      if (chosen && select && [...select.options].some((o) => o.value === chosen)) {
        select.value = chosen;
        select.dispatchEvent(new Event("change"));
      }
    });
  }

  /**
   * Check in where you are; head-counts include this phone's move before the server confirms
   * it. The slot running now comes first (where I am, then the sessions I marked); the other
   * slots are folded below.
   */
  function renderCheckin(state, docKind) {
    const where = places(state);
    const placed = (state.agenda?.cells || []).length > 0;
    const sessions = sessionsInOrder(state, where).filter((t) => !placed || where.has(t.id));
    const pending = waiting(live, "session.checkin");
    const here = pending ? pending.payload.topic_id : state.my_checkin;
    const counts = state.counts?.checkins || {};
    const count = (id) => Math.max(0, (counts[id] || 0) - (ctx.counted === id) + (here === id));
    const marked = wanted(state);
    const now = placed ? (state.agenda.slots || []).find((s) => s.id === state.agenda.now) : null;
    const rank = (t) => (t.id === here ? 0 : marked.has(t.id) ? 1 : 2);
    const byRank = (list) => list.sort((a, b) => rank(a) - rank(b)); // stable: agenda order kept
    const isNow = (t) => !now || t.id === here || where.get(t.id)?.slot.id === now.id;
    const first = byRank(sessions.filter(isNow));
    const later = byRank(sessions.filter((t) => !isNow(t)));
    $("[data-checkin-empty]").hidden = sessions.length > 0;
    const heading = $("[data-checkin-now]");
    heading.hidden = !now;
    heading.textContent = now ? fill(T.now_slot, { slot: now.label }) : "";
    const draw = (node, topic) => {
      const mine = here === topic.id;
      const wants = marked.has(topic.id);
      const n = count(topic.id);
      const place = where.get(topic.id);
      node.dataset.topicId = topic.id;
      node.classList.toggle("chosen", mine);
      node.classList.toggle("pending", mine && !!pending);
      redraw(node, [topic.title, topic.details, placeText(T, place), convenes(state, topic), mine, wants, n, docKind], () => [
        sessionText(state, topic, place,
          [wants ? h("span", { class: "badge", text: `★ ${T.marked}` }) : null,
            h("span", { class: "headcount", data: { headcount: n }, text: plural(T.here, n, T.lang) })]),
        mine
          ? h("div", { class: "session-actions" },
            h("span", { class: "badge live", text: T.here_now }),
            docKind ? docs.button(`${docKind}:${topic.id}`,
              fill(docKind === "report" ? T.doc_report : T.doc_notes, { title: topic.title }),
              docKind === "report" ? T.open_report : T.open_notes) : null,
            button(T.leave, "leave", () => live.send("session.checkin", { topic_id: null }), "button quiet"))
          : button(T.checkin, "checkin", () => live.send("session.checkin", { topic_id: topic.id }),
            "button secondary", { "aria-label": fill(T.checkin_label, { title: topic.title }) }),
      ]);
    };
    const item = () => h("li", { class: "session" });
    syncList($("[data-checkin-list]"), first, (t) => t.id, item, draw);
    const fold = $("[data-checkin-later]");
    fold.hidden = later.length === 0;
    $("[data-checkin-later-label]").textContent = plural(T.other_slots, later.length, T.lang);
    syncList($("[data-checkin-later-list]"), later, (t) => t.id, item, draw);
  }

  /** The agenda to read (Barcamp's grid phase): where each session is, mine and my marks shown. */
  function renderAgenda(state) {
    const where = places(state);
    const sessions = sessionsInOrder(state, where).filter((t) => where.has(t.id));
    const mine = wanted(state);
    $("[data-agenda-empty]").hidden = sessions.length > 0;
    syncList($("[data-agenda-list]"), sessions, (t) => t.id, () => h("li", { class: "session" }), (node, topic) => {
      const place = where.get(topic.id);
      const on = mine.has(topic.id);
      node.dataset.topicId = topic.id;
      node.classList.toggle("chosen", on);
      redraw(node, [topic.title, topic.details, placeText(T, place), convenes(state, topic), on], () => [
        sessionText(state, topic, place, on ? h("span", { class: "badge live", text: `★ ${T.marked}` }) : null),
      ]);
    });
  }

  return { renderMark, renderPick, renderCheckin, renderAgenda };
}
