// Keyfob's content script: finds one-time-code fields, puts a small Keyfob button in each, and fills
// the code Keyfob gives for this page's site when the user asks (the button, the popup, the context
// menu or the shortcut). It never submits unless the user turned that on for the site, and it never
// holds a code longer than it takes to fill it.
//
// Injected more than once into one page (a user action after the registered script ran): the first
// copy stays in charge.
(() => {
  if (globalThis.__keyfobFields) return;
  globalThis.__keyfobFields = true;

  const api = globalThis.browser ?? globalThis.chrome;

  /** Seconds before a code changes within which Keyfob waits for the next one instead. */
  const WAIT_BELOW_SECONDS = 3;
  /** Words that name a one-time-code field, in its name, id, placeholder, label or class. */
  const CODE_WORDS = /(one[-_ ]?time|otp|totp|2fa|mfa|two[-_ ]?factor|verification[-_ ]?code|auth(entication|enticator)?[-_ ]?code|security[-_ ]?code|passcode|token|\bcode\b)/i;
  /** Words that name another kind of code. */
  const OTHER_CODES = /(zip|post(al)?|promo|coupon|voucher|discount|gift|country|area|phone|captcha|invite|referral)/i;
  const TYPES = new Set(["", "text", "tel", "number", "password"]);

  function usable(input) {
    if (!(input instanceof HTMLInputElement) || input.disabled || input.readOnly) return false;
    if (!TYPES.has((input.getAttribute("type") ?? "").toLowerCase())) return false;
    const box = input.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(input).visibility !== "hidden";
  }

  function describedAs(input) {
    const label = input.labels?.[0]?.textContent ?? "";
    return [input.name, input.id, input.placeholder, input.getAttribute("aria-label"), label, input.className].join(" ");
  }

  /** Whether `input` alone takes a whole one-time code. */
  function isCodeField(input) {
    // The attribute, not the property: Firefox's `autocomplete` property is empty for tokens it does not
    // fill itself, one-time-code among them.
    if ((input.getAttribute("autocomplete") ?? "").toLowerCase().split(/\s+/).includes("one-time-code")) return true;
    const words = describedAs(input);
    if (OTHER_CODES.test(words)) return false;
    if (CODE_WORDS.test(words)) return true;
    const numeric = input.inputMode === "numeric" || input.type === "tel" || input.type === "number" || /\\d|\[0-9\]/.test(input.pattern);
    return numeric && input.maxLength >= 6 && input.maxLength <= 8;
  }

  /** Rows of one-digit boxes (4 to 8 under one parent), each row one target. */
  function boxRows(inputs) {
    const byParent = new Map();
    for (const input of inputs) {
      if (input.maxLength !== 1) continue;
      const parent = input.parentElement?.childElementCount === 1 ? input.parentElement.parentElement : input.parentElement;
      if (!parent) continue;
      byParent.set(parent, [...(byParent.get(parent) ?? []), input]);
    }
    return [...byParent.values()].filter((row) => row.length >= 4 && row.length <= 8);
  }

  /** Every code target on the page: `{ inputs: [one field] }` or `{ inputs: [the boxes] }`. */
  function targets() {
    const inputs = [...document.querySelectorAll("input")].filter(usable);
    const rows = boxRows(inputs);
    const inRow = new Set(rows.flat());
    const singles = inputs.filter((i) => !inRow.has(i) && isCodeField(i)).map((i) => ({ inputs: [i] }));
    return [...singles, ...rows.map((row) => ({ inputs: row }))];
  }

  const ask = (message) => api.runtime.sendMessage(message);

  // ---------- filling ----------

  const valueSetter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;

  /** Sets a field as typing would be seen by the page's framework: the value, then input and change. */
  function type(input, text) {
    input.focus();
    valueSetter.call(input, text);
    input.dispatchEvent(new InputEvent("input", { bubbles: true, composed: true, inputType: "insertText", data: text }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function put(target, code) {
    if (target.inputs.length === 1) {
      type(target.inputs[0], code);
      return;
    }
    [...code].slice(0, target.inputs.length).forEach((digit, i) => type(target.inputs[i], digit));
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /**
   * Fills `target` with the code of account `id` (the first linked one when `id` is absent), waiting out a
   * period's last seconds so the code filled is still good when the form is sent. Reports through `say`.
   */
  async function fill(target, say, id) {
    let reply = await ask({ type: "code" });
    let entry = reply.type === "codes" && (reply.codes.find((c) => c.id === id) ?? reply.codes[0]);
    if (entry && entry.remaining <= WAIT_BELOW_SECONDS) {
      for (let left = entry.remaining; left > 0; left -= 1) {
        say(`Waiting ${left} s for the next code…`);
        await sleep(1000);
      }
      await sleep(300);
      reply = await ask({ type: "code" });
      entry = reply.type === "codes" && reply.codes.find((c) => c.id === entry.id);
    }
    if (!entry) return reply;
    put(target, entry.code);
    say("");
    if (reply.submit) {
      const form = target.inputs[0].form;
      if (form) form.requestSubmit();
    }
    return reply;
  }

  // ---------- the button ----------

  const STYLE = `
    :host { all: initial; position: absolute; z-index: 2147483647; }
    button { all: initial; box-sizing: border-box; width: 22px; height: 22px; border-radius: 6px; cursor: pointer;
      background: #2f6fed; box-shadow: 0 1px 3px #0004; display: grid; place-items: center; }
    button svg { width: 18px; height: 18px; }
    button.muted { background: #7a8296; }
    button:focus-visible { outline: 2px solid #2f6fed; outline-offset: 2px; }
    .bubble { all: initial; position: absolute; top: 26px; right: 0; min-width: 220px; max-width: 300px; padding: 8px 10px;
      background: #fff; color: #1b1f2a; border: 1px solid #dde1ea; border-radius: 8px; box-shadow: 0 4px 14px #0003;
      font: 13px/1.4 system-ui, sans-serif; }
    .bubble[hidden] { display: none; }
    .bubble button.action { all: initial; display: block; margin-top: 6px; padding: 4px 8px; border-radius: 6px; cursor: pointer;
      background: #2f6fed; color: #fff; font: 600 13px system-ui, sans-serif; }
    .bubble button.account { all: initial; display: block; width: 100%; padding: 4px 2px; cursor: pointer; font: 13px system-ui, sans-serif; }
    .bubble button.account:hover { background: #eef2fd; }`;

  /**
   * Keyfob's mark (icons/keyfob.svg without its tile), drawn in the page: an image from the extension
   * would have to be readable by every site, which lets sites detect the extension.
   */
  function mark() {
    const SVG = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "160 160 704 704");
    svg.setAttribute("aria-hidden", "true");
    const shapes = [
      ["path", { d: "M512 212 A300 300 0 1 1 252 662", fill: "none", stroke: "#fff", "stroke-width": 64, "stroke-linecap": "round" }],
      ["rect", { x: 392, y: 360, width: 240, height: 320, rx: 64, fill: "#fff" }],
      ["circle", { cx: 512, cy: 440, r: 34, fill: "#2f6fed" }],
      ["rect", { x: 436, y: 520, width: 152, height: 28, rx: 14, fill: "#2f6fed" }],
      ["rect", { x: 436, y: 580, width: 152, height: 28, rx: 14, fill: "#2f6fed" }],
    ];
    for (const [name, attributes] of shapes) {
      const shape = document.createElementNS(SVG, name);
      for (const [key, value] of Object.entries(attributes)) shape.setAttribute(key, String(value));
      svg.append(shape);
    }
    return svg;
  }

  /** One Keyfob button in one target, with the bubble it speaks through. */
  function attach(target, status) {
    const host = document.createElement("keyfob-button");
    const shadow = host.attachShadow({ mode: "closed" });
    const style = document.createElement("style");
    style.textContent = STYLE;
    const button = document.createElement("button");
    button.type = "button";
    button.append(mark());
    button.className = status.type === "codes" ? "" : "muted";
    button.title = status.type === "codes" ? "Fill the code from Keyfob" : "Keyfob";
    button.setAttribute("aria-label", button.title);
    const bubble = document.createElement("div");
    bubble.className = "bubble";
    bubble.hidden = true;
    bubble.setAttribute("role", "status");
    shadow.append(style, button, bubble);
    document.documentElement.append(host);

    const say = (text, action) => {
      bubble.replaceChildren(text);
      if (action) {
        const extra = document.createElement("button");
        extra.className = "action";
        extra.textContent = action.label;
        extra.addEventListener("click", (event) => { if (event.isTrusted) action.run(); });
        bubble.append(extra);
      }
      bubble.hidden = !text;
    };
    target.say = say;

    const place = () => {
      const anchor = target.inputs[target.inputs.length - 1];
      if (!anchor.isConnected) { host.remove(); placed.delete(target.inputs[0]); return; }
      const box = anchor.getBoundingClientRect();
      host.style.left = `${box.right + window.scrollX - (target.inputs.length === 1 ? 27 : -4)}px`;
      host.style.top = `${box.top + window.scrollY + (box.height - 22) / 2}px`;
    };
    target.place = place;
    place();

    button.addEventListener("click", async (event) => {
      // Only the user's own click (a page script cannot press it for them), on a button the user could
      // see: a page that fades it or covers it with a decoy does not get a click meant for the decoy.
      if (!event.isTrusted) return;
      if (!seen(host)) { say("Keyfob's button is hidden or covered on this page, so it does nothing here."); return; }
      const reply = await ask({ type: "code" });
      if (reply.type === "codes" && reply.codes.length > 1) {
        bubble.replaceChildren("Which account?");
        for (const c of reply.codes) {
          const choice = document.createElement("button");
          choice.className = "account";
          choice.textContent = c.label ?? c.name; // (an older Keyfob sends no label)
          choice.addEventListener("click", (e) => { if (e.isTrusted && seen(host)) fill(target, say, c.id).then((r) => explainTo(say, r)); });
          bubble.append(choice);
        }
        bubble.hidden = false;
        return;
      }
      const outcome = reply.type === "codes" ? await fill(target, say) : reply;
      button.className = outcome.type === "codes" ? "" : "muted";
      explainTo(say, outcome);
    });
  }

  /**
   * Whether the user can see the button `host` holds: on top at its own centre (the page put nothing over
   * it that takes clicks) and drawn at full strength (neither it nor an ancestor made transparent,
   * hidden, filtered or clipped away by the page's styles).
   */
  function seen(host) {
    const box = host.getBoundingClientRect();
    if (box.width < 16 || box.height < 16) return false;
    if (document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2) !== host) return false;
    for (let node = host; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (Number(style.opacity) < 1 || style.visibility !== "visible" || style.filter !== "none" || style.clipPath !== "none") return false;
      if (style.mixBlendMode !== "normal" || (node === host && style.transform !== "none")) return false;
    }
    return true;
  }

  /**
   * Says what a reply means (explain.js), with the one action that helps. Linking a site is offered by
   * the toolbar button only, never from the page: a page's own button is two clicks from a prompt.
   */
  function explainTo(say, reply) {
    const text = globalThis.keyfobExplain(reply);
    if (reply.type === "none") {
      say(`${text} To link it, use the Keyfob button in the toolbar.`);
    } else if (reply.type === "locked") {
      say(text, { label: "Open Keyfob to unlock", run: async () => explainTo(say, await ask({ type: "open" })) });
    } else {
      say(text);
    }
  }

  /** The targets with a button, by their first input. */
  const placed = new Map();
  let status = null;

  async function scan() {
    const found = targets().filter((t) => !placed.has(t.inputs[0]));
    if (!found.length) return;
    status ??= await ask({ type: "status" });
    // A page that gets no codes at all (insecure, a frame of another origin) gets no button either.
    if (status.type === "refused") return;
    for (const target of found) {
      placed.set(target.inputs[0], target);
      attach(target, status);
    }
  }

  let pending = false;
  const rescan = () => {
    if (pending) return;
    pending = true;
    setTimeout(() => { pending = false; scan(); }, 250);
  };
  new MutationObserver(rescan).observe(document.documentElement, { childList: true, subtree: true });
  const replace = () => { for (const target of placed.values()) target.place(); };
  addEventListener("scroll", replace, { passive: true, capture: true });
  addEventListener("resize", replace, { passive: true });
  scan();

  // ---------- the popup, the context menu and the shortcut ----------

  /** The target the user means: the focused field's, else the first on the page. */
  function chosen() {
    const all = targets();
    const focused = document.activeElement;
    return all.find((t) => t.inputs.includes(focused)) ?? all[0];
  }

  api.runtime.onMessage.addListener((message, sender, respond) => {
    if (sender.id !== api.runtime.id || message?.type !== "fill") return false;
    if (message.focused && !document.hasFocus()) return false;
    const target = chosen();
    if (!target) { respond({ type: "error", message: "no one-time-code field on this page" }); return false; }
    const say = placed.get(target.inputs[0])?.say ?? (() => {});
    fill(target, say, message.id).then((reply) => { explainTo(say, reply); respond(reply); });
    return true;
  });
})();
