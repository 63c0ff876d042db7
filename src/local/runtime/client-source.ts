/**
 * The script side of the membrane, as JavaScript source evaluated INSIDE each script's vm context (so every
 * array, object, Date and Error it makes belongs to the script's realm: `x instanceof Date` and
 * `e instanceof Error` work in the script). It installs the service globals as proxies whose method calls
 * go through `transport.request` — a direct call into the host (single-thread mode) or a synchronous RPC to
 * the main thread (worker mode) — and replaces `Date` with one whose "now" is the SimClock's.
 *
 * Wire format (both directions): primitives as they are; arrays as arrays; {$t:'d',v:ms} a Date;
 * {$t:'o',v:{...}} a plain object; {$t:'h',id,c} a host object (class instance) by handle; {$t:'e',name,message,stack} an error.
 *
 * A context may serve many executions (LoadOptions.reuseContext, the worker pool): `begin(roots)` starts one
 * (fresh service proxies: handles belong to that execution's ObjectServer), `baseline()` records the global
 * object as the script's top level left it, and `restore()` puts it back after each execution, so every
 * execution starts with the globals Apps Script would give it.
 */
export const CLIENT_SOURCE = String.raw`(function (transport, roots) {
  'use strict';
  var G = globalThis;
  var RealDate = G.Date;
  var realNow = RealDate.now;
  var toStr = Object.prototype.toString;

  function SimDate() {
    var args = Array.prototype.slice.call(arguments);
    if (!new.target) return new RealDate(transport.now()).toString();
    if (args.length === 0) return Reflect.construct(RealDate, [transport.now()], new.target);
    return Reflect.construct(RealDate, args, new.target);
  }
  SimDate.prototype = RealDate.prototype;
  SimDate.now = function () { return transport.now(); };
  SimDate.parse = RealDate.parse;
  SimDate.UTC = RealDate.UTC;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: SimDate, writable: true, configurable: true });
  Object.defineProperty(G, 'Date', { value: SimDate, writable: true, configurable: true });

  var handleOf = new WeakMap();
  var proxies = new Map();
  // "Class#shape.prop" -> true when prop is a method. Class shapes are stable across executions (ObjectServer's
  // class ids are process-wide); object-literal shapes ('o' + handle) belong to one execution.
  var methodCache = new Map();
  var literalCache = new Map();

  function makeError(e) {
    var err = new Error(e.message);
    err.name = e.name || 'Exception';
    if (e.stack) { try { err.stack = e.stack; } catch (x) {} }
    if (e.details !== undefined) err.details = decode(e.details);
    return err;
  }

  function decode(v) {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      var out = [];
      for (var i = 0; i < v.length; i++) {
        var x = v[i];
        out.push(x === null || typeof x !== 'object' ? x : decode(x));
      }
      return out;
    }
    switch (v.$t) {
      case 'd': return new RealDate(v.v);
      case 'o': {
        var o = {};
        var keys = Object.keys(v.v);
        for (var k = 0; k < keys.length; k++) o[keys[k]] = decode(v.v[keys[k]]);
        return o;
      }
      case 'h': return proxyFor(v.id, v.c);
      case 'e': return makeError(v);
    }
    return undefined;
  }

  function encode(v, seen) {
    if (v === null || v === undefined || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'bigint') return Number(v);
    if (typeof v === 'symbol') return String(v);
    var h = handleOf.get(v);
    if (h !== undefined) return { $t: 'h', id: h };
    if (typeof v === 'function') throw new TypeError('A function cannot be passed to an Apps Script service.');
    if (toStr.call(v) === '[object Date]') return { $t: 'd', v: RealDate.prototype.getTime.call(v) };
    seen = seen || [];
    if (seen.indexOf(v) >= 0) throw new TypeError('Converting circular structure to an Apps Script value');
    seen.push(v);
    try {
      if (Array.isArray(v)) {
        var out = [];
        for (var i = 0; i < v.length; i++) out.push(encode(v[i], seen));
        return out;
      }
      if (v instanceof Error || toStr.call(v) === '[object Error]') return { $t: 'e', name: v.name, message: v.message, stack: v.stack };
      var o = {};
      var keys = Object.keys(v);
      for (var k = 0; k < keys.length; k++) o[keys[k]] = encode(v[keys[k]], seen);
      return { $t: 'o', v: o };
    } finally {
      seen.pop();
    }
  }

  function request(req) {
    var r = transport.request(req);
    if (r.err) throw makeError(r.err);
    return r;
  }

  function callRemote(id, method, args) {
    var enc = [];
    for (var i = 0; i < args.length; i++) enc.push(encode(args[i]));
    var started = realNow.call(RealDate);
    var first = true;
    for (;;) {
      var r = request({ op: 'call', h: id, m: method, a: enc, first: first, elapsedMs: realNow.call(RealDate) - started });
      if (r.retry) { first = false; transport.sleep(2); continue; }
      return decode(r.ok);
    }
  }

  function proxyFor(id, cls) {
    var existing = proxies.get(id);
    if (existing) return existing;
    var isFn = cls.indexOf('Function#') === 0;
    var name = cls.split('#')[0];
    var target = isFn ? function () {} : {};
    var methods = {};
    var p = new Proxy(target, {
      get: function (t, prop) {
        if (typeof prop === 'symbol') {
          if (prop === Symbol.toPrimitive) return function () { return name; };
          if (prop === Symbol.toStringTag) return name;
          return undefined;
        }
        if (prop === 'then' || prop === 'toJSON' || prop === 'constructor' || prop === 'valueOf') return undefined;
        if (prop === 'toString') return function () { return name; };
        var key = cls + '.' + prop;
        var cache = cls.indexOf('#o') > 0 ? literalCache : methodCache;
        var isMethod = cache.get(key);
        if (isMethod === undefined) {
          var r = request({ op: 'get', h: id, p: prop });
          if (!r.method) return decode(r.ok);
          cache.set(key, true);
        }
        if (!methods[prop]) methods[prop] = function () { return callRemote(id, prop, Array.prototype.slice.call(arguments)); };
        return methods[prop];
      },
      apply: function (t, self, args) { return callRemote(id, null, args); },
      set: function (t, prop, value) {
        if (typeof prop === 'symbol') return false;
        request({ op: 'set', h: id, p: prop, v: encode(value) });
        (cls.indexOf('#o') > 0 ? literalCache : methodCache).delete(cls + '.' + prop);
        delete methods[prop];
        return true;
      },
      has: function (t, prop) {
        if (typeof prop === 'symbol') return false;
        var r = request({ op: 'has', h: id, p: prop });
        return !!r.ok;
      },
      getPrototypeOf: function () { return isFn ? Function.prototype : Object.prototype; }
    });
    handleOf.set(p, id);
    proxies.set(id, p);
    return p;
  }

  function install(list) {
    for (var i = 0; i < list.length; i++) {
      Object.defineProperty(G, list[i].name, { value: decode(list[i].value), writable: true, configurable: true, enumerable: false });
    }
  }
  install(roots);

  var getOwn = Object.getOwnPropertyDescriptor;
  var saved = null;
  function same(a, b) {
    return a.value === b.value && a.get === b.get && a.set === b.set && a.writable === b.writable && a.enumerable === b.enumerable;
  }

  return {
    /** A new execution in this context: the previous execution's handles are gone; fresh service globals. */
    begin: function (list) {
      proxies = new Map();
      literalCache = new Map();
      install(list);
    },
    /** Records the global object as the script's top level left it. */
    baseline: function () {
      saved = new Map();
      var keys = Reflect.ownKeys(G);
      for (var i = 0; i < keys.length; i++) saved.set(keys[i], getOwn(G, keys[i]));
    },
    /** Puts the global object back to the baseline: globals added are deleted, globals changed get their value back. */
    restore: function () {
      if (!saved) return;
      var keys = Reflect.ownKeys(G);
      for (var i = 0; i < keys.length; i++) {
        if (saved.has(keys[i])) continue;
        var d = getOwn(G, keys[i]);
        if (d && d.configurable) delete G[keys[i]];
        else if (d && d.writable) G[keys[i]] = undefined;
      }
      saved.forEach(function (d, k) {
        var now = getOwn(G, k);
        if (now && same(now, d)) return;
        if (!now || now.configurable) Object.defineProperty(G, k, d);
        else if (now.writable) G[k] = d.value;
      });
    },
    hasFunction: function (name) { return typeof G[name] === 'function'; },
    functionNames: function () {
      return Object.getOwnPropertyNames(G).filter(function (k) {
        var d = Object.getOwnPropertyDescriptor(G, k);
        return d && typeof d.value === 'function' && d.enumerable;
      });
    },
    invoke: function (name, encArgs) {
      var fn = G[name];
      if (typeof fn !== 'function') return { err: { name: 'Exception', message: 'Script function not found: ' + name } };
      try {
        var args = [];
        for (var i = 0; i < encArgs.length; i++) args.push(decode(encArgs[i]));
        return { ok: encode(fn.apply(G, args)) };
      } catch (e) {
        if (e !== null && typeof e === 'object') return { err: { name: String(e.name || 'Error'), message: String(e.message), stack: String(e.stack || '') }, thrown: true };
        return { err: { name: 'Error', message: String(e) }, thrown: true };
      }
    }
  };
})`;
