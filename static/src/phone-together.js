// Who you are with: the Appreciative Inquiry interview pair and the World Café table of this
// round; and what the stories share, the positive core's themes.
// Loaded when a phase needs it; the page's helpers come through ctx.ui, so the page's own
// code stays one file.

export function setUp(ctx) {
  const { live, T, $, docs } = ctx;
  const { fill, groupLabel, h, plural, redraw, replace, syncList } = ctx.ui;


  /** The seat card of a phase that seats people (Discovery pairs, café rounds). */
  function renderSeat(state, canWrite) {
    const phase = state.phase;
    const kind = phase.round ? "cafe" : "pairs";
    let seat = state.my_seat;
    if (!seat || seat.kind !== kind || (kind === "cafe" && seat.round !== phase.round)) {
      seat = null; // until the sync that the phase change asked for (`resync`) brings it
    }
    const me = state.me || {};
    const seated = seat && seat.table !== null && (kind === "cafe" || seat.with.length > 0);
    const person = (p) => (groupLabel(state, p.group) ? `${p.name} (${groupLabel(state, p.group)})` : p.name);
    const card = $('[data-view="seat"]');
    card.dataset.seat = kind;
    $("[data-seat-none]").hidden = !!seated;
    $("[data-seat-none]").textContent = kind === "cafe" ? T.no_table : T.no_pair;
    $("[data-seat-kicker]").textContent = kind === "cafe" ? fill(T.round, { n: phase.round }) : T.pair_kicker;
    $("[data-guide]").hidden = kind !== "pairs" || !seated;
    const question = kind === "cafe"
      ? state.settings.questions?.[String(phase.round)] || state.settings.question
      : state.settings.question;
    $("[data-seat-question]").textContent = question || "";
    $("[data-seat-question]").hidden = !question;
    const title = $("[data-seat-title]");
    const sub = $("[data-seat-sub]");
    const people = $("[data-seat-people]");
    const buttons = $("[data-seat-docs]");
    if (!seated) {
      title.textContent = "";
      sub.textContent = "";
      people.replaceChildren();
      buttons.replaceChildren();
      delete buttons.dataset.signature; // drawn again once seated
      return;
    }
    if (kind === "pairs") {
      // Around the pair (or trio): I interview the next one and the previous one interviews me.
      const ring = [me, ...seat.with].sort((a, b) => a.id - b.id);
      const at = ring.findIndex((p) => p.id === me.id);
      const next = ring[(at + 1) % ring.length];
      const previous = ring[(at + ring.length - 1) % ring.length];
      title.textContent = fill(T.interview, { name: person(next) });
      sub.textContent = fill(T.interviewed_by, { name: previous.name });
      people.replaceChildren();
      redraw(buttons, [next.id, previous.id, canWrite], () => canWrite ? [
        docs.button(`story:${me.id}`, fill(T.doc_story, { name: next.name }), fill(T.open_story, { name: next.name })),
        docs.button(`story:${previous.id}`, fill(T.doc_story, { name: me.name }),
          fill(T.read_story, { name: previous.name }), false),
      ] : []);
      return;
    }
    const host = seat.with.find((p) => p.host);
    title.textContent = fill(T.go_table, { n: seat.table });
    sub.textContent = seat.host ? T.you_host : host ? fill(T.hosted_by, { name: host.name }) : "";
    if (!seat.with.length) replace(people, h("li", { class: "muted", text: T.alone }));
    else
      syncList(people, seat.with, (p) => p.id, () => h("li"), (node, p) => {
        node.classList.toggle("host", !!p.host);
        redraw(node, [person(p), p.host], () => [
          h("span", { text: person(p) }), p.host ? h("span", { class: "badge", text: T.host }) : null]);
      });
    redraw(buttons, [seat.table, canWrite], () => canWrite ? [
      docs.button(`table:${seat.table}`, fill(T.doc_table, { n: seat.table }), T.open_table),
    ] : []);
  }

  /** Themes of the positive core, with the strengths' own words under each. */
  function renderThemes(state) {
    const themes = state.topics.filter((t) => t.kind === "theme");
    $("[data-themes-empty]").hidden = themes.length > 0;
    syncList($("[data-themes]"), themes, (t) => t.id, () => h("li", { class: "theme" }), (node, theme) => {
      const phrases = (theme.details || "").split("\n").map((p) => p.trim()).filter(Boolean);
      node.dataset.topicId = theme.id;
      redraw(node, [theme.title, phrases, theme.stories], () => [
        h("h3", { class: "theme-title", text: theme.title }),
        theme.stories ? h("p", { class: "session-meta", text: plural(T.stories, theme.stories, T.lang) }) : null,
        phrases.length ? h("ul", { class: "phrases" }, phrases.map((p) => h("li", { text: p }))) : null,
      ]);
    });
  }

  return { renderSeat, renderThemes };
}
