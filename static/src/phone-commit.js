// Commitments: the form (what, who, by when, for which priority, mine or the team's) and the
// action plan with everyone's commitments; one's own can be withdrawn while the phase is open.
// Loaded when a phase needs it; the page's helpers come through ctx.ui, so the page's own
// code stays one file.

export function setUp(ctx) {
  const { live, T, $, say, message } = ctx;
  const { button, counter, fill, h, redraw, showErrors, syncList } = ctx.ui;

  // The form is the page's: it works from the moment this module arrives.
  {
    const form = $("[data-commit-form]");
    const { title, owner, due_on: due, topic_id: topic, team } = form.elements;
    counter(title, form.querySelector('[data-counter-for="commit-title"]'));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const values = [title.value, owner.value, due.value, topic.value, team.checked];
      const payload = { title: title.value.trim(), personal: !team.checked };
      if (owner.value.trim()) payload.owner = owner.value.trim();
      if (due.value) payload.due_on = due.value;
      if (topic.value) payload.topic_id = Number(topic.value);
      if (!payload.title) {
        showErrors(form, { title: [T.commit_missing] });
        title.focus();
        return;
      }
      showErrors(form, {});
      form.reset(); // the commitment is safe in the outbox, even offline
      title.dispatchEvent(new Event("input"));
      const sending = live.send("commitment.add", payload);
      if (live.status !== "online") say(message, T.queued, "info");
      const ack = await sending;
      if (ack.ok) say(message, T.committed, "ok");
      else {
        // Refused: give everything back, nothing typed is lost.
        [title.value, owner.value, due.value, topic.value, team.checked] = values;
        title.dispatchEvent(new Event("input"));
        showErrors(form, ack.error?.fields || {});
        say(message, ack.error?.message || T.error);
      }
    });
  }

  function formatDate(iso) {
    try {
      return new Intl.DateTimeFormat(T.lang, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
    } catch {
      return iso;
    }
  }

  function renderCommit(state, open) {
    const me = state.me?.id;
    $("[data-commit-form]").hidden = !open;

    // What a commitment can serve: the priorities of the phase's ballot (the most voted
    // first), or else the sessions.
    const counts = state.tally?.counts || {};
    const ballot = !!state.phase.ballot;
    const kind = ballot ? state.phase.contribution : "topic";
    $("[data-commit-topic-label]").textContent = ballot ? T.for_priority : T.for_session;
    const choices = state.topics.filter((t) => t.kind === kind)
      .sort((a, b) => (counts[b.id] || 0) - (counts[a.id] || 0) || a.id - b.id);
    const select = $("#commit-topic");
    $("[data-commit-topic-field]").hidden = !choices.length;
    const chosen = select.value;
    const first = select.options[0];
    redraw(select, [first.text, choices.map((t) => [t.id, t.title])], () => [
      first, ...choices.map((t) => h("option", { value: t.id, text: t.title }))]);
    select.value = choices.some((t) => String(t.id) === chosen) ? chosen : "";

    // Everyone's commitments, with mine still on their way (and those I am withdrawing).
    const titles = new Map(state.topics.map((t) => [t.id, t.title]));
    const leaving = new Set();
    const items = [...state.commitments];
    for (const entry of live.outbox) {
      if (entry.event === "commitment.remove") leaving.add(entry.payload.commitment_id);
      if (entry.event === "commitment.add") {
        items.push({ ...entry.payload, id: `p${entry.id}`, owner: entry.payload.owner || state.me?.name, participant_id: me, pending: true });
      }
    }
    $("[data-plan-empty]").hidden = items.length > 0;
    $("[data-plan-count]").textContent = items.length ? String(items.length) : "";
    syncList($("[data-plan-list]"), items, (c) => c.id, () => h("li", { class: "plan-item" }), (node, c) => {
      const own = c.participant_id === me;
      const pending = c.pending || leaving.has(c.id);
      node.classList.toggle("own", own);
      node.classList.toggle("pending", pending);
      node.dataset.commitmentId = c.id;
      const topic = c.topic_id ? titles.get(c.topic_id) : null;
      const meta = [c.owner, c.due_on ? fill(T.due, { date: formatDate(c.due_on) }) : null].filter(Boolean).join(" · ");
      redraw(node, [c.title, meta, c.personal, topic, own && open && !pending, pending], () => [
        h("div", { class: "plan-text" },
          h("p", { class: "plan-title", text: c.title }),
          h("p", { class: "plan-meta" }, meta,
            c.personal === false ? h("span", { class: "badge", text: T.team }) : null,
            pending ? h("span", { class: "badge", text: T.not_sent }) : null),
          topic ? h("p", { class: "plan-topic", text: fill(T.for_topic, { title: topic }) }) : null),
        own && open && !pending ? button(T.withdraw, "withdraw",
          () => live.send("commitment.remove", { commitment_id: c.id }), "button quiet small-button",
          { "aria-label": fill(T.withdraw_label, { title: c.title }) }) : null,
      ]);
    });
  }

  return { renderCommit };
}
