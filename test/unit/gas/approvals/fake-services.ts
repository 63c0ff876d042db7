/**
 * Minimal stand-ins for the few Apps Script services the token code uses, for unit tests that run before
 * (or without) the local Workspace. HMAC and base64 come from node:crypto, with Apps Script's signed bytes.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { intlZoneOffset } from '../../../../src/core';

const signed = (buf: Buffer): number[] => Array.from(buf, (b) => (b > 127 ? b - 256 : b));
const unsigned = (bytes: number[]): Buffer => Buffer.from(bytes.map((b) => b & 0xff));

/** Utilities.formatDate(date, tz, 'Z') (the only pattern the gas layer uses): "+0100"; an unknown zone is GMT, as in Java. */
function formatOffset(date: Date, tz: string, pattern: string): string {
  if (pattern !== 'Z') throw new Error(`fakeUtilities.formatDate: unexpected pattern ${pattern}`);
  let m = 0;
  try {
    m = intlZoneOffset(tz, date.getTime());
  } catch {
    m = 0;
  }
  const a = Math.abs(m);
  return `${m < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`;
}

export function fakeUtilities() {
  return {
    getUuid: () => randomUUID(),
    formatDate: formatOffset,
    computeHmacSha256Signature: (value: string | number[], key: string | number[]) =>
      signed(
        createHmac('sha256', typeof key === 'string' ? Buffer.from(key, 'utf8') : unsigned(key))
          .update(typeof value === 'string' ? Buffer.from(value, 'utf8') : unsigned(value))
          .digest(),
      ),
    base64EncodeWebSafe: (data: string | number[]) =>
      (typeof data === 'string' ? Buffer.from(data, 'utf8') : unsigned(data)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_'),
    base64DecodeWebSafe: (s: string) => {
      if (!/^[A-Za-z0-9_-]*=*$/.test(s) || s.length % 4 !== 0) throw new Error('Could not decode string.');
      return signed(Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
    },
  };
}

export function fakeProperties() {
  const store = new Map<string, string>();
  let writes = 0;
  const props = {
    getProperty: (k: string) => store.get(k) ?? null,
    setProperty: (k: string, v: string) => {
      writes++;
      store.set(k, String(v));
      return props;
    },
    deleteProperty: (k: string) => {
      writes++;
      store.delete(k);
      return props;
    },
    getProperties: () => Object.fromEntries(store),
  };
  return { service: { getScriptProperties: () => props }, store, writes: () => writes };
}

export function fakeLock() {
  let held = 0;
  const lock = {
    waitLock: () => void held++,
    tryLock: () => {
      held++;
      return true;
    },
    releaseLock: () => void (held = Math.max(0, held - 1)),
    hasLock: () => held > 0,
  };
  return { getScriptLock: () => lock };
}

export function fakeTokenServices() {
  const props = fakeProperties();
  return {
    services: { Utilities: fakeUtilities(), PropertiesService: props.service, LockService: fakeLock() } as any,
    props,
  };
}

export interface FakeHtml {
  getContent(): string;
  getTitle(): string;
  xframe: string | null;
}

export function fakeHtmlService() {
  return {
    XFrameOptionsMode: { DEFAULT: 'DEFAULT', ALLOWALL: 'ALLOWALL' },
    createHtmlOutput(html: string) {
      let title = '';
      const out: any = {
        xframe: null as string | null,
        getContent: () => html,
        getTitle: () => title,
        setTitle(t: string) {
          title = t;
          return out;
        },
        setXFrameOptionsMode(m: string) {
          out.xframe = m;
          return out;
        },
      };
      return out;
    },
  };
}

/** The services the web app handlers use; `user` is who Session.getActiveUser() reports ('' outside the domain). */
export function fakeWebAppServices() {
  const base = fakeTokenServices();
  const state = { user: '' };
  const services = {
    ...base.services,
    HtmlService: fakeHtmlService(),
    Session: { getActiveUser: () => ({ getEmail: () => state.user }), getEffectiveUser: () => ({ getEmail: () => 'owner@acme.test' }) },
    ScriptApp: { getService: () => ({ getUrl: () => 'https://script.google.com/macros/s/DEPLOYMENT/exec' }) },
  } as any;
  return { services, props: base.props, state };
}
