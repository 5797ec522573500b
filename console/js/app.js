// Router, navigation and session: hash routes, each page a module that renders into <main>.
import { api, loadConfig, session, whenUnauthorized } from "./api.js";
import { h, replace, status, errorBox, button } from "./dom.js";
import { signin } from "./pages/signin.js";
import { approvals } from "./pages/approvals.js";
import { violations, decision } from "./pages/violations.js";
import { policies, policyEditor, policyVersions } from "./pages/policies.js";
import { playground } from "./pages/playground.js";
import { orgPolicy } from "./pages/org.js";
import { audit } from "./pages/audit.js";
import { keys } from "./pages/keys.js";

export const state = { me: null, notice: null };

export function can(scope) {
  const scopes = (state.me && state.me.scopes) || [];
  return scopes.includes("admin") || scopes.includes(scope);
}

// Each page: path pattern, nav label (null: not in the menu), the scope it needs, the renderer.
const PAGES = [
  { path: /^\/approvals$/, nav: "Approvals", href: "#/approvals", scope: "approvals:read", render: approvals },
  { path: /^\/violations$/, nav: "Violations", href: "#/violations", scope: "audit:read", render: violations },
  { path: /^\/decisions\/([^/]+)$/, scope: "audit:read", render: decision },
  { path: /^\/policies$/, nav: "Policies", href: "#/policies", scope: "policies:read", render: policies },
  { path: /^\/policies\/new$/, scope: "policies:write", render: policyEditor },
  { path: /^\/policies\/([^/]+)\/versions$/, scope: "policies:read", render: policyVersions },
  { path: /^\/policies\/([^/]+)$/, scope: "policies:read", render: policyEditor },
  { path: /^\/playground$/, nav: "Playground", href: "#/playground", scope: "evaluate", render: playground },
  { path: /^\/org$/, nav: "Org policy", href: "#/org", scope: "policies:read", render: orgPolicy },
  { path: /^\/audit$/, nav: "Audit log", href: "#/audit", scope: "audit:read", render: audit },
  { path: /^\/keys$/, nav: "API keys", href: "#/keys", scope: "admin", render: keys },
  { path: /^\/signin$/, nav: null, scope: null, render: signin },
];

let cleanups = [];
export function onLeave(fn) { cleanups.push(fn); }

export function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, qs] = raw.split("?");
  return { path, query: new URLSearchParams(qs || "") };
}

export function go(path) {
  if (location.hash === "#" + path) route();
  else location.hash = "#" + path;
}

export function setQuery(path, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") qs.set(k, v);
  const text = qs.toString();
  const target = "#" + path + (text ? "?" + text : "");
  if (location.hash !== target) location.hash = target;
  else route();
}

function firstPage() {
  const page = PAGES.find((p) => p.nav && can(p.scope));
  return page ? page.href.slice(1) : "/signin";
}

function renderNav(currentPath) {
  const nav = document.getElementById("nav");
  const who = document.getElementById("who");
  if (!state.me) { replace(nav); replace(who); return; }
  const items = PAGES.filter((p) => p.nav && can(p.scope)).map((p) => {
    const current = currentPath.startsWith(p.href.slice(1)) || (p.href === "#/violations" && currentPath.startsWith("/decisions"));
    return h("li", {}, h("a", { href: p.href, text: p.nav, "aria-current": current ? "page" : null }));
  });
  replace(nav, h("ul", {}, items));
  replace(who,
    h("a", { href: "#/signin", class: "org", text: `Org ${state.me.org_id}`, "aria-current": currentPath === "/signin" ? "page" : null }),
    button("Sign out", signOut, { class: "link" }));
}

export function signOut(message) {
  session.clear();
  state.me = null;
  state.notice = typeof message === "string" ? message : "Signed out. The key was removed from this tab.";
  go("/signin");
}

export async function route() {
  for (const fn of cleanups.splice(0)) fn();
  const { path, query } = parseHash();
  const main = document.getElementById("main");
  if (!state.me && session.key()) {
    replace(main, status("Checking the key…"));
    try {
      state.me = (await api("GET", "/v1/whoami")).data;
    } catch (error) {
      if (!state.me) { session.clear(); state.notice = `The stored key was refused: ${error.message}`; }
    }
  }
  if (!state.me && path !== "/signin") { go("/signin"); return; }
  if (path === "/" || path === "") { go(state.me ? firstPage() : "/signin"); return; }
  renderNav(path);
  const page = PAGES.find((p) => p.path.test(path));
  if (!page) {
    replace(main, h("h1", { text: "Not found", tabindex: "-1" }), h("p", { text: "No page has this address." }));
    return;
  }
  if (page.scope && !can(page.scope)) {
    replace(main, h("h1", { text: "Not allowed", tabindex: "-1" }),
      h("p", { text: `This page needs the '${page.scope}' scope, which this key does not have.` }));
    return;
  }
  const params = path.match(page.path).slice(1).map(decodeURIComponent);
  replace(main);
  try {
    await page.render(main, { params, query, path });
  } catch (error) {
    main.append(errorBox(error));
  }
  const heading = main.querySelector("h1");
  if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: true }); }
}

async function start() {
  // The skip link moves focus to the content; following its #main would be read as a route.
  const skip = document.querySelector("a.skip");
  if (skip) skip.addEventListener("click", (event) => {
    event.preventDefault();
    const main = document.getElementById("main");
    const heading = main.querySelector("h1");
    (heading || main).focus();
    main.scrollIntoView();
  });
  whenUnauthorized(() => signOut("The key is no longer accepted (revoked or unknown). Sign in again."));
  try {
    await loadConfig();
  } catch {
    // Same-origin API when the config cannot be read.
  }
  window.addEventListener("hashchange", route);
  await route();
}

start();
