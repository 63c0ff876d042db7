import * as vm from 'node:vm';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kernel } from '../../../src/local/kernel/kernel';
import { createHtmlServices } from '../../../src/local/services/html';

function setup() {
  const kernel = new Kernel({ owner: 'ada@acme.test' });
  const globals: Record<string, unknown> = {};
  const html = createHtmlServices(kernel, globals);
  globals.HtmlService = html.HtmlService;
  return { kernel, HtmlService: html.HtmlService as unknown as GoogleAppsScript.HTML.HtmlService, controls: html.controls, globals };
}

describe('HtmlService: outputs', () => {
  test('createHtmlOutput and HtmlOutput setters/getters', () => {
    const { HtmlService } = setup();
    const out = HtmlService.createHtmlOutput('<b>Hi</b>')
      .append('<i>!</i>')
      .appendUntrusted('<script>x</script>')
      .setTitle('T')
      .setWidth(300)
      .setHeight(200);
    out
      .setSandboxMode(HtmlService.SandboxMode.IFRAME)
      .setXFrameOptionsMode(HtmlService.XFrameOptionsMode.ALLOWALL)
      .addMetaTag('viewport', 'width=device-width');
    expect(out.getContent()).toBe('<b>Hi</b><i>!</i>&lt;script&gt;x&lt;/script&gt;');
    expect([out.getTitle(), out.getWidth(), out.getHeight()]).toEqual(['T', 300, 200]);
    expect(out.getMetaTags()[0]!.getName()).toBe('viewport');
    expect(() => out.addMetaTag('refresh', '0')).toThrow(/not allowed/);
    expect(HtmlService.createHtmlOutput().getContent()).toBe('');
    expect(out.setContent('x').getContent()).toBe('x');
  });

  test("files come from the configured folder; a missing file is Apps Script's error", () => {
    const { HtmlService, controls } = setup();
    const dir = mkdtempSync(join(tmpdir(), 'html-'));
    writeFileSync(join(dir, 'Page.html'), '<p><?= who ?></p>');
    controls.setFiles(dir);
    expect(HtmlService.createHtmlOutputFromFile('Page').getContent()).toBe('<p><?= who ?></p>');
    const t = HtmlService.createTemplateFromFile('Page.html');
    t.who = 'Ada & Bob';
    expect(t.evaluate().getContent()).toBe('<p>Ada &amp; Bob</p>');
    expect(() => HtmlService.createHtmlOutputFromFile('Nope')).toThrow('No HTML file named Nope was found.');
    expect(() => HtmlService.createHtmlOutputFromFile('../etc/passwd')).toThrow();
  });
});

describe('HtmlService: templates', () => {
  test('standard, printing and raw scriptlets; variables as properties', () => {
    const { HtmlService } = setup();
    const t = HtmlService.createTemplate(
      '<ul><? for (var i = 0; i < items.length; i++) { ?><li><?= items[i] ?></li><? } ?></ul><?!= raw ?>',
    );
    t.items = ['a<b', 'c"d'];
    t.raw = '<hr>';
    expect(t.evaluate().getContent()).toBe('<ul><li>a&lt;b</li><li>c&quot;d</li></ul><hr>');
    expect(t.getRawContent()).toContain('<?=');
    expect(t.getCode()).toContain('__out.print');
  });

  test('contextual escaping: text, attribute, URL attribute, script', () => {
    const { HtmlService } = setup();
    const t = HtmlService.createTemplate(
      '<p title="<?= v ?>"><?= v ?></p><a href="<?= url ?>">x</a><script>var data = <?= obj ?>; var s = <?= v ?>;</script><p><?= v ?></p>',
    );
    t.v = `"><script>alert(1)</script>`;
    t.url = 'javascript:alert(1)';
    t.obj = { a: '</script><b>', n: 1 };
    const out = t.evaluate().getContent();
    expect(out).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>' +
        '<a href="#">x</a>' +
        '<script>var data = {"a":"\\u003c/script\\u003e\\u003cb\\u003e","n":1}; var s = "\\"\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e";</script>' +
        '<p>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>',
    );
    expect(out).not.toContain('<script>alert');
  });

  test('null and undefined print as empty text', () => {
    const { HtmlService } = setup();
    const t = HtmlService.createTemplate('[<?= a ?>][<?!= b ?>]');
    t.a = null;
    t.b = undefined;
    expect(t.evaluate().getContent()).toBe('[][]');
  });

  test("scriptlets run in the loaded script's vm context and see its globals (include pattern)", () => {
    const { HtmlService, controls, globals } = setup();
    const ctx = vm.createContext({ ...globals });
    vm.runInContext(
      `var APP_NAME = 'Handoff';
       function include(name) { return HtmlService.createHtmlOutput('<style>' + name + '</style>').getContent(); }`,
      ctx,
    );
    controls.setScriptContext(ctx);
    const t = HtmlService.createTemplate('<?!= include("Css") ?><h1><?= APP_NAME ?></h1><? output.append("<i>x</i>") ?>');
    expect(t.evaluate().getContent()).toBe('<style>Css</style><h1>Handoff</h1><i>x</i>');
  });

  test('an error in a scriptlet propagates; evaluate is metered', () => {
    const { HtmlService, kernel } = setup();
    const t = HtmlService.createTemplate('<?= missing.x ?>');
    expect(() => t.evaluate()).toThrow(/missing is not defined/);
    const { cost } = kernel.measure(() => HtmlService.createTemplate('x').evaluate().getContent());
    expect(cost.calls).toEqual({ 'HtmlService.createTemplate': 1, 'HtmlTemplate.evaluate': 1, 'HtmlOutput.getContent': 1 });
  });
});
