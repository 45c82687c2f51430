// The console's help from the semantic engine, in the contributions card: possible duplicates
// (merge.suggestions: merge through topic.merge in one click, or dismiss with merge.dismiss),
// the wall by theme (topic.themes, asked only while that view is open) and the switch that
// groups the screen's wall by theme (settings.by_theme). Asked again when the wall changed,
// after a pause: the server works each out once per state of the wall.
import { fill, h, replace, unchanged } from "./live.js";
import { phaseKind } from "./console-topics.js";

const PAUSE = 1500; // ms after the wall's last change before asking again

export function createSense(ctx) {
  const { live, act, T, $ } = ctx;
  const S = T.sense;
  const box = $("[data-sense]");
  if (!box) return { render() {} };
  const mergeBox = $("[data-merge-box]");
  const mergeList = $("[data-merge-list]");
  const themeBox = $("[data-theme-box]");
  const themeList = $("[data-theme-list]");
  const screenSwitch = $("[data-by-theme]");
  let wallSeen = null; // the wall's signature when last asked
  let themesSeen = null;
  let timer = null;

  screenSwitch.addEventListener("change", () => act("settings.update", { by_theme: screenSwitch.checked }));
  themeBox.addEventListener("toggle", () => { if (themeBox.open) askThemes(live.state); });

  function wall(state) {
    const kind = phaseKind(state);
    return state.topics.filter((t) => t.kind === kind && (t.status || "visible") === "visible");
  }

  function render(state) {
    const shown = ctx.isShown("topics");
    box.hidden = !shown;
    if (!shown) return;
    screenSwitch.checked = !!state.settings.by_theme;
    const signature = JSON.stringify([phaseKind(state), wall(state).map((t) => [t.id, t.title, t.details])]);
    if (signature === wallSeen) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      wallSeen = signature;
      askPairs();
      if (themeBox.open) askThemes(live.state);
    }, wallSeen === null ? 0 : PAUSE);
  }

  function askPairs() {
    if (live.status !== "online") {
      wallSeen = null; // asked again at the next change
      return;
    }
    live.socket.emit("merge.suggestions", {}, (answer) => {
      if (later(answer, askPairs)) return;
      if (!answer?.ok) return;
      drawPairs(answer.pairs);
    });
  }

  function drawPairs(pairs) {
    const byId = new Map(live.state.topics.map((t) => [t.id, t]));
    const shown = pairs.filter((p) => byId.has(p.topic_id) && byId.has(p.into));
    mergeBox.hidden = shown.length === 0;
    $("[data-merge-count]").textContent = String(shown.length);
    if (unchanged(mergeList, shown, T.lang)) return;
    replace(mergeList, ...shown.map((pair) => {
      const [topic, into] = [byId.get(pair.topic_id), byId.get(pair.into)];
      const row = h("li", { class: "merge-pair", data: { pair: `${pair.topic_id}-${pair.into}` } },
        h("p", { class: "merge-pair-text" },
          h("span", { class: "merge-pair-title", text: topic.title }),
          h("span", { class: "merge-pair-arrow", "aria-hidden": "true", text: " → " }),
          h("span", { class: "merge-pair-title", text: into.title })),
        h("div", { class: "merge-pair-actions" },
          h("button", {
            type: "button", class: "button small-button", text: T.merge,
            "aria-label": fill(S.merge_pair, { title: topic.title, into: into.title }),
            on: { click: () => settle(row, act("topic.merge", { topic_id: topic.id, into: into.id })) },
          }),
          h("button", {
            type: "button", class: "button quiet small-button", text: S.dismiss,
            "aria-label": fill(S.dismiss_pair, { title: topic.title, into: into.title }),
            on: { click: () => settle(row, act("merge.dismiss", { topic_id: topic.id, other_id: into.id })) },
          })));
      return row;
    }));
  }

  /** The pair's row goes at once; it comes back with the next answer if the action failed. */
  async function settle(row, sending) {
    row.hidden = true;
    const ack = await sending;
    if (!ack?.ok) row.hidden = false;
    wallSeen = null;
    askPairs();
  }

  /** Asked too fast (clicks in a row): ask again when the server says. */
  function later(answer, again) {
    if (answer?.error?.code !== "rate_limited") return false;
    setTimeout(again, 1000 * (answer.error.retry_after || 1));
    return true;
  }

  function askThemes(state) {
    if (live.status !== "online") return;
    live.socket.emit("topic.themes", {}, (answer) => {
      if (later(answer, () => askThemes(live.state))) return;
      if (!answer?.ok) return;
      drawThemes(answer.themes, state);
    });
  }

  function drawThemes(themes, state) {
    const byId = new Map(state.topics.map((t) => [t.id, t]));
    const grouped = new Set(themes.flatMap((t) => t.ids));
    const rest = wall(state).filter((t) => !grouped.has(t.id));
    const sections = [...themes.map((t) => [t.label, t.ids.map((id) => byId.get(id)).filter(Boolean)]),
      ...(rest.length ? [[S.unthemed, rest]] : [])];
    $("[data-themes-empty]").hidden = themes.length > 0;
    if (unchanged(themeList, sections.map(([label, items]) => [label, items.map((t) => t.id)]), T.lang)) return;
    themesSeen = sections;
    replace(themeList, ...sections.map(([label, items]) => h("li", { class: "theme-group" },
      h("h3", { class: "theme-label" }, label, " ", h("span", { class: "count-badge", text: String(items.length) })),
      h("ul", { class: "theme-items" }, ...items.map((t) => h("li", { text: t.title }))))));
  }

  return { render, themes: () => themesSeen };
}
