import { MODEL_ID_MAX_CHARS, MODEL_PROVIDERS } from "@/lib/ai/model-ids";
import { MODEL_NAME_PATTERN, USER_IDENTIFIER_MAX_CHARS, WIDGET_MESSAGES, WIDGET_MESSAGE_SOURCE } from "./protocol";

/**
 * The text of GET /widget.js: what a business pastes into its pages as
 * `<script src="https://<app>/widget.js" data-key="pk_…" async></script>`, optionally with
 * `data-model="anthropic:claude-haiku-4-5"` and/or `data-ai-provider="anthropic"` (that provider's
 * default model) for the model its conversations use. The iframe asks the server for that model;
 * one the server does not offer falls back to the business's own.
 *
 * Plain ES2017 with no dependencies, because it runs on pages we do not control: everything it
 * does is inside try/catch (a failure warns in the console, never breaks the page), it adds one
 * element whose shadow root keeps the page's CSS out, and it styles through the CSSOM, which a
 * page's style-src CSP does not block. The chat itself runs in the /embed iframe on our origin.
 */
const source = String.raw`(function () {
  "use strict";
  var SOURCE = ${JSON.stringify(WIDGET_MESSAGE_SOURCE)};
  var M = ${JSON.stringify(WIDGET_MESSAGES)};
  var KEY = /^pk_[A-Za-z0-9_-]{43}$/;
  var MAX_ID = ${USER_IDENTIFIER_MAX_CHARS};
  var PROVIDERS = ${JSON.stringify(MODEL_PROVIDERS)};
  var MODEL = ${MODEL_NAME_PATTERN.toString()};
  var SVG = "http://www.w3.org/2000/svg";
  var SHADOW = "0 4px 14px rgba(0,0,0,.25)";
  var RING = "0 0 0 3px #ffffff, 0 0 0 6px #111827";
  var HIDDEN = { position: "absolute", width: "1px", height: "1px", margin: "-1px", padding: "0", overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap", border: "0" };

  function warn(message) {
    try { console.warn("[ProductAssistant] " + message); } catch (ignored) {}
  }
  function guard(fn) {
    return function () {
      try { return fn.apply(null, arguments); } catch (error) { warn(error && error.message ? error.message : String(error)); }
    };
  }
  function css(element, styles) {
    for (var name in styles) element.style[name] = styles[name];
  }
  // The host page's own storage, for one flag: whether this key's conversation is with a person.
  // Blocked storage only means the chat loads when the visitor opens it, as before.
  function remembered(name) {
    try { return window.localStorage.getItem(name); } catch (ignored) { return null; }
  }
  function remember(name, value) {
    try {
      if (value) window.localStorage.setItem(name, value);
      else window.localStorage.removeItem(name);
    } catch (ignored) {}
  }
  function newMessages(count) {
    return count === 1 ? "1 new message" : count + " new messages";
  }
  function icon(d, filled) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", "26");
    svg.setAttribute("height", "26");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", d);
    path.setAttribute("fill", filled ? "currentColor" : "none");
    path.setAttribute("stroke", "currentColor");
    path.setAttribute("stroke-width", filled ? "0" : "2.5");
    path.setAttribute("stroke-linecap", "round");
    svg.appendChild(path);
    return svg;
  }
  // The text colour on the business colour, by the rule of readableTextOn (lib/contrast.ts): white or
  // near-black, whichever contrasts more; pure black or white on a mid-tone where that is under 4.5:1.
  function luminance(hex) {
    var l = [1, 3, 5].map(function (i) {
      var c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * l[0] + 0.7152 * l[1] + 0.0722 * l[2];
  }
  function ratio(a, b) {
    var x = luminance(a), y = luminance(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  function textOn(hex) {
    var white = ratio(hex, "#ffffff"), nearBlack = ratio(hex, "#111827");
    if (Math.max(white, nearBlack) >= 4.5) return white >= nearBlack ? "#ffffff" : "#111827";
    return white >= ratio(hex, "#000000") ? "#ffffff" : "#000000";
  }

  // data-ai-provider and data-model on the tag; a malformed one is left out (the business's model answers).
  function modelChoice(script) {
    var choice = {};
    var provider = script.getAttribute("data-ai-provider");
    var model = script.getAttribute("data-model");
    if (provider !== null) {
      provider = provider.trim().toLowerCase();
      if (PROVIDERS.indexOf(provider) >= 0) choice.aiProvider = provider;
      else warn("data-ai-provider must be one of: " + PROVIDERS.join(", ") + "; ignored");
    }
    if (model !== null) {
      model = model.trim();
      if (MODEL.test(model)) choice.model = model;
      else warn("data-model must name a model, such as anthropic:claude-haiku-4-5 (up to ${MODEL_ID_MAX_CHARS} characters); ignored");
    }
    return choice.aiProvider || choice.model ? choice : null;
  }

  function start() {
    var existing = window.ProductAssistant;
    if (existing && existing.version) return;
    // currentScript is only set while this file first runs; an older browser falls back to the tag.
    var script = document.currentScript;
    if (!script || !script.getAttribute("data-key")) script = document.querySelector("script[data-key][src*='widget.js']");
    if (!script) return warn("no <script data-key> tag found");
    var key = script.getAttribute("data-key") || "";
    if (!KEY.test(key)) return warn("data-key must be a publishable key (pk_...)");
    var origin = new URL(script.src, location.href).origin;
    var model = modelChoice(script);

    var look = { botName: "Assistant", botColor: "#4f46e5", botIcon: null };
    var state = { open: false, ready: false, identity: null, unread: 0 };
    var following = "product-assistant:following:" + key;
    var narrow = window.matchMedia ? window.matchMedia("(max-width: 480px)") : null;
    var frameId = "product-assistant-frame-" + Math.random().toString(36).slice(2);
    var host = null;
    var root = null;
    var launcher = null;
    var frame = null;
    var announcer = null;

    function post(message) {
      if (!frame || !frame.contentWindow) return;
      var data = { source: SOURCE };
      for (var name in message) data[name] = message[name];
      frame.contentWindow.postMessage(data, origin);
    }

    function render() {
      if (!launcher) return;
      var color = textOn(look.botColor);
      css(launcher, { background: look.botColor, color: color });
      launcher.setAttribute("aria-label", state.open ? "Close chat" : "Open chat with " + look.botName + (state.unread ? ", " + newMessages(state.unread) : ""));
      launcher.setAttribute("aria-expanded", state.open ? "true" : "false");
      while (launcher.firstChild) launcher.removeChild(launcher.firstChild);
      if (state.open) launcher.appendChild(icon("M6 6l12 12M18 6L6 18", false));
      else if (look.botIcon) {
        var mark = document.createElement("span");
        mark.setAttribute("aria-hidden", "true");
        mark.textContent = look.botIcon;
        launcher.appendChild(mark);
      } else launcher.appendChild(icon("M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z", true));
      if (state.unread && !state.open) {
        var badge = document.createElement("span");
        badge.setAttribute("aria-hidden", "true");
        badge.setAttribute("data-unread", String(state.unread));
        badge.textContent = state.unread > 9 ? "9+" : String(state.unread);
        css(badge, {
          position: "absolute", top: "-4px", right: "-4px", minWidth: "20px", height: "20px", padding: "0 5px",
          boxSizing: "border-box", borderRadius: "10px", background: "#b91c1c", color: "#ffffff",
          font: "700 12px/20px system-ui, sans-serif", textAlign: "center", boxShadow: "0 0 0 2px #ffffff"
        });
        launcher.appendChild(badge);
      }
      if (frame) frame.title = "Chat with " + look.botName;
    }

    function layout() {
      if (!launcher) return;
      var small = !!(narrow && narrow.matches);
      if (frame) {
        css(frame, small
          ? { top: "0", left: "0", right: "0", bottom: "0", width: "100%", height: "100%", maxWidth: "none", maxHeight: "none", borderRadius: "0", boxShadow: "none" }
          : { top: "auto", left: "auto", right: "20px", bottom: "88px", width: "380px", height: "600px", maxWidth: "calc(100vw - 40px)", maxHeight: "calc(100vh - 108px)", borderRadius: "16px", boxShadow: "0 12px 40px rgba(0,0,0,.28)" });
        frame.style.display = state.open ? "block" : "none";
      }
      // Full screen, the panel's own close button replaces the launcher.
      launcher.style.display = state.open && small ? "none" : "flex";
    }

    function applyLook(next) {
      if (!next || typeof next !== "object") return;
      if (typeof next.botColor === "string" && /^#[0-9a-fA-F]{6}$/.test(next.botColor)) look.botColor = next.botColor;
      if (typeof next.botName === "string" && next.botName.trim()) look.botName = next.botName.trim().slice(0, 80);
      if (next.botIcon === null || (typeof next.botIcon === "string" && next.botIcon.length <= 8)) look.botIcon = next.botIcon || null;
      render();
    }

    function ensureFrame() {
      if (frame) return;
      frame = document.createElement("iframe");
      frame.id = frameId;
      frame.src = origin + "/embed/" + encodeURIComponent(key);
      frame.setAttribute("allow", "clipboard-write");
      css(frame, { position: "fixed", border: "0", margin: "0", padding: "0", zIndex: "2147483000", background: "transparent", colorScheme: "normal", display: "none" });
      root.appendChild(frame);
      launcher.setAttribute("aria-controls", frameId);
      render();
    }

    function open() {
      state.open = true;
      state.unread = 0;
      if (!launcher) return;
      ensureFrame();
      layout();
      render();
      if (state.ready) post({ type: M.opened });
      frame.focus();
    }

    function close() {
      if (!state.open) return;
      state.open = false;
      var active = document.activeElement;
      layout();
      render();
      if (launcher && (active === host || active === frame)) launcher.focus();
    }

    function noteReply() {
      if (state.open) return;
      state.unread += 1;
      render();
      if (announcer) announcer.textContent = newMessages(state.unread) + " in the chat with " + look.botName;
    }

    function identify(input) {
      // identify(null): the page's visitor signed out; the chat forgets them and goes on anonymously.
      if (input === null) {
        state.identity = null;
        if (state.ready) post({ type: M.identify, userIdentifier: null });
        return;
      }
      var id = input && input.userIdentifier;
      var hash = input && input.userHash;
      if (typeof id !== "string" || !id.trim() || id.length > MAX_ID) return warn("identify() needs a userIdentifier of 1-" + MAX_ID + " characters, or null to forget the visitor");
      if (hash != null && (typeof hash !== "string" || !/^[0-9a-fA-F]{64}$/.test(hash))) return warn("identify(): userHash must be the 64-digit hex HMAC-SHA256 of the userIdentifier");
      state.identity = hash ? { userIdentifier: id, userHash: hash } : { userIdentifier: id };
      if (state.ready) post({ type: M.identify, userIdentifier: id, userHash: hash || undefined });
    }

    function mount() {
      host = document.createElement("div");
      host.setAttribute("data-product-assistant", "");
      root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
      launcher = document.createElement("button");
      launcher.type = "button";
      css(launcher, {
        position: "fixed", right: "20px", bottom: "20px", zIndex: "2147483000", width: "56px", height: "56px",
        margin: "0", padding: "0", border: "0", borderRadius: "50%", cursor: "pointer", alignItems: "center",
        justifyContent: "center", boxShadow: SHADOW, outline: "none", font: "600 24px/1 system-ui, sans-serif"
      });
      launcher.addEventListener("click", guard(function () { state.open ? close() : open(); }));
      launcher.addEventListener("focus", guard(function () {
        var visible = true;
        try { visible = launcher.matches(":focus-visible"); } catch (ignored) {}
        if (visible) launcher.style.boxShadow = RING;
      }));
      launcher.addEventListener("blur", function () { launcher.style.boxShadow = SHADOW; });
      root.appendChild(launcher);
      announcer = document.createElement("span");
      announcer.setAttribute("role", "status");
      css(announcer, HIDDEN);
      root.appendChild(announcer);
      document.body.appendChild(host);
      // A person of the business is in the conversation: the chat loads hidden, so their replies reach the launcher.
      if (remembered(following)) ensureFrame();
      render();
      layout();
      if (state.open) open();
    }

    window.addEventListener("message", guard(function (event) {
      if (!frame || event.source !== frame.contentWindow || event.origin !== origin) return;
      var data = event.data;
      if (!data || data.source !== SOURCE) return;
      if (data.type === M.ready) {
        state.ready = true;
        applyLook(data.look);
        post({ type: M.init, identity: state.identity, page: { url: location.origin + location.pathname, title: document.title }, modelChoice: model });
        if (state.open) post({ type: M.opened });
      } else if (data.type === M.close) close();
      else if (data.type === M.reply) noteReply();
      else if (data.type === M.follow) remember(following, data.following === true ? "1" : null);
    }));
    document.addEventListener("keydown", guard(function (event) {
      if (state.open && event.key === "Escape") close();
    }));
    if (narrow) {
      if (narrow.addEventListener) narrow.addEventListener("change", guard(layout));
      else if (narrow.addListener) narrow.addListener(guard(layout));
    }
    function mountWithPage() {
      if (document.body) mount();
      else document.addEventListener("DOMContentLoaded", guard(mount));
    }
    // The launcher shows once the app has answered for this page: in the business's colour from the
    // start, and not at all on a page whose origin the key does not allow (the browser would refuse to
    // show the chat there), with a revoked key, or when the app cannot be reached.
    if (window.fetch) {
      fetch(origin + "/api/chat/bot-config", { headers: { "X-API-Key": key }, credentials: "omit" })
        .then(function (response) {
          if (!response.ok) throw new Error("status " + response.status);
          return response.json();
        })
        .then(guard(function (config) {
          applyLook(config);
          mountWithPage();
        }))
        .catch(function () {
          warn("the chat is not shown: " + location.origin + " is not among this key's allowed origins, the key is no longer valid, or " + origin + " cannot be reached");
        });
    } else mountWithPage();

    var api = { identify: guard(identify), open: guard(open), close: guard(close) };
    Object.defineProperty(api, "version", { value: 1 });
    window.ProductAssistant = api;
    // Calls made before this file loaded, through a stub: ProductAssistant = { q: [["identify", {...}]] }.
    if (existing && Array.isArray(existing.q)) {
      existing.q.forEach(function (call) {
        if (call && typeof api[call[0]] === "function") api[call[0]].apply(null, Array.prototype.slice.call(call, 1));
      });
    }
  }

  try { start(); } catch (error) { warn(error && error.message ? error.message : String(error)); }
})();
`;

export const WIDGET_SCRIPT = source;
