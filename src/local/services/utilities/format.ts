/** Utilities.formatString: sprintf-like '%s %d %05.2f %x %%' formatting. */
export function formatString(template: string, ...args: unknown[]): string {
  let i = 0;
  return String(template).replace(
    /%(-)?(0)?(\d+)?(?:\.(\d+))?([sdifxXeEbco%])/g,
    (m, left: string | undefined, zero: string | undefined, width: string | undefined, prec: string | undefined, conv: string) => {
      if (conv === '%') return '%';
      if (i >= args.length) return m;
      const v = args[i++];
      let s: string;
      switch (conv) {
        case 'd':
        case 'i':
          s = String(Math.trunc(Number(v)));
          break;
        case 'f':
          s = prec !== undefined ? Number(v).toFixed(Number(prec)) : String(Number(v));
          break;
        case 'e':
        case 'E':
          s = prec !== undefined ? Number(v).toExponential(Number(prec)) : Number(v).toExponential();
          if (conv === 'E') s = s.toUpperCase();
          break;
        case 'x':
          s = (Math.trunc(Number(v)) >>> 0).toString(16);
          break;
        case 'X':
          s = (Math.trunc(Number(v)) >>> 0).toString(16).toUpperCase();
          break;
        case 'o':
          s = (Math.trunc(Number(v)) >>> 0).toString(8);
          break;
        case 'b':
          s = String(!!v);
          break;
        case 'c':
          s = typeof v === 'number' ? String.fromCharCode(v) : String(v).charAt(0);
          break;
        default:
          s = typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
          if (prec !== undefined) s = s.slice(0, Number(prec));
      }
      const w = width ? Number(width) : 0;
      if (s.length < w) {
        if (left) s = s + ' '.repeat(w - s.length);
        else if (zero && /[difxXeEo]/.test(conv))
          s = s.startsWith('-') ? '-' + '0'.repeat(w - s.length) + s.slice(1) : '0'.repeat(w - s.length) + s;
        else s = ' '.repeat(w - s.length) + s;
      }
      return s;
    },
  );
}
