// DOM building with text only: every value reaches the page through textContent or a
// property, never as HTML. Attributes are limited to a fixed set of safe names.
const SAFE_ATTRS = new Set([
  "id", "class", "for", "type", "name", "role", "tabindex", "title", "placeholder", "min", "max",
  "step", "rows", "cols", "autocomplete", "inputmode", "scope", "colspan", "datetime", "spellcheck",
  "data-path", "data-state", "data-approval", "data-label", "aria-label", "aria-live", "aria-describedby", "aria-invalid",
  "aria-current", "aria-selected", "aria-controls", "aria-pressed", "aria-expanded", "aria-busy",
  "aria-labelledby", "novalidate", "maxlength", "minlength", "pattern", "required", "readonly", "disabled", "multiple",
]);
const PROPS = new Set(["value", "checked", "selected", "disabled", "hidden", "open", "indeterminate"]);

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") el.textContent = String(value);
    else if (name === "class") el.className = value;
    else if (name === "href") el.setAttribute("href", internalHref(value));
    else if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (PROPS.has(name)) el[name] = value;
    else if (SAFE_ATTRS.has(name)) el.setAttribute(name, value === true ? "" : String(value));
    else throw new Error(`attribute ${name} is not allowed`);
  }
  append(el, children);
  return el;
}

function internalHref(value) {
  const text = String(value);
  if (!text.startsWith("#")) throw new Error("only in-app links");
  return text;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export function replace(el, ...children) {
  clear(el);
  return append(el, children);
}

let uid = 0;
export function newId(prefix = "f") {
  uid += 1;
  return `${prefix}-${uid}`;
}

// A labelled control: label, the control, a hint and a slot for the API's error on this field.
export function field(label, control, { path, hint } = {}) {
  if (!control.id) control.id = newId();
  const errorId = newId("err");
  const hintId = hint ? newId("hint") : null;
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  control.setAttribute("aria-describedby", [hintId, errorId].filter(Boolean).join(" "));
  const wrap = h("div", { class: "field", "data-path": path },
    h("label", { for: control.id, text: label }),
    control,
    hint ? h("p", { class: "hint", id: hintId, text: hint }) : null,
    error);
  return wrap;
}

export function checkbox(label, checked, { path, name } = {}) {
  const box = h("input", { type: "checkbox", id: newId(), checked: Boolean(checked), name });
  const errorId = newId("err");
  box.setAttribute("aria-describedby", errorId);
  return h("div", { class: "field check", "data-path": path },
    box, h("label", { for: box.id, text: label }), h("p", { class: "field-error", id: errorId, hidden: true }));
}

export function select(options, value, props = {}) {
  const el = h("select", props);
  for (const option of options) {
    const [val, text] = Array.isArray(option) ? option : [option, option];
    el.append(h("option", { value: val, text, selected: val === value }));
  }
  return el;
}

export function button(text, onclick, props = {}) {
  return h("button", { type: "button", onclick, ...props, text });
}

export function status(text) {
  return h("p", { role: "status", class: "state", text });
}

export function errorBox(error) {
  const box = h("div", { role: "alert", class: "state error" }, h("strong", { text: "Error: " }), error.message || String(error));
  if (error.requestId) box.append(h("span", { class: "muted", text: ` (request ${error.requestId})` }));
  return box;
}

export function empty(text) {
  return h("p", { class: "state empty", text });
}

// Verdicts, severities and statuses as a badge: a word, never a colour alone.
export function badge(value, kind = "") {
  const text = String(value ?? "none");
  return h("span", { class: `badge ${kind} v-${text.replace(/[^a-z_]/g, "")}`, text });
}

export function tableWrap(label, table) {
  return h("div", { class: "table-wrap", role: "region", "aria-label": label, tabindex: "0" }, table);
}

export function table(columns, rows, caption) {
  const head = h("tr", {}, columns.map((c) => h("th", { scope: "col", text: c })));
  const body = rows.map((cells) => h("tr", {}, cells.map((cell, i) => h("td", { "data-label": columns[i] }, cell))));
  return h("table", { class: "stack" }, caption ? h("caption", { text: caption }) : null, h("thead", {}, head), h("tbody", {}, body));
}

export function when(iso) {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return String(iso);
  return h("time", { datetime: iso, title: iso, text: date.toISOString().replace("T", " ").slice(0, 19) + " UTC" });
}

export function duration(ms) {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const hrs = Math.floor(m / 60);
  if (hrs < 48) return `${hrs} h ${m % 60} min`;
  return `${Math.floor(hrs / 24)} d`;
}

// Show the API's 422 details beside the fields whose data-path they name (longest prefix wins).
export function showFieldErrors(form, details) {
  for (const el of form.querySelectorAll(".field-error")) { el.hidden = true; el.textContent = ""; }
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const fields = [...form.querySelectorAll("[data-path]")];
  const unplaced = [];
  for (const detail of details || []) {
    const path = String(detail.field || "");
    let best = null;
    for (const candidate of fields) {
      const p = candidate.getAttribute("data-path");
      if (path === p || path.startsWith(p + ".") || path.startsWith(p + "[")) {
        if (!best || p.length > best.getAttribute("data-path").length) best = candidate;
      }
    }
    if (!best) { unplaced.push(detail); continue; }
    const slot = best.querySelector(":scope > .field-error");
    slot.hidden = false;
    slot.textContent = (slot.textContent ? slot.textContent + " " : "") + `${path}: ${detail.message}`;
    const control = best.querySelector("input, select, textarea");
    if (control) control.setAttribute("aria-invalid", "true");
  }
  return unplaced;
}
