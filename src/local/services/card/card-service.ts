import type { Kernel } from '../../kernel/kernel';
import { gasError } from '../../kernel/errors';
import { makeEnum } from '../script/enums';
import { builder, CardNode, isNode, str } from './nodes';

/** A built card (Card) or action response: a frozen snapshot of the builder with a JSON rendering. */
export class BuiltCard extends CardNode {
  constructor(kernel: Kernel, kind: string, props: Record<string, unknown>) {
    super(kernel, kind);
    Object.assign(this.props, props);
  }
}

const snapshot = (kind: string) => (n: CardNode) => new BuiltCard(n.kernel, kind, { ...n.props });

const paramsMap = (p: unknown) => {
  if (!p || typeof p !== 'object') throw gasError('Invalid argument: parameters');
  for (const v of Object.values(p as Record<string, unknown>))
    if (typeof v !== 'string') throw gasError('Invalid argument: parameters (values must be strings)');
  return { ...(p as Record<string, string>) };
};

const B = {
  CardBuilder: builder(
    'card',
    {
      setHeader: { prop: 'header', check: isNode('cardHeader') },
      addSection: { prop: 'sections', list: true, check: isNode('section') },
      setName: { prop: 'name', map: str },
      setFixedFooter: { prop: 'fixedFooter', check: isNode('fixedFooter') },
      setDisplayStyle: { prop: 'displayStyle', map: str },
      setPeekCardHeader: { prop: 'peekCardHeader' },
      addCardAction: { prop: 'cardActions', list: true },
    },
    (n) => {
      if (!Array.isArray(n.props.sections) || n.props.sections.length === 0) throw gasError('Card must have at least one section.');
      return snapshot('card')(n);
    },
  ),
  CardHeader: builder('cardHeader', {
    setTitle: { prop: 'title', map: str },
    setSubtitle: { prop: 'subtitle', map: str },
    setImageUrl: { prop: 'imageUrl', map: str },
    setImageStyle: { prop: 'imageType', map: str },
    setImageAltText: { prop: 'imageAltText', map: str },
  }),
  CardSection: builder('section', {
    setHeader: { prop: 'header', map: str },
    addWidget: { prop: 'widgets', list: true, check: isNode('widget') },
    setCollapsible: { prop: 'collapsible', map: Boolean },
    setNumUncollapsibleWidgets: { prop: 'uncollapsibleWidgetsCount', map: Number },
  }),
  TextParagraph: builder('textParagraph', { setText: { prop: 'text', map: str }, setMaxLines: { prop: 'maxLines', map: Number } }),
  DecoratedText: builder('decoratedText', {
    setText: { prop: 'text', map: str },
    setTopLabel: { prop: 'topLabel', map: str },
    setBottomLabel: { prop: 'bottomLabel', map: str },
    setWrapText: { prop: 'wrapText', map: Boolean },
    setStartIcon: { prop: 'startIcon' },
    setButton: { prop: 'button', check: isNode('button') },
    setOnClickAction: { prop: 'onClick', map: (a) => ({ action: a }) },
    setOpenLink: { prop: 'onClick', map: (l) => ({ openLink: l }) },
  }),
  KeyValue: builder('keyValue', {
    setContent: { prop: 'content', map: str },
    setTopLabel: { prop: 'topLabel', map: str },
    setBottomLabel: { prop: 'bottomLabel', map: str },
    setMultiline: { prop: 'contentMultiline', map: Boolean },
    setIcon: { prop: 'icon' },
    setButton: { prop: 'button', check: isNode('button') },
    setOnClickAction: { prop: 'onClick', map: (a) => ({ action: a }) },
  }),
  Divider: builder('divider', {}),
  TextInput: builder('textInput', {
    setFieldName: { prop: 'name', map: str },
    setTitle: { prop: 'label', map: str },
    setHint: { prop: 'hintText', map: str },
    setValue: { prop: 'value', map: str },
    setMultiline: { prop: 'multiline', map: Boolean },
    setOnChangeAction: { prop: 'onChangeAction' },
  }),
  SelectionInput: builder('selectionInput', {
    setFieldName: { prop: 'name', map: str },
    setTitle: { prop: 'label', map: str },
    setType: { prop: 'type', map: str },
    addItem: {
      prop: 'items',
      list: true,
      map: (text, value, selected) => ({ text: String(text), value: String(value), selected: !!selected }),
    },
    setOnChangeAction: { prop: 'onChangeAction' },
  }),
  TextButton: builder('textButton', {
    setText: { prop: 'text', map: str },
    setOnClickAction: { prop: 'onClick', map: (a) => ({ action: a }) },
    setOpenLink: { prop: 'onClick', map: (l) => ({ openLink: l }) },
    setTextButtonStyle: { prop: 'style', map: str },
    setBackgroundColor: { prop: 'backgroundColor', map: str },
    setDisabled: { prop: 'disabled', map: Boolean },
    setAltText: { prop: 'altText', map: str },
  }),
  ButtonSet: builder('buttonList', { addButton: { prop: 'buttons', list: true, check: isNode('button') } }),
  FixedFooter: builder('fixedFooter', {
    setPrimaryButton: { prop: 'primaryButton', check: isNode('button') },
    setSecondaryButton: { prop: 'secondaryButton', check: isNode('button') },
  }),
  Action: builder('action', {
    setFunctionName: { prop: 'function', map: str },
    setParameters: { prop: 'parameters', map: paramsMap },
    setLoadIndicator: { prop: 'loadIndicator', map: str },
    setPersistValues: { prop: 'persistValues', map: Boolean },
  }),
  OpenLink: builder('openLink', {
    setUrl: { prop: 'url', map: str },
    setOpenAs: { prop: 'openAs', map: str },
    setOnClose: { prop: 'onClose', map: str },
  }),
  Notification: builder('notification', { setText: { prop: 'text', map: str } }),
  Navigation: builder('navigation', {
    pushCard: { prop: 'steps', list: true, map: (c) => ({ pushCard: c }) },
    updateCard: { prop: 'steps', list: true, map: (c) => ({ updateCard: c }) },
    popCard: { prop: 'steps', list: true, map: () => ({ popCard: true }) },
    popToRoot: { prop: 'steps', list: true, map: () => ({ popToRoot: true }) },
    popToNamedCard: { prop: 'steps', list: true, map: (n) => ({ popToCard: String(n) }) },
  }),
  ActionResponseBuilder: builder(
    'actionResponse',
    {
      setNotification: { prop: 'notification', check: isNode('notification') },
      setNavigation: { prop: 'navigation', check: isNode('navigation') },
      setOpenLink: { prop: 'openLink', check: isNode('openLink') },
      setStateChanged: { prop: 'stateChanged', map: Boolean },
    },
    snapshot('actionResponse'),
  ),
  UniversalActionResponseBuilder: builder(
    'universalActionResponse',
    {
      displayAddOnCards: { prop: 'cards', map: (c) => (Array.isArray(c) ? c : [c]) },
      setOpenLink: { prop: 'openLink', check: isNode('openLink') },
    },
    snapshot('universalActionResponse'),
  ),
};

// Widgets are rendered as { <kind>: {...} } inside sections and button lists.
for (const ctor of [B.TextParagraph, B.DecoratedText, B.KeyValue, B.Divider, B.TextInput, B.SelectionInput, B.TextButton, B.ButtonSet]) {
  const proto = ctor.prototype as CardNode & { toJSON: () => Record<string, unknown> };
  const base = CardNode.prototype.toJSON;
  Object.defineProperty(proto, 'toJSON', {
    value: function (this: CardNode) {
      return { [this.kind]: base.call(this) };
    },
  });
}
// Buttons count as widgets for checks; TextButton is both 'widget' and 'button'.
const WIDGETS = new Set([
  'textParagraph',
  'decoratedText',
  'keyValue',
  'divider',
  'textInput',
  'selectionInput',
  'textButton',
  'buttonList',
]);
export function isWidget(n: unknown): boolean {
  return n instanceof CardNode && WIDGETS.has(n.kind);
}

type CS = GoogleAppsScript.Card_Service.CardService;

/** The CardService global. */
export function createCardService(kernel: Kernel): CS {
  const make = (name: keyof typeof B) => () => {
    kernel.call('CardService', `new${name}`);
    return new B[name](kernel);
  };
  return {
    newCardBuilder: make('CardBuilder'),
    newCardHeader: make('CardHeader'),
    newCardSection: make('CardSection'),
    newTextParagraph: make('TextParagraph'),
    newDecoratedText: make('DecoratedText'),
    newKeyValue: make('KeyValue'),
    newDivider: make('Divider'),
    newTextInput: make('TextInput'),
    newSelectionInput: make('SelectionInput'),
    newTextButton: make('TextButton'),
    newButtonSet: make('ButtonSet'),
    newFixedFooter: make('FixedFooter'),
    newAction: make('Action'),
    newOpenLink: make('OpenLink'),
    newNotification: make('Notification'),
    newNavigation: make('Navigation'),
    newActionResponseBuilder: make('ActionResponseBuilder'),
    newUniversalActionResponseBuilder: make('UniversalActionResponseBuilder'),
    TextButtonStyle: makeEnum(['TEXT', 'OUTLINED', 'FILLED', 'FILLED_TONAL', 'BORDERLESS']),
    SelectionInputType: makeEnum(['CHECK_BOX', 'RADIO_BUTTON', 'DROPDOWN', 'SWITCH', 'MULTI_SELECT']),
    OpenAs: makeEnum(['FULL_SIZE', 'OVERLAY']),
    OnClose: makeEnum(['NOTHING', 'RELOAD_ADD_ON', 'RELOAD']),
    LoadIndicator: makeEnum(['SPINNER', 'NONE']),
    ImageStyle: makeEnum(['SQUARE', 'CIRCLE']),
    DisplayStyle: makeEnum(['PEEK', 'REPLACE']),
    Icon: makeEnum([
      'NONE',
      'AIRPLANE',
      'BOOKMARK',
      'BUS',
      'CAR',
      'CLOCK',
      'CONFIRMATION_NUMBER_ICON',
      'DOLLAR',
      'DESCRIPTION',
      'EMAIL',
      'EVENT_PERFORMER',
      'EVENT_SEAT',
      'FLIGHT_ARRIVAL',
      'FLIGHT_DEPARTURE',
      'HOTEL',
      'HOTEL_ROOM_TYPE',
      'INVITE',
      'MAP_PIN',
      'MEMBERSHIP',
      'MULTIPLE_PEOPLE',
      'OFFER',
      'PERSON',
      'PHONE',
      'RESTAURANT_ICON',
      'SHOPPING_CART',
      'STAR',
      'STORE',
      'TICKET',
      'TRAIN',
      'VIDEO_CAMERA',
      'VIDEO_PLAY',
    ]),
  } as unknown as CS;
}
