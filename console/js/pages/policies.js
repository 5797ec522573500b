import { api, get } from "../api.js";
import {
  h, replace, status, errorBox, empty, badge, when, field, checkbox, select, button, table, tableWrap,
  showFieldErrors, newId,
} from "../dom.js";
import { can, go, setQuery } from "../app.js";
import { pager, readStack, writeStack } from "../pager.js";
import { lineDiff } from "../diff.js";

const ACTIONS = ["allow", "block", "alert", "redact", "modify", "require_approval"];
const SEVERITIES = ["low", "medium", "high", "critical"];
const WRITABLE = ["name", "description", "model", "action", "conditions", "rules", "priority", "enabled"];

let typesCache = null;
async function policyTypes() {
  if (!typesCache) typesCache = (await get("/v1/policy-types")).items;
  return typesCache;
}

// -- list --

export async function policies(main, { query }) {
  main.append(h("h1", { text: "Policies" }));
  if (can("policies:write")) main.append(h("p", {}, h("a", { href: "#/policies/new", class: "button primary", text: "New policy" })));
  const types = await policyTypes().catch(() => []);
  const enabled = select([["", "any"], ["true", "enabled"], ["false", "disabled"]], query.get("enabled") || "", { name: "enabled" });
  const type = select([["", "any"], ...types.map((t) => t.type)], query.get("type") || "", { name: "type" });
  const model = h("input", { type: "text", name: "model", value: query.get("model") || "", spellcheck: "false" });
  const form = h("form", { class: "filters", onsubmit: (e) => {
    e.preventDefault();
    setQuery("/policies", { enabled: enabled.value, type: type.value, model: model.value.trim() });
  } }, field("State", enabled), field("Has a rule of type", type), field("Applies to model", model),
  h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", text: "Apply filters" }),
    h("a", { href: "#/policies", class: "button", text: "Clear" })));
  const results = h("div", { id: "policy-list" }, status("Loading policies…"));
  main.append(form, results);
  const filters = { enabled: enabled.value, type: type.value, model: model.value.trim() };
  const cursor = query.get("cursor") || "";
  const previous = readStack(query);
  try {
    const page = await get("/v1/policies", { ...filters, cursor, limit: 20 });
    const rows = (page.items || []).map((p) => [
      h("a", { href: `#/policies/${encodeURIComponent(p.id)}`, class: "policy-name", text: p.name }),
      p.action ? badge(p.action) : "per rule",
      (p.rules || []).map((r) => r.type).join(", ") || "conditions only",
      p.model ?? "every model",
      p.enabled ? "enabled" : "disabled",
      String(p.priority),
      String(p.version),
      when(p.updated_at),
    ]);
    replace(results,
      rows.length ? tableWrap("Policies", table(["Name", "Action", "Rules", "Model", "State", "Priority", "Version", "Updated"], rows))
        : empty("No policy matches these filters."),
      pager({ cursor, nextCursor: page.next_cursor, previous, label: "Policy pages",
        onPage: (c, prev) => setQuery("/policies", { ...filters, cursor: c, prev: writeStack(prev) }) }));
  } catch (error) {
    replace(results, errorBox(error));
  }
}

// -- editor --

export async function policyEditor(main, { params }) {
  const [id] = params;
  const creating = !id;
  main.append(h("h1", { text: creating ? "New policy" : "Edit policy" }));
  const body = h("div", {}, status("Loading…"));
  main.append(body);
  let types, policy = { name: "", description: null, model: null, action: "block", conditions: {}, rules: [], priority: 100, enabled: true };
  let etag = null;
  try {
    types = await policyTypes();
    if (!creating) {
      const reply = await api("GET", `/v1/policies/${encodeURIComponent(id)}`);
      policy = reply.data;
      etag = reply.etag;
    }
  } catch (error) {
    replace(body, errorBox(error.status === 404 ? new Error("No such policy in this organization.") : error));
    return;
  }
  const writable = can("policies:write");
  const editor = buildEditor(types, policy, writable);
  const out = h("div", { id: "save-result", "aria-live": "polite" });
  const save = h("button", { type: "submit", class: "primary", text: creating ? "Create policy" : "Save changes", disabled: !writable });
  const form = h("form", { class: "editor", id: "policy-form", novalidate: true, onsubmit: submit }, editor.el,
    h("div", { class: "actions" }, save), out);
  replace(body,
    creating ? null : h("p", { class: "muted" }, h("span", { id: "policy-version", text: `Version ${policy.version}` }), " · id ", h("code", { text: policy.id }), " · ",
      h("a", { href: `#/policies/${encodeURIComponent(policy.id)}/versions`, text: "Versions and diff" })),
    writable ? null : h("p", { class: "state notice", text: "Read only: this key lacks policies:write." }),
    form);

  async function submit(event) {
    event.preventDefault();
    let content;
    try {
      content = editor.read();
    } catch (error) {
      replace(out, errorBox(error));
      return;
    }
    save.disabled = true;
    replace(out, status("Saving…"));
    try {
      const reply = creating
        ? await api("POST", "/v1/policies", { body: content })
        : await api("PATCH", `/v1/policies/${encodeURIComponent(id)}`, { body: content, headers: etag ? { "If-Match": etag } : {} });
      showFieldErrors(form, []);
      if (creating) { go(`/policies/${encodeURIComponent(reply.data.id)}`); return; }
      etag = reply.etag;
      const versionLine = document.getElementById("policy-version");
      if (versionLine) versionLine.textContent = `Version ${reply.data.version}`;
      replace(out, h("p", { role: "status", class: "state ok", text: `Saved: version ${reply.data.version}.` }));
    } catch (error) {
      if (error.status === 422) {
        const unplaced = showFieldErrors(form, error.details);
        replace(out, h("div", { role: "alert", class: "state error" },
          h("strong", { text: "Not saved: " }), `${error.message}. The fields in question are marked below.`,
          unplaced.length ? h("ul", {}, unplaced.map((d) => h("li", { text: `${d.field}: ${d.message}` }))) : null));
        const first = form.querySelector("[aria-invalid=true]");
        if (first) first.focus();
      } else if (error.status === 412) {
        replace(out, h("div", { role: "alert", class: "state error" }, h("strong", { text: "Changed by someone else. " }),
          "This policy has a newer version than the one you edited. Reload it to see the changes before saving."));
      } else {
        replace(out, errorBox(error));
      }
    } finally {
      save.disabled = !writable;
    }
  }
}

function resolve(schema, root) {
  if (schema && schema.$ref) return resolve(root.$defs[schema.$ref.split("/").pop()], root);
  if (schema && schema.anyOf) {
    const real = schema.anyOf.filter((s) => s.type !== "null");
    if (real.length === 1) return { ...resolve(real[0], root), nullable: true, default: schema.default, title: schema.title };
  }
  return schema || {};
}

const MAX_CHOICES = 40;

function label(name) { return name.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase()); }

// One control per config property of a rule type, from its JSON Schema.
function configField(name, raw, root, value, path, required) {
  const schema = { ...resolve(raw, root), default: raw.default ?? resolve(raw, root).default };
  const text = label(name) + (required ? " (required)" : "");
  if (schema.type === "array") {
    const items = resolve(schema.items, root);
    // A short list of names is a set of checkboxes; a long one (secret kinds, regions) is typed.
    if (items.enum && items.enum.length <= MAX_CHOICES) {
      const chosen = new Set(Array.isArray(value) ? value : []);
      const boxes = items.enum.map((option) => {
        const box = h("input", { type: "checkbox", id: newId(), value: option, checked: chosen.has(option) });
        return h("span", { class: "choice" }, box, h("label", { for: box.id, text: option }));
      });
      const errorId = newId("err");
      const set = h("fieldset", { class: "field", "data-path": path, "aria-describedby": errorId },
        h("legend", { text }), h("div", { class: "choices" }, boxes), h("p", { class: "field-error", id: errorId, hidden: true }));
      return { el: set, read: () => [...set.querySelectorAll("input:checked")].map((b) => b.value) };
    }
    const area = h("textarea", { rows: "4", name, spellcheck: "false", value: Array.isArray(value) ? value.join("\n") : (value ?? "") });
    return {
      el: field(text, area, { path, hint: items.enum ? "One per line; GET /v1/policy-types lists the names." : "One per line." }),
      read: () => area.value.split("\n").map((l) => l.trim()).filter((l) => l !== ""),
      keepEmpty: required,
    };
  }
  if (schema.type === "boolean") {
    const el = checkbox(text, value ?? schema.default ?? false, { path });
    const box = el.querySelector("input");
    return { el, read: () => box.checked };
  }
  if (schema.enum) {
    const el = select(schema.enum, value ?? schema.default, { name });
    return { el: field(text, el, { path }), read: () => el.value };
  }
  if (schema.type === "integer" || schema.type === "number") {
    const input = h("input", { type: "number", name, step: schema.type === "integer" ? "1" : "any",
      min: schema.minimum, max: schema.maximum, value: value ?? "" , placeholder: schema.default != null ? String(schema.default) : null });
    return {
      el: field(text, input, { path, hint: schema.nullable ? "Blank: no limit." : null }),
      read: () => (input.value === "" ? (schema.nullable ? null : undefined) : Number(input.value)),
    };
  }
  const long = (schema.maxLength || 0) > 1000;
  const input = long ? h("textarea", { rows: "3", name, value: value ?? "" }) : h("input", { type: "text", name, value: value ?? "", placeholder: schema.default ?? null });
  return { el: field(text, input, { path }), read: () => (input.value === "" ? undefined : input.value) };
}

function ruleEditor(types, rule, index, onRemove) {
  const wrap = h("li", { class: "card rule" });
  let current = { ...rule };
  let config = [];
  function render() {
    const spec = types.find((t) => t.type === current.type) || types[0];
    current.type = spec.type;
    const path = `rules[${index}]`;
    const type = select(types.map((t) => t.type), spec.type, { name: "type" });
    type.addEventListener("change", () => { current = { type: type.value }; render(); });
    const action = select([["", "(the policy's action)"], ...spec.available_actions], current.action || "", { name: "action" });
    const severity = select([["", `default (${spec.default_severity})`], ...SEVERITIES], current.severity || "", { name: "severity" });
    const schema = spec.config_schema || {};
    const required = new Set(schema.required || []);
    config = Object.entries(schema.properties || {}).map(([name, raw]) => ({
      name, ...configField(name, raw, schema, current[name], `${path}.${name}`, required.has(name)),
    }));
    replace(wrap,
      h("div", { class: "rule-head" }, h("h3", { class: "card-title", text: `Rule ${index + 1}: ${spec.type}` }),
        button(`Remove rule ${index + 1}`, onRemove, { class: "link danger" })),
      h("p", { class: "hint", text: spec.description }),
      h("div", { class: "grid" }, field("Rule type", type, { path: `${path}.type` }),
        field("Action", action, { path: `${path}.action` }), field("Severity", severity, { path: `${path}.severity` })),
      config.length ? h("div", { class: "grid" }, config.map((c) => c.el)) : h("p", { class: "muted", text: "This rule type has no settings." }));
    wrap.readRule = () => {
      const out = { type: type.value };
      if (action.value) out.action = action.value;
      if (severity.value) out.severity = severity.value;
      for (const c of config) {
        const v = c.read();
        if (v === undefined) continue;
        if (Array.isArray(v) && v.length === 0 && !c.keepEmpty) continue;
        out[c.name] = v;
      }
      return out;
    };
  }
  render();
  return wrap;
}

function buildEditor(types, policy, writable) {
  const el = h("div", {});
  let content = Object.fromEntries(WRITABLE.map((k) => [k, policy[k]]));
  let raw = false;
  const toggle = h("button", { type: "button", "aria-pressed": "false", text: "Raw JSON view", onclick: flip });
  const problem = h("div", { "aria-live": "polite" });
  let reader = null;

  function flip() {
    try {
      content = reader();
    } catch (error) {
      replace(problem, errorBox(error));
      return;
    }
    replace(problem);
    raw = !raw;
    toggle.setAttribute("aria-pressed", String(raw));
    toggle.textContent = raw ? "Form view" : "Raw JSON view";
    render();
  }

  function render() {
    const slot = h("div", {});
    replace(el, h("div", { class: "toolbar" }, toggle), problem, slot);
    if (raw) {
      const area = h("textarea", { rows: "24", class: "code", spellcheck: "false", name: "raw", value: JSON.stringify(content, null, 2) });
      slot.append(field("Policy as JSON", area, { path: "", hint: "Every writable field; errors from the API name their path." }));
      reader = () => {
        try { return JSON.parse(area.value); } catch (e) { throw new Error(`The JSON is not valid: ${e.message}`); }
      };
      return;
    }
    const name = h("input", { type: "text", name: "name", value: content.name ?? "", maxlength: "255" });
    const description = h("textarea", { rows: "2", name: "description", value: content.description ?? "" });
    const model = h("input", { type: "text", name: "model", value: content.model ?? "", spellcheck: "false", placeholder: "every model" });
    const action = select([["", "(none: every rule has its own)"], ...ACTIONS], content.action ?? "", { name: "action" });
    const priority = h("input", { type: "number", name: "priority", step: "1", value: content.priority ?? 100 });
    const enabledBox = checkbox("Enabled", content.enabled !== false, { path: "enabled" });
    const conditions = h("textarea", { rows: "3", class: "code", name: "conditions", spellcheck: "false",
      value: content.conditions && Object.keys(content.conditions).length ? JSON.stringify(content.conditions, null, 2) : "" });
    const rules = h("ol", { class: "rules" });
    let ruleData = (content.rules || []).map((r) => ({ ...r }));
    function renderRules() {
      replace(rules, ruleData.map((r, i) => ruleEditor(types, r, i, () => {
        ruleData = [...rules.children].map((li) => li.readRule());
        ruleData.splice(i, 1);
        renderRules();
      })));
    }
    renderRules();
    const addType = select(types.map((t) => t.type), "pii", { name: "add-type" });
    const add = button("Add rule", () => {
      ruleData = [...rules.children].map((li) => li.readRule());
      ruleData.push({ type: addType.value });
      renderRules();
      rules.lastElementChild.querySelector("select").focus();
    });
    slot.append(
      h("div", { class: "grid" },
        field("Name (required)", name, { path: "name" }), field("Model", model, { path: "model", hint: "Glob such as gpt-4*; blank: every model." }),
        field("Action", action, { path: "action" }), field("Priority", priority, { path: "priority", hint: "Lower numbers win." })),
      field("Description", description, { path: "description" }),
      enabledBox,
      field("Conditions (JSON)", conditions, { path: "conditions", hint: 'For example {"environment": {"eq": "prod"}}; blank: always.' }),
      h("h2", { text: "Rules" }),
      h("div", { "data-path": "rules", class: "field" }, rules, h("p", { class: "field-error", hidden: true })),
      writable ? h("div", { class: "add-rule" }, field("New rule type", addType), add) : null);
    reader = () => {
      let cond = {};
      if (conditions.value.trim()) {
        try { cond = JSON.parse(conditions.value); } catch (e) { throw new Error(`Conditions are not valid JSON: ${e.message}`); }
      }
      const out = {
        name: name.value,
        description: description.value === "" ? null : description.value,
        model: model.value.trim() === "" ? null : model.value.trim(),
        conditions: cond,
        rules: [...rules.children].map((li) => li.readRule()),
        priority: priority.value === "" ? 100 : Number(priority.value),
        enabled: enabledBox.querySelector("input").checked,
      };
      if (action.value) out.action = action.value;
      return out;
    };
  }
  render();
  return { el, read: () => { content = reader(); return content; } };
}

// -- versions, diff, rollback --

export async function policyVersions(main, { params, query }) {
  const [id] = params;
  main.append(h("h1", { text: "Policy versions" }));
  const body = h("div", {}, status("Loading versions…"));
  main.append(body);
  let current, etag, versions;
  try {
    const reply = await api("GET", `/v1/policies/${encodeURIComponent(id)}`);
    current = reply.data;
    etag = reply.etag;
    versions = (await get(`/v1/policies/${encodeURIComponent(id)}/versions`, { limit: 100 })).items || [];
  } catch (error) {
    replace(body, errorBox(error.status === 404 ? new Error("No such policy in this organization.") : error));
    return;
  }
  const numbers = versions.map((v) => v.version);
  const right = Number(query.get("b")) || numbers[0];
  const left = Number(query.get("a")) || numbers[1] || numbers[0];
  const pickA = select(numbers.map((n) => [String(n), `version ${n}`]), String(left), { name: "a" });
  const pickB = select(numbers.map((n) => [String(n), `version ${n}`]), String(right), { name: "b" });
  const diffSlot = h("div", { id: "diff" });
  const out = h("div", { id: "rollback-result", "aria-live": "polite" });

  function showDiff() {
    const a = versions.find((v) => v.version === Number(pickA.value));
    const b = versions.find((v) => v.version === Number(pickB.value));
    replace(diffSlot, diffView(a, b));
  }
  pickA.addEventListener("change", showDiff);
  pickB.addEventListener("change", showDiff);

  async function rollback(version, btn) {
    btn.disabled = true;
    replace(out, status(`Rolling back to version ${version}…`));
    try {
      const reply = await api("POST", `/v1/policies/${encodeURIComponent(id)}/rollback`, {
        body: { version }, headers: { "If-Match": etag },
      });
      etag = reply.etag;
      replace(out, h("p", { role: "status", class: "state ok", text: `Rolled back: version ${reply.data.version} now equals version ${version}.` }));
      setTimeout(() => setQuery(`/policies/${encodeURIComponent(id)}/versions`, { a: String(version), b: String(reply.data.version) }), 800);
    } catch (error) {
      btn.disabled = false;
      if (error.status === 412) {
        replace(out, h("div", { role: "alert", class: "state error" }, h("strong", { text: "Changed by someone else. " }),
          "The policy has a newer version than this page shows; reload to see it."));
      } else replace(out, errorBox(error));
    }
  }

  const rows = versions.map((v) => [
    `version ${v.version}${v.version === current.version ? " (current)" : ""}`,
    when(v.created_at), v.created_by ?? "—", v.name,
    can("policies:write") && v.version !== current.version
      ? h("button", { type: "button", text: `Roll back to version ${v.version}`, onclick: (e) => rollback(v.version, e.currentTarget) }) : "—",
  ]);
  replace(body,
    h("p", {}, h("a", { href: `#/policies/${encodeURIComponent(id)}`, text: `← ${current.name}` }), ` · current version ${current.version}`),
    out,
    tableWrap("Versions", table(["Version", "Created", "By", "Name", "Rollback"], rows)),
    h("h2", { text: "Compare two versions" }),
    h("div", { class: "grid" }, field("Left", pickA), field("Right", pickB)),
    diffSlot);
  showDiff();
}

function canonical(value) {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical(value[k])]));
  }
  return value;
}

function diffView(a, b) {
  if (!a || !b) return empty("Pick two versions.");
  const strip = (v) => canonical(Object.fromEntries(Object.entries(v).filter(([k]) => !["created_at", "created_by", "version"].includes(k))));
  const left = JSON.stringify(strip(a), null, 2).split("\n");
  const right = JSON.stringify(strip(b), null, 2).split("\n");
  const rows = lineDiff(left, right);
  const changed = rows.filter((r) => r.kind !== "same").length;
  const tbody = h("tbody", {}, rows.map((r) => h("tr", { class: `d-${r.kind}` },
    h("td", { class: "ln", text: r.left == null ? "" : String(r.leftNo) }),
    h("td", { class: "code" }, r.kind === "removed" || r.kind === "changed" ? h("span", { class: "mark", text: "− " }) : null, r.left ?? ""),
    h("td", { class: "ln", text: r.right == null ? "" : String(r.rightNo) }),
    h("td", { class: "code" }, r.kind === "added" || r.kind === "changed" ? h("span", { class: "mark", text: "+ " }) : null, r.right ?? ""))));
  return h("div", {},
    h("p", { role: "status", text: changed ? `${changed} changed lines between version ${a.version} and version ${b.version}.` : "The two versions have the same content." }),
    tableWrap("Side-by-side diff", h("table", { class: "diff" },
      h("caption", { text: `Version ${a.version} (left) and version ${b.version} (right); − removed, + added` }),
      h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "#" }), h("th", { scope: "col", text: `Version ${a.version}` }),
        h("th", { scope: "col", text: "#" }), h("th", { scope: "col", text: `Version ${b.version}` }))),
      tbody)));
}

