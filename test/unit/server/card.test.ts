/** The Gmail card as the playground draws it from CardService's JSON: text formatting kept, everything else escaped. */
import { cardText } from '../../../src/local/server/views/card-text';
import { renderCard } from '../../../src/local/server/views/card';
import { localDocsUrl, localizeHtml } from '../../../src/local/server/web-links';

describe('card text', () => {
  it('keeps the documented formatting tags and escapes the rest', () => {
    expect(cardText('<b>Due</b> <font color="#ff0000">today</font><br>x')).toBe('<b>Due</b> <span style="color:#ff0000">today</span><br>x');
    expect(cardText('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(cardText('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(cardText('<font color="red;background:url(x)">a</font>')).toBe('<span>a</span>');
  });

  it('links only http(s) URLs, through the mapping given', () => {
    expect(cardText('<a href="javascript:alert(1)">x</a>')).toBe('<a>x</a>');
    expect(cardText('<a href="https://docs.google.com/x?a=1&amp;b=2">x</a>', (h) => `[${h}]`)).toBe(
      '<a href="[https://docs.google.com/x?a=1&amp;b=2]" target="_blank" rel="noopener noreferrer">x</a>',
    );
  });

  it('closes what the add-on left open, and ignores a stray closing tag', () => {
    expect(cardText('<b><i>x</b> y</i>')).toBe('<b><i>x</i></b> y');
  });
});

describe('renderCard', () => {
  const card = {
    name: 'c1',
    header: { title: 'PR-1 <x>', subtitle: 'Step 1' },
    sections: [
      {
        header: 'Your decision',
        widgets: [
          { textInput: { name: 'comment', label: 'Comment "why"', multiline: true } },
          {
            buttonList: {
              buttons: [
                { textButton: { text: 'Approve', onClick: { action: { function: 'decide', parameters: { d: 'approve' } } } } },
                { textButton: { text: 'Open', onClick: { openLink: { url: 'https://example.test/"x' } } } },
              ],
            },
          },
          { image: { imageUrl: 'https://x' } },
        ],
      },
    ],
  };

  it('numbers the clickable elements, never naming a function in the page', () => {
    const r = renderCard(card);
    expect(r.buttons).toEqual([
      { text: 'Approve', action: { function: 'decide', parameters: { d: 'approve' } }, disabled: false },
      { text: 'Open', openLink: 'https://example.test/"x', disabled: false },
    ]);
    expect(r.html).toContain('<button type="submit" class="card-btn" name="button" value="0">Approve</button>');
    expect(r.html).not.toContain('decide');
    expect(r.html).toContain('href="https://example.test/&quot;x"');
    expect(r.html).toContain('PR-1 &lt;x&gt;');
    expect(r.html).toContain('<textarea name="in:comment" rows="3">');
    expect(r.html).toContain('(a image widget the playground does not draw)');
  });
});

describe('Google Docs links', () => {
  it('become /docs/ paths, the fragment moved into the query', () => {
    expect(localDocsUrl('https://docs.google.com/spreadsheets/d/abc/edit#gid=5&range=A3')).toBe(
      '/docs/spreadsheets/d/abc/edit?gid=5&range=A3',
    );
    expect(localDocsUrl('https://docs.google.com/forms/d/e/p/viewform?edit2=t#x=1')).toBe('/docs/forms/d/e/p/viewform?edit2=t&x=1');
    const html =
      '<a href="https://docs.google.com/spreadsheets/d/abc/edit#gid=5&amp;range=A3">s</a> <a href="https://script.google.com/macros/s/D/exec?a=1">w</a>';
    expect(localizeHtml(html, 'https://script.google.com/macros/s/D/exec')).toBe(
      '<a href="/docs/spreadsheets/d/abc/edit?gid=5&amp;range=A3">s</a> <a href="/exec?a=1">w</a>',
    );
  });
});
