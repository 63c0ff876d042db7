import { Kernel } from '../../../src/local/kernel/kernel';
import { createContentService, type LocalTextOutput } from '../../../src/local/services/content';

describe('ContentService', () => {
  const kernel = new Kernel();
  const ContentService = createContentService(kernel).ContentService as unknown as GoogleAppsScript.Content.ContentService;

  test('text output defaults to TEXT; mime type, content, append and download', () => {
    const out = ContentService.createTextOutput('{"a":');
    expect(String(out.getMimeType())).toBe('TEXT');
    out.append('1}').setMimeType(ContentService.MimeType.JSON).downloadAsFile('a.json');
    expect(out.getContent()).toBe('{"a":1}');
    expect(out.getMimeType()).toBe(ContentService.MimeType.JSON);
    expect(out.getFileName()).toBe('a.json');
    expect((out as unknown as LocalTextOutput).response()).toEqual({
      content: '{"a":1}',
      mimeType: 'JSON',
      contentType: 'application/json',
      fileName: 'a.json',
    });
    expect(ContentService.createTextOutput().getContent()).toBe('');
    expect(ContentService.createTextOutput('x').getFileName()).toBeNull();
  });

  test('an unknown mime type is refused', () => {
    expect(() => ContentService.createTextOutput('x').setMimeType('HTML' as never)).toThrow('Invalid argument: mimeType');
  });
});
