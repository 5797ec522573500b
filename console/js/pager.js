// Cursor paging: the API hands out next_cursor; earlier pages are the cursors we came through.
import { h, button } from "./dom.js";

export function pager({ cursor, nextCursor, previous, onPage, label = "Pages" }) {
  const stack = previous || [];
  if (stack.length === 0 && !nextCursor) return null;
  const prev = button("Previous page", () => onPage(stack[stack.length - 1] || "", stack.slice(0, -1)), {
    disabled: stack.length === 0,
  });
  const next = button("Next page", () => onPage(nextCursor, [...stack, cursor || ""]), { disabled: !nextCursor });
  return h("nav", { class: "pager", "aria-label": label }, prev,
    h("span", { class: "muted", text: `Page ${stack.length + 1}` }), next);
}

// The cursors of the earlier pages travel in the address (?prev=...) so Back and reload keep the place.
export function readStack(query) {
  try {
    const parsed = JSON.parse(query.get("prev") || "[]");
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

export function writeStack(stack) {
  return stack.length ? JSON.stringify(stack) : "";
}
