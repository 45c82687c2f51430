// Layout on the projector: lists made to fit (denser first, then items left out, and how
// many said), and short animations that draw the eye to what just changed.
import { count } from "./screen-text.js";

const LEVELS = ["roomy", "medium", "dense"];

/**
 * Make `list` fit `panel`: raise its data-density from `start`, then hide items (the first or
 * the last ones) until nothing overflows, and say in `moreLine` how many are not shown.
 */
export function fit(panel, list, start, moreLine, alreadyLeftOut = 0, dropFrom = "last") {
  const items = [...list.children];
  for (const item of items) item.hidden = false;
  let level = Math.min(start, LEVELS.length - 1);
  let leftOut = alreadyLeftOut;
  const overflows = () => panel.scrollHeight > panel.clientHeight + 1;
  list.dataset.density = LEVELS[level];
  more(moreLine, leftOut);
  while (overflows() && level < LEVELS.length - 1) {
    level += 1;
    list.dataset.density = LEVELS[level];
  }
  const order = dropFrom === "first" ? items : items.reverse();
  for (const item of order) {
    if (!overflows() || leftOut + 1 >= items.length + alreadyLeftOut) break;
    item.hidden = true;
    leftOut += 1;
    more(moreLine, leftOut);
  }
  return leftOut;
}

/**
 * Shrink `el`'s text until it fits its box (a card of a fixed size), never below `minPx`:
 * texts differ in length between languages, and the box does not grow with them.
 */
export function fitText(el, minPx = 20) {
  el.style.fontSize = "";
  let size = parseFloat(getComputedStyle(el).fontSize);
  const overflows = () => el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
  while (overflows() && size > minPx) {
    size = Math.max(minPx, Math.floor(size * 0.94));
    el.style.fontSize = `${size}px`;
  }
}

/** "and N more" in `el`, hidden when nothing is left out. */
export function more(el, n) {
  if (!el) return;
  el.hidden = n <= 0;
  if (n > 0) el.textContent = count("more", n);
}

/** A density level from how many items there are: the fewer, the bigger. */
export function startLevel(n, roomy, medium) {
  return n <= roomy ? 0 : n <= medium ? 1 : 2;
}

/** Play the CSS animation of class `name` on `node` again (a count changed, a card arrived). */
export function flash(node, name) {
  node.classList.remove(name);
  void node.offsetWidth; // a reflow, so that adding the class back restarts the animation
  node.classList.add(name);
}
