// Dot voting and the results: loaded when a phase needs it (after the co-writing in every
// method, so the phone page stays small until then). The page's helpers come through ctx.ui.

export function setUp(ctx) {
  const { live, T, $, say, ordered, contributions, kindTexts } = ctx;
  const { fill, h, plural, syncList } = ctx.ui;

  /** My dots per topic as shown: the server's count plus what is still on its way. */
  function myDots(state) {
    const dots = {};
    for (const [id, n] of Object.entries(state.my_votes || {})) dots[id] = n;
    let left = state.votes_left ?? 0;
    for (const entry of live.outbox) {
      const id = String(entry.payload.topic_id);
      if (entry.event === "vote.cast") { dots[id] = (dots[id] || 0) + 1; left -= 1; }
      if (entry.event === "vote.retract") { dots[id] = Math.max(0, (dots[id] || 0) - 1); left += 1; }
    }
    return { dots, left: Math.max(0, left) };
  }

  function renderVote(state) {
    const { dots, left } = myDots(state);
    const budget = state.settings.vote_budget;
    const cap = state.settings.max_votes_per_topic;
    $("[data-votes-left]").textContent = left > 0 ? plural(T.votes_left, left, T.lang) : T.no_votes_left;
    $("[data-votes-left-box]").classList.toggle("spent", left === 0);
    $("[data-cap]").textContent = plural(T.cap, cap, T.lang);
    const pips = [];
    for (let i = 0; i < budget; i += 1) pips.push(h("span", { class: i < left ? "pip full" : "pip" }));
    $("[data-pips]").replaceChildren(...pips);

    const counts = state.tally?.counts;
    const max = counts ? Math.max(1, ...Object.values(counts)) : 1;
    const topics = ordered(state, contributions(state));
    const docs = new Map((state.documents || []).filter((d) => d.text).map((d) => [d.contribution_id, d.text]));
    const proposition = state.phase.contribution === "proposition";
    $("[data-vote-empty]").hidden = topics.length > 0;
    $("[data-vote-empty-text]").textContent = kindTexts(state.phase.contribution).vote_empty;
    syncList($("[data-vote-list]"), topics, (t) => t.id, voteItem, (node, topic) => {
      const mine = dots[String(topic.id)] || 0;
      const pending = live.outbox.some((e) => e.event.startsWith("vote.") && e.payload.topic_id === topic.id);
      node.dataset.topicId = topic.id;
      node.querySelector(".vote-title").textContent = topic.title;
      // A proposition's text is what was co-written; a session's report is there to read.
      const text = docs.get(topic.id) || "";
      const detail = node.querySelector(".vote-details");
      detail.textContent = proposition && text ? text : topic.details || "";
      detail.hidden = !detail.textContent;
      const more = node.querySelector(".vote-doc");
      more.hidden = proposition || !text;
      more.querySelector("p").textContent = proposition ? "" : text;
      const plus = node.querySelector(".plus");
      const minus = node.querySelector(".minus");
      plus.disabled = left <= 0 || mine >= cap;
      minus.disabled = mine <= 0;
      plus.setAttribute("aria-label", fill(T.add_vote, { title: topic.title }));
      minus.setAttribute("aria-label", fill(T.remove_vote, { title: topic.title }));
      node.querySelector(".my-count").textContent = String(mine);
      node.querySelector(".my-votes-text").textContent = plural(T.my_votes, mine, T.lang);
      node.classList.toggle("voted", mine > 0);
      node.classList.toggle("pending", pending);
      node.querySelector(".my-pips").replaceChildren(
        ...Array.from({ length: cap }, (_, i) => h("span", { class: i < mine ? "pip full" : "pip" })));
      const bar = node.querySelector(".live-result");
      bar.hidden = !counts;
      if (counts) {
        const n = counts[String(topic.id)] || 0;
        bar.querySelector(".bar-fill").style.width = `${(100 * n) / max}%`;
        bar.querySelector(".bar-count").textContent = plural(T.votes, n, T.lang);
      }
    });
  }

  // A second "+" on the same topic within this long is likely a double tap: say that "−"
  // takes a dot back, since two dots just went.
  const DOUBLE_TAP_MS = 1500;
  let lastPlus = { id: null, at: 0 };

  function hintUndo(node, topic) {
    const now = Date.now();
    const double = lastPlus.id === topic.id && now - lastPlus.at < DOUBLE_TAP_MS;
    lastPlus = { id: topic.id, at: now };
    if (!double) return;
    const { dots } = myDots(live.state);
    const hint = node.querySelector(".vote-hint");
    hint.textContent = plural(T.undo_dot, dots[String(topic.id)] || 0, T.lang);
    hint.hidden = false;
    clearTimeout(hint.timer);
    hint.timer = setTimeout(() => { hint.hidden = true; }, 8000);
  }

  function voteItem(topic) {
    const vote = (event) => (click) => {
      say($("[data-vote-error]"), "");
      live.send(event, { topic_id: topic.id });
      const node = click.currentTarget.closest(".vote-item");
      if (event === "vote.cast") hintUndo(node, topic);
      else node.querySelector(".vote-hint").hidden = true;
    };
    return h("li", { class: "vote-item" },
      h("div", { class: "vote-text" },
        h("h3", { class: "vote-title" }),
        h("p", { class: "vote-details" }),
        h("details", { class: "vote-doc", hidden: true }, h("summary", { text: T.read_more }), h("p"))),
      h("div", { class: "vote-controls" },
        h("button", { type: "button", class: "dot-button minus", data: { action: "retract" }, on: { click: vote("vote.retract") } }, "−"),
        h("div", { class: "my-votes" },
          h("span", { class: "my-count", "aria-hidden": "true" }),
          h("span", { class: "my-votes-text visually-hidden" }),
          h("span", { class: "my-pips", "aria-hidden": "true" })),
        h("button", { type: "button", class: "dot-button plus", data: { action: "cast" }, on: { click: vote("vote.cast") } }, "+")),
      h("p", { class: "vote-hint", role: "status", hidden: true }),
      h("div", { class: "live-result", hidden: true },
        h("span", { class: "bar" }, h("span", { class: "bar-fill" })),
        h("span", { class: "bar-count" })));
  }

  function renderResults(state) {
    const counts = state.tally?.counts || {};
    const ranked = contributions(state).sort((a, b) => (counts[b.id] || 0) - (counts[a.id] || 0) || a.id - b.id);
    const max = Math.max(1, ...ranked.map((t) => counts[t.id] || 0));
    $("[data-results-empty]").hidden = ranked.some((t) => counts[t.id]);
    const mine = state.my_votes || {};
    syncList($("[data-results]"), ranked, (t) => t.id,
      () => h("li", { class: "result" },
        h("div", { class: "result-head" },
          h("span", { class: "result-title" }), h("span", { class: "result-count" })),
        h("span", { class: "bar" }, h("span", { class: "bar-fill" }))),
      (node, topic) => {
        const n = counts[topic.id] || 0;
        node.dataset.topicId = topic.id;
        node.querySelector(".result-title").textContent = topic.title;
        node.querySelector(".result-count").textContent = plural(T.votes, n, T.lang);
        node.querySelector(".bar-fill").style.width = `${(100 * n) / max}%`;
        node.classList.toggle("voted", (mine[topic.id] || 0) > 0);
      });
  }

  return { renderVote, renderResults };
}
