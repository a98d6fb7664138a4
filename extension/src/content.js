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
  /** The message `key` in the browser's language (i18n.js, injected first). */
  const text = globalThis.keyfobText;

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
        say(text("bubble_waiting", left));
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

  /** The button's size in CSS pixels: at least 24 (WCAG 2.2's target size). */
  const SIZE = 24;
  // The colours meet WCAG 2.2 AA in both themes (ratios in extension/README.md): the mark is white on the
  // button (4.55:1, muted 5.3:1), and a white ring keeps the button apart from a dark page as its blue does
  // from a light one; the bubble's text 4.5:1 at least, its buttons and the focus ring 3:1 at least.
  const STYLE = `
    :host { all: initial; position: absolute; z-index: 2147483647;
      --bg: #ffffff; --fg: #1b1f2a; --line: #767d8c; --accent: #2f6fed; --on-accent: #ffffff; --hover: #eef2fd; }
    @media (prefers-color-scheme: dark) {
      :host { --bg: #1b1f2a; --fg: #e8eaf0; --line: #8a93a6; --accent: #8db0ff; --on-accent: #1b1f2a; --hover: #283042; }
    }
    button { all: initial; box-sizing: border-box; cursor: pointer; }
    button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
    button.mark { width: ${SIZE}px; height: ${SIZE}px; border-radius: 6px; background: #2f6fed;
      box-shadow: 0 0 0 1px #fff, 0 1px 3px #0006; display: grid; place-items: center; }
    button.mark svg { width: 20px; height: 20px; }
    button.mark svg .hole { fill: #2f6fed; }
    button.mark.muted { background: #636b7e; }
    button.mark.muted svg .hole { fill: #636b7e; }
    button.mark:focus-visible { outline-color: #2f6fed; box-shadow: 0 0 0 2px #fff; }
    .bubble { all: initial; position: absolute; top: ${SIZE + 4}px; right: 0; min-width: 220px; max-width: 300px; padding: 8px 10px;
      background: var(--bg); color: var(--fg); border: 1px solid var(--line); border-radius: 8px; box-shadow: 0 4px 14px #0004;
      font: 13px/1.4 system-ui, sans-serif; }
    .bubble[hidden] { display: none; }
    .bubble button.action { display: block; min-height: 28px; margin-top: 6px; padding: 5px 10px; border-radius: 6px;
      background: var(--accent); color: var(--on-accent); font: 600 13px/1.4 system-ui, sans-serif; }
    .bubble button.account { display: block; width: 100%; min-height: 28px; margin-top: 4px; padding: 4px 8px; border-radius: 6px;
      border: 1px solid var(--line); color: var(--fg); font: 13px/1.4 system-ui, sans-serif; }
    .bubble button.account:hover { background: var(--hover); }
    .said { all: initial; position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }`;

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
      ["circle", { cx: 512, cy: 440, r: 34, class: "hole" }],
      ["rect", { x: 436, y: 520, width: 152, height: 28, rx: 14, class: "hole" }],
      ["rect", { x: 436, y: 580, width: 152, height: 28, rx: 14, class: "hole" }],
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
    const mood = (type) => {
      button.className = type === "codes" ? "mark" : "mark muted";
      button.title = type === "codes" ? text("button_fill") : text("button_muted");
      button.setAttribute("aria-label", button.title);
    };
    mood(status.type);
    const bubble = document.createElement("div");
    bubble.className = "bubble";
    bubble.hidden = true;
    // What the bubble says is also put in a live region that is always there, so a screen reader hears
    // it (one that only appears as it is written is often missed).
    const said = document.createElement("div");
    said.className = "said";
    said.setAttribute("role", "status");
    shadow.append(style, button, bubble, said);
    host.style.zIndex = "2147483646";
    document.documentElement.append(host);

    const say = (words, action) => {
      bubble.replaceChildren(words);
      said.textContent = words;
      if (action) {
        const extra = document.createElement("button");
        extra.className = "action";
        extra.textContent = action.label;
        extra.addEventListener("click", (event) => { if (event.isTrusted) action.run(); });
        bubble.append(extra);
      }
      bubble.hidden = !words;
      // Over the other buttons while it speaks (they come later in the page, and would be drawn over it).
      host.style.zIndex = words ? "2147483647" : "2147483646";
    };
    target.say = say;

    const place = () => {
      const anchor = target.inputs[target.inputs.length - 1];
      if (!anchor.isConnected) { host.remove(); placed.delete(target.inputs[0]); return; }
      const box = anchor.getBoundingClientRect();
      host.style.left = `${box.right + window.scrollX - (target.inputs.length === 1 ? SIZE + 5 : -4)}px`;
      host.style.top = `${box.top + window.scrollY + (box.height - SIZE) / 2}px`;
    };
    target.place = place;
    place();

    button.addEventListener("click", async (event) => {
      // Only the user's own click (a page script cannot press it for them), on a button the user could
      // see: a page that fades it or covers it with a decoy does not get a click meant for the decoy.
      if (!event.isTrusted) return;
      if (!seen(host)) { say(text("bubble_hidden")); return; }
      const reply = await ask({ type: "code" });
      if (reply.type === "codes" && reply.codes.length > 1) {
        say(text("bubble_which_account"));
        for (const c of reply.codes) {
          const choice = document.createElement("button");
          choice.className = "account";
          choice.textContent = c.label ?? c.name; // (an older Keyfob sends no label)
          choice.addEventListener("click", (e) => { if (e.isTrusted && seen(host)) fill(target, say, c.id).then((r) => explainTo(say, r)); });
          bubble.append(choice);
        }
        return;
      }
      const outcome = reply.type === "codes" ? await fill(target, say) : reply;
      mood(outcome.type);
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
    if (reply.type === "none") {
      say(text("bubble_none", reply.site));
    } else if (reply.type === "locked") {
      const open = async () => explainTo(say, await ask({ type: "open" }));
      say(globalThis.keyfobExplain(reply), { label: text("action_open_to_unlock"), run: open });
    } else {
      say(globalThis.keyfobExplain(reply));
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
    if (!target) { respond({ type: "no_field" }); return false; }
    const say = placed.get(target.inputs[0])?.say ?? (() => {});
    fill(target, say, message.id).then((reply) => { explainTo(say, reply); respond(reply); });
    return true;
  });
})();
