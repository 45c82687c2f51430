// Ranked bars on the projector: dot votes, interest marks, head-counts.
import { h, syncList } from "./live.js";
import { count } from "./screen-text.js";

/**
 * Rank `topics` by `counts` (most first, then oldest) into `list` as bars scaled to the
 * largest; `label` is the #i18n plural key read aloud for each count ("votes", "interested").
 */
export function fillBars(list, topics, counts, label) {
  const max = Math.max(1, ...topics.map((t) => counts[t.id] || 0));
  syncList(list, topics, (t) => t.id,
    () => h("li", { class: "bar-row" },
      h("span", { class: "bar-rank" }),
      h("div", { class: "bar-body" },
        h("p", { class: "bar-title" }),
        h("span", { class: "bar-track" }, h("span", { class: "bar-fill" }))),
      h("span", { class: "bar-count", "aria-hidden": "true" }),
      h("span", { class: "bar-votes visually-hidden" })),
    (node, topic) => {
      const n = counts[topic.id] || 0;
      node.dataset.topic = String(topic.id);
      node.dataset.count = String(n);
      node.querySelector(".bar-title").textContent = topic.title;
      node.querySelector(".bar-fill").style.width = `${(100 * n) / max}%`;
      node.querySelector(".bar-count").textContent = String(n);
      node.querySelector(".bar-votes").textContent = count(label, n);
    });
  // Ranks follow the final order; the podium needs at least one count.
  [...list.children].forEach((node, i) => {
    node.querySelector(".bar-rank").textContent = String(i + 1);
    node.classList.toggle("top", i < 3 && (counts[node.dataset.key] || 0) > 0);
  });
}

/** Topics sorted by count, most first; ties keep the oldest first. */
export function ranked(topics, counts) {
  return [...topics].sort((a, b) => (counts[b.id] || 0) - (counts[a.id] || 0) || a.id - b.id);
}
