// The console's agenda: rooms × time slots, sessions dragged (or moved with the keyboard)
// onto cells, locks, the Barcamp optimiser, interest marks and live head-counts per session.
import { fill, h, plural, replace, unchanged } from "./live.js";

const DRAG_TYPE = "application/x-atelier-session";

export function createAgenda(ctx) {
  const { live, act, say, T, $ } = ctx;
  const panel = $('[data-panel="agenda"]');
  const table = $("[data-agenda-grid]");
  const caption = table.querySelector("caption");
  const unplacedList = $("[data-unplaced]");
  const zone = $("[data-unplaced-zone]");
  const selection = $("[data-agenda-selection]");
  let selected = null; // the session being moved with the keyboard
  let dragged = null;

  // --- acting ---------------------------------------------------------------------------

  async function moveTo(topicId, cellKey) {
    const topic = topicId;
    setSelected(null);
    if (cellKey === "none") {
      await act("agenda.unplace", { topic_id: topic });
    } else {
      const [room, slot] = cellKey.split(":").map(Number);
      await act("agenda.place", { topic_id: topic, room_id: room, slot_id: slot });
    }
    focusLater(`pick:${topic}`);
  }

  function setSelected(id) {
    selected = id;
    const topic = id && live.state.topics.find((t) => t.id === id);
    selection.textContent = topic ? fill(T.agenda_selected, { title: topic.title }) : "";
    panel.classList.toggle("selecting", !!topic);
    render(live.state, {});
  }

  $("[data-agenda-build]").addEventListener("click", async () => {
    const ack = await act("agenda.build");
    if (ack.ok) say(T.agenda_built, "ok");
  });

  panel.addEventListener("click", (event) => {
    const pick = event.target.closest("[data-select-session]");
    if (pick) {
      const id = Number(pick.dataset.selectSession);
      setSelected(selected === id ? null : id);
      focusLater(`pick:${id}`);
      return;
    }
    const target = event.target.closest("[data-place-cell]");
    if (target && selected) {
      moveTo(selected, target.dataset.placeCell);
      return;
    }
    const lock = event.target.closest("[data-lock]");
    if (lock) {
      const id = Number(lock.dataset.lock);
      act("agenda.lock", { topic_id: id, locked: lock.getAttribute("aria-pressed") !== "true" });
      focusLater(`lock:${id}`);
    }
  });
  panel.addEventListener("change", (event) => {
    const select = event.target.closest("[data-move]");
    if (select && select.value) moveTo(Number(select.dataset.move), select.value);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && selected !== null && !event.target.closest?.("dialog")) {
      const id = selected;
      setSelected(null);
      focusLater(`pick:${id}`);
    }
  });

  // Drag and drop (HTML5): onto a cell places (a taken cell swaps), onto the list unplaces.
  panel.addEventListener("dragstart", (event) => {
    const card = event.target.closest?.("[data-session]");
    if (!card || card.dataset.locked === "true") return;
    dragged = Number(card.dataset.session);
    event.dataTransfer.setData(DRAG_TYPE, String(dragged));
    event.dataTransfer.setData("text/plain", card.querySelector(".agenda-session-title")?.textContent || "");
    event.dataTransfer.effectAllowed = "move";
    card.classList.add("dragging");
    panel.classList.add("dragging-session");
  });
  panel.addEventListener("dragend", () => {
    dragged = null;
    panel.classList.remove("dragging-session");
    for (const el of panel.querySelectorAll(".dragging, .drop-over")) el.classList.remove("dragging", "drop-over");
  });
  const dropTarget = (event) => {
    if (dragged === null) return null;
    const cell = event.target.closest?.("[data-cell]");
    if (cell) return cell.dataset.lockedCell === "true" ? null : cell;
    return event.target.closest?.("[data-unplaced-zone]") || null;
  };
  panel.addEventListener("dragover", (event) => {
    const target = dropTarget(event);
    if (!target) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    for (const el of panel.querySelectorAll(".drop-over")) if (el !== target) el.classList.remove("drop-over");
    target.classList.add("drop-over");
  });
  panel.addEventListener("dragleave", (event) => {
    const target = dropTarget(event);
    if (target && !target.contains(event.relatedTarget)) target.classList.remove("drop-over");
  });
  panel.addEventListener("drop", (event) => {
    const target = dropTarget(event);
    if (!target) return;
    event.preventDefault();
    const id = Number(event.dataTransfer.getData(DRAG_TYPE)) || dragged;
    target.classList.remove("drop-over");
    if (!id) return;
    const current = live.state.agenda?.cells.find((c) => c.topic_id === id);
    if (target === zone) {
      if (current) moveTo(id, "none");
    } else if (target.dataset.cell !== (current && `${current.room_id}:${current.slot_id}`)) {
      moveTo(id, target.dataset.cell);
    }
  });

  // --- rendering ------------------------------------------------------------------------

  function focusLater(key) {
    requestAnimationFrame(() => panel.querySelector(`[data-focus-key="${key}"]`)?.focus());
  }

  /** Rebuild `node` with `build()` but give the keyboard focus back to the same control. */
  function keepingFocus(node, build) {
    const active = document.activeElement;
    const key = node.contains(active) ? active.dataset.focusKey : null;
    build();
    if (key) node.querySelector(`[data-focus-key="${key}"]`)?.focus();
  }

  // --- the slot running now ---------------------------------------------------------------

  const nowBox = $("[data-slot-now]");
  const nowSelect = $("[data-slot-now-select]");
  const nowNext = $("[data-slot-now-next]");
  const setNow = (id) => act("settings.update", { slot_now: id });
  nowSelect.addEventListener("change", () => setNow(Number(nowSelect.value)));
  nowNext.addEventListener("click", () => {
    const ids = [...nowSelect.options].map((o) => Number(o.value));
    const next = ids[ids.indexOf(Number(nowSelect.value)) + 1];
    if (next !== undefined) setNow(next);
  });

  function renderNow(agenda, screen) {
    nowBox.hidden = screen !== "sessions" || !agenda.slots.length;
    if (nowBox.hidden) return;
    if (!unchanged(nowSelect, agenda.slots)) {
      nowSelect.replaceChildren(...agenda.slots.map((slot) => h("option", { value: String(slot.id) }, slot.label)));
    }
    nowSelect.value = String(agenda.now ?? agenda.slots[0].id);
    nowNext.disabled = nowSelect.selectedIndex >= agenda.slots.length - 1;
  }

  function render(state, changed) {
    if (changed.phase) selected = null;
    if (!ctx.isShown("agenda")) return;
    const agenda = state.agenda || { rooms: [], slots: [], cells: [], grid: null };
    renderNow(agenda, state.phase.screen);
    const sessions = state.topics.filter((t) => t.kind === "topic" && (t.status || "visible") === "visible");
    const byId = new Map(sessions.map((t) => [t.id, t]));
    const cells = agenda.cells.filter((c) => byId.has(c.topic_id));
    const placed = new Map(cells.map((c) => [c.topic_id, c]));
    const at = new Map(cells.map((c) => [`${c.room_id}:${c.slot_id}`, c]));
    const screen = state.phase.screen;
    const counts = state.counts || { interest: {}, checkins: {} };
    const view = {
      agenda, byId, placed, at, counts,
      showInterest: ["interest", "grid", "agenda"].includes(screen) || Object.keys(counts.interest || {}).length > 0,
      showPresent: screen === "sessions" || Object.keys(counts.checkins || {}).length > 0,
    };
    const hasGrid = state.phases.some((p) => p.screen === "grid");
    $("[data-agenda-build]").hidden = !hasGrid;
    renderFigures(agenda.grid, hasGrid);
    const empty = !agenda.rooms.length || !agenda.slots.length;
    table.hidden = empty;
    $("[data-agenda-empty]").hidden = !empty;
    if (empty) $("[data-agenda-setup]").open = true;

    const interest = (t) => counts.interest?.[t.id] || 0;
    const unplaced = sessions.filter((t) => !placed.has(t.id))
      .sort((a, b) => (view.showInterest ? interest(b) - interest(a) : 0) || a.id - b.id);
    $("[data-unplaced-count]").textContent = String(unplaced.length);
    $("[data-unplaced-empty]").hidden = unplaced.length > 0;
    const signature = [agenda, sessions.map((t) => [t.id, t.title]), counts, selected, view.showInterest, view.showPresent, T.lang];
    if (!unchanged(panel, signature)) {
      keepingFocus(unplacedList, () => replace(unplacedList,
        ...unplaced.map((topic) => h("li", {}, sessionCard(topic, null, view)))));
      if (!empty) keepingFocus(table, () => renderGrid(view));
    }
    setup.render(agenda);
  }

  function renderFigures(grid, hasGrid) {
    const figures = $("[data-grid-figures]");
    if (!grid || !hasGrid) {
      figures.textContent = "";
      return;
    }
    const parts = [fill(T.agenda_figures, {
      conflicts: grid.conflicts, naive: grid.naive_conflicts, avoided: grid.avoided,
    })];
    if (grid.unplaced?.length) parts.push(plural(T.agenda_unplaced_figure, grid.unplaced.length, T.lang));
    figures.textContent = parts.join(" ");
  }

  function renderGrid(view) {
    const { agenda, at, byId } = view;
    const head = h("thead", {}, h("tr", {},
      h("td", { class: "corner" }),
      ...agenda.rooms.map((room) => h("th", { scope: "col", "data-room": room.id },
        h("span", { class: "room-name", text: room.name }),
        room.capacity ? h("span", { class: "room-capacity", text: plural(T.capacity, room.capacity, T.lang) }) : null))));
    const body = h("tbody", {}, ...agenda.slots.map((slot) => h("tr", {},
      h("th", { scope: "row", class: "slot-label", "data-slot": slot.id, text: slot.label }),
      ...agenda.rooms.map((room) => {
        const key = `${room.id}:${slot.id}`;
        const cell = at.get(key);
        const topic = cell && byId.get(cell.topic_id);
        const td = h("td", {
          class: `cell${topic ? " taken" : " free"}${cell?.locked ? " locked" : ""}`,
          "data-cell": key, "data-locked-cell": cell?.locked ? "true" : null,
        });
        if (topic) {
          td.append(sessionCard(topic, { room, slot, cell }, view));
          if (selected && selected !== topic.id && !cell.locked) {
            td.append(h("button", {
              type: "button", class: "button quiet small-button cell-target", "data-place-cell": key,
              "data-focus-key": `cell:${key}`, text: T.agenda_swap_here,
              "aria-label": fill(T.agenda_place_label, { title: byId.get(selected)?.title || "", room: room.name, slot: slot.label }),
            }));
          }
        } else {
          td.append(h("button", {
            type: "button", class: "cell-target", "data-place-cell": key, "data-focus-key": `cell:${key}`,
            disabled: !selected,
            text: selected ? T.agenda_place_here : T.agenda_free,
            "aria-label": selected
              ? fill(T.agenda_place_label, { title: byId.get(selected)?.title || "", room: room.name, slot: slot.label })
              : fill(T.agenda_empty_cell, { room: room.name, slot: slot.label }),
          }));
        }
        return td;
      }))));
    table.replaceChildren(caption, head, body);
    // Beyond four rooms the grid scrolls sideways rather than squeezing the sessions.
    // 6rem a room: eight rooms fit a 1280-pixel laptop; more scroll sideways.
    table.style.minWidth = `${5.5 + agenda.rooms.length * 6}rem`;
  }

  function sessionCard(topic, where, view) {
    const { agenda, at, byId, counts } = view;
    const locked = !!where?.cell.locked;
    const interest = counts.interest?.[topic.id] || 0;
    const present = counts.checkins?.[topic.id] || 0;
    const capacity = where?.room.capacity;
    const badges = [];
    if (view.showInterest) {
      badges.push(h("span", {
        class: `badge interest${capacity && interest > capacity ? " over" : ""}`, "data-interest": interest,
        title: capacity && interest > capacity ? T.over_capacity : null,
      }, plural(T.interest, interest, T.lang)));
    }
    if (view.showPresent) {
      badges.push(h("span", {
        class: `badge live present${capacity && present > capacity ? " over" : ""}`, "data-present": present,
        title: capacity && present > capacity ? T.over_capacity : null,
      }, plural(T.present, present, T.lang)));
    }
    if (locked) badges.push(h("span", { class: "badge locked", text: T.agenda_locked }));
    const own = where ? `${where.room.id}:${where.slot.id}` : null;
    const move = h("select", {
      class: "move-select", "data-move": topic.id, "data-focus-key": `move:${topic.id}`, disabled: locked,
      "aria-label": fill(T.agenda_move_label, { title: topic.title }),
    },
    h("option", { value: "", text: T.agenda_move_to }),
    where ? h("option", { value: "none", text: T.agenda_back_to_list }) : null,
    ...agenda.slots.flatMap((slot) => agenda.rooms.map((room) => {
      const key = `${room.id}:${slot.id}`;
      const other = at.get(key);
      const otherTopic = other && byId.get(other.topic_id);
      if (key === own) return null;
      const names = { room: room.name, slot: slot.label, title: otherTopic?.title || "" };
      const label = !otherTopic ? T.agenda_cell_option : other.locked ? T.agenda_cell_locked : T.agenda_cell_taken;
      return h("option", { value: key, disabled: !!other?.locked, text: fill(label, names) });
    })));
    return h("div", {
      class: `session-card${selected === topic.id ? " selected" : ""}${locked ? " locked" : ""}`,
      draggable: locked ? "false" : "true", "data-session": topic.id, "data-locked": String(locked),
    },
    h("button", {
      type: "button", class: "session-pick", "data-select-session": topic.id, "data-focus-key": `pick:${topic.id}`,
      "aria-pressed": String(selected === topic.id), disabled: locked,
      title: fill(T.agenda_select, { title: topic.title }),
    }, h("span", { class: "agenda-session-title", text: topic.title }),
    topic.author ? h("span", { class: "session-author", text: topic.author }) : null),
    badges.length ? h("span", { class: "session-badges" }, badges) : null,
    h("span", { class: "session-tools" }, move,
      where ? h("button", {
        type: "button", class: "button quiet small-button lock-toggle", "data-lock": topic.id,
        "data-focus-key": `lock:${topic.id}`, "aria-pressed": String(locked),
        "aria-label": fill(locked ? T.agenda_unlock_label : T.agenda_lock_label, { title: topic.title }),
        text: locked ? T.agenda_unlock : T.agenda_lock,
      }) : null));
  }

  // --- rooms and time slots ---------------------------------------------------------------

  const setup = createSetup(ctx);

  return { render };
}

/** The form that sets up rooms (name, seats) and time slots (label): `agenda.grid`. */
function createSetup(ctx) {
  const { act, say, T, $ } = ctx;
  const form = $("[data-grid-form]");
  const roomRows = $("[data-room-rows]");
  const slotRows = $("[data-slot-rows]");
  let rooms = [];
  let slots = [];
  let dirty = false;
  let shownFor = null; // the agenda the form was last filled from

  const touch = () => { dirty = true; };
  form.addEventListener("input", touch);

  $("[data-add-room]").addEventListener("click", () => {
    rooms.push({ id: null, name: fill(T.new_room, { n: rooms.length + 1 }), capacity: "" });
    dirty = true;
    draw();
    roomRows.lastElementChild?.querySelector("input")?.select();
  });
  $("[data-add-slot]").addEventListener("click", () => {
    slots.push({ id: null, label: fill(T.new_slot, { n: slots.length + 1 }) });
    dirty = true;
    draw();
    slotRows.lastElementChild?.querySelector("input")?.select();
  });
  $("[data-grid-reset]").addEventListener("click", () => {
    dirty = false;
    fillFrom(shownFor);
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const payload = {
      rooms: rooms.map((r) => ({
        ...(r.id ? { id: r.id } : {}), name: r.name.trim(),
        capacity: String(r.capacity).trim() === "" ? null : Number(r.capacity),
      })),
      slots: slots.map((s) => ({ ...(s.id ? { id: s.id } : {}), label: s.label.trim() })),
    };
    const ack = await act("agenda.grid", payload);
    if (ack.ok) {
      dirty = false;
      say(T.grid_saved, "ok");
      if (ack.agenda) fillFrom(ack.agenda);
    }
  });

  function fillFrom(agenda) {
    if (!agenda) return;
    rooms = agenda.rooms.map((r) => ({ id: r.id, name: r.name, capacity: r.capacity ?? "" }));
    slots = agenda.slots.map((s) => ({ id: s.id, label: s.label }));
    draw();
  }

  function draw() {
    replace(roomRows, ...rooms.map((room, index) => h("li", { class: "setup-row", "data-room-row": index },
      h("label", {}, h("span", { class: "visually-hidden", text: `${T.room_name} ${index + 1}` }),
        input({ type: "text", maxlength: 80, required: true, value: room.name, "data-room-name": index },
          (value) => { room.name = value; })),
      h("label", { class: "capacity" }, h("span", { class: "small", text: T.room_capacity }),
        input({ type: "number", min: 1, max: 10000, step: 1, inputmode: "numeric", value: room.capacity, "data-room-capacity": index },
          (value) => { room.capacity = value; })),
      removeButton(fill(T.remove_room, { n: index + 1 }), () => { rooms.splice(index, 1); }))));
    replace(slotRows, ...slots.map((slot, index) => h("li", { class: "setup-row", "data-slot-row": index },
      h("label", {}, h("span", { class: "visually-hidden", text: `${T.slot_label} ${index + 1}` }),
        input({ type: "text", maxlength: 80, required: true, value: slot.label, "data-slot-label": index },
          (value) => { slot.label = value; })),
      removeButton(fill(T.remove_slot, { n: index + 1 }), () => { slots.splice(index, 1); }))));
  }

  function input(props, set) {
    const { value, ...rest } = props;
    const el = h("input", rest);
    el.value = value ?? "";
    el.addEventListener("input", () => set(el.value));
    return el;
  }

  function removeButton(label, remove) {
    return h("button", {
      type: "button", class: "button quiet small-button", "aria-label": label, text: "✕",
      on: { click: () => { remove(); dirty = true; draw(); } },
    });
  }

  return {
    render(agenda) {
      if (dirty || agenda === shownFor) return;
      shownFor = agenda;
      fillFrom(agenda);
    },
  };
}
