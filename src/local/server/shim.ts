/**
 * The google.script.run bridge injected into the sidebar (dist/Sidebar.html as the add-on serves it). It calls
 * `POST /api/run {fn, args, as}` for the person the page was opened as.
 *
 * Like the real client API (Apps Script reference, "Class google.script.run"):
 *   - only the script's callable functions are properties (another name is a TypeError, as with a typo);
 *   - withSuccessHandler / withFailureHandler / withUserObject each return a runner carrying the setting, so a
 *     configured runner can be reused; the handlers get (value, userObject) / (error, userObject), asynchronously;
 *   - arguments must be JSON-like: a Date, a function, a DOM node or a circular reference throws at once
 *     ("Failed due to illegal value in property: …"), nothing is sent; undefined in an array becomes null;
 *     a <form> element may be the only argument (its fields become an object);
 *   - without a failure handler the failure is logged to the console.
 * google.script.host: close() and setHeight/setWidth are recorded for the page around the frame.
 * Links the page opens to the web app or to Google Docs (the spreadsheet, a form) go to the playground's own pages
 * (`webAppUrl` → /exec, https://docs.google.com/… → /docs/…), in the whole tab.
 */
export function scriptRunShim(as: string, functions: readonly string[], endpoint = '/api/run', webAppUrl = ''): string {
  // JSON.stringify, then '<' escaped: the values cannot close the <script> element they are written into.
  const json = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');
  return `<script>
(function () {
  'use strict';
  var AS = ${json(as)};
  var FUNCTIONS = ${json(functions)};
  var ENDPOINT = ${json(endpoint)};

  function illegal(path) {
    return new Error('Failed due to illegal value in property: ' + path);
  }

  function formToObject(form) {
    var out = {};
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (!el.name || el.disabled) continue;
      var type = (el.type || '').toLowerCase();
      if ((type === 'checkbox' || type === 'radio') && !el.checked) continue;
      if (type === 'submit' || type === 'button' || type === 'file') continue;
      var value = el.tagName === 'SELECT' && el.multiple ? Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; }) : el.value;
      if (Object.prototype.hasOwnProperty.call(out, el.name)) out[el.name] = [].concat(out[el.name], value);
      else out[el.name] = value;
    }
    return out;
  }

  function copy(value, path, seen) {
    if (value === null || value === undefined) return value;
    var t = typeof value;
    if (t === 'string' || t === 'boolean') return value;
    if (t === 'number') return isFinite(value) ? value : null;
    if (t !== 'object') throw illegal(path);
    if (Object.prototype.toString.call(value) === '[object Date]') throw illegal(path);
    if (typeof Node !== 'undefined' && value instanceof Node) throw illegal(path);
    if (seen.indexOf(value) >= 0) throw illegal(path);
    seen.push(value);
    var out;
    if (Array.isArray(value)) {
      out = [];
      for (var i = 0; i < value.length; i++) { var v = copy(value[i], path + '.' + i, seen); out.push(v === undefined ? null : v); }
    } else {
      var proto = Object.getPrototypeOf(value);
      // A plain object (from this window or another frame): its prototype is an Object.prototype.
      if (proto !== null && Object.getPrototypeOf(proto) !== null) throw illegal(path);
      out = {};
      Object.keys(value).forEach(function (k) { var v = copy(value[k], path + '.' + k, seen); if (v !== undefined) out[k] = v; });
    }
    seen.pop();
    return out;
  }

  function toError(e) {
    var err = new Error(e && e.message ? e.message : String(e));
    err.name = e && e.name ? e.name : 'Error';
    return err;
  }

  function call(settings, name, rawArgs) {
    var args;
    if (rawArgs.length === 1 && typeof HTMLFormElement !== 'undefined' && rawArgs[0] instanceof HTMLFormElement) {
      args = [formToObject(rawArgs[0])];
    } else {
      args = [];
      for (var i = 0; i < rawArgs.length; i++) { var v = copy(rawArgs[i], String(i), []); args.push(v === undefined ? null : v); }
    }
    var fail = function (e) {
      if (settings.failure) settings.failure(toError(e), settings.userObject);
      else if (window.console) console.error('google.script.run.' + name + ' failed:', e && e.message ? e.message : e);
    };
    fetch(ENDPOINT, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fn: name, args: args, as: AS }) })
      .then(function (r) { return r.json().then(function (body) { return { status: r.status, body: body }; }); })
      .then(function (res) {
        if (res.status === 200 && res.body && res.body.ok === true) {
          if (settings.success) settings.success(res.body.result, settings.userObject);
        } else {
          fail(res.body && res.body.error ? res.body.error : { message: 'HTTP ' + res.status });
        }
      }, function (e) { fail({ message: 'The playground server did not answer: ' + (e && e.message ? e.message : e) }); });
  }

  function runner(settings) {
    var r = {
      withSuccessHandler: function (fn) { return runner({ success: fn, failure: settings.failure, userObject: settings.userObject }); },
      withFailureHandler: function (fn) { return runner({ success: settings.success, failure: fn, userObject: settings.userObject }); },
      withUserObject: function (o) { return runner({ success: settings.success, failure: settings.failure, userObject: o }); }
    };
    FUNCTIONS.forEach(function (name) {
      r[name] = function () { call(settings, name, Array.prototype.slice.call(arguments)); };
    });
    return r;
  }

  var host = {
    close: function () { host.closed = true; try { parent.postMessage({ handoffSidebar: 'close' }, location.origin); } catch (e) {} },
    setHeight: function (h) { host.height = h; },
    setWidth: function (w) { host.width = w; },
    editor: { focus: function () {} },
    origin: location.origin,
    closed: false
  };
  window.google = window.google || {};
  window.google.script = { run: runner({ success: null, failure: null, userObject: undefined }), host: host, url: { getLocation: function (cb) { cb({ hash: '', parameter: {}, parameters: {} }); } } };
  window.__HANDOFF_PLAYGROUND = { as: AS, functions: FUNCTIONS };

  var WEB_APP = ${json(webAppUrl)};
  function local(href) {
    if (WEB_APP && href.indexOf(WEB_APP) === 0) return '/exec' + href.slice(WEB_APP.length);
    if (href.indexOf('https://docs.google.com/') !== 0) return null;
    var hash = href.indexOf('#'); var base = hash < 0 ? href : href.slice(0, hash); var frag = hash < 0 ? '' : href.slice(hash + 1);
    var path = '/docs/' + base.slice('https://docs.google.com/'.length);
    return frag ? path + (path.indexOf('?') < 0 ? '?' : '&') + frag : path;
  }
  if (typeof document !== 'undefined') document.addEventListener('click', function (ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest('a[href]') : null;
    var to = a ? local(a.href) : null;
    if (!to) return;
    ev.preventDefault();
    try { window.top.location.href = to; } catch (e) { location.href = to; }
  }, true);
})();
</script>`;
}

/** Puts the shim first in the page, before any of the page's own scripts run. */
export function injectShim(html: string, shim: string): string {
  const head = /<head\b[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + shim + html.slice(head.index + head[0].length);
  const doctype = /<!doctype[^>]*>/i.exec(html);
  if (doctype) return html.slice(0, doctype.index + doctype[0].length) + shim + html.slice(doctype.index + doctype[0].length);
  return shim + html;
}
