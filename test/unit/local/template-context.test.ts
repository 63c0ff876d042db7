/** HtmlService template scriptlets run in the loaded script's context, so they can call its functions (the include() pattern). */
import { createWorkspace } from '../../../src/local/workspace';
import { loadScript } from '../../../src/local/runtime';

const CODE = `
function include(name) { return '<style>/* ' + name + ' */</style>'; }
function greeting() { return 'Hello <you>'; }
function page() {
  var t = HtmlService.createTemplate('<head><?!= include("Css") ?></head><p><?= greeting() ?></p><i><?= who ?></i>');
  t.who = 'Ada & co';
  return t.evaluate().getContent();
}
`;

describe('template scriptlets in the script context', () => {
  it("call the script's own functions, with <?= ?> escaped and <?!= ?> raw", () => {
    const ws = createWorkspace();
    const script = loadScript(ws, CODE, 'Code.js');
    const html = script.call('page') as string;
    expect(html).toContain('<style>/* Css */</style>');
    expect(html).toContain('<p>Hello &lt;you&gt;</p>');
    expect(html).toContain('<i>Ada &amp; co</i>');
  });

  it('outside any execution there is no script context', () => {
    const ws = createWorkspace();
    loadScript(ws, CODE, 'Code.js');
    expect(ws.runtime.currentContext()).toBeUndefined();
  });
});
