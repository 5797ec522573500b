import { api, session } from "../api.js";
import { h, replace, field, errorBox, status } from "../dom.js";
import { state, go, signOut } from "../app.js";

export async function signin(main) {
  main.append(h("h1", { text: state.me ? "Your key" : "Sign in" }));
  if (state.notice) {
    main.append(h("p", { role: "status", class: "state notice", text: state.notice }));
    state.notice = null;
  }
  if (state.me) {
    const scopes = h("ul", { class: "scopes" }, state.me.scopes.map((s) => h("li", {}, h("code", { text: s }))));
    main.append(
      h("section", { class: "card", "aria-labelledby": "signed-in" },
        h("h2", { id: "signed-in", text: "Signed in with this key" }),
        h("dl", { class: "facts" },
          h("dt", { text: "Organization" }), h("dd", {}, h("code", { id: "me-org", text: state.me.org_id })),
          h("dt", { text: "Key id" }), h("dd", {}, h("code", { text: state.me.key_id })),
          h("dt", { text: "Scopes" }), h("dd", { id: "me-scopes" }, scopes)),
        h("p", { class: "hint", text: "The key is kept in this tab's session storage only and is removed on sign-out or when the tab closes." }),
        h("button", { type: "button", onclick: () => signOut(), text: "Sign out" })));
    return;
  }
  const input = h("input", { type: "password", name: "key", autocomplete: "off", required: true, spellcheck: "false" });
  const out = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "card narrow", onsubmit: submit },
    field("API key", input, { hint: "Kept in this tab only (sessionStorage), never in a cookie or local storage." }),
    h("button", { type: "submit", class: "primary", text: "Sign in" }), out);
  main.append(form);

  async function submit(event) {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    replace(out, status("Checking the key…"));
    try {
      const me = (await api("GET", "/v1/whoami", { key })).data;
      session.set(key);
      state.me = me;
      go("/signin");
    } catch (error) {
      replace(out, errorBox(error.status === 401 ? new Error("This key is not accepted.") : error));
    }
  }
}
