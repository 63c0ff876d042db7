import { createWorkspace } from '../../../src/local/workspace';
import { loadScript } from '../../../src/local/runtime';

const SCRIPT = `
function onGmailMessageOpen(e) {
  GmailApp.setCurrentMessageAccessToken(e.gmail.accessToken);
  var msg = GmailApp.getMessageById(e.gmail.messageId);
  var approve = CardService.newAction().setFunctionName('decide').setParameters({ decision: 'approve', subject: msg.getSubject() });
  var reject = CardService.newAction().setFunctionName('decide').setParameters({ decision: 'reject', subject: msg.getSubject() });
  return CardService.newCardBuilder()
    .setHeader(CardService.newCardHeader().setTitle('Handoff').setSubtitle(msg.getSubject()))
    .addSection(CardService.newCardSection()
      .addWidget(CardService.newDecoratedText().setTopLabel('From').setText(msg.getFrom()))
      .addWidget(CardService.newTextInput().setFieldName('comment').setTitle('Comment').setValue('default'))
      .addWidget(CardService.newButtonSet()
        .addButton(CardService.newTextButton().setText('Approve').setTextButtonStyle(CardService.TextButtonStyle.FILLED).setOnClickAction(approve))
        .addButton(CardService.newTextButton().setText('Reject').setOnClickAction(reject))
        .addButton(CardService.newTextButton().setText('Open').setOpenLink(CardService.newOpenLink().setUrl('https://example.org/r/1')))))
    .build();
}
function decide(e) {
  var who = Session.getActiveUser().getEmail();
  return CardService.newActionResponseBuilder()
    .setNotification(CardService.newNotification().setText(e.commonEventObject.parameters.decision + ' by ' + who + ': ' + e.commonEventObject.formInputs.comment.stringInputs.value[0]))
    .setNavigation(CardService.newNavigation().popCard())
    .build();
}
`;

function setup() {
  const ws = createWorkspace({ owner: 'ada@acme.test' });
  loadScript(ws, SCRIPT);
  ws.globals.GmailApp.sendEmail('bob@acme.test', 'Approve REQ-7', 'Please decide', { name: 'Handoff' });
  const msg = ws.mail.inbox('bob@acme.test')[0]!;
  return { ws, msg };
}

describe('CardService and the Gmail card', () => {
  test('the contextual trigger builds a card; its JSON rendering is readable', () => {
    const { ws, msg } = setup();
    const card = ws.cards.open('onGmailMessageOpen', { as: 'bob@acme.test', messageId: msg.id }) as { toJSON(): any; printJson(): string };
    const json = card.toJSON();
    expect(json.header).toEqual({ title: 'Handoff', subtitle: 'Approve REQ-7' });
    expect(json.sections[0].widgets[0]).toEqual({ decoratedText: { topLabel: 'From', text: '"Handoff" <ada@acme.test>' } });
    expect(json.sections[0].widgets[2].buttonList.buttons.map((b: any) => b.textButton.text)).toEqual(['Approve', 'Reject', 'Open']);
    expect(json.sections[0].widgets[2].buttonList.buttons[0].textButton).toMatchObject({
      style: 'FILLED',
      onClick: { action: { function: 'decide', parameters: { decision: 'approve', subject: 'Approve REQ-7' } } },
    });
    expect(JSON.parse(card.printJson()).card.header.title).toBe('Handoff');
    expect(ws.cards.buttons(card).map((b) => b.text)).toEqual(['Approve', 'Reject', 'Open']);
  });

  test('clicking a button runs its action as the Gmail user with the add-on event object', () => {
    const { ws, msg } = setup();
    const card = ws.cards.open('onGmailMessageOpen', { as: 'bob@acme.test', messageId: msg.id });
    const res = ws.cards.click(card, 'Reject', { as: 'bob@acme.test', messageId: msg.id, formInputs: { comment: 'too expensive' } }) as {
      toJSON(): any;
    };
    expect(res.toJSON()).toEqual({
      notification: { text: 'reject by bob@acme.test: too expensive' },
      navigation: { steps: [{ popCard: true }] },
    });
    const res2 = ws.cards.click(card, 'Approve', { as: 'bob@acme.test', messageId: msg.id }) as { toJSON(): any };
    expect(res2.toJSON().notification.text).toBe('approve by bob@acme.test: default'); // the input's value by default
    expect(ws.cards.click(card, 'Open', { as: 'bob@acme.test' })).toEqual({ openLink: 'https://example.org/r/1' });
    expect(() => ws.cards.click(card, 'Nope', { as: 'bob@acme.test' })).toThrow(/no button "Nope"/);
  });

  test('the event carries gmail.messageId/accessToken, parameters and both formInputs shapes', () => {
    const { ws, msg } = setup();
    const e = ws.cards.event({ as: 'bob@acme.test', messageId: msg.id, formInputs: { c: 'x' } }, { k: 'v' }) as any;
    expect(e.gmail).toEqual({ messageId: msg.id, threadId: msg.threadId, accessToken: expect.any(String) });
    expect(e.commonEventObject).toMatchObject({
      hostApp: 'GMAIL',
      parameters: { k: 'v' },
      formInputs: { c: { stringInputs: { value: ['x'] } } },
    });
    expect(e.formInput).toEqual({ c: 'x' });
    expect(e.formInputs).toEqual({ c: ['x'] });
  });

  test('without the access token the add-on cannot read the message', () => {
    const ws = createWorkspace({ owner: 'ada@acme.test' });
    loadScript(ws, 'function open(e) { return GmailApp.getMessageById(e.gmail.messageId).getSubject(); }');
    ws.globals.GmailApp.sendEmail('bob@acme.test', 'x', 'y');
    const msg = ws.mail.inbox('bob@acme.test')[0]!;
    expect(() => ws.cards.open('open', { as: 'bob@acme.test', messageId: msg.id })).toThrow(/Missing access token/);
  });

  test('builders validate: a card needs a section; parameters must be strings', () => {
    const { ws } = setup();
    const CS = ws.globals.CardService;
    expect(() => CS.newCardBuilder().build()).toThrow(/at least one section/);
    expect(() => CS.newAction().setParameters({ n: 1 } as never)).toThrow(/must be strings/);
  });
});
